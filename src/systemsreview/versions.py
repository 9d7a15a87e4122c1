"""Versions of a review: what changed between two drafts, and applying that change.

:func:`diff` compares two versions of a review field by field and returns a :class:`Diff`,
a tuple of :class:`Change` records in a stable order: the review's own fields first, then
each collection in review order (agencies ... sources, links), and within a collection the
removals in the old order, the changed fields and the additions in the new order, and a
reordering last. Values are JSON values, as in :mod:`systemsreview.io.json`, so a diff is
itself a JSON document (:meth:`Diff.to_json`, :meth:`Diff.from_json`), and :func:`patch`
applies it: ``patch(a, diff(a, b)) == b`` for any two reviews.

Entities are matched by id, links by ``(source, target, kind)``; a key that a collection
repeats (a duplicate id, SR101, or a repeated link, SR105) is matched by occurrence, the
first with the first. A changed id is a removal and an addition.

>>> import attrs
>>> from systemsreview.examples import domestic_abuse_review
>>> a = domestic_abuse_review()
>>> b = attrs.evolve(a, title="Revised draft", episodes=a.episodes[1:])
>>> changes = diff(a, b)
>>> print(changes.render())
~ review title: 'Serious case review: children living with domestic abuse' -> 'Revised draft'
- episodes kpe-police-callouts
>>> patch(a, changes) == b
True
>>> changes.to_json()[1]
{'op': 'removed', 'collection': 'episodes', 'key': ['kpe-police-callouts'], 'occurrence': 0}
"""

from __future__ import annotations

import enum
import json
import typing
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import attrs
from cattrs.errors import BaseValidationError

from systemsreview.errors import ConflictError, FormatError, ModelError
from systemsreview.io._jsonconv import make_converter
from systemsreview.model import Link, Review

__all__ = ["Change", "Diff", "Op", "diff", "patch"]

#: What happened to a field, an entity or a link.
Op = Literal["changed", "removed", "added", "reordered"]
_OPS = ("changed", "removed", "added", "reordered")

_CONVERTER = make_converter()
_COLLECTIONS: tuple[str, ...] = (
    "agencies",
    "practitioners",
    "events",
    "episodes",
    "factors",
    "findings",
    "sources",
    "links",
)
_REVIEW_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(Review) if f.name not in _COLLECTIONS
)
_LINK_KEY = ("source", "target", "kind")

Key = tuple[tuple[str, ...], int]


