"""Working days: Monday to Friday, less the bank holidays of a UK nation.

Bank holidays come from the `holidays <https://holidays.readthedocs.io>`_ package (the
``GB`` calendar and its subdivisions), which keeps substitute days ("observed") and the
one-off holidays (jubilees, royal funerals and weddings) up to date. A nation's holidays
are looked up once per year and cached.

>>> import datetime as dt
>>> christmas = BankHolidays("england_and_wales")
>>> dt.date(2020, 12, 28) in christmas  # Boxing Day (observed): the 26th was a Saturday
True
>>> dt.date(2020, 11, 30) in christmas, dt.date(2020, 11, 30) in BankHolidays("scotland")
(False, True)
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Container, Mapping

import attrs

from systemsreview.errors import ModelError

__all__ = ["NATIONS", "BankHolidays", "check_nation", "working_days_between"]

#: The nations whose bank holidays :class:`BankHolidays` knows, with their subdivision code
#: in the ``holidays`` package's ``GB`` calendar. England and Wales share one calendar.
NATIONS: Mapping[str, str] = {
    "england_and_wales": "ENG",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}


def check_nation(owner: str, value: object, *, optional: bool = True) -> None:
    """Raise :class:`ModelError` unless ``value`` is one of :data:`NATIONS` (or ``None``)."""
    if (value is None and optional) or (isinstance(value, str) and value in NATIONS):
        return
    alternative = ", or None to count Monday to Friday without bank holidays" if optional else ""
    msg = f"{owner}: got {value!r}; expected one of {', '.join(map(repr, NATIONS))}{alternative}"
    raise ModelError(msg)


@functools.lru_cache(maxsize=1024)
def _bank_holidays(code: str, year: int) -> frozenset[dt.date]:
    import holidays  # noqa: PLC0415 - 80 ms to import; only timescale checks need it

    return frozenset(holidays.country_holidays("GB", subdiv=code, years=year))


@attrs.frozen
class BankHolidays(Container[dt.date]):
    """The bank holidays of one nation, as a container of dates (``day in holidays``).

    Attributes:
        nation: a key of :data:`NATIONS`.

    Raises:
        ModelError: for a nation that is not one of :data:`NATIONS`.
    """

    nation: str = attrs.field()

    @nation.validator
    def _known(self, attribute: attrs.Attribute[str], value: str) -> None:
        check_nation("BankHolidays.nation", value, optional=False)

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return day in _bank_holidays(NATIONS[self.nation], day.year)


def working_days_between(
    start: dt.date, end: dt.date, holidays: Container[dt.date] = frozenset()
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``).

    A working day is a Monday to Friday that is not in ``holidays``.

    >>> import datetime as dt
    >>> working_days_between(dt.date(2020, 12, 18), dt.date(2021, 1, 4))  # weekends only
    11
    >>> working_days_between(
    ...     dt.date(2020, 12, 18), dt.date(2021, 1, 4), BankHolidays("england_and_wales")
    ... )
    8
    """
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        count += day.weekday() < 5 and day not in holidays
    return count
