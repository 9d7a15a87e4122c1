"""Reading the columns an analysis needs, from a corpus or a dataset folder, as Arrow tables.

An analysis names the table and the columns it needs; :func:`read` fetches them through
``Corpus.table`` (so a filtered corpus gives only its reviews' rows); for a folder written by
:func:`systemsreview.io.parquet.write`, through ``parquet.read_table`` (only the parts its
manifest commits; a folder holding part files but no manifest is refused, as every reader
refuses it); for any other folder in the dataset layout (written by other tools), by a
``pyarrow.dataset`` scan of ``<folder>/<table>/``. Dictionary-encoded enums are decoded to
plain strings once per column (joins and comparisons need them so).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence, Sized
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from systemsreview.errors import FormatError, NotFoundError
from systemsreview.io import parquet
from systemsreview.io._manifest import MANIFEST
from systemsreview.io._paths import part_files

__all__ = [
    "FINDING_PATTERNS",
    "Source",
    "TableSource",
    "coded_reviews",
    "decoded",
    "encode",
    "finding_patterns",
    "kind_is",
    "read",
    "review_codes",
    "review_count",
    "review_years",
    "years_of",
]


@runtime_checkable
class TableSource(Protocol):
    """Anything with ``table(name, columns=...)`` returning a ``pyarrow.Table``: a Corpus."""

    def table(self, name: str, columns: Sequence[str] | None = ...) -> Any:
        """The named table of the dataset, with only ``columns``."""


Source = TableSource | str | os.PathLike[str]
"""What an analysis runs over: a ``Corpus`` (filtered or not) or a dataset folder."""


def decoded(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """The column with dictionary encoding removed (a no-op for other types)."""
    if pa.types.is_dictionary(column.type):
        return pc.cast(column, column.type.value_type)
    return column


def kind_is(column: pa.ChunkedArray, value: str) -> pa.ChunkedArray:
    """The mask of ``column == value``; on a dictionary column, by comparing integer codes."""
    if not pa.types.is_dictionary(column.type):
        return pc.equal(column, value)
    masks = []
    for chunk in column.chunks:
        codes = pc.index_in(pa.array([value], chunk.type.value_type), value_set=chunk.dictionary)
        code = codes[0].as_py()
        masks.append(
            pc.equal(chunk.indices, code)
            if code is not None
            else pa.array([False] * len(chunk), pa.bool_())
        )
    return pa.chunked_array(masks, pa.bool_())


def _has_parts(root: Path) -> bool:
    """Whether ``root`` holds part files of this library (a dataset that lost its manifest)."""
    return any(next(part_files(root, table), None) for table in parquet.TABLES)


#: The name under which :func:`read` gives one row per finding and pattern: a finding
#: counts under every pattern it has (``pattern`` and each of ``other_patterns``).
FINDING_PATTERNS = "finding_patterns"


def _finding_patterns(source: Source, columns: Sequence[str]) -> pa.Table:
    """``columns`` of the findings, one row per finding and pattern, sorted by review id.

    The primary patterns' rows come first within a review, then the other patterns' ones,
    each in finding order. A folder written by other tools without ``other_patterns``
    gives the primary patterns only.
    """
    base = [c for c in columns if c != "pattern"]
    try:
        found = read(source, "findings", [*base, "pattern", "other_patterns"])
    except FormatError:
        if isinstance(source, TableSource) or (Path(source) / MANIFEST).exists():
            raise
        return read(source, "findings", list(columns))  # a foreign folder of format < 5
    others = found.column("other_patterns")
    primary = found.select(list(columns))
    if len(others) == 0 or pc.sum(pc.list_value_length(others)).as_py() in (None, 0):
        return primary
    others = others.combine_chunks()
    rows = pc.list_parent_indices(others)
    flat = pc.list_flatten(others)
    extra = pa.table(
        {c: flat if c == "pattern" else found.column(c).take(rows) for c in columns},
        schema=primary.schema,
    )
    both = pa.concat_tables([primary, extra])
    if "review_id" not in columns:
        return both
    return both.take(pc.sort_indices(both, [("review_id", "ascending")]))  # stable


def finding_patterns(source: Source) -> pa.Table:
    """The findings of ``source`` one row per finding and pattern: how analyses count them.

    A finding rests on its ``pattern`` and on each of its ``other_patterns``; every analysis
    by pattern counts it under each of them, from this table.

    Returns:
        Columns ``review_id``, ``id`` (the finding's) and ``pattern`` (string), sorted by
        review id; within a review the primary patterns first, then the others.
    """
    return _finding_patterns(source, ["review_id", "id", "pattern"])


def read(source: Source, name: str, columns: Sequence[str], *, decode: bool = True) -> pa.Table:
    """The named table of ``source`` with only ``columns``, enums decoded to strings.

    With ``decode=False`` dictionary columns stay encoded (for :func:`kind_is` filters).
    ``name`` may be :data:`FINDING_PATTERNS`: the findings, one row per finding and
    pattern, ``pattern`` a plain string.

    Raises:
        NotFoundError: when a dataset folder has no such table.
        FormatError: when the table lacks one of the columns.
    """
    if name == FINDING_PATTERNS:
        return _finding_patterns(source, columns)
    if isinstance(source, TableSource):
        table = source.table(name, columns=list(columns))
    elif (Path(source) / MANIFEST).exists() or _has_parts(Path(source)):
        table = parquet.read_table(Path(source), name, list(columns))
    else:
        folder = Path(source) / name
        if not folder.is_dir():
            msg = (
                f"dataset {str(source)!r} has no table folder {name!r} ({folder}); "
                "give the folder a corpus was written to"
            )
            raise NotFoundError(msg, key=name)
        try:
            table = ds.dataset(folder, format="parquet").to_table(columns=list(columns))
        except (pa.ArrowInvalid, ValueError) as error:
            msg = f"table {name!r} of {str(source)!r}: cannot read columns {list(columns)}: {error}"
            raise FormatError(msg) from error
        table = _dates(table, name, folder)
    if not decode:
        return table.select(list(columns))
    return pa.table({c: decoded(table.column(c)) for c in columns})


_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def _dates(table: pa.Table, name: str, folder: Path) -> pa.Table:
    """Date columns other tools stored as text, read as ``date32`` if strictly ``YYYY-MM-DD``.

    Raises:
        FormatError: naming the file's folder, column, row and value of the first other text.
    """
    schema = parquet.SCHEMAS[name]
    for i, field in enumerate(table.schema):
        wanted = schema.field(field.name).type if field.name in schema.names else None
        if wanted != pa.date32() or not (
            pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        ):
            continue
        column = table.column(i)
        try:  # vectorised: the form first, then the calendar (the cast refuses 2010-02-30)
            shaped = pc.match_substring_regex(column, f"^{_ISO_DATE}$")
            if not pc.all(pc.or_kleene(shaped, pc.is_null(column))).as_py():
                raise ValueError
            dates = column.cast(pa.date32())
        except (ValueError, pa.ArrowInvalid):
            values = column.to_pylist()
            bad = next((r for r, v in enumerate(values) if v is not None and not _iso(v)), 0)
            msg = (
                f"{folder}: column {field.name!r}, row {bad}: {values[bad]!r} is not "
                "a date 'YYYY-MM-DD'; write dates as date32, or as text in that form only"
            )
            raise FormatError(msg) from None
        table = table.set_column(i, pa.field(field.name, pa.date32()), dates)
    return table


def _iso(text: str) -> bool:
    """Whether ``text`` is a calendar date written ``YYYY-MM-DD`` (ASCII digits only)."""
    if re.fullmatch(_ISO_DATE, text) is None:
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def review_count(source: Source) -> int:
    """How many reviews ``source`` holds (a corpus knows without reading the table)."""
    if isinstance(source, Sized):
        return len(source)
    return int(read(source, "reviews", ["review_id"]).num_rows)


def coded_reviews(column: pa.ChunkedArray) -> tuple[pa.Array, pa.Array]:
    """Integer codes (int64) for review ids, equal ids equal codes, and the id of each code.

    Datasets keep rows sorted by ``review_id``; then the codes are a running count of id
    changes (one string comparison a row, no hashing). Unsorted columns are
    dictionary-encoded instead.
    """
    ids = column.combine_chunks()
    if len(ids) < 2:
        return pa.array([0] * len(ids), pa.int64()), ids
    head, tail = ids.slice(0, len(ids) - 1), ids.slice(1)
    if pc.all(pc.less_equal(head, tail)).as_py():
        changed = pc.not_equal(head, tail)
        codes = pc.cumulative_sum(pc.cast(changed, pa.int64()))
        starts = pc.add(pc.indices_nonzero(changed), 1)
        first = pa.array([0], pa.uint64())
        return (
            pa.concat_arrays([pa.array([0], pa.int64()), codes]),
            ids.take(pa.concat_arrays([first, pc.cast(starts, pa.uint64())])),
        )
    encoded = pc.dictionary_encode(ids)
    return pc.cast(encoded.indices, pa.int64()), encoded.dictionary


def review_codes(column: pa.ChunkedArray) -> pa.Array:
    """The codes of :func:`coded_reviews`."""
    return coded_reviews(column)[0]


def encode(column: pa.ChunkedArray) -> tuple[pa.Array, pa.Array]:
    """A column as its distinct values and an int32 code a row (``values.take(codes)``)."""
    array = column.combine_chunks()
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    return array.dictionary, pc.cast(array.indices, pa.int32())


def years_of(ids: pa.Array, years: pa.Table) -> pa.Array:
    """The year of decision of each review id (null when undated or unknown)."""
    position = pc.index_in(ids, value_set=years.column("review_id").combine_chunks())
    return pc.take(years.column("year").combine_chunks(), position)


def review_years(source: Source) -> tuple[pa.Table, int]:
    """The reviews as ``review_id`` and ``year`` (of decision, or null), and how many."""
    reviews = read(source, "reviews", ["review_id", "decided"])
    years = pa.table(
        {
            "review_id": reviews.column("review_id"),
            "year": pc.cast(pc.year(reviews.column("decided")), pa.int64()),
        }
    )
    return years, reviews.num_rows
