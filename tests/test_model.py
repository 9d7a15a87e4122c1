"""Unit and property tests of the model's classes and validators."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import (
    Action,
    Agency,
    Appraisal,
    ContributoryFactor,
    EntityKind,
    Episode,
    Event,
    FamilyMember,
    Finding,
    Level,
    Link,
    LinkKind,
    ModelError,
    NotFoundError,
    Pattern,
    Period,
    Practitioner,
    Recommendation,
    Response,
    Review,
    Reviewer,
    ReviewKind,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Subject,
    SystemsReviewError,
    Valence,
    strategies,
)
from systemsreview.examples import domestic_abuse_review

D = dt.date

GOOD: dict[type, dict[str, Any]] = {
    Agency: {"id": "a", "name": "Police", "sector": "police"},
    Practitioner: {"id": "p", "role": "duty social worker"},
    Event: {"id": "e", "when": D(2010, 1, 1), "description": "call-out"},
    Episode: {
        "id": "k",
        "title": "visit",
        "period": Period(D(2010, 1, 1), D(2010, 1, 2)),
        "appraisal": "good",
    },
    ContributoryFactor: {
        "id": "f",
        "description": "workload",
        "level": "frontline",
        "category": "frontline.work_conditions.workload",
    },
    Finding: {"id": "fi", "statement": "a pattern", "pattern": "tools"},
    Source: {"id": "s", "kind": "record", "description": "records"},
    Recommendation: {"id": "rec", "statement": "review the first home visit practice"},
    Response: {"id": "res", "decision": "accepted", "when": D(2012, 1, 1)},
    Action: {"id": "act", "what": "audit first home visits"},
    Subject: {"id": "child-a", "age_band": "6_10"},
    FamilyMember: {"id": "mother", "role": "mother"},
}


@pytest.mark.parametrize("cls", list(GOOD))
def test_good_values_construct_and_are_frozen(cls: type) -> None:
    obj = cls(**GOOD[cls])
    assert obj == cls(**GOOD[cls])
    assert hash(obj) == hash(cls(**GOOD[cls]))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        obj.id = "other"


@pytest.mark.parametrize("cls", list(GOOD))
@pytest.mark.parametrize("bad", ["", "   ", None, 3])
def test_bad_ids_name_class_and_field(cls: type, bad: object) -> None:
    with pytest.raises(ModelError, match=rf"{cls.__name__}\.id: got {bad!r}"):
        cls(**{**GOOD[cls], "id": bad})


BAD_FIELDS = [
    (Agency, "sector", "polce", "one of 'social_care', 'police'"),
    (Agency, "name", "", "non-empty string"),
    (Practitioner, "role", 42, "non-empty string"),
    (Event, "when", "2010-13-01", "ISO date"),
    (Event, "when", dt.datetime(2010, 1, 1, 12), "datetime.date"),
    (Event, "when", 20100101, "datetime.date"),
    (Event, "sensitivity", "secret", "Sensitivity"),
    (Episode, "appraisal", "bad", "Appraisal"),
    (Episode, "period", (D(2010, 1, 1), D(2010, 1, 2)), "Period"),
    (Episode, "what_happened", None, "a string"),
    (ContributoryFactor, "level", "regional", "Level"),
    (ContributoryFactor, "valence", "neutral", "Valence"),
    (Finding, "pattern", "blame", "Pattern"),
    (Finding, "questions", ("ok?", 3), "sequence of strings"),
    (Source, "kind", "rumour", "SourceKind"),
]


@pytest.mark.parametrize(("cls", "field", "value", "expected"), BAD_FIELDS)
def test_bad_field_values_say_what_where_and_what_to_do(
    cls: type, field: str, value: object, expected: str
) -> None:
    with pytest.raises(ModelError) as info:
        cls(**{**GOOD[cls], field: value})
    message = str(info.value)
    assert f"{cls.__name__}.{field}" in message
    assert repr(value) in message
    assert expected in message


def test_model_error_is_a_value_error_under_the_root() -> None:
    with pytest.raises(ValueError, match="Agency"):
        Agency(id="a", name="n", sector="nope")
    assert issubclass(ModelError, SystemsReviewError)


def test_strings_convert_to_enums_and_iso_dates() -> None:
    agency = Agency(id="a", name="Police", sector="police")
    assert agency.sector is Sector.POLICE
    assert agency == Agency(id="a", name="Police", sector=Sector.POLICE)
    event = Event(id="e", when="2010-02-03", description="d", sensitivity="restricted")
    assert event.when == D(2010, 2, 3)
    assert event.sensitivity is Sensitivity.RESTRICTED
    assert Source(id="s", kind="audit", description="d").kind is SourceKind.AUDIT


def test_defaults() -> None:
    finding = Finding(id="f", statement="s", pattern=Pattern.TOOLS)
    assert finding.valence is Valence.HINDERING
    assert finding.questions == ()
    assert Event(**GOOD[Event]).sensitivity is Sensitivity.PUBLIC


def test_questions_become_a_tuple() -> None:
    finding = Finding(id="f", statement="s", pattern="tools", questions=["a?", "b?"])
    assert finding.questions == ("a?", "b?")
    assert Finding(id="f", statement="s", pattern="tools", questions="one?").questions == ("one?",)


def test_factor_category_must_be_a_registered_code_at_the_factors_level() -> None:
    with pytest.raises(ModelError, match=r"did you mean 'frontline\.team'"):
        ContributoryFactor(id="f", description="d", level="frontline", category="frontline.teem")
    with pytest.raises(ModelError, match="sits at level 'national'"):
        ContributoryFactor(id="f", description="d", level="frontline", category="national.law")
    london = ContributoryFactor(
        id="f", description="d", level="local_strategic", category="london.organisation.culture"
    )
    assert london.level is Level.LOCAL_STRATEGIC


def test_entity_kinds_are_class_level() -> None:
    kinds = {cls(**GOOD[cls]).entity_kind for cls in GOOD}
    assert kinds == set(EntityKind)


def test_link() -> None:
    link = Link("a", "b", "involved", note="n")
    assert link.kind is LinkKind.INVOLVED
    with pytest.raises(ModelError, match=r"Link\.kind"):
        Link("a", "b", "knows")
    with pytest.raises(ModelError, match=r"Link\.target"):
        Link("a", "", LinkKind.INVOLVED)


def test_reviewer() -> None:
    lead = Reviewer(role="lead reviewer", independent=True, lead=True)
    assert lead.agency_id is None
    with pytest.raises(ModelError, match=r"Reviewer\.independent"):
        Reviewer(role="r", independent="yes")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"Reviewer\.agency_id"):
        Reviewer(role="r", agency_id="")


# ----- Period ----------------------------------------------------------------------------------


def test_period_rejects_end_before_start_and_says_what_to_do() -> None:
    with pytest.raises(ModelError, match="swap the dates"):
        Period(D(2010, 2, 1), D(2010, 1, 31))


def test_period_containment_and_overlap() -> None:
    year = Period("2010-01-01", "2010-12-31")
    assert D(2010, 6, 1) in year
    assert D(2011, 1, 1) not in year
    assert dt.datetime(2010, 6, 1) not in year
    assert Period("2010-03-01", "2010-04-01") in year
    assert year.overlaps(Period("2010-12-31", "2011-01-05"))
    assert not year.overlaps(Period("2011-01-01", "2011-01-05"))
    assert year.days == 365


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))


@given(dates, dates)
def test_every_valid_period_starts_no_later_than_it_ends(a: dt.date, b: dt.date) -> None:
    if a <= b:
        period = Period(a, b)
        assert period.start <= period.end
        assert a in period
        assert b in period
        assert period.days == (b - a).days + 1
    else:
        with pytest.raises(ModelError):
            Period(a, b)


@given(dates, dates, dates)
def test_iso_strings_and_dates_build_equal_periods(a: dt.date, b: dt.date, c: dt.date) -> None:
    start, end = min(a, b, c), max(a, b, c)
    assert Period(start.isoformat(), end.isoformat()) == Period(start, end)


# ----- Review ----------------------------------------------------------------------------------


def _review(**fields: Any) -> Review:
    base: dict[str, Any] = {
        "id": "r",
        "title": "t",
        "kind": "rapid_review",
        "scope": Period("2010-01-01", "2010-12-31"),
    }
    return Review(**{**base, **fields})


def test_review_validates_its_own_fields() -> None:
    with pytest.raises(ModelError, match=r"Review\.kind"):
        _review(kind="inquiry")
    with pytest.raises(ModelError, match=r"Review\.notified"):
        _review(notified="soon")
    with pytest.raises(ModelError, match=r"Review\.agencies.*Agency at position 0"):
        _review(agencies=[Practitioner(id="p", role="r")])


def test_review_with_dangling_links_and_duplicate_ids_is_constructible() -> None:
    review = _review(
        agencies=[Agency(**GOOD[Agency]), Agency(**{**GOOD[Agency], "name": "Other"})],
        links=[Link("ghost", "a", "involved")],
    )
    assert review.agency("a").name == "Police"  # the first of duplicates
    assert review.links_to("a") == (Link("ghost", "a", "involved"),)
    assert "ghost" not in review


def test_review_lookups() -> None:
    review = domestic_abuse_review()
    assert review.entity("police").entity_kind is EntityKind.AGENCY
    assert review.kind_of("kpe-school-talks") is EntityKind.EPISODE
    assert review.kind_of("nobody") is None
    assert review.get("nobody") is None
    assert review.get("nobody", 1) == 1
    assert review.factor("f-first-home-visit").level is Level.FRONTLINE
    assert review.of_kind("finding") == review.findings
    assert review.entity_count == sum(1 for _ in review.entities())
    assert [r.lead for r in review.lead_reviewers] == [True, True]
    assert all(link.source == "f-no-feedback" for link in review.links_from("f-no-feedback"))


def test_unknown_ids_raise_not_found_with_the_closest_ids() -> None:
    review = domestic_abuse_review()
    with pytest.raises(NotFoundError, match="closest: 'kpe-school-talks'") as info:
        review.entity("kpe-school-talk")
    assert info.value.key == "kpe-school-talk"
    assert "kpe-school-talks" in info.value.candidates
    assert isinstance(info.value, KeyError)
    with pytest.raises(NotFoundError, match="'police' is an agency"):
        review.episode("police")


def test_review_lookups_are_indexed_once() -> None:
    review = domestic_abuse_review()
    first = review._index
    assert review._index is first
    assert review == domestic_abuse_review()  # the cached index takes no part in equality


def test_review_kind_statutory() -> None:
    assert ReviewKind.SERIOUS_CASE_REVIEW.statutory
    assert not ReviewKind.NEAR_MISS.statutory


def test_vocabularies_compare_equal_to_their_json_strings() -> None:
    assert Appraisal.GOOD == "good"
    assert Pattern("management_systems") is Pattern.MANAGEMENT_SYSTEMS
    assert EntityKind.FACTOR.plural == "factors"
    assert Level.LOCAL_STRATEGIC.label == "local strategic"


def test_labels_are_plain_words() -> None:
    assert Pattern.FAMILY_PROFESSIONAL.label == "family-professional interactions"
    assert Pattern.INCIDENTS_AND_CRISES.label.startswith("multi-agency working")
    assert Sector.ADULT_SOCIAL_CARE.label == "adult social care"
    assert all(member.label for vocabulary in (Pattern, Level, Sector) for member in vocabulary)


@given(strategies.arbitrary_reviews())
def test_indexed_lookups_agree_with_scans(review: Review) -> None:
    first: dict[str, object] = {}
    for entity in review.entities():
        first.setdefault(entity.id, entity)
    for entity_id, entity in first.items():
        assert review.entity(entity_id) is entity
        assert entity_id in review
    ends = {x.source for x in review.links} | {x.target for x in review.links}
    for end in ends:
        assert review.links_from(end) == tuple(x for x in review.links if x.source == end)
        assert review.links_to(end) == tuple(x for x in review.links if x.target == end)
        if end not in first:
            assert review.get(end) is None
            with pytest.raises(NotFoundError):
                review.entity(end)


@given(st.from_type(Review))
def test_every_entity_rebuilds_equal_from_its_own_fields(review: Review) -> None:
    for entity in review.entities():
        assert type(entity)(**attrs.asdict(entity, recurse=False)) == entity
    assert Review(**attrs.asdict(review, recurse=False)) == review
