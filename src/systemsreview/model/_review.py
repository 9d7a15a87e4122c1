"""The :class:`Review` aggregate and the :class:`Reviewer` records of its team.

A review holds its entities in tuples, in a stable order, plus the links between them.
Lookups by id go through an index built once, on first use, so they cost O(1).
Constructing a review checks each field's own shape only: dangling links, duplicate ids and
every other fact that spans the review are reported by :func:`systemsreview.rules.check`,
so that a broken review can still be built, checked and mended.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from collections.abc import Iterator
from typing import Any, TypeVar, overload

import attrs

from systemsreview.errors import NotFoundError
from systemsreview.model import _checks as c
from systemsreview.model._case import FamilyMember, Subject, valid_characteristics
from systemsreview.model._entities import (
    Agency,
    ContributoryFactor,
    Entity,
    Episode,
    Event,
    Finding,
    Link,
    Period,
    Practitioner,
    Source,
)
from systemsreview.model._extensions import (
    EMPTY,
    Extensions,
    pretty_with_extensions,
    repr_with_extensions,
    to_extensions,
    valid_extensions,
)
from systemsreview.model._loop import Action, Recommendation, Response
from systemsreview.model._vocab import EntityKind, IncidentKind, Method, ReviewKind, member_repr

__all__ = ["ENTITY_CLASSES", "Review", "Reviewer"]

#: Entity class per kind, in the order a review holds them.
ENTITY_CLASSES: dict[EntityKind, type[Any]] = {
    EntityKind.AGENCY: Agency,
    EntityKind.PRACTITIONER: Practitioner,
    EntityKind.EVENT: Event,
    EntityKind.EPISODE: Episode,
    EntityKind.FACTOR: ContributoryFactor,
    EntityKind.FINDING: Finding,
    EntityKind.SOURCE: Source,
    EntityKind.RECOMMENDATION: Recommendation,
    EntityKind.RESPONSE: Response,
    EntityKind.ACTION: Action,
    EntityKind.SUBJECT: Subject,
    EntityKind.FAMILY_MEMBER: FamilyMember,
}

T = TypeVar("T")
_MISSING: Any = object()


@attrs.frozen(kw_only=True)
class Reviewer:
    """A member of the review team, by role and organisation (never by name).

    Attributes:
        role: for example "lead reviewer", "review team member", "chair".
        organisation: who employs the reviewer.
        independent: whether the reviewer is independent of the case and its agencies.
        lead: whether the reviewer leads the review.
        agency_id: the id of the case agency the reviewer belongs to, if any.
    """

    role: str = attrs.field(validator=c.non_empty)
    organisation: str = attrs.field(default="", validator=c.text)
    independent: bool = attrs.field(default=False, validator=c.a_bool)
    lead: bool = attrs.field(default=False, validator=c.a_bool)
    agency_id: str | None = attrs.field(default=None, validator=c.optional_non_empty)


def _entities(cls: type) -> Any:
    return attrs.field(default=(), converter=tuple, validator=c.tuple_of(cls))


@attrs.frozen
class _Index:
    """Lookups built once per review: entity by id, links by end."""

    by_id: dict[str, Entity]
    outgoing: dict[str, tuple[Link, ...]]
    incoming: dict[str, tuple[Link, ...]]


@attrs.frozen(kw_only=True)
class Review:
    """One case review: what it is, who led it, and its entities and links.

    Attributes:
        scope: the period of the case under review.
        incident: the harm that prompted the review (death, serious harm, ...).
        characteristics: codes of case characteristics that describe the case as a whole.
        aware: the day the local authority became aware of the serious incident.
        notified, decided, completed, published: the review's milestones, where known.
        reviewers: the review team.
        links: the typed relations between the entities, by id.
        extensions: namespaced data of other tools (see :class:`Extensions`).
    """

    id: str = attrs.field(validator=c.non_empty)
    title: str = attrs.field(validator=c.non_empty)
    kind: ReviewKind = attrs.field(
        converter=c.to_review_kind, validator=c.member_of(ReviewKind), repr=member_repr
    )
    scope: Period = attrs.field(validator=c.instance(Period))
    method: Method = attrs.field(
        default=Method.LEARNING_TOGETHER,
        converter=c.to_method,
        validator=c.member_of(Method),
        repr=member_repr,
    )
    incident: IncidentKind = attrs.field(
        default=IncidentKind.OTHER,
        converter=c.to_incident,
        validator=c.member_of(IncidentKind),
        repr=member_repr,
    )
    characteristics: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_strings, validator=valid_characteristics
    )
    commissioner: str = attrs.field(default="", validator=c.text)
    aware: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    notified: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    decided: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    completed: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    published: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    reviewers: tuple[Reviewer, ...] = _entities(Reviewer)
    agencies: tuple[Agency, ...] = _entities(Agency)
    practitioners: tuple[Practitioner, ...] = _entities(Practitioner)
    events: tuple[Event, ...] = _entities(Event)
    episodes: tuple[Episode, ...] = _entities(Episode)
    factors: tuple[ContributoryFactor, ...] = _entities(ContributoryFactor)
    findings: tuple[Finding, ...] = _entities(Finding)
    sources: tuple[Source, ...] = _entities(Source)
    recommendations: tuple[Recommendation, ...] = _entities(Recommendation)
    responses: tuple[Response, ...] = _entities(Response)
    actions: tuple[Action, ...] = _entities(Action)
    subjects: tuple[Subject, ...] = _entities(Subject)
    family: tuple[FamilyMember, ...] = _entities(FamilyMember)
    links: tuple[Link, ...] = _entities(Link)
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions

    @functools.cached_property
    def _index(self) -> _Index:
        by_id: dict[str, Entity] = {}
        for entity in self.entities():
            by_id.setdefault(entity.id, entity)  # the first of duplicates wins; SR101 reports
        outgoing: dict[str, list[Link]] = {}
        incoming: dict[str, list[Link]] = {}
        for link in self.links:
            outgoing.setdefault(link.source, []).append(link)
            incoming.setdefault(link.target, []).append(link)
        # Tuples, so that links_from / links_to hand them out without copying.
        return _Index(
            by_id,
            {k: tuple(v) for k, v in outgoing.items()},
            {k: tuple(v) for k, v in incoming.items()},
        )

    def entities(self) -> Iterator[Entity]:
        """Every entity, kind by kind (in :class:`EntityKind` order), each in its order."""
        for kind in EntityKind:
            yield from self.of_kind(kind)

    def of_kind(self, kind: EntityKind | str) -> tuple[Entity, ...]:
        """The entities of one kind (``"episode"`` or ``EntityKind.EPISODE``)."""
        return getattr(self, EntityKind(kind).plural)  # type: ignore[no-any-return]

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and entity_id in self._index.by_id

    @property
    def entity_count(self) -> int:
        """The number of entities (links and reviewers not counted)."""
        return sum(len(self.of_kind(kind)) for kind in EntityKind)

    @overload
    def get(self, entity_id: str) -> Entity | None: ...
    @overload
    def get(self, entity_id: str, default: T) -> Entity | T: ...
    def get(self, entity_id: str, default: object = None) -> object:
        """The entity with this id, or ``default``."""
        return self._index.by_id.get(entity_id, default)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id, of any kind.

        Raises:
            NotFoundError: naming the id and the closest existing ids.
        """
        found = self._index.by_id.get(entity_id, _MISSING)
        if found is _MISSING:
            raise self._not_found(entity_id, None)
        return found  # type: ignore[no-any-return]

    def kind_of(self, entity_id: str) -> EntityKind | None:
        """The kind of the entity with this id, or ``None`` when the review has none."""
        found = self._index.by_id.get(entity_id)
        return None if found is None else found.entity_kind

    def links_from(self, entity_id: str) -> tuple[Link, ...]:
        """The links whose source is ``entity_id``, in review order."""
        return self._index.outgoing.get(entity_id, ())

    def links_to(self, entity_id: str) -> tuple[Link, ...]:
        """The links whose target is ``entity_id``, in review order."""
        return self._index.incoming.get(entity_id, ())

    def agency(self, entity_id: str) -> Agency:
        """The agency with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.AGENCY)  # type: ignore[no-any-return]

    def practitioner(self, entity_id: str) -> Practitioner:
        """The practitioner with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.PRACTITIONER)  # type: ignore[no-any-return]

    def event(self, entity_id: str) -> Event:
        """The chronology event with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.EVENT)  # type: ignore[no-any-return]

    def episode(self, entity_id: str) -> Episode:
        """The key practice episode with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.EPISODE)  # type: ignore[no-any-return]

    def factor(self, entity_id: str) -> ContributoryFactor:
        """The contributory factor with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.FACTOR)  # type: ignore[no-any-return]

    def finding(self, entity_id: str) -> Finding:
        """The finding with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.FINDING)  # type: ignore[no-any-return]

    def source(self, entity_id: str) -> Source:
        """The evidence source with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.SOURCE)  # type: ignore[no-any-return]

    def recommendation(self, entity_id: str) -> Recommendation:
        """The recommendation with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.RECOMMENDATION)  # type: ignore[no-any-return]

    def response(self, entity_id: str) -> Response:
        """The board response with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.RESPONSE)  # type: ignore[no-any-return]

    def action(self, entity_id: str) -> Action:
        """The action with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.ACTION)  # type: ignore[no-any-return]

    def subject(self, entity_id: str) -> Subject:
        """The subject with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.SUBJECT)  # type: ignore[no-any-return]

    def family_member(self, entity_id: str) -> FamilyMember:
        """The family member with this id (:class:`NotFoundError` if none)."""
        return self._typed(entity_id, EntityKind.FAMILY_MEMBER)  # type: ignore[no-any-return]

    @property
    def lead_reviewers(self) -> tuple[Reviewer, ...]:
        """The reviewers who lead the review."""
        return tuple(r for r in self.reviewers if r.lead)

    def _typed(self, entity_id: str, kind: EntityKind) -> Any:
        found = self._index.by_id.get(entity_id)
        if found is None or found.entity_kind is not kind:
            raise self._not_found(entity_id, kind)
        return found

    def _not_found(self, entity_id: str, kind: EntityKind | None) -> NotFoundError:
        pool = [e.id for e in (self.of_kind(kind) if kind else self.entities())]
        close = difflib.get_close_matches(entity_id, pool, n=3, cutoff=0.5)
        what = f"no {kind.value}" if kind else "no entity"
        hint = f"; closest: {', '.join(map(repr, close))}" if close else ""
        other = self._index.by_id.get(entity_id)
        if other is not None:
            hint = f"; {entity_id!r} is {other.entity_kind.singular}{hint}"
        return NotFoundError(
            f"review {self.id!r} has {what} with id {entity_id!r}{hint}",
            key=entity_id,
            candidates=close,
        )
