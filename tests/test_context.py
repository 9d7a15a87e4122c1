"""The review's context (format 5.0 / JSON version 5, the review's part): methods, terms of
reference, the incident day, the reason for a delay, parallel proceedings, related reviews,
the team's roles and independence facets, and the provenance of evidence links."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings

from storage_helpers import without_checksums
from systemsreview import Corpus, from_networkx, sql, to_networkx
from systemsreview.errors import FormatError, ModelError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json
from systemsreview.io import parquet as pqds
from systemsreview.io import report
from systemsreview.model import (
    EntityKind,
    LinkKind,
    Method,
    Period,
    Proceeding,
    ProceedingKind,
    ProceedingStatus,
    RelatedReview,
    Review,
    ReviewBuilder,
    Reviewer,
    ReviewerRole,
    ReviewRelation,
    SourceKind,
    reviewer_role,
)
from systemsreview.query import evidence_trail
from systemsreview.rules import Policy, check, redact
from systemsreview.strategies import reviews

FIXTURES = Path(__file__).with_name("fixtures")
EXAMPLE = domestic_abuse_review()
#: The first evidence link of a finding: its target is a child of the finding's trail.
EVIDENCE = next(
    i
    for i, link in enumerate(EXAMPLE.links)
    if link.kind is LinkKind.EVIDENCED_BY and EXAMPLE.kind_of(link.source) is EntityKind.FINDING
)


def with_context(review: Review = EXAMPLE) -> Review:
    """The worked example with every field of the context set."""
    links = list(review.links)
    links[EVIDENCE] = attrs.evolve(
        links[EVIDENCE], locator="para 4.12", quote="No one asked the children."
    )
    return attrs.evolve(
        review,
        methods=(Method.LEARNING_TOGETHER, Method.INDIVIDUAL_MANAGEMENT_REVIEWS),
        terms_of_reference=("How agencies shared information", "Whether the children were heard"),
        incident_on="2011-04-28",
        delay_reason="The criminal trial had to conclude first",
        parallel_proceedings=(
            Proceeding("criminal_trial", status="concluded", note="Sentenced in 2012"),
            Proceeding(ProceedingKind.CARE_PROCEEDINGS),
        ),
        related=(
            RelatedReview("follows_up", title="Serious case review: Child B (2009)"),
            RelatedReview("parallel_review", review_id="dhr-2011-d", note="same household"),
        ),
        links=tuple(links),
    )


CONTEXT = with_context()


# --- the model -----------------------------------------------------------------------------


def test_methods_are_several_the_main_one_first() -> None:
    assert CONTEXT.method is Method.LEARNING_TOGETHER
    assert CONTEXT.methods[1] is Method.INDIVIDUAL_MANAGEMENT_REVIEWS
    assert attrs.evolve(EXAMPLE, methods="silp").methods == (Method.SILP,)
    assert attrs.evolve(EXAMPLE, methods=["silp", "accimap"]).methods == (
        Method.SILP,
        Method.ACCIMAP,
    )
    assert Review(id="r", title="t", kind="rapid_review", scope=EXAMPLE.scope).methods == (
        Method.LEARNING_TOGETHER,
    )


@pytest.mark.parametrize(
    ("methods", "message"),
    [
        ((), "one or more Methods"),
        (("silp", "silp"), "each method once"),
        (("silp", "guesswork"), "a Method at position 1"),
        (5, "one or more Methods"),
    ],
)
def test_bad_methods_are_refused_naming_the_field(methods: Any, message: str) -> None:
    with pytest.raises(ModelError, match=rf"Review.methods of 'lscb-2011-da'.*{message}"):
        attrs.evolve(EXAMPLE, methods=methods)


def test_the_builder_still_takes_one_method() -> None:

    b = ReviewBuilder(
        id="r",
        title="t",
        kind="rapid_review",
        scope=Period("2020-01-01", "2020-02-01"),
        method="silp",
    )
    assert b.build().methods == (Method.SILP,)
    with pytest.raises(ModelError, match="methods or method, not both"):
        ReviewBuilder(id="r", method="silp", methods=["silp"])


def test_terms_of_reference_are_not_blank() -> None:
    with pytest.raises(ModelError, match=r"terms_of_reference.*non-empty string at position 1"):
        attrs.evolve(EXAMPLE, terms_of_reference=("Who knew what", " \t"))
    assert attrs.evolve(EXAMPLE, terms_of_reference="One item").terms_of_reference == ("One item",)


def test_proceedings_and_related_reviews_validate_their_fields() -> None:
    assert Proceeding("inquest").status is ProceedingStatus.NOT_RECORDED
    with pytest.raises(ModelError, match=r"Proceeding.kind: got 'tribunal'"):
        Proceeding("tribunal")
    with pytest.raises(ModelError, match="neither review_id nor title"):
        RelatedReview("follows_up")
    with pytest.raises(ModelError, match=r"RelatedReview.review_id: got ' '"):
        RelatedReview("follows_up", review_id=" ", title="SCR B")
    with pytest.raises(ModelError, match=r"RelatedReview.relation: got 'cousin_of'"):
        RelatedReview("cousin_of", title="SCR B")
    related = RelatedReview(ReviewRelation.DEEPER_ANALYSIS_OF, review_id="scr-b")
    assert related.title == ""
    assert related.relation.label == "deeper analysis of"


def test_reviewer_roles_and_facets() -> None:
    lead = Reviewer(role="lead_reviewer", independent_of_case=True, independent_of_agencies=True)
    assert lead.independent
    assert lead.independent_of_board is None
    assert not Reviewer(role="chair", independent_of_case=True).independent  # agencies unknown
    with pytest.raises(ModelError, match=r"Reviewer.role: got ''"):
        Reviewer(role="", organisation="x")
    with pytest.raises(ModelError, match=r"Reviewer\.independent_of_board: got 'yes'"):
        Reviewer(role="chair", independent_of_board="yes")  # type: ignore[arg-type]
    assert Reviewer(role=ReviewerRole.PANEL_MEMBER).label == "panel member"


def test_reviewers_built_as_before_format_5() -> None:
    old = Reviewer(role="lead reviewer", organisation="SCIE", independent=True, lead=True)
    assert old == Reviewer(
        role=ReviewerRole.LEAD_REVIEWER,
        organisation="SCIE",
        independent_of_case=True,
        independent_of_agencies=True,
        lead=True,
    )
    free = Reviewer(role="independent consultant", independent=False)
    assert (free.role, free.role_text, free.label) == (
        ReviewerRole.OTHER,
        "independent consultant",
        "independent consultant",
    )
    assert (free.independent_of_case, free.independent_of_agencies) == (False, False)
    evolved = attrs.evolve(old, independent=False)  # as before format 5
    assert (evolved.independent_of_case, evolved.independent_of_agencies) == (False, False)
    with pytest.raises(ModelError, match=r"Reviewer\.independent: got 1"):
        Reviewer(role="chair", independent=1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "role", "kept"),
    [
        ("lead reviewer", ReviewerRole.LEAD_REVIEWER, ""),
        ("Lead  Reviewer", ReviewerRole.LEAD_REVIEWER, ""),
        ("independent chair", ReviewerRole.CHAIR, "independent chair"),
        ("review_team_member", ReviewerRole.REVIEW_TEAM_MEMBER, ""),
        ("overview author", ReviewerRole.OVERVIEW_AUTHOR, ""),
        ("designated nurse", ReviewerRole.OTHER, "designated nurse"),
    ],
)
def test_free_text_roles_map_to_the_vocabulary(text: str, role: ReviewerRole, kept: str) -> None:
    assert reviewer_role(text) == (role, kept)


def test_new_fields_stay_out_of_reprs_until_set() -> None:
    assert "locator" not in repr(EXAMPLE.links[0])
    located = attrs.evolve(EXAMPLE.links[0], locator="p. 3")
    assert "locator='p. 3'" in repr(located)
    assert "quote" not in repr(located)
    assert "delay_reason" not in repr(EXAMPLE)
    assert "methods=(Method.LEARNING_TOGETHER,)" in repr(EXAMPLE)
    assert "delay_reason='The criminal trial had to conclude first'" in repr(CONTEXT)


def test_source_kinds_cover_courts_agency_reports_media_and_guidance() -> None:
    assert {"court", "agency_report", "media", "guidance"} <= {k.value for k in SourceKind}
    assert SourceKind.AGENCY_REPORT.label == "agency report (such as an IMR)"


# --- rules ---------------------------------------------------------------------------------


def _codes(review: Review, policy: Policy | None = None) -> list[str]:
    return [v.code for v in check(review, policy=policy or Policy())]


def test_the_incident_and_awareness_come_before_notification() -> None:
    assert "SR303" not in _codes(CONTEXT)
    late_incident = attrs.evolve(CONTEXT, incident_on="2011-05-10")
    [found] = [v for v in check(late_incident) if v.code == "SR303"]
    assert found.message == (
        "review 'lscb-2011-da': the review was notified on 2011-05-09, before the incident "
        "happened on 2011-05-10; fix one of the dates"
    )
    aware = attrs.evolve(CONTEXT, incident_on="2011-05-01", aware="2011-04-30")
    [found] = [v for v in check(aware) if v.code == "SR303"]
    assert "the local authority became aware of it on 2011-04-30, before the incident" in (
        found.message
    )


@settings(max_examples=20, deadline=None)
@given(reviews())
def test_generated_reviews_keep_their_dates_in_order(review: Review) -> None:
    days = [review.incident_on, review.aware, review.notified, review.decided]
    known = [d for d in days if d is not None]
    assert known == sorted(known)
    assert "SR303" not in _codes(review)


def test_a_late_review_quotes_its_recorded_reason() -> None:
    late = attrs.evolve(EXAMPLE, completed=dt.date(2012, 6, 1), published=None)
    [without] = [v for v in check(late) if v.code == "SR304"]
    assert without.message.endswith(
        "the board should know why: record the reason for the delay in Review.delay_reason"
    )
    explained = attrs.evolve(late, delay_reason="The criminal trial had to conclude first")
    [found] = [v for v in check(explained) if v.code == "SR304"]
    assert found.message.endswith(
        "the review records the reason for the delay: 'The criminal trial had to conclude first'"
    )


def test_a_late_notification_points_to_the_reason_field() -> None:
    late = attrs.evolve(EXAMPLE, aware="2011-04-01")
    [found] = [v for v in check(late) if v.code == "SR701"]
    assert found.message.endswith(
        "record the reason for the delay in Review.delay_reason, or correct the dates"
    )
    explained = attrs.evolve(late, delay_reason="The referral went to the wrong team")
    [found] = [v for v in check(explained) if v.code == "SR701"]
    assert found.message.endswith("for the delay: 'The referral went to the wrong team'")


def test_an_independent_lead_needs_both_facets() -> None:
    team = tuple(
        attrs.evolve(r, independent_of_agencies=None) if r.lead else r for r in EXAMPLE.reviewers
    )
    assert "SR501" in _codes(attrs.evolve(EXAMPLE, reviewers=team))
    assert "SR501" not in _codes(EXAMPLE)


# --- redaction, report, evidence trails -----------------------------------------------------


def test_redaction_keeps_the_context_as_types_without_its_free_text() -> None:
    public = redact(CONTEXT)
    assert public.incident_on is None
    assert public.delay_reason == ""
    assert [p.note for p in public.parallel_proceedings] == ["", ""]
    assert [p.kind for p in public.parallel_proceedings] == [
        ProceedingKind.CRIMINAL_TRIAL,
        ProceedingKind.CARE_PROCEEDINGS,
    ]
    assert [(r.relation, r.review_id, r.title, r.note) for r in public.related] == [
        (ReviewRelation.FOLLOWS_UP, "", "Serious case review: Child B (2009)", ""),
        (ReviewRelation.PARALLEL_REVIEW, "dhr-2011-d", "", ""),
    ]
    assert public.terms_of_reference == CONTEXT.terms_of_reference
    text = repr(public)
    for secret in ("Sentenced in 2012", "same household", "2011-04-28", "criminal trial had"):
        assert secret not in text
    assert redact(EXAMPLE) == redact(redact(EXAMPLE))


def test_the_report_shows_the_context_and_provenance() -> None:
    html = report.to_html(CONTEXT)
    for shown in (
        "Learning together, individual management reviews",
        "Terms of reference",
        "Whether the children were heard",
        "Reason for the delay",
        "Parallel proceedings",
        "Criminal trial",
        "Related reviews",
        "follows up",
        "dhr-2011-d",
        "Independent of the board",
        "not recorded",
        "para 4.12",
        "No one asked the children.",
    ):
        assert shown in html, shown
    public = report.to_html(CONTEXT, redacted=True)
    assert "Sentenced in 2012" not in public
    assert "Reason for the delay" not in public


def test_evidence_trails_carry_the_locator_and_quote() -> None:
    link = CONTEXT.links[EVIDENCE]
    trail = evidence_trail(CONTEXT, link.source)
    [located] = [n for n in trail.children if n.locator]
    assert (located.id, located.quote) == (link.target, "No one asked the children.")
    assert located.line().endswith('(para 4.12: "No one asked the children.")')
    assert '(para 4.12: "No one asked the children.")' in trail.render()
    plain = evidence_trail(EXAMPLE, link.source)
    assert all(not n.locator and not n.quote for _, n in plain.walk())


# --- JSON ------------------------------------------------------------------------------------


def test_json_round_trips_the_context() -> None:
    text = review_json.dumps(CONTEXT)
    assert review_json.loads(text) == CONTEXT
    doc = json.loads(text)
    assert doc["methods"] == ["learning_together", "individual_management_reviews"]
    assert doc["related"][0] == {
        "relation": "follows_up",
        "review_id": "",
        "title": "Serious case review: Child B (2009)",
        "note": "",
    }
    assert doc["links"][EVIDENCE]["locator"] == "para 4.12"
    assert "locator" not in doc["links"][0 if EVIDENCE else 1]


def _v4(doc: dict[str, Any]) -> dict[str, Any]:
    doc = dict(doc, format_version=4)
    doc["method"] = doc.pop("methods")[0]
    return doc


def test_a_version_4_document_migrates_its_method_and_team() -> None:
    doc = json.loads((FIXTURES / "review-v4.json").read_text(encoding="utf-8"))
    doc["reviewers"] = [
        {
            "role": "independent chair",
            "organisation": "SCIE",
            "independent": True,
            "lead": True,
            "agency_id": None,
        },
        {"role": "designated nurse", "organisation": "ICB", "independent": False, "lead": False},
        {"role": "review team member", "independent": False},
    ]
    review = review_json.loads(json.dumps(doc))
    assert review.methods == (Method(doc["method"]),)
    chair, nurse, member = review.reviewers
    assert (chair.role, chair.role_text, chair.independent, chair.independent_of_board) == (
        ReviewerRole.CHAIR,
        "independent chair",
        True,
        None,
    )
    assert (nurse.role, nurse.role_text, nurse.independent_of_agencies) == (
        ReviewerRole.OTHER,
        "designated nurse",
        False,
    )
    assert (member.role, member.role_text) == (ReviewerRole.REVIEW_TEAM_MEMBER, "")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("methods", ["silp"]),
        ("incident_on", "2011-01-01"),
        ("terms_of_reference", []),
        ("delay_reason", "x"),
        ("parallel_proceedings", []),
        ("related", []),
    ],
)
def test_a_version_4_document_holding_version_5_fields_is_refused(field: str, value: Any) -> None:
    doc = _v4(json.loads(review_json.dumps(attrs.evolve(EXAMPLE, reviewers=()))))
    assert review_json.loads(json.dumps(doc)) == attrs.evolve(EXAMPLE, reviewers=())
    doc[field] = value
    with pytest.raises(
        FormatError, match=rf"v4.json: \$.{field}: a JSON format version 4 document has no"
    ):
        review_json.loads(json.dumps(doc), name="v4.json")


def test_a_version_4_link_with_provenance_is_refused() -> None:
    doc = _v4(json.loads(review_json.dumps(attrs.evolve(EXAMPLE, reviewers=()))))
    doc["links"][3]["quote"] = "..."
    with pytest.raises(FormatError, match=r"\$.links\[3\]: .* no locator or quote"):
        review_json.loads(json.dumps(doc), name="v4.json")


def test_bad_context_in_json_is_named_by_path() -> None:
    doc = json.loads(review_json.dumps(CONTEXT))
    doc["methods"] = ["silp", "silp"]
    with pytest.raises(FormatError, match=r"\$: Review.methods of 'lscb-2011-da': .* each method"):
        review_json.loads(json.dumps(doc))
    doc["methods"] = ["silp"]
    doc["related"][1] = {"relation": "follows_up"}
    doc["reviewers"][0]["role"] = "lead reviewer"
    with pytest.raises(FormatError) as info:
        review_json.loads(json.dumps(doc))
    message = str(info.value)
    assert "$.related[1]: RelatedReview: neither review_id nor title is given" in message
    assert "$.reviewers[0].role: got a string 'lead reviewer'; expected one of 'chair'" in message


# --- Parquet ---------------------------------------------------------------------------------


def test_parquet_round_trips_the_context(tmp_path: Path) -> None:
    pqds.write(tmp_path / "c", [CONTEXT, minimal_context()])
    assert list(pqds.read(tmp_path / "c")) == sorted(
        [CONTEXT, minimal_context()], key=lambda r: r.id
    )
    related = pqds.read_table(tmp_path / "c", "related")
    assert related.column_names == ["review_id", "relation", "other_id", "title", "note"]
    assert related.column("other_id").to_pylist() == ["", "dhr-2011-d", "a"]
    proceedings = pqds.read_table(tmp_path / "c", "parallel_proceedings")
    assert proceedings.column("kind").to_pylist() == ["criminal_trial", "care_proceedings"]
    methods = pqds.read_table(tmp_path / "c", "reviews", ["review_id", "methods"])
    assert methods.column("methods").to_pylist()[0] == [
        "learning_together",
        "individual_management_reviews",
    ]


def minimal_context() -> Review:
    return Review(
        id="z-min",
        title="t",
        kind="rapid_review",
        scope=EXAMPLE.scope,
        related=(RelatedReview("other", review_id="a"),),
    )


def test_the_format_4_fixture_migrates_its_method_and_team(tmp_path: Path) -> None:
    format4 = tmp_path / "format4"
    shutil.copytree(FIXTURES / "format4", format4)
    old = {r.id: r for r in pqds.read(format4)}
    example = old["lscb-2011-da"]
    assert example.methods == (Method.LEARNING_TOGETHER,)
    assert [(r.role, r.independent_of_case, r.independent_of_board) for r in example.reviewers] == [
        (ReviewerRole.LEAD_REVIEWER, True, None),
        (ReviewerRole.LEAD_REVIEWER, True, None),
        (ReviewerRole.REVIEW_TEAM_MEMBER, False, None),
        (ReviewerRole.REVIEW_TEAM_MEMBER, False, None),
    ]
    assert all(not r.related and not r.parallel_proceedings for r in old.values())
    assert all(link.locator == link.quote == "" for r in old.values() for link in r.links)
    corpus = Corpus.open(format4)
    assert corpus.table("related").num_rows == 0
    assert corpus.table("links").column("locator").to_pylist()[:1] == [""]
    pqds.compact(format4)  # migrates the dataset to 5.0, then a 5.0 part joins it
    assert {r.id: r for r in pqds.read(format4)} == old
    pqds.write(format4, [attrs.evolve(CONTEXT, id="new")], mode="append")
    assert {r.id: r for r in pqds.read(format4)}["new"] == attrs.evolve(CONTEXT, id="new")


def _break(tmp_path: Path, table: str, change: Any) -> Path:
    path = tmp_path / "c"
    pqds.write(path, [CONTEXT])
    without_checksums(path)  # so that the checks of the values are reached
    [file] = (path / table).glob("part-*.parquet")
    pq.write_table(change(pq.read_table(file)), file)
    return path


def _set(name: str, value: Any, type_: pa.DataType) -> Any:
    def change(data: pa.Table) -> pa.Table:
        index = data.column_names.index(name)
        column = pa.array([value] * data.num_rows, type_)
        return data.set_column(index, data.schema.field(name).with_type(type_), column)

    return change


_LIST = pa.list_(pa.field("item", pa.string(), nullable=False))


@pytest.mark.parametrize(
    ("table", "name", "value", "type_", "message"),
    [
        ("reviews", "methods", [], _LIST, "column 'methods': no value; expected at least one"),
        ("reviews", "methods", ["silp", "silp"], _LIST, "a value is repeated"),
        ("reviews", "methods", ["guesswork"], _LIST, "unknown Method 'guesswork'"),
        ("reviews", "terms_of_reference", [" "], _LIST, "a blank item"),
        ("related", "other_id", " ", pa.string(), "column 'other_id': got ' '"),
        ("related", "title", "", pa.string(), None),
        ("related", "relation", "cousin_of", pa.string(), "unknown ReviewRelation"),
        ("parallel_proceedings", "kind", "tribunal", pa.string(), "unknown ProceedingKind"),
    ],
)
def test_bad_context_in_parquet_is_named(  # noqa: PLR0917  # the parameters of the table
    tmp_path: Path, table: str, name: str, value: Any, type_: pa.DataType, message: str | None
) -> None:
    path = _break(tmp_path, table, _set(name, value, type_))
    if table == "related" and name == "title":  # the first row has no id either
        message = "neither other_id nor title is set"
    with pytest.raises(FormatError, match=rf"table '{table}', row 0 .*{message}"):
        list(pqds.read(path))


def test_an_unknown_reviewer_role_in_parquet_is_named(tmp_path: Path) -> None:
    def change(data: pa.Table) -> pa.Table:
        team = data.column("reviewers").combine_chunks()
        flat = team.flatten()
        fields = [flat.field(i) for i in range(flat.type.num_fields)]
        fields[0] = pa.array(["chief"] * len(flat), pa.string())
        struct = pa.StructArray.from_arrays(fields, fields=list(flat.type))
        again = pa.ListArray.from_arrays(team.offsets, struct, type=team.type)
        return data.set_column(data.column_names.index("reviewers"), "reviewers", again)

    path = _break(tmp_path, "reviews", change)
    with pytest.raises(FormatError, match=r"column 'reviewers.role': unknown ReviewerRole 'chief'"):
        list(pqds.read(path))


def test_corpus_and_sql_filter_on_any_of_the_methods(tmp_path: Path) -> None:
    pqds.write(tmp_path / "c", [CONTEXT, minimal_context()])
    corpus = Corpus.open(tmp_path / "c")
    assert corpus.where(method="individual_management_reviews").review_ids == ("lscb-2011-da",)
    assert corpus.where(method="learning_together").review_ids == ("lscb-2011-da", "z-min")
    assert corpus.where(method=["silp"]).review_ids == ()
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    sql.duckdb_views(con, tmp_path / "c")
    text = sql.pattern_prevalence(tmp_path / "c", method="individual_management_reviews")
    rows = con.sql(text).to_arrow_table().to_pylist()
    narrowed = corpus.where(method="individual_management_reviews").pattern_prevalence()
    assert rows == narrowed.to_pylist()
    assert {row["reviews"] for row in rows} == {1}


# --- graphs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("plain", [False, True])
def test_graphs_keep_the_provenance_of_repeated_links(plain: bool, tmp_path: Path) -> None:
    link = CONTEXT.links[EVIDENCE]
    again = attrs.evolve(link, note="again", locator="p. 7", quote="")
    review = attrs.evolve(CONTEXT, links=(*CONTEXT.links, again))
    graph = to_networkx(review, plain=plain)
    if plain:
        nx.write_graphml(graph, tmp_path / "g.graphml")
        graph = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert from_networkx(graph) == review
