"""What diff and patch share: collections, keys, field types and JSON values."""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterable
from typing import Any, Literal

import attrs
from cattrs.errors import BaseValidationError

from systemsreview.errors import FormatError
from systemsreview.io._jsonconv import make_converter
from systemsreview.model import EntityKind, Link, Review

__all__ = ["Key", "Op"]

#: What happened to a field, an entity or a link.
Op = Literal["changed", "removed", "added", "reordered"]
_OPS = ("changed", "removed", "added", "reordered")

_CONVERTER = make_converter()
_COLLECTIONS: tuple[str, ...] = (*(kind.plural for kind in EntityKind), "links")
_REVIEW_FIELDS: tuple[str, ...] = tuple(
    f.name for f in attrs.fields(Review) if f.name not in _COLLECTIONS
)
_LINK_KEY = ("source", "target", "kind")

Key = tuple[tuple[str, ...], int]


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
