"""JSON documents: round trips, the generated schema, and every way a document can be bad."""

from __future__ import annotations

import importlib.util
import io
import json
import re
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from systemsreview import synth
from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as srjson
from systemsreview.io._jsonconv import _OMITTED
from systemsreview.io._jsonschema import BUILT_IN_TAXONOMIES
from systemsreview.io.json import FORMAT_VERSION, dump, dumps, json_schema, load, loads
from systemsreview.model import Review
from systemsreview.strategies import arbitrary_reviews, reviews


def without_case(review: Review) -> Review:
    """The review as the format 2 fixture holds it (see tests/fixtures/make_format2.py)."""
    import importlib.util  # noqa: PLC0415 - the fixture script is loaded only here

    path = Path(__file__).with_name("fixtures") / "make_format2.py"
    spec = importlib.util.spec_from_file_location("make_format2", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.without_case(review)  # type: ignore[no-any-return]


REVIEW = domestic_abuse_review()
VALIDATOR = jsonschema.Draft202012Validator(
    json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)
SHIPPED = Path(srjson.__file__).with_name("review.schema.json")


def document() -> dict[str, Any]:
    """A fresh dict of the example's JSON, to break in one place."""
    result: dict[str, Any] = json.loads(dumps(REVIEW))
    return result


# --- round trips ---------------------------------------------------------------------------


def test_example_round_trips() -> None:
    assert loads(dumps(REVIEW)) == REVIEW
    assert loads(dumps(REVIEW, indent=2).encode()) == REVIEW


def test_field_names_are_the_attrs_names_with_the_version_first() -> None:
    doc = document()
    assert next(iter(doc)) == "format_version"
    assert doc["format_version"] == FORMAT_VERSION
    # ``extensions`` is left out when empty (the example has none); the case fields of
    # version 4 and the context fields of version 5, left out when empty, come after the
    # others when present, in field order.
    names = [f.name for f in attrs.fields(Review) if f.name != "extensions"]
    case = [n for n in names if n in _OMITTED[Review]]
    assert list(doc)[1:] == [n for n in names if n not in case] + [n for n in case if n in doc]
    assert "aware" not in doc  # the example does not know the day
    assert list(doc["episodes"][0]) == [
        "id",
        "title",
        "period",
        "appraisal",
        "what_happened",
        "view_at_the_time",
        "hindsight",
    ]
    assert doc["episodes"][0]["period"] == {"start": "2010-02-13", "end": "2011-03-27"}
    assert doc["kind"] == "serious_case_review"
    assert doc["links"][0] == {
        "source": "police-officers",
        "target": "police",
        "kind": "works_for",
        "note": "",
    }


def _reviewer_5(old: dict[str, Any]) -> dict[str, Any]:
    """A version 4 reviewer as version 5 writes it (the example's roles are vocabulary words)."""
    return {
        "role": old["role"].replace(" ", "_"),
        "role_text": "",
        "organisation": old["organisation"],
        "independent_of_case": old["independent"],
        "independent_of_agencies": old["independent"],
        "independent_of_board": None,
        "lead": old["lead"],
        "agency_id": old["agency_id"],
    }


def test_format_version_1_documents_stay_readable_and_unchanged() -> None:
    """A committed document of format version 1 reads through the migrations to version 5.

    Version 2 only added (optional) ``extensions``, version 3 the (empty here) learning loop,
    version 4 the (optional) case data, left out when empty, and version 5 made ``method``
    a list and gave reviewers a role vocabulary and independence facets, so writing it again
    changes the version number, adds three empty arrays before ``links``, turns the method
    into ``methods`` and the reviewers into version 5's, and nothing else.
    """
    fixture = Path(__file__).with_name("fixtures") / "review-v1.json"
    review = load(fixture)
    assert review.id == "lscb-2011-da"
    assert len(review.events) == 11
    assert all(not e.extensions for e in review.entities())
    old = json.loads(fixture.read_text(encoding="utf-8"))
    assert old["format_version"] == 1
    expected: dict[str, Any] = {}
    for name, value in old.items():
        if name == "links":
            expected |= {"recommendations": [], "responses": [], "actions": []}
        if name == "method":
            expected["methods"] = [value]
        elif name == "reviewers":
            expected["reviewers"] = [_reviewer_5(r) for r in value]
        else:
            expected[name] = 5 if name == "format_version" else value
    text = json.dumps(expected, indent=2, ensure_ascii=False)
    assert text + "\n" == dumps(review, indent=2) + "\n"


def test_order_of_every_tuple_is_kept() -> None:
    shuffled = attrs.evolve(REVIEW, links=REVIEW.links[::-1], events=REVIEW.events[::-1])
    again = loads(dumps(shuffled))
    assert again.links == shuffled.links
    assert again.events == shuffled.events


def test_dump_and_load_through_paths_and_files(tmp_path: Path) -> None:
    path = tmp_path / "review.json"
    dump(REVIEW, path)
    assert load(path) == REVIEW
    assert load(str(path)) == REVIEW
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    buffer = io.StringIO()
    dump(REVIEW, buffer, indent=None)
    assert loads(buffer.getvalue()) == REVIEW
    with path.open("rb") as binary:
        assert load(binary) == REVIEW


texts = st.text(st.characters(codec="utf-8"), max_size=200)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=texts.filter(str.strip),
    commissioner=texts,
    note=texts,
    questions=st.lists(texts, max_size=5),
    decided=st.none() | st.dates(),
)
def test_any_text_and_dates_round_trip(
    title: str, commissioner: str, note: str, questions: list[str], decided: Any
) -> None:
    finding = attrs.evolve(REVIEW.findings[0], questions=tuple(questions), statement=title)
    link = attrs.evolve(REVIEW.links[0], note=note)
    review = attrs.evolve(
        REVIEW,
        title=title,
        commissioner=commissioner,
        decided=decided,
        findings=(finding,),
        links=(link, *REVIEW.links[1:]),
    )
    assert loads(dumps(review)) == review


