"""SR306-SR307, statutory processes: the child protection steps follow in order and in time.

A chronology event typed as a statutory process (``Event.process``) lets the review's own
record be checked against *Working Together to Safeguard Children*: section 47 enquiries
are initiated at a strategy discussion, and the initial child protection conference sits
within 15 working days of it. Dates given to the month or the year stand for all their
days, and a rule reports only what holds on every reading of them: an event that cannot be
timed is never reported.

Each child has its own process: where events say which subject of the review they concern
(``concerns`` links), an enquiry or a conference about one child is matched only with the
discussions about that child or about no child in particular (a discussion about the
household). Events that name no subject are matched with every discussion, as before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from systemsreview.model import Event, LinkKind, Review, edtf
from systemsreview.rules._calendar import working_days_between
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__ = ["CONFERENCE_WORKING_DAYS"]

#: Working days from the strategy discussion to the initial child protection conference
#: (Working Together to Safeguard Children 2018, chapter 1; 2023, chapter 4).
CONFERENCE_WORKING_DAYS = 15

_DISCUSSION = "strategy_discussion"
_ENQUIRY = "section_47_enquiry"
_CONFERENCE = "initial_child_protection_conference"
# More calendar days than this always hold more than 15 working days (at most 2 weekend
# days in 7, and never 8 bank holidays in two months).
_SURELY_LATE = 40


def _typed(review: Review, code: str) -> list[Event]:
    return [e for e in review.events if e.process == code or _under(e.process, code)]


def _under(process: str | None, code: str) -> bool:
    """Whether a registered sub-process (``strategy_discussion.meeting``) is one of ``code``."""
    return process is not None and process.startswith(code + ".")


def _children(review: Review) -> Mapping[str, frozenset[str]]:
    """The subjects of the review each event concerns (events naming none are absent)."""
    subjects = {s.id for s in review.subjects}
    named: dict[str, set[str]] = {}
    for link in review.links:
        if link.kind is LinkKind.CONCERNS and link.target in subjects:
            named.setdefault(link.source, set()).add(link.target)
    return {event: frozenset(ids) for event, ids in named.items()}


def _same_child(
    discussions: list[Event], event: Event, children: Mapping[str, frozenset[str]]
) -> list[Event]:
    """The discussions that may be about the child ``event`` concerns.

    A discussion naming no subject may be about any child; an event naming none may
    follow any discussion.
    """
    about = children.get(event.id)
    if about is None:
        return discussions
    return [d for d in discussions if d.id not in children or children[d.id] & about]


def _on(event: Event) -> str:
    return edtf(event.when, event.when_precision)


@rule(
    "SR306",
    "enquiry-without-strategy-discussion",
    Severity.WARNING,
    "every section 47 enquiry of the chronology follows a strategy discussion recorded on or "
    "before its day",
)
def enquiry_without_discussion(review: Review, policy: Policy) -> Iterator[Breach]:
    """Section 47 enquiries are initiated at a strategy discussion.

    *Working Together to Safeguard Children* (2018, chapter 1; 2023, chapter 4) has a
    strategy discussion held whenever there is reasonable cause to suspect significant
    harm, and the decision to start section 47 enquiries taken there, with police, health
    and children's social care. An enquiry with no strategy discussion before it is either
    a gap in the chronology (record the discussion) or the Panel's recurring finding that
    the statutory process was not followed. A discussion whose date could fall on or
    before the enquiry's (a month or a year can) counts; for an enquiry about one child
    (``concerns``), only a discussion about that child or about no child in particular.
    """
    discussions = _typed(review, _DISCUSSION)
    children = _children(review) if review.subjects else {}
    for enquiry in _typed(review, _ENQUIRY):
        held = _same_child(discussions, enquiry, children)
        earliest = min((d.bounds[0] for d in held), default=None)
        if earliest is None or earliest > enquiry.bounds[1]:
            yield (
                (enquiry.id,),
                f"section 47 enquiry {enquiry.id!r} on {_on(enquiry)} has no strategy "
                "discussion recorded on or before it; record the discussion (process "
                "'strategy_discussion') or say in the chronology why there was none",
            )


def _latest_before(discussions: list[Event], conference: Event) -> dt.date | None:
    """The latest day a discussion can be on while on or before the conference's last day."""
    last = conference.bounds[1]
    days = [min(d.bounds[1], last) for d in discussions if d.bounds[0] <= last]
    return max(days, default=None)


@rule(
    "SR307",
    "late-initial-conference",
    Severity.WARNING,
    "an initial child protection conference sits within 15 working days of the latest "
    "strategy discussion before it (`policy.nation`'s bank holidays are not working days)",
)
def late_conference(review: Review, policy: Policy) -> Iterator[Breach]:
    """The initial child protection conference follows the strategy discussion promptly.

    *Working Together to Safeguard Children* (2018, chapter 1; 2023, chapter 4): the
    initial child protection conference takes place within 15 working days of the
    strategy discussion, or of the last strategy discussion if more than one was held. The
    conference is timed from the latest discussion recorded on or before it, counting
    working days (Monday to Friday less the bank holidays of ``policy.nation``). With a
    date given to the month or the year the gap is taken at its shortest: a conference is
    reported only when it is late on every reading of the dates. A conference with no
    discussion before it is not timed. A conference about one child (``concerns``) is timed
    from the discussions about that child or about no child in particular.
    """
    discussions = _typed(review, _DISCUSSION)
    if not discussions:
        return
    children = _children(review) if review.subjects else {}
    for conference in _typed(review, _CONFERENCE):
        held = _latest_before(_same_child(discussions, conference, children), conference)
        if held is None:
            continue
        soonest = conference.bounds[0]
        if (soonest - held).days > _SURELY_LATE:
            took = f"{(soonest - held).days} days"
        else:
            days = working_days_between(held, soonest, policy.holidays)
            if days <= CONFERENCE_WORKING_DAYS:
                continue
            took = f"{days} working days"
        yield (
            (conference.id,),
            f"initial child protection conference {conference.id!r} on {_on(conference)} "
            f"was held at least {took} after the strategy discussion on or before "
            f"{held}, more than the {CONFERENCE_WORKING_DAYS} working days Working Together "
            "allows; the review should say why (or record a later discussion)",
        )
