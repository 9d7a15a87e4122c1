"""A small builder that makes authoring a review read like the review itself.

The plain constructors are enough to build any review, but links then have to be written
out one by one. :class:`ReviewBuilder` adds each entity together with the links that belong
to it (who was involved, which episode an event is part of, what a factor contributed to),
and keeps insertion order, so the result is the same :class:`Review` one would build by hand.

>>> b = ReviewBuilder(id="r1", title="Example", kind="rapid_review",
...                   scope=Period("2020-01-01", "2020-06-30"))
>>> b.agency("police", "Police", "police")
'police'
>>> b.practitioner("officer", "police officer", agency="police")
'officer'
>>> review = b.build()
>>> review.links
(Link(source='officer', target='police', kind=LinkKind.WORKS_FOR, note=''),)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from systemsreview.errors import ModelError
from systemsreview.model._case import FamilyMember, Subject
from systemsreview.model._context import ReviewerRole
from systemsreview.model._dates import DatePrecision, parse_edtf
from systemsreview.model._entities import (
    Agency,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    Link,
    Period,
    Practitioner,
    Source,
)
from systemsreview.model._loop import Action, Recommendation, Response
from systemsreview.model._perspective import Perspective
from systemsreview.model._review import Review, Reviewer
from systemsreview.model._vocab import (
    ActionStatus,
    AgeBand,
    Appraisal,
    Decision,
    FamilyRole,
    Level,
    LinkKind,
    Pattern,
    Sector,
    Sensitivity,
    SourceKind,
    Valence,
)

__all__ = ["ReviewBuilder"]


def _ids(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _dated(value: dt.date | str) -> tuple[dt.date, DatePrecision]:
    """A date and its precision from a ``date`` or an EDTF string (``2011``, ``2011-01``)."""
    if isinstance(value, str):  # refused with what to write: "circa", "201X", intervals
        return parse_edtf(value)
    return value, DatePrecision.DAY  # the model checks it is a date


class ReviewBuilder:
    """Collects entities and their links, then builds a :class:`Review`.

    The keyword arguments given to the constructor are the review's own fields (``id``,
    ``title``, ``kind``, ``scope``, milestones…). Each ``add`` method returns the new
    entity's id, so it can be kept in a variable and linked to later.
    """

    def __init__(self, **review_fields: Any) -> None:
        if "method" in review_fields:  # one method, as before format 5.0
            if "methods" in review_fields:
                msg = "ReviewBuilder: give methods or method, not both"
                raise ModelError(msg)
            review_fields["methods"] = (review_fields.pop("method"),)
        self._fields = review_fields
        self._reviewers: list[Reviewer] = []
        self._agencies: list[Agency] = []
        self._practitioners: list[Practitioner] = []
        self._events: list[Event] = []
        self._episodes: list[Episode] = []
        self._factors: list[ContributoryFactor] = []
        self._findings: list[Finding] = []
        self._sources: list[Source] = []
        self._recommendations: list[Recommendation] = []
        self._responses: list[Response] = []
        self._actions: list[Action] = []
        self._subjects: list[Subject] = []
        self._family: list[FamilyMember] = []
        self._links: list[Link] = []

    def reviewer(
        self,
        role: ReviewerRole | str,
        organisation: str = "",
        *,
        independent: bool | None = None,
        lead: bool = False,
        agency: str | None = None,
        **facets: Any,
    ) -> None:
        """Add a member of the review team.

        ``independent`` sets independence of the case and of the agencies at once;
        ``facets`` are the other fields of :class:`Reviewer` (``role_text``,
        ``independent_of_board``, ...).
        """
        self._reviewers.append(
            Reviewer(
                role=role,
                organisation=organisation,
                independent=independent,
                lead=lead,
                agency_id=agency,
                **facets,
            )
        )

    def agency(self, id: str, name: str, sector: Sector | str) -> str:  # noqa: A002
        """Add an agency."""
        self._agencies.append(Agency(id=id, name=name, sector=sector))
        return id

    def practitioner(self, id: str, role: str, *, agency: str | None = None) -> str:  # noqa: A002
        """Add a practitioner by role, with the agency they work for."""
        self._practitioners.append(Practitioner(id=id, role=role))
        if agency is not None:
            self.link(id, agency, LinkKind.WORKS_FOR)
        return id

    def event(
        self,
        id: str,  # noqa: A002
        when: dt.date | str,
        description: str,
        *,
        involved: str | Iterable[str] = (),
        part_of: str | Iterable[str] = (),
        evidenced_by: str | Iterable[str] = (),
        sensitivity: Sensitivity | str = Sensitivity.PUBLIC,
        process: str | None = None,
    ) -> str:
        """Add a chronology entry, who acted in it and the episode(s) it belongs to.

        ``when`` may be an EDTF date as the sources give it: ``"2011-01-04"``, ``"2011-01"``
        (January 2011) or ``"2006"``; ``process`` a registered statutory process code.
        """
        day, precision = _dated(when)
        self._events.append(
            Event(
                id=id,
                when=day,
                when_precision=precision,
                description=description,
                sensitivity=sensitivity,
                process=process,
            )
        )
        self._link_all(id, involved, LinkKind.INVOLVED)
        self._link_all(id, part_of, LinkKind.PART_OF)
        self._link_all(id, evidenced_by, LinkKind.EVIDENCED_BY)
        return id

    def episode(
        self,
        id: str,  # noqa: A002
        title: str,
        period: Period | str | tuple[dt.date | str, dt.date | str],
        appraisal: Appraisal | str,
        *,
        what_happened: str = "",
        view_at_the_time: str = "",
        hindsight: str = "",
        involved: str | Iterable[str] = (),
        evidenced_by: str | Iterable[str] = (),
        contributed_to: str | Iterable[str] = (),
        perspectives: Iterable[Perspective] = (),
    ) -> str:
        """Add a key practice episode with who acted in it and what it rests on.

        A ``(start, end)`` pair may give EDTF dates: ``("2006", "2008-03")``, or the
        period may be an EDTF interval: ``"2006/2008-03"``.
        ``perspectives`` are each agency's view at the time (:class:`Perspective`).
        """
        if isinstance(period, str):
            period = Period.from_edtf(period)
        elif not isinstance(period, Period):
            (start, first), (end, last) = map(_dated, period)
            period = Period(start, end, start_precision=first, end_precision=last)
        self._episodes.append(
            Episode(
                id=id,
                title=title,
                period=period,
                appraisal=appraisal,
                what_happened=what_happened,
                view_at_the_time=view_at_the_time,
                hindsight=hindsight,
                perspectives=tuple(perspectives),
            )
        )
        self._link_all(id, involved, LinkKind.INVOLVED)
        self._link_all(id, evidenced_by, LinkKind.EVIDENCED_BY)
        self._link_all(id, contributed_to, LinkKind.CONTRIBUTED_TO)
        return id

    def factor(
        self,
        id: str,  # noqa: A002
        description: str,
        level: Level | str,
        category: str,
        *,
        valence: Valence | str = Valence.HINDERING,
        contributed_to: str | Iterable[str] = (),
        evidenced_by: str | Iterable[str] = (),
        sits_in: str | Iterable[str] = (),
    ) -> str:
        """Add a contributory factor, what it contributed to and the agency it sits in."""
        self._factors.append(
            ContributoryFactor(
                id=id, description=description, level=level, category=category, valence=valence
            )
        )
        self._link_all(id, contributed_to, LinkKind.CONTRIBUTED_TO)
        self._link_all(id, evidenced_by, LinkKind.EVIDENCED_BY)
        self._link_all(id, sits_in, LinkKind.SITS_IN)
        return id

    def finding(
        self,
        id: str,  # noqa: A002
        statement: str,
        pattern: Pattern | str,
        *,
        other_patterns: Iterable[Pattern | str] = (),
        sub_patterns: Iterable[str] = (),
        valence: Valence | str = Valence.HINDERING,
        in_this_case: str = "",
        why_not_a_one_off: str = "",
        prevalence: str = "",
        why_it_matters: str = "",
        questions: Iterable[str] = (),
        evidenced_by: str | Iterable[str] = (),
    ) -> str:
        """Add a finding with its write-up, its board questions and its evidence."""
        self._findings.append(
            Finding(
                id=id,
                statement=statement,
                pattern=pattern,
                other_patterns=tuple(other_patterns),
                sub_patterns=tuple(sub_patterns),
                valence=valence,
                in_this_case=in_this_case,
                why_not_a_one_off=why_not_a_one_off,
                prevalence=prevalence,
                why_it_matters=why_it_matters,
                questions=tuple(questions),
            )
        )
        self._link_all(id, evidenced_by, LinkKind.EVIDENCED_BY)
        return id

    def source(
        self,
        id: str,  # noqa: A002
        kind: SourceKind | str,
        description: str,
        *,
        sensitivity: Sensitivity | str = Sensitivity.PUBLIC,
    ) -> str:
        """Add an evidence source."""
        self._sources.append(
            Source(id=id, kind=kind, description=description, sensitivity=sensitivity)
        )
        return id

    def recommendation(
        self,
        id: str,  # noqa: A002
        statement: str,
        *,
        addressee: str = "",
        rests_on: str | Iterable[str] = (),
        addressed_to: str | Iterable[str] = (),
    ) -> str:
        """Add a recommendation, the findings it rests on and the agencies it is addressed to."""
        self._recommendations.append(
            Recommendation(id=id, statement=statement, addressee=addressee)
        )
        self._link_all(id, rests_on, LinkKind.RESTS_ON)
        self._link_all(id, addressed_to, LinkKind.ADDRESSED_TO)
        return id

    def response(
        self,
        id: str,  # noqa: A002
        decision: Decision | str,
        when: dt.date | str,
        *,
        text: str = "",
        answers: Iterable[str] = (),
        responds_to: str | Iterable[str] = (),
    ) -> str:
        """Add the board's response to findings or recommendations."""
        self._responses.append(
            Response(id=id, decision=decision, when=when, text=text, answers=tuple(answers))
        )
        self._link_all(id, responds_to, LinkKind.RESPONDS_TO)
        return id

    def action(
        self,
        id: str,  # noqa: A002
        what: str,
        *,
        status: ActionStatus | str = ActionStatus.PLANNED,
        agreed: dt.date | str | None = None,
        due: dt.date | str | None = None,
        completed: dt.date | str | None = None,
        evidence: str = "",
        addresses: str | Iterable[str] = (),
        owned_by: str | Iterable[str] = (),
    ) -> str:
        """Add an action, what it addresses and the agency that owns it."""
        self._actions.append(
            Action(
                id=id,
                what=what,
                status=status,
                agreed=agreed,
                due=due,
                completed=completed,
                evidence=evidence,
            )
        )
        self._link_all(id, addresses, LinkKind.ADDRESSES)
        self._link_all(id, owned_by, LinkKind.OWNED_BY)
        return id

    def subject(self, id: str, age_band: AgeBand | str, **fields: Any) -> str:  # noqa: A002
        """Add a subject of the review; ``fields`` are the other fields of :class:`Subject`."""
        self._subjects.append(Subject(id=id, age_band=age_band, **fields))
        return id

    def family_member(
        self,
        id: str,  # noqa: A002
        role: FamilyRole | str,
        *,
        characteristics: Iterable[str] = (),
        lives_with: str | Iterable[str] = (),
        cares_for: str | Iterable[str] = (),
    ) -> str:
        """Add a family member, linked to the subjects they live with and care for."""
        member = FamilyMember(id=id, role=role, characteristics=tuple(characteristics))
        self._family.append(member)
        self._link_all(id, lives_with, LinkKind.LIVES_WITH)
        self._link_all(id, cares_for, LinkKind.CARES_FOR)
        return id

    def link(
        self,
        source: str,
        target: str,
        kind: LinkKind | str,
        note: str = "",
        *,
        locator: str = "",
        quote: str = "",
    ) -> None:
        """Add one link (an evidence link may say where in its source, and quote it)."""
        self._links.append(Link(source, target, kind, note=note, locator=locator, quote=quote))

    def _link_all(self, source: str, targets: str | Iterable[str], kind: LinkKind) -> None:
        for target in _ids(targets):
            self.link(source, target, kind)

    def build(self) -> Review:
        """The review built so far (the builder can go on and build again)."""
        return Review(
            **self._fields,
            reviewers=tuple(self._reviewers),
            agencies=tuple(self._agencies),
            practitioners=tuple(self._practitioners),
            events=tuple(self._events),
            episodes=tuple(self._episodes),
            factors=tuple(self._factors),
            findings=tuple(self._findings),
            sources=tuple(self._sources),
            recommendations=tuple(self._recommendations),
            responses=tuple(self._responses),
            actions=tuple(self._actions),
            subjects=tuple(self._subjects),
            family=tuple(self._family),
            links=tuple(self._links),
        )
