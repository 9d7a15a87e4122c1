"""The kinds of a link's ends, as the ``links`` table's ``src_kind`` and ``dst_kind`` hold them.

One vectorised lookup serves the writer and the migration of parts written before format
2.0, which have no such columns: review ids and ids become integer codes (one
``dictionary_encode`` each), every entity row and every link end a 64-bit key of the pair,
and :func:`pyarrow.compute.index_in` finds the first entity row holding each end's key.
Entity tables are searched in the review's kind order (agencies first), so an id held by
several entities (SR101) takes the kind of the first, as
:meth:`Review.kind_of <systemsreview.model.Review.kind_of>` says; an id the review lacks
(SR102) gives null. No Python object is made per row.

>>> import pyarrow as pa
>>> entities = {EntityKind.AGENCY: pa.table({"review_id": ["r"], "id": ["police"]})}
>>> links = pa.table({"review_id": ["r", "r"], "src": ["x", "police"], "dst": ["police", "y"]})
>>> [a.to_pylist() for a in end_kinds(links, entities)]
[[None, 'agency'], ['agency', None]]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.io._schema import ENUM
from systemsreview.model import EntityKind

__all__ = ["EntityIds", "end_kinds", "link_kind_columns"]

#: The ``review_id`` and ``id`` columns of each entity table of one part (or batch).
EntityIds = Mapping[EntityKind, pa.Table]

_MEMBERS = list(EntityKind)
_DICTIONARY = pa.array([m.value for m in _MEMBERS], pa.string())


def _codes(columns: list[pa.ChunkedArray | pa.Array]) -> list[pa.Array]:
    """The columns' values as int64 codes, equal exactly where the values are equal.

    Strings are dictionary-encoded together; integer columns (review ids already coded by
    the caller, such as the writer's row positions) are their own codes.
    """
    arrays = [c if isinstance(c, pa.Array) else c.combine_chunks() for c in columns]
    if all(pa.types.is_integer(a.type) for a in arrays):
        return [pc.cast(a, pa.int64()) for a in arrays]
    whole = pa.chunked_array(arrays, pa.string())
    indices = pc.cast(pc.dictionary_encode(whole.combine_chunks()).indices, pa.int64())
    out, start = [], 0
    for column in columns:
        out.append(indices.slice(start, len(column)))
        start += len(column)
    return out


def end_kinds(links: pa.Table, entities: EntityIds) -> tuple[pa.Array, pa.Array]:
    """``src_kind`` and ``dst_kind`` (dictionary-encoded, null when dangling) of ``links``.

    Args:
        links: a table with ``review_id``, ``src`` and ``dst``.
        entities: per kind, a table with the ``review_id`` and ``id`` of every entity.
            The ``review_id`` columns are strings, or, in ``links`` and every entity table
            alike, integer codes of the review ids (equal exactly where the ids are).
    """
    present = [kind for kind in _MEMBERS if kind in entities]
    tables = [entities[k] for k in present]
    rids = _codes([t.column("review_id") for t in tables] + [links.column("review_id")])
    ids = _codes([t.column("id") for t in tables] + [links.column("src"), links.column("dst")])
    width = pa.scalar(sum(map(len, ids)) + 1, pa.int64())  # more than any id code

    def keys(rid: pa.Array, ident: pa.Array) -> pa.Array:
        return pc.add(pc.multiply(rid, width), ident)  # unique per (review id, id) pair

    universe = pa.chunked_array(
        [keys(r, i) for r, i in zip(rids[:-1], ids[:-2], strict=True)], pa.int64()
    ).combine_chunks()
    kind_of_row = pa.chunked_array(
        [
            pc.fill_null(pa.nulls(t.num_rows, pa.int32()), _MEMBERS.index(k))
            for k, t in zip(present, tables, strict=True)
        ],
        pa.int32(),
    ).combine_chunks()
    ends = pa.chunked_array([keys(rids[-1], ident) for ident in ids[-2:]]).combine_chunks()
    found = pc.index_in(ends, value_set=universe)  # both ends at once: one hash table
    kinds = pa.DictionaryArray.from_arrays(pc.take(kind_of_row, found), _DICTIONARY)
    n = links.num_rows
    return kinds.slice(0, n), kinds.slice(n, n)


def link_kind_columns(links: pa.Table, entities: Callable[[], EntityIds]) -> pa.Table:
    """``links`` with ``src_kind`` and ``dst_kind`` appended, computed from ``entities()``.

    ``entities`` is called only when there are rows, so migrating an empty table (a schema)
    reads nothing else.
    """
    if links.num_rows == 0:
        src = dst = pa.DictionaryArray.from_arrays(pa.array([], pa.int32()), _DICTIONARY)
    else:
        src, dst = end_kinds(links, entities())
    links = links.append_column(pa.field("src_kind", ENUM), src)
    return links.append_column(pa.field("dst_kind", ENUM), dst)
