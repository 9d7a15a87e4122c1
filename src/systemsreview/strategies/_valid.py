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
The learning loop is built last (:mod:`._build_loop`, SR601-SR605).

Shrinking: the counts are drawn first, then the review's own fields, then each entity from
its own block of bytes (:mod:`._choices`), every choice shrinking to its plainest option;
so a failing example shrinks to the smallest valid review (two agencies, one episode, one
factor, one finding) plus what the failure needs.
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from systemsreview.errors import ModelError
from systemsreview.model import (
    ACCIMAP,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    Appraisal,
    ContributoryFactor,
    Episode,
    Finding,
    IncidentKind,
    Level,
    LinkKind,
    Method,
    Period,
    Review,
    ReviewKind,
    Valence,
)
from systemsreview.rules import Policy
from systemsreview.strategies._build import Build
from systemsreview.strategies._build_loop import loop, window
from systemsreview.strategies._case import aware_before, build_case
from systemsreview.strategies._choices import Choices
from systemsreview.strategies._context import draw_context, with_provenance

__all__ = ["DEFAULT_SIZES", "Size", "reviews"]

Size = int | tuple[int, int]

#: The default number of each kind of entity in :func:`reviews`, as (min, max).
DEFAULT_SIZES: dict[str, tuple[int, int]] = {
    "agencies": (2, 6),
    "practitioners": (0, 8),
    "sources": (0, 6),
    "episodes": (1, 8),
    "events": (0, 14),
    "factors": (1, 10),
    "findings": (1, 4),
    "recommendations": (0, 3),
    "responses": (0, 4),
    "actions": (0, 4),
    "subjects": (0, 3),
    "family": (0, 3),
}
_MINIMUM = {"agencies": 2, "episodes": 1}


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


_FIRST_SCOPE, _LAST_SCOPE = dt.date(1995, 1, 1), dt.date(2030, 12, 31)
_MILESTONE_SPAN = 90
_METHODS, _INCIDENTS = tuple(Method), tuple(IncidentKind)
#: The taxonomy a review of each method codes its factors in (Learning Together otherwise).
_TAXONOMY_OF_METHOD = {Method.LONDON_PROTOCOL: LONDON_PROTOCOL, Method.ACCIMAP: ACCIMAP}
_POLICY = Policy(nation=None)  # weekdays: a deadline never later than with bank holidays
_TAKING_PART = (LinkKind.INVOLVED, LinkKind.WORKS_FOR)

#: Characteristics of a case as a whole (those of a person go on subjects and members).
_REVIEW_CODES = ("domestic_abuse", "neglect", "extra_familial_harm", "online_harm")


