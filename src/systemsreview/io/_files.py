"""Opening one table file of a part without trusting it.

:class:`TableFile` maps every failure of the layer below (a missing file, a file that is
not Parquet or is truncated, an unknown format version, a missing, extra or mistyped
column) to a :class:`~systemsreview.errors.FormatError` naming the file and table and
saying what to do, and hands out row groups migrated to the current format and cast to
the types the decoders expect.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from systemsreview.errors import FormatError
from systemsreview.io._checksum import digest
from systemsreview.io._columns import DEFAULT_MAX_STRING_BYTES, Where
from systemsreview.io._kinds import EntityIds
from systemsreview.io._manifest import Part, check_version, major
from systemsreview.io._migrate import absent_table, migrate
from systemsreview.io._paths import locate
from systemsreview.io._schema import (
    FORMAT_VERSION,
    REVIEWER,
    SPECS,
    TABLES,
    Column,
    tables_of,
)
from systemsreview.model import EntityKind

__all__ = ["RESTORE", "TableFile", "open_part", "remember"]

#: What to do about a damaged part.
RESTORE = "restore it from a backup, or drop its part with repair(path, drop_missing=True)"


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in version.split("."))


def _stringy(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _listy(t: pa.DataType) -> bool:
    return bool(pa.types.is_list(t) or pa.types.is_large_list(t))


def _target(col: Column, t: pa.DataType) -> pa.DataType | None:  # noqa: PLR0911  # one per kind
    """The type to read column ``col`` stored as ``t`` into, or ``None`` if incompatible."""
    if col.kind in ("id", "text", "enum", "json", "ekind"):
        if not _stringy(t):
            return None
        keep = (
            col.kind in ("enum", "ekind")
            and pa.types.is_dictionary(t)
            and pa.types.is_string(t.value_type)
        )
        return t if keep else pa.string()
    if col.kind == "bool":
        return t if pa.types.is_boolean(t) else None
    if col.kind in ("date", "odate"):
        return t if pa.types.is_date32(t) else None
    if col.kind in ("strs", "enums"):
        return pa.list_(pa.string()) if _listy(t) and _stringy(t.value_type) else None
    if col.kind == "team" and _listy(t) and pa.types.is_struct(t.value_type):
        inner = t.value_type
        names = {inner.field(i).name: inner.field(i).type for i in range(inner.num_fields)}
        if set(names) != set(REVIEWER.names):
            return None
        if not all(_stringy(names[f.name]) == _stringy(f.type) for f in REVIEWER):
            return None
        if not all(
            pa.types.is_boolean(names[f.name]) for f in REVIEWER if pa.types.is_boolean(f.type)
        ):
            return None
        return pa.list_(pa.struct([pa.field(f.name, f.type) for f in REVIEWER]))
    return None


#: Files that passed the checks of :class:`TableFile`, by identity: their format version and
#: read plan. A file changed in place (new size or modification time) is checked again.
_CHECKED: dict[tuple[object, ...], tuple[str, dict[str, pa.DataType]]] = {}
_MEMORY = 4096
#: Files whose SHA-256 matched the manifest's, by identity and hash.
_HASHED: dict[tuple[object, ...], bool] = {}

K = TypeVar("K")
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V) -> None:
    """Store ``value`` in a bounded memo (emptied when full)."""
    if len(memo) >= _MEMORY:
        memo.clear()
    memo[key] = value


def _identity(path: Path, table: str, part: Part, file: pq.ParquetFile) -> tuple[object, ...]:
    """What identifies one file as read for one part: path, inode, size, times, footer."""
    try:
        st = path.stat()
    except OSError:
        return (str(path), None)
    meta = file.metadata
    footer = (meta.serialized_size, meta.num_rows, meta.num_row_groups)
    what = (part.name, part.row_groups, part.format_version)
    times = (st.st_mtime_ns, st.st_ctime_ns)
    return (str(path), table, st.st_dev, st.st_ino, st.st_size, times, footer, what)


class TableFile:
    """One table file of a committed part, checked on opening.

    A part written before the format introduced ``table`` has no file for it
    (:func:`~systemsreview.io._schema.tables_of`): the table is then ``absent``, holds
    no rows, and reads as an empty table of the current format.
    """

    path: Path
    absent: bool = False

    def __init__(
        self, root: Path, part: Part, table: str, max_string_bytes: int, *, verify: bool = False
    ) -> None:
        self.root, self.part_name = root, part.name
        self.table = table
        self.max_string_bytes = max_string_bytes
        if table not in tables_of(part.format_version):
            self.absent, self.path = True, locate(root, table, part.name)
            self.version = check_version(part.format_version, "?", str(self.path))
            self._empty = absent_table(table)
            self._plan = {
                name: self._empty.schema.field(name).type for name in self._empty.schema.names
            }
            self.key: tuple[object, ...] = (str(self.path), table, part.name, "absent")
            return
        try:
            self.file = self._open(root, part.name, part.files.get(table))
        except FileNotFoundError as err:
            msg = f"{self.path}: the manifest lists part {part.name!r}, but table {table!r} "
            msg += "has no file for it (if a writer replaced or compacted the dataset since "
            raise FormatError(f"{msg}this read began, read again); {RESTORE}") from err
        except (pa.ArrowException, OSError) as err:
            msg = f"{self.path}: table {table!r} is not a readable Parquet file (truncated, "
            raise FormatError(f"{msg}or not Parquet at all: {err}); {RESTORE}") from err
        self.key = _identity(self.path, table, part, self.file)
        recorded = part.files.get(table)
        if recorded is not None:
            self._checksums(recorded, verify=verify)
        known = _CHECKED.get(self.key)
        if known is not None:  # this very file passed the checks below already
            self.version, self._plan = known
            return
        meta = self.file.schema_arrow.metadata or {}
        version = meta.get(b"systemsreview.format_version")
        if version is None:
            msg = f"{self.path}: table {table!r} carries no systemsreview format version"
            raise FormatError(f"{msg}; it was not written by systemsreview: {RESTORE}")
        written_by = meta.get(b"systemsreview.library_version", b"?").decode(errors="replace")
        self.version = check_version(version.decode(errors="replace"), written_by, str(self.path))
        if major(self.version) != major(part.format_version):
            problem = f"is in format {self.version}, its part in format {part.format_version}"
            raise self.error(problem, "the part was altered outside systemsreview")
        self._plan = self._check(part)
        remember(_CHECKED, self.key, (self.version, self._plan))

    def _kinds(self) -> EntityIds:
        """The ``review_id`` and ``id`` of this part's entities (to migrate 1.x links)."""
        tables = {}
        held = tables_of(self.version)
        for kind in EntityKind:
            if kind.plural not in held:  # a table newer than the part: no such entities
                continue
            path = locate(self.root, kind.plural, self.part_name)
            try:
                tables[kind] = pq.read_table(path, columns=["review_id", "id"])
            except (pa.ArrowException, OSError) as err:
                problem = f"cannot be migrated to format {FORMAT_VERSION}"
                why = f"the part's file {path} is unreadable ({err})"
                raise self.error(problem, why) from err
        return tables

    def _open(self, root: Path, part: str, recorded: tuple[int, str] | None) -> pq.ParquetFile:
        """The file, its size checked against ``recorded``, opened with page checksums on.

        A committed part's file moves once, from staging into its table folder, after the
        commit (:func:`~systemsreview.io._txn.finish`); if it moved between finding and
        opening it, it is found again.
        """
        for attempt in range(2):
            self.path = locate(root, self.table, part)
            try:
                size = self.path.stat().st_size
                if recorded is not None and size != recorded[0]:
                    problem = f"is {size:,} bytes, the manifest recorded {recorded[0]:,}"
                    raise self.error(problem, "the file was truncated, extended or replaced")
                return pq.ParquetFile(self.path, page_checksum_verification=True)
            except FileNotFoundError:
                if attempt:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _checksums(self, recorded: tuple[int, str], *, verify: bool) -> None:
        """The file's SHA-256 against the manifest's, when ``verify`` (sizes: in _open)."""
        if not verify or (self.key, recorded[1]) in _HASHED:
            return
        try:
            found = digest(self.path)
        except OSError as err:
            self.file.close()
            raise self.error(f"cannot be read ({err})", "the file is damaged") from err
        if found != recorded:
            self.file.close()
            problem = f"has SHA-256 {found[1][:16]}..., the manifest recorded {recorded[1][:16]}..."
            raise self.error(problem, "the file was altered or damaged since it was written")
        remember(_HASHED, (self.key, recorded[1]), True)

    def _check(self, part: Part) -> dict[str, pa.DataType]:
        schema = migrate(self.table, self.version, self.file.schema_arrow.empty_table()).schema
        plan: dict[str, pa.DataType] = {}
        for col in SPECS[self.table].columns:
            if col.name not in schema.names:
                raise self.error(f"lacks column {col.name!r}", "it was not written in this format")
            found = schema.field(col.name).type
            target = _target(col, found)
            if target is None:
                problem = f"column {col.name!r} has type {found}, expected {col.type}"
                raise self.error(problem, "it was not written in this format")
            plan[col.name] = target
        extra = [n for n in schema.names if n not in plan]
        newer_minor = _numbers(self.version) > _numbers(FORMAT_VERSION)
        if extra and not newer_minor:
            raise self.error(f"has unexpected column(s) {extra}", "remove them")
        if self.file.num_row_groups != part.row_groups:
            problem = (
                f"has {self.file.num_row_groups} row groups, the manifest says {part.row_groups}"
            )
            raise self.error(problem, "the part was altered outside systemsreview")
        return plan

    def error(self, problem: str, why: str) -> FormatError:
        """A :class:`FormatError` naming this file and table."""
        return FormatError(f"{self.path}: table {self.table!r} {problem}; {why}: {RESTORE}")

    def _fit(self, data: pa.Table, names: list[str]) -> pa.Table:
        data = migrate(self.table, self.version, data, self._kinds)
        columns = [data.column(n) for n in names]
        types = [self._plan[n] for n in names]
        columns = [c if c.type == t else c.cast(t) for c, t in zip(columns, types, strict=True)]
        return pa.Table.from_arrays(columns, names=names)

    @property
    def rows(self) -> int:
        """The number of rows the file holds (none for an absent table)."""
        return 0 if self.absent else int(self.file.metadata.num_rows)

    def read(self, group: int | None = None, columns: list[str] | None = None) -> pa.Table:
        """Row group ``group`` (or the whole file), in the current format.

        Only ``columns`` are read (all by default) when the file is of the current major
        format; an older file is read whole and migrated first.
        """
        names = list(self._plan) if columns is None else columns
        unknown = [n for n in names if n not in self._plan]
        if unknown:
            raise self.error(f"has no column(s) {unknown}", "ask for columns of the format")
        if self.absent:
            return self._empty.select(names)
        current = major(self.version) == major(FORMAT_VERSION)
        wanted = names if current else None
        try:
            if group is None:
                data = self.file.read(columns=wanted)
            else:
                data = self.file.read_row_group(group, columns=wanted)
            return self._fit(data, names)
        except (pa.ArrowException, OSError) as err:
            raise self.error(f"cannot be read ({err})", "the file is damaged") from err

    def batches(self, group: int, size: int) -> Iterator[tuple[int, pa.Table]]:
        """Row group ``group`` in the current format, as ``(first row, rows)`` of ``size`` rows.

        A file of the current major format is decoded page by page (only one batch is held
        at a time); an older file is read whole, migrated, then cut.
        """
        if major(self.version) != major(FORMAT_VERSION):
            data = self.read(group)
            for start in range(0, data.num_rows, size):
                yield start, data.slice(start, size)
            return
        names = list(self._plan)
        start = 0
        try:
            pieces = self.file.iter_batches(
                size, row_groups=[group], columns=names, use_threads=False
            )
            for piece in pieces:
                rows = self._fit(pa.Table.from_batches([piece]), names)
                yield start, rows
                start += rows.num_rows
        except (pa.ArrowException, OSError) as err:
            raise self.error(f"cannot be read ({err})", "the file is damaged") from err
        expected = self.file.metadata.row_group(group).num_rows
        if start != expected:
            problem = f"row group {group} gave {start} rows, its footer says {expected}"
            raise self.error(problem, "the file is damaged")

    def read_exact(self, group: int | None = None) -> pa.Table:
        """Like :meth:`read`, with exactly the written schema (for rewriting parts)."""
        data = self.read(group)
        spec = SPECS[self.table]
        arrays = []
        for col in spec.columns:
            column = data.column(col.name)
            if column.null_count and not col.field.nullable:
                raise self.error(f"column {col.name!r} holds nulls", "the file is damaged")
            arrays.append(column if column.type == col.type else column.cast(col.type))
        return pa.Table.from_arrays(arrays, schema=spec.schema)

    def offset(self, group: int) -> int:
        """The file row of the first row of row group ``group``."""
        if self.absent:
            return 0
        meta = self.file.metadata
        return sum(meta.row_group(k).num_rows for k in range(group))

    def where(self, group: int = 0, rows: list[int] | None = None) -> Where:
        """Error context for rows of row group ``group`` (or the given file rows)."""
        offset = 0 if rows is not None else self.offset(group)
        return Where(str(self.path), self.table, offset, rows, None, None, self.max_string_bytes)

    def close(self) -> None:
        """Release the file handle."""
        if not self.absent:
            self.file.close()


@contextmanager
def open_part(
    root: Path,
    part: Part,
    max_string_bytes: int = DEFAULT_MAX_STRING_BYTES,
    *,
    verify: bool = False,
) -> Iterator[dict[str, TableFile]]:
    """Every table file of ``part``, opened and checked; closed on leaving."""
    files: dict[str, TableFile] = {}
    try:
        for table in TABLES:
            files[table] = TableFile(root, part, table, max_string_bytes, verify=verify)
        yield files
    finally:
        for f in files.values():
            f.close()
