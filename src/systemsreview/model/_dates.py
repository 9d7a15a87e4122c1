"""Dates as chronologies give them: to the day, the month or the year.

A chronology compiled from records and reports says "2006" or "January 2011" as often as it
gives a day. The model keeps every date a strict ``datetime.date`` and says how precise it
is beside it (``Event.when_precision``, ``Period.start_precision`` and ``end_precision``),
as the Extended Date/Time Format does (EDTF, ISO 8601-2:2019, level 0: ``2011-01`` is a
month, ``2006`` a year). A coarse date is stored as the first day it stands for, so that
the stored date sorts correctly and every tool reading the columns sees a real date; the
constructors refuse a month-precision date that is not the 1st (say "2011-01-01", not
"2011-01-17", for "January 2011"). A coarse date *stands for an interval*
(:func:`date_bounds`), and rules compare those intervals, never the stored day alone.

>>> DatePrecision.MONTH.label
'month'
>>> date_bounds(dt.date(2011, 1, 1), "month")
(datetime.date(2011, 1, 1), datetime.date(2011, 1, 31))
>>> edtf(dt.date(2006, 1, 1), "year"), in_words(dt.date(2011, 1, 1), "month")
('2006', 'January 2011')
>>> parse_edtf("2011-01")
(datetime.date(2011, 1, 1), <DatePrecision.MONTH: 'month'>)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._checks import Validator
from systemsreview.model._vocab import _Vocabulary

__all__ = [
    "DatePrecision",
    "date_bounds",
    "edtf",
    "in_words",
    "normalised",
    "parse_edtf",
    "precise",
    "to_precision",
]


class DatePrecision(_Vocabulary):
    """How precise a date of the chronology is: the day, the month or the year (EDTF level 0)."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


def to_precision(value: DatePrecision | str) -> DatePrecision:
    """Accept a member or its string value; leave anything else for the validator."""
    if isinstance(value, str) and not isinstance(value, DatePrecision):
        try:
            return DatePrecision(value)
        except ValueError:
            pass
    return value  # type: ignore[return-value]  # left for the validator to reject


def normalised(day: dt.date, precision: DatePrecision | str) -> dt.date:
    """The first day of the month or year ``day`` falls in, at ``precision``.

    >>> normalised(dt.date(2011, 1, 17), "month"), normalised(dt.date(2011, 1, 17), "year")
    (datetime.date(2011, 1, 1), datetime.date(2011, 1, 1))
    """
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def date_bounds(day: dt.date, precision: DatePrecision | str) -> tuple[dt.date, dt.date]:
    """The first and last days a date of ``precision`` stands for (both included).

    >>> date_bounds(dt.date(2008, 2, 1), "month")[1], date_bounds(dt.date(2006, 1, 1), "year")
    (datetime.date(2008, 2, 29), (datetime.date(2006, 1, 1), datetime.date(2006, 12, 31)))
    """
    first = normalised(day, precision)
    if precision == DatePrecision.YEAR:
        return first, first.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, first


def edtf(day: dt.date, precision: DatePrecision | str = DatePrecision.DAY) -> str:
    """The date as EDTF (ISO 8601-2) writes it: ``2011-01-04``, ``2011-01`` or ``2011``."""
    text = day.isoformat()
    if precision == DatePrecision.YEAR:
        return text[:4]
    if precision == DatePrecision.MONTH:
        return text[:7]
    return text


def in_words(day: dt.date, precision: DatePrecision | str = DatePrecision.DAY) -> str:
    """The date as a report writes it: ``4 January 2011``, ``January 2011`` or ``2011``."""
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    month = calendar.month_name[day.month]
    if precision == DatePrecision.MONTH:
        return f"{month} {day.year:04d}"
    return f"{day.day} {month} {day.year:04d}"


_EDTF = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_CIRCA = re.compile(r"(?i)(c\.|ca\.?|circa|about|approx(\.|imately)?)\s*[0-9]")


def parse_edtf(text: str) -> tuple[dt.date, DatePrecision]:
    """The date and precision of an EDTF level 0 date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    What a chronology may hold beyond that is refused with what to record instead: an
    approximate or uncertain date (EDTF level 1 ``~``, ``?``, ``%``, "circa"), unspecified
    digits (``201X``), an interval (``2011-01/2012``: a :class:`~systemsreview.Period`, see
    ``Period.from_edtf``). A qualified date stands for no definite interval, so no rule could
    read it as the days it covers; record the precision the sources stand behind instead
    (the year, for "about mid-2011") and say "about" in the text.

    Raises:
        ModelError: anything else (times, intervals and qualifiers are not dates here).

    >>> parse_edtf("2006")
    (datetime.date(2006, 1, 1), <DatePrecision.YEAR: 'year'>)
    >>> parse_edtf("2006-13")
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: '2006-13' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD
    >>> parse_edtf("2011-06~")
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: '2011-06~' is an approximate or uncertain date, ...
    """
    found = _EDTF.fullmatch(text) if isinstance(text, str) else None
    if found is not None:
        year, month, day = found.groups()
        precision = (
            DatePrecision.YEAR
            if month is None
            else DatePrecision.MONTH
            if day is None
            else DatePrecision.DAY
        )
        try:
            return dt.date(int(year), int(month or 1), int(day or 1)), precision
        except ValueError:
            pass
    raise ModelError(_not_a_date(text))


def _not_a_date(text: object) -> str:
    """What is wrong with ``text`` as an EDTF level 0 date, and what to write instead."""
    if isinstance(text, str):
        if "/" in text or ".." in text:
            return (
                f"{text!r} is an interval, not a date; give it as a Period "
                "(Period.from_edtf('2011-01/2012')) or write its ends as two dates"
            )
        bare = text.strip()
        if bare != text and bare:
            return f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD, without spaces"
        if any(mark in bare for mark in "~?%") or _CIRCA.match(bare):
            return (
                f"{text!r} is an approximate or uncertain date, which no rule can read as "
                "the days it covers; record the precision the sources stand behind (the year, "
                "say, for 'about mid-2011': '2011') and say 'about' in the text"
            )
        if re.fullmatch(r"[0-9X]{4}(-[0-9X]{2}){0,2}", bare) and "X" in bare:
            return (
                f"{text!r} has unspecified digits; record the coarser precision the known "
                "digits give ('2011' for '2011-XX'), or the decade's first year with a note"
            )
    return f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"


def precise(date_field: str) -> Validator:
    """A validator of a precision field whose date is field ``date_field``.

    A month-precision date must be the 1st of its month, a year-precision one 1 January.
    """
    member = c.member_of(DatePrecision)

    def validate(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        member(instance, attribute, value)
        day = getattr(instance, date_field)
        precision = DatePrecision(str(value))
        if not isinstance(day, dt.date) or normalised(day, precision) == day:
            return
        first = normalised(day, precision)
        msg = (
            f"{c.where(instance, attribute)}: {date_field} {day} is given to the "
            f"{precision.value}, so it must be the first day it stands for ({first}, for "
            f"{edtf(day, precision)!r}); use that date, or set the precision to 'day'"
        )
        raise ModelError(msg)

    return validate
