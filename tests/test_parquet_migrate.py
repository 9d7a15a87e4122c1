"""Older datasets: the committed format-0 fixture is migrated on read and by compact()."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow.parquet as pq
import pytest

from systemsreview import Corpus, sql
from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json
from systemsreview.io import parquet as pqds
from systemsreview.io._migrate import MIGRATIONS, migrate
from systemsreview.io._schema import FORMAT_VERSION
from systemsreview.model import Review

FIXTURES = Path(__file__).parent / "fixtures"


def _script(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, FIXTURES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tiny_review() -> Review:
    return _script("make_format0").tiny_review()  # type: ignore[no-any-return]


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old"
    shutil.copytree(FIXTURES / "format0", path)
    return path


def test_fixture_is_really_the_old_layout(old: Path) -> None:
    [links] = (old / "links").glob("*.parquet")
    schema = pq.read_schema(links)
    assert schema.names == ["review_id", "source", "target", "kind", "note"]
    assert schema.metadata[b"systemsreview.format_version"] == b"0.1"


def test_old_dataset_reads_through_the_migration(old: Path) -> None:
    review = _tiny_review()
    assert list(pqds.read(old)) == [review]
    assert pqds.read_review(old, "old-review") == review
    corpus = Corpus.open(old)
    assert corpus.table("links", ["src", "dst"]).to_pylist() == [
        {"src": "kpe-1", "dst": "police"},
        {"src": "finding", "dst": "kpe-1"},
    ]
    assert len(corpus.where(year=2019)) == 1


def test_writers_refuse_an_old_dataset_until_compacted(old: Path) -> None:
    with pytest.raises(FormatVersionError, match=r"format 0\.1; run compact\(\)"):
        pqds.write(old, _tiny_review(), mode="replace")
    assert pqds.compact(old) == 1
    for file in old.glob("*/part-*.parquet"):
        version = pq.read_schema(file).metadata[b"systemsreview.format_version"]
        assert version == FORMAT_VERSION.encode()
    assert f'"format_version": "{FORMAT_VERSION}"' in (old / "_systemsreview.json").read_text()
    assert list(pqds.read(old)) == [_tiny_review()]
    links = duckdb.sql(f"select src, dst from read_parquet('{old}/links/*.parquet')").fetchall()
    assert links == [("kpe-1", "police"), ("finding", "kpe-1")]
    pqds.write(old, _tiny_review(), mode="replace")


def test_every_older_major_version_has_a_migration() -> None:
    assert set(MIGRATIONS) == set(range(int(FORMAT_VERSION.split(".")[0])))
    assert (
        migrate(
            "reviews", FORMAT_VERSION, pq.read_table(next(FIXTURES.glob("format0/reviews/*")))
        ).num_rows
        == 1
    )


@pytest.fixture
def format1(tmp_path: Path) -> Path:
    path = tmp_path / "format1"
    shutil.copytree(FIXTURES / "format1", path)
    return path


def _links(path: Path) -> list[tuple[Any, ...]]:
    query = (
        "select review_id, src, dst, src_kind, dst_kind, extensions "
        f"from read_parquet('{path}/links/*.parquet') order by all"
    )
    return duckdb.sql(query).fetchall()


def test_format1_fixture_is_really_the_1_0_layout(format1: Path) -> None:
    for file in format1.glob("*/part-*.parquet"):
        schema = pq.read_schema(file)
        assert schema.metadata[b"systemsreview.format_version"] == b"1.0"
        assert "extensions" not in schema.names
        assert "src_kind" not in schema.names
        assert all(not field.metadata for field in schema)


def test_format1_reads_with_extensions_empty_and_link_kinds_computed(format1: Path) -> None:
    expected = _script("make_format1").reviews()
    assert list(pqds.read(format1)) == expected
    assert pqds.read_review(format1, "format1-small") == expected[1]
    links = Corpus.open(format1).table("links", ["review_id", "src", "dst", "src_kind", "dst_kind"])
    rows = links.to_pylist()
    assert len(rows) == sum(len(r.links) for r in expected)
    by_id = {r.id: r for r in expected}
    for row in rows:
        review = by_id[row["review_id"]]
        for end in ("src", "dst"):
            kind = review.kind_of(row[end])
            assert row[f"{end}_kind"] == (None if kind is None else kind.value)
    dangling = [r for r in rows if r["dst"] == "health-visitor"]
    assert dangling == [
        {
            "review_id": "format1-small",
            "src": "kpe-1",
            "dst": "health-visitor",
            "src_kind": "episode",
            "dst_kind": None,
        }
    ]


def test_format1_compacts_to_what_the_writer_writes(format1: Path, tmp_path: Path) -> None:
    expected = _script("make_format1").reviews()
    fresh = tmp_path / "fresh"
    pqds.write(fresh, expected)
    assert pqds.compact(format1) == 2
    assert sorted(pqds.read(format1), key=lambda r: r.id) == sorted(expected, key=lambda r: r.id)
    assert _links(format1) == _links(fresh)
    for table in pqds.SCHEMAS:
        [file] = (format1 / table).glob("part-*.parquet")
        assert pq.read_schema(file).remove_metadata().equals(pqds.SCHEMAS[table])
        assert pq.read_schema(file).field("review_id").metadata[b"description"]


@pytest.mark.parametrize("drop", ["src", "review_id"])
def test_a_damaged_1_0_links_file_is_named_not_crashed_on(format1: Path, drop: str) -> None:
    [file, *_] = sorted((format1 / "links").glob("*.parquet"))
    table = pq.read_table(file)
    pq.write_table(table.drop_columns([drop]).replace_schema_metadata(table.schema.metadata), file)
    with pytest.raises(FormatError, match=rf"table 'links' lacks column '{drop}'"):
        list(pqds.read(format1))


def test_a_1_0_part_missing_an_entity_file_cannot_be_migrated(format1: Path) -> None:
    [file, *_] = sorted((format1 / "agencies").glob("*.parquet"))
    file.unlink()
    with pytest.raises(FormatError, match="agencies"):
        list(pqds.read(format1))


@pytest.fixture
def format2(tmp_path: Path) -> Path:
    path = tmp_path / "format2"
    shutil.copytree(FIXTURES / "format2", path)
    return path


def test_format2_fixture_is_really_the_2_0_layout(format2: Path) -> None:
    files = sorted(format2.glob("*/part-*.parquet"))
    assert {f.parent.name for f in files} == {
        "reviews",
        "agencies",
        "practitioners",
        "events",
        "episodes",
        "factors",
        "findings",
        "sources",
        "links",
    }
    for file in files:
        schema = pq.read_schema(file)
        assert schema.metadata[b"systemsreview.format_version"] == b"2.0"
        assert "extensions" in schema.names


def test_format2_reads_back_the_reviews_it_was_written_from(format2: Path) -> None:
    expected = _script("make_format2").reviews()
    assert list(pqds.read(format2)) == expected
    small = pqds.read_review(format2, "format2-small")
    assert small == expected[1]
    assert small.extensions == {"acme.case": {"number": 42}}
    assert pqds.verify(format2).ok


LOOP_TABLES = ("recommendations", "responses", "actions")


def test_format2_reads_the_learning_loop_tables_as_empty(format2: Path) -> None:
    corpus = Corpus.open(format2)
    for table in LOOP_TABLES:
        data = corpus.table(table)
        assert data.num_rows == 0
        assert data.schema.remove_metadata().equals(pqds.SCHEMAS[table].remove_metadata())
    assert all(not r.responses and not r.actions for r in pqds.read(format2))
    assert migrate("links", "2.0", pq.read_table(next((format2 / "links").glob("*")))).num_rows


def test_format2_appends_a_current_review_beside_its_2_0_parts(format2: Path) -> None:
    expected = _script("make_format2").reviews()
    loop = _script("make_format3").small_review()
    with pytest.raises(FormatVersionError, match="run compact"):
        pqds.write(format2, loop, mode="append")
    assert pqds.compact(format2) == 2
    pqds.write(format2, loop, mode="append")
    by_id = sorted([*expected, loop], key=lambda r: r.id)
    assert sorted(pqds.read(format2), key=lambda r: r.id) == by_id
    assert Corpus.open(format2).table("actions", ["id"]).column(0).to_pylist() == [
        "act-1",
        "act-2",
    ]
    assert pqds.verify(format2).ok
    assert pqds.compact(format2, target_rows=10**6) >= 1
    assert sorted(pqds.read(format2), key=lambda r: r.id) == by_id
    for table in LOOP_TABLES:
        for file in (format2 / table).glob("part-*.parquet"):
            version = pq.read_schema(file).metadata[b"systemsreview.format_version"]
            assert version == pqds.FORMAT_VERSION.encode()


def test_format2_reads_with_no_case_and_the_tables_of_the_case_empty(format2: Path) -> None:
    """Format 2.0 parts have no subjects or family files: they read as holding none."""
    assert not list(format2.glob("subjects/*"))
    assert not list(format2.glob("family/*"))
    for review in pqds.read(format2):
        assert (review.subjects, review.family, review.characteristics) == ((), (), ())
        assert review.aware is None
    for table in ("subjects", "family"):
        empty = pqds.read_table(format2, table)
        assert empty.num_rows == 0
        assert empty.schema.names == pqds.SCHEMAS[table].names
        assert pqds.files(format2, table) == []
    reviews = pqds.read_table(format2, "reviews", columns=["characteristics", "aware"])
    assert reviews.column("characteristics").to_pylist() == [[], []]
    assert reviews.column("aware").null_count == 2
    report = pqds.verify(format2)
    assert report.ok
    assert report.files == 2 * 9  # two parts of the nine tables of format 2.0


def test_format2_compacts_and_appends_into_the_current_format(format2: Path) -> None:
    """Compacting a 2.0 dataset migrates it; a review with its case then appends to it."""
    expected = _script("make_format2").reviews()
    with_case = attrs.evolve(domestic_abuse_review(), id="with-case")
    with pytest.raises(FormatVersionError, match="run compact"):
        pqds.write(format2, with_case, mode="append")
    pqds.compact(format2)  # one part, sorted by review id

    def by_id(reviews: object) -> list[Review]:
        return sorted(reviews, key=lambda r: r.id)  # type: ignore[call-overload,no-any-return]

    assert by_id(pqds.read(format2)) == by_id(expected)
    pqds.write(format2, with_case, mode="append")
    assert by_id(pqds.read(format2)) == by_id([*expected, with_case])
    manifest = json.loads((format2 / "_systemsreview.json").read_text())
    assert {p["format_version"] for p in manifest["parts"]} == {pqds.FORMAT_VERSION}
    assert pqds.read_table(format2, "subjects").num_rows == 2
    assert pqds.verify(format2).ok


def test_format2_manifest_rebuilds_with_the_new_tables_absent(format2: Path) -> None:
    (format2 / "_systemsreview.json").unlink()
    rebuilt = pqds.rebuild_manifest(format2)
    assert len(rebuilt.parts) == 2
    assert list(pqds.read(format2)) == _script("make_format2").reviews()
    assert pqds.verify(format2).ok


def test_a_3_0_part_missing_a_loop_file_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "format3"
    shutil.copytree(FIXTURES / "format3", path)
    [file, *_] = sorted((path / "responses").glob("*.parquet"))
    file.unlink()
    with pytest.raises(FormatError, match="table 'responses' has no file for it"):
        list(pqds.read(path))
    assert not pqds.verify(path).ok


@pytest.fixture
def format3(tmp_path: Path) -> Path:
    path = tmp_path / "format3"
    shutil.copytree(FIXTURES / "format3", path)
    return path


def test_format3_fixture_is_the_3_0_layout_with_the_loop(format3: Path) -> None:
    for table in LOOP_TABLES:
        [*files] = sorted((format3 / table).glob("part-*.parquet"))
        assert len(files) == 2
        for file in files:
            assert pq.read_schema(file).metadata[b"systemsreview.format_version"] == b"3.0"
    assert Corpus.open(format3).table("responses").num_rows == 2
    assert Corpus.open(format3).table("actions").num_rows == 4


def test_format3_reads_back_the_reviews_it_was_written_from(format3: Path) -> None:
    expected = _script("make_format3").reviews()
    assert list(pqds.read(format3)) == expected
    small = pqds.read_review(format3, "format3-small")
    assert small.actions[0].extensions == {"acme.tracker": {"ticket": 7}}
    assert pqds.verify(format3).ok


def test_format2_duckdb_views_refuse_then_have_the_case_tables_empty(format2: Path) -> None:
    connection = duckdb.connect()
    with pytest.raises(FormatVersionError, match=r"format 2\.0: 2 part\(s\).*compact"):
        sql.duckdb_views(connection, format2)
    pqds.compact(format2)
    sql.duckdb_views(connection, format2)
    subjects = connection.sql(f"SELECT * FROM {sql.table(format2, 'subjects')}")
    assert subjects.fetchall() == []
    assert subjects.columns == pqds.SCHEMAS["subjects"].names


def test_format3_reads_with_no_case_and_the_tables_of_the_case_empty(format3: Path) -> None:
    """Format 3.0 parts (the learning loop) have no subjects or family files (format 4.0)."""
    assert not list(format3.glob("subjects/*"))
    assert not list(format3.glob("family/*"))
    for review in pqds.read(format3):
        assert (review.subjects, review.family, review.characteristics) == ((), (), ())
        assert review.aware is None
    for table in ("subjects", "family"):
        assert pqds.read_table(format3, table).num_rows == 0
        assert pqds.files(format3, table) == []
    report = pqds.verify(format3)
    assert report.ok
    assert report.files == 2 * 12  # two parts of the twelve tables of format 3.0


def test_format3_compacts_into_the_current_format_and_takes_a_case(format3: Path) -> None:
    expected = _script("make_format3").reviews()
    with_case = attrs.evolve(domestic_abuse_review(), id="with-case")
    with pytest.raises(FormatVersionError, match="run compact"):
        pqds.write(format3, with_case, mode="append")
    pqds.compact(format3)
    assert sorted(pqds.read(format3), key=lambda r: r.id) == sorted(expected, key=lambda r: r.id)
    pqds.write(format3, with_case, mode="append")
    assert pqds.read_review(format3, "with-case") == with_case
    assert pqds.read_table(format3, "subjects").num_rows == 2
    assert pqds.read_table(format3, "actions").num_rows == 4 + 2
    assert pqds.verify(format3).ok


def test_format3_duckdb_views_refuse_then_have_the_loop_and_no_case(format3: Path) -> None:
    connection = duckdb.connect()
    with pytest.raises(FormatVersionError, match=r"format 3\.0: 2 part\(s\).*compact"):
        sql.duckdb_views(connection, format3)
    pqds.compact(format3)
    sql.duckdb_views(connection, format3)
    family = connection.sql(f"SELECT * FROM {sql.table(format3, 'family')}")
    assert family.fetchall() == []
    assert family.columns == pqds.SCHEMAS["family"].names
    actions = connection.sql(f"SELECT count(*) FROM {sql.table(format3, 'actions')}")
    assert actions.fetchall() == [(4,)]


@pytest.fixture
def format4(tmp_path: Path) -> Path:
    path = tmp_path / "format4"
    shutil.copytree(FIXTURES / "format4", path)
    return path


CASE_TABLES = ("subjects", "family")


def test_format4_fixture_is_the_4_0_layout_with_the_case(format4: Path) -> None:
    for table in CASE_TABLES:
        [*files] = sorted((format4 / table).glob("part-*.parquet"))
        assert len(files) == 2
        for file in files:
            assert pq.read_schema(file).metadata[b"systemsreview.format_version"] == b"4.0"
    corpus = Corpus.open(format4)
    assert corpus.table("subjects").num_rows == 2 + 2
    assert corpus.table("family").num_rows == 1 + 2
    assert corpus.table("actions").num_rows == 2 + 2


def test_format4_reads_back_the_reviews_it_was_written_from(format4: Path) -> None:
    expected = _script("make_format4").reviews()
    assert list(pqds.read(format4)) == expected
    small = pqds.read_review(format4, "format4-small")
    assert small.subjects[0].extensions == {"acme.case": {"subject": 1}}
    assert small.characteristics == ("neglect", "parental_mental_health")
    report = pqds.verify(format4)
    assert report.ok
    assert report.files == 2 * 14  # two parts of the fourteen tables of format 4.0


def test_format4_duckdb_views_refuse_then_read_the_case(format4: Path) -> None:
    connection = duckdb.connect()
    with pytest.raises(FormatVersionError, match=r"format 4\.0: 2 part\(s\).*compact"):
        sql.duckdb_views(connection, format4)
    pqds.compact(format4)
    sql.duckdb_views(connection, format4)
    roles = connection.sql(
        f"SELECT role FROM {sql.table(format4, 'family')} ORDER BY review_id, id"
    ).fetchall()
    assert roles == [("father",), ("grandparent",), ("mother",)]


@pytest.fixture
def format5(tmp_path: Path) -> Path:
    path = tmp_path / "format5"
    shutil.copytree(FIXTURES / "format5", path)
    return path


def test_format5_fixture_is_the_5_0_layout(format5: Path) -> None:
    for table in ("related", "parallel_proceedings", "findings", "events"):
        [*files] = sorted((format5 / table).glob("part-*.parquet"))
        assert len(files) == 3
        for file in files:
            assert pq.read_schema(file).metadata[b"systemsreview.format_version"] == b"5.0"
    assert pq.read_schema(files[0]).field("when_precision") is not None


def test_format5_reads_back_the_reviews_it_was_written_from(format5: Path) -> None:
    expected = _script("make_format5").reviews()
    assert list(pqds.read(format5)) == expected
    small = pqds.read_review(format5, "format5-small")
    assert small.events[0].when_precision.value == "month"
    assert small.episodes[0].perspectives[1].sensitivity.value == "restricted"
    assert [x.locator for x in small.links if x.locator] == ["para 2.3"]
    report = pqds.verify(format5)
    assert report.ok
    assert report.files == 3 * len(pqds.TABLES)


def test_format5_duckdb_views_read_what_5_0_added(format5: Path) -> None:
    connection = duckdb.connect()
    sql.duckdb_views(connection, format5)
    rows = connection.sql(
        f"SELECT review_id, methods FROM {sql.table(format5, 'reviews')} ORDER BY review_id"
    ).fetchall()
    small = _script("make_format5").small_review()
    assert rows == [
        ("format5-small", [m.value for m in small.methods]),
        ("lscb-2011-da", ["learning_together"]),
        ("lscb-2013-hidden-child", ["individual_management_reviews"]),
    ]
    related = connection.sql(
        f"SELECT review_id, relation FROM {sql.table(format5, 'related')} ORDER BY review_id"
    ).fetchall()
    assert related == [
        ("format5-small", "earlier_review_of_family"),
        ("lscb-2013-hidden-child", "analysed_further_in"),
    ]
    processes = connection.sql(
        f"SELECT count(*) FROM {sql.table(format5, 'events')} WHERE process IS NOT NULL"
    ).fetchall()
    assert processes == [(4,)]


def test_review_v5_json_is_the_small_review_as_written() -> None:
    small = _script("make_format5").small_review()
    fixture = FIXTURES / "review-v5.json"
    assert review_json.load(fixture) == small
    assert fixture.read_text(encoding="utf-8") == review_json.dumps(small, indent=2) + "\n"
