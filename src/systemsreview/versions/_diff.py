"""Comparing two versions of a review, field by field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from systemsreview.errors import ModelError
from systemsreview.model import Review
from systemsreview.versions._changes import Change, Diff
from systemsreview.versions._common import (
    _COLLECTIONS,
    _CONVERTER,
    _ITEM_TYPES,
    _REVIEW_FIELDS,
    _fields,
    _json,
    _keyed,
    _plain,
)

__all__ = ["diff"]


def _collection_changes(name: str, old: Sequence[Any], new: Sequence[Any]) -> list[Change]:
    cls = _ITEM_TYPES[name]
    a, b = _keyed(old), _keyed(new)
    a_items, b_items = dict(a), dict(b)
    out = [
        Change(op="removed", collection=name, key=k, occurrence=n)
        for (k, n), _ in a
        if (k, n) not in b_items
    ]
    for (k, n), item in b:
        before = a_items.get((k, n))
        if before is None or before == item:
            continue
        for field in _fields(cls):
            was, now = getattr(before, field), getattr(item, field)
            if was != now:
                out.append(
                    Change(
                        op="changed",
                        collection=name,
                        key=k,
                        occurrence=n,
                        field=field,
                        old=_json(cls, field, was),
                        new=_json(cls, field, now),
                    )
                )
    out += [
        Change(
            op="added",
            collection=name,
            key=k,
            occurrence=n,
            index=i,
            new=_plain(_CONVERTER.unstructure(item, unstructure_as=cls)),
        )
        for i, ((k, n), item) in enumerate(b)
        if (k, n) not in a_items
    ]
    kept_a = [key for key, _ in a if key in b_items]
    kept_b = [key for key, _ in b if key in a_items]
    if kept_a != kept_b:
        order = [[*k, n] for (k, n), _ in b]
        out.append(Change(op="reordered", collection=name, new=order))
    return out


def diff(a: Review, b: Review) -> Diff:
    """The changes that turn review ``a`` into review ``b``, field by field.

    Args:
        a: the earlier version.
        b: the later version.

    Returns:
        A :class:`Diff` in a stable order; empty exactly when ``a == b``.
    """
    for which, review in (("a", a), ("b", b)):
        if not isinstance(review, Review):
            raise ModelError(f"diff: {which} must be a Review, got {type(review).__name__}")
    changes = [
        Change(
            op="changed",
            collection="review",
            field=name,
            old=_json(Review, name, getattr(a, name)),
            new=_json(Review, name, getattr(b, name)),
        )
        for name in _REVIEW_FIELDS
        if getattr(a, name) != getattr(b, name)
    ]
    for name in _COLLECTIONS:
        changes += _collection_changes(name, getattr(a, name), getattr(b, name))
    return Diff(tuple(changes))
