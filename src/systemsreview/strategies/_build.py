"""The construction of one valid review, kind by kind (see :mod:`._valid` for the theory).

:class:`Build` holds the draws, a source of random choices and the links made so far; each
method adds one kind of entity together with the links that keep the review sound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from random import Random
from typing import TypeVar

from hypothesis import strategies as st

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
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Valence,
)
from systemsreview.strategies._entities import ROLES, reviewers
from systemsreview.strategies._text import SLUG_WORDS, names, questions, texts

__all__ = ["Build", "day"]

T = TypeVar("T")
LEVEL_ORDER = {Level.NATIONAL: 0, Level.LOCAL_STRATEGIC: 1, Level.FRONTLINE: 2}
SYSTEMIC = (Level.LOCAL_STRATEGIC, Level.NATIONAL)


class _Links:
    """Links in insertion order, each (source, target, kind) once."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, LinkKind], Link] = {}

    def add(self, source: str, target: str, kind: LinkKind, note: str = "") -> None:
        key = (source, target, kind)
        if key not in self.items:
            self.items[key] = Link(source, target, kind, note=note)


_TEXT, _SHORT = texts(), texts(long=False)
_OPTIONAL = _TEXT | st.just("")
_NOTE = st.just("") | _SHORT
_QUESTIONS = st.lists(questions(), min_size=1, max_size=4).map(tuple)
_ROLES = st.sampled_from(ROLES) | _SHORT
_NAMES = names
_LEAD = reviewers(lead=True, independent=True)


def _some(rnd: Random, pool: Sequence[T], most: int, *, least: int = 0) -> list[T]:
    """Between ``least`` and ``most`` distinct items of ``pool`` (fewer if it is short)."""
    high = min(most, len(pool))
    return rnd.sample(list(pool), rnd.randint(min(least, high), high)) if pool else []


def day(rnd: Random, low: dt.date, high: dt.date) -> dt.date:
    """A day from ``low`` to ``high``, both included."""
    return low + dt.timedelta(days=rnd.randint(0, (high - low).days))


def _period(rnd: Random, within: Period) -> Period:
    start = day(rnd, within.start, within.end)
    return Period(start, day(rnd, start, min(within.end, start + dt.timedelta(days=400))))


