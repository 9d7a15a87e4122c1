"""The checking :class:`Policy`: statutory timescales as data, a date for open reviews, overrides.

>>> import datetime as dt
>>> from systemsreview.model import ReviewKind
>>> policy = Policy()
>>> policy.timescales[ReviewKind.RAPID_REVIEW]
Timescale(start='notified', months=0, working_days=15)
>>> policy.timescales[ReviewKind.RAPID_REVIEW].deadline(dt.date(2024, 3, 1))  # a Friday
datetime.date(2024, 3, 22)
>>> policy.deadline(ReviewKind.RAPID_REVIEW, dt.date(2024, 3, 15))  # Good Friday, Easter Monday
datetime.date(2024, 4, 9)
>>> policy.timescales[ReviewKind.SERIOUS_CASE_REVIEW].deadline(dt.date(2011, 8, 31))
datetime.date(2012, 2, 29)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Container, Mapping
from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import ReviewKind
from systemsreview.model._checks import optional_date, to_optional_date
from systemsreview.rules._calendar import BankHolidays, check_nation
from systemsreview.rules._violation import Severity

__all__ = ["DEFAULT_TIMESCALES", "Policy", "Timescale"]

_STARTS = ("notified", "decided")


def _check_start(instance: Timescale, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _STARTS:
        msg = f"Timescale.start: got {value!r}; expected one of {', '.join(map(repr, _STARTS))}"
        raise ModelError(msg)


def _non_negative(instance: Timescale, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        msg = f"Timescale.{attribute.name}: got {value!r}; expected a whole number >= 0"
        raise ModelError(msg)


@attrs.frozen
class Timescale:
    """How long a kind of review may take: months, or working days, from a milestone.

    Attributes:
        start: the milestone the clock starts at, ``"notified"`` or ``"decided"``.
        months: calendar months allowed (a day past the end of a shorter month is clamped
            to its last day).
        working_days: working days allowed: Monday to Friday, less the bank holidays
            given to :meth:`deadline` (:class:`Policy` gives those of its ``nation``).
    """

    start: str = attrs.field(validator=_check_start)
    months: int = attrs.field(default=0, validator=_non_negative)
    working_days: int = attrs.field(default=0, validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        if (self.months > 0) == (self.working_days > 0):
            msg = (
                f"Timescale: got months={self.months}, working_days={self.working_days}; "
                "give exactly one of them, greater than zero"
            )
            raise ModelError(msg)

    def deadline(self, start: dt.date, holidays: Container[dt.date] = frozenset()) -> dt.date:
        """The last day on which a review started on ``start`` is still in time.

        Args:
            start: the day the clock starts (the milestone named by ``start``).
            holidays: days that are not working days although they fall Monday to Friday
                (bank holidays); ignored for a timescale in months.
        """
        if self.months:
            month0 = start.month - 1 + self.months
            year, month = start.year + month0 // 12, month0 % 12 + 1
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, min(start.day, last))
        # The working days counted are those after the start day, whatever the start day is.
        day, rest = start, self.working_days
        while rest:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                rest -= 1
        return day


#: The statutory timescales: six calendar months from the decision to review for serious
#: case reviews and local child safeguarding practice reviews; fifteen working days from
#: the notification of the incident for rapid reviews.
DEFAULT_TIMESCALES: Mapping[ReviewKind, Timescale] = {
    ReviewKind.SERIOUS_CASE_REVIEW: Timescale("decided", months=6),
    ReviewKind.LOCAL_PRACTICE_REVIEW: Timescale("decided", months=6),
    ReviewKind.RAPID_REVIEW: Timescale("notified", working_days=15),
}


def _severities(value: Mapping[str, Severity | str]) -> dict[str, Severity]:
    try:
        return {str(code): Severity(severity) for code, severity in dict(value).items()}
    except (TypeError, ValueError) as error:
        msg = (
            f"Policy.severity: got {value!r}; expected a mapping of rule codes to "
            "'error' or 'warning'"
        )
        raise ModelError(msg) from error


@attrs.frozen(kw_only=True)
class Policy:
    """What :func:`~systemsreview.rules.check` holds a review to.

    Attributes:
        timescales: per review kind, the :class:`Timescale` it must finish within (SR304);
            kinds absent from the mapping have none.
        as_of: the date an open review (no ``completed`` date) is judged at; ``None``
            skips open reviews. The learning-loop rules (SR601, SR602) judge at it too;
            without it, at the latest date the review's responses and actions record.
        response_days: the days a board has, from publication, to respond to each finding
            and recommendation (SR601); 90, as ICAO Annex 13 gives a State to reply to a
            safety recommendation.
        severity: overrides of rule severities by code, e.g. ``{"SR408": "error"}``.
        nation: whose bank holidays are not working days in timescales counted in
            working days (SR304): ``"england_and_wales"`` (the default), ``"scotland"`` or
            ``"northern_ireland"`` (see :data:`~systemsreview.rules.NATIONS`); ``None``
            counts Monday to Friday only.

    Raises:
        ModelError: for an unknown nation, a bad date or severity.
    """

    timescales: Mapping[ReviewKind, Timescale] = attrs.field(
        factory=lambda: dict(DEFAULT_TIMESCALES), converter=dict, hash=False
    )
    as_of: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=optional_date
    )
    severity: Mapping[str, Severity] = attrs.field(factory=dict, converter=_severities, hash=False)
    response_days: int = attrs.field(default=90)
    nation: str | None = attrs.field(default="england_and_wales")

    @nation.validator
    def _known_nation(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        check_nation("Policy.nation", value)

    @response_days.validator
    def _days(self, attribute: attrs.Attribute[int], value: int) -> None:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            msg = f"Policy.response_days: got {value!r}; expected a whole number of days >= 0"
            raise ModelError(msg)

    @property
    def holidays(self) -> Container[dt.date]:
        """The days Monday to Friday that are not working days: the nation's bank holidays."""
        return frozenset() if self.nation is None else BankHolidays(self.nation)

    def deadline(self, kind: ReviewKind, start: dt.date) -> dt.date | None:
        """The last day a review of ``kind`` started on ``start`` is in time (``None``: no limit).

        Raises:
            OverflowError: when the deadline lies past the end of the calendar (year 9999).
        """
        scale = self.timescales.get(kind)
        return None if scale is None else scale.deadline(start, self.holidays)