@given(arbitrary_reviews())
def test_every_review_the_model_allows_round_trips(review: Review) -> None:
    assert loads(dumps(review)) == review
    assert loads(dumps(review, indent=2).encode()) == review


@given(reviews())
def test_dumps_of_generated_reviews_validate_against_the_schema(review: Review) -> None:
    VALIDATOR.validate(json.loads(dumps(review)))


@settings(max_examples=15)
@given(arbitrary_reviews())
def test_dumps_of_arbitrary_reviews_validate_against_the_schema(review: Review) -> None:
    VALIDATOR.validate(json.loads(dumps(review)))


def test_dumps_of_synthetic_reviews_validate_against_the_schema() -> None:
    for review in synth.corpus(5, seed=2):
        VALIDATOR.validate(json.loads(dumps(review)))


def test_text_utf8_cannot_hold_is_escaped_in_files(tmp_path: Path) -> None:
    odd = attrs.evolve(REVIEW, title="lone \ud800 surrogate")
    dump(odd, tmp_path / "odd.json")
    assert load(tmp_path / "odd.json") == odd
    assert loads(dumps(odd)) == odd


def test_an_empty_review_round_trips() -> None:
    empty = Review(id="r", title="t", kind="rapid_review", scope=REVIEW.scope)
    assert loads(dumps(empty)) == empty


# --- the schema ------------------------------------------------------------------------------


def test_shipped_schema_is_the_generated_one() -> None:
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    assert shipped == json_schema(BUILT_IN_TAXONOMIES, built_in=True), (
        "review.schema.json is stale: regenerate it with "
        "python -m systemsreview.io._jsonschema > src/systemsreview/io/review.schema.json"
    )


def test_schema_is_valid_draft_2020_12_and_accepts_dumps() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document())


