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

- ``5.0``: ``findings`` gains ``other_patterns`` and ``sub_patterns`` (``list<string>``),
  ``episodes`` gains ``perspectives`` (``list<struct<agency_id, view, status>>``), and
  links gain the kind ``sits_in``. A 4.x finding's sub-pattern ids kept in its extensions
  under ``learning_together.sub_patterns`` move into ``sub_patterns`` (a parent pattern other
  than its own joins ``other_patterns``), as the JSON v4 -> v5 upgrade does
  (:func:`_from_4_finding`).

A part written before a table's format (:data:`~systemsreview.io._schema.INTRODUCED`) has no
file for it: the table reads as holding no rows (:func:`tables_of`, :func:`absent_table`).

Adding a later step: write ``_from_5`` (and, for tables it introduces, an entry in
:data:`~systemsreview.io._schema.INTRODUCED`), register it as ``MIGRATIONS[5]``, and raise
``FORMAT_VERSION``. When a step changes a table introduced at 3.0 or 4.0, freeze that table's
schema of then for :func:`absent_table` first (it builds the empty table from the current
``SPECS``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pyarrow as pa

from systemsreview.errors import ModelError
from systemsreview.io._kinds import EntityIds, link_kind_columns
from systemsreview.io._manifest import major
from systemsreview.io._schema import FORMAT_VERSION, INTRODUCED, SPECS, tables_of
from systemsreview.io._subpatterns import lift
from systemsreview.model import SUB_PATTERNS_EXTENSION, Extensions

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


def _from_4_finding(table: str, data: pa.Table) -> pa.Table:
    """4.x to 5.0, the findings' part: several patterns, sub-patterns, perspectives."""
    names = set(data.column_names)
    n = data.num_rows
    if table == "episodes" and "review_id" in names and "perspectives" not in names:
        kind = SPECS["episodes"].schema.field("perspectives").type
        data = data.append_column(pa.field("perspectives", kind), pa.array([[]] * n, kind))
    if table != "findings" or not {"review_id", "pattern"} <= names or "sub_patterns" in names:
        return data  # a damaged file (or one migrated already) is left to the column checks
    others: list[list[str]] = [[] for _ in range(n)]
    subs: list[list[str]] = [[] for _ in range(n)]
    if "extensions" in names and data.column("extensions").null_count < n:
        texts = data.column("extensions").to_pylist()
        patterns = data.column("pattern").cast(pa.string()).to_pylist()
        for i, text in enumerate(texts):
            if text is None or SUB_PATTERNS_EXTENSION not in text:
                continue
            try:
                extensions = json.loads(text)
            except ValueError:
                continue  # left for the reader's extension check, which names it
            if not isinstance(extensions, dict):
                continue
            try:
                lifted = lift(str(patterns[i]), extensions)
                rest = Extensions(lifted[2]).text or None
            except ModelError:
                continue  # not extension data: left for the reader's check, which names it
            others[i], subs[i] = lifted[0], lifted[1]
            if subs[i]:
                texts[i] = rest
        index = data.column_names.index("extensions")
        data = data.set_column(index, data.schema.field(index), pa.array(texts, pa.string()))
    kind = SPECS["findings"].schema.field("sub_patterns").type
    data = data.append_column(pa.field("other_patterns", kind), pa.array(others, kind))
    return data.append_column(pa.field("sub_patterns", kind), pa.array(subs, kind))


def _from_4(table: str, data: pa.Table, kinds: Callable[[], EntityIds]) -> pa.Table:
    """4.x to 5.0: each part of the step in its own function (the findings' one here)."""
    del kinds  # the step adds columns and link kinds only
    return _from_4_finding(table, data)


Migration = Callable[[str, pa.Table, Callable[[], EntityIds]], pa.Table]

#: ``MIGRATIONS[n](table, data, kinds)``: from format ``n.x`` to ``n+1.0``.
MIGRATIONS: dict[int, Migration] = {
    0: _from_0,
    1: _from_1,
    2: _from_2,
    3: _from_3,
    4: _from_4,
}


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
    ['review_id', 'src', 'dst', 'src_kind', 'dst_kind', 'extensions']
    """
    for step in range(major(version), major(FORMAT_VERSION)):
        data = MIGRATIONS[step](table, data, kinds)
    return data
