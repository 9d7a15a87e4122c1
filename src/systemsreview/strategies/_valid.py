"""``reviews()``: valid reviews built by construction, with no filtering.

Theory of operation: every fact a rule checks is made true as the review is built, never
tested afterwards. Ids are numbered per kind, so they are unique (SR101) and every link
names an entity (SR102) and follows the schema (SR103, SR104); links go through a set
(SR105). Causal links only run forward along one order, factors (national, then local
strategic, then frontline) before episodes (by start date), so the causal graph is acyclic
(SR201) and no episode shapes one that ended before it began (SR202). Periods and dates are
drawn inside the scope and events inside their episode (SR301, SR302); milestones are drawn
in order and within the policy's timescale (SR303, SR304). Every problematic episode gets a
factor (SR404), every factor a successor (SR405), every frontline factor a local strategic
or national cause, which keeps findings from resting on frontline factors alone (SR406).
Some good practice is always recorded (SR407), the first episodes involve two agencies
(SR408), and lead reviewers are independent and belong to no case agency (SR501, SR502).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from random import Random
from typing import TypeVar

import attrs
from hypothesis import strategies as st

from systemsreview.errors import ModelError
from systemsreview.model import (
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    Agency,
    Appraisal,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Period,
    Practitioner,
    Review,
    Reviewer,
    ReviewKind,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Valence,
)
from systemsreview.rules import DEFAULT_TIMESCALES
from systemsreview.strategies._entities import ROLES, reviewers
from systemsreview.strategies._text import SLUG_WORDS, names, questions, texts

__all__ = ["DEFAULT_SIZES", "Size", "reviews"]

Size = int | tuple[int, int]
T = TypeVar("T")

#: The default number of each kind of entity in :func:`reviews`, as (min, max).
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    "agencies": (2, 6),
    "practitioners": (0, 8),
    "sources": (0, 6),
    "episodes": (2, 8),
    "events": (0, 14),
    "factors": (1, 10),
    "findings": (1, 4),
}
_MINIMUM = {"agencies": 2, "episodes": 1}
_LEVEL_ORDER = {Level.NATIONAL: 0, Level.LOCAL_STRATEGIC: 1, Level.FRONTLINE: 2}
_SYSTEMIC = (Level.LOCAL_STRATEGIC, Level.NATIONAL)


def _bounds(name: str, value: Size) -> tuple[int, int]:
    least = _MINIMUM.get(name, 0)
    pair = (value, value) if isinstance(value, int) else value
    if isinstance(pair, tuple) and len(pair) == 2:
        low, high = pair
    else:
        low = high = None
    if not (isinstance(low, int) and isinstance(high, int) and least <= low <= high):
        msg = (
            f"reviews({name}={value!r}): expected a count or a (min, max) pair with "
            f"{least} <= min <= max; a valid review needs at least {least} {name}"
        )
        raise ModelError(msg)
    return low, high


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
_MILESTONE_SPAN = 90


def _some(rnd: Random, pool: Sequence[T], most: int, *, least: int = 0) -> list[T]:
    """Between ``least`` and ``most`` distinct items of ``pool`` (fewer if it is short)."""
    high = min(most, len(pool))
    return rnd.sample(list(pool), rnd.randint(min(least, high), high)) if pool else []


def _day(rnd: Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rnd.randint(0, (high - low).days))


def _period(rnd: Random, within: Period) -> Period:
    start = _day(rnd, within.start, within.end)
    return Period(start, _day(rnd, start, min(within.end, start + dt.timedelta(days=400))))


def _milestones(rnd: Random, kind: ReviewKind, scope: Period) -> dict[str, dt.date | None]:
    """Milestones in order, within the default timescale of ``kind`` (if it has one)."""
    notified = _day(rnd, scope.end, scope.end + dt.timedelta(days=_MILESTONE_SPAN))
    scale = DEFAULT_TIMESCALES.get(kind)
    if scale is None:
        decided = rnd.choice([None, _day(rnd, notified, notified + dt.timedelta(days=60))])
        low = decided or notified
        deadline = low + dt.timedelta(days=700)
    elif scale.start == "decided":
        decided = _day(rnd, notified, notified + dt.timedelta(days=60))
        low, deadline = decided, scale.deadline(decided)
    else:
        deadline = scale.deadline(notified)
        decided = _day(rnd, notified, deadline)
        low = decided
    completed = rnd.choice([None, _day(rnd, low, deadline)])
    published = None
    if completed is not None:
        published = rnd.choice([None, _day(rnd, completed, completed + dt.timedelta(days=120))])
    return {
        "notified": notified,
        "decided": decided,
        "completed": completed,
        "published": published,
    }


class _Build:
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
        levels = [rnd.choice(_SYSTEMIC)] * min(count, 1)
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
            key=lambda factor: _LEVEL_ORDER[factor.level],
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
                    when=_day(rnd, within.start, within.end),
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


def _with_good_practice(
    episodes: list[Episode], factors: list[ContributoryFactor], findings: list[Finding]
) -> list[Episode]:
    """The episodes, the first appraised good when nothing else records good practice."""
    if (
        any(ep.appraisal is Appraisal.GOOD for ep in episodes)
        or any(f.valence is Valence.SUPPORTIVE for f in factors)
        or any(f.valence is Valence.SUPPORTIVE for f in findings)
    ):
        return episodes
    return [attrs.evolve(episodes[0], appraisal=Appraisal.GOOD), *episodes[1:]]


@st.composite
def _review(
    draw: st.DrawFn, sizes: dict[str, tuple[int, int]], kinds: st.SearchStrategy[ReviewKind]
) -> Review:
    kind = draw(kinds)
    counts = {name: draw(st.integers(low, high)) for name, (low, high) in sizes.items()}
    start = draw(st.dates(dt.date(1995, 1, 1), dt.date(2030, 12, 31)))
    scope = Period(start, start + dt.timedelta(days=draw(st.integers(30, 900))))
    b = _Build(draw, counts, scope)
    method = b.rnd.choice(list(Method))
    taxonomy = LONDON_PROTOCOL if method is Method.LONDON_PROTOCOL else LEARNING_TOGETHER
    codes = {level: [c for c, code in taxonomy.items() if code.level is level] for level in Level}

    agencies = b.agencies()
    agency_ids = [agency.id for agency in agencies]
    practitioners = b.practitioners(agency_ids)
    actors = agency_ids + [p.id for p in practitioners]
    sources = b.sources()
    source_ids = [source.id for source in sources]
    episodes = b.episodes(agency_ids, [p.id for p in practitioners], source_ids)
    factors = b.factors(codes, episodes, source_ids)
    findings = b.findings([e.id for e in episodes], [f.id for f in factors], source_ids)
    events = b.events(episodes, actors, source_ids)
    links = list(b.links.items.values())
    b.rnd.shuffle(links)
    return Review(
        id=f"review-{b.rnd.choice(SLUG_WORDS)}-{b.rnd.randint(1, 9999)}",
        title=draw(_SHORT),
        kind=kind,
        method=method,
        incident=b.rnd.choice(list(IncidentKind)),
        scope=scope,
        commissioner=draw(_NOTE),
        **_milestones(b.rnd, kind, scope),
        reviewers=tuple(b.reviewers(agency_ids)),
        agencies=tuple(agencies),
        practitioners=tuple(practitioners),
        events=tuple(events),
        episodes=tuple(_with_good_practice(episodes, factors, findings)),
        factors=tuple(factors),
        findings=tuple(findings),
        sources=tuple(sources),
        links=tuple(links),
    )


def reviews(
    *,
    agencies: Size | None = None,
    practitioners: Size | None = None,
    sources: Size | None = None,
    episodes: Size | None = None,
    events: Size | None = None,
    factors: Size | None = None,
    findings: Size | None = None,
    kind: ReviewKind | st.SearchStrategy[ReviewKind] | None = None,
) -> st.SearchStrategy[Review]:
    """Valid, realistic reviews: :func:`~systemsreview.rules.check` finds nothing in them.

    Each size is a count or a ``(min, max)`` pair (defaults in :data:`DEFAULT_SIZES`); a
    valid review needs at least two agencies and one episode. The reviews vary: agencies of
    different sectors; causal chains from national through local strategic and frontline
    factors to episodes and on to later episodes; factors at all three levels, coded in
    the taxonomy of the review's method; good, mixed and problematic episodes; public and
    restricted events and sources; unicode and long texts; open and completed reviews.

    >>> from hypothesis import given, settings
    >>> from systemsreview.rules import check
    >>> @settings(max_examples=10, deadline=None)
    ... @given(reviews(episodes=(2, 4)))
    ... def test_sound(review):
    ...     assert check(review) == []
    >>> test_sound()

    Args:
        agencies: how many agencies (at least two).
        practitioners: how many practitioners (roles).
        sources: how many evidence sources.
        episodes: how many key practice episodes (at least one).
        events: how many chronology events.
        factors: how many contributory factors.
        findings: how many findings.
        kind: the review kind (or a strategy of kinds); any kind when ``None``.

    Raises:
        ModelError: for a size that is not a count or ordered pair, or below the minimum.
    """
    given = {
        "agencies": agencies,
        "practitioners": practitioners,
        "sources": sources,
        "episodes": episodes,
        "events": events,
        "factors": factors,
        "findings": findings,
    }
    sizes = {
        name: DEFAULT_SIZES[name] if value is None else _bounds(name, value)
        for name, value in given.items()
    }
    if kind is None:
        kinds: st.SearchStrategy[ReviewKind] = st.sampled_from(ReviewKind)
    elif isinstance(kind, st.SearchStrategy):
        kinds = kind
    else:
        kinds = st.just(ReviewKind(kind))
    return _review(sizes, kinds)
