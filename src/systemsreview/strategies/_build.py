"""The construction of one valid review, kind by kind (see :mod:`._valid` for the theory).

:class:`Build` holds the choices (:class:`._choices.Choices`), the counts and the links made
so far; each method adds one kind of entity together with the links that keep the review
sound. Ids are numbered per kind from 1 in the order the review holds the entities
(``ag1``, ``kpe1``, ``f1``, ...), so a shrunk example reads in order.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from systemsreview.model import (
    Agency,
    Appraisal,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    Level,
    Link,
    LinkKind,
    Pattern,
    Period,
    Practitioner,
    Reviewer,
    ReviewerRole,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Valence,
)
from systemsreview.strategies._choices import Choices, Mark, Wording, width
from systemsreview.strategies._entities import ROLES
from systemsreview.strategies._text import PLACES, SHORT_TEXTS

__all__ = ["Build"]

LEVEL_ORDER = {Level.NATIONAL: 0, Level.LOCAL_STRATEGIC: 1, Level.FRONTLINE: 2}
SYSTEMIC = (Level.LOCAL_STRATEGIC, Level.NATIONAL)
_ROLE_TEXTS = ROLES + SHORT_TEXTS
_LEAD_ROLES = (
    ReviewerRole.LEAD_REVIEWER,
    ReviewerRole.CHAIR,
    ReviewerRole.INDEPENDENT_REVIEWER,
    ReviewerRole.OVERVIEW_AUTHOR,
)
_TEAM_ROLES = (
    ReviewerRole.REVIEW_TEAM_MEMBER,
    ReviewerRole.PANEL_MEMBER,
    ReviewerRole.CHAIR,
    ReviewerRole.OTHER,
)
_ROLE_WORDINGS = ("", "independent safeguarding consultant", "designated nurse")
_FACETS = (None, True, False)
_LEAD_ORGANISATIONS = (
    "independent consultant", "Social Care Institute for Excellence", "university",
    "neighbouring local authority", "",
)  # fmt: skip
_TEAM_ORGANISATIONS = ("", "Children's social care", "Police", "NHS trust")
_SECTORS, _SOURCE_KINDS = tuple(Sector), tuple(SourceKind)
_SENSITIVITIES, _VALENCES = tuple(Sensitivity), tuple(Valence)
_PATTERNS, _LEVELS = tuple(Pattern), tuple(Level)
_APPRAISALS = tuple(Appraisal)
_NOT_PROBLEMATIC = (Appraisal.GOOD, Appraisal.MIXED)
_LONGEST_EPISODE = 400


class _Links:
    """Links in insertion order, each (source, target, kind) once."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, LinkKind], Link] = {}

    def add(self, source: str, target: str, kind: LinkKind, note: str = "") -> None:
        key = (source, target, kind)
        if key not in self.items:
            self.items[key] = Link(source, target, kind, note=note)


class _Drawn(NamedTuple):
    """An entity's fields drawn before the entities are put in order, and where its block is."""

    fields: tuple[Any, ...]
    words: Wording
    mark: Mark


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(1, count + 1)]


