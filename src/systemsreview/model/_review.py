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

from systemsreview.errors import ModelError, NotFoundError
from systemsreview.model import _checks as c
from systemsreview.model._case import FamilyMember, Subject, valid_characteristics
from systemsreview.model._context import (
    Proceeding,
    RelatedReview,
    ReviewerRole,
    methods_repr,
    non_blank_texts,
    reviewer_role,
    to_methods,
    valid_methods,
)
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
    QUIET,
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


def _independence(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        c.fail(instance, attribute, value, "True, False or None (not recorded)")


def _to_role(value: ReviewerRole | str) -> ReviewerRole:
    return c.coerce(ReviewerRole, value)


@attrs.frozen(kw_only=True, init=False)
class Reviewer:
    """A member of the review team, by role and organisation (never by name).

    Independence has three facets, as statutory guidance distinguishes them: of the case,
    of the agencies whose practice is reviewed, and of the safeguarding board or
    partnership. Each is ``True``, ``False`` or ``None`` (not recorded).

    Attributes:
        role: the role in the review team (:class:`ReviewerRole`).
        role_text: the role as the report words it, where the vocabulary is too coarse.
        organisation: who employs the reviewer.
        independent_of_case: whether the reviewer had no part in the case.
        independent_of_agencies: whether the reviewer is independent of the agencies whose
            practice is reviewed.
        independent_of_board: whether the reviewer is independent of the board or
            partnership that commissioned the review.
        lead: whether the reviewer leads the review.
        agency_id: the id of the case agency the reviewer belongs to, if any.

    For code written before format 5.0, ``role`` also takes free text (a vocabulary role's
    words, such as ``"lead reviewer"``, name it; other text gives ``ReviewerRole.OTHER``
    and is kept in ``role_text``), and ``independent=True`` (or ``False``) sets both
    ``independent_of_case`` and ``independent_of_agencies``, over any value given for them
    (so ``attrs.evolve(reviewer, independent=False)`` works as it did).

    >>> r = Reviewer(role="lead reviewer", independent=True, lead=True)
    >>> r.role.value, r.independent_of_case, r.independent_of_board, r.independent
    ('lead_reviewer', True, None, True)
    """

    role: ReviewerRole = attrs.field(
        converter=_to_role, validator=c.member_of(ReviewerRole), repr=member_repr
    )
    role_text: str = attrs.field(default="", validator=c.text)
    organisation: str = attrs.field(default="", validator=c.text)
    independent_of_case: bool | None = attrs.field(default=None, validator=_independence)
    independent_of_agencies: bool | None = attrs.field(default=None, validator=_independence)
    independent_of_board: bool | None = attrs.field(default=None, validator=_independence)
    lead: bool = attrs.field(default=False, validator=c.a_bool)
    agency_id: str | None = attrs.field(default=None, validator=c.optional_non_empty)

    def __init__(  # the fields, plus format 4.0's ``independent``
        self,
        *,
        role: ReviewerRole | str,
        role_text: str = "",
        organisation: str = "",
        independent_of_case: bool | None = None,
        independent_of_agencies: bool | None = None,
        independent_of_board: bool | None = None,
        lead: bool = False,
        agency_id: str | None = None,
        independent: bool | None = None,
    ) -> None:
        free_text = isinstance(role, str) and not isinstance(role, ReviewerRole)
        if free_text and role not in ReviewerRole._value2member_map_ and role.strip():
            role, words = reviewer_role(role)
            role_text = role_text or words
        if independent is not None:
            if not isinstance(independent, bool):
                msg = f"Reviewer.independent: got {independent!r}; expected True or False"
                raise ModelError(msg)
            independent_of_case = independent_of_agencies = independent
        self.__attrs_init__(  # made by attrs (init=False)
            role=role,
            role_text=role_text,
            organisation=organisation,
            independent_of_case=independent_of_case,
            independent_of_agencies=independent_of_agencies,
            independent_of_board=independent_of_board,
            lead=lead,
            agency_id=agency_id,
        )

    @property
    def independent(self) -> bool:
        """Independent of the case and of its agencies (both facets recorded ``True``).

        What format 4.0's single ``independent`` flag said; the board facet is apart.
        """
        return self.independent_of_case is True and self.independent_of_agencies is True

    @property
    def label(self) -> str:
        """The role in words: ``role_text`` when given, else the vocabulary role's label."""
        return self.role_text or self.role.label


def _entities(cls: type, *, quiet: bool = False) -> Any:
    metadata = QUIET if quiet else {}
    return attrs.field(default=(), converter=tuple, validator=c.tuple_of(cls), metadata=metadata)


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
        methods: the review methods followed, the main one first ("mixed" methods are
            common: Learning Together with agency reports, SILP with a panel).
        incident: the harm that prompted the review (death, serious harm, ...).
        characteristics: codes of case characteristics that describe the case as a whole.
        terms_of_reference: what the review was asked to examine, item by item.
        incident_on: the day of the incident that prompted the review, where known.
        aware: the day the local authority became aware of the serious incident.
        notified, decided, completed, published: the review's milestones, where known.
        delay_reason: why the review took longer than its timescale, as it records it.
        reviewers: the review team.
        parallel_proceedings: trials, inquests and other processes beside the review.
        related: other reviews this one follows up, deepens or runs beside.
        links: the typed relations between the entities, by id.
        extensions: namespaced data of other tools (see :class:`Extensions`).
    """

    id: str = attrs.field(validator=c.non_empty)
    title: str = attrs.field(validator=c.non_empty)
    kind: ReviewKind = attrs.field(
        converter=c.to_review_kind, validator=c.member_of(ReviewKind), repr=member_repr
    )
    scope: Period = attrs.field(validator=c.instance(Period))
    methods: tuple[Method, ...] = attrs.field(
        default=(Method.LEARNING_TOGETHER,),
        converter=to_methods,
        validator=valid_methods,
        repr=methods_repr,
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
    terms_of_reference: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_strings, validator=non_blank_texts, metadata=QUIET
    )
    incident_on: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date, metadata=QUIET
    )
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
    delay_reason: str = attrs.field(default="", validator=c.text, metadata=QUIET)
    reviewers: tuple[Reviewer, ...] = _entities(Reviewer)
    parallel_proceedings: tuple[Proceeding, ...] = _entities(Proceeding, quiet=True)
    related: tuple[RelatedReview, ...] = _entities(RelatedReview, quiet=True)
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
    def method(self) -> Method:
        """The main review method: the first of :attr:`methods`."""
        return self.methods[0]

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
