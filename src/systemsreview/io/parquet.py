"""Parquet datasets of reviews: crash-safe writes, lazy validated reads, compaction.

A dataset is a folder (a review is a corpus of one)::

    corpus/
      _systemsreview.json          the manifest: format version, committed parts, review ids
      reviews/part-*.parquet       one row per review
      agencies/ practitioners/ events/ episodes/ factors/ findings/ sources/ links/

Each write adds one *part*: one file per table, row group *k* of every table holding the
rows of the same batch of reviews, rows sorted by review id. ``docs/storage.md`` describes
every column, the crash-safety protocol and recipes for DuckDB, Polars and Spark.

>>> import tempfile, pathlib
>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus"
>>> write(path, review)
1
>>> read_review(path, "lscb-2011-da") == review
True
>>> [r.id for r in read(path)]
['lscb-2011-da']
>>> write(path, review, mode="append")
Traceback (most recent call last):
...
systemsreview.errors.ConflictError: .../corpus: review 'lscb-2011-da' is already stored; ...
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from systemsreview.errors import (
    FormatError,
    NotFoundError,
)
from systemsreview.io._arrow import decode
from systemsreview.io._columns import DEFAULT_MAX_STRING_BYTES, Where
from systemsreview.io._files import TableFile, open_part
from systemsreview.io._manifest import Manifest, Part, load, major
from systemsreview.io._schema import FORMAT_VERSION, SCHEMAS, TABLES, schema_markdown
from systemsreview.io._writer import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_COMPACT_THRESHOLD,
    DEFAULT_TARGET_ROWS,
    compact,
    repair,
    write,
)
from systemsreview.model import Review

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_COMPACT_THRESHOLD",
    "DEFAULT_MAX_STRING_BYTES",
    "DEFAULT_TARGET_ROWS",
    "FORMAT_VERSION",
    "SCHEMAS",
    "TABLES",
    "compact",
    "read",
    "read_review",
    "read_table",
    "repair",
    "review_ids",
    "schema_markdown",
    "write",
]


def _manifest(root: Path) -> Manifest:
    manifest = load(root)
    if manifest is None:
        msg = f"{root}: no systemsreview dataset here (no _systemsreview.json)"
        raise FormatError(f"{msg}; check the path, or create one with write()")
    return manifest


def _check_ids(files: dict[str, TableFile], part: Part) -> None:
    found = files["reviews"].read(columns=["review_id"]).column(0).to_pylist()
    if found != list(part.reviews):
        missing = sorted(set(part.reviews) - set(found))[:3]
        extra = sorted(set(found) - set(part.reviews))[:3]
        msg = f"{files['reviews'].path}: the file's reviews disagree with the manifest "
        msg += f"(missing {missing}, unlisted {extra}); the part was altered outside systemsreview"
        raise FormatError(f"{msg}: restore it, or drop it with repair(path, drop_missing=True)")


def _select(
    files: dict[str, TableFile], group: int, wanted: pa.Array | None
) -> tuple[dict[str, pa.Table], dict[str, Where]]:
    tables: dict[str, pa.Table] = {}
    wheres: dict[str, Where] = {}
    for name, f in files.items():
        data = f.read(group)
        if wanted is None:
            tables[name], wheres[name] = data, f.where(group)
            continue
        rows = pc.indices_nonzero(pc.is_in(data.column("review_id"), value_set=wanted))
        offset = f.offset(group)
        tables[name] = data.take(rows)
        wheres[name] = f.where(group, [offset + i for i in rows.to_pylist()])
    return tables, wheres


def _groups(f: TableFile, wanted: set[str]) -> list[int]:
    """Row groups whose ``review_id`` statistics admit one of ``wanted`` (pushdown)."""
    meta = f.file.metadata
    low, high = min(wanted), max(wanted)
    groups = []
    for k in range(meta.num_row_groups):
        stats = meta.row_group(k).column(0).statistics
        if stats is not None and stats.has_min_max and (stats.max < low or stats.min > high):
            continue
        groups.append(k)
    return groups


def _reviews(
    root: Path, parts: Sequence[Part], only: Sequence[str] | None, limit: int
) -> Iterator[Review]:
    wanted = None if only is None else set(only)
    for part in parts:
        if wanted is not None and wanted.isdisjoint(part.reviews):
            continue
        with open_part(root, part, limit) as files:
            _check_ids(files, part)
            if wanted is None:
                for group in range(part.row_groups):
                    yield from decode(*_select(files, group, None))
                continue
            mine = wanted.intersection(part.reviews)
            value_set = pa.array(sorted(mine), pa.string())
            for group in _groups(files["reviews"], mine):
                yield from decode(*_select(files, group, value_set))


def read(
    path: str | Path,
    *,
    review_ids: Iterable[str] | None = None,
    max_string_bytes: int = DEFAULT_MAX_STRING_BYTES,
) -> Iterator[Review]:
    """The reviews of a dataset, one row group at a time, in dataset order.

    Every value is validated: a bad file raises :class:`FormatError` naming the file,
    table, row and column. Duplicate entity ids and dangling links load as they are (they
    are facts for :func:`systemsreview.rules.check` to report, not format errors).

    Args:
        path: the dataset folder.
        review_ids: read only these reviews (others are skipped by row group).
        max_string_bytes: refuse any string longer than this (untrusted files).

    Raises:
        FormatError: the dataset or one of its files is missing, damaged or not valid.
        FormatVersionError: the dataset was written by a newer library.
    """
    root = Path(path)
    manifest = _manifest(root)
    only = None if review_ids is None else list(review_ids)
    return _reviews(root, manifest.parts, only, max_string_bytes)


def review_ids(path: str | Path) -> list[str]:
    """The ids of the reviews of a dataset, in dataset order (from the manifest alone)."""
    return _manifest(Path(path)).review_ids()


def not_found(review_id: str, known: Sequence[str], where: object) -> NotFoundError:
    """The error for a review id a dataset does not hold, with the closest ids."""
    close = difflib.get_close_matches(review_id, known, n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(map(repr, close))}" if close else ""
    return NotFoundError(
        f"{where}: no review with id {review_id!r}{hint}", key=review_id, candidates=close
    )


def read_review(
    path: str | Path, review_id: str, *, max_string_bytes: int = DEFAULT_MAX_STRING_BYTES
) -> Review:
    """One review, reading only the row groups whose statistics may hold it.

    Raises:
        NotFoundError: the dataset holds no such review (the message gives the closest ids).
        FormatError: as :func:`read`.
    """
    root = Path(path)
    manifest = _manifest(root)
    if review_id not in manifest.where():
        raise not_found(review_id, manifest.review_ids(), root)
    for review in _reviews(root, manifest.parts, [review_id], max_string_bytes):
        return review
    msg = f"{root}: the manifest lists review {review_id!r} but its part does not hold it"
    raise FormatError(f"{msg}; the part was altered outside systemsreview")


def read_table(
    path: str | Path,
    name: str,
    columns: Sequence[str] | None = None,
    filter: pc.Expression | None = None,  # noqa: A002  # the name pyarrow.dataset uses
) -> pa.Table:
    """One table of a dataset as Arrow, over the committed parts only (no objects built).

    Raises:
        NotFoundError: ``name`` is not a table of the format.
        FormatError: a file is missing, damaged or of the wrong schema.
    """
    if name not in SCHEMAS:
        raise not_found(name, TABLES, "the dataset format")
    root = Path(path)
    manifest = _manifest(root)
    cols = list(columns) if columns is not None else None
    files = [root / name / f"{p.name}.parquet" for p in manifest.parts]
    old = any(major(p.format_version) < major(FORMAT_VERSION) for p in manifest.parts)
    try:
        if not old:
            dataset = ds.dataset([str(f) for f in files], schema=SCHEMAS[name], format="parquet")
            return dataset.to_table(columns=cols, filter=filter)
    except (pa.ArrowException, OSError):
        pass  # find the culprit below, with a precise message
    data = [TableFile(root, p, name, DEFAULT_MAX_STRING_BYTES).read() for p in manifest.parts]
    table = (
        pa.concat_tables(data, promote_options="permissive")
        if data
        else SCHEMAS[name].empty_table()
    )
    try:
        table = table.filter(filter) if filter is not None else table
        return table.select(cols) if cols is not None else table
    except (pa.ArrowException, KeyError) as err:
        raise FormatError(f"{root}: table {name!r}: cannot apply {filter} / {cols}: {err}") from err
