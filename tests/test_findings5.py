"""Format 5.0's findings part: several patterns and sub-patterns per finding, perspectives,
factors placed in agencies; through the model, JSON, Parquet, migrations, rules and queries."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import systemsreview as sr
from systemsreview import analytics, sql, strategies
from systemsreview.corpus import Corpus
from systemsreview.errors import FormatError, ModelError, NotFoundError
from systemsreview.io import json as srjson
from systemsreview.io import parquet
from systemsreview.io._arrow import Where, decode, encode
from systemsreview.io._migrate import migrate
from systemsreview.io.report import to_html
from systemsreview.model import (
    SUB_PATTERNS_EXTENSION,
    Finding,
    Pattern,
    Perspective,
    Sensitivity,
    ViewStatus,
)
from systemsreview.query import factors_by_agency, interaction_matrix, perspectives_of
from systemsreview.rules import check, redact
from systemsreview.summary import summarise

REVIEW = sr.examples.domestic_abuse_review()
FIXTURES = Path(__file__).parent / "fixtures"


def finding(**changes: Any) -> Finding:
    return Finding(id="f", statement="s", **{"pattern": "human_reasoning", **changes})


# --- the model ------------------------------------------------------------------------------


def test_a_finding_rests_on_several_patterns_primary_first() -> None:
    f = finding(other_patterns=["tools", Pattern.FAMILY_PROFESSIONAL])
    assert f.patterns == (Pattern.HUMAN_REASONING, Pattern.TOOLS, Pattern.FAMILY_PROFESSIONAL)
    assert f.pattern is Pattern.HUMAN_REASONING  # existing code reads the primary one
    assert finding().patterns == (Pattern.HUMAN_REASONING,)
    assert eval(repr(f), vars(sr)) == f  # the repr is code


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"other_patterns": ["human_reasoning"]}, "already the finding's pattern"),
        ({"other_patterns": ["tools", "tools"]}, "each pattern once"),
        ({"other_patterns": ["toolz"]}, "expected one of"),
        ({"other_patterns": "tools"}, "a sequence of Pattern values"),
        ({"sub_patterns": ["rule_of_optimsm"]}, "unknown sub-pattern(s) 'rule_of_optimsm'"),
        ({"sub_patterns": ["assessment_forms"]}, "refines 'tools', which is not among"),
        ({"sub_patterns": ["rule_of_optimism"] * 2}, "each sub-pattern once"),
        ({"sub_patterns": [3]}, "Finding.sub_patterns of 'f'"),
    ],
)
def test_bad_patterns_are_refused_naming_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ModelError, match="Finding") as info:
        finding(**changes)
    assert message in str(info.value)


def test_sub_patterns_may_refine_any_of_the_patterns() -> None:
    f = finding(other_patterns=["tools"], sub_patterns=["assessment_forms", "rule_of_optimism"])
    assert f.sub_patterns == ("assessment_forms", "rule_of_optimism")


def test_a_perspective_says_whether_the_view_is_given_unknown_or_not_recorded() -> None:
    assert Perspective("police", "v").status is ViewStatus.GIVEN
    assert Perspective("police", status="not_recorded").view == ""
    assert Perspective("police", "left", status="unknown").view == "left"
    with pytest.raises(ModelError, match="empty, but the status is 'given'"):
        Perspective("police", "  ")
    with pytest.raises(ModelError, match=r"Perspective\.agency_id"):
        Perspective("", "v")
    with pytest.raises(ModelError, match="status"):
        Perspective("police", "v", status="lost")


def test_an_episode_has_one_perspective_per_agency() -> None:
    episode = REVIEW.episodes[0]
    views = [Perspective("police", "a"), Perspective("police", status="unknown")]
    with pytest.raises(ModelError, match="agency 'police' has more than one perspective"):
        attrs.evolve(episode, perspectives=views)
    with pytest.raises(ModelError, match=r"Episode\.perspectives"):
        attrs.evolve(episode, perspectives=["police"])


# --- round trips: JSON, Parquet, graph files ---------------------------------------------------


def _rich() -> sr.Review:
    """The worked example with several patterns, sub-patterns, perspectives and sits_in."""
    f = attrs.evolve(
        REVIEW.findings[0],
        other_patterns=("longer_term_work",),
        sub_patterns=("disguised_compliance", "clarity_of_roles"),
    )
    shared = "kpe-contacts-handled-separately"
    views = (
        Perspective("police", "Officers did not know whether they should talk to children."),
        Perspective("school", "Teachers shared what they saw and expected others to act."),
        Perspective("csc", status="not_recorded", sensitivity="restricted"),
    )
    episodes = tuple(
        attrs.evolve(e, perspectives=views) if e.id == shared else e for e in REVIEW.episodes
    )
    links = (
        *REVIEW.links,
        sr.Link("f-throughput-culture", "csc", "sits_in"),
        sr.Link("f-police-unsure", "police", "sits_in"),
    )
    return attrs.evolve(REVIEW, findings=(f, *REVIEW.findings[1:]), episodes=episodes, links=links)


RICH = _rich()


def test_the_rich_example_is_sound_and_round_trips_everywhere(tmp_path: Path) -> None:
    assert check(RICH) == []
    assert srjson.loads(srjson.dumps(RICH)) == RICH
    parquet.write(tmp_path / "c", [RICH])
    assert list(parquet.read(tmp_path / "c")) == [RICH]
    assert sr.from_networkx(sr.to_networkx(RICH, plain=True)) == RICH


def test_json_leaves_out_what_a_review_does_not_use() -> None:
    doc = json.loads(srjson.dumps(REVIEW))
    assert doc["format_version"] == 5
    assert not any("other_patterns" in f or "sub_patterns" in f for f in doc["findings"])
    assert not any("perspectives" in e for e in doc["episodes"])
    rich = json.loads(srjson.dumps(RICH))
    assert rich["findings"][0]["other_patterns"] == ["longer_term_work"]
    assert rich["episodes"][5]["perspectives"][2] == {
        "agency_id": "csc",
        "view": "",
        "status": "not_recorded",
        "sensitivity": "restricted",
    }


@settings(max_examples=20, deadline=None)
@given(st.lists(strategies.reviews(), min_size=1, max_size=3, unique_by=lambda r: r.id))
def test_generated_reviews_round_trip_through_parquet(reviews: list[sr.Review]) -> None:
    tables = encode(reviews)
    assert decode(tables, {n: Where("<memory>", n) for n in tables}) == sorted(
        reviews, key=lambda r: r.id
    )


# --- Parquet: reading refuses what the model refuses -----------------------------------------


def _decode_with(table: str, column: str, values: list[Any]) -> None:
    tables = encode([RICH])
    data = tables[table]
    index = data.column_names.index(column)
    field = data.schema.field(index)
    tables[table] = data.set_column(index, field, pa.array(values, field.type))
    decode(tables, {n: Where("file.parquet", n) for n in tables})


def _findings_column(first: list[Any], column: str) -> list[Any]:
    tables = encode([RICH])
    rows = tables["findings"].column(column).to_pylist()
    return [first, *rows[1:]]


@pytest.mark.parametrize(
    ("column", "first", "problem"),
    [
        ("other_patterns", ["family_professional"], "the finding's primary pattern"),
        ("other_patterns", ["tools", "tools"], "repeats a pattern"),
        ("other_patterns", ["toolz"], "unknown Pattern 'toolz'"),
        ("sub_patterns", ["rule_of_optimsm"], "'rule_of_optimsm' is not a known sub-pattern"),
        ("sub_patterns", ["rule_of_optimism"], "refines 'human_reasoning', not a pattern"),
        ("sub_patterns", ["disguised_compliance"] * 2, "a sub-pattern is repeated"),
    ],
)
def test_bad_finding_columns_are_refused_naming_file_row_and_column(
    column: str, first: list[Any], problem: str
) -> None:
    with pytest.raises(FormatError) as info:
        _decode_with("findings", column, _findings_column(first, column))
    message = str(info.value)
    assert "file.parquet: table 'findings', row 0 (id 'finding-voice-of-child'" in message
    assert f"column '{column}'" in message
    assert problem in message


def _views(**change: Any) -> list[Any]:
    rows = encode([RICH])["episodes"].column("perspectives").to_pylist()
    rows[5] = [{**rows[5][0], **change}, *rows[5][1:]]
    return rows


@pytest.mark.parametrize(
    ("change", "column", "problem"),
    [
        ({"view": ""}, "perspectives.view", "an empty view whose status is 'given'"),
        ({"status": "lost"}, "perspectives.status", "unknown ViewStatus 'lost'"),
        ({"sensitivity": "secret"}, "perspectives.sensitivity", "unknown Sensitivity"),
        ({"agency_id": " "}, "perspectives.agency_id", "expected a non-empty string"),
        ({"agency_id": "school"}, "perspectives", "more than one perspective"),
    ],
)
def test_bad_perspectives_are_refused_naming_row_and_field(
    change: dict[str, Any], column: str, problem: str
) -> None:
    with pytest.raises(FormatError) as info:
        _decode_with("episodes", "perspectives", _views(**change))
    message = str(info.value)
    assert "table 'episodes', row 5" in message
    assert f"column '{column}'" in message
    assert problem in message


# --- migrations ----------------------------------------------------------------------------


def _v4(document: dict[str, Any]) -> str:
    """A version 5 dump as version 4 wrote it (one method; the rest is version 4's too)."""
    old = {**document, "format_version": 4}
    if "methods" in old:
        old["method"] = old.pop("methods")[0]
    return json.dumps(old)


def test_json_v4_sub_pattern_extensions_move_into_the_field() -> None:
    doc = json.loads(srjson.dumps(REVIEW))
    doc["findings"][0]["extensions"] = {
        SUB_PATTERNS_EXTENSION: ["disguised_compliance", "rule_of_optimism"],
        "acme.note": 1,
    }
    f = srjson.loads(_v4(doc)).findings[0]
    assert f.sub_patterns == ("disguised_compliance", "rule_of_optimism")
    assert f.other_patterns == (Pattern.HUMAN_REASONING,)  # the review named it
    assert f.extensions == {"acme.note": 1}
    doc["findings"][0]["extensions"] = {SUB_PATTERNS_EXTENSION: "disguised_compliance"}
    f = srjson.loads(_v4(doc)).findings[0]
    assert (f.sub_patterns, f.other_patterns, f.extensions) == (("disguised_compliance",), (), {})


def test_json_v4_extensions_that_are_not_sub_patterns_stay_as_they_are() -> None:
    doc = json.loads(srjson.dumps(REVIEW))
    for value in (["rule_of_optimsm"], [3], {"a": 1}, []):
        doc["findings"][0]["extensions"] = {SUB_PATTERNS_EXTENSION: value}
        f = srjson.loads(_v4(doc)).findings[0]
        assert f.sub_patterns == ()
        assert f.extensions == {SUB_PATTERNS_EXTENSION: value}


@pytest.mark.parametrize(
    ("where", "field"),
    [("findings", "other_patterns"), ("findings", "sub_patterns"), ("episodes", "perspectives")],
)
def test_a_v4_document_holding_a_v5_field_is_refused(where: str, field: str) -> None:
    doc = json.loads(srjson.dumps(REVIEW))
    doc[where][0][field] = []
    with pytest.raises(FormatError, match=rf"\$\.{where}\[0\]\.{field}: a JSON format version 4"):
        srjson.loads(_v4(doc))


def test_the_committed_v4_document_and_format4_dataset_read_as_format_5(tmp_path: Path) -> None:
    review = srjson.load(FIXTURES / "review-v4.json")
    assert all(not f.other_patterns and not f.sub_patterns for f in review.findings)
    assert all(not e.perspectives for e in review.episodes)
    corpus = Corpus.open(FIXTURES / "format4")
    findings = corpus.table("findings")
    assert {"other_patterns", "sub_patterns"} <= set(findings.column_names)
    assert corpus.table("episodes", ["perspectives"]).column(0).to_pylist() == [[]] * len(
        corpus.table("episodes", ["id"])
    )


def _format4_findings(extensions: list[str | None]) -> pa.Table:
    """A findings table as format 4.0 wrote it (no other or sub-patterns columns)."""
    n = len(extensions)
    return pa.table(
        {
            "review_id": ["r"] * n,
            "id": [f"f{i}" for i in range(n)],
            "statement": ["s"] * n,
            "pattern": pa.array(["tools"] * n).dictionary_encode(),
            "extensions": pa.array(extensions, pa.string()),
        }
    )


def test_parquet_4_0_findings_migrate_their_sub_pattern_extension() -> None:
    ext = SUB_PATTERNS_EXTENSION
    old = _format4_findings(
        [
            None,
            json.dumps({ext: ["assessment_forms", "supervision"], "acme.x": [1]}),
            json.dumps({ext: ["not_one"]}),
            json.dumps({ext: ["assessment_forms"]}),
            "not json",
        ]
    )
    new = migrate("findings", "4.0", old)
    assert new.column("other_patterns").to_pylist() == [[], ["management_systems"], [], [], []]
    assert new.column("sub_patterns").to_pylist() == [
        [],
        ["assessment_forms", "supervision"],
        [],
        ["assessment_forms"],
        [],
    ]
    assert new.column("extensions").to_pylist() == [
        None,
        '{"acme.x":[1]}',
        json.dumps({ext: ["not_one"]}),
        None,
        "not json",  # left for the reader's check, which names it
    ]
    episodes = migrate("episodes", "4.0", pa.table({"review_id": ["r"], "id": ["k"]}))
    assert episodes.column("perspectives").to_pylist() == [[]]


# --- rules, redaction, queries, report --------------------------------------------------------


def test_redaction_drops_restricted_views_only() -> None:
    public = redact(RICH)
    shared = public.episode("kpe-contacts-handled-separately")
    assert [p.agency_id for p in shared.perspectives] == ["police", "school"]
    assert all(p.sensitivity is Sensitivity.PUBLIC for e in public.episodes for p in e.perspectives)
    assert check(public) == []


def test_factors_by_agency_and_perspectives_of() -> None:
    assert factors_by_agency(RICH) == {
        "csc": ("f-throughput-culture",),
        "police": ("f-police-unsure",),
    }
    assert factors_by_agency(REVIEW) == {}
    views = perspectives_of(RICH, "school")
    assert [(e, p.view[:8]) for e, p in views] == [("kpe-contacts-handled-separately", "Teachers")]
    assert perspectives_of(RICH, "hospital") == ()
    with pytest.raises(NotFoundError, match="polic"):
        perspectives_of(RICH, "polic")


def test_interaction_matrix_and_themes_use_every_pattern() -> None:
    matrix = interaction_matrix(RICH)
    cell = matrix["police", "police"]
    assert cell.patterns == (Pattern.LONGER_TERM_WORK, Pattern.FAMILY_PROFESSIONAL)
    assert interaction_matrix(REVIEW)["police", "police"].patterns == (Pattern.FAMILY_PROFESSIONAL,)
    themes = sr.query.practice_themes(RICH)
    assert "changing_risk" in themes  # a theme of longer-term work only


def test_the_report_and_summary_show_patterns_and_views() -> None:
    html = to_html(RICH)
    text = summarise(RICH)
    for page in (html, text):
        assert "multi-agency working in assessment and longer-term work" in page
    assert "sub-patterns: disguised_compliance, clarity_of_roles" in text
    assert ">disguised compliance</span>" in html
    assert "Officers did not know whether they should talk to children." in html
    assert "does not record this agency" in html
    public = to_html(RICH, redacted=True)
    assert "Officers did not know" in public
    assert "does not record this agency" not in public  # the restricted view is gone


# --- analytics: a finding counts under every pattern (Arrow, DuckDB, plain Python) ------------


def _plain(reviews: list[sr.Review]) -> dict[str, tuple[int, int]]:
    holding: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for r in reviews:
        for f in r.findings:
            for p in f.patterns:
                holding.setdefault(p.value, set()).add(r.id)
                count[p.value] = count.get(p.value, 0) + 1
    return {p: (len(ids), count[p]) for p, ids in holding.items()}


@settings(max_examples=10, deadline=None)
@given(st.lists(strategies.reviews(), min_size=1, max_size=4, unique_by=lambda r: r.id))
def test_pattern_prevalence_counts_every_pattern_in_arrow_and_duckdb(
    reviews: list[sr.Review],
) -> None:
    want = _plain(reviews)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c"
        parquet.write(path, reviews)
        got = analytics.pattern_prevalence(path).to_pylist()
        assert {r["pattern"]: (r["reviews"], r["findings"]) for r in got} == want
        connection = duckdb.connect()
        sql.duckdb_views(connection, path)
        rows = connection.sql(sql.pattern_prevalence(path)).fetchall()
        assert {r[0]: (r[1], r[2]) for r in rows} == want
        some = sorted(want)[:1]
        chosen = {
            r.id for r in reviews if any(p.value in some for f in r.findings for p in f.patterns)
        }
        assert set(Corpus.open(path).where(pattern=some).review_ids) == chosen
        text = sql.pattern_prevalence(path, pattern=some)
        counted = {r[0]: r[1] for r in connection.sql(text).fetchall()}
        assert counted[some[0]] == len(chosen) > 0


def test_finding_patterns_gives_one_row_per_finding_and_pattern(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", [RICH])
    rows = analytics.finding_patterns(tmp_path / "c").to_pylist()
    assert rows == [
        {
            "review_id": "lscb-2011-da",
            "id": "finding-voice-of-child",
            "pattern": "family_professional",
        },
        {
            "review_id": "lscb-2011-da",
            "id": "finding-voice-of-child",
            "pattern": "longer_term_work",
        },
    ]


def test_the_builder_takes_patterns_perspectives_and_sits_in() -> None:
    b = sr.ReviewBuilder(
        id="r", title="t", kind="learning_review", method="learning_together", scope=RICH.scope
    )
    b.agency("police", "Police", "police")
    b.agency("school", "School", "education")
    b.episode(
        "k",
        "call-outs",
        ("2010-02-01", "2010-02-01"),
        "problematic",
        involved=["police", "school"],
        perspectives=[Perspective("police", "Unsure"), Perspective("school", status="unknown")],
    )
    b.factor("f", "Unsure whether to talk to children", "frontline", "frontline.role",
             contributed_to="k", sits_in="police")  # fmt: skip
    b.finding("g", "s", "human_reasoning", other_patterns=["tools"],
              sub_patterns=["rule_of_optimism"], evidenced_by="k")  # fmt: skip
    review = b.build()
    assert review.finding("g").patterns == (Pattern.HUMAN_REASONING, Pattern.TOOLS)
    assert [p.agency_id for p in review.episode("k").perspectives] == ["police", "school"]
    assert factors_by_agency(review) == {"police": ("f",)}
