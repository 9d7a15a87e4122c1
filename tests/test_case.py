"""The case: subjects, family members, characteristics, their rules, formats and redaction."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview import (
    FamilyMember,
    Subject,
    check,
    diff,
    from_networkx,
    patch,
    redact,
    to_networkx,
)
from systemsreview.errors import FormatError, ModelError, NotFoundError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json
from systemsreview.io import parquet
from systemsreview.io._arrow import Where, decode, encode
from systemsreview.model import (
    AgeBand,
    EducationStatus,
    EntityKind,
    IncidentKind,
    LinkKind,
    Review,
    characteristics,
    get_characteristic,
    identifying_id,
    register_characteristic,
)
from systemsreview.model import _characteristics as registry
from systemsreview.rules._case import contradictions
from systemsreview.strategies import arbitrary_reviews, reviews, reviews_violating

EXAMPLE = domestic_abuse_review()


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = dict(registry._REGISTRY)
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)


# --- the model ------------------------------------------------------------------------------


def test_the_worked_example_has_its_two_children_and_their_mother() -> None:
    assert [s.id for s in EXAMPLE.subjects] == ["child-a", "child-b"]
    assert all(s.age_band is AgeBand.AGE_6_TO_10 for s in EXAMPLE.subjects)
    assert all(s.education is EducationStatus.IN_SCHOOL for s in EXAMPLE.subjects)
    assert all(s.known_to_social_care for s in EXAMPLE.subjects)
    [mother] = EXAMPLE.family
    assert mother.characteristics == ("parental_substance_misuse",)
    assert EXAMPLE.characteristics == ("domestic_abuse",)
    lives = [k for k in EXAMPLE.links_from("mother") if k.kind is LinkKind.LIVES_WITH]
    assert {k.target for k in lives} == {"child-a", "child-b"}
    assert EXAMPLE.kind_of("child-a") is EntityKind.SUBJECT
    assert EXAMPLE.subject("child-b").id == "child-b"
    assert EXAMPLE.family_member("mother").role.value == "mother"
    assert check(EXAMPLE) == []


@pytest.mark.parametrize(
    "ident",
    ["Jane Smith", "Mohammed Ali Khan", "child-2010-03-04", "c 04/03/2010", "20100304", "x 4.3.10"],
)
def test_identifying_ids_are_refused(ident: str) -> None:
    assert identifying_id(ident) is not None
    with pytest.raises(ModelError, match="does not identify a person"):
        Subject(id=ident, age_band="6_10")
    with pytest.raises(ModelError, match="does not identify a person"):
        FamilyMember(id=ident, role="mother")


@pytest.mark.parametrize(
    "ident", ["child-a", "Child A", "Older Sibling", "mother", "Baby B", "sibling-2", "c1"]
)
def test_anonymous_ids_are_accepted(ident: str) -> None:
    assert identifying_id(ident) is None
    assert Subject(id=ident, age_band="under_1").id == ident


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("age_band", "7", "AgeBand"),
        ("sex", "f", "Sex"),
        ("ethnicity", "british", "Ethnicity"),
        ("status", "cpp", "StatutoryStatus"),
        ("education", "home", "EducationStatus"),
        ("disability", "yes", "True or False"),
        ("known_to_social_care", 1, "True or False"),
        ("characteristics", ("neglect", "neglect"), "repeated"),
        ("characteristics", ("neglet",), "did you mean 'neglect'"),
    ],
)
def test_bad_subject_fields_name_the_field(field: str, value: object, expected: str) -> None:
    with pytest.raises(ModelError, match=rf"Subject\.{field}.*{expected}"):
        Subject(id="child-a", **{"age_band": "6_10", field: value})  # type: ignore[arg-type]


def test_characteristics_are_registered_data(restore_registry: None) -> None:
    assert get_characteristic("sudi").label == "sudden unexpected death in infancy"
    with pytest.raises(NotFoundError, match="register_characteristic"):
        get_characteristic("radicalisation")
    with pytest.raises(ModelError, match="register its parent"):
        register_characteristic("radical.online", "online radicalisation")
    added = register_characteristic("extra_familial_harm.radicalisation", "radicalisation")
    assert added in characteristics()
    assert Subject(id="c", age_band="16_17", characteristics=[added.code]).characteristics
    assert register_characteristic(added.code, added.label) == added  # again: harmless
    with pytest.raises(ModelError, match="registered already"):
        register_characteristic(added.code, "another label")
    with pytest.raises(ModelError, match="dotted snake_case"):
        register_characteristic("Bad Code", "label")


def test_a_review_holds_characteristics_and_the_day_it_became_aware() -> None:
    review = attrs.evolve(EXAMPLE, aware="2011-05-03")
    assert review.aware == dt.date(2011, 5, 3)
    with pytest.raises(ModelError, match=r"Review\.characteristics"):
        attrs.evolve(EXAMPLE, characteristics=("not-a-code",))


# --- rules ----------------------------------------------------------------------------------


def test_sr701_counts_working_days_and_bank_holidays() -> None:
    # Notified Monday 9 May 2011; 2 May was a bank holiday, 29 April (royal wedding) too.
    assert check(attrs.evolve(EXAMPLE, aware="2011-04-28"), select=["SR7"]) == []
    late = check(attrs.evolve(EXAMPLE, aware="2011-04-27"), select=["SR7"])
    assert [v.code for v in late] == ["SR701"]
    assert "6 working days" in late[0].message
    assert check(attrs.evolve(EXAMPLE, aware=None), select=["SR7"]) == []
    far = check(attrs.evolve(EXAMPLE, aware="1990-01-01"), select=["SR7"])
    assert "calendar days" in far[0].message


@pytest.mark.parametrize(
    ("fields", "incident", "problem"),
    [
        ({"age_band": "under_1", "education": "not_in_school"}, "death", "education status"),
        (
            {"age_band": "25_64", "role": "adult_at_risk", "status": "looked_after"},
            "death",
            "child",
        ),
        ({"age_band": "6_10", "status": "adult_safeguarding_enquiry"}, "death", "adult status"),
        ({"age_band": "6_10", "role": "adult_at_risk"}, "death", "adult at risk"),
        ({"age_band": "25_64"}, "death", "adult age band"),
        ({"age_band": "11_15", "characteristics": ["sudi"]}, "death", "infancy at age"),
        ({"age_band": "under_1", "characteristics": ["suicide"]}, "death", "suicide at age"),
        ({"age_band": "16_17", "characteristics": ["suicide"]}, "serious_harm", "a death"),
    ],
)
def test_sr702_finds_contradictions(fields: dict[str, object], incident: str, problem: str) -> None:
    subject = Subject(id="x", **fields)  # type: ignore[arg-type]
    assert any(problem in p for p in contradictions(subject, IncidentKind(incident)))
    review = attrs.evolve(EXAMPLE, incident=incident, subjects=(subject,))
    assert "SR702" in {v.code for v in check(review)}


@settings(max_examples=40, deadline=None)
@given(reviews())
def test_generated_reviews_have_consistent_cases(review: Review) -> None:
    assert check(review, select=["SR7"]) == []
    for subject in review.subjects:
        assert contradictions(subject, review.incident) == []


@settings(max_examples=15, deadline=None)
@given(
    st.sampled_from(["SR701", "SR702"]).flatmap(
        lambda c: st.tuples(st.just(c), reviews_violating(c))
    )
)
def test_violating_reviews_break_exactly_their_rule(pair: tuple[str, Review]) -> None:
    code, review = pair
    assert {v.code for v in check(review)} == {code}


def test_from_type_builds_subjects_and_family_members() -> None:
    @settings(max_examples=20, deadline=None)
    @given(st.from_type(Subject), st.from_type(FamilyMember))
    def run(subject: Subject, member: FamilyMember) -> None:
        assert identifying_id(subject.id) is None
        assert contradictions(subject, IncidentKind.DEATH) == []
        assert isinstance(member, FamilyMember)

    run()


def test_reviews_shrink_to_no_case() -> None:
    from hypothesis import find  # noqa: PLC0415 - only this test searches

    smallest = find(reviews(), lambda r: True)
    assert smallest.subjects == ()
    assert smallest.family == ()
    assert smallest.characteristics == ()


# --- formats --------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(arbitrary_reviews())
def test_case_data_survives_json_arrow_and_graphs(review: Review) -> None:
    assert review_json.loads(review_json.dumps(review)) == review
    tables = encode([review])
    assert decode(tables, {t: Where("<memory>", t) for t in tables}) == [review]
    if len({e.id for e in review.entities()}) == review.entity_count:
        assert from_networkx(to_networkx(review)) == review
        assert from_networkx(to_networkx(review, plain=True)) == review


def test_plain_graph_files_keep_booleans_and_codes() -> None:
    child = Subject(
        id="c3", age_band="11_15", disability=True, sex="male", characteristics=["neglect"]
    )
    review = attrs.evolve(EXAMPLE, aware="2011-05-05", subjects=(*EXAMPLE.subjects, child))
    graph = to_networkx(review, plain=True)
    for write, read in ((nx.write_graphml, nx.read_graphml), (nx.write_gml, nx.read_gml)):
        buffer = io.BytesIO()
        write(graph, buffer)
        assert from_networkx(read(io.BytesIO(buffer.getvalue()))) == review


def test_diff_and_patch_cover_the_case() -> None:
    child = Subject(id="c3", age_band="16_17", role="young_person")
    changed = attrs.evolve(
        EXAMPLE,
        subjects=(EXAMPLE.subjects[0], child),
        family=(),
        characteristics=("domestic_abuse", "neglect"),
        links=tuple(k for k in EXAMPLE.links if "mother" not in (k.source, k.target)),
    )
    d = diff(EXAMPLE, changed)
    assert patch(EXAMPLE, d) == changed


def test_parquet_tables_of_the_case(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    parquet.write(path, EXAMPLE)
    assert parquet.read_review(path, EXAMPLE.id) == EXAMPLE
    subjects = parquet.read_table(path, "subjects")
    assert subjects.column("id").to_pylist() == ["child-a", "child-b"]
    assert subjects.column("known_to_social_care").to_pylist() == [True, True]
    family = parquet.read_table(path, "family")
    assert family.column("characteristics").to_pylist() == [["parental_substance_misuse"]]
    descriptions = {f.name: f.metadata[b"description"] for f in parquet.SCHEMAS["subjects"]}
    assert all(descriptions.values())


def test_parquet_refuses_unknown_codes_and_identifying_ids(tmp_path: Path) -> None:
    import pyarrow as pa  # noqa: PLC0415

    tables = encode([EXAMPLE])
    bad = tables["family"].set_column(
        tables["family"].schema.get_field_index("characteristics"),
        parquet.SCHEMAS["family"].field("characteristics"),
        pa.array([["no_such_code"]], parquet.SCHEMAS["family"].field("characteristics").type),
    )
    with pytest.raises(FormatError, match=r"no_such_code.*not a registered case characteristic"):
        decode({**tables, "family": bad}, {t: Where("<memory>", t) for t in tables})
    named = tables["subjects"].set_column(
        1, parquet.SCHEMAS["subjects"].field("id"), pa.array(["Jane Smith", "child-b"])
    )
    with pytest.raises(FormatError, match="would identify a person"):
        decode({**tables, "subjects": named}, {t: Where("<memory>", t) for t in tables})


def test_json_refuses_identifying_ids() -> None:
    document = json.loads(review_json.dumps(EXAMPLE))
    document["subjects"][0]["id"] = "Jane Smith"
    with pytest.raises(FormatError, match="does not identify a person"):
        review_json.loads(json.dumps(document))


# --- redaction ------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(arbitrary_reviews())
def test_redaction_removes_what_could_single_a_child_out(review: Review) -> None:
    public = redact(review)
    for before, after in zip(review.subjects, public.subjects, strict=True):
        assert after.sex.value == "not_known"
        assert after.ethnicity.value == "not_recorded"
        assert after.disability is False
        assert (after.age_band, after.status, after.characteristics) == (
            before.age_band,
            before.status,
            before.characteristics,
        )
    assert public.family == review.family


# --- the report -----------------------------------------------------------------------------


def test_the_report_shows_the_child_and_family_without_identifying_data() -> None:
    from systemsreview.io.report import to_html  # noqa: PLC0415

    child = Subject(id="child-c", age_band="11_15", sex="female", ethnicity="black")
    html = to_html(attrs.evolve(EXAMPLE, subjects=(*EXAMPLE.subjects, child)))
    section = html.split('<section id="family"', 1)[1].split("</section>", 1)[0]
    assert "The child and family" in section
    assert "parental substance misuse" in section
    assert "child-a, child-b" in section
    assert "female" not in section
    assert "black" not in section.lower()
    empty = to_html(attrs.evolve(EXAMPLE, subjects=(), family=()))
    assert "No subject or family member recorded" in empty
