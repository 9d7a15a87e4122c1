"""How precise a synthetic review's chronology dates are: most to the day, some coarser.

Drawn from a random generator of its own (seeded from the review's seed), so the rest of
the review is the same as before date precision existed. Chronologies compiled from
records and reports give a date to the month ("January 2011") or the year ("2006") now
and then; here about :data:`MONTH_SHARE` of the events are given to the month and
:data:`YEAR_SHARE` to the year, stored as the first day they stand for, as the model asks.
The step runs before :mod:`._processes` adds the typed events, which keep their day (a
strategy discussion is minuted), so the lapses option leaves every other date as it is.

Valid by construction: a coarse date stands for an interval that holds the event's true
day, and the rules report a date only when *every* reading of it breaks them (SR301,
SR302, SR306, SR307), so coarsening never makes a violation. Events stay sorted by their
stored date (a month's entry comes first in its month), ids unchanged.
"""

from __future__ import annotations

import random

import attrs

from systemsreview.model import DatePrecision, Review

__all__ = ["MONTH_SHARE", "YEAR_SHARE", "with_precision"]

#: The share of chronology events given to the month.
MONTH_SHARE = 0.15
#: The share of chronology events given to the year.
YEAR_SHARE = 0.05


def with_precision(review: Review, seed: int) -> Review:
    """``review`` with some of its untyped events given to the month or the year."""
    rng = random.Random(f"dates-{seed}")
    events = []
    for event in review.events:
        draw = rng.random()
        if event.process is not None or draw >= MONTH_SHARE + YEAR_SHARE:
            events.append(event)
            continue
        precision = DatePrecision.YEAR if draw < YEAR_SHARE else DatePrecision.MONTH
        when = event.when.replace(day=1)  # the first day it stands for
        if precision is DatePrecision.YEAR:
            when = when.replace(month=1)
        events.append(attrs.evolve(event, when=when, when_precision=precision))
    events.sort(key=lambda e: e.when)
    return attrs.evolve(review, events=tuple(events))
