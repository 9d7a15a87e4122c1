"""Every reader validates the same way (issue 15): ``read``, ``read_review``, ``read_table``,
``review_ids``, ``Corpus`` and its analyses all refuse the same damaged files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from storage_helpers import EXAMPLE, variants, without_checksums
from systemsreview import Corpus, analytics
from systemsreview.errors import FormatError, FormatVersionError, SystemsReviewError
from systemsreview.io import parquet as pqds
from systemsreview.io._schema import FORMAT_VERSION


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two parts: r0000..r0002 in row groups of one review each, then s0000..s0001."""
    path = tmp_path / "corpus"
    pqds.write(path, variants(3), batch_size=1)
    pqds.write(path, variants(2, "s"), mode="append")
    without_checksums(path)  # these tests reach the checks behind the size check
    return path


def _file(path: Path, table: str, index: int = 0) -> Path:
    return sorted((path / table).glob("part-*.parquet"))[index]


def _rewrite(
    file: Path,
    change: Callable[[pa.Table], pa.Table] = lambda t: t,
    groups: Sequence[int] | None = None,
    metadata: dict[bytes, bytes] | None = None,
) -> None:
    """Rewrite ``file`` through ``change``, with row groups of the given sizes."""
    source = pq.ParquetFile(file)
    sizes = groups or [source.metadata.row_group(k).num_rows for k in range(source.num_row_groups)]
    data = change(source.read())
    data = data.replace_schema_metadata(metadata or source.schema_arrow.metadata)
    with pq.ParquetWriter(file, data.schema) as out:
        start = 0
        for size in sizes:
            out.write_table(data.slice(start, size), row_group_size=max(size, 1))
            start += size


def _set(column: str, values: Callable[[list[object]], list[object]]) -> Callable[..., pa.Table]:
    def change(data: pa.Table) -> pa.Table:
        i = data.column_names.index(column)
        field = data.schema.field(i).with_nullable(True)
        return data.set_column(
            i, field, pa.array(values(data.column(column).to_pylist()), field.type)
        )

    return change


def _readers(path: Path, table: str, review: str, ids: bool) -> list[Callable[[], object]]:
    analyses: dict[str, Callable[[object], object]] = {
        "findings": analytics.pattern_prevalence,
        "factors": analytics.factor_prevalence,
        "links": lambda c: analytics.recurring_findings(c, by="pattern_sector"),  # type: ignore[arg-type]
        "agencies": lambda c: analytics.recurring_findings(c, by="pattern_sector"),  # type: ignore[arg-type]
        "reviews": analytics.trend,
    }
    readers: list[Callable[[], object]] = [
        lambda: list(pqds.read(path)),
        lambda: pqds.read_review(path, review),
        lambda: pqds.read_table(path, table),
        lambda: Corpus.open(path).table(table),
        lambda: list(Corpus.open(path)),
    ]
    if ids:  # the problem is in the ids: reading the ids alone finds it
        readers.append(lambda: pqds.read_table(path, table, ["review_id"]))
    if table in analyses:
        readers.append(lambda: analyses[table](Corpus.open(path)))
        readers.append(lambda: analyses[table](path))
    if table == "reviews":
        readers.append(lambda: pqds.review_ids(path))
    return readers


def _refused(
    path: Path,
    table: str,
    review: str,
    *fragments: str,
    error: type[Exception] = FormatError,
    ids: bool = True,
) -> None:
    for reader in _readers(path, table, review, ids):
        with pytest.raises(error) as info:
            reader()
        assert isinstance(info.value, SystemsReviewError)
        for fragment in fragments:
            assert fragment in str(info.value), (fragment, str(info.value))


def test_reviews_table_lists_a_review_the_manifest_does_not(corpus: Path) -> None:
    _rewrite(_file(corpus, "reviews"), _set("review_id", lambda v: [*v[:2], "r9999"]))
    _refused(corpus, "reviews", "r0000", "disagree with the manifest", "unlisted ['r9999']")


def test_reviews_table_holds_a_review_twice(corpus: Path) -> None:
    _rewrite(_file(corpus, "reviews"), _set("review_id", lambda v: [v[0], v[0], v[2]]))
    _refused(corpus, "reviews", "r0000", "disagree with the manifest", "missing ['r0001']")


def test_rows_of_an_unknown_review(corpus: Path) -> None:
    file = _file(corpus, "findings")
    _rewrite(file, _set("review_id", lambda v: [*v[:-1], "ghost"]))
    _refused(corpus, "findings", "r0002", str(file), "rows of review 'ghost'", "no such review")


