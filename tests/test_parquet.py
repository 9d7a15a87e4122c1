"""Parquet datasets: lossless round trips, the exact layout, write modes, pushdown, compaction."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage_helpers import EXAMPLE, minimal, unicode_review, variants
from systemsreview.errors import ConflictError, ModelError, NotFoundError
from systemsreview.io import _txn
from systemsreview.io import parquet as pqds
from systemsreview.io._arrow import Where, decode, encode
from systemsreview.model import Review
from systemsreview.rules import check
from systemsreview.strategies import arbitrary_reviews

TABLES = [
    "reviews",
    "agencies",
    "practitioners",
    "events",
    "episodes",
    "factors",
    "findings",
    "sources",
    "recommendations",
    "responses",
    "actions",
    "subjects",
    "family",
    "parallel_proceedings",
    "related",
    "links",
]


def _roundtrip(tmp_path: Path, reviews: list[Review], **kwargs: object) -> list[Review]:
    path = tmp_path / "corpus"
    pqds.write(path, reviews, **kwargs)  # type: ignore[arg-type]
    return list(pqds.read(path))


@pytest.mark.parametrize(
    "review", [EXAMPLE, minimal(), unicode_review()], ids=["example", "minimal", "unicode"]
)
def test_round_trip_is_exact(tmp_path: Path, review: Review) -> None:
    path = tmp_path / "c"
    pqds.write(path, review)
    assert list(pqds.read(path)) == [review]
    assert pqds.read_review(path, review.id) == review
    assert check(pqds.read_review(path, review.id)) == check(review)


def test_round_trip_keeps_every_tuple_in_order(tmp_path: Path) -> None:
    review = attrs.evolve(EXAMPLE, events=EXAMPLE.events[::-1], links=EXAMPLE.links[::-1])
    [back] = _roundtrip(tmp_path, [review])
    for field in attrs.fields(Review):
        assert getattr(back, field.name) == getattr(review, field.name), field.name
    assert [e.id for e in back.events] == [e.id for e in review.events]


def test_many_reviews_unsorted_input_small_batches(tmp_path: Path) -> None:
    reviews = [*variants(7)[::-1], minimal("m"), unicode_review()]
    back = _roundtrip(tmp_path, reviews, batch_size=3)
    assert sorted(back, key=lambda r: r.id) == sorted(reviews, key=lambda r: r.id)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(arbitrary_reviews(), max_size=4, unique_by=lambda r: r.id), st.integers(1, 3))
def test_any_reviews_round_trip(
    tmp_path_factory: pytest.TempPathFactory, reviews: list[Review], batch: int
) -> None:
    path = tmp_path_factory.mktemp("h") / "corpus"
    pqds.write(path, reviews, batch_size=batch)
    back = {r.id: r for r in pqds.read(path)}
    assert back == {r.id: r for r in reviews}


@settings(max_examples=60, deadline=None)
@given(arbitrary_reviews())
def test_in_memory_conversion_is_exact(review: Review) -> None:
    tables = encode([review])
    assert decode(tables, {t: Where("<memory>", t) for t in tables}) == [review]


def test_layout_is_exactly_as_documented(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, [*variants(3), minimal("a-min")])
    manifest = json.loads((path / "_systemsreview.json").read_text())
    assert manifest["format_version"] == pqds.FORMAT_VERSION
    assert manifest["tables"] == TABLES == list(pqds.SCHEMAS)
    [part] = manifest["parts"]
    assert part["reviews"] == ["a-min", "r0000", "r0001", "r0002"]
    for table in TABLES:
        [file] = (path / table).glob("part-*.parquet")
        assert file.stem == part["name"]
        schema = pq.read_schema(file)
        assert schema.metadata[b"systemsreview.format_version"] == pqds.FORMAT_VERSION.encode()
        assert schema.remove_metadata().equals(pqds.SCHEMAS[table])
        ids = pq.read_table(file, columns=["review_id"]).column(0).to_pylist()
        assert ids == sorted(ids)
        assert schema.names[0] == "review_id"
    links = pq.read_schema(path / "links" / f"{part['name']}.parquet")
    assert links.names == [
        "review_id",
        "src",
        "dst",
        "kind",
        "note",
        "locator",
        "quote",
        "src_kind",
        "dst_kind",
        "extensions",
    ]
    for name in ("kind", "src_kind", "dst_kind"):
        assert links.field(name).type == pa.dictionary(pa.int32(), pa.string())
    assert links.field("src_kind").nullable
    assert links.field("extensions").type == pa.string()
    reviews = pqds.SCHEMAS["reviews"]
    assert reviews.field("decided").type == pa.date32()
    assert reviews.field("decided").nullable
    assert not reviews.field("scope_start").nullable
    assert {f.name for f in reviews.field("reviewers").type.value_type} == {
        "role",
        "role_text",
        "organisation",
        "independent_of_case",
        "independent_of_agencies",
        "independent_of_board",
        "lead",
        "agency_id",
    }
    assert pqds.SCHEMAS["findings"].field("questions").type.value_type == pa.string()
    for schema in pqds.SCHEMAS.values():
        for field in schema:
            assert not pa.types.is_timestamp(field.type)


def test_one_part_per_write_with_one_row_group_per_batch(tmp_path: Path) -> None:
    path = tmp_path / "c"
    pqds.write(path, variants(10), batch_size=4)
    for table in TABLES:
        [file] = (path / table).glob("*.parquet")
        assert pq.ParquetFile(file).num_row_groups == 3


def test_modes(tmp_path: Path) -> None:
    path = tmp_path / "c"
    first, second, third = variants(3)
    assert pqds.write(path, first) == 1
    with pytest.raises(ConflictError, match="exists already"):
        pqds.write(path, second)
    assert pqds.write(path, [second], mode="append") == 1
    with pytest.raises(ConflictError, match=r"'r0000' is already stored.*mode='replace'"):
        pqds.write(path, [third, first], mode="append")
    assert pqds.review_ids(path) == ["r0000", "r0001"]
    with pytest.raises(ConflictError, match="written twice"):
        pqds.write(path, [third, third], mode="append")
    changed = attrs.evolve(first, title="changed", links=())
    assert pqds.write(path, [changed, third], mode="replace") == 2
    assert sorted(pqds.review_ids(path)) == ["r0000", "r0001", "r0002"]
    assert pqds.read_review(path, "r0000") == changed
    assert pqds.read_review(path, "r0001") == second
    assert not list((path / "_staging").glob("*")) if (path / "_staging").exists() else True
    listed = {p["name"] for p in json.loads((path / "_systemsreview.json").read_text())["parts"]}
    assert {f.stem for f in (path / "links").iterdir()} == listed


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="mode must be one of"):
        pqds.write(tmp_path / "c", EXAMPLE, mode="upsert")  # type: ignore[arg-type]
    with pytest.raises(ModelError, match="not a Review"):
        pqds.write(tmp_path / "d", [EXAMPLE, "oops"])  # type: ignore[list-item]
    assert not (tmp_path / "d" / "_systemsreview.json").exists()


def test_empty_dataset(tmp_path: Path) -> None:
    path = tmp_path / "c"
    assert pqds.write(path, []) == 0
    assert list(pqds.read(path)) == []
    assert pqds.read_table(path, "episodes").num_rows == 0
    assert pqds.write(path, [], mode="append") == 0


def test_read_review_not_found_names_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "c"
    pqds.write(path, variants(3))
    with pytest.raises(NotFoundError, match="no review with id 'r001'; closest: 'r0001'") as err:
        pqds.read_review(path, "r001")
    assert err.value.candidates[0] == "r0001"


def test_read_review_reads_only_its_row_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c"
    pqds.write(path, variants(20), batch_size=2)
    groups: list[int] = []
    original = pq.ParquetFile.read_row_group

    def spy(self: pq.ParquetFile, i: int, *args: object, **kwargs: object) -> pa.Table:
        groups.append(i)
        return original(self, i, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "read_row_group", spy)
    review = pqds.read_review(path, "r0013")
    assert review == variants(20)[13]
    assert groups == [6] * len(TABLES)  # r0012, r0013 form row group 6 of every table


def test_read_is_lazy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c"
    pqds.write(path, variants(6), batch_size=2)
    calls: list[int] = []
    original = pq.ParquetFile.read_row_group
    monkeypatch.setattr(
        pq.ParquetFile,
        "read_row_group",
        lambda self, i, *a, **k: calls.append(i) or original(self, i, *a, **k),
    )
    reviews = pqds.read(path)
    assert calls == []
    next(reviews)
    assert set(calls) == {0}


def test_write_streams_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steps: list[str] = []
    monkeypatch.setattr(_txn, "on_step", steps.append)
    pending = 0
    most = 0

    def produce() -> object:
        nonlocal pending, most
        for review in variants(12):
            pending = len([s for s in steps if s.startswith("row group")])
            most = max(most, pending)
            yield review

    pqds.write(tmp_path / "c", produce(), batch_size=5)  # type: ignore[arg-type]
    assert [s for s in steps if s.startswith("row group")] == [f"row group {i}" for i in (1, 2, 3)]
    assert most == 2  # the third batch was drawn after the first two were written


def test_compaction_merges_small_parts_sorted(tmp_path: Path) -> None:
    path = tmp_path / "c"
    reviews = variants(9)
    for review in reviews[::-1]:
        pqds.write(path, review, mode="append", compact_threshold=None)
    assert len(list((path / "reviews").iterdir())) == 9
    assert pqds.compact(path) == 9
    assert len(list((path / "reviews").iterdir())) == 1
    assert pqds.review_ids(path) == [r.id for r in reviews]
    assert list(pqds.read(path)) == reviews
    assert len(list((path / "episodes").iterdir())) == 1
    assert pqds.compact(path) == 0


def test_writers_compact_past_the_threshold(tmp_path: Path) -> None:
    path = tmp_path / "c"
    for review in variants(6):
        pqds.write(path, review, mode="append", compact_threshold=3)
        assert len(list((path / "reviews").iterdir())) <= 3
    assert sorted(r.id for r in pqds.read(path)) == [r.id for r in variants(6)]


def test_read_table_and_filter(tmp_path: Path) -> None:
    path = tmp_path / "c"
    pqds.write(path, [*variants(2), minimal()])
    events = pqds.read_table(path, "events", ["review_id", "when"])
    assert events.num_rows == 2 * len(EXAMPLE.events)
    one = pqds.read_table(path, "links", None, pc.field("review_id") == "r0001")
    assert one.num_rows == len(EXAMPLE.links)
    assert one.column("src").to_pylist() == [link.source for link in EXAMPLE.links]
    with pytest.raises(NotFoundError, match="no table 'episode'; closest: 'episodes'"):
        pqds.read_table(path, "episode")


def test_read_some_reviews(tmp_path: Path) -> None:
    path = tmp_path / "c"
    reviews = variants(6)
    pqds.write(path, reviews, batch_size=2)
    picked = list(pqds.read(path, review_ids=["r0004", "r0001"]))
    assert picked == [reviews[1], reviews[4]]
    with pytest.raises(NotFoundError, match="no review with id 'r0009'"):
        pqds.read(path, review_ids=["r0001", "r0009"])
