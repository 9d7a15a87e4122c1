"""The changes that break the statutory process rules (SR306, SR307), one per rule.

Valid reviews may type events as any statutory process but a section 47 enquiry or an
initial child protection conference, so each change first takes the process off any
strategy discussion (which breaks nothing), then adds the events that break its rule.
"""

from __future__ import annotations

import datetime as dt
from random import Random

import attrs

from systemsreview.model import Event, Period, Review

__all__: list[str] = []

# More than 15 working days in any 30 calendar days: at least 20 weekdays, and never
# more than four bank holidays among them.
_LATE = dt.timedelta(days=30)


def _untyped(review: Review) -> Review:
    """``review`` with no strategy discussion typed (the events stay, untyped)."""
    events = tuple(
        attrs.evolve(e, process=None) if e.process == "strategy_discussion" else e
        for e in review.events
    )
    return attrs.evolve(review, events=events)


def enquiry_without_discussion(review: Review, rnd: Random) -> Review:
    review = _untyped(review)
    start, last = review.scope.start, review.scope.end
    when = start + dt.timedelta(days=rnd.randint(0, (last - start).days))
    enquiry = Event(
        id="x-s47", when=when, description="Section 47 enquiry", process="section_47_enquiry"
    )
    return attrs.evolve(review, events=(*review.events, enquiry))


def late_conference(review: Review, rnd: Random) -> Review:
    review = _untyped(review)
    start = review.scope.start
    held = start + _LATE + dt.timedelta(days=rnd.randint(0, 60))
    scope = review.scope
    if scope.end < held:  # widen the scope to the conference's day
        scope = Period(scope.start, held)
    discussion = Event(
        id="x-sd", when=start, description="Strategy discussion", process="strategy_discussion"
    )
    conference = Event(
        id="x-icpc",
        when=held,
        description="Initial child protection conference",
        process="initial_child_protection_conference",
    )
    return attrs.evolve(review, scope=scope, events=(*review.events, discussion, conference))
