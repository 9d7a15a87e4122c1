"""The entities of a review (the nodes of its causal graph), its links, and periods.

Every class is frozen, slotted and keyword-only; each validates its own fields and nothing
beyond them. Relations between entities are :class:`Link` objects held by the review, never
fields: a practitioner's agency is a ``WORKS_FOR`` link, an episode's events ``PART_OF`` links.

>>> Period("2010-01-04", "2010-01-04").days
1
>>> Agency(id="police", name="Police", sector="police")
Agency(id='police', name='Police', sector=Sector.POLICE)
>>> Agency(id="", name="Police", sector="police")
Traceback (most recent call last):
...
systemsreview.errors.ModelError: Agency.id: got ''; expected a non-empty string
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._case import FamilyMember, Subject
from systemsreview.model._dates import (
    DatePrecision,
    date_bounds,
    edtf,
    parse_edtf,
    precise,
    to_precision,
)
from systemsreview.model._extensions import (
    EMPTY,
    QUIET,
    Extensions,
    pretty_with_extensions,
    repr_with_extensions,
    to_extensions,
    valid_extensions,
)
from systemsreview.model._loop import Action, Recommendation, Response
from systemsreview.model._patterns import (
    other_patterns,
    patterns_repr,
    sub_patterns,
    to_patterns,
)
from systemsreview.model._perspective import Perspective
from systemsreview.model._processes import find_process, unknown_process_message
from systemsreview.model._taxonomy import find_code, unknown_code_message
from systemsreview.model._vocab import (
    Appraisal,
    EntityKind,
    Level,
    LinkKind,
    Pattern,
    Sector,
    Sensitivity,
    SourceKind,
    Valence,
    member_repr,
)

__all__ = [
    "Agency",
    "ContributoryFactor",
    "Entity",
    "Episode",
    "Event",
    "Finding",
    "Link",
    "Period",
    "Practitioner",
    "Source",
]


def _ident() -> Any:
    return attrs.field(validator=c.non_empty)


def _text() -> Any:
    return attrs.field(default="", validator=c.text)


#: The shared settings of a date's precision field (its validator names the date field).
_PRECISION: dict[str, Any] = {
    "repr": member_repr,
    "metadata": {"quiet": True},  # shown in a repr only when not to the day
}


@attrs.frozen
class Period:
    """A span of whole days, both ends included; each end to the day, the month or the year.

    An end given to the month or the year (``start_precision``, ``end_precision``) is
    stored as the first day it stands for and stands for all its days: "January 2011 to
    2012" is ``Period("2011-01-01", "2012-01-01", start_precision="month",
    end_precision="year")``, and :attr:`first` and :attr:`last` are its widest bounds.

    >>> Period(dt.date(2010, 3, 1), dt.date(2010, 2, 1))
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: Period: ends 2010-02-01, before it starts 2010-03-01; ...
    >>> Period("2011-01-01", "2011-01-01", end_precision="month").last
    datetime.date(2011, 1, 31)
    """

    start: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)
    end: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)
    start_precision: DatePrecision = attrs.field(
        default=DatePrecision.DAY,
        converter=to_precision,
        validator=precise("start"),
        kw_only=True,
        **_PRECISION,
    )
    end_precision: DatePrecision = attrs.field(
        default=DatePrecision.DAY,
        converter=to_precision,
        validator=precise("end"),
        kw_only=True,
        **_PRECISION,
    )

    def __attrs_post_init__(self) -> None:
        if not (isinstance(self.start, dt.date) and isinstance(self.end, dt.date)):
            return  # the field validators name the problem
        if isinstance(self.end_precision, DatePrecision) and self.last < self.start:
            msg = (
                f"Period: ends {self.end}, before it starts {self.start}; "
                "swap the dates or fix the typo"
            )
            raise ModelError(msg)

    __repr__ = repr_with_extensions  # (no extensions: it names what is off its default)

    @classmethod
    def from_edtf(cls, text: str) -> Period:
        """The period an EDTF level 0 interval gives: ``2011-01/2012`` (each end a date).

        Raises:
            ModelError: not two dates joined by ``/`` (open ends, ``..``, qualifiers).

        >>> Period.from_edtf("2011-01/2012").edtf
        '2011-01/2012'
        >>> Period.from_edtf("2011/..")
        Traceback (most recent call last):
        ...
        systemsreview.errors.ModelError: '2011/..' is not an interval of two dates; ...
        """
        ends = text.split("/") if isinstance(text, str) else []
        try:
            if len(ends) != 2:
                raise ModelError(text)
            (start, start_precision), (end, end_precision) = (parse_edtf(e) for e in ends)
        except ModelError:
            msg = (
                f"{text!r} is not an interval of two dates; write START/END with each end "
                "YYYY, YYYY-MM or YYYY-MM-DD ('2011-01/2012'); an open or unknown end has no "
                "period here: record the event dates you have"
            )
            raise ModelError(msg) from None
        return cls(start, end, start_precision=start_precision, end_precision=end_precision)

    @property
    def edtf(self) -> str:
        """The period as an EDTF interval, each end at its precision: ``2011-01/2012``."""
        return f"{edtf(self.start, self.start_precision)}/{edtf(self.end, self.end_precision)}"

    @property
    def first(self) -> dt.date:
        """The earliest day the period can start (its start, as stored)."""
        return self.start

    @property
    def last(self) -> dt.date:
        """The latest day the period can end: the last day its end stands for."""
        return date_bounds(self.end, self.end_precision)[1]

    @property
    def exact(self) -> bool:
        """Whether both ends are given to the day."""
        return self.start_precision is self.end_precision is DatePrecision.DAY

    @property
    def days(self) -> int:
        """The number of days covered at most, both ends included."""
        return (self.last - self.first).days + 1

    def __contains__(self, other: object) -> bool:
        if isinstance(other, Period):
            return self.first <= other.first and other.last <= self.last
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return self.first <= other <= self.last
        return False

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods can share at least one day."""
        return self.first <= other.last and other.first <= self.last


