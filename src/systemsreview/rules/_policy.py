"""The checking :class:`Policy`: timescales by edition, a date for open reviews, overrides.

>>> import datetime as dt
>>> from systemsreview.model import ReviewKind
>>> policy = Policy()
>>> policy.timescale(ReviewKind.RAPID_REVIEW, dt.date(2024, 3, 1))
Timescale(start='notified', months=0, working_days=15, until='completed')
>>> policy.timescale(ReviewKind.RAPID_REVIEW, dt.date(2024, 3, 1)).deadline(dt.date(2024, 3, 1))
datetime.date(2024, 3, 22)
>>> policy.deadline(ReviewKind.RAPID_REVIEW, dt.date(2024, 3, 15))  # Good Friday, Easter Monday
datetime.date(2024, 4, 9)
>>> policy.deadline(ReviewKind.SERIOUS_CASE_REVIEW, dt.date(2011, 8, 31))  # 2010: six months
datetime.date(2012, 2, 29)
>>> policy.deadline(ReviewKind.SERIOUS_CASE_REVIEW, dt.date(2008, 8, 31))  # 2006: four months
datetime.date(2008, 12, 31)
>>> Policy(editions=()).deadline(ReviewKind.SERIOUS_CASE_REVIEW, dt.date(2011, 8, 31)) is None
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Mapping

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import ReviewKind
from systemsreview.model._checks import optional_date, to_optional_date
from systemsreview.rules._calendar import BankHolidays, check_nation
from systemsreview.rules._timescales import (
    DEFAULT_TIMESCALES,
    EDITIONS,
    Edition,
    Timescale,
    edition_for,
)
from systemsreview.rules._violation import Severity

__all__ = ["DEFAULT_TIMESCALES", "EDITIONS", "Edition", "Policy", "Timescale"]


def _severities(value: Mapping[str, Severity | str]) -> dict[str, Severity]:
    try:
        return {str(code): Severity(severity) for code, severity in dict(value).items()}
    except (TypeError, ValueError) as error:
        msg = (
            f"Policy.severity: got {value!r}; expected a mapping of rule codes to "
            "'error' or 'warning'"
        )
        raise ModelError(msg) from error


def _overrides(
    value: Mapping[ReviewKind | str, Timescale | None],
) -> dict[ReviewKind, Timescale | None]:
    try:
        out = {ReviewKind(kind): scale for kind, scale in dict(value).items()}
    except (TypeError, ValueError) as error:
        msg = (
            f"Policy.timescales: got {value!r}; expected a mapping of review kinds to a "
            "Timescale, or to None for no timescale"
        )
        raise ModelError(msg) from error
    for kind, scale in out.items():
        if scale is not None and not isinstance(scale, Timescale):
            msg = f"Policy.timescales[{kind.value!r}]: got {scale!r}; expected a Timescale or None"
            raise ModelError(msg)
    return out


def _editions(value: object) -> tuple[Edition, ...]:
    items = tuple(value) if isinstance(value, (list, tuple)) else None
    if items is None or not all(isinstance(item, Edition) for item in items):
        msg = f"Policy.editions: got {value!r}; expected a sequence of Edition"
        raise ModelError(msg)
    return items


@attrs.frozen(kw_only=True)
class Policy:
    """What :func:`~systemsreview.rules.check` holds a review to.

    Attributes:
        editions: the editions of statutory guidance that set timescales (SR304, SR305):
            :data:`~systemsreview.rules.EDITIONS` by default; a review is timed by the
            latest edition governing its kind in force on its decision date (its
            notification date when that is unknown); ``()`` times nothing.
        timescales: overrides by review kind, which win over the editions: a
            :class:`Timescale` for the kind whatever its dates, or ``None`` for no timescale.
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
        ModelError: for an unknown nation, a bad date, severity, timescale or edition.
    """

    editions: tuple[Edition, ...] = attrs.field(default=EDITIONS, converter=_editions)
    timescales: Mapping[ReviewKind, Timescale | None] = attrs.field(
        factory=dict, converter=_overrides, hash=False
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

    def timed(self, kind: ReviewKind) -> bool:
        """Whether reviews of ``kind`` have a timescale at some date (by override or edition)."""
        if kind in self.timescales:
            return self.timescales[kind] is not None
        return any(kind in edition.timescales for edition in self.editions)

    def edition(self, kind: ReviewKind, on: dt.date) -> Edition | None:
        """The edition that times a review of ``kind`` decided on ``on``.

        ``None`` when no edition governs the kind then, or the policy overrides the kind.
        """
        if kind in self.timescales:
            return None
        return edition_for(kind, on, self.editions)

    def timescale(self, kind: ReviewKind, on: dt.date) -> Timescale | None:
        """The timescale of a review of ``kind`` decided on ``on`` (``None``: no timescale)."""
        if kind in self.timescales:
            return self.timescales[kind]
        edition = edition_for(kind, on, self.editions)
        return None if edition is None else edition.timescales[kind]

    def deadline(
        self, kind: ReviewKind, start: dt.date, on: dt.date | None = None
    ) -> dt.date | None:
        """The last day a review of ``kind`` started on ``start`` is in time (``None``: no limit).

        Args:
            kind: the kind of review.
            start: the day its clock starts.
            on: the day that chooses the edition (the decision date); ``start`` when not given.

        Raises:
            OverflowError: when the deadline lies past the end of the calendar (year 9999).
        """
        scale = self.timescale(kind, start if on is None else on)
        return None if scale is None else scale.deadline(start, self.holidays)
