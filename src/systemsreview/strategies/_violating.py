"""``reviews_violating(code)``: a valid review, then one change that breaks rule ``code``.

Each :class:`Mutation` takes a review from :func:`~systemsreview.strategies.reviews` and
makes one change. None of the changes breaks a second rule, so ``check`` reports exactly
that code (the ``also`` field of a mutation would name any other rule it must break, and is
empty for all of them). The new entities that some changes add have ids with the prefix
``x-``, which the valid reviews never use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from random import Random
from typing import Any

import attrs
from hypothesis import strategies as st

from systemsreview.errors import ModelError
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
    ReviewKind,
    Sector,
    Valence,
)
from systemsreview.rules import DEFAULT_TIMESCALES, RULES
from systemsreview.strategies._valid import reviews

__all__ = ["MUTATIONS", "Mutation", "reviews_violating"]

_DAY = dt.timedelta(days=1)
_QUESTION = ("What would help agencies to see the whole picture?",)


@attrs.frozen
class Mutation:
    """How :func:`reviews_violating` breaks one rule.

    Attributes:
        code: the rule broken.
        how: the change made to a valid review, in words.
        also: other rules the change necessarily breaks too (none, for every code).
        base: keyword arguments for :func:`~systemsreview.strategies.reviews`.
        change: the change itself, given the review and a source of choices.
    """

    code: str
    how: str
    change: Callable[[Review, Random], Review] = attrs.field(repr=False)
    also: tuple[str, ...] = ()
    base: Mapping[str, Any] = attrs.field(factory=dict)


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


def _duplicate_id(review: Review, rnd: Random) -> Review:
    taken = rnd.choice(review.agencies)
    return _add(review, agencies=[Agency(id=taken.id, name="Second agency", sector=Sector.OTHER)])


def _dangling(review: Review, rnd: Random) -> Review:
    episode = rnd.choice(review.episodes)
    return _add(review, links=[Link(episode.id, "x-missing", LinkKind.EVIDENCED_BY)])


def _mismatch(review: Review, rnd: Random) -> Review:
    first, second = rnd.sample(list(review.agencies), 2)
    return _add(review, links=[Link(first.id, second.id, LinkKind.WORKS_FOR)])


def _self_link(review: Review, rnd: Random) -> Review:
    episode = rnd.choice(review.episodes)
    return _add(review, links=[Link(episode.id, episode.id, LinkKind.EVIDENCED_BY)])


def _duplicate_link(review: Review, rnd: Random) -> Review:
    again = attrs.evolve(rnd.choice(review.links), note="recorded twice")
    return _add(review, links=[again])


def _cycle(review: Review, rnd: Random) -> Review:
    causal = [
        link
        for link in review.links
        if link.kind is LinkKind.CONTRIBUTED_TO and review.kind_of(link.source) is EntityKind.FACTOR
    ]
    link = rnd.choice(causal)  # a reversed episode -> episode link could break SR202 too
    return _add(review, links=[Link(link.target, link.source, LinkKind.CONTRIBUTED_TO)])


def _effect_before_cause(review: Review, rnd: Random) -> Review:
    late = review.scope.end + _DAY
    effect = rnd.choice(review.episodes)
    return _add(
        attrs.evolve(review, scope=Period(review.scope.start, late)),
        episodes=[_episode("x-late", late, Appraisal.MIXED)],
        links=[Link("x-late", effect.id, LinkKind.CONTRIBUTED_TO)],
    )


def _outside_scope(review: Review, rnd: Random) -> Review:
    when = review.scope.end + dt.timedelta(days=rnd.randint(1, 400))
    return _add(review, events=[Event(id="x-event", when=when, description="Out of scope")])


def _event_outside_episode(review: Review, rnd: Random) -> Review:
    start = review.scope.start
    when = start + dt.timedelta(days=rnd.randint(1, (review.scope.end - start).days))
    return _add(
        review,
        episodes=[_episode("x-episode", start, Appraisal.MIXED)],
        events=[Event(id="x-event", when=when, description="Recorded against the wrong episode")],
        links=[Link("x-event", "x-episode", LinkKind.PART_OF)],
    )


def _milestones(review: Review, rnd: Random) -> Review:
    before = review.completed or review.decided or review.notified or review.scope.end
    return attrs.evolve(review, published=before - dt.timedelta(days=rnd.randint(1, 30)))


def _late(review: Review, rnd: Random) -> Review:
    scale = DEFAULT_TIMESCALES[review.kind]
    start = getattr(review, scale.start)
    completed = scale.deadline(start) + dt.timedelta(days=rnd.randint(1, 60))
    return attrs.evolve(review, completed=completed, published=None)


def _unevidenced(review: Review, rnd: Random) -> Review:
    return _add(review, findings=[_finding("x-finding")])


def _finding_asking(questions: tuple[str, ...]) -> Callable[[Review, Random], Review]:
    def change(review: Review, rnd: Random) -> Review:
        evidence = Link("x-finding", rnd.choice(review.episodes).id, LinkKind.EVIDENCED_BY)
        return _add(review, findings=[_finding("x-finding", questions)], links=[evidence])

    return change


def _unexplained(review: Review, rnd: Random) -> Review:
    day = review.scope.start + dt.timedelta(days=rnd.randint(0, review.scope.days - 1))
    return _add(review, episodes=[_episode("x-episode", day, Appraisal.PROBLEMATIC)])


def _orphan(review: Review, rnd: Random) -> Review:
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


def _frontline_only(review: Review, rnd: Random) -> Review:
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


def _no_good_practice(review: Review, rnd: Random) -> Review:
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


def _single_agency(review: Review, rnd: Random) -> Review:
    only = rnd.choice(review.agencies).id
    episodes = {episode.id for episode in review.episodes}
    kept = [
        link
        for link in review.links
        if not (link.kind is LinkKind.INVOLVED and link.source in episodes)
    ]
    involved = [Link(episode, only, LinkKind.INVOLVED) for episode in sorted(episodes)]
    return attrs.evolve(review, links=(*kept, *involved))


def _no_local_rationality(review: Review, rnd: Random) -> Review:
    index = rnd.randrange(len(review.episodes))
    blank = attrs.evolve(review.episodes[index], view_at_the_time=rnd.choice(["", " ", "\n\t"]))
    episodes = (*review.episodes[:index], blank, *review.episodes[index + 1 :])
    return attrs.evolve(review, episodes=episodes)


def _no_independent_lead(review: Review, rnd: Random) -> Review:
    team = tuple(attrs.evolve(r, independent=False) if r.lead else r for r in review.reviewers)
    return attrs.evolve(review, reviewers=team)


def _conflicted_lead(review: Review, rnd: Random) -> Review:
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


_TIMED = st.sampled_from(sorted(DEFAULT_TIMESCALES))
_STATUTORY = st.sampled_from([kind for kind in ReviewKind if kind.statutory])
_STATEMENT = ("Agencies should share information more effectively.",)

#: How each rule is broken, by code, in code order.
MUTATIONS: Mapping[str, Mutation] = {
    m.code: m
    for m in (
        Mutation("SR101", "add a second agency with an existing agency's id", _duplicate_id),
        Mutation("SR102", "link an episode evidenced_by an id the review lacks", _dangling),
        Mutation("SR103", "link an agency works_for another agency", _mismatch),
        Mutation("SR104", "link an episode evidenced_by itself", _self_link),
        Mutation("SR105", "repeat one of the links, with a note", _duplicate_link),
        Mutation("SR201", "reverse a contributed_to link from a factor, closing a cycle", _cycle),
        Mutation(
            "SR202",
            "add an episode on the day after the scope (widening the scope by that day) "
            "that contributed_to an existing episode",
            _effect_before_cause,
        ),
        Mutation("SR301", "add an event dated after the scope", _outside_scope),
        Mutation(
            "SR302",
            "add a one-day episode on the scope's first day, and a later event part_of it",
            _event_outside_episode,
        ),
        Mutation("SR303", "date publication before the milestone before it", _milestones),
        Mutation(
            "SR304",
            "complete a review that has a timescale after its deadline (unpublished)",
            _late,
            base={"kind": _TIMED},
        ),
        Mutation("SR401", "add a finding with no evidence", _unevidenced),
        Mutation(
            "SR402", "add a finding, evidenced by an episode, with no question", _finding_asking(())
        ),
        Mutation(
            "SR403",
            "add a finding, evidenced by an episode, whose question is a statement",
            _finding_asking(_STATEMENT),
        ),
        Mutation("SR404", "add a problematic episode that no factor contributed to", _unexplained),
        Mutation("SR405", "add a factor that contributes to nothing", _orphan),
        Mutation(
            "SR406",
            "add a frontline factor that contributed_to a new episode, and a finding "
            "evidenced by that episode alone",
            _frontline_only,
        ),
        Mutation(
            "SR407",
            "appraise good episodes as mixed and make every factor and finding hindering",
            _no_good_practice,
        ),
        Mutation(
            "SR408",
            "replace the involved links of every episode by one to a single agency",
            _single_agency,
        ),
        Mutation("SR409", "blank the view at the time of one episode", _no_local_rationality),
        Mutation(
            "SR501",
            "make every lead reviewer of a statutory review not independent",
            _no_independent_lead,
            base={"kind": _STATUTORY},
        ),
        Mutation(
            "SR502",
            "add a lead reviewer from an agency an episode involved",
            _conflicted_lead,
        ),
    )
}


@st.composite
def _violating(draw: st.DrawFn, mutation: Mutation) -> Review:
    review = draw(reviews(**mutation.base))
    return mutation.change(review, draw(st.randoms(use_true_random=False)))


def reviews_violating(code: str) -> st.SearchStrategy[Review]:
    """Reviews that break rule ``code`` (and, for every code, no other rule).

    Each is a review from :func:`reviews` with one change (see :data:`MUTATIONS`).

    >>> from hypothesis import given, settings
    >>> from systemsreview.rules import check
    >>> @settings(max_examples=10, deadline=None)
    ... @given(reviews_violating("SR201"))
    ... def test_cycles_are_found(review):
    ...     assert {v.code for v in check(review)} == {"SR201"}
    >>> test_cycles_are_found()

    Raises:
        ModelError: for a code that is not a rule's.
    """
    mutation = MUTATIONS.get(code)
    if mutation is None:
        msg = f"reviews_violating({code!r}): no rule has that code; codes are {', '.join(RULES)}"
        raise ModelError(msg)
    return _violating(mutation)