def test_schema_lists_enum_values_and_required_fields() -> None:
    defs = json_schema()["$defs"]
    assert defs["LinkKind"]["enum"] == [
        "contributed_to",
        "involved",
        "works_for",
        "part_of",
        "evidenced_by",
        "rests_on",
        "addressed_to",
        "responds_to",
        "addresses",
        "owned_by",
        "concerns",
        "lives_with",
        "cares_for",
    ]
    assert defs["Action"]["required"] == ["id", "what"]
    assert defs["Action"]["else"] == {"properties": {"completed": {"type": "null"}}}
    assert defs["Finding"]["required"] == ["id", "statement", "pattern"]
    assert defs["Finding"]["properties"]["questions"]["items"] == {"type": "string"}
    assert defs["Episode"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("kind",), "inquest"),
        (("episodes", 0, "period", "start"), 5),
        (("agencies", 0, "id"), ""),
        (("reviewers", 0, "independent"), "yes"),
    ],
)
def test_schema_rejects_what_loads_rejects(path: tuple[Any, ...], value: Any) -> None:
    doc = document()
    set_at(doc, path, value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, json_schema(), cls=jsonschema.Draft202012Validator)
    with pytest.raises(FormatError):
        loads(json.dumps(doc))


# --- bad documents -----------------------------------------------------------------------------


def set_at(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        doc = doc[step]
    doc[path[-1]] = value


def drop_at(doc: Any, path: tuple[Any, ...]) -> None:
    for step in path[:-1]:
        doc = doc[step]
    del doc[path[-1]]


BAD_VALUES = [
    (("episodes", 3, "period", "start"), "2010-13-01", "$.episodes[3].period.start", "ISO date"),
    (("episodes", 3, "period", "start"), "2012-01-01", "$.episodes[3].period", "before it starts"),
    (("events", 0, "when"), 20100101, "$.events[0].when", "got a number"),
    (("findings", 0, "pattern"), "luck", "$.findings[0].pattern", "'tools'"),
    (("factors", 2, "level"), "regional", "$.factors[2].level", "'local_strategic'"),
    (("factors", 2, "category"), "national.law", "$.factors[2]", "make them agree"),
    (("factors", 2, "category"), "frontline.tem", "$.factors[2]", "did you mean"),
    (("findings", 0, "questions"), "Why?", "$.findings[0].questions", "expected an array"),
    (("findings", 0, "questions", 1), 7, "$.findings[0].questions[1]", "expected a string"),
    (("title",), 5, "$.title", "expected a string"),
    (("id",), " ", "$", "non-empty"),
    (("reviewers", 0, "lead"), "true", "$.reviewers[0].lead", "true or false"),
    (("episodes",), {}, "$.episodes", "expected an array"),
    (("episodes", 1), None, "$.episodes[1]", "expected an object"),
    (("scope",), "2010", "$.scope", "expected an object"),
    (("links", 4, "kind"), "caused", "$.links[4].kind", "'contributed_to'"),
    (("notified",), "soon", "$.notified", "ISO date"),
]


@pytest.mark.parametrize(("path", "value", "where", "what"), BAD_VALUES)
def test_bad_values_name_their_json_path(
    path: tuple[Any, ...], value: Any, where: str, what: str
) -> None:
    doc = document()
    set_at(doc, path, value)
    with pytest.raises(FormatError) as info:
        loads(json.dumps(doc), name="case.json")
    message = str(info.value)
    assert message.startswith("case.json: 1 problem in the review JSON:")
    assert f"  {where}: " in message
    assert what in message
    assert "json_schema()" in message


@pytest.mark.parametrize(
    ("path", "where"),
    [(("scope",), "$.scope"), (("episodes", 3, "title"), "$.episodes[3].title")],
)
def test_missing_fields_are_named(path: tuple[Any, ...], where: str) -> None:
    doc = document()
    drop_at(doc, path)
    with pytest.raises(FormatError, match=re.escape(f"{where}: required field missing")):
        loads(json.dumps(doc))


def test_unknown_fields_are_refused_with_their_name() -> None:
    doc = document()
    doc["episodes"][2]["hindisght"] = "typo"
    with pytest.raises(FormatError, match=r"\$\.episodes\[2\]: unknown field\(s\) 'hindisght'"):
        loads(json.dumps(doc))


def test_every_problem_is_reported_at_once() -> None:
    doc = document()
    doc["events"][1]["when"] = "yesterday"
    doc["links"][0]["kind"] = 1
    doc["findings"][0]["valence"] = "neutral"
    with pytest.raises(FormatError, match="3 problems") as info:
        loads(json.dumps(doc))
    for where in ("$.events[1].when", "$.links[0].kind", "$.findings[0].valence"):
        assert where in str(info.value)


def test_long_lists_of_problems_are_cut_short() -> None:
    doc = document()
    for event in doc["events"]:
        event["when"] = "?"
    for link in doc["links"]:
        link["kind"] = "?"
    with pytest.raises(FormatError, match=r"\.\.\. and \d+ more"):
        loads(json.dumps(doc))


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('{"format_version": 1,\n "id": }', "not valid JSON: Expecting value at line 2 column 8"),
        ("", "not valid JSON"),
        ("[1, 2]", "$: the document is list, not a JSON object"),
        ("null", "not a JSON object"),
        ('{"id": "r"}', "$.format_version: required field missing"),
        ('{"format_version": "1"}', "$.format_version: got '1'"),
        ('{"format_version": true}', "$.format_version: got True"),
        ('{"format_version": 0}', "$.format_version: got 0"),
        ('{"format_version": 1}', "$.id: required field missing"),
    ],
)
def test_documents_that_are_not_reviews(text: str, what: str) -> None:
    with pytest.raises(FormatError) as info:
        loads(text)
    assert what in str(info.value)
    assert type(info.value) is FormatError


