"""SR3xx, time: the chronology fits the review's scope and the review its timescale."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from systemsreview.model import Episode, Event, LinkKind, Review
from systemsreview.rules._calendar import working_days_between
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__: list[str] = []

_MILESTONES = ("notified", "decided", "completed", "published")


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
    "notified ≤ decided ≤ completed ≤ published, where set",
)
def milestone_order(review: Review, policy: Policy) -> Iterator[Breach]:
    """A review is notified, decided on, completed and published in that order.

    Milestones out of order are typing slips, and they make timescales meaningless.
    Milestones not yet set are skipped.
    """
    known = [(name, getattr(review, name)) for name in _MILESTONES]
    dated = [(name, day) for name, day in known if day is not None]
    for (earlier, first), (later, second) in itertools.pairwise(dated):
        if second < first:
            yield (
                (review.id,),
                f"review {review.id!r} was {later} on {second}, before it was {earlier} "
                f"on {first}; fix one of the dates",
            )


@rule(
    "SR304",
    "timescale",
    Severity.WARNING,
    "the review finished (or, still open at `policy.as_of`) within its kind's timescale: "
    "serious case review and local practice review 6 months from decision; rapid review "
    "15 working days from notification (bank holidays of `policy.nation` excluded)",
)
def timescale(review: Review, policy: Policy) -> Iterator[Breach]:
    """Statutory reviews have timescales so that learning arrives while it can still help.

    A late review is not wrong, but the board should know and say why. The timescales are
    the policy's data; an open review is judged at ``policy.as_of`` (and skipped without
    one), and a review whose starting milestone is unknown cannot be timed. Working days
    are Monday to Friday less the bank holidays of ``policy.nation``.
    """
    scale = policy.timescales.get(review.kind)
    if scale is None:
        return
    start: dt.date | None = getattr(review, scale.start)
    end = review.completed if review.completed is not None else policy.as_of
    if start is None or end is None:
        return
    try:
        deadline = scale.deadline(start, policy.holidays)
    except (OverflowError, ValueError):  # beyond the calendar: never late
        return
    if end <= deadline:
        return
    allowed = f"{scale.months} month(s)" if scale.months else f"{scale.working_days} working day(s)"
    took = (
        f"{working_days_between(start, end, policy.holidays)} working days"
        if scale.working_days
        else f"until {end}"
    )
    state = f"completed on {end}" if review.completed is not None else f"still open on {end}"
    yield (
        (review.id,),
        f"{review.kind.label} {review.id!r} was {state}, past its deadline {deadline} "
        f"({allowed} from being {scale.start} on {start}; it took {took}); record the "
        "reason for the delay",
    )
