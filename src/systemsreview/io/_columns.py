"""Validated decoding of one Arrow column into Python values, vectorised where it counts.

Each decoder checks its whole column with Arrow compute functions first (nulls, blank ids,
unknown vocabulary values, oversized strings) and only then turns it into Python values,
decoding dictionary and date columns once per distinct value. A bad value raises
:class:`~systemsreview.errors.FormatError` naming the file, table, row, entity and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.errors import FormatError, ModelError
from systemsreview.io._build import build_perspectives, build_reviewers
from systemsreview.io._schema import REVIEWER, Column
from systemsreview.model import Extensions, ReviewerRole, Sensitivity, ViewStatus
from systemsreview.model._extensions import EMPTY

__all__ = ["DEFAULT_MAX_STRING_BYTES", "Where", "bad_enum", "decode_column", "first"]

#: The default limit on one string value read from a file (a larger one is refused).
DEFAULT_MAX_STRING_BYTES = 16 * 1024 * 1024

# What ``str.strip()`` removes: a value made only of these is blank to the model. (No code
# point above U+3000 is whitespace; the tests check this against all of Unicode.)
_WHITESPACE = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace())

_ADVICE = "fix or remove that row, or rewrite the review with systemsreview"


@attrs.frozen
class Where:
    """Where rows come from, for error messages: file, table and the rows' positions.

    Attributes:
        rows: the file row of each local row when only some rows were read; otherwise
            local row ``i`` is file row ``offset + i``.
        review_ids, ids: the decoded id columns, once known, to name the entity.
    """

    file: str
    table: str
    offset: int = 0
    rows: Sequence[int] | None = None
    review_ids: Sequence[str] | None = None
    ids: Sequence[str] | None = None
    max_string_bytes: int = DEFAULT_MAX_STRING_BYTES

    def row(self, i: int) -> int:
        """The file row of local row ``i``."""
        return self.rows[i] if self.rows is not None else self.offset + i

    def error(self, i: int, column: str, problem: str, advice: str = _ADVICE) -> FormatError:
        """A :class:`FormatError` for local row ``i``."""
        who = ""
        if self.ids is not None:
            who = (
                f" (id {self.ids[i]!r} of review {self.review_ids[i]!r})" if self.review_ids else ""
            )
        elif self.review_ids is not None:
            who = f" (review {self.review_ids[i]!r})"
        return FormatError(
            f"{self.file}: table {self.table!r}, row {self.row(i)}{who}, column {column!r}: "
            f"{problem}; {advice}"
        )


def first(mask: pa.Array | pa.ChunkedArray) -> int | None:
    """The index of the first true value of a boolean mask, or ``None``."""
    found = pc.indices_nonzero(pc.fill_null(mask, False))
    return None if len(found) == 0 else int(found[0].as_py())


def _at(i: int, owners: pa.Array | None) -> int:
    return i if owners is None else int(owners[i].as_py())


def _no_nulls(arr: pa.Array, name: str, where: Where, owners: pa.Array | None = None) -> None:
    if arr.null_count:
        i = first(pc.is_null(arr)) or 0
        raise where.error(_at(i, owners), name, "null in a required field")


def _size(arr: pa.Array, name: str, where: Where, owners: pa.Array | None = None) -> None:
    limit = where.max_string_bytes
    lengths = pc.binary_length(arr)
    longest = pc.max(lengths).as_py() if len(arr) else None
    if longest is not None and longest > limit:
        i = first(pc.greater(lengths, limit)) or 0
        raise where.error(
            _at(i, owners),
            name,
            f"a string of {longest:,} bytes exceeds the limit of {limit:,}",
            "raise max_string_bytes if the file is trusted, otherwise reject it",
        )


def _non_blank(arr: pa.Array, name: str, where: Where, owners: pa.Array | None = None) -> None:
    if len(arr) == 0:
        return
    i = first(pc.equal(pc.binary_length(pc.utf8_trim(arr, _WHITESPACE)), 0))
    if i is not None:
        problem = f"got {arr[i].as_py()!r}; expected a non-empty string"
        raise where.error(_at(i, owners), name, problem)


def _strings(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    _no_nulls(arr, col.name, where)
    _size(arr, col.name, where)
    if col.kind == "id":
        _non_blank(arr, col.name, where)
    return arr.to_pylist()  # type: ignore[no-any-return]


def bad_enum(arr: pa.Array, col: Column) -> tuple[int, str] | None:
    """The first row of a vocabulary column that is not in its vocabulary, and why."""
    vocab = col.enum
    assert vocab is not None  # enum columns always name their vocabulary
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr)
    size = len(arr.dictionary)
    indices = arr.indices
    out = pc.or_(pc.less(indices, 0), pc.greater_equal(indices, size))
    i = first(out)
    if i is not None:
        index = indices[i].as_py()
        return i, f"dictionary index {index} is out of range (the dictionary has {size} values)"
    members = vocab._value2member_map_
    unknown = [k for k, v in enumerate(arr.dictionary.to_pylist()) if v not in members]
    if not unknown:
        return None
    i = first(pc.is_in(indices, pa.array(unknown, indices.type)))
    if i is None:
        return None
    allowed = ", ".join(repr(m.value) for m in vocab)
    return i, f"unknown {vocab.__name__} {arr[i].as_py()!r}; expected one of {allowed}"


def _extensions(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """Extension data: null is none; text must be a JSON object of namespaced extensions."""
    values: list[Any] = [EMPTY] * len(arr)
    if arr.null_count == len(arr):  # the usual case: no extension data at all
        return values
    _size(arr, col.name, where)
    seen: dict[str, Extensions] = {}
    rows = pc.indices_nonzero(pc.is_valid(arr)).to_pylist()
    for i, text in zip(rows, arr.drop_null().to_pylist(), strict=True):
        found = seen.get(text)
        if found is None:
            try:
                found = seen[text] = Extensions.from_text(text)
            except ModelError as exc:
                raise where.error(i, col.name, f"not extension data: {exc}") from None
        values[i] = found
    return values


def _enum(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    vocab = col.enum
    assert vocab is not None  # enum columns always name their vocabulary
    derived = col.kind == "ekind"  # may be null; checked, never turned into objects
    if not derived:
        _no_nulls(arr, col.name, where)
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr)
    bad = bad_enum(arr, col)
    if bad is not None:
        raise where.error(bad[0], col.name, bad[1])
    members = vocab._value2member_map_
    values = [members.get(v) for v in arr.dictionary.to_pylist()]
    return [] if derived else [values[i] for i in arr.indices.to_pylist()]


def _date(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    if col.kind == "date":
        _no_nulls(arr, col.name, where)
    encoded = pc.dictionary_encode(arr)  # each distinct day becomes a date once
    values: list[Any] = encoded.dictionary.to_pylist()
    values.append(None)
    return [values[-1 if i is None else i] for i in encoded.indices.to_pylist()]


def _codes(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """An optional code (null is none), never blank where present.

    Whether it is registered is checked with the table (:mod:`systemsreview.io._arrow`).
    """
    _size(arr, col.name, where)
    present = pc.indices_nonzero(pc.is_valid(arr))
    _non_blank(arr.drop_null(), col.name, where, present)
    return arr.to_pylist()  # type: ignore[no-any-return]


def _bools(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    _no_nulls(arr, col.name, where)
    return arr.to_pylist()  # type: ignore[no-any-return]


def _questions(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    _no_nulls(arr, col.name, where)
    flat = arr.flatten()
    owners = pc.list_parent_indices(arr)
    _no_nulls(flat, col.name, where, owners)
    _size(flat, col.name, where, owners)
    return [tuple(q) for q in arr.to_pylist()]


def _members(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """A list of vocabulary values per row: at least one, each known, none twice."""
    rows = _enums(arr, col, where)
    for i, row in enumerate(rows):
        if not row:
            vocab = col.enum.__name__ if col.enum is not None else "value"
            raise where.error(i, col.name, f"no value; expected at least one {vocab}")
        if len(set(row)) != len(row):
            raise where.error(i, col.name, f"a value is repeated in {[m.value for m in row]}")
    return rows


_REQUIRED = {"role", "role_text", "organisation", "lead"}
_BOOLEANS = {"independent_of_case", "independent_of_agencies", "independent_of_board", "lead"}


def _team(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    _no_nulls(arr, col.name, where)
    flat = arr.flatten()
    owners = pc.list_parent_indices(arr)
    _no_nulls(flat, col.name, where, owners)
    fields: dict[str, list[Any]] = {}
    for name in REVIEWER.names:
        values = pc.struct_field(flat, name)
        sub = f"{col.name}.{name}"
        if name in _REQUIRED:
            _no_nulls(values, sub, where, owners)
        if name not in _BOOLEANS:
            _size(values, sub, where, owners)
        if name == "agency_id":
            _non_blank(values.drop_null(), sub, where, pc.filter(owners, pc.is_valid(values)))
        if name == "role":
            role = Column(sub, "enum", "role", ReviewerRole)
            bad = bad_enum(pc.dictionary_encode(values), role)
            if bad is not None:
                raise where.error(_at(bad[0], owners), sub, bad[1])
            fields[name] = [ReviewerRole(v) for v in values.to_pylist()]
            continue
        fields[name] = values.to_pylist()
    people = build_reviewers(fields)
    teams: list[Any] = []
    start = 0
    for length in pc.list_value_length(arr).to_pylist():
        teams.append(tuple(people[start : start + length]))
        start += length
    return teams


def _enums(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """A list of vocabulary values per row (a finding's other patterns)."""
    vocab = col.enum
    assert vocab is not None  # enums columns always name their vocabulary
    _no_nulls(arr, col.name, where)
    flat = arr.flatten()
    owners = pc.list_parent_indices(arr)
    _no_nulls(flat, col.name, where, owners)
    bad = bad_enum(flat, col)
    if bad is not None:
        raise where.error(_at(bad[0], owners), col.name, bad[1])
    members = vocab._value2member_map_
    return [tuple(members[v] for v in row) for row in arr.to_pylist()]


def _views(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """An episode's perspectives: agency ids, views and statuses, checked as the model does."""
    _no_nulls(arr, col.name, where)
    flat = arr.flatten()
    owners = pc.list_parent_indices(arr)
    _no_nulls(flat, col.name, where, owners)
    fields: dict[str, list[Any]] = {}
    for name in ("agency_id", "view", "status", "sensitivity"):
        values = pc.struct_field(flat, name)
        sub = f"{col.name}.{name}"
        _no_nulls(values, sub, where, owners)
        _size(values, sub, where, owners)
        fields[name] = values.to_pylist()
    _non_blank(pc.struct_field(flat, "agency_id"), f"{col.name}.agency_id", where, owners)
    statuses = ViewStatus._value2member_map_
    for j, (status, view) in enumerate(zip(fields["status"], fields["view"], strict=True)):
        member = statuses.get(status)
        if member is None:
            allowed = ", ".join(repr(m.value) for m in ViewStatus)
            problem = f"unknown ViewStatus {status!r}; expected one of {allowed}"
            raise where.error(_at(j, owners), f"{col.name}.status", problem)
        if member is ViewStatus.GIVEN and not view.strip():
            problem = "an empty view whose status is 'given'"
            raise where.error(_at(j, owners), f"{col.name}.view", problem)
        fields["status"][j] = member
    for j, value in enumerate(fields["sensitivity"]):
        found = Sensitivity._value2member_map_.get(value)
        if found is None:
            allowed = ", ".join(repr(m.value) for m in Sensitivity)
            problem = f"unknown Sensitivity {value!r}; expected one of {allowed}"
            raise where.error(_at(j, owners), f"{col.name}.sensitivity", problem)
        fields["sensitivity"][j] = found
    views = build_perspectives(fields)
    groups: list[Any] = []
    start = 0
    for i, length in enumerate(pc.list_value_length(arr).to_pylist()):
        group = tuple(views[start : start + length])
        agencies = [p.agency_id for p in group]
        if len(set(agencies)) != len(agencies):
            problem = f"an agency has more than one perspective in {agencies}"
            raise where.error(i, col.name, problem)
        groups.append(group)
        start += length
    return groups


_DECODERS: dict[str, Callable[[pa.Array, Column, Where], list[Any]]] = {
    "id": _strings,
    "text": _strings,
    "enum": _enum,
    "date": _date,
    "odate": _date,
    "strs": _questions,
    "members": _members,
    "team": _team,
    "enums": _enums,
    "views": _views,
    "json": _extensions,
    "code": _codes,
    "ekind": _enum,
    "bool": _bools,
}


def decode_column(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """The Python values of column ``col``, validated; :class:`FormatError` if bad."""
    return _DECODERS[col.kind](arr, col, where)
