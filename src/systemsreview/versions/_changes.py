"""The records of a diff: :class:`Change` and :class:`Diff`, and their JSON form."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from systemsreview.errors import FormatError
from systemsreview.versions._common import (
    _COLLECTIONS,
    _OPS,
    Op,
)

__all__ = ["Change", "Diff"]


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
