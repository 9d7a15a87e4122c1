"""Namespaced extension data: what tools built on systemsreview keep in a review.

Every entity, every :class:`~systemsreview.model.Link` and the
:class:`~systemsreview.model.Review` itself carry ``extensions``: a mapping from a namespace
(``vendor.name``, such as ``"acme.case"``) to JSON-compatible values, as STAC and FHIR
extensions do. The model checks only the shape (namespaced names, JSON values, bounded
depth); typed schemas and rules of registered extensions live in
:mod:`systemsreview.extensions`.

Theory of operation: :class:`Extensions` is an immutable, hashable mapping. On construction
the data is validated and frozen deeply (objects become read-only mappings with their keys
sorted, arrays become tuples) and a canonical JSON text is computed once; ``==`` and
``hash`` use that text, so frozen attrs classes holding extensions stay hashable and equal
after any round trip. :meth:`Extensions.to_json` gives plain dicts and lists back.

>>> ext = Extensions({"acme.case": {"number": "AC-1", "owners": ["csc"]}})
>>> ext["acme.case"]["owners"]
('csc',)
>>> ext == Extensions({"acme.case": {"owners": ["csc"], "number": "AC-1"}})
True
>>> ext.to_json()
{'acme.case': {'number': 'AC-1', 'owners': ['csc']}}
>>> Extensions({"case": 1})
Traceback (most recent call last):
...
systemsreview.errors.ModelError: $['case']: extension name 'case' is not namespaced; ...
"""

from __future__ import annotations

import json
import math
import re
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from systemsreview.errors import ModelError

__all__ = [
    "EMPTY",
    "MAX_DEPTH",
    "NAMESPACE",
    "Extensions",
    "freeze",
    "thaw",
]

#: What an extension name looks like: lowercase dotted words, at least two (``acme.case``).
#: It ends in ``(?![\s\S])`` rather than ``$``, which Python (and so ``jsonschema``) also
#: matches before a final newline; the lookahead means "end of text" in ECMA-262 and Python.
NAMESPACE = re.compile(r"^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+(?![\s\S])")

#: How deep extension values may nest (objects and arrays) below the extension name.
MAX_DEPTH = 16


def _path(path: str, key: object) -> str:
    return f"{path}[{key!r}]"


def freeze(value: object, path: str = "$", depth: int = 0) -> Any:
    """``value`` as an immutable JSON value, or :class:`ModelError` naming the bad path.

    Objects become read-only mappings (keys sorted), arrays tuples; strings, finite
    numbers, booleans and ``None`` stay as they are.
    """
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ModelError(f"{path}: got {value!r}; JSON numbers are finite")
        return value
    if depth >= MAX_DEPTH:
        msg = f"{path}: nested deeper than {MAX_DEPTH} levels; flatten the extension data"
        raise ModelError(msg)
    if isinstance(value, Mapping):
        items = {}
        for key in value:
            if not isinstance(key, str):
                msg = f"{_path(path, key)}: object keys must be strings, got {type(key).__name__}"
                raise ModelError(msg)
            items[key] = freeze(value[key], _path(path, key), depth + 1)
        return types.MappingProxyType(dict(sorted(items.items())))
    if isinstance(value, list | tuple):
        return tuple(freeze(item, _path(path, i), depth + 1) for i, item in enumerate(value))
    msg = (
        f"{path}: got {type(value).__name__} {value!r:.60}; expected a JSON value "
        "(str, int, finite float, bool, None, list, dict with str keys)"
    )
    raise ModelError(msg)


