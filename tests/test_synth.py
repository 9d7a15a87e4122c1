"""The synthetic generator: reproducible, realistic, skewed, and clean under every rule."""

from __future__ import annotations

import itertools
from collections import Counter

import networkx as nx
import pytest

from systemsreview import synth
from systemsreview.errors import ModelError
from systemsreview.io.json import dumps, loads
from systemsreview.model import LEARNING_TOGETHER, Appraisal, Level, LinkKind, Pattern, Review

REVIEWS = list(synth.corpus(60, seed=4))


def test_same_seed_same_review_and_corpus() -> None:
    assert synth.review(12) == synth.review(12)
    assert synth.review(12) != synth.review(13)
    assert list(synth.corpus(5, seed=9)) == list(synth.corpus(5, seed=9))
    assert list(synth.corpus(3, seed=9)) == list(synth.corpus(5, seed=9))[:3]


def test_corpus_is_lazy_and_ids_are_unique() -> None:
    huge = synth.corpus(10**9, seed=1)
    first = list(itertools.islice(huge, 2))
    assert [r.id for r in first] == ["synth-1-000000", "synth-1-000001"]
    assert len({r.id for r in REVIEWS}) == len(REVIEWS)
    assert list(synth.corpus(0)) == []
    with pytest.raises(ModelError, match="n=-1"):
        list(synth.corpus(-1))


def test_review_takes_an_id_and_a_year() -> None:
    review = synth.review(3, id="mine", year=2015)
    assert review.id == "mine"
    assert review.decided is not None
    assert review.decided.year == 2015


@pytest.mark.parametrize("review", REVIEWS[:20], ids=lambda r: r.id)
def test_sizes_are_realistic(review: Review) -> None:
    assert 3 <= len(review.agencies) <= 8
    assert len({a.sector for a in review.agencies}) >= 3
    assert 100 <= len(review.events) <= 200
    assert 10 <= len(review.episodes) <= 40
    assert {f.level for f in review.factors} == set(Level)
    assert len(review.findings) >= 1
    assert review.sources
    assert review.practitioners
    assert 150 <= review.entity_count <= 400


@pytest.mark.parametrize("review", REVIEWS[:20], ids=lambda r: r.id)
def test_contents_are_well_formed(review: Review) -> None:
    for factor in review.factors:
        assert LEARNING_TOGETHER[factor.category].level is factor.level
    for finding in review.findings:
        assert 1 <= len(finding.questions) <= 5
        assert all(q.endswith("?") for q in finding.questions)
    assert [e.when for e in review.events] == sorted(e.when for e in review.events)
    assert any(e.appraisal is Appraisal.GOOD for e in review.episodes)


def causal_depth(review: Review) -> int:
    graph = nx.DiGraph()
    graph.add_edges_from(
        (link.source, link.target) for link in review.links if link.kind is LinkKind.CONTRIBUTED_TO
    )
    return int(nx.dag_longest_path_length(graph))


def test_causal_chains_are_several_steps_deep() -> None:
    depths = [causal_depth(r) for r in REVIEWS]
    assert min(depths) >= 2
    assert max(depths) >= 4


def test_decisions_spread_over_years() -> None:
    years = Counter(r.decided.year for r in REVIEWS if r.decided is not None)
    assert len(years) >= 8
    assert min(years) >= synth.FIRST_YEAR
    assert max(years) <= synth.LAST_YEAR


def test_prevalence_is_skewed_and_drifts_with_the_year() -> None:
    early = [synth.review(s, year=synth.FIRST_YEAR) for s in range(150)]
    late = [synth.review(s, year=synth.LAST_YEAR) for s in range(150)]

    def share(reviews: list[Review], pattern: Pattern) -> float:
        findings = [f for r in reviews for f in r.findings]
        return sum(f.pattern is pattern for f in findings) / len(findings)

    assert share(late, Pattern.TOOLS) > 2 * share(early, Pattern.TOOLS)
    assert share(early, Pattern.LONGER_TERM_WORK) > 2 * share(late, Pattern.LONGER_TERM_WORK)
    categories = Counter(f.category for r in early + late for f in r.factors)
    counts = sorted(categories.values(), reverse=True)
    assert counts[0] > 5 * counts[-1]  # a few categories are common, most are rare
    statements = Counter(f.statement for r in early + late for f in r.findings)
    assert statements.most_common(1)[0][1] >= 20  # the same findings recur across reviews


def test_patterns_bring_their_factor_categories() -> None:
    def with_pattern(has: bool) -> float:
        picked = [r for r in REVIEWS if any(f.pattern is Pattern.TOOLS for f in r.findings) is has]
        factors = [f for r in picked for f in r.factors]
        return sum(f.category == "frontline.work_conditions.it" for f in factors) / len(factors)

    assert with_pattern(True) > 2 * with_pattern(False)


def test_synthetic_reviews_round_trip_through_json() -> None:
    for review in REVIEWS[:10]:
        assert loads(dumps(review)) == review


def test_check_passes_with_no_violation_at_all() -> None:
    rules = pytest.importorskip("systemsreview.rules", reason="systemsreview.rules not merged")
    found = {
        review.id: rules.check(review)
        for review in itertools.chain(REVIEWS, synth.corpus(300, seed=77))
    }
    assert {rid: v for rid, v in found.items() if v} == {}
