"""The kinds of a link's ends, as the ``links`` table's ``src_kind`` and ``dst_kind`` hold them.

Writing, the kinds come from the review's own index (:meth:`Review.kind_of`). Reading a part
written before format 2.0, which has no such columns, the migration computes them from the
part's entity tables (:func:`kinds_from_tables`), with the same rule: an id held by several
entities (SR101) takes the kind of the first, in the review's kind order; an id the review
lacks (SR102) gives null.

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> end_kinds([review], "source")[:2]
[<EntityKind.PRACTITIONER: 'practitioner'>, <EntityKind.PRACTITIONER: 'practitioner'>]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pyarrow as pa

from systemsreview.io._schema import ENUM
from systemsreview.model import EntityKind, Review

__all__ = ["KindLookup", "encode_kinds", "end_kinds", "kinds_from_tables", "link_kind_columns"]

#: ``(review_id, entity id) -> kind``, for the ids of one part.
KindLookup = Mapping[tuple[str, str], EntityKind]

_MEMBERS = list(EntityKind)
_POSITION = {member: i for i, member in enumerate(_MEMBERS)}
_DICTIONARY = pa.array([m.value for m in _MEMBERS], pa.string())


def end_kinds(reviews: Sequence[Review], end: str) -> list[EntityKind | None]:
    """The kind of each link's ``end`` (``"source"`` or ``"target"``), reviews in order."""
    return [review.kind_of(getattr(link, end)) for review in reviews for link in review.links]


def encode_kinds(kinds: Sequence[EntityKind | None]) -> pa.Array:
    """Kinds as a dictionary-encoded array over the whole vocabulary (nulls kept)."""
    indices = pa.array([None if k is None else _POSITION[k] for k in kinds], pa.int32())
    return pa.DictionaryArray.from_arrays(indices, _DICTIONARY)


def kinds_from_tables(entities: Mapping[EntityKind, pa.Table]) -> dict[tuple[str, str], EntityKind]:
    """``(review_id, id) -> kind`` from entity tables holding ``review_id`` and ``id``."""
    found: dict[tuple[str, str], EntityKind] = {}
    for kind in EntityKind:  # the review's kind order: the first of duplicate ids wins
        table = entities.get(kind)
        if table is None:
            continue
        review_ids = table.column("review_id").to_pylist()
        for key in zip(review_ids, table.column("id").to_pylist(), strict=True):
            found.setdefault(key, kind)
    return found


def link_kind_columns(links: pa.Table, lookup: Callable[[], KindLookup]) -> pa.Table:
    """``links`` with ``src_kind`` and ``dst_kind`` computed through ``lookup``.

    ``lookup`` is called only when there are rows, so migrating an empty table (a schema)
    reads nothing else.
    """
    table = {} if links.num_rows == 0 else lookup()
    review_ids = links.column("review_id").to_pylist()
    for end, name in (("src", "src_kind"), ("dst", "dst_kind")):
        ids = links.column(end).to_pylist()
        kinds = [table.get(key) for key in zip(review_ids, ids, strict=True)]
        links = links.append_column(pa.field(name, ENUM), encode_kinds(kinds))
    return links