class Build:
    """One review under construction: the choices, the counts and the links so far."""

    def __init__(self, choices: Choices, n: dict[str, int], scope: Period) -> None:
        self.c, self.n, self.scope = choices, n, scope
        self.links = _Links()
        self._episode_marks: dict[str, Mark] = {}

    def agencies(self) -> list[Agency]:
        """Agencies of distinct sectors (while there are sectors enough), named for them."""
        c, left = self.c, list[Sector]()
        found = []
        for ident in _ids("ag", self.n["agencies"]):
            c.start(2)
            left = left or list(_SECTORS)
            sector = left.pop(c.below(len(left)))
            found.append(Agency(id=ident, name=f"{c.pick(PLACES)} {sector.label}", sector=sector))
        return found

    def practitioners(self, agency_ids: list[str]) -> list[Practitioner]:
        """Practitioners, each working for one agency."""
        c, found = self.c, []
        for ident in _ids("role", self.n["practitioners"]):
            c.start(1 + width(len(_ROLE_TEXTS)))
            found.append(Practitioner(id=ident, role=c.pick(_ROLE_TEXTS)))
            self.links.add(ident, c.pick(agency_ids), LinkKind.WORKS_FOR)
        return found

    def sources(self) -> list[Source]:
        """Evidence sources of any kind, public or restricted."""
        c, found = self.c, []
        for ident in _ids("s", self.n["sources"]):
            c.start(4)
            kind, sensitivity, words = c.pick(_SOURCE_KINDS), c.pick(_SENSITIVITIES), c.wording()
            found.append(
                Source(
                    id=ident,
                    kind=kind,
                    description=words.text(long=False),
                    sensitivity=sensitivity,
                )
            )
        return found

    def _episode(self, appraisals: tuple[Appraisal, ...]) -> _Drawn:
        """An episode's own fields; its block goes on to say how it links (see :meth:`episodes`)."""
        c, scope = self.c, self.scope
        c.start(2 * width(scope.days) + 10)
        start = c.day(scope.start, scope.end)
        last = min(scope.end, start + dt.timedelta(days=_LONGEST_EPISODE))
        period = Period(start, c.day(start, last))
        return _Drawn((period, c.pick(appraisals)), c.wording(), c.mark())

    def _factor(self, codes: dict[Level, list[str]], levels: tuple[Level, ...]) -> _Drawn:
        """A factor's own fields; its block goes on to say how it links (see :meth:`factors`)."""
        c = self.c
        c.start(10)
        level = c.pick(levels)
        return _Drawn((level, c.pick(codes[level]), c.pick(_VALENCES)), c.wording(), c.mark())

    def episodes(
        self, agency_ids: list[str], actors: list[str], sources: list[str]
    ) -> list[Episode]:
        """Episodes in start order; none problematic when no factor could explain it.

        Everything about one episode, its links included, comes from one block, drawn
        before the episodes are put in order: so the shrinker removes an episode whole.
        """
        c, add = self.c, self.links.add
        appraisals = _APPRAISALS if self.n["factors"] else _NOT_PROBLEMATIC
        drawn = [self._episode(appraisals) for _ in range(self.n["episodes"])]
        drawn.sort(key=lambda episode: episode.fields[0].start)
        ids = _ids("kpe", len(drawn))
        episodes = []
        for i, (ident, (fields, words, mark)) in enumerate(zip(ids, drawn, strict=True)):
            period, appraisal = fields
            episodes.append(
                Episode(
                    id=ident,
                    title=words.text(long=False),
                    period=period,
                    appraisal=appraisal,
                    what_happened=words.optional(),
                    view_at_the_time=words.text(),
                    hindsight=words.optional(),
                )
            )
            c.resume(mark)
            # Two agencies among the episodes' first involvements (SR408).
            first = [agency_ids[i % len(agency_ids)]] + (agency_ids[1:2] if len(ids) == 1 else [])
            for actor in first + c.some(agency_ids, 1) + c.some(actors, 3):
                add(ident, actor, LinkKind.INVOLVED)
            for source in c.some(sources, 2):
                add(ident, source, LinkKind.EVIDENCED_BY)
            for later in c.some(ids[i + 1 :], 1):
                add(ident, later, LinkKind.CONTRIBUTED_TO, words.optional(long=False))
        self._episode_marks = {e.id: d.mark for e, d in zip(episodes, drawn, strict=True)}
        return episodes

    def factors(
        self, codes: dict[Level, list[str]], episodes: list[Episode], sources: list[str]
    ) -> list[ContributoryFactor]:
        """Factors, the first systemic, ordered national, local strategic, frontline.

        Every frontline factor has a systemic cause, every factor a successor later in the
        order, and every problematic episode a factor (chosen by the episode's block).
        """
        c, add = self.c, self.links.add
        count = self.n["factors"]
        drawn = [self._factor(codes, SYSTEMIC if i == 0 else _LEVELS) for i in range(count)]
        drawn.sort(key=lambda factor: LEVEL_ORDER[factor.fields[0]])
        factors = [
            ContributoryFactor(
                id=ident,
                description=factor.words.text(),
                level=factor.fields[0],
                category=factor.fields[1],
                valence=factor.fields[2],
            )
            for ident, factor in zip(_ids("f", count), drawn, strict=True)
        ]
        ids = [factor.id for factor in factors]
        systemic = [f.id for f in factors if f.level is not Level.FRONTLINE]
        episode_ids = [episode.id for episode in episodes]
        for i, (factor, (_, words, mark)) in enumerate(zip(factors, drawn, strict=True)):
            c.resume(mark)
            if factor.level is Level.FRONTLINE:
                add(c.pick(systemic), factor.id, LinkKind.CONTRIBUTED_TO)
            for target in c.some(ids[i + 1 :] + episode_ids, 3, least=1):
                add(factor.id, target, LinkKind.CONTRIBUTED_TO, words.optional(long=False))
            for source in c.some(sources, 2):
                add(factor.id, source, LinkKind.EVIDENCED_BY)
        for episode in episodes:
            if episode.appraisal is Appraisal.PROBLEMATIC:
                c.resume(self._episode_marks[episode.id])
                add(c.pick(ids), episode.id, LinkKind.CONTRIBUTED_TO)
        return factors

    def findings(
        self, episodes: list[str], factors: list[str], sources: list[str]
    ) -> list[Finding]:
        """Findings resting on episodes, sometimes on factors and sources too."""
        c, found = self.c, []
        for ident in _ids("finding", self.n["findings"]):
            c.start(8)
            pattern, valence, words = c.pick(_PATTERNS), c.pick(_VALENCES), c.wording()
            found.append(
                Finding(
                    id=ident,
                    statement=words.text(),
                    pattern=pattern,
                    valence=valence,
                    in_this_case=words.text(),
                    why_not_a_one_off=words.optional(),
                    prevalence=words.optional(),
                    why_it_matters=words.text(),
                    questions=words.questions(),
                )
            )
            evidence = c.some(episodes, 3, least=1) + c.some(factors, 1) + c.some(sources, 1)
            for target in evidence:
                self.links.add(ident, target, LinkKind.EVIDENCED_BY)
        return found

    def events(self, episodes: list[Episode], actors: list[str], sources: list[str]) -> list[Event]:
        """The chronology in date order: events inside the scope or inside their episode."""
        c, add = self.c, self.links.add
        drawn = []
        for _ in range(self.n["events"]):
            c.start(9)
            index = c.below(len(episodes) + 1)  # 0: no episode
            episode = episodes[index - 1] if index else None
            within = self.scope if episode is None else episode.period
            drawn.append(
                (
                    c.day(within.start, within.end),
                    c.wording().text(),
                    c.pick(_SENSITIVITIES),
                    episode,
                    c.some(actors, 2, least=1),
                    c.some(sources, 1),
                )
            )
        drawn.sort(key=lambda fields: fields[0])
        events = []
        for ident, (when, text, sensitivity, episode, involved, evidence) in zip(
            _ids("ev", len(drawn)), drawn, strict=True
        ):
            events.append(Event(id=ident, when=when, description=text, sensitivity=sensitivity))
            if episode is not None:
                add(ident, episode.id, LinkKind.PART_OF)
            for actor in involved:
                add(ident, actor, LinkKind.INVOLVED)
            for source in evidence:
                add(ident, source, LinkKind.EVIDENCED_BY)
        return events

    def reviewers(self, agency_ids: list[str]) -> list[Reviewer]:
        """Independent leads from no case agency; team members may come from case agencies."""
        c = self.c
        c.start(20)
        leads = [
            Reviewer(
                role=c.pick(_LEAD_ROLES),
                organisation=c.pick(_LEAD_ORGANISATIONS),
                independent_of_case=True,
                independent_of_agencies=True,
                independent_of_board=c.pick(_FACETS),
                lead=True,
            )
            for _ in range(c.between(1, 2))
        ]
        team = []
        for _ in range(c.between(0, 3)):
            role = c.pick(_TEAM_ROLES)
            agency_id = c.pick([None, *agency_ids])
            team.append(
                Reviewer(
                    role=role,
                    role_text=c.pick(_ROLE_WORDINGS) if role is ReviewerRole.OTHER else "",
                    organisation=c.pick(_TEAM_ORGANISATIONS),
                    independent_of_case=c.pick(_FACETS),
                    independent_of_agencies=False if agency_id else c.pick(_FACETS),
                    independent_of_board=c.pick(_FACETS),
                    agency_id=agency_id,
                )
            )
        return leads + team
