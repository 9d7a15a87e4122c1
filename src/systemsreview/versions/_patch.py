"""Applying a diff to the version it was made from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from cattrs.errors import BaseValidationError

from systemsreview.errors import ConflictError, FormatError, ModelError
from systemsreview.model import Review
from systemsreview.versions._changes import Change, Diff, _label, _short
from systemsreview.versions._common import (
    _CONVERTER,
    _ITEM_TYPES,
    _REVIEW_FIELDS,
    Key,
    _fields,
    _json,
    _key,
    _keyed,
    _value,
)

__all__ = ["patch"]


def _find(items: list[tuple[Key, Any]], key: Key, change: Change, review: Review) -> int:
    for i, (k, _) in enumerate(items):
        if k == key:
            return i
    where = _label(change.collection, change.key, change.occurrence)
    msg = f"patch: review {review.id!r} has no {change.collection} item {where}"
    raise ConflictError(f"{msg}; the diff was made against another version of the review")


def _apply(review: Review, name: str, changes: list[Change]) -> tuple[Any, ...]:
    cls = _ITEM_TYPES[name]
    items = _keyed(getattr(review, name))
    for change in (c for c in changes if c.op == "removed"):
        del items[_find(items, (change.key, change.occurrence), change, review)]
    edits: dict[int, dict[str, Any]] = {}
    for change in (c for c in changes if c.op == "changed"):
        i = _find(items, (change.key, change.occurrence), change, review)
        item = items[i][1]
        where = f"patch: {name} {_label(name, change.key, change.occurrence)}"
        if change.field not in _fields(cls):
            raise FormatError(f"{where}: {cls.__name__} has no field {change.field!r} to change")
        if _json(cls, change.field, getattr(item, change.field)) != change.old:
            msg = f"{where}: field {change.field!r} is not {_short(change.old)} here"
            raise ConflictError(f"{msg}; the diff was made against another version of the review")
        edits.setdefault(i, {})[change.field] = _value(cls, change.field, change.new, where)
    for i, values in edits.items():  # all fields of an item at once: some depend on others
        key, item = items[i]
        try:
            items[i] = (key, attrs.evolve(item, **values))
        except ModelError as err:
            where = f"patch: {name} {_label(name, *key)}"
            raise FormatError(f"{where}: the changed item is not valid ({err})") from err
    for change in sorted((c for c in changes if c.op == "added"), key=lambda c: c.index or 0):
        where = f"patch: {name} {_label(name, change.key, change.occurrence)}"
        try:
            item = _CONVERTER.structure(change.new, cls)
        except (ValueError, TypeError, KeyError, AttributeError, BaseValidationError) as err:
            raise FormatError(f"{where}: the added item is not a {cls.__name__} ({err})") from err
        if _key(item) != change.key:
            raise FormatError(f"{where}: the added item's key is {list(_key(item))}")
        if change.index is None or change.index > len(items):
            msg = f"{where}: cannot add at position {change.index} of {len(items)}"
            raise ConflictError(f"{msg}; the diff was made against another version of the review")
        items.insert(change.index, ((change.key, change.occurrence), item))
    for change in (c for c in changes if c.op == "reordered"):
        items = _reorder(items, change, review)
    return tuple(item for _, item in items)


def _reorder(items: list[tuple[Key, Any]], change: Change, review: Review) -> list[tuple[Key, Any]]:
    by_key = dict(items)
    try:
        order = [(tuple(k[:-1]), int(k[-1])) for k in change.new]
    except (TypeError, ValueError, IndexError) as err:
        raise FormatError(f"patch: {change.collection}: a bad new order ({err})") from err
    if sorted(order) != sorted(by_key) or len(order) != len(items):
        msg = f"patch: review {review.id!r}: {change.collection} are not the items of the order"
        raise ConflictError(f"{msg}; the diff was made against another version of the review")
    return [(key, by_key[key]) for key in order]


def patch(review: Review, changes: Diff | Iterable[Change] | list[dict[str, Any]]) -> Review:
    """The review with ``changes`` applied: ``patch(a, diff(a, b)) == b``.

    Args:
        review: the version the diff was made from.
        changes: a :class:`Diff`, its changes, or its JSON form (a list of objects).

    Raises:
        ConflictError: the diff does not fit this review (an item it changes or removes
            is missing, or a field does not hold the old value it expects).
        FormatError: a change cannot be applied as written (an unknown field, a value
            the field cannot hold).
    """
    if isinstance(changes, list):
        changes = Diff.from_json(changes)
    items = list(changes)
    by_collection: dict[str, list[Change]] = {}
    fields: dict[str, Any] = {}
    for change in items:
        if not isinstance(change, Change):
            raise FormatError(f"patch: expected Change records, got {type(change).__name__}")
        if change.collection != "review":
            by_collection.setdefault(change.collection, []).append(change)
            continue
        if change.op != "changed" or change.field not in _REVIEW_FIELDS:
            raise FormatError(f"patch: the review has no field {change.field!r} to change")
        if _json(Review, change.field, getattr(review, change.field)) != change.old:
            msg = f"patch: review {review.id!r}: {change.field!r} is not {_short(change.old)}"
            raise ConflictError(f"{msg}; the diff was made against another version of the review")
        fields[change.field] = _value(
            Review, change.field, change.new, f"patch: review {change.field}"
        )
    for name, collection_changes in by_collection.items():
        fields[name] = _apply(review, name, collection_changes)
    try:
        return attrs.evolve(review, **fields)
    except ModelError as err:
        raise FormatError(f"patch: the patched review is not valid ({err})") from err