@attrs.frozen(kw_only=True)
class Agency:
    """An organisation involved in the case."""

    entity_kind: ClassVar[EntityKind] = EntityKind.AGENCY
    id: str = _ident()
    name: str = attrs.field(validator=c.non_empty)
    sector: Sector = attrs.field(
        converter=c.to_sector, validator=c.member_of(Sector), repr=member_repr
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


@attrs.frozen(kw_only=True)
class Practitioner:
    """A professional *role* in the case (never a person's name).

    The agency a practitioner works for is a ``WORKS_FOR`` link.
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.PRACTITIONER
    id: str = _ident()
    role: str = attrs.field(validator=c.non_empty)
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


def _process(instance: Event, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    c.non_empty(instance, attribute, value)
    if find_process(str(value)) is None:
        raise ModelError(f"{c.where(instance, attribute)}: {unknown_process_message(str(value))}")


@attrs.frozen(kw_only=True)
class Event:
    """One entry of the shared multi-agency chronology.

    Attributes:
        when: the day, or the first day of the month or year ``when_precision`` says.
        when_precision: how precise ``when`` is (day, month or year).
        process: the code of the statutory process the entry is, if any
            (:func:`~systemsreview.model.processes`), such as ``"strategy_discussion"``.

    >>> Event(id="e", when="2011-01-01", when_precision="month", description="d").bounds
    (datetime.date(2011, 1, 1), datetime.date(2011, 1, 31))
    >>> Event(id="e", when="2011-01-17", when_precision="month", description="d")
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: Event.when_precision of 'e': when 2011-01-17 is given to ...
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.EVENT
    id: str = _ident()
    when: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)
    when_precision: DatePrecision = attrs.field(
        default=DatePrecision.DAY,
        converter=to_precision,
        validator=precise("when"),
        kw_only=True,
        **_PRECISION,
    )
    description: str = attrs.field(validator=c.non_empty)
    sensitivity: Sensitivity = attrs.field(
        default=Sensitivity.PUBLIC,
        converter=c.to_sensitivity,
        validator=c.member_of(Sensitivity),
        repr=member_repr,
    )
    process: str | None = attrs.field(default=None, validator=_process, metadata={"quiet": True})
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """The first and last days the date stands for (one day when given to the day)."""
        return date_bounds(self.when, self.when_precision)


