"""Untrusted datasets: every kind of damage raises a systemsreview error, changes nothing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from storage_helpers import EXAMPLE, variants, without_checksums
from systemsreview import Corpus
from systemsreview.errors import FormatError, FormatVersionError, SystemsReviewError
from systemsreview.io import parquet as pqds
from systemsreview.io._columns import _WHITESPACE
from systemsreview.io._schema import REVIEWER
from systemsreview.model import Link, LinkKind
from systemsreview.rules import check


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus"
    pqds.write(path, variants(3))
    without_checksums(path)  # these tests reach the checks behind the size check
    return path


def _file(path: Path, table: str) -> Path:
    [file] = (path / table).glob("part-*.parquet")
    return file


def _tamper(path: Path, table: str, change: Callable[[pa.Table], pa.Table]) -> Path:
    """Rewrite one table file through ``change``, keeping its metadata and one row group."""
    file = _file(path, table)
    data = pq.read_table(file)
    metadata = data.schema.metadata
    changed = change(data)
    changed = changed.replace_schema_metadata(metadata)
    pq.write_table(changed, file, row_group_size=max(1, changed.num_rows))
    return file


def _snapshot(path: Path) -> dict[str, bytes]:
    return {str(f): f.read_bytes() for f in path.rglob("*") if f.is_file()}


def _set(data: pa.Table, name: str, values: pa.Array) -> pa.Table:
    i = data.column_names.index(name)
    return data.set_column(i, pa.field(name, values.type), values)


def _fails(
    path: Path,
    *fragments: str,
    error: type[Exception] = FormatError,
    review: str | None = "r0000",
) -> str:
    """Every way of reading fails with ``error`` naming ``fragments``; nothing changes.

    ``review`` is a review whose own rows are bad (``read_review`` reads no others).
    """
    before = _snapshot(path)
    messages = []
    readers: list[Callable[[], object]] = [
        lambda: list(pqds.read(path)),
        lambda: list(Corpus.open(path)),
    ]
    if review is not None:
        readers.append(lambda: pqds.read_review(path, review))
    for reader in readers:
        with pytest.raises(error) as info:
            reader()
        assert isinstance(info.value, SystemsReviewError)
        message = str(info.value)
        for fragment in fragments:
            assert fragment in message, (fragment, message)
        messages.append(message)
    assert _snapshot(path) == before
    return messages[0]


def test_truncated_file(corpus: Path) -> None:
    file = _file(corpus, "episodes")
    data = file.read_bytes()
    file.write_bytes(data[: len(data) // 2])
    _fails(corpus, str(file), "'episodes'", "truncated", "repair")


def test_not_parquet_at_all(corpus: Path) -> None:
    file = _file(corpus, "findings")
    file.write_text("review_id,id\nr0000,g\n")
    _fails(corpus, str(file), "not a readable Parquet file")


def test_missing_table_file(corpus: Path) -> None:
    file = _file(corpus, "agencies")
    file.unlink()
    _fails(corpus, str(file), "'agencies' has no file", "repair(path, drop_missing=True)")


def test_missing_table_folder(corpus: Path) -> None:
    for f in (corpus / "links").iterdir():
        f.unlink()
    (corpus / "links").rmdir()
    _fails(corpus, "'links' has no file")


def test_missing_column(corpus: Path) -> None:
    file = _tamper(corpus, "agencies", lambda t: t.drop_columns(["sector"]))
    _fails(corpus, str(file), "lacks column 'sector'")


def test_extra_column(corpus: Path) -> None:
    file = _tamper(
        corpus, "events", lambda t: t.append_column("secret", pa.array(["x"] * t.num_rows))
    )
    _fails(corpus, str(file), "'events'", "unexpected column(s) ['secret']")


def test_wrong_column_type(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        return _set(t, "when", pc.cast(t.column("when"), pa.string()))

    file = _tamper(corpus, "events", change)
    _fails(corpus, str(file), "column 'when' has type string, expected date32")


def test_unknown_enum_value(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        sectors = t.column("sector").to_pylist()
        sectors[4] = "spaceport"
        return _set(t, "sector", pa.array(sectors).dictionary_encode())

    file = _tamper(corpus, "agencies", change)
    agency = EXAMPLE.agencies[4 % len(EXAMPLE.agencies)].id
    _fails(
        corpus,
        str(file),
        "table 'agencies', row 4",
        f"(id {agency!r} of review 'r0000')",
        "column 'sector'",
        "unknown Sector 'spaceport'",
    )


def test_null_in_required_field(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        titles = t.column("title").to_pylist()
        titles[7] = None
        return _set(t, "title", pa.array(titles, pa.string()))

    file = _tamper(corpus, "episodes", change)
    _fails(corpus, str(file), "row 7", "column 'title'", "null in a required field", review="r0001")


def test_blank_id(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        ids = t.column("id").to_pylist()
        ids[2] = " \u2003"
        return _set(t, "id", pa.array(ids))

    _tamper(corpus, "events", change)
    _fails(corpus, "table 'events', row 2", "column 'id'", "expected a non-empty string")


def test_period_ending_before_it_starts(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        ends = t.column("period_end").to_pylist()
        ends[1] = ends[1].replace(year=1900)
        return _set(t, "period_end", pa.array(ends, pa.date32()))

    _tamper(corpus, "episodes", change)
    _fails(corpus, "table 'episodes', row 1", "period ends 1900-")


def test_unknown_factor_category(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        return _set(t, "category", pa.array(["frontline.nope"] * t.num_rows))

    _tamper(corpus, "factors", change)
    _fails(corpus, "table 'factors', row 0", "'frontline.nope' is not a code")


def test_null_reviewer_field(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        teams = t.column("reviewers").to_pylist()
        teams[1][1]["role"] = None
        loose = pa.struct([pa.field(f.name, f.type) for f in REVIEWER])
        return _set(t, "reviewers", pa.array(teams, pa.list_(loose)))

    _tamper(corpus, "reviews", change)
    _fails(corpus, "table 'reviews', row 1", "column 'reviewers.role'", "null", review="r0001")


def test_rows_of_a_review_that_does_not_exist(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        ids = t.column("review_id").to_pylist()
        ids[-1] = "r0002-ghost"
        return _set(t, "review_id", pa.array(ids))

    _tamper(corpus, "sources", change)
    message = _fails(corpus, "'sources'", "rows of review 'r0002-ghost'", review=None)
    assert f"row {3 * len(EXAMPLE.sources) - 1}" in message


def test_absurdly_large_string(tmp_path: Path) -> None:
    path = tmp_path / "c"
    huge = attrs.evolve(
        EXAMPLE, id="huge", events=(attrs.evolve(EXAMPLE.events[0], description="x" * 5000),)
    )
    pqds.write(path, huge)
    assert pqds.read_review(path, "huge") == huge  # under the default limit
    with pytest.raises(FormatError, match=r"5,000 bytes exceeds the limit of 1,000"):
        list(pqds.read(path, max_string_bytes=1000))
    with pytest.raises(FormatError, match="'events', row 0"):
        Corpus.open(path, max_string_bytes=1000).review("huge")


def test_manifest_lists_a_missing_part(corpus: Path) -> None:
    manifest = json.loads((corpus / "_systemsreview.json").read_text())
    ghost = dict(manifest["parts"][0], name="part-000001-0123456789abcdef", reviews=["r0009"])
    manifest["parts"].append(ghost)
    (corpus / "_systemsreview.json").write_text(json.dumps(manifest))
    before = _snapshot(corpus)
    with pytest.raises(FormatError, match="lists part 'part-000001-0123456789abcdef'"):
        list(pqds.read(corpus))
    assert _snapshot(corpus) == before
    assert pqds.read_review(corpus, "r0001") == variants(3)[1]  # the other part still reads
    removed = pqds.repair(corpus, drop_missing=True)
    assert any("part-000001-0123456789abcdef" in str(p) for p in removed)
    assert [r.id for r in pqds.read(corpus)] == ["r0000", "r0001", "r0002"]


def test_manifest_and_file_disagree(corpus: Path) -> None:
    manifest = json.loads((corpus / "_systemsreview.json").read_text())
    manifest["parts"][0]["reviews"] = ["r0000", "r0001", "zzz"]
    (corpus / "_systemsreview.json").write_text(json.dumps(manifest))
    _fails(corpus, "disagree with the manifest", "unlisted ['r0002']")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something else"}', "not a systemsreview dataset manifest"),
        (
            '{"format": "systemsreview-dataset", "format_version": "1.0", "parts": 3}',
            "field 'generation' is missing",
        ),
        ('{"format": "systemsreview-dataset", "format_version": "one"}', "not 'major.minor'"),
        ("\udcff", "cannot read the manifest"),
    ],
)
def test_corrupt_manifest(corpus: Path, text: str, fragment: str) -> None:
    (corpus / "_systemsreview.json").write_bytes(text.encode(errors="surrogateescape"))
    _fails(corpus, "_systemsreview.json", fragment)
    with pytest.raises(FormatError, match=fragment):
        Corpus.open(corpus)


def test_no_dataset(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no systemsreview dataset here"):
        Corpus.open(tmp_path)
    with pytest.raises(FormatError, match="no systemsreview dataset here"):
        pqds.compact(tmp_path / "nothing")


def test_newer_dataset_version(corpus: Path) -> None:
    manifest = json.loads((corpus / "_systemsreview.json").read_text())
    newer = f"{int(pqds.FORMAT_VERSION.split('.')[0]) + 1}.0"
    manifest.update(format_version=newer, library_version="3.1.0")
    (corpus / "_systemsreview.json").write_text(json.dumps(manifest))
    message = _fails(corpus, f"format {newer}", "systemsreview>=3.1.0", error=FormatVersionError)
    assert f"reads format {pqds.FORMAT_VERSION}" in message
    with pytest.raises(FormatVersionError):
        pqds.write(corpus, variants(1, "new"), mode="append")


def test_newer_file_version(corpus: Path) -> None:
    file = _file(corpus, "links")
    data = pq.read_table(file)
    meta = dict(data.schema.metadata)
    meta[b"systemsreview.format_version"] = b"7.2"
    meta[b"systemsreview.library_version"] = b"9.0"
    pq.write_table(data.replace_schema_metadata(meta), file)
    _fails(corpus, str(file), "format 7.2", "'systemsreview>=9.0'", error=FormatVersionError)


def test_file_without_systemsreview_metadata(corpus: Path) -> None:
    file = _file(corpus, "practitioners")
    pq.write_table(pq.read_table(file).replace_schema_metadata(None), file)
    _fails(corpus, str(file), "carries no systemsreview format version")


def test_newer_minor_version_with_an_extra_column_reads(corpus: Path) -> None:
    file = _file(corpus, "links")
    data = pq.read_table(file)
    meta = dict(data.schema.metadata)
    meta[b"systemsreview.format_version"] = f"{pqds.FORMAT_VERSION.split('.')[0]}.9".encode()
    data = data.append_column("weight", pa.array([1.0] * data.num_rows))
    pq.write_table(data.replace_schema_metadata(meta), file)
    assert list(pqds.read(corpus)) == variants(3)


def test_referential_problems_load_for_check_to_report(tmp_path: Path) -> None:
    path = tmp_path / "c"
    broken = attrs.evolve(
        EXAMPLE,
        agencies=(*EXAMPLE.agencies, EXAMPLE.agencies[0]),
        links=(*EXAMPLE.links, Link("nobody", EXAMPLE.episodes[0].id, LinkKind.CONTRIBUTED_TO)),
    )
    pqds.write(path, broken)
    [back] = pqds.read(path)
    assert back == broken
    assert {"SR101", "SR102"} <= {v.code for v in check(back)}


def test_rows_of_a_review_spread_out_still_keep_their_order(corpus: Path) -> None:
    def change(t: pa.Table) -> pa.Table:
        order = list(range(t.num_rows))
        return t.take(pa.array(order[1:] + order[:1]))  # r0000's first event moves last

    _tamper(corpus, "events", change)
    first = next(iter(pqds.read(corpus)))
    assert first.events == EXAMPLE.events[1:] + EXAMPLE.events[:1]


def test_os_errors_are_mapped(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(FormatError, match="cannot create the dataset folder"):
        pqds.write(blocker / "corpus", EXAMPLE)


def test_directory_in_place_of_a_file(corpus: Path) -> None:
    file = _file(corpus, "reviews")
    file.unlink()
    file.mkdir()
    _fails(corpus, str(file), "'reviews' is not a readable Parquet file")


def test_blank_means_what_str_strip_means() -> None:
    every = "".join(ch for ch in map(chr, range(sys.maxunicode + 1)) if ch.isspace())
    assert every == _WHITESPACE
