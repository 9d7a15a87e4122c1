"""Properties of the rules over generated reviews: soundness, completeness, robustness."""

from collections import Counter

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview.errors import IntegrityError
from systemsreview.model import Agency, EntityKind, Review, Sector
from systemsreview.rules import RULES, Severity, check, check_strict, redact
from systemsreview.strategies import MUTATIONS, arbitrary_reviews, reviews, reviews_violating

CODES = sorted(RULES)


def unique_ids(review: Review) -> Review:
    """``review`` keeping only the first entity of each id (so lookups are order-free)."""
    seen: set[str] = set()
    kept = {}
    for kind in EntityKind:
        kept[kind.plural] = tuple(
            e for e in review.of_kind(kind) if not (e.id in seen or seen.add(e.id))
        )
    return attrs.evolve(review, **kept)


@st.composite
def shuffled(draw: st.DrawFn, review: Review) -> Review:
    """The same review with every entity tuple, the links and the reviewers reordered."""
    fields = {
        kind.plural: tuple(draw(st.permutations(review.of_kind(kind)))) for kind in EntityKind
    }
    return attrs.evolve(
        review,
        links=tuple(draw(st.permutations(review.links))),
        reviewers=tuple(draw(st.permutations(review.reviewers))),
        **fields,
    )


any_review = st.one_of(
    arbitrary_reviews(), reviews(), st.sampled_from(CODES).flatmap(reviews_violating)
)


@given(reviews())
def test_valid_reviews_break_no_rule(review):
    assert check(review) == []


@pytest.mark.parametrize("code", CODES)
@given(data=st.data())
def test_each_breaking_review_breaks_its_rule_and_no_other(code, data):
    review = data.draw(reviews_violating(code))
    found = {v.code for v in check(review)}
    assert code in found
    assert found - {code} <= set(MUTATIONS[code].also)
    assert {v.code for v in check(review, select=code)} == {code}
    assert all(v.code != code for v in check(review, ignore=code))


@given(arbitrary_reviews())
def test_check_never_raises_and_reports_well_formed_violations(review):
    violations = check(review)
    assert violations == sorted(violations)
    for v in violations:
        assert v.code in RULES
        assert v.severity is RULES[v.code].severity
        assert v.subjects
        assert all(isinstance(s, str) for s in v.subjects)
        assert v.message


@given(any_review)
def test_check_is_deterministic(review):
    assert check(review) == check(review) == check(attrs.evolve(review))


@given(any_review.map(unique_ids).flatmap(lambda r: st.tuples(st.just(r), shuffled(r))))
def test_check_ignores_the_order_of_entities_links_and_reviewers(pair):
    review, reordered = pair
    assert check(reordered) == check(review)


@given(any_review, st.sampled_from(Sector))
def test_an_irrelevant_agency_never_removes_a_violation(review, sector):
    fresh = "irrelevant-" + "-".join(sorted(e.id for e in review.entities()))[:40]
    extra = Agency(id=fresh + "-agency", name="An agency no one mentions", sector=sector)
    before = Counter(check(review))
    after = Counter(check(attrs.evolve(review, agencies=(*review.agencies, extra))))
    assert not before - after


@given(any_review, st.sampled_from(["SR1", "SR2", "SR3", "SR4", "SR5", "SR40", "SR502"]))
def test_select_and_ignore_partition_the_violations(review, prefix):
    everything = check(review)
    assert sorted(check(review, select=prefix) + check(review, ignore=prefix)) == everything


@given(any_review)
def test_strict_raises_exactly_when_an_error_is_found(review):
    violations = check(review)
    errors = [v for v in violations if v.severity is Severity.ERROR]
    if errors:
        with pytest.raises(IntegrityError) as info:
            check_strict(review)
        assert list(info.value.violations) == violations
    else:
        assert check_strict(review) == violations


@given(reviews())
def test_redacting_a_valid_review_keeps_it_valid(review):
    assert check(redact(review)) == []


@given(any_review)
def test_redacting_adds_no_structural_violation(review):
    # compared by code and subjects: a message may change (fewer holders of a duplicate id)
    before = Counter((v.code, v.subjects) for v in check(review, select="SR1"))
    after = Counter((v.code, v.subjects) for v in check(redact(review), select="SR1"))
    assert not after - before