class Build:
    """One review under construction: the draws, the random choices and the links so far."""

    def __init__(self, draw: st.DrawFn, n: dict[str, int], scope: Period) -> None:
        self.draw, self.n, self.scope = draw, n, scope
        self.rnd: Random = draw(st.randoms(use_true_random=False))
        self.links = _Links()

    def ids(self, prefix: str, count: int) -> list[str]:
        return [f"{prefix}{i}-{self.rnd.choice(SLUG_WORDS)}" for i in range(count)]

    def agencies(self) -> list[Agency]:
        """Agencies of distinct sectors (while there are sectors enough)."""
        sectors = self.rnd.sample(list(Sector), len(Sector))
        return [
            Agency(id=ident, name=self.draw(_NAMES), sector=sectors[i % len(sectors)])
            for i, ident in enumerate(self.ids("ag", self.n["agencies"]))
        ]

    def practitioners(self, agency_ids: list[str]) -> list[Practitioner]:
        """Practitioners, each working for one agency."""
        found = [
            Practitioner(id=ident, role=self.draw(_ROLES))
            for ident in self.ids("role", self.n["practitioners"])
        ]
        for practitioner in found:
            self.links.add(practitioner.id, self.rnd.choice(agency_ids), LinkKind.WORKS_FOR)
        return found

    def sources(self) -> list[Source]:
        """Evidence sources of any kind, public or restricted."""
        rnd = self.rnd
        return [
            Source(
                id=ident,
                kind=rnd.choice(list(SourceKind)),
                description=self.draw(_SHORT),
                sensitivity=rnd.choice(list(Sensitivity)),
            )
            for ident in self.ids("s", self.n["sources"])
        ]

    def episodes(
        self, agency_ids: list[str], actors: list[str], sources: list[str]
    ) -> list[Episode]:
        """Episodes in start order; none problematic when no factor could explain it."""
        rnd, draw, add = self.rnd, self.draw, self.links.add
        appraisals = list(Appraisal) if self.n["factors"] else [Appraisal.GOOD, Appraisal.MIXED]
        episodes = sorted(
            (
                Episode(
                    id=ident,
                    title=draw(_SHORT),
                    period=_period(rnd, self.scope),
                    appraisal=rnd.choice(appraisals),
                    what_happened=draw(_OPTIONAL),
                    view_at_the_time=draw(_TEXT),
                    hindsight=draw(_OPTIONAL),
                )
                for ident in self.ids("kpe", self.n["episodes"])
            ),
            key=lambda episode: episode.period.start,
        )
        ids = [episode.id for episode in episodes]
        for i, ident in enumerate(ids):
            first = [agency_ids[i % len(agency_ids)]] + (agency_ids[1:2] if len(ids) == 1 else [])
            for actor in first + _some(rnd, agency_ids, 1) + _some(rnd, actors, 3):
                add(ident, actor, LinkKind.INVOLVED)
            for source in _some(rnd, sources, 2):
                add(ident, source, LinkKind.EVIDENCED_BY)
            for later in _some(rnd, ids[i + 1 :], 1):
                add(ident, later, LinkKind.CONTRIBUTED_TO, draw(_NOTE))
        return episodes

    def factors(
        self, codes: dict[Level, list[str]], episodes: list[Episode], sources: list[str]
    ) -> list[ContributoryFactor]:
        """Factors, the first systemic, ordered national, local strategic, frontline.

        Every frontline factor has a systemic cause, every factor a successor later in the
        order, and every problematic episode a factor.
        """
        rnd, draw, add = self.rnd, self.draw, self.links.add
        count = self.n["factors"]
        levels = [rnd.choice(SYSTEMIC)] * min(count, 1)
        levels += [rnd.choice(list(Level)) for _ in range(count - 1)]
        factors = sorted(
            (
                ContributoryFactor(
                    id=ident,
                    description=draw(_TEXT),
                    level=level,
                    category=rnd.choice(codes[level]),
                    valence=rnd.choice(list(Valence)),
                )
                for ident, level in zip(self.ids("f", len(levels)), levels, strict=True)
            ),
            key=lambda factor: LEVEL_ORDER[factor.level],
        )
        ids = [factor.id for factor in factors]
        systemic = [f.id for f in factors if f.level is not Level.FRONTLINE]
        episode_ids = [episode.id for episode in episodes]
        for i, factor in enumerate(factors):
            if factor.level is Level.FRONTLINE:
                add(rnd.choice(systemic), factor.id, LinkKind.CONTRIBUTED_TO)
            for target in _some(rnd, ids[i + 1 :] + episode_ids, 3, least=1):
                add(factor.id, target, LinkKind.CONTRIBUTED_TO, draw(_NOTE))
            for source in _some(rnd, sources, 2):
                add(factor.id, source, LinkKind.EVIDENCED_BY)
        for episode in episodes:
            if episode.appraisal is Appraisal.PROBLEMATIC:
                add(rnd.choice(ids), episode.id, LinkKind.CONTRIBUTED_TO)
        return factors

    def findings(
        self, episodes: list[str], factors: list[str], sources: list[str]
    ) -> list[Finding]:
        """Findings resting on episodes, sometimes on factors and sources too."""
        rnd, draw = self.rnd, self.draw
        findings = [
            Finding(
                id=ident,
                statement=draw(_TEXT),
                pattern=rnd.choice(list(Pattern)),
                valence=rnd.choice(list(Valence)),
                in_this_case=draw(_TEXT),
                why_not_a_one_off=draw(_OPTIONAL),
                prevalence=draw(_OPTIONAL),
                why_it_matters=draw(_TEXT),
                questions=draw(_QUESTIONS),
            )
            for ident in self.ids("finding", self.n["findings"])
        ]
        for finding in findings:
            evidence = _some(rnd, episodes, 3, least=1) + _some(rnd, factors, 1)
            for target in evidence + _some(rnd, sources, 1):
                self.links.add(finding.id, target, LinkKind.EVIDENCED_BY)
        return findings

    def events(self, episodes: list[Episode], actors: list[str], sources: list[str]) -> list[Event]:
        """The chronology in date order: events inside the scope or inside their episode."""
        rnd, add = self.rnd, self.links.add
        events = []
        for ident in self.ids("ev", self.n["events"]):
            episode = rnd.choice([None, *episodes])
            within = self.scope if episode is None else episode.period
            events.append(
                Event(
                    id=ident,
                    when=day(rnd, within.start, within.end),
                    description=self.draw(_TEXT),
                    sensitivity=rnd.choice(list(Sensitivity)),
                )
            )
            if episode is not None:
                add(ident, episode.id, LinkKind.PART_OF)
            for actor in _some(rnd, actors, 2, least=1):
                add(ident, actor, LinkKind.INVOLVED)
            for source in _some(rnd, sources, 1):
                add(ident, source, LinkKind.EVIDENCED_BY)
        return sorted(events, key=lambda event: event.when)

    def reviewers(self, agency_ids: list[str]) -> list[Reviewer]:
        """Independent leads from no case agency; team members may come from case agencies."""
        rnd = self.rnd
        leads = [self.draw(_LEAD) for _ in range(rnd.randint(1, 2))]
        team = [
            Reviewer(
                role=rnd.choice(("review team member", "panel member", "chair")),
                organisation=rnd.choice(("", "Children's social care", "Police", "NHS trust")),
                independent=rnd.random() < 0.5,
                agency_id=rnd.choice([None, *agency_ids]),
            )
            for _ in range(rnd.randint(0, 3))
        ]
        return leads + team
