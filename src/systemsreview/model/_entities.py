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
from typing import Any, ClassVar

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._case import FamilyMember, Subject
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


@attrs.frozen
class Period:
    """A span of whole days, both ends included.

    >>> Period(dt.date(2010, 3, 1), dt.date(2010, 2, 1))
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: Period: ends 2010-02-01, before it starts 2010-03-01; ...
    """

    start: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)
    end: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            msg = (
                f"Period: ends {self.end}, before it starts {self.start}; "
                "swap the dates or fix the typo"
            )
            raise ModelError(msg)

    @property
    def days(self) -> int:
        """The number of days covered, both ends included."""
        return (self.end - self.start).days + 1

    def __contains__(self, other: object) -> bool:
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, dt.date) and not isinstance(other, dt.datetime):
            return self.start <= other <= self.end
        return False

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end


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


@attrs.frozen(kw_only=True)
class Event:
    """One entry of the shared multi-agency chronology."""

    entity_kind: ClassVar[EntityKind] = EntityKind.EVENT
    id: str = _ident()
    when: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)
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


@attrs.frozen(kw_only=True)
class Episode:
    """A key practice episode: what happened, why it made sense then, and how it looks now.

    Attributes:
        what_happened: the account of the practice.
        view_at_the_time: local rationality: why the actions made sense to those involved.
        appraisal: the judgement made with hindsight.
        hindsight: the reasoning behind the appraisal.
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
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.FINDING
    id: str = _ident()
    statement: str = attrs.field(validator=c.non_empty)
    pattern: Pattern = attrs.field(
        converter=c.to_pattern, validator=c.member_of(Pattern), repr=member_repr
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
