"""The public Hypothesis strategies: what they build, their sizes, variety and registration."""

import tomllib
import warnings
from pathlib import Path

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning

import systemsreview.strategies as srs
from systemsreview.errors import ModelError
from systemsreview.model import (
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
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
    Method,
    Period,
    Practitioner,
    Review,
    Reviewer,
    Sensitivity,
    Source,
)
from systemsreview.rules import RULES, check
from systemsreview.summary import causal_chains

ROOT = Path(__file__).parent.parent


def texts_of(review: Review) -> list[str]:
    strings = [review.title]
    for entity in review.entities():
        for field in ("name", "role", "description", "title", "statement", "what_happened"):
            value = getattr(entity, field, None)
            if isinstance(value, str):
                strings.append(value)
    return strings


def reaches(strategy, condition, max_examples):
    """Whether some generated example meets ``condition`` (no shrinking: only the fact)."""
    run = settings(database=None, max_examples=max_examples, phases=[Phase.generate])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisWarning)  # the found example's large repr
        find(strategy, condition, settings=run)


def depth(review: Review) -> int:
    return max(
        (len(chain) for ep in review.episodes for chain in causal_chains(review, ep.id)),
        default=0,
    )


# registration ---------------------------------------------------------------------

CLASSES = [
    Review, Agency, Practitioner, Event, Episode, ContributoryFactor, Finding, Source,
    Period, Link, Reviewer,
]  # fmt: skip


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_from_type_builds_every_class(cls, data):
    assert isinstance(data.draw(st.from_type(cls)), cls)


@given(st.from_type(Review))
def test_from_type_review_is_valid(review):
    assert check(review) == []


def test_the_hypothesis_entry_point_is_declared_and_callable():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = project["project"]["entry-points"]["hypothesis"]["_"]
    module, _, name = target.partition(":")
    assert module == "systemsreview.strategies"
    getattr(srs, name)()  # registering twice is harmless


# entity strategies -----------------------------------------------------------------


@given(srs.factors(taxonomy=LONDON_PROTOCOL))
def test_factor_categories_sit_at_their_level(factor):
    assert LONDON_PROTOCOL[factor.category].level is factor.level


@given(srs.episodes(within=Period("2020-01-01", "2020-03-31")))
def test_episodes_fall_within_the_period_given(episode):
    assert episode.period in Period("2020-01-01", "2020-03-31")
    assert episode.view_at_the_time.strip()


@given(srs.findings())
def test_findings_ask_questions(finding):
    assert 1 <= len(finding.questions) <= 4
    assert all(q.endswith("?") for q in finding.questions)


@given(srs.events(within=Period("2020-01-01", "2020-01-01"), sensitivities=st.just("restricted")))
def test_events_take_constraints(event):
    assert event.when.isoformat() == "2020-01-01"
    assert event.sensitivity is Sensitivity.RESTRICTED


# reviews(): sizes and validity ----------------------------------------------------


@given(srs.reviews(agencies=3, episodes=(2, 3), factors=0, findings=0, events=5, sources=(1, 2)))
def test_sizes_are_respected(review):
    assert len(review.agencies) == 3
    assert 2 <= len(review.episodes) <= 3
    assert review.factors == review.findings == ()
    assert len(review.events) == 5
    assert 1 <= len(review.sources) <= 2
    assert all(ep.appraisal is not Appraisal.PROBLEMATIC for ep in review.episodes)
    assert check(review) == []


@given(srs.reviews(agencies=2, episodes=1, factors=1, findings=1))
def test_the_smallest_reviews_are_valid(review):
    assert check(review) == []


@given(srs.reviews(kind="rapid_review"))
def test_kind_can_be_fixed(review):
    assert review.kind == "rapid_review"


@pytest.mark.parametrize(
    "sizes",
    [{"agencies": 1}, {"episodes": 0}, {"factors": (3, 2)}, {"findings": -1}, {"events": "5"}],
)
def test_impossible_sizes_are_rejected(sizes):
    with pytest.raises(ModelError, match=r"reviews\("):
        srs.reviews(**sizes)


@given(srs.reviews())
def test_reviews_are_realistic(review):
    sectors = [a.sector for a in review.agencies]
    assert len(set(sectors)) == len(sectors)  # distinct sectors
    taxonomy = LONDON_PROTOCOL if review.method is Method.LONDON_PROTOCOL else LEARNING_TOGETHER
    assert all(f.category in taxonomy for f in review.factors)
    assert any(f.level is not Level.FRONTLINE for f in review.factors)
    ids = [e.id for e in review.entities()]
    assert len(ids) == len(set(ids))


# reviews(): variety, found with a search rather than assumed ---------------------


def test_reviews_reach_all_the_variety_promised():
    reaches(srs.reviews(), lambda r: depth(r) >= 4, 500)
    reaches(srs.reviews(), lambda r: {f.level for f in r.factors} == set(Level), 500)
    reaches(
        srs.reviews(),
        lambda r: {Appraisal.GOOD, Appraisal.PROBLEMATIC} <= {e.appraisal for e in r.episodes},
        500,
    )
    reaches(srs.reviews(), lambda r: {e.sensitivity for e in r.events} == set(Sensitivity), 500)
    reaches(srs.reviews(), lambda r: any(not t.isascii() for t in texts_of(r)), 500)
    reaches(srs.reviews(), lambda r: any(len(t) > 600 for t in texts_of(r)), 500)
    reaches(srs.reviews(), lambda r: r.completed is None, 500)
    reaches(srs.reviews(), lambda r: len(r.agencies) >= 5, 500)


# arbitrary_reviews(): the broken shapes really occur ---------------------------------


def test_arbitrary_reviews_reach_every_broken_shape():
    arbitrary = srs.arbitrary_reviews()
    for code in ("SR101", "SR102", "SR103", "SR104", "SR105", "SR201", "SR303"):
        reaches(arbitrary, lambda r, code=code: code in {v.code for v in check(r)}, 300)
    reaches(arbitrary, lambda r: r.links == () and r.entity_count > 0, 300)
    reaches(arbitrary, lambda r: any(e.view_at_the_time == "" for e in r.episodes), 300)


@given(srs.arbitrary_reviews())
def test_arbitrary_reviews_are_reviews(review):
    assert isinstance(review, Review)
    assert all(isinstance(link.kind, LinkKind) for link in review.links)
    assert all(review.of_kind(kind) is not None for kind in EntityKind)


# reviews_violating ------------------------------------------------------------------


def test_there_is_a_breaker_for_every_rule():
    assert list(srs.MUTATIONS) == list(RULES)
    for code, mutation in srs.MUTATIONS.items():
        assert mutation.code == code
        assert mutation.how
        assert mutation.also == ()


def test_unknown_codes_have_no_breaker():
    with pytest.raises(ModelError, match="SR101"):
        srs.reviews_violating("SR999")


@given(srs.reviews_violating("SR304"))
def test_late_reviews_have_a_timescale(review):
    assert review.kind in {"serious_case_review", "local_practice_review", "rapid_review"}


@given(srs.reviews_violating("SR501"))
def test_reviews_without_independent_lead_are_statutory(review):
    assert review.kind.statutory
