"""Extensions: the model's frozen mapping, every format keeping them, and the registry."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import duckdb
import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage_helpers import without_checksums
from systemsreview import (
    Agency,
    Extensions,
    Link,
    Policy,
    Review,
    check,
    from_networkx,
    redact,
    to_networkx,
)
from systemsreview.errors import FormatError, ModelError
from systemsreview.examples import domestic_abuse_review
from systemsreview.extensions import (
    MAX_DEPTH,
    get_extension,
    register_extension,
    registered_extensions,
    unregister_extension,
)
from systemsreview.io import json as srjson
from systemsreview.io import parquet as pqds
from systemsreview.io._jsonschema import json_schema
from systemsreview.model import EntityKind, LinkKind, Sector
from systemsreview.rules import RULES, select_rules
from systemsreview.rules._extensions import carriers
from systemsreview.strategies import (
    arbitrary_reviews,
    extension_values,
    reviews,
    with_extensions,
)

ANY = with_extensions(reviews()) | arbitrary_reviews()


def _agency(ext: Any) -> Agency:
    return Agency(id="police", name="Police", sector=Sector.POLICE, extensions=ext)


def _carrying(review: Review) -> list[Any]:
    return [obj for obj in carriers(review) if obj.extensions]


# --- the model ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({"case": 1}, r"\$\['case'\]: extension name 'case' is not namespaced"),
        ({"Acme.case": 1}, r"\$\['Acme.case'\]: extension name"),
        ({"acme.": 1}, r"\$\['acme.'\]: extension name"),
        ({"acme.case\n": 1}, r"\$\['acme.case\\n'\]: extension name"),
        ({1: 1}, r"\$\[1\]: extension name 1 is not namespaced"),
        ({"a.b": {1: "x"}}, r"\$\['a.b'\]\[1\]: object keys must be strings"),
        ({"a.b": math.nan}, r"\$\['a.b'\]: got nan; JSON numbers are finite"),
        ({"a.b": [0, math.inf]}, r"\$\['a.b'\]\[1\]: got inf"),
        ({"a.b": {"k": {1, 2}}}, r"\$\['a.b'\]\['k'\]: got set"),
        ({"a.b": b"bytes"}, r"\$\['a.b'\]: got bytes"),
        ({"a.b": Agency}, r"\$\['a.b'\]: got type"),
        ("a.b", r"\$: got str; expected a mapping"),
    ],
)
def test_bad_extension_data_names_class_field_id_and_path(value: Any, path: str) -> None:
    with pytest.raises(ModelError, match=r"^Agency\.extensions of 'police': " + path):
        _agency(value)


def test_depth_is_bounded() -> None:
    deep: Any = "leaf"
    for _ in range(MAX_DEPTH - 1):
        deep = [deep]
    assert _agency({"a.b": deep}).extensions["a.b"]
    with pytest.raises(ModelError, match=f"nested deeper than {MAX_DEPTH} levels"):
        _agency({"a.b": [deep]})


def test_a_link_is_named_by_its_ends() -> None:
    with pytest.raises(ModelError, match=r"^Link\.extensions of 'a' -> 'b': \$\['x'\]"):
        Link("a", "b", LinkKind.INVOLVED, extensions={"x": 1})


def test_frozen_equal_hashable() -> None:
    one = _agency({"acme.case": {"b": [1, {"c": None}], "a": "x"}})
    two = _agency({"acme.case": {"a": "x", "b": [1, {"c": None}]}})
    assert one == two
    assert hash(one) == hash(two)
    assert one != _agency({"acme.case": {"a": "x", "b": [1, {"c": 0}]}})
    # JSON tells 1, 1.0 and true apart, so extensions do too (each survives a round trip).
    assert len({Extensions({"a.b": v}) for v in (1, 1.0, True)}) == 3
    value = one.extensions["acme.case"]
    with pytest.raises(TypeError):
        value["a"] = "y"
    assert isinstance(value["b"], tuple)
    assert one.extensions == {"acme.case": {"a": "x", "b": [1, {"c": None}]}}
    assert hash(attrs.evolve(domestic_abuse_review(), extensions={"x.y": [1]}))


def test_defaults_and_reprs() -> None:
    plain = _agency(None)
    assert plain.extensions == Extensions() == {}
    assert not plain.extensions
    assert "extensions" not in repr(plain)
    rich = _agency({"acme.case": {"n": [1, 2.5, None, True]}})
    # Extension data shows as the plain dict the constructor takes, so it pastes back.
    assert repr(rich).endswith(", extensions={'acme.case': {'n': [1, 2.5, None, True]}})")
    link = Link("a", "b", "involved", extensions={"acme.case": {}})
    assert repr(link).endswith("note='', extensions={'acme.case': {}})")
    ext = rich.extensions
    assert eval(repr(ext)) == ext


@given(st.dictionaries(st.sampled_from(["a.b", "c.d"]), extension_values(), max_size=2))
def test_text_round_trips(data: dict[str, Any]) -> None:
    ext = Extensions(data)
    assert Extensions.from_text(ext.text) == ext if ext else ext.text == ""
    assert Extensions(ext.to_json()) == ext
    assert json.loads(json.dumps(ext.to_json())) == ext.to_json()


# --- every format keeps every extension -------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(ANY)
def test_json_keeps_extensions(review: Review) -> None:
    again = srjson.loads(srjson.dumps(review))
    assert again == review
    assert _carrying(again) == _carrying(review)


@settings(max_examples=25, deadline=None)
@given(ANY)
def test_networkx_keeps_extensions(review: Review) -> None:
    ids = [e.id for e in review.entities()]
    if len(ids) != len(set(ids)):
        return  # no graph for duplicate ids (SR101): to_networkx refuses, tested elsewhere
    again = from_networkx(to_networkx(review))
    assert again == review
    assert [link.extensions for link in again.links] == [link.extensions for link in review.links]


def test_networkx_keeps_extensions_of_repeated_links() -> None:
    review = domestic_abuse_review()
    link = review.links[0]
    twice = attrs.evolve(
        review,
        links=(*review.links, attrs.evolve(link, extensions={"a.b": 2})),
        extensions={"acme.case": "r"},
    )
    graph = to_networkx(twice)
    assert graph.graph["review"].extensions == {"acme.case": "r"}
    assert from_networkx(graph) == twice
    plain = to_networkx(twice, plain=True)
    assert json.loads(plain.graph["review"])["extensions"] == {"acme.case": "r"}
    assert from_networkx(plain) == twice


@settings(max_examples=10, deadline=None)
@given(st.lists(ANY, min_size=1, max_size=3, unique_by=lambda r: r.id))
def test_parquet_keeps_extensions(
    tmp_path_factory: pytest.TempPathFactory, batch: list[Review]
) -> None:
    path = tmp_path_factory.mktemp("ext") / "corpus"
    pqds.write(path, batch)
    assert sorted(pqds.read(path), key=lambda r: r.id) == sorted(batch, key=lambda r: r.id)


def _acme_review() -> Review:
    review = domestic_abuse_review()
    episode = attrs.evolve(
        review.episodes[0],
        extensions={"acme.case": {"number": "AC-0042", "owner": "J. Smith"}},
    )
    link = attrs.evolve(review.links[0], extensions={"acme.case": {"number": "AC-0042"}})
    return attrs.evolve(
        review,
        episodes=(episode, *review.episodes[1:]),
        links=(link, *review.links[1:]),
        extensions={"acme.review": {"coders": ["c1", "c2"], "kappa": 0.71}},
    )


def test_parquet_extension_column_is_json_text_or_null_and_duckdb_reads_it(
    tmp_path: Path,
) -> None:
    review = _acme_review()
    path = tmp_path / "corpus"
    pqds.write(path, review)
    [episodes] = (path / "episodes").glob("*.parquet")
    column = pq.read_table(episodes).column("extensions").to_pylist()
    assert column[0] == '{"acme.case":{"number":"AC-0042","owner":"J. Smith"}}'
    assert column[1:] == [None] * (len(column) - 1)
    rows = duckdb.sql(
        f"""select id, json_extract_string(extensions, '$."acme.case".number')
        from read_parquet('{path}/episodes/*.parquet') where extensions is not null"""
    ).fetchall()
    assert rows == [(review.episodes[0].id, "AC-0042")]
    kappa = duckdb.sql(
        f"""select json_extract(extensions, '$."acme.review".kappa')::double
        from read_parquet('{path}/reviews/*.parquet')"""
    ).fetchall()
    assert kappa == [(0.71,)]
    links = duckdb.sql(
        f"""select count(*) from read_parquet('{path}/links/*.parquet')
        where json_extract_string(extensions, '$."acme.case".number') = 'AC-0042'"""
    ).fetchall()
    assert links == [(1,)]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "not extension data: \\$: not JSON"),
        ('{"case": 1}', "not extension data: \\$\\['case'\\]: extension name"),
        ("[1, 2]", "not extension data: \\$: got list"),
        ('{"a.b": NaN}', "not extension data: \\$\\['a.b'\\]: got nan"),
    ],
)
def test_bad_extension_text_in_a_file_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    review = _acme_review()
    path = tmp_path / "corpus"
    pqds.write(path, review)
    [file] = (path / "episodes").glob("*.parquet")
    table = pq.read_table(file)
    column = table.column("extensions").to_pylist()
    column[1] = text
    index = table.schema.get_field_index("extensions")
    table = table.set_column(index, table.schema.field(index), pa.array(column, pa.string()))
    pq.write_table(table, file)
    without_checksums(path)  # reach the value check, past the size check that comes first
    with pytest.raises(FormatError, match=rf"table 'episodes', row 1 .*'extensions': {problem}"):
        list(pqds.read(path))


# --- link kinds and column descriptions -----------------------------------------------------


@settings(max_examples=10, deadline=None)
@given(ANY)
def test_links_carry_the_kinds_of_their_ends(
    tmp_path_factory: pytest.TempPathFactory, review: Review
) -> None:
    path = tmp_path_factory.mktemp("kinds") / "corpus"
    pqds.write(path, review)
    [file] = (path / "links").glob("*.parquet")
    table = pq.read_table(file)
    assert pa.types.is_dictionary(table.schema.field("src_kind").type)
    for end, column in (("source", "src_kind"), ("target", "dst_kind")):
        kinds = [review.kind_of(getattr(link, end)) for link in review.links]
        assert table.column(column).to_pylist() == [k and k.value for k in kinds]


def test_every_column_has_a_description_in_every_written_file(tmp_path: Path) -> None:
    for table, schema in pqds.SCHEMAS.items():
        for field in schema:
            assert field.metadata[b"description"].strip(), (table, field.name)
    path = tmp_path / "corpus"
    pqds.write(path, _acme_review())
    for table, schema in pqds.SCHEMAS.items():
        [file] = (path / table).glob("*.parquet")
        written = pq.read_schema(file)
        assert written.names == schema.names
        for field in written:
            assert field.metadata == schema.field(field.name).metadata, (table, field.name)


def test_json_schema_describes_extensions() -> None:
    schema = json_schema()
    for name in ("Agency", "Episode", "Link"):
        prop = schema["$defs"][name]["properties"]["extensions"]
        assert "namespaced" in prop["description"].lower()
        assert "extensions" not in schema["$defs"][name]["required"]
    assert "extensions" in schema["properties"]


# --- the registry ---------------------------------------------------------------------------


@attrs.frozen
class Case:
    number: str
    owner: str = ""
    tags: list[str] = attrs.field(factory=list)


@pytest.fixture
def acme() -> Iterator[Any]:
    extension = register_extension("acme.case", Case, restricted=["owner"], code="ACME100")

    @extension.rule("ACME101", "case-number-format", "warning", holds="numbers read AC-nnnn")
    def _format(review: Review, policy: Policy) -> Iterator[tuple[tuple[str, ...], str]]:
        """Numbers must be findable."""
        for owner, case in extension.items(review):
            if not re.fullmatch(r"AC-\d{4}", case.number):
                yield (getattr(owner, "id", "link"),), f"bad number {case.number!r}"

    yield extension
    unregister_extension("acme.case")


def test_typed_access(acme: Any) -> None:
    review = _acme_review()
    assert get_extension(review.episodes[0], "acme.case") == Case("AC-0042", "J. Smith")
    assert get_extension(review, "acme.review")["coders"] == ("c1", "c2")  # unregistered: raw
    assert get_extension(review.episodes[1], "acme.case") is None
    bad = attrs.evolve(review.episodes[0], extensions={"acme.case": {"number": 5, "x": 1}})
    with pytest.raises(ModelError) as info:
        get_extension(bad, "acme.case")
    message = str(info.value)
    assert message.startswith(f"episode {bad.id!r}: extensions['acme.case'].number: got int 5")
    assert "unknown field(s) 'x'" in message


def test_check_runs_extension_rules_and_select_ignore_policy_take_their_codes(acme: Any) -> None:
    review = _acme_review()
    assert check(review) == []
    assert "ACME100" not in RULES  # the catalogue lists the core rules only
    assert [r.code for r in select_rules(select="ACME")] == ["ACME100", "ACME101"]
    bad = attrs.evolve(
        review,
        links=(
            attrs.evolve(review.links[0], extensions={"acme.case": {"number": 1}}),
            *review.links[1:],
        ),
        episodes=(
            attrs.evolve(review.episodes[0], extensions={"acme.case": {"number": "42"}}),
            *review.episodes[1:],
        ),
    )
    found = check(bad)
    assert [(v.code, v.severity.value) for v in found] == [
        ("ACME100", "error"),
        ("ACME101", "warning"),
    ]
    assert found[0].subjects == (review.links[0].source, review.links[0].target)
    assert check(bad, ignore="ACME") == []
    assert [v.code for v in check(bad, select="ACME101")] == ["ACME101"]
    policy = Policy(severity={"ACME101": "error"})
    assert {v.severity.value for v in check(bad, policy=policy)} == {"error"}


def test_registration_is_validated_and_replaceable(acme: Any) -> None:
    with pytest.raises(ModelError, match="not namespaced"):
        register_extension("acme", Case)
    with pytest.raises(ModelError, match="not an attrs class"):
        register_extension("acme.other", dict)
    with pytest.raises(ModelError, match=r"restricted field\(s\) \['nope'\]"):
        register_extension("acme.other", Case, restricted=["nope"])
    with pytest.raises(ModelError, match="'SR' codes belong to systemsreview"):
        register_extension("acme.other", Case, code="SR901")
    with pytest.raises(ModelError, match="is taken"):
        register_extension("acme.other", Case, code="ACME101")
    with pytest.raises(ModelError, match="own"):
        acme.rule("acme1", "x", "warning", holds="x")
    with pytest.raises(ModelError, match="needs a schema"):
        register_extension("acme.other", code="ACME900")
    assert set(registered_extensions()) == {"acme.case"}
    again = register_extension("acme.case", Case)
    assert registered_extensions()["acme.case"] is again
    assert [r.code for r in select_rules()][-1] == "SR702"  # the old rules are gone


def _own(obj: Any) -> dict[str, Any]:
    """An object's own fields, less extensions (and, for a review, its entities and links)."""
    skip = {"extensions", "links", *(kind.plural for kind in EntityKind)}
    return {f.name: getattr(obj, f.name) for f in attrs.fields(type(obj)) if f.name not in skip}


