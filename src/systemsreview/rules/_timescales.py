"""Statutory timescales as data: a :class:`Timescale` per review kind, per guidance edition.

Theory of operation: England's statutory guidance, *Working Together to Safeguard Children*,
sets how long a statutory review may take, and the rules changed from edition to edition
(serious case reviews had four months before the 2010 edition and six from it; since 2018 a
local child safeguarding practice review must be *published*, not only completed, within six
months of the decision to initiate it). :data:`EDITIONS` holds the editions as data. The
edition that times a review is chosen by the review's own dates:

    of the editions that govern the review's kind, the latest one in force on the day the
    review was **decided** on (the decision to initiate it), or on the day it was
    **notified** when the decision date is unknown.

So a serious case review decided on in 2019 is timed by the 2015 edition (the last one that
governs serious case reviews: local safeguarding children boards finished them under the
2018 transitional guidance), and a local practice review decided on before 29 June 2018 is
not timed at all (no edition governs it then).

>>> import datetime as dt
>>> from systemsreview.model import ReviewKind
>>> edition_for(ReviewKind.SERIOUS_CASE_REVIEW, dt.date(2009, 5, 1)).id
'wt2006'
>>> edition_for(ReviewKind.SERIOUS_CASE_REVIEW, dt.date(2019, 5, 1)).id
'wt2015'
>>> edition_for(ReviewKind.LOCAL_PRACTICE_REVIEW, dt.date(2020, 1, 1)).timescales[
...     ReviewKind.LOCAL_PRACTICE_REVIEW]
Timescale(start='decided', months=6, working_days=0, until='published')
>>> edition_for(ReviewKind.LOCAL_PRACTICE_REVIEW, dt.date(2015, 1, 1)) is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Container, Iterable, Mapping
from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import ReviewKind

__all__ = ["DEFAULT_TIMESCALES", "EDITIONS", "Edition", "Timescale", "edition_for"]

_STARTS = ("notified", "decided")
_ENDS = ("completed", "published")


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            owner = type(instance).__name__
            msg = (
                f"{owner}.{attribute.name}: got {value!r}; expected one of "
                f"{', '.join(map(repr, choices))}"
            )
            raise ModelError(msg)

    return check


def _non_negative(instance: Timescale, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        msg = f"Timescale.{attribute.name}: got {value!r}; expected a whole number >= 0"
        raise ModelError(msg)


@attrs.frozen
class Timescale:
    """How long a kind of review may take: months, or working days, from a milestone to another.

    Attributes:
        start: the milestone the clock starts at, ``"notified"`` or ``"decided"``.
        months: calendar months allowed (a day past the end of a shorter month is clamped
            to its last day).
        working_days: working days allowed: Monday to Friday, less the bank holidays
            given to :meth:`deadline` (:class:`~systemsreview.rules.Policy` gives those of
            its ``nation``).
        until: the milestone the clock stops at, ``"completed"`` (the default) or
            ``"published"`` (local child safeguarding practice reviews since 2018).
    """

    start: str = attrs.field(validator=_one_of(_STARTS))
    months: int = attrs.field(default=0, validator=_non_negative)
    working_days: int = attrs.field(default=0, validator=_non_negative)
    until: str = attrs.field(default="completed", validator=_one_of(_ENDS))

    def __attrs_post_init__(self) -> None:
        if (self.months > 0) == (self.working_days > 0):
            msg = (
                f"Timescale: got months={self.months}, working_days={self.working_days}; "
                "give exactly one of them, greater than zero"
            )
            raise ModelError(msg)

    @property
    def allowed(self) -> str:
        """The time allowed, in words: ``'6 months'``, ``'15 working days'``."""
        if self.months:
            return f"{self.months} month{'s' if self.months != 1 else ''}"
        return f"{self.working_days} working day{'s' if self.working_days != 1 else ''}"

    def deadline(self, start: dt.date, holidays: Container[dt.date] = frozenset()) -> dt.date:
        """The last day on which a review started on ``start`` is still in time.

        Args:
            start: the day the clock starts (the milestone named by ``start``).
            holidays: days that are not working days although they fall Monday to Friday
                (bank holidays); ignored for a timescale in months.

        Raises:
            OverflowError: when the deadline lies past the end of the calendar (year 9999).
        """
        if self.months:
            month0 = start.month - 1 + self.months
            year, month = start.year + month0 // 12, month0 % 12 + 1
            if year > dt.MAXYEAR:
                msg = f"the deadline of {start} plus {self.allowed} is past the year 9999"
                raise OverflowError(msg)
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, min(start.day, last))
        # The working days counted are those after the start day, whatever the start day is.
        day, rest = start, self.working_days
        while rest:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                rest -= 1
        return day


def _kinds(value: Mapping[Any, Timescale]) -> dict[ReviewKind, Timescale]:
    try:
        return {ReviewKind(kind): scale for kind, scale in dict(value).items()}
    except (TypeError, ValueError) as error:
        msg = f"Edition.timescales: got {value!r}; expected a mapping of review kinds to Timescale"
        raise ModelError(msg) from error


@attrs.frozen(kw_only=True)
class Edition:
    """An edition of statutory guidance, with the timescales it sets by review kind.

    Attributes:
        id: a short id, e.g. ``"wt2018"``.
        title: the guidance's title and year.
        in_force: the first day the edition governs reviews.
        source: where the timescales are written (document, chapter, paragraph where
            known), and how sure the date in force is.
        timescales: the kinds of review the edition governs, each with its timescale.
    """

    id: str
    title: str
    in_force: dt.date
    source: str
    timescales: Mapping[ReviewKind, Timescale] = attrs.field(converter=_kinds, hash=False)

    @property
    def kinds(self) -> frozenset[ReviewKind]:
        """The kinds of review this edition governs."""
        return frozenset(self.timescales)


_SCR, _LCSPR, _RAPID = (
    ReviewKind.SERIOUS_CASE_REVIEW,
    ReviewKind.LOCAL_PRACTICE_REVIEW,
    ReviewKind.RAPID_REVIEW,
)
_SIX_MONTHS_COMPLETED = Timescale("decided", months=6)
_SINCE_2018 = {
    _RAPID: Timescale("notified", working_days=15),
    _LCSPR: Timescale("decided", months=6, until="published"),
}

#: The editions of *Working Together to Safeguard Children* (HM Government, England), oldest
#: first. Paragraph numbers are given only where checked; otherwise the chapter.
EDITIONS: tuple[Edition, ...] = (
    Edition(
        id="wt2006",
        title="Working Together to Safeguard Children (2006)",
        in_force=dt.date(2006, 4, 1),
        source=(
            "HM Government, Working Together to Safeguard Children (2006), chapter 8 "
            "'Serious case reviews': the overview report within four months of the decision "
            "to review. In force taken as 1 April 2006, when local safeguarding children "
            "boards took on serious case reviews (LSCB Regulations 2006); paragraph not checked."
        ),
        timescales={_SCR: Timescale("decided", months=4)},
    ),
    Edition(
        id="wt2010",
        title="Working Together to Safeguard Children (2010)",
        in_force=dt.date(2010, 4, 1),
        source=(
            "HM Government, Working Together to Safeguard Children (March 2010, "
            "DCSF-00305-2010), chapter 8 'Learning lessons from serious case reviews': "
            "completed within six months of the decision to initiate. In force taken as "
            "1 April 2010 (published March 2010); paragraph not checked."
        ),
        timescales={_SCR: _SIX_MONTHS_COMPLETED},
    ),
    Edition(
        id="wt2013",
        title="Working Together to Safeguard Children (2013)",
        in_force=dt.date(2013, 4, 15),
        source=(
            "HM Government, Working Together to Safeguard Children (March 2013), chapter 4 "
            "'Learning and improvement framework': the LSCB should aim for completion of a "
            "serious case review within six months of initiating it. In force 15 April 2013."
        ),
        timescales={_SCR: _SIX_MONTHS_COMPLETED},
    ),
    Edition(
        id="wt2015",
        title="Working Together to Safeguard Children (2015)",
        in_force=dt.date(2015, 3, 26),
        source=(
            "HM Government, Working Together to Safeguard Children (March 2015), chapter 4 "
            "'Learning and improvement framework': as 2013, six months from initiating the "
            "serious case review to its completion. In force 26 March 2015; it kept "
            "governing serious case reviews begun under LSCBs through the 2018 transitional "
            "guidance."
        ),
        timescales={_SCR: _SIX_MONTHS_COMPLETED},
    ),
    Edition(
        id="wt2018",
        title="Working Together to Safeguard Children (2018)",
        in_force=dt.date(2018, 6, 29),
        source=(
            "HM Government, Working Together to Safeguard Children (July 2018), chapter 4 "
            "'Improving child protection and safeguarding practice': a rapid review within "
            "15 working days of becoming aware of the incident; a local child safeguarding "
            "practice review published within six months of the decision to initiate it. "
            "In force taken as 29 June 2018, when the Child Safeguarding Practice Review and "
            "Relevant Agency (England) Regulations 2018 began the new arrangements (the "
            "guidance was published on 4 July 2018); paragraphs not checked."
        ),
        timescales=_SINCE_2018,
    ),
    Edition(
        id="wt2023",
        title="Working Together to Safeguard Children (2023)",
        in_force=dt.date(2023, 12, 15),
        source=(
            "HM Government, Working Together to Safeguard Children (December 2023), chapter "
            "5 'Learning from serious child safeguarding incidents': the 2018 timescales "
            "kept (rapid review 15 working days; practice review published within six "
            "months of the decision). In force 15 December 2023; paragraphs not checked."
        ),
        timescales=_SINCE_2018,
    ),
)


def edition_for(
    kind: ReviewKind, on: dt.date, editions: Iterable[Edition] = EDITIONS
) -> Edition | None:
    """The edition that times a review of ``kind`` decided on (or notified on) ``on``.

    Of the ``editions`` that govern ``kind``, the latest in force on ``on``; ``None`` when
    none does.
    """
    chosen: Edition | None = None
    for edition in editions:
        governs = kind in edition.timescales and edition.in_force <= on
        if governs and (chosen is None or edition.in_force >= chosen.in_force):
            chosen = edition
    return chosen


def _latest() -> dict[ReviewKind, Timescale]:
    out: dict[ReviewKind, Timescale] = {}
    for edition in sorted(EDITIONS, key=lambda e: e.in_force):
        out.update(edition.timescales)
    return out


#: Each kind's timescale under the latest edition that governs it: six calendar months from
#: the decision to completion for serious case reviews (2015), six months from the decision
#: to publication for local child safeguarding practice reviews and fifteen working days
#: from the notification for rapid reviews (2023).
DEFAULT_TIMESCALES: Mapping[ReviewKind, Timescale] = _latest()