def test_bytes_that_are_not_utf8() -> None:
    with pytest.raises(FormatError, match="save it as UTF-8 JSON"):
        loads(b'{"format_version": 1, "id": "\xff"}')


def test_newer_format_version_is_refused() -> None:
    doc = document()
    doc["format_version"] = FORMAT_VERSION + 1
    with pytest.raises(FormatVersionError, match="upgrade systemsreview"):
        loads(json.dumps(doc), name="future.json")


def as_version_4(doc: dict[str, Any]) -> dict[str, Any]:
    """A version 5 document of a review without version 5 context, as version 4 wrote it."""
    old: dict[str, Any] = {}
    for name, value in doc.items():
        if name == "methods":
            assert len(value) == 1
            old["method"] = value[0]
        elif name == "reviewers":
            old[name] = [_reviewer_4(r) for r in value]
        else:
            old[name] = 4 if name == "format_version" else value
    return old


def _reviewer_4(reviewer: dict[str, Any]) -> dict[str, Any]:
    assert reviewer["independent_of_case"] is reviewer["independent_of_agencies"]
    return {
        "role": reviewer["role_text"] or reviewer["role"].replace("_", " "),
        "organisation": reviewer["organisation"],
        "independent": bool(reviewer["independent_of_case"]),
        "lead": reviewer["lead"],
        "agency_id": reviewer["agency_id"],
    }


def test_older_versions_go_through_the_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    def rename_title(doc: dict[str, Any]) -> dict[str, Any]:
        doc = dict(doc)
        doc["title"] = doc.pop("name")
        return doc

    monkeypatch.setitem(srjson.MIGRATIONS, 1, rename_title)  # patches the real step 1 -> 2
    assert srjson.FORMAT_VERSION == FORMAT_VERSION == 5  # then 2 -> 3 -> 4 -> 5 run as they are
    expected = without_case(attrs.evolve(REVIEW, recommendations=(), responses=(), actions=()))
    doc = as_version_4(json.loads(dumps(expected)))  # no case fields: written when not empty
    for name in ("recommendations", "responses", "actions"):  # version 3 fields
        del doc[name]
    doc["format_version"] = 1
    doc["name"] = doc.pop("title")
    assert loads(json.dumps(doc)) == expected
    doc["format_version"] = 0
    with pytest.raises(FormatError):
        loads(json.dumps(doc))


def test_a_version_without_its_migration_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = document()
    monkeypatch.setattr(srjson, "FORMAT_VERSION", FORMAT_VERSION + 1)
    with pytest.raises(
        FormatVersionError, match=f"no migration from JSON format version {FORMAT_VERSION}"
    ):
        loads(json.dumps(doc))


def test_missing_and_unwritable_files(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"cannot read .*nowhere\.json"):
        load(tmp_path / "nowhere.json")
    with pytest.raises(FormatError, match=r"cannot write .*review\.json.*writable"):
        dump(REVIEW, tmp_path / "no-such-folder" / "review.json")
    (tmp_path / "broken.json").write_text('{"format_version": 1', encoding="utf-8")
    with pytest.raises(FormatError, match=r"broken\.json: not valid JSON"):
        load(tmp_path / "broken.json")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=5,
)