def _without_owner(ext: Extensions) -> dict[str, Any]:
    out = ext.to_json()
    case = out.get("acme.case")
    if isinstance(case, dict):
        case.pop("owner", None)
    return out


@settings(max_examples=30, deadline=None)
@given(ANY, st.text(min_size=1))
def test_redact_removes_restricted_fields_and_keeps_everything_else(
    review: Review, owner: str
) -> None:
    marked = attrs.evolve(
        review,
        extensions={**review.extensions, "acme.case": {"number": "AC-1", "owner": owner}},
        links=tuple(
            attrs.evolve(link, extensions={**link.extensions, "acme.case": {"owner": owner}})
            for link in review.links
        ),
    )
    unregistered = redact(marked)
    assert unregistered.extensions == marked.extensions  # unknown to redact: kept as is
    register_extension("acme.case", Case, restricted=["owner"])
    try:
        public = redact(marked)
    finally:
        unregister_extension("acme.case")
    assert public.extensions["acme.case"] == {"number": "AC-1"}
    pairs = list(zip(carriers(public), carriers(unregistered), strict=True))
    for redacted, kept in pairs:
        assert redacted.extensions == _without_owner(kept.extensions)
        assert _own(redacted) == _own(kept)


def test_an_unknown_link_end_kind_in_a_file_is_refused_with_its_row(tmp_path: Path) -> None:
    review = _acme_review()
    path = tmp_path / "corpus"
    pqds.write(path, review)
    [file] = (path / "links").glob("*.parquet")
    table = pq.read_table(file)
    kinds = table.column("dst_kind").to_pylist()
    kinds[3] = "person"
    index = table.schema.get_field_index("dst_kind")
    column = pa.array(kinds, pa.string()).dictionary_encode()
    table = table.set_column(index, table.schema.field(index), column)
    pq.write_table(table, file)
    without_checksums(path)
    with pytest.raises(FormatError, match=r"table 'links', row 3 .*'dst_kind': unknown EntityKind"):
        list(pqds.read(path))


@pytest.mark.parametrize(
    ("extensions", "valid"),
    [
        ({"acme.case": {"n": [1, None, {"k": "v"}]}}, True),
        ({"nhs-trust.coding_v2": 1.5}, True),
        ({}, True),
        ({"case": 1}, False),
        ({"Acme.case": 1}, False),
        ({"acme.case\n": 1}, False),
        ({"acme..case": 1}, False),
        ([], False),
        ("acme.case", False),
    ],
)
def test_schema_and_loader_agree_on_extensions(extensions: Any, valid: bool) -> None:
    validator = jsonschema.Draft202012Validator(json_schema())
    document = json.loads(srjson.dumps(domestic_abuse_review()))
    document["agencies"][0]["extensions"] = extensions
    document["links"][0]["extensions"] = extensions
    document["extensions"] = extensions
    assert validator.is_valid(document) is valid
    if valid:
        assert srjson.loads(json.dumps(document)).extensions == extensions
    else:
        with pytest.raises(FormatError, match=r"\$\.agencies\[0\]\.extensions"):
            srjson.loads(json.dumps(document))