def thaw(value: Any) -> Any:
    """A frozen JSON value as plain dicts and lists (a fresh copy)."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return [thaw(item) for item in value]
    return value


class Extensions(Mapping[str, Any]):
    """Extension data by namespace: immutable, hashable, JSON values only.

    Args:
        data: a mapping from extension names (``vendor.name``) to JSON values, or ``None``.

    Raises:
        ModelError: for a name that is not namespaced or a value that is not JSON,
            naming the path of the bad value (``$['acme.case']['owners'][2]``).
    """

    __slots__ = ("_data", "_text")

    def __init__(self, data: Mapping[str, Any] | None = None) -> None:
        data = {} if data is None else data
        if not isinstance(data, Mapping):
            msg = f"$: got {type(data).__name__}; expected a mapping of extension names to values"
            raise ModelError(msg)
        for name in data:
            if not isinstance(name, str) or not NAMESPACE.fullmatch(name):
                msg = (
                    f"{_path('$', name)}: extension name {name!r} is not namespaced; use "
                    "lowercase dotted words such as 'acme.case' (vendor, then name)"
                )
                raise ModelError(msg)
        frozen = freeze(data)
        self._data: Mapping[str, Any] = frozen
        self._text = (
            json.dumps(thaw(frozen), ensure_ascii=False, separators=(",", ":")) if frozen else ""
        )

    @classmethod
    def from_text(cls, text: str) -> Extensions:
        """Extensions from their JSON text (as :attr:`text` writes it).

        Raises:
            ModelError: the text is not a JSON object of namespaced extensions.
        """
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ModelError(f"$: not JSON ({exc})") from None
        return cls(data)

    @property
    def text(self) -> str:
        """The canonical JSON text (keys sorted, compact), ``""`` when empty."""
        return self._text

    def to_json(self) -> dict[str, Any]:
        """Plain dicts and lists, ready for :func:`json.dumps`."""
        return thaw(self._data)  # type: ignore[no-any-return]

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Extensions):
            return self._text == other._text
        if isinstance(other, Mapping):
            try:
                return self._text == Extensions(other)._text
            except ModelError:
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._text)

    def __repr__(self) -> str:
        return f"Extensions({self.to_json()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Extensions, (self.to_json(),))


#: The empty extensions, every object's default.
EMPTY = Extensions()


def to_extensions(value: Any) -> Extensions:
    """Accept a mapping (or ``None``); anything not acceptable is left for the validator.

    Typed ``Any`` (not ``Mapping | None``) so that ``Review(**fields)`` calls with a dict of
    other fields' values still type-check; the validator refuses what is not a mapping.
    """
    if isinstance(value, Extensions):
        return value
    if value is None:
        return EMPTY
    try:
        return Extensions(value)
    except ModelError:
        return value  # type: ignore[no-any-return]  # the validator names the bad path


def _owner(instance: object) -> str:
    name = type(instance).__name__
    ident = getattr(instance, "id", None)
    if isinstance(ident, str):
        return f"{name}.extensions of {ident!r}"
    source, target = getattr(instance, "source", None), getattr(instance, "target", None)
    if isinstance(source, str) and isinstance(target, str):
        return f"{name}.extensions of {source!r} -> {target!r}"
    return f"{name}.extensions"


def valid_extensions(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Extensions):
        return
    try:
        Extensions(value)  # type: ignore[arg-type]  # raises, naming the path
    except ModelError as exc:
        raise ModelError(f"{_owner(instance)}: {exc}") from None
    raise ModelError(
        f"{_owner(instance)}: got {value!r:.60}; expected a mapping"
    )  # pragma: no cover


def _field_repr(field: attrs.Attribute[Any], value: object) -> str:
    """The field's own repr function (such as an enum field's ``Sector.POLICE``), or repr."""
    return field.repr(value) if callable(field.repr) else repr(value)


#: Field metadata marking a field shown by the repr only when it differs from its default
#: (fields added after the first format, so that older reprs read as they always did).
QUIET = {"systemsreview.quiet": True}


def _shown(field: attrs.Attribute[Any], value: object) -> bool:
    return not (field.metadata.get("systemsreview.quiet") and value == field.default)


def repr_with_extensions(self: Any) -> str:
    """``Class(field=value, ...)``, naming ``extensions`` only when there are some.

    Keeps the reprs of objects without extension data as they always were, and lets a
    repr with extension data be pasted back as code. Fields marked :data:`QUIET` are named
    only when they differ from their default.
    """
    parts = [
        f"{f.name}={_field_repr(f, getattr(self, f.name))}"
        for f in attrs.fields(type(self))
        if f.repr and f.name != "extensions" and _shown(f, getattr(self, f.name))
    ]
    if self.extensions:
        parts.append(f"extensions={self.extensions.to_json()!r}")
    return f"{type(self).__name__}({', '.join(parts)})"


def pretty_with_extensions(self: Any, printer: Any, cycle: bool) -> None:
    """The IPython pretty-printing protocol (Hypothesis follows it too): as the repr.

    Lists every field, as Hypothesis's printer does for attrs classes, but ``extensions``
    only when there are some, so a failing example pastes back as the constructor call a
    person would write.
    """
    name = type(self).__name__
    if cycle:
        printer.text(f"{name}(...)")
        return
    fields = [
        f
        for f in attrs.fields(type(self))
        if f.init
        and (bool(self.extensions) if f.name == "extensions" else f.repr is not False)
        and _shown(f, getattr(self, f.name))
    ]
    with printer.group(len(name) + 1, f"{name}(", ")"):
        for i, field in enumerate(fields):
            if i:
                printer.text(",")
                printer.breakable()
            printer.text(f"{field.name}=")
            value = getattr(self, field.name)
            printer.pretty(value.to_json() if field.name == "extensions" else value)
