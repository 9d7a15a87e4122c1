"""SR3xx, time: the chronology fits the review's scope and the review its timescale."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import attrs

from systemsreview.model import Episode, Event, LinkKind, Review
from systemsreview.rules._calendar import working_days_between
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._timescales import Timescale
from systemsreview.rules._violation import Severity

__all__: list[str] = []

_MILESTONES = ("incident_on", "aware", "notified", "decided", "completed", "published")
#: What each milestone says happened, for SR303's messages.
_HAPPENED = {
    "incident_on": "the incident happened",
    "aware": "the local authority became aware of it",
}


@rule(
    "SR301",
    "outside-scope",
    Severity.WARNING,
    "episodes and events fall inside the review's scope",
)
def outside_scope(review: Review, policy: Policy) -> Iterator[Breach]:
    """The scope is the period the review agreed to examine.

    An episode or event outside it is either out of scope (remove it or say why it
    matters) or a sign that the scope is drawn too narrowly, or of a mistyped date.
    """
    scope = review.scope
    for episode in review.episodes:
        if episode.period not in scope:
            yield (
                (episode.id,),
                f"episode {episode.id!r} runs {episode.period.start} to {episode.period.end}, "
                f"outside the scope {scope.start} to {scope.end}; fix its dates or widen the scope",
            )
    for event in review.events:
        if event.when not in scope:
            yield (
                (event.id,),
                f"event {event.id!r} on {event.when} falls outside the scope "
                f"{scope.start} to {scope.end}; fix its date or widen the scope",
            )


@rule(
    "SR302",
    "event-outside-episode",
    Severity.ERROR,
    "an event `PART_OF` an episode lies within its period",
)
def event_outside_episode(review: Review, policy: Policy) -> Iterator[Breach]:
    """An episode is a span of practice; the chronology entries that make it up lie inside it.

    An event dated outside the episode it belongs to means a wrong date, a wrong episode,
    or an episode period drawn too narrowly.
    """
    for link in review.links:
        if link.kind is not LinkKind.PART_OF:
            continue
        event, episode = review.get(link.source), review.get(link.target)
        if not (isinstance(event, Event) and isinstance(episode, Episode)):
            continue
        if event.when not in episode.period:
            yield (
                (event.id, episode.id),
                f"event {event.id!r} on {event.when} is part of episode {episode.id!r}, which "
                f"runs {episode.period.start} to {episode.period.end}; fix the date, the "
                "episode or its period",
            )


@rule(
    "SR303",
    "milestone-order",
    Severity.ERROR,
    "incident ≤ aware ≤ notified ≤ decided ≤ completed ≤ published, where set",
)
def milestone_order(review: Review, policy: Policy) -> Iterator[Breach]:
    """Incident, awareness, notification, decision, completion, publication: in that order.

    Milestones out of order are typing slips, and they make timescales meaningless.
    Milestones not yet set are skipped (``incident_on`` is the review's incident day).
    """
    known = [(name, getattr(review, name)) for name in _MILESTONES]
    dated = [(name, day) for name, day in known if day is not None]
    for (earlier, first), (later, second) in itertools.pairwise(dated):
        if second >= first:
            continue
        if earlier in _HAPPENED or later in _HAPPENED:
            then = _HAPPENED.get(later, f"the review was {later}")
            before = _HAPPENED.get(earlier, f"it was {earlier}")
            message = f"review {review.id!r}: {then} on {second}, before {before} on {first}"
        else:
            message = (
                f"review {review.id!r} was {later} on {second}, before it was {earlier} on {first}"
            )
        yield (review.id,), f"{message}; fix one of the dates"


@attrs.frozen
class _Clock:
    """What SR304 and SR305 find: a late review, or one that cannot be timed."""

    late: bool
    message: str


def _governing(review: Review, policy: Policy) -> tuple[Timescale, str, dt.date] | _Clock | None:
    """The review's timescale, where it comes from and its start; why not; or ``None``."""
    kind, what = review.kind, f"{review.kind.label} {review.id!r}"
    on = review.decided if review.decided is not None else review.notified
    if kind in policy.timescales:
        scale, origin = policy.timescales[kind], "under the policy"
    elif not policy.timed(kind):
        return None
    elif on is None:
        return _Clock(
            late=False,
            message=f"{what} cannot be timed: neither its decision nor its notification "
            "date is recorded, so no edition of the guidance can be chosen",
        )
    else:
        edition = policy.edition(kind, on)
        scale = None if edition is None else edition.timescales[kind]
        origin = "" if edition is None else f"under {edition.title}"
    if scale is None:
        return None
    start: dt.date | None = getattr(review, scale.start)
    if start is None:
        return _Clock(
            late=False,
            message=f"{what} cannot be timed: its clock starts when it was {scale.start}, "
            f"and that date is not recorded ({scale.allowed} {origin})",
        )
    return scale, origin, start


def _ending(
    review: Review, scale: Timescale, deadline: dt.date, as_of: dt.date | None
) -> tuple[dt.date, str] | str | None:
    """The day the clock stopped (or ``as_of``) and the review's state then; or why not."""
    completed, published = review.completed, review.published
    if scale.until == "published":
        return _publication(completed, published, deadline, as_of)
    if completed is not None:
        return completed, f"completed on {completed}"
    if published is not None:  # completed on or before publication, on a day unknown
        return None if published <= deadline else f"it was published on {published}"
    return None if as_of is None else (as_of, f"still open on {as_of}")


def _publication(
    completed: dt.date | None, published: dt.date | None, deadline: dt.date, as_of: dt.date | None
) -> tuple[dt.date, str] | None:
    if published is not None:
        return published, f"published on {published}"
    if completed is not None and completed > deadline:  # late whenever it is published
        return completed, f"completed on {completed} and not yet published"
    if as_of is None:
        return None
    done = "" if completed is None else f"completed on {completed} but "
    return as_of, f"{done}not yet published on {as_of}"


def _clock(review: Review, policy: Policy) -> _Clock | None:
    if review.completed is None and review.published is None and policy.as_of is None:
        return None
    found = _governing(review, policy)
    if not isinstance(found, tuple):
        return found
    scale, origin, start = found
    try:
        deadline = scale.deadline(start, policy.holidays)
    except (OverflowError, ValueError):  # beyond the calendar: never late
        return None
    what = f"{review.kind.label} {review.id!r}"
    rule = f"{scale.allowed} from being {scale.start} on {start} to being {scale.until}, {origin}"
    ending = _ending(review, scale, deadline, policy.as_of)
    if isinstance(ending, str):
        return _Clock(
            late=False,
            message=f"{what} cannot be timed: {ending}, after its deadline {deadline} ({rule}), "
            "and its completion date is not recorded",
        )
    if ending is None or ending[0] <= deadline:
        return None
    end, state = ending
    took = (
        f"{working_days_between(start, end, policy.holidays)} working days"
        if scale.working_days
        else f"{(end - start).days} days"
    )
    return _Clock(
        late=True,
        message=f"{what} was {state}, past its deadline {deadline} ({rule}; it took "
        f"{took}); {delay_advice(review)}",
    )


def delay_advice(review: Review) -> str:
    """The reason for a delay the review records, or where to record it."""
    if review.delay_reason.strip():
        return f"the review records the reason for the delay: {review.delay_reason.strip()!r}"
    return "the board should know why: record the reason for the delay in Review.delay_reason"


@rule(
    "SR304",
    "timescale",
    Severity.WARNING,
    "the review was completed, or published where its timescale runs to publication, "
    "within the timescale of the edition of the statutory guidance that governs it "
    "(`policy.editions`, chosen by the decision date); an open review is judged at "
    "`policy.as_of`",
)
def timescale(review: Review, policy: Policy) -> Iterator[Breach]:
    """Statutory reviews have timescales so that learning arrives while it can still help.

    A late review is not wrong, but the board should know and say why. The timescales are
    data: each edition of Working Together (2006, 2010, 2013, 2015, 2018, 2023) with the
    kinds it governs, its date in force and whether the clock stops at completion or at
    publication (see "Statutory timescales by edition" above). The review is timed by the
    latest edition governing its kind in force on its decision date (its notification
    date when that is unknown); ``policy.timescales`` overrides a kind. An open review is
    judged at ``policy.as_of`` (and skipped without one). Working days are Monday to
    Friday less the bank holidays of ``policy.nation``.
    """
    found = _clock(review, policy)
    if found is not None and found.late:
        yield (review.id,), found.message


@rule(
    "SR305",
    "untimed",
    Severity.WARNING,
    "a finished review (or, with `policy.as_of`, an open one) of a kind with a statutory "
    "timescale records the milestones its clock needs",
)
def untimed(review: Review, policy: Policy) -> Iterator[Breach]:
    """A statutory timescale can only be checked from the dates it runs between.

    A finished review whose decision date (or, for a rapid review, notification date) is
    not recorded, or one published after its deadline whose completion date is not
    recorded, may or may not have been late: SR304 cannot tell, and says so here rather
    than passing it in silence. Record the missing date, or ignore SR305 for reviews
    whose dates are lost. An open review is reported only when ``policy.as_of`` asks for
    open reviews to be judged.
    """
    found = _clock(review, policy)
    if found is not None and not found.late:
        yield (review.id,), found.message
