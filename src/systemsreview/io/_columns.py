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
from systemsreview.io._build import build_reviewers
from systemsreview.io._schema import REVIEWER, Column
from systemsreview.model import Extensions, ReviewerRole
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
    vocab = col.enum
    assert vocab is not None  # enums columns always name their vocabulary
    _no_nulls(arr, col.name, where)
    flat = arr.flatten()
    owners = pc.list_parent_indices(arr)
    _no_nulls(flat, col.name, where, owners)
    empty = first(pc.equal(pc.list_value_length(arr), 0))
    if empty is not None:
        raise where.error(empty, col.name, f"no value; expected at least one {vocab.__name__}")
    encoded = pc.dictionary_encode(flat)
    bad = bad_enum(encoded, col)
    if bad is not None:
        raise where.error(_at(bad[0], owners), col.name, bad[1])
    members = vocab._value2member_map_
    values = [members[v] for v in encoded.dictionary.to_pylist()]
    decoded: list[Any] = []
    start = 0
    indices = encoded.indices.to_pylist()
    for i, length in enumerate(pc.list_value_length(arr).to_pylist()):
        row = tuple(values[k] for k in indices[start : start + length])
        if len(set(row)) != len(row):
            raise where.error(i, col.name, f"a value is repeated in {[m.value for m in row]}")
        decoded.append(row)
        start += length
    return decoded


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


_DECODERS: dict[str, Callable[[pa.Array, Column, Where], list[Any]]] = {
    "id": _strings,
    "text": _strings,
    "enum": _enum,
    "date": _date,
    "odate": _date,
    "strs": _questions,
    "enums": _members,
    "team": _team,
    "json": _extensions,
    "ekind": _enum,
    "bool": _bools,
}


def decode_column(arr: pa.Array, col: Column, where: Where) -> list[Any]:
    """The Python values of column ``col``, validated; :class:`FormatError` if bad."""
    return _DECODERS[col.kind](arr, col, where)