@attrs.frozen(kw_only=True)
class Change:
    """One difference between two versions of a review.

    Attributes:
        op: ``"changed"`` (one field), ``"removed"``, ``"added"`` or ``"reordered"``.
        collection: ``"review"`` for the review's own fields, else the collection
            (``"episodes"``, ``"links"``, ...).
        key: what changed: ``()`` for the review, ``(id,)`` for an entity,
            ``(source, target, kind)`` for a link.
        occurrence: which of several items with the same key (0 for the first).
        field: the field, for ``"changed"``.
        old: the old JSON value, for ``"changed"``.
        new: the new JSON value for ``"changed"``; the whole item for ``"added"``; the
            new order of keys, as ``[*key, occurrence]`` lists, for ``"reordered"``.
        index: the position of an added item in the new version.
    """

    op: Op
    collection: str
    key: tuple[str, ...] = ()
    occurrence: int = 0
    field: str = ""
    old: Any = None
    new: Any = None
    index: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON object (only the members its ``op`` uses)."""
        doc: dict[str, Any] = {"op": self.op, "collection": self.collection}
        if self.op != "reordered":
            doc["key"] = list(self.key)
            doc["occurrence"] = self.occurrence
        if self.op == "changed":
            doc.update(field=self.field, old=self.old, new=self.new)
        elif self.op == "added":
            doc.update(index=self.index, new=self.new)
        elif self.op == "reordered":
            doc["new"] = self.new
        return doc

    def render(self) -> str:
        """The change as one line of text."""
        where = self.collection
        if self.collection != "review" and self.op != "reordered":
            where += " " + _label(self.collection, self.key, self.occurrence)
        if self.op == "changed":
            return f"~ {where} {self.field}: {_short(self.old)} -> {_short(self.new)}"
        if self.op == "removed":
            return f"- {where}"
        if self.op == "added":
            return f"+ {where} (at {self.index})"
        return f"^ {where}: new order " + ", ".join(
            _label(where, tuple(k[:-1]), k[-1]) for k in self.new
        )


def _label(collection: str, key: Sequence[str], occurrence: int) -> str:
    text = f"{key[0]} -{key[2]}-> {key[1]}" if collection == "links" else str(key[0])
    return f"{text} #{occurrence + 1}" if occurrence else text


def _short(value: object, limit: int = 80) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@attrs.frozen
class Diff:
    """The changes turning one version of a review into another, in a stable order.

    Iterate over it for the :class:`Change` records; ``bool(d)`` is whether anything
    changed.
    """

    changes: tuple[Change, ...] = ()

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def to_json(self) -> list[dict[str, Any]]:
        """The diff as a JSON array (``json.dumps`` takes it as it is)."""
        return [c.to_json() for c in self.changes]

    @classmethod
    def from_json(cls, doc: object) -> Diff:
        """The diff a JSON array of changes (from :meth:`to_json`) describes.

        Raises:
            FormatError: ``doc`` is not such an array; the message names the change.
        """
        if not isinstance(doc, list):
            raise FormatError(f"a diff is a JSON array of changes, got {type(doc).__name__}")
        return cls(tuple(_change(item, i) for i, item in enumerate(doc)))

    def render(self) -> str:
        """The diff as text, one change a line (empty when nothing changed)."""
        return "\n".join(c.render() for c in self.changes)


def _change(doc: object, i: int) -> Change:
    where = f"change [{i}]"
    if not isinstance(doc, dict):
        raise FormatError(f"{where}: expected a JSON object, got {type(doc).__name__}")
    op, collection = doc.get("op"), doc.get("collection")
    if op not in _OPS:
        raise FormatError(f"{where}: 'op' must be one of {', '.join(_OPS)}, got {op!r}")
    if collection != "review" and collection not in _COLLECTIONS:
        known = ", ".join(("review", *_COLLECTIONS))
        raise FormatError(f"{where}: 'collection' must be one of {known}, got {collection!r}")
    key, occurrence = doc.get("key", []), doc.get("occurrence", 0)
    if not isinstance(key, list) or not all(isinstance(k, str) for k in key):
        raise FormatError(f"{where}: 'key' must be an array of strings, got {key!r}")
    if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 0:
        raise FormatError(f"{where}: 'occurrence' must be a whole number >= 0")
    index = doc.get("index")
    if op == "added" and (not isinstance(index, int) or isinstance(index, bool) or index < 0):
        raise FormatError(f"{where}: an added item needs an 'index' >= 0, got {index!r}")
    if op == "changed" and not isinstance(doc.get("field"), str):
        raise FormatError(f"{where}: a changed item needs the 'field' that changed")
    return Change(
        op=op,
        collection=collection,
        key=tuple(key),
        occurrence=occurrence,
        field=doc.get("field", ""),
        old=doc.get("old"),
        new=doc.get("new"),
        index=index,
    )


def _item_type(collection: str) -> type[Any]:
    hint = typing.get_type_hints(Review)[collection]
    return typing.get_args(hint)[0]  # type: ignore[no-any-return]  # tuple[X, ...]


_ITEM_TYPES = {name: _item_type(name) for name in _COLLECTIONS}
_FIELD_TYPES = {cls: typing.get_type_hints(cls) for cls in (Review, *_ITEM_TYPES.values())}


def _key(item: Any) -> tuple[str, ...]:
    if isinstance(item, Link):
        return (item.source, item.target, item.kind.value)
    return (item.id,)


def _keyed(items: Iterable[Any]) -> list[tuple[Key, Any]]:
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for item in items:
        key = _key(item)
        n = seen.get(key, 0)
        seen[key] = n + 1
        out.append(((key, n), item))
    return out


def _plain(value: Any) -> Any:
    """A JSON value with plain types only (enum members become their string values)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _json(cls: type, name: str, value: object) -> Any:
    return _plain(_CONVERTER.unstructure(value, unstructure_as=_FIELD_TYPES[cls][name]))


def _value(cls: type, name: str, doc: object, where: str) -> Any:
    try:
        return _CONVERTER.structure(doc, _FIELD_TYPES[cls][name])
    except (ValueError, TypeError, KeyError, AttributeError, BaseValidationError) as err:
        raise FormatError(f"{where}: {doc!r} is not a value of field {name!r} ({err})") from err


def _fields(cls: type) -> list[str]:
    key = set(_LINK_KEY) if cls is Link else {"id"}
    return [f.name for f in attrs.fields(cls) if f.name not in key]


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