def _to_perspectives(value: Iterable[Perspective]) -> tuple[Perspective, ...]:
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]  # left for the validator to reject


def _perspectives(instance: Episode, attribute: attrs.Attribute[Any], value: object) -> None:
    c.tuple_of(Perspective)(instance, attribute, value)
    agencies = [p.agency_id for p in value]  # type: ignore[attr-defined]  # checked above
    twice = sorted({a for a in agencies if agencies.count(a) > 1})
    if twice:
        msg = (
            f"{c.where(instance, attribute)}: agency {twice[0]!r} has more than one "
            "perspective; give each agency one view"
        )
        raise ModelError(msg)


@attrs.frozen(kw_only=True)
class Episode:
    """A key practice episode: what happened, why it made sense then, and how it looks now.

    Attributes:
        what_happened: the account of the practice.
        view_at_the_time: local rationality: why the actions made sense to those involved.
        appraisal: the judgement made with hindsight.
        hindsight: the reasoning behind the appraisal.
        perspectives: each agency's own view at the time (at most one per agency), and
            whether the review gives, could not establish or does not record it.
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.EPISODE
    id: str = _ident()
    title: str = attrs.field(validator=c.non_empty)
    period: Period = attrs.field(validator=c.instance(Period))
    appraisal: Appraisal = attrs.field(
        converter=c.to_appraisal, validator=c.member_of(Appraisal), repr=member_repr
    )
    what_happened: str = _text()
    view_at_the_time: str = _text()
    hindsight: str = _text()
    perspectives: tuple[Perspective, ...] = attrs.field(
        default=(), converter=_to_perspectives, validator=_perspectives
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


def _category(instance: ContributoryFactor, attribute: attrs.Attribute[Any], value: object) -> None:
    c.non_empty(instance, attribute, value)
    code = find_code(str(value))
    if code is None:
        raise ModelError(f"{c.where(instance, attribute)}: {unknown_code_message(str(value))}")
    if code.level is not instance.level:
        msg = (
            f"{c.where(instance, attribute)}: code {value!r} sits at level "
            f"{code.level.value!r} but the factor's level is {instance.level.value!r}; "
            "make them agree"
        )
        raise ModelError(msg)


@attrs.frozen(kw_only=True)
class ContributoryFactor:
    """A condition that shaped practice, at one level of the system.

    ``category`` is a code of a registered taxonomy (Learning Together by default) and must
    sit at the factor's ``level``.

    >>> ContributoryFactor(id="f", description="d", level="frontline", category="frontline.tem")
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: ContributoryFactor.category of 'f': 'frontline.tem' is not a
    code of a registered taxonomy; did you mean 'frontline.team', ...
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.FACTOR
    id: str = _ident()
    description: str = attrs.field(validator=c.non_empty)
    level: Level = attrs.field(converter=c.to_level, validator=c.member_of(Level), repr=member_repr)
    category: str = attrs.field(validator=_category)
    valence: Valence = attrs.field(
        default=Valence.HINDERING,
        converter=c.to_valence,
        validator=c.member_of(Valence),
        repr=member_repr,
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


@attrs.frozen(kw_only=True)
class Finding:
    """An underlying pattern that makes the multi-agency system less (or more) reliable.

    The five parts of a finding's write-up are ``in_this_case`` (how the issue featured),
    ``why_not_a_one_off`` (why it is underlying, not a quirk of this case), ``prevalence``
    (how widespread it is), ``why_it_matters`` (for the reliability of the system) and
    ``questions`` (the issues for the board to consider).

    A finding may rest on several patterns of the typology: ``pattern`` is its primary one,
    ``other_patterns`` the rest, and :attr:`patterns` all of them, primary first. Its
    ``sub_patterns`` (ids of :data:`~systemsreview.model.SUB_PATTERNS`, such as
    ``"rule_of_optimism"``) each refine one of its patterns.

    >>> f = Finding(id="f", statement="s", pattern="human_reasoning",
    ...             other_patterns=["family_professional"], sub_patterns=["disguised_compliance"])
    >>> [p.value for p in f.patterns]
    ['human_reasoning', 'family_professional']
    >>> Finding(id="f", statement="s", pattern="tools", sub_patterns=["rule_of_optimism"])
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: Finding.sub_patterns of 'f': sub-pattern 'rule_of_optimism'
    refines 'human_reasoning', which is not among the finding's patterns; ...
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.FINDING
    id: str = _ident()
    statement: str = attrs.field(validator=c.non_empty)
    pattern: Pattern = attrs.field(
        converter=c.to_pattern, validator=c.member_of(Pattern), repr=member_repr
    )
    other_patterns: tuple[Pattern, ...] = attrs.field(
        default=(), converter=to_patterns, validator=other_patterns, repr=patterns_repr
    )
    sub_patterns: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_strings, validator=sub_patterns
    )
    valence: Valence = attrs.field(
        default=Valence.HINDERING,
        converter=c.to_valence,
        validator=c.member_of(Valence),
        repr=member_repr,
    )
    in_this_case: str = _text()
    why_not_a_one_off: str = _text()
    prevalence: str = _text()
    why_it_matters: str = _text()
    questions: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_strings, validator=c.strings
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions

    @property
    def patterns(self) -> tuple[Pattern, ...]:
        """Every pattern the finding rests on: ``pattern`` first, then ``other_patterns``."""
        return (self.pattern, *self.other_patterns)


@attrs.frozen(kw_only=True)
class Source:
    """Where evidence came from: a record, a conversation, a document, an audit."""

    entity_kind: ClassVar[EntityKind] = EntityKind.SOURCE
    id: str = _ident()
    kind: SourceKind = attrs.field(
        converter=c.to_source_kind, validator=c.member_of(SourceKind), repr=member_repr
    )
    description: str = attrs.field(validator=c.non_empty)
    sensitivity: Sensitivity = attrs.field(
        default=Sensitivity.PUBLIC,
        converter=c.to_sensitivity,
        validator=c.member_of(Sensitivity),
        repr=member_repr,
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


@attrs.frozen
class Link:
    """A typed, directed relation between two entities of a review, by id.

    An evidence link (``evidenced_by``) can say where in its source the evidence sits
    (``locator``: "para 4.12", "p. 31", "chronology entry 57") and quote it (``quote``: a
    short quotation), so a claim can be traced to the statement it rests on.

    >>> Link("cp-police-visit", "police", "involved")
    Link(source='cp-police-visit', target='police', kind=LinkKind.INVOLVED, note='')
    """

    source: str = attrs.field(validator=c.non_empty)
    target: str = attrs.field(validator=c.non_empty)
    kind: LinkKind = attrs.field(
        converter=c.to_link_kind, validator=c.member_of(LinkKind), repr=member_repr
    )
    note: str = attrs.field(default="", kw_only=True, validator=c.text)
    locator: str = attrs.field(default="", kw_only=True, validator=c.text, metadata=QUIET)
    quote: str = attrs.field(default="", kw_only=True, validator=c.text, metadata=QUIET)
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


Entity = (
    Agency
    | Practitioner
    | Event
    | Episode
    | ContributoryFactor
    | Finding
    | Source
    | Recommendation
    | Response
    | Action
    | Subject
    | FamilyMember
)
"""Any entity of a review (subjects and family members are defined in :mod:`._case`)."""