def test_rows_of_a_review_stored_in_another_part(corpus: Path) -> None:
    file = _file(corpus, "episodes")
    _rewrite(file, _set("review_id", lambda v: [*v[:-1], "s0001"]))
    _refused(corpus, "episodes", "r0002", str(file), "'s0001'", "stored in part")


def test_rows_in_the_wrong_row_group(corpus: Path) -> None:
    file = _file(corpus, "factors")
    n = len(EXAMPLE.factors)
    _rewrite(file, groups=[n + 1, n - 1, n])  # r0001's first factor lands in row group 0
    _refused(corpus, "factors", "r0000", str(file), "row group 1 of this part holds that review")


def test_row_groups_split_differently_from_the_manifest(corpus: Path) -> None:
    file = _file(corpus, "links")
    _rewrite(file, groups=[3 * len(EXAMPLE.links)])
    _refused(corpus, "links", "r0000", str(file), "has 1 row groups, the manifest says 3")


@pytest.mark.parametrize(
    ("version", "fragment", "error"),
    [
        (None, "carries no systemsreview format version", FormatError),
        (b"9.0", "format 9.0", FormatVersionError),
        (b"x.y", "not 'major.minor'", FormatError),
        (b"1" * 5000 + b".0", "not 'major.minor'", FormatError),
        (b"0.1", f"its part in format {FORMAT_VERSION}", FormatError),
    ],
)
def test_file_format_versions(
    corpus: Path, version: bytes | None, fragment: str, error: type[Exception]
) -> None:
    file = _file(corpus, "agencies")
    meta = dict(pq.ParquetFile(file).schema_arrow.metadata)
    if version is None:
        del meta[b"systemsreview.format_version"]
    else:
        meta[b"systemsreview.format_version"] = version
    _rewrite(file, metadata=meta)
    _refused(corpus, "agencies", "r0000", str(file), fragment, error=error)


@pytest.mark.parametrize(
    ("table", "column"), [("agencies", "sector"), ("links", "kind"), ("findings", "pattern")]
)
def test_dictionary_index_out_of_range(corpus: Path, table: str, column: str) -> None:
    file = _file(corpus, table, 1)  # the second part: one row group
    data = pq.read_table(file)
    i = data.column_names.index(column)
    values = data.column(column).combine_chunks()
    # Every index 99: one run of the Parquet RLE encoding, stored as it is (an index out of
    # range mixed with valid ones is masked to the bit width on writing). No statistics:
    # computing them would read past the dictionary.
    indices = pa.array([99] * len(values), pa.int32())
    bad = pa.DictionaryArray.from_arrays(indices, values.dictionary, safe=False)
    data = data.set_column(i, data.schema.field(i), bad)
    pq.write_table(data, file, write_statistics=False)
    stored = pq.read_table(file, columns=[column]).column(0).chunks[0]
    assert stored.indices[0].as_py() == 99  # the file really holds the hostile index
    _refused(
        corpus,
        table,
        "s0001",
        str(file),
        f"table {table!r}",
        f"column {column!r}",
        "dictionary index 99 is out of range",
        ids=False,
    )


def test_unknown_vocabulary_value_in_read_table(corpus: Path) -> None:
    file = _file(corpus, "findings")
    _rewrite(file, _set("pattern", lambda v: [*v[:-1], "astrology"]))
    for reader in (
        lambda: pqds.read_table(corpus, "findings", ["pattern"]),
        lambda: Corpus.open(corpus).pattern_prevalence(),
    ):
        with pytest.raises(FormatError, match="unknown Pattern 'astrology'"):
            reader()


def test_null_in_a_required_column_in_read_table(corpus: Path) -> None:
    file = _file(corpus, "events")
    _rewrite(file, _set("description", lambda v: [*v[:-1], None]))
    with pytest.raises(FormatError, match="column 'description' holds nulls"):
        pqds.read_table(corpus, "events", ["description"])


def test_read_table_filters_and_checks_only_what_it_returns(corpus: Path) -> None:
    import pyarrow.compute as pc  # noqa: PLC0415

    rows = pqds.read_table(corpus, "findings", ["id"], pc.field("review_id") == "s0001")
    assert rows.column_names == ["id"]
    assert rows.num_rows == len(EXAMPLE.findings)
    with pytest.raises(FormatError, match=r"no column\(s\) \['nope'\]"):
        pqds.read_table(corpus, "findings", ["nope"])