def leaf_paths(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in leaf_paths(v, (*prefix, k))] + [prefix]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc) for p in leaf_paths(v, (*prefix, i))] + [prefix]
    return [prefix]


PATHS = [p for p in leaf_paths(document()) if p]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PATHS), json_values), min_size=1, max_size=3))
def test_any_damage_raises_format_error_or_loads(damage: list[tuple[tuple[Any, ...], Any]]) -> None:
    doc = document()
    for path, value in damage:
        try:
            set_at(doc, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    text = json.dumps(doc)
    try:
        loads(text)
    except FormatError as exc:
        message = str(exc)
    else:
        return
    assert message.startswith("<string>:")  # ours, never a raw cattrs or json exception


def test_format_version_2_documents_stay_readable() -> None:
    """A committed document written by the version 2 writer loads to the worked example
    as it was then: without the learning loop of version 3 and the case data (subjects,
    family, characteristics) of version 4."""
    fixture = Path(__file__).with_name("fixtures") / "review-v2.json"
    assert '"format_version": 2,' in fixture.read_text(encoding="utf-8")
    review = load(fixture)
    assert review == without_case(_fixture_script("make_format2").case_only(REVIEW))
    assert review.responses == review.actions == review.recommendations == ()
    assert not review.subjects
    assert not review.family
    assert not review.characteristics
    assert loads(dumps(review)) == review


def test_a_version_2_document_holding_version_3_fields_is_refused() -> None:
    doc = as_version_4(json.loads(dumps(without_case(domestic_abuse_review()))))
    doc["format_version"] = 2
    with pytest.raises(
        FormatError, match=r"v2.json: \$.recommendations: a JSON format version 2 document has no"
    ):
        loads(json.dumps(doc), name="v2.json")


@pytest.mark.parametrize("field", ["subjects", "family", "characteristics", "aware"])
def test_a_version_3_document_holding_version_4_fields_is_refused(field: str) -> None:
    doc = as_version_4(json.loads(dumps(without_case(domestic_abuse_review()))))
    doc["format_version"] = 3
    assert loads(json.dumps(doc)) == without_case(domestic_abuse_review())
    doc[field] = [] if field != "aware" else "2011-01-05"
    with pytest.raises(
        FormatError, match=rf"v3.json: \$.{field}: a JSON format version 3 document has no"
    ):
        loads(json.dumps(doc), name="v3.json")


def test_format_version_3_adds_the_learning_loop_and_4_the_case() -> None:
    doc = json.loads(dumps(domestic_abuse_review()))
    assert doc["format_version"] == 5
    assert [r["id"] for r in doc["responses"]] == ["res-board-voice-of-child"]
    assert [a["status"] for a in doc["actions"]] == ["done", "in_progress"]
    assert [s["id"] for s in doc["subjects"]] == ["child-a", "child-b"]
    assert list(doc)[-8:] == [
        "sources",
        "recommendations",
        "responses",
        "actions",
        "links",
        "characteristics",  # the case's fields, written only when not empty, come last
        "subjects",
        "family",
    ]


def _fixture_script(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(
        name, Path(__file__).with_name("fixtures") / f"{name}.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_version_3_document_reads_back() -> None:
    """``review-v3.json`` was written by the version 3 writer (``make_format3.py``)."""
    fixture = Path(__file__).with_name("fixtures") / "review-v3.json"
    assert '"format_version": 3,' in fixture.read_text(encoding="utf-8")
    assert load(fixture) == _fixture_script("make_format3").small_review()


def test_the_committed_version_4_document_reads_back() -> None:
    """``review-v4.json`` was written by the version 4 writer (``make_format4.py``)."""
    fixture = Path(__file__).with_name("fixtures") / "review-v4.json"
    assert '"format_version": 4,' in fixture.read_text(encoding="utf-8")
    review = load(fixture)
    assert review == _fixture_script("make_format4").small_review()
    assert [s.id for s in review.subjects] == ["young-person", "adult"]
