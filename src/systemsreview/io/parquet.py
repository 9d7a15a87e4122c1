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

from systemsreview.errors import FormatError, NotFoundError
from systemsreview.io import _reader
from systemsreview.io._columns import DEFAULT_MAX_STRING_BYTES
from systemsreview.io._paths import locate
from systemsreview.io._reader import manifest_of
from systemsreview.io._rebuild import Rebuilt
from systemsreview.io._repair import rebuild_manifest, repair
from systemsreview.io._schema import (
    FORMAT_VERSION,
    SCHEMAS,
    TABLES,
    schema_markdown,
    tables_of,
)
from systemsreview.io._verify import Damage, Verified, verify
from systemsreview.io._writer import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_COMPACT_THRESHOLD,
    DEFAULT_LOCK_TIMEOUT,
    DEFAULT_TARGET_ROWS,
    compact,
    write,
)
from systemsreview.model import Review

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_COMPACT_THRESHOLD",
    "DEFAULT_LOCK_TIMEOUT",
    "DEFAULT_MAX_STRING_BYTES",
    "DEFAULT_TARGET_ROWS",
    "FORMAT_VERSION",
    "SCHEMAS",
    "TABLES",
    "Damage",
    "Rebuilt",
    "Verified",
    "compact",
    "files",
    "read",
    "read_review",
    "read_table",
    "rebuild_manifest",
    "repair",
    "review_ids",
    "schema_markdown",
    "verify",
    "write",
]


def read(
    path: str | Path,
    *,
    review_ids: Iterable[str] | None = None,
    max_string_bytes: int = DEFAULT_MAX_STRING_BYTES,
    verify: bool = False,
) -> Iterator[Review]:
    """The reviews of a dataset, one row group at a time, in dataset order.

    Every value is validated: a bad file raises :class:`FormatError` naming the file,
    table, row and column. Duplicate entity ids and dangling links load as they are (they
    are facts for :func:`systemsreview.rules.check` to report, not format errors).

    Args:
        path: the dataset folder.
        review_ids: read only these reviews (others are skipped by row group), still in
            dataset order.
        max_string_bytes: refuse any string longer than this (untrusted files).
        verify: check every file's SHA-256 against the manifest before reading its part
            (each file's size, and Parquet's page checksums, are checked on every read).

    Raises:
        FormatError: the dataset or one of its files is missing, damaged or not valid.
        FormatVersionError: the dataset was written by a newer library.
        NotFoundError: one of ``review_ids`` is not in the dataset.
    """
    root = Path(path)
    manifest = manifest_of(root)
    only = None if review_ids is None else list(review_ids)
    if only is not None:
        stored = manifest.where()
        missing = next((rid for rid in only if rid not in stored), None)
        if missing is not None:
            raise not_found(missing, manifest.review_ids(), root)
    return _reader.reviews(root, manifest, only, max_string_bytes, verify=verify)


def review_ids(path: str | Path) -> list[str]:
    """The ids of the reviews of a dataset, in dataset order.

    They come from the manifest, checked against every part's ``reviews`` table (only that
    table's ``review_id`` column is read).

    Raises:
        FormatError: the manifest or a ``reviews`` file is missing, damaged or disagrees.
    """
    root = Path(path)
    return _reader.review_ids(root, manifest_of(root))


def not_found(
    key: str, known: Sequence[str], where: object, what: str = "review with id"
) -> NotFoundError:
    """The error for a review id (or table) a dataset does not hold, with the closest."""
    close = difflib.get_close_matches(key, known, n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(map(repr, close))}" if close else ""
    return NotFoundError(f"{where}: no {what} {key!r}{hint}", key=key, candidates=close)


def read_review(
    path: str | Path,
    review_id: str,
    *,
    max_string_bytes: int = DEFAULT_MAX_STRING_BYTES,
    verify: bool = False,
) -> Review:
    """One review, reading only the row groups whose statistics may hold it.

    ``verify`` checks the SHA-256 of its part's files first, as :func:`read` does.

    Raises:
        NotFoundError: the dataset holds no such review (the message gives the closest ids).
        FormatError: as :func:`read`.
    """
    root = Path(path)
    manifest = manifest_of(root)
    if review_id not in manifest.where():
        raise not_found(review_id, manifest.review_ids(), root)
    for review in _reader.reviews(root, manifest, [review_id], max_string_bytes, verify=verify):
        return review
    msg = f"{root}: the manifest lists review {review_id!r} but its part does not hold it"
    raise FormatError(f"{msg}; the part was altered outside systemsreview")


def read_table(
    path: str | Path,
    name: str,
    columns: Sequence[str] | None = None,
    filter: pc.Expression | None = None,  # noqa: A002  # the name pyarrow.dataset uses
    *,
    verify: bool = False,
) -> pa.Table:
    """One table of a dataset as Arrow, over the committed parts only (no objects built).

    ``verify`` checks the SHA-256 of every file read against the manifest first.

    The files are checked as :func:`read` checks them, except for the values it decodes:
    format versions, schema, row groups, the ``reviews`` table against the manifest, every
    row returned against the reviews of its part and row group, no null in a required
    column and every vocabulary value known. Text values (blank ids, string sizes) and
    the facts only decoding establishes (periods, taxonomy codes) are not checked here.

    Raises:
        NotFoundError: ``name`` is not a table of the format.
        FormatError: a file is missing, damaged, of the wrong schema or disagrees with the
            manifest, or a column is not one of the table.
    """
    if name not in SCHEMAS:
        raise not_found(name, TABLES, "the dataset format", "table")
    root = Path(path)
    cols = list(columns) if columns is not None else None
    return _reader.table(root, manifest_of(root), name, cols, filter, verify=verify)


def files(path: str | Path, table: str) -> list[Path]:
    """The committed files of one table, in dataset order: what other engines should read.

    Give the list to DuckDB (``read_parquet([...])``), Polars (``scan_parquet([...])``),
    Spark (``spark.read.parquet(*files)``) or ``pyarrow.dataset.dataset(files)``: unlike a
    ``*.parquet`` glob over the table folder, it never includes what a crashed writer left,
    and it includes a committed part whose move into the folder was interrupted. The files
    pass the same checks as :func:`read_table` (only the ``review_id`` column is read).

    >>> import tempfile, pathlib
    >>> from systemsreview.examples import domestic_abuse_review
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus"
    >>> write(path, domestic_abuse_review())
    1
    >>> [f.parent.name for f in files(path, "findings")]
    ['findings']

    Raises:
        NotFoundError: ``table`` is not a table of the format.
        FormatError: as :func:`read_table`.
    """
    if table not in SCHEMAS:
        raise not_found(table, TABLES, "the dataset format", "table")
    root = Path(path)
    manifest = manifest_of(root)
    _reader.table(root, manifest, table, ["review_id"], None)
    # A part older than the table (a 2.x part and the case tables) has no file for it.
    return [
        locate(root, table, part.name)
        for part in manifest.parts
        if table in tables_of(part.format_version)
    ]
