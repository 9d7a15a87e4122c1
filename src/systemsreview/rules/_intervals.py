"""Dates as the intervals they stand for, so that rules never fire on a coarse date.

A chronology date given to the month or the year stands for every day of it
(:func:`~systemsreview.model.date_bounds`). A time rule reports only what holds for
*every* reading of the dates: an event dated "2011" lies outside a scope starting in June
2011 only if the whole of 2011 does. Coarsening a date therefore never creates a
violation (the property tests check it).

>>> import attrs
>>> from systemsreview.model import Event, Period
>>> scope = Period("2011-06-01", "2012-05-31")
>>> in_2011 = Event(id="e", when="2011-01-01", when_precision="year", description="d")
>>> january = attrs.evolve(in_2011, when_precision="month")
>>> could_lie_within(in_2011, scope), could_lie_within(january, scope)
(True, False)
"""

from __future__ import annotations

import datetime as dt

from systemsreview.model import DatePrecision, Event, Period, date_bounds, edtf

__all__ = ["could_lie_within", "shown", "shown_period"]


def _ends(item: Event | Period) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
    """The interval the start may fall in and the one the end may fall in."""
    if isinstance(item, Event):
        return item.bounds, item.bounds
    return date_bounds(item.start, item.start_precision), date_bounds(item.end, item.end_precision)


def could_lie_within(inner: Event | Period, outer: Period) -> bool:
    """Whether some reading of the dates puts ``inner`` inside ``outer`` (ends included).

    For an event, whether one of its days falls between the earliest start and the latest
    end of ``outer``; for a period, whether it can start no earlier and end no later than
    ``outer`` while still ending on or after it starts.
    """
    (p1, p2), (q1, q2) = _ends(inner)
    first, last = outer.first, outer.last
    return first <= p2 and q1 <= last and first <= q2 and p1 <= last


def shown(day: dt.date, precision: DatePrecision) -> str:
    """A date as messages give it: EDTF, so ``2011-01`` for January 2011."""
    return edtf(day, precision)


def shown_period(period: Period) -> str:
    """A period as messages give it: ``2011-01-04 to 2012``."""
    return (
        f"{edtf(period.start, period.start_precision)} to {edtf(period.end, period.end_precision)}"
    )
