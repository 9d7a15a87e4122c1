"""Migrations of tables written in older major versions of the dataset format.

``MIGRATIONS[n]`` turns a table of format ``n.x`` into one of format ``n+1.0``; reading a
file of an older major version runs the chain up to :data:`FORMAT_VERSION`. Migrations
work on Arrow tables (cheap renames and casts), before any validation, so an old file is
checked exactly as a new one is.

Format history:

- ``0.x`` (pre-release): the links table named its ends ``source`` and ``target``.
- ``1.0``: links name them ``src`` and ``dst``, as graph tools (GraphFrames) expect.
- ``2.0``: every table has ``extensions`` (JSON text or null), ``links`` has ``src_kind`` and
  ``dst_kind``, and every column a description. A major step, because a 1.x reader would not
  see the extension data and could drop it when rewriting; 1.x readers refuse 2.0 files
  with :class:`~systemsreview.errors.FormatVersionError` instead. Migrating a 1.x ``links``
  table computes the kinds from its part's entity tables (``kinds``), as the writer would.
- ``3.0``: the learning loop: tables ``recommendations``, ``responses`` and ``actions``, and
  five new link kinds (values of ``links.kind``, so the links table is unchanged). A major
  step, because a 2.x reader would not see the new tables and could drop them when
  rewriting. The tables of 2.x are unchanged (:func:`_from_2`).
- ``4.0``: the case: tables ``subjects`` and ``family``; ``reviews`` gains
  ``characteristics`` (``list<string>``) and ``aware`` (``date32`` or null); three new link
  kinds. A major step for the same reason. A 3.x ``reviews`` table gains empty
  characteristics and a null ``aware`` (:func:`_from_3`).

- ``5.0``: the review's context (and, from the other parts of the step, ...):
  ``reviews`` has ``methods`` (``list<string>``, the main method first) instead of
  ``method``, ``terms_of_reference`` (``list<string>``), ``incident_on`` (``date32`` or null)
  and ``delay_reason``; its reviewers' structs have a ``role`` of the
  :class:`~systemsreview.model.ReviewerRole` vocabulary with ``role_text`` beside it and
  three independence facets instead of ``independent``; tables ``parallel_proceedings`` and
  ``related``; ``links`` has ``locator`` and ``quote``. A 4.x ``reviews`` table's
  ``method`` becomes a one-item ``methods``; a free-text role becomes its vocabulary role
  where its words name one, else ``other`` with the text kept in ``role_text``;
  ``independent`` becomes both ``independent_of_case`` and ``independent_of_agencies``,
  ``independent_of_board`` null (not recorded) (:func:`_from_4_review`).

A part written before a table's format (:data:`~systemsreview.io._schema.INTRODUCED`) has no
file for it: the table reads as holding no rows (:func:`tables_of`, :func:`absent_table`).

Adding a later step: write ``_from_5`` (and, for tables it introduces, an entry in
:data:`~systemsreview.io._schema.INTRODUCED`), register it as ``MIGRATIONS[5]``, and raise
``FORMAT_VERSION``. When a step changes a table introduced at 3.0 or 4.0, freeze that table's
schema of then for :func:`absent_table` first (it builds the empty table from the current
``SPECS``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.io._kinds import EntityIds, link_kind_columns
from systemsreview.io._manifest import major
from systemsreview.io._schema import (
    FORMAT_VERSION,
    INTRODUCED,
    REVIEWER,
    REVIEWER_4,
    SPECS,
    tables_of,
)
from systemsreview.model import reviewer_role

__all__ = ["MIGRATIONS", "absent_table", "migrate", "tables_of"]


def absent_table(table: str) -> pa.Table:
    """Table ``table`` of a part written before the format introduced it: empty, current.

    The empty table of the introducing format, migrated on from there like any file.

    >>> absent_table("subjects").num_rows, absent_table("actions").column_names[:3]
    (0, ['review_id', 'id', 'what'])
    """
    since = INTRODUCED[table]
    empty = SPECS[table].schema.empty_table()  # its schema of then (see the module's docstring)
    return migrate(table, f"{since}.0", empty)


def _from_0(table: str, data: pa.Table, kinds: Callable[[], EntityIds]) -> pa.Table:
    del kinds  # format 0 to 1 renames only
    if table != "links":
        return data
    renames = {"source": "src", "target": "dst"}
    return data.rename_columns([renames.get(n, n) for n in data.column_names])


def _no_kinds() -> EntityIds:
    msg = "migrating a 1.x links table needs the kinds of its part's entities"
    raise ValueError(msg)


def _from_1(table: str, data: pa.Table, kinds: Callable[[], EntityIds]) -> pa.Table:
    names = set(data.column_names)
    # A damaged file may lack what the kinds are computed from, or hold the new columns
    # already: leave those to the reader's column checks, which name the problem.
    if table == "links" and {"review_id", "src", "dst"} <= names and "src_kind" not in names:
        data = link_kind_columns(data, kinds)
    if "extensions" in names:
        return data
    return data.append_column(
        pa.field("extensions", pa.string()), pa.nulls(data.num_rows, pa.string())
    )


def _from_2(table: str, data: pa.Table, kinds: Callable[[], EntityIds]) -> pa.Table:
    """2.x to 3.0: the tables of 2.x are unchanged (the new link kinds are only new values).

    The tables 3.0 introduces have no 2.x file to migrate: :func:`absent_table` gives them.
    """
    del table, kinds
    return data


def _from_3(table: str, data: pa.Table, kinds: Callable[[], EntityIds]) -> pa.Table:
    """3.x to 4.0 (the case): ``reviews`` gains ``characteristics`` and ``aware``.

    The other tables stay as they are; the new tables come from :func:`absent_table`.
    """
    del kinds  # the case adds columns and tables only
    names = set(data.column_names)
    if table != "reviews" or "review_id" not in names:
        return data  # a damaged file is left to the reader's column checks
    n = data.num_rows
    if "characteristics" not in names:
        empty = pa.array([[]] * n, SPECS["reviews"].schema.field("characteristics").type)
        data = data.append_column(pa.field("characteristics", empty.type), empty)
    if "aware" not in names:
        data = data.append_column(pa.field("aware", pa.date32()), pa.nulls(n, pa.date32()))
    return data


def _append(data: pa.Table, name: str, values: pa.Array) -> pa.Table:
    if name in data.column_names:
        return data  # a damaged file is left to the reader's column checks
    return data.append_column(pa.field(name, values.type), values)


def _reviewers_4(column: pa.ChunkedArray) -> pa.Array | None:
    """Format 4.0's reviewer structs as 5.0's (``None`` if not 4.0's: left to the checks)."""
    if not pa.types.is_list(column.type) or not pa.types.is_struct(column.type.value_type):
        return None
    inner = column.type.value_type
    if {inner.field(i).name for i in range(inner.num_fields)} != set(REVIEWER_4.names):
        return None
    arr = column.combine_chunks()
    flat = pc.list_flatten(arr)
    lengths = pc.fill_null(pc.list_value_length(arr), 0).to_pylist()
    offsets = pa.array(itertools.accumulate(lengths, initial=0), pa.int32())
    texts = pc.struct_field(flat, "role").to_pylist()
    mapped = [(None, None) if t is None else reviewer_role(t) for t in texts]
    independent = pc.struct_field(flat, "independent")
    fields = {
        "role": pa.array([None if r is None else r.value for r, _ in mapped], pa.string()),
        "role_text": pa.array(["" if t is None else t for _, t in mapped], pa.string()),
        "organisation": pc.struct_field(flat, "organisation"),
        "independent_of_case": independent,
        "independent_of_agencies": independent,
        "independent_of_board": pa.nulls(len(flat), pa.bool_()),
        "lead": pc.struct_field(flat, "lead"),
        "agency_id": pc.struct_field(flat, "agency_id"),
    }
    struct = pa.StructArray.from_arrays(
        [fields[f.name].cast(f.type) for f in REVIEWER], fields=list(REVIEWER)
    )
    return pa.ListArray.from_arrays(
        offsets,
        struct,
        type=SPECS["reviews"].schema.field("reviewers").type,
        mask=arr.is_null() if arr.null_count else None,
    )


def _from_4_review(table: str, data: pa.Table) -> pa.Table:
    """4.x to 5.0, the review's part: methods, the context fields, reviewers, provenance."""
    names = set(data.column_names)
    n = data.num_rows
    if table == "links" and "review_id" in names:
        data = _append(data, "locator", pa.array([""] * n, pa.string()))
        return _append(data, "quote", pa.array([""] * n, pa.string()))
    if table != "reviews" or "review_id" not in names:
        return data  # a damaged file is left to the reader's column checks
    if "method" in names and "methods" not in names:
        method = data.column("method").combine_chunks()
        if pa.types.is_dictionary(method.type):
            method = method.cast(pa.string())
        lists = pa.ListArray.from_arrays(pa.array(range(n + 1), pa.int32()), method)
        index = data.column_names.index("method")
        data = data.remove_column(index).add_column(index, pa.field("methods", lists.type), lists)
    if "reviewers" in names:
        team = _reviewers_4(data.column("reviewers"))
        if team is not None:
            index = data.column_names.index("reviewers")
            data = data.set_column(index, pa.field("reviewers", team.type), team)
    strs = SPECS["reviews"].schema.field("terms_of_reference").type
    data = _append(data, "terms_of_reference", pa.array([[]] * n, strs))
    data = _append(data, "incident_on", pa.nulls(n, pa.date32()))
    return _append(data, "delay_reason", pa.array([""] * n, pa.string()))


def _from_4(table: str, data: pa.Table, kinds: Callable[[], EntityIds]) -> pa.Table:
    """4.x to 5.0: each part of the step in turn (the new tables: :func:`absent_table`)."""
    del kinds  # format 5.0 adds and reshapes columns only
    return _from_4_review(table, data)


Migration = Callable[[str, pa.Table, Callable[[], EntityIds]], pa.Table]

#: ``MIGRATIONS[n](table, data, kinds)``: from format ``n.x`` to ``n+1.0``.
MIGRATIONS: dict[int, Migration] = {0: _from_0, 1: _from_1, 2: _from_2, 3: _from_3, 4: _from_4}


def migrate(
    table: str, version: str, data: pa.Table, kinds: Callable[[], EntityIds] = _no_kinds
) -> pa.Table:
    """``data`` of table ``table``, written in format ``version``, as the current format.

    Args:
        table: the table's name.
        version: the format version the data was written in.
        data: the data.
        kinds: gives ``(review_id, id) -> EntityKind`` for the part's entities; called only
            to migrate a non-empty ``links`` table written before format 2.0.

    >>> old = pa.table({"review_id": ["r"], "source": ["a"], "target": ["b"]})
    >>> migrate("links", "0.1", old, kinds=lambda: {}).column_names
    ['review_id', 'src', 'dst', 'src_kind', 'dst_kind', 'extensions', 'locator', 'quote']
    """
    for step in range(major(version), major(FORMAT_VERSION)):
        data = MIGRATIONS[step](table, data, kinds)
    return data
