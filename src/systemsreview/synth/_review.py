"""One synthetic review, valid by construction against every integrity rule.

Theory of operation: the generator draws from one ``random.Random(seed)`` and builds the
review in the order the rules need. Dates first: the milestones sit inside their statutory
timescales (SR303, SR304), episodes inside the scope (SR301) and each event inside the
episode it is part of (SR302). Causal links only run forward along one fixed order,
national factors, local strategic factors, frontline factors, then episodes by start date,
so the ``CONTRIBUTED_TO`` graph is acyclic (SR201) and no episode feeds an earlier one
(SR202); every factor contributes to something (SR405), every problematic episode has a
factor (SR404), and every finding rests on episodes and a non-frontline factor (SR401,
SR406). Ids carry their kind's prefix and a counter (SR101); targets are drawn without
replacement (SR105) from entities already made (SR102, SR103, SR104). The lead reviewer is
independent and belongs to no case agency (SR501, SR502).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from systemsreview.model import (
    LEARNING_TOGETHER,
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
from systemsreview.synth import _texts as tx
from systemsreview.synth._case import draw_case
from systemsreview.synth._context import with_context
from systemsreview.synth._dates import with_precision
from systemsreview.synth._findings import with_patterns
from systemsreview.synth._loop import with_loop
from systemsreview.synth._placement import with_placement
from systemsreview.synth._prevalence import FIRST_YEAR, LAST_YEAR, categories, patterns
from systemsreview.synth._processes import with_processes

__all__ = ["FIRST_YEAR", "LAST_YEAR", "review"]

_EXTRA_SECTORS = [s for s in tx.AGENCIES if s not in (Sector.SOCIAL_CARE, Sector.POLICE)]
_KINDS_BEFORE_2019 = (ReviewKind.SERIOUS_CASE_REVIEW, ReviewKind.LEARNING_REVIEW)
_KINDS_FROM_2019 = (
    ReviewKind.LOCAL_PRACTICE_REVIEW,
    ReviewKind.RAPID_REVIEW,
    ReviewKind.CHILD_PRACTICE_REVIEW,
    ReviewKind.LEARNING_REVIEW,
)
_P, _W = Appraisal.PROBLEMATIC, Valence.HINDERING
_APPRAISALS = (Appraisal.GOOD, Appraisal.PROBLEMATIC, Appraisal.MIXED)
_CC, _IN, _EB = LinkKind.CONTRIBUTED_TO, LinkKind.INVOLVED, LinkKind.EVIDENCED_BY


def _day(start: dt.date, end: dt.date, rng: random.Random) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _milestones(
    rng: random.Random, kind: ReviewKind, decided: dt.date
) -> tuple[dt.date, dt.date, dt.date | None]:
    """Notified, completed and published dates within the kind's statutory timescale.

    A local practice review is published within six months of the decision, as the 2018
    and 2023 editions of Working Together ask (the clock runs to publication).
    """
    if kind is ReviewKind.RAPID_REVIEW:  # 15 working days are at least 19 calendar days
        notified = decided - dt.timedelta(days=rng.randint(0, 3))
        completed = decided + dt.timedelta(days=rng.randint(3, 15))
    else:  # six months from the decision are at least 181 days
        notified = decided - dt.timedelta(days=rng.randint(5, 40))
        completed = decided + dt.timedelta(days=rng.randint(60, 175))
    published = completed + dt.timedelta(days=rng.randint(14, 150)) if rng.random() < 0.8 else None
    if published is not None and kind is ReviewKind.LOCAL_PRACTICE_REVIEW:
        # Since 2018 the clock runs to publication: six months are at least 181 days.
        published = min(published, max(completed, decided + dt.timedelta(days=180)))
    return notified, completed, published


def _extra_questions(rng: random.Random) -> tuple[str, ...]:
    """Up to two further board questions, turning the views at the time into questions."""
    views = rng.sample(tx.VIEWS, rng.choice((0, 0, 0, 1, 2)))
    return tuple(f"Is it still the case that {v[0].lower()}{v[1:-1]}?" for v in views)


def _pick(rng: random.Random, pool: Sequence[str], low: int, high: int) -> list[str]:
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def review(
    seed: int,
    *,
    id: str | None = None,  # noqa: A002  # the review's id, as everywhere in the model
    year: int | None = None,
    lapses: bool = False,
) -> Review:
    """A realistic synthetic review that ``systemsreview.rules.check`` passes without a word.

    A few hundred entities: 3-8 agencies of several sectors, their practitioners, 10-40 key
    practice episodes, 100-200 chronology events, factors at all three levels coded in
    Learning Together, 2-6 findings with 1-5 board questions, evidence sources, and links
    forming causal chains several steps deep; completed reviews usually carry the board's
    responses and the agencies' actions (:mod:`._loop`); most frontline and local strategic
    factors sit in an agency (:mod:`._placement`); a review of a child protection kind
    types the statutory processes of its chronology, following the child's status
    (:mod:`._processes`); about one event in five is dated to the month or the year
    (:mod:`._dates`); some findings rest on a second pattern and name Learning Together
    sub-patterns (:mod:`._findings`); some episodes give each agency's own view, and some
    reviews follow several methods, record parallel proceedings or name a related review
    (:mod:`._context`). The same seed gives the same review.

    Args:
        seed: the seed of the review's own random generator.
        id: the review id (``"synth-<seed>"`` by default).
        year: the year the review was decided (drawn from 2012-2024 by default); the
            prevalence of patterns and factor categories drifts with it.
        lapses: let a few chronologies break the statutory process rules as real ones do
            (an enquiry with no strategy discussion recorded, SR306; a late initial child
            protection conference, SR307), both warnings. Off by default, so that
            ``check`` finds nothing; on, the review is otherwise the same.

    >>> r = review(7)
    >>> r.id, 3 <= len(r.agencies) <= 8, 100 <= len(r.events) <= 200
    ('synth-7', True, True)
    >>> review(7) == r
    True
    """
    rng = random.Random(seed)
    year = rng.randint(FIRST_YEAR, LAST_YEAR) if year is None else year
    draft = _Draft(rng, year)
    draft.people()
    draft.evidence()
    draft.episodes()
    draft.chronology()
    found = patterns(rng, year, rng.randint(2, 6))  # first: factors lean towards them
    draft.factors({code for p in found for code in tx.PATTERN_AFFINITY[p]})
    draft.findings(found)
    built = with_loop(draft.build(f"synth-{seed}" if id is None else id), seed)
    # Each later step draws from a generator of its own: what came before stays the same.
    built = with_precision(with_placement(built, seed), seed)
    built = with_processes(built, seed, lapses=lapses)
    return with_context(with_patterns(built, seed), seed)


class _Draft:
    """The review's parts, made one section at a time from one random generator."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng, self.year = rng, year
        decided = _day(dt.date(year, 1, 1), dt.date(year, 12, 31), rng)
        self.kind = rng.choice(_KINDS_BEFORE_2019 if year < 2019 else _KINDS_FROM_2019)
        notified, completed, published = _milestones(rng, self.kind, decided)
        self.milestones: dict[str, Any] = {
            "notified": notified,
            "decided": decided,
            "completed": completed,
            "published": published,
        }
        scope_end = notified - dt.timedelta(days=rng.randint(0, 14))
        self.scope = Period(scope_end - dt.timedelta(days=rng.randint(300, 900)), scope_end)
        self.area = rng.choice(tx.AREAS)
        self.links: list[Link] = []
        self.agencies: list[Agency] = []
        self.practitioners: list[Practitioner] = []
        self.staff: dict[str, list[str]] = {}
        self.sources: list[Source] = []
        self.records: dict[str, str] = {}
        self.episode_list: list[Episode] = []
        self.acting: dict[str, list[str]] = {}
        self.events: list[Event] = []
        self.factor_list: list[ContributoryFactor] = []
        self.by_level: dict[Level, list[str]] = {}
        self.finding_list: list[Finding] = []

    def link(self, source: str, target: str, kind: LinkKind, note: str = "") -> None:
        self.links.append(Link(source, target, kind, note=note))

    def agency(self, agency_id: str) -> Agency:
        return self.agencies[int(agency_id.removeprefix("ag-")) - 1]

    def people(self) -> None:
        """Agencies of several sectors, and their practitioners by role."""
        rng = self.rng
        extra = rng.sample(_EXTRA_SECTORS, rng.randint(1, 6))
        for number, sector in enumerate([Sector.SOCIAL_CARE, Sector.POLICE, *extra], start=1):
            names, roles = tx.AGENCIES[sector]
            agency = Agency(
                id=f"ag-{number}", name=f"{self.area} {rng.choice(names)}", sector=sector
            )
            self.agencies.append(agency)
            self.staff[agency.id] = []
            for role in rng.sample(roles, rng.randint(1, min(3, len(roles)))):
                practitioner = Practitioner(id=f"pr-{len(self.practitioners) + 1}", role=role)
                self.practitioners.append(practitioner)
                self.staff[agency.id].append(practitioner.id)
                self.link(practitioner.id, agency.id, LinkKind.WORKS_FOR)

    def evidence(self) -> None:
        """Each agency's records, then conversations, documents, audits."""
        for number, agency in enumerate(self.agencies, start=1):
            record = Source(
                id=f"src-{number}",
                kind=SourceKind.RECORD,
                description=f"{agency.name} case records",
                sensitivity=Sensitivity.RESTRICTED,
            )
            self.sources.append(record)
            self.records[agency.id] = record.id
        for kind, description in self.rng.sample(tx.SOURCES, self.rng.randint(2, len(tx.SOURCES))):
            self.sources.append(
                Source(id=f"src-{len(self.sources) + 1}", kind=kind, description=description)
            )

    def episodes(self) -> None:
        """Key practice episodes inside the scope, by start date, with agencies and evidence."""
        rng, scope = self.rng, self.scope
        spans = []
        for _ in range(rng.randint(10, 40)):
            start = _day(scope.start, scope.end, rng)
            end = min(scope.end, start + dt.timedelta(days=rng.randint(0, 120)))
            spans.append(Period(start, end))
        spans.sort(key=lambda p: (p.start, p.end))
        agency_ids = [a.id for a in self.agencies]
        others = [s.id for s in self.sources[len(self.agencies) :]]
        good = rng.randint(1, len(spans))  # at least one episode of good practice (SR407)
        for number, period in enumerate(spans, start=1):
            who = rng.sample(agency_ids, 2 if number == 1 else rng.randint(1, 3))  # SR408
            title, what = rng.choice(tx.TOPICS)
            appraisal = Appraisal.GOOD if number == good else rng.choices(_APPRAISALS, (1, 2, 1))[0]
            episode = Episode(
                id=f"kpe-{number}",
                title=f"{self.agency(who[0]).name} {title}",
                period=period,
                appraisal=appraisal,
                what_happened=what,
                view_at_the_time=rng.choice(tx.VIEWS),  # SR409
                hindsight=rng.choice(tx.HINDSIGHT),
            )
            self.episode_list.append(episode)
            self.acting[episode.id] = who
            for agency_id in who:
                self.link(episode.id, agency_id, _IN)
                self.link(episode.id, rng.choice(self.staff[agency_id]), _IN)
            self.link(episode.id, self.records[who[0]], _EB)
            self.link(episode.id, rng.choice(others), _EB)

    def chronology(self) -> None:
        """Events in date order, each part of one episode and inside its period (SR302)."""
        rng = self.rng
        drafts = []
        for _ in range(rng.randint(100, 200)):
            episode = rng.choice(self.episode_list)
            agency_id = rng.choice(self.acting[episode.id])
            when = _day(episode.period.start, episode.period.end, rng)
            drafts.append((when, episode.id, agency_id))
        drafts.sort()
        for number, (when, episode_id, agency_id) in enumerate(drafts, start=1):
            agency = self.agency(agency_id)
            event = Event(
                id=f"ev-{number}",
                when=when,
                description=f"{agency.name} {rng.choice(tx.CONTACTS[agency.sector])}",
                sensitivity=Sensitivity.RESTRICTED if rng.random() < 0.2 else Sensitivity.PUBLIC,
            )
            self.events.append(event)
            self.link(event.id, agency_id, _IN)
            if rng.random() < 0.5:
                self.link(event.id, rng.choice(self.staff[agency_id]), _IN)
            self.link(event.id, episode_id, LinkKind.PART_OF)
            self.link(event.id, self.records[agency_id], _EB)

    def factors(self, boost: set[str]) -> None:
        """Factors at three levels; causes run national -> local -> frontline -> episodes."""
        rng = self.rng
        counts = {
            Level.NATIONAL: rng.randint(1, 5),
            Level.LOCAL_STRATEGIC: rng.randint(3, 10),
            Level.FRONTLINE: rng.randint(6, 25),
        }
        for level, count in counts.items():
            self.by_level[level] = []
            for category in categories(rng, level, self.year, boost, count):
                label = LEARNING_TOGETHER[category].label
                factor = ContributoryFactor(
                    id=f"cf-{len(self.factor_list) + 1}",
                    description=f"{label[0].upper()}{label[1:]}: {rng.choice(tx.VIEWS).lower()}",
                    level=level,
                    category=category,
                    valence=Valence.SUPPORTIVE if rng.random() < 0.15 else _W,
                )
                self.factor_list.append(factor)
                self.by_level[level].append(factor.id)
                self.link(factor.id, rng.choice(self.sources).id, _EB)
        episode_ids = [e.id for e in self.episode_list]
        downstream = {
            Level.NATIONAL: self.by_level[Level.LOCAL_STRATEGIC],
            Level.LOCAL_STRATEGIC: self.by_level[Level.FRONTLINE] + episode_ids,
            Level.FRONTLINE: episode_ids,
        }
        explained: set[str] = set()
        for level, ids in self.by_level.items():
            for factor_id in ids:
                for target in _pick(rng, downstream[level], 1, 3):  # SR405
                    self.link(factor_id, target, _CC)
                    explained.add(target)
        for episode in self.episode_list:  # SR404
            if episode.appraisal is _P and episode.id not in explained:
                self.link(rng.choice(self.by_level[Level.FRONTLINE]), episode.id, _CC)
        for i, source_id in enumerate(episode_ids[:-1]):  # episodes shape later ones (SR202)
            if rng.random() < 0.3:
                self.link(source_id, rng.choice(episode_ids[i + 1 :]), _CC, note="led to")

    def findings(self, found: list[Pattern]) -> None:
        """Findings resting on episodes and on a factor beyond the front line (SR401, SR406)."""
        rng = self.rng
        systemic = self.by_level[Level.NATIONAL] + self.by_level[Level.LOCAL_STRATEGIC]
        episode_ids = [e.id for e in self.episode_list]
        used: set[str] = set()
        for number, pattern in enumerate(found, start=1):
            statements, questions = tx.FINDINGS[pattern]
            statement = rng.choices(statements, (6, 3, 1))[0]
            if statement in used:
                statement = f"{statement} ({number})"
            used.add(statement)
            finding = Finding(
                id=f"fi-{number}",
                statement=statement,
                pattern=pattern,
                valence=Valence.SUPPORTIVE if rng.random() < 0.1 else _W,
                in_this_case=rng.choice(tx.TOPICS)[1],
                why_not_a_one_off="Practitioners described the same pattern in other cases.",
                prevalence="Reported in local audits and in other reviews.",
                why_it_matters="It makes the multi-agency system less reliable for children.",
                questions=tuple(_pick(rng, questions, 1, 3)) + _extra_questions(rng),
            )
            self.finding_list.append(finding)
            for target in _pick(rng, episode_ids, 1, 4):
                self.link(finding.id, target, _EB)
            self.link(finding.id, rng.choice(systemic), _EB)

    def build(self, review_id: str) -> Review:
        """The review, with an independent lead of no case agency (SR501, SR502)."""
        rng = self.rng
        lead = Reviewer(
            role="lead reviewer", organisation="Independent consultant", independent=True, lead=True
        )
        team = [
            Reviewer(role="review team member", organisation=a.name, agency_id=a.id)
            for a in rng.sample(self.agencies, rng.randint(1, min(4, len(self.agencies))))
        ]
        title = f"{self.kind.label.capitalize()}: {self.area} child {rng.randint(1, 99)}"
        method = rng.choices((Method.LEARNING_TOGETHER, Method.SILP, Method.OTHER), (6, 2, 1))[0]
        incident = rng.choices((IncidentKind.DEATH, IncidentKind.SERIOUS_HARM), (2, 3))[0]
        # The case from a generator of its own, drawn last: the rest is as it always was.
        case = draw_case(
            random.Random(rng.getrandbits(64)),
            incident,
            self.milestones["notified"],
            [e.id for e in self.episode_list],
        )
        return Review(
            id=review_id,
            title=title,
            kind=self.kind,
            methods=(method,),
            incident=incident,
            characteristics=tuple(case.characteristics),
            scope=self.scope,
            commissioner=f"{self.area} Safeguarding Children Partnership",
            aware=case.aware,
            **self.milestones,
            reviewers=(lead, *team),
            agencies=tuple(self.agencies),
            practitioners=tuple(self.practitioners),
            events=tuple(self.events),
            episodes=tuple(self.episode_list),
            factors=tuple(self.factor_list),
            findings=tuple(self.finding_list),
            sources=tuple(self.sources),
            recommendations=(),
            responses=(),
            actions=(),
            subjects=tuple(case.subjects),
            family=tuple(case.family),
            links=(*self.links, *case.links),
        )
