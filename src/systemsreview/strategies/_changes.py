"""The changes :func:`~systemsreview.strategies.reviews_violating` makes, one per rule.

Each takes a valid review and a source of choices, and returns the review with one thing
broken; entities it adds have ids starting ``x-``, which valid reviews never use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from random import Random
from typing import Any

import attrs

from systemsreview.model import (
    Agency,
    Appraisal,
    ContributoryFactor,
    EntityKind,
    Episode,
    Event,
    Finding,
    Level,
    Link,
    LinkKind,
    Pattern,
    Period,
    Review,
    Reviewer,
    Sector,
    Subject,
    Valence,
)
from systemsreview.rules import Policy, Timescale

__all__ = []

_DAY = dt.timedelta(days=1)
_QUESTION = ("What would help agencies to see the whole picture?",)


def _episode(ident: str, day: dt.date, appraisal: Appraisal) -> Episode:
    return Episode(
        id=ident,
        title="An episode added to break a rule",
        period=Period(day, day),
        appraisal=appraisal,
        view_at_the_time="It seemed the right thing to do at the time.",
    )


def _finding(ident: str, questions: tuple[str, ...] = _QUESTION) -> Finding:
    return Finding(
        id=ident, statement="A finding added to break a rule", pattern=Pattern.TOOLS,
        questions=questions,
    )  # fmt: skip


def _add(review: Review, **more: Any) -> Review:
    """``review`` with entities, links or reviewers appended."""
    grown: dict[str, Any] = {k: (*getattr(review, k), *v) for k, v in more.items()}
    return attrs.evolve(review, **grown)


def duplicate_id(review: Review, rnd: Random) -> Review:
    taken = rnd.choice(review.agencies)
    return _add(review, agencies=[Agency(id=taken.id, name="Second agency", sector=Sector.OTHER)])


def dangling(review: Review, rnd: Random) -> Review:
    episode = rnd.choice(review.episodes)
    return _add(review, links=[Link(episode.id, "x-missing", LinkKind.EVIDENCED_BY)])


def mismatch(review: Review, rnd: Random) -> Review:
    first, second = rnd.sample(list(review.agencies), 2)
    return _add(review, links=[Link(first.id, second.id, LinkKind.WORKS_FOR)])


def self_link(review: Review, rnd: Random) -> Review:
    episode = rnd.choice(review.episodes)
    return _add(review, links=[Link(episode.id, episode.id, LinkKind.EVIDENCED_BY)])


def duplicate_link(review: Review, rnd: Random) -> Review:
    again = attrs.evolve(rnd.choice(review.links), note="recorded twice")
    return _add(review, links=[again])


def cycle(review: Review, rnd: Random) -> Review:
    causal = [
        link
        for link in review.links
        if link.kind is LinkKind.CONTRIBUTED_TO and review.kind_of(link.source) is EntityKind.FACTOR
    ]
    link = rnd.choice(causal)  # a reversed episode -> episode link could break SR202 too
    return _add(review, links=[Link(link.target, link.source, LinkKind.CONTRIBUTED_TO)])


def effect_before_cause(review: Review, rnd: Random) -> Review:
    late = review.scope.end + _DAY
    effect = rnd.choice(review.episodes)
    return _add(
        attrs.evolve(review, scope=Period(review.scope.start, late)),
        episodes=[_episode("x-late", late, Appraisal.MIXED)],
        links=[Link("x-late", effect.id, LinkKind.CONTRIBUTED_TO)],
    )


def outside_scope(review: Review, rnd: Random) -> Review:
    when = review.scope.end + dt.timedelta(days=rnd.randint(1, 400))
    return _add(review, events=[Event(id="x-event", when=when, description="Out of scope")])


def event_outside_episode(review: Review, rnd: Random) -> Review:
    start = review.scope.start
    when = start + dt.timedelta(days=rnd.randint(1, (review.scope.end - start).days))
    return _add(
        review,
        episodes=[_episode("x-episode", start, Appraisal.MIXED)],
        events=[Event(id="x-event", when=when, description="Recorded against the wrong episode")],
        links=[Link("x-event", "x-episode", LinkKind.PART_OF)],
    )


def milestones(review: Review, rnd: Random) -> Review:
    before = review.completed or review.decided or review.notified or review.scope.end
    return attrs.evolve(review, published=before - dt.timedelta(days=rnd.randint(1, 30)))


_GOVERNED = dt.date(2024, 1, 1)  # every edition's kinds are timed by then


def _timed(review: Review) -> tuple[Review, Timescale]:
    """The review, its milestones moved to 2024 if no edition times it at its own dates."""
    policy = Policy()
    if review.notified is not None and review.decided is not None:
        scale = policy.timescale(review.kind, review.decided)
        if scale is not None and policy.timescale(review.kind, review.notified) is not None:
            return review, scale
    shift = _GOVERNED - (review.notified or review.scope.end)
    review = attrs.evolve(
        review,
        incident_on=None if review.incident_on is None else review.incident_on + shift,
        aware=None if review.aware is None else review.aware + shift,
        notified=_GOVERNED,
        decided=_GOVERNED if review.decided is None else review.decided + shift,
        completed=None if review.completed is None else review.completed + shift,
        published=None if review.published is None else review.published + shift,
    )
    found = policy.timescale(review.kind, review.decided or _GOVERNED)
    if found is None:  # pragma: no cover - the base strategy draws timed kinds only
        msg = f"no edition times a {review.kind.label}"
        raise AssertionError(msg)
    return review, found


def late(review: Review, rnd: Random) -> Review:
    review, scale = _timed(review)
    start = getattr(review, scale.start)
    completed = scale.deadline(start, Policy().holidays) + dt.timedelta(days=rnd.randint(1, 60))
    return attrs.evolve(review, completed=completed, published=None)


def untimed(review: Review, rnd: Random) -> Review:
    review, scale = _timed(review)
    last = review.decided or review.notified or _GOVERNED
    completed = review.completed or last + dt.timedelta(days=rnd.randint(0, 30))
    if scale.start == "notified":  # a rapid review: its clock starts at the notification
        return attrs.evolve(review, notified=None, completed=completed)
    return attrs.evolve(review, decided=None, completed=completed)


def unevidenced(review: Review, rnd: Random) -> Review:
    return _add(review, findings=[_finding("x-finding")])


def finding_asking(questions: tuple[str, ...]) -> Callable[[Review, Random], Review]:
    def change(review: Review, rnd: Random) -> Review:
        evidence = Link("x-finding", rnd.choice(review.episodes).id, LinkKind.EVIDENCED_BY)
        return _add(review, findings=[_finding("x-finding", questions)], links=[evidence])

    return change


def unexplained(review: Review, rnd: Random) -> Review:
    day = review.scope.start + dt.timedelta(days=rnd.randint(0, review.scope.days - 1))
    return _add(review, episodes=[_episode("x-episode", day, Appraisal.PROBLEMATIC)])


def orphan(review: Review, rnd: Random) -> Review:
    level = rnd.choice(list(Level))
    category = {
        Level.FRONTLINE: "frontline.team.supervision",
        Level.LOCAL_STRATEGIC: "local_strategic.resources",
        Level.NATIONAL: "national.guidance",
    }[level]
    orphan = ContributoryFactor(
        id="x-factor", description="Contributes to nothing", level=level, category=category
    )
    return _add(review, factors=[orphan])


def frontline_only(review: Review, rnd: Random) -> Review:
    factor = ContributoryFactor(
        id="x-factor",
        description="A practitioner's inexperience",
        level=Level.FRONTLINE,
        category="frontline.personal.knowledge_and_skills",
    )
    return _add(
        review,
        episodes=[_episode("x-episode", review.scope.start, rnd.choice(list(Appraisal)))],
        factors=[factor],
        findings=[_finding("x-finding")],
        links=[
            Link("x-factor", "x-episode", LinkKind.CONTRIBUTED_TO),
            Link("x-finding", "x-episode", LinkKind.EVIDENCED_BY),
        ],
    )


def no_good_practice(review: Review, rnd: Random) -> Review:
    def not_good(episode: Episode) -> Episode:
        if episode.appraisal is Appraisal.GOOD:
            return attrs.evolve(episode, appraisal=Appraisal.MIXED)
        return episode

    return attrs.evolve(
        review,
        episodes=tuple(map(not_good, review.episodes)),
        factors=tuple(attrs.evolve(f, valence=Valence.HINDERING) for f in review.factors),
        findings=tuple(attrs.evolve(f, valence=Valence.HINDERING) for f in review.findings),
    )


def single_agency(review: Review, rnd: Random) -> Review:
    only = rnd.choice(review.agencies).id
    episodes = {episode.id for episode in review.episodes}
    kept = [
        link
        for link in review.links
        if not (link.kind is LinkKind.INVOLVED and link.source in episodes)
    ]
    involved = [Link(episode, only, LinkKind.INVOLVED) for episode in sorted(episodes)]
    return attrs.evolve(review, links=(*kept, *involved))


def no_local_rationality(review: Review, rnd: Random) -> Review:
    index = rnd.randrange(len(review.episodes))
    blank = attrs.evolve(review.episodes[index], view_at_the_time=rnd.choice(["", " ", "\n\t"]))
    episodes = (*review.episodes[:index], blank, *review.episodes[index + 1 :])
    return attrs.evolve(review, episodes=episodes)


def no_independent_lead(review: Review, rnd: Random) -> Review:
    team = tuple(
        attrs.evolve(r, independent_of_case=False, independent_of_agencies=False) if r.lead else r
        for r in review.reviewers
    )
    return attrs.evolve(review, reviewers=team)


def conflicted_lead(review: Review, rnd: Random) -> Review:
    episode = rnd.choice(review.episodes)
    agencies = [
        link.target
        for link in review.links_from(episode.id)
        if link.kind is LinkKind.INVOLVED and review.kind_of(link.target) is EntityKind.AGENCY
    ]
    lead = Reviewer(
        role="lead reviewer", organisation="an agency of the case", lead=True,
        agency_id=rnd.choice(sorted(agencies)),
    )  # fmt: skip
    return _add(review, reviewers=[lead])


def unknown_reviewer_agency(review: Review, rnd: Random) -> Review:
    member = Reviewer(
        role="review team member", organisation="an agency not in the review",
        agency_id=f"x-agency-{rnd.randrange(1000)}",
    )  # fmt: skip
    return _add(review, reviewers=[member])


def late_notification(review: Review, rnd: Random) -> Review:
    notified = review.notified or review.scope.end
    aware = notified - dt.timedelta(days=rnd.randint(22, 120))  # surely over 5 working days
    incident = review.incident_on if review.incident_on is None else min(review.incident_on, aware)
    return attrs.evolve(review, notified=notified, aware=aware, incident_on=incident)


def infant_not_in_school(review: Review, rnd: Random) -> Review:
    infant = Subject(
        id="x-infant",
        age_band="under_1",
        education=rnd.choice(("not_in_school", "in_school", "elective_home_education")),
    )
    return _add(review, subjects=[infant])