def _milestones(c: Choices, kind: ReviewKind, scope: Period) -> dict[str, dt.date | None]:
    """Milestones in order, within the timescale the default policy gives ``kind`` then.

    A kind that some edition times always gets a decision date, so that a finished review
    can be timed (SR305); the edition is chosen by that date, as SR304 does.
    """
    notified = c.day(scope.end, scope.end + dt.timedelta(days=_MILESTONE_SPAN))
    decided: dt.date | None = None
    if _POLICY.timed(kind) or c.chance():
        decided = c.day(notified, notified + dt.timedelta(days=14))
    scale = None if decided is None else _POLICY.timescale(kind, decided)
    low = decided or notified
    if scale is None:
        deadline = low + dt.timedelta(days=700)
    else:
        deadline = scale.deadline(notified if scale.start == "notified" else low)
    completed = c.day(low, deadline) if c.chance() else None
    published = None
    if completed is not None and c.chance():
        last = deadline if scale is not None and scale.until == "published" else None
        published = c.day(completed, last or completed + dt.timedelta(days=120))
    return {
        "notified": notified,
        "decided": decided,
        "completed": completed,
        "published": published,
    }


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
    c = Choices(draw)
    # Counts first, so that the shrinker lowers them before anything else.
    counts = {name: c.count(low, high) for name, (low, high) in sizes.items()}
    kind = draw(kinds)
    c.start(32)
    method = c.pick(_METHODS)
    incident = c.pick(_INCIDENTS)
    start = c.day(_FIRST_SCOPE, _LAST_SCOPE)
    scope = Period(start, start + dt.timedelta(days=c.between(30, 900)))
    number, words, turn = c.between(1, 9999), c.wording(), c.below(1 << 16)
    milestones = _milestones(c, kind, scope)
    b = Build(c, counts, scope)
    taxonomy = _TAXONOMY_OF_METHOD.get(method, LEARNING_TOGETHER)
    codes = {level: [k for k, code in taxonomy.items() if code.level is level] for level in Level}

    agencies = b.agencies()
    agency_ids = [agency.id for agency in agencies]
    practitioners = b.practitioners(agency_ids)
    actors = agency_ids + [p.id for p in practitioners]
    sources = b.sources()
    source_ids = [source.id for source in sources]
    episodes = b.episodes(agency_ids, actors, source_ids)
    factors = b.factors(codes, episodes, source_ids, agency_ids)
    findings = b.findings([e.id for e in episodes], [f.id for f in factors], source_ids)
    events = b.events(episodes, actors, source_ids)
    reviewers = b.reviewers(agency_ids)
    # Owners of actions: agencies taking part other than through an event, which redaction
    # may remove (a restricted event goes, and its links with it), so redact keeps it valid.
    event_ids = {e.id for e in events}
    taking_part = sorted(
        {
            t
            for (s, t, k) in b.links.items
            if k in _TAKING_PART and t in agency_ids and s not in event_ids
        }
        | {r.agency_id for r in reviewers if r.agency_id is not None}
    )
    recommendations, responses, actions = loop(
        b,
        window(milestones, scope.end),
        findings=findings,
        factors=factors,
        taking_part=taking_part,
        agency_ids=agency_ids,
    )
    case, family = build_case(c, counts, incident, b.links.add, [e.id for e in episodes])
    notified = milestones["notified"]
    assert notified is not None  # every drawn review has one
    aware = aware_before(c, notified)
    context = draw_context(c, method, aware, notified, late=milestones["completed"] is not None)
    links = with_provenance(c, list(b.links.items.values()))
    turn = turn % len(links) if links else 0  # a rotated order: no order is promised
    return Review(
        id=f"review-{number}",
        title=words.text(long=False),
        kind=kind,
        incident=incident,
        characteristics=tuple(c.some(_REVIEW_CODES, 2)),
        scope=scope,
        commissioner=words.optional(long=False),
        aware=aware,
        **milestones,
        methods=context.methods,
        terms_of_reference=context.terms_of_reference,
        incident_on=context.incident_on,
        delay_reason=context.delay_reason,
        parallel_proceedings=context.parallel_proceedings,
        related=context.related,
        reviewers=tuple(reviewers),
        agencies=tuple(agencies),
        practitioners=tuple(practitioners),
        events=tuple(events),
        episodes=tuple(_with_good_practice(episodes, factors, findings)),
        factors=tuple(factors),
        findings=tuple(findings),
        sources=tuple(sources),
        recommendations=tuple(recommendations),
        responses=tuple(responses),
        actions=tuple(actions),
        subjects=tuple(case),
        family=tuple(family),
        links=(*links[turn:], *links[:turn]),
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
    recommendations: Size | None = None,
    responses: Size | None = None,
    actions: Size | None = None,
    subjects: Size | None = None,
    family: Size | None = None,
    kind: ReviewKind | st.SearchStrategy[ReviewKind] | None = None,
) -> st.SearchStrategy[Review]:
    """Valid, realistic reviews: :func:`~systemsreview.rules.check` finds nothing in them.

    Each size is a count or a ``(min, max)`` pair (defaults in :data:`DEFAULT_SIZES`); a
    valid review needs at least two agencies and one episode. The reviews vary: agencies of
    different sectors; causal chains from national through local strategic and frontline
    factors to episodes and on to later episodes; factors at all three levels, coded in
    the taxonomy of the review's method; good, mixed and problematic episodes; public and
    restricted events and sources; unicode and long texts; open and completed reviews;
    recommendations, board responses and actions of every decision and status.

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
        recommendations: how many recommendations.
        responses: how many board responses.
        actions: how many actions.
        subjects: how many subjects (children, young people, adults at risk).
        family: how many family members.
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
        "recommendations": recommendations,
        "responses": responses,
        "actions": actions,
        "subjects": subjects,
        "family": family,
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
