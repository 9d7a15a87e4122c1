"""The statutory processes a review's chronology records, and those it does not.

The Child Safeguarding Practice Review Panel keeps finding that "statutory processes were
not triggered": no strategy discussion where there was reasonable cause to suspect
significant harm, no section 47 enquiry, no child protection conference. With chronology
events typed (``Event.process``), a review can be asked which processes it records and
when, and a corpus which reviews record none of them.

>>> import attrs
>>> from systemsreview.model import Event
>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> processes_not_recorded(review)
('strategy_discussion', 'section_47_enquiry', 'initial_child_protection_conference')
>>> typed = attrs.evolve(review, events=(*review.events, Event(
...     id="ev-sd", when="2011-01-01", when_precision="month", description="Strategy discussion",
...     process="strategy_discussion")))
>>> [str(entry) for entry in statutory_processes(typed)]
['2011-01                event   ev-sd [] <strategy_discussion>']
>>> processes_not_recorded(typed)
('section_47_enquiry', 'initial_child_protection_conference')
"""

from __future__ import annotations

from collections.abc import Iterable

from systemsreview.errors import NotFoundError
from systemsreview.model import EntityKind, Review, find_process
from systemsreview.model._processes import unknown_process_message
from systemsreview.query._timeline import TimelineEntry, timeline

__all__ = ["CHILD_PROTECTION", "processes_not_recorded", "statutory_processes"]

#: The child protection processes the Panel asks about when a child was at risk of
#: significant harm (Working Together to Safeguard Children 2018, chapter 1; 2023, chapter 4).
CHILD_PROTECTION: tuple[str, ...] = (
    "strategy_discussion",
    "section_47_enquiry",
    "initial_child_protection_conference",
)


def _is(process: str | None, code: str) -> bool:
    """Whether ``process`` is ``code`` or a registered sub-process of it."""
    return process is not None and (process == code or process.startswith(code + "."))


def _registered(codes: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(codes)
    for code in chosen:
        if find_process(code) is None:
            raise NotFoundError(unknown_process_message(code), key=code)
    return chosen


def statutory_processes(review: Review, code: str | None = None) -> tuple[TimelineEntry, ...]:
    """The chronology's events typed as statutory processes, in time order.

    Args:
        review: the review.
        code: only this process (and its registered sub-processes); all when ``None``.

    Raises:
        NotFoundError: ``code`` is not a registered process.
    """
    if code is not None:
        _registered([code])
    return tuple(
        entry
        for entry in timeline(review)
        if entry.kind is EntityKind.EVENT
        and entry.process is not None
        and (code is None or _is(entry.process, code))
    )


def processes_not_recorded(
    review: Review, expected: Iterable[str] = CHILD_PROTECTION
) -> tuple[str, ...]:
    """The processes of ``expected`` that no event of the chronology records, in its order.

    A process recorded only as a registered sub-process (``strategy_discussion.meeting``)
    counts as recorded.

    Raises:
        NotFoundError: a code of ``expected`` is not a registered process.
    """
    codes = _registered(expected)
    recorded = [e.process for e in review.events if e.process is not None]
    return tuple(code for code in codes if not any(_is(p, code) for p in recorded))
