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

import pyarrow as pa
import pyarrow.parquet as pq

from systemsreview.errors import FormatError
from systemsreview.io._columns import DEFAULT_MAX_STRING_BYTES, Where
from systemsreview.io._kinds import EntityIds
from systemsreview.io._manifest import Part, check_version
from systemsreview.io._migrate import migrate
from systemsreview.io._schema import FORMAT_VERSION, REVIEWER, SPECS, TABLES, Column
from systemsreview.model import EntityKind

__all__ = ["TableFile", "open_part"]

_RESTORE = "restore it from a backup, or drop its part with repair(path, drop_missing=True)"


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
    if col.kind in ("date", "odate"):
        return t if pa.types.is_date32(t) else None
    if col.kind == "strs":
        return pa.list_(pa.string()) if _listy(t) and _stringy(t.value_type) else None
    if col.kind == "team" and _listy(t) and pa.types.is_struct(t.value_type):
        inner = t.value_type
        names = {inner.field(i).name: inner.field(i).type for i in range(inner.num_fields)}
        if set(names) != set(REVIEWER.names):
            return None
        if not all(_stringy(names[f.name]) == _stringy(f.type) for f in REVIEWER):
            return None
        if not all(pa.types.is_boolean(names[n]) for n in ("independent", "lead")):
            return None
        return pa.list_(pa.struct([pa.field(f.name, f.type) for f in REVIEWER]))
    return None


class TableFile:
    """One table file of a committed part, checked on opening."""

    def __init__(self, root: Path, part: Part, table: str, max_string_bytes: int) -> None:
        self.path = root / table / f"{part.name}.parquet"
        self.table = table
        self.max_string_bytes = max_string_bytes
        try:
            self.file = pq.ParquetFile(self.path)
        except FileNotFoundError as err:
            msg = f"{self.path}: the manifest lists part {part.name!r}, but table {table!r} "
            raise FormatError(f"{msg}has no file for it; {_RESTORE}") from err
        except (pa.ArrowException, OSError) as err:
            msg = f"{self.path}: table {table!r} is not a readable Parquet file (truncated, "
            raise FormatError(f"{msg}or not Parquet at all: {err}); {_RESTORE}") from err
        meta = self.file.schema_arrow.metadata or {}
        version = meta.get(b"systemsreview.format_version")
        if version is None:
            msg = f"{self.path}: table {table!r} carries no systemsreview format version"
            raise FormatError(f"{msg}; it was not written by systemsreview: {_RESTORE}")
        written_by = meta.get(b"systemsreview.library_version", b"?").decode(errors="replace")
        self.version = check_version(version.decode(errors="replace"), written_by, str(self.path))
        self._plan = self._check(part)

    def _kinds(self) -> EntityIds:
        """The ``review_id`` and ``id`` of this part's entities (to migrate 1.x links)."""
        root, part = self.path.parent.parent, self.path.stem
        tables = {}
        for kind in EntityKind:
            path = root / kind.plural / f"{part}.parquet"
            try:
                tables[kind] = pq.read_table(path, columns=["review_id", "id"])
            except (pa.ArrowException, OSError) as err:
                problem = f"cannot be migrated to format {FORMAT_VERSION}"
                why = f"the part's file {path} is unreadable ({err})"
                raise self._error(problem, why) from err
        return tables

    def _check(self, part: Part) -> dict[str, pa.DataType]:
        schema = migrate(self.table, self.version, self.file.schema_arrow.empty_table()).schema
        plan: dict[str, pa.DataType] = {}
        for col in SPECS[self.table].columns:
            if col.name not in schema.names:
                raise self._error(f"lacks column {col.name!r}", "it was not written in this format")
            found = schema.field(col.name).type
            target = _target(col, found)
            if target is None:
                problem = f"column {col.name!r} has type {found}, expected {col.type}"
                raise self._error(problem, "it was not written in this format")
            plan[col.name] = target
        extra = [n for n in schema.names if n not in plan]
        newer_minor = _numbers(self.version) > _numbers(FORMAT_VERSION)
        if extra and not newer_minor:
            raise self._error(f"has unexpected column(s) {extra}", "remove them")
        if self.file.num_row_groups != part.row_groups:
            problem = (
                f"has {self.file.num_row_groups} row groups, the manifest says {part.row_groups}"
            )
            raise self._error(problem, "the part was altered outside systemsreview")
        return plan

    def _error(self, problem: str, why: str) -> FormatError:
        return FormatError(f"{self.path}: table {self.table!r} {problem}; {why}: {_RESTORE}")

    def _fit(self, data: pa.Table) -> pa.Table:
        data = migrate(self.table, self.version, data, self._kinds)
        columns = [data.column(n) for n in self._plan]
        columns = [
            c if c.type == t else c.cast(t)
            for c, t in zip(columns, self._plan.values(), strict=True)
        ]
        return pa.Table.from_arrays(columns, names=list(self._plan))

    def read(self, group: int | None = None, columns: list[str] | None = None) -> pa.Table:
        """Row group ``group`` (or the whole file), in the current format."""
        try:
            data = self.file.read() if group is None else self.file.read_row_group(group)
            fitted = self._fit(data)
        except (pa.ArrowException, OSError) as err:
            raise self._error(f"cannot be read ({err})", "the file is damaged") from err
        return fitted.select(columns) if columns else fitted

    def read_exact(self, group: int | None = None) -> pa.Table:
        """Like :meth:`read`, with exactly the written schema (for rewriting parts)."""
        data = self.read(group)
        spec = SPECS[self.table]
        arrays = []
        for col in spec.columns:
            column = data.column(col.name)
            if column.null_count and not col.field.nullable:
                raise self._error(f"column {col.name!r} holds nulls", "the file is damaged")
            arrays.append(column if column.type == col.type else column.cast(col.type))
        return pa.Table.from_arrays(arrays, schema=spec.schema)

    def offset(self, group: int) -> int:
        """The file row of the first row of row group ``group``."""
        meta = self.file.metadata
        return sum(meta.row_group(k).num_rows for k in range(group))

    def where(self, group: int = 0, rows: list[int] | None = None) -> Where:
        """Error context for rows of row group ``group`` (or the given file rows)."""
        offset = 0 if rows is not None else self.offset(group)
        return Where(str(self.path), self.table, offset, rows, None, None, self.max_string_bytes)

    def close(self) -> None:
        """Release the file handle."""
        self.file.close()


@contextmanager
def open_part(
    root: Path, part: Part, max_string_bytes: int = DEFAULT_MAX_STRING_BYTES
) -> Iterator[dict[str, TableFile]]:
    """Every table file of ``part``, opened and checked; closed on leaving."""
    files: dict[str, TableFile] = {}
    try:
        for table in TABLES:
            files[table] = TableFile(root, part, table, max_string_bytes)
        yield files
    finally:
        for f in files.values():
            f.close()
