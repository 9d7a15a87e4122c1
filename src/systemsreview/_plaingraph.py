"""Plain attribute values for graph files: what ``to_networkx(review, plain=True)`` writes.

Theory of operation: GraphML, GEXF, GML and node-link JSON hold strings, numbers and
booleans, and each refuses or mangles something else (enums, ``Period`` objects, ``None``,
lists, characters XML cannot carry). A plain graph therefore holds only:

* on each node: ``kind`` (the entity kind's value) and the entity's fields, other than its
  id (the node's key): text as strings, enums as their values, dates as ``YYYY-MM-DD``
  strings, a period as two such strings ``<field>_start`` and ``<field>_end``, board
  questions (and the questions a response answers) as a JSON array in a string; an open
  date (an action's) is left out; a source's own ``kind`` is ``source_kind``. A link end
  the review lacks (SR102) is a node with no attributes.
* on each edge: keyed by the link kind's value, ``kind`` (the same value, since GEXF readers
  may rename keys), ``note`` and ``position``, and ``locator`` and ``quote`` when set; a
  link repeated with the same ends and kind (SR105) adds ``repeats``, a JSON array of
  ``[position, note, extensions, locator, quote]`` (the last three may be missing).
* on the graph: ``review``, the review's own fields (id, title, kind, scope, milestones,
  reviewers, ...) as one JSON object in a string, and ``name``, the same string, because
  GEXF keeps no graph attribute but the graph's name.

Text goes through :func:`encode_text`: as it is, unless it holds a character one of the
formats cannot keep (control characters other than tab and newline, carriage returns,
Unicode non-characters), is ``[]`` (which networkx's GML reader turns into an empty list)
or starts with ``json:``; then it is ``json:`` and the text as a
JSON string literal (ASCII only). JSON strings written here are ASCII only, so they pass
through every format untouched.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, get_origin

import attrs
import cattrs
from cattrs.preconf.json import make_converter

from systemsreview.errors import ModelError
from systemsreview.model import (
    ENTITY_CLASSES,
    Entity,
    EntityKind,
    Extensions,
    Link,
    LinkKind,
    Period,
    Review,
)

__all__ = [
    "decode_edge",
    "decode_node",
    "decode_review_fields",
    "decode_text",
    "edge_attributes",
    "encode_text",
    "is_plain",
    "node_attributes",
    "repeat_attributes",
    "review_attributes",
]

_MARK = "json:"
# Characters at least one format loses: XML 1.0 refuses C0 controls (but tab and newline)
# and U+FFFE/U+FFFF; XML turns a carriage return into a newline; GML readers decode
# character references with html.unescape, which drops or remaps C1 controls, DEL and the
# Unicode non-characters.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ud800-\udfff"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
_CONVERTER = make_converter()
_CONVERTER.register_unstructure_hook(Extensions, lambda value: value.to_json())
_CONVERTER.register_structure_hook(Extensions, lambda value, _: Extensions(value))
for _cls in ENTITY_CLASSES.values():
    attrs.resolve_types(_cls)  # field types as classes, not strings
_REVIEW_FIELDS = tuple(
    f
    for f in attrs.fields(attrs.resolve_types(Review))
    if f.name != "links" and f.name not in {k.plural for k in EntityKind}
)


def encode_text(text: str) -> str:
    r"""Text as every graph format keeps it (see the module's notes).

    >>> encode_text("Concerns were shared"), encode_text("bell\x07")
    ('Concerns were shared', 'json:"bell\\u0007"')
    """
    if text.startswith(_MARK) or text == "[]" or _UNSAFE.search(text):
        return _MARK + json.dumps(text)
    return text


def decode_text(value: object, where: str) -> str:
    """The text :func:`encode_text` encoded (a plain string passes through)."""
    if not isinstance(value, str):
        msg = f"{where}: got {value!r}; expected a string"
        raise ModelError(msg)
    if not value.startswith(_MARK):
        return value
    try:
        text = json.loads(value[len(_MARK) :])
    except ValueError:
        text = None
    if not isinstance(text, str):
        msg = f"{where}: {value!r} starts with {_MARK!r} but is not followed by a JSON string"
        raise ModelError(msg)
    return text


def _plain(value: object) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return encode_text(value)
    return value


def _name(cls: type[Entity], field: str) -> str:
    """A field's attribute name: a source's own ``kind`` becomes ``source_kind``."""
    return f"{cls.entity_kind.value}_kind" if field == "kind" else field


def node_attributes(entity: Entity) -> dict[str, Any]:
    """The plain attributes of an entity's node: ``kind`` and every field but ``id``."""
    data: dict[str, Any] = {"kind": entity.entity_kind.value}
    for field in attrs.fields(type(entity)):
        if field.name == "id":
            continue
        value = getattr(entity, field.name)
        if isinstance(value, Extensions):
            if value:  # JSON text, which every format keeps; absent when there is none
                data[field.name] = encode_text(value.text)
        elif isinstance(value, Period):
            data[f"{field.name}_start"] = value.start.isoformat()
            data[f"{field.name}_end"] = value.end.isoformat()
        elif isinstance(value, tuple):
            data[field.name] = json.dumps(list(value))
        elif value is None:  # an open date of an action: absent, which reads back as None
            continue
        else:
            data[_name(type(entity), field.name)] = _plain(value)
    return data


def edge_attributes(link: Link, position: int) -> dict[str, Any]:
    """The plain attributes of a link's edge (``extensions`` as JSON text, when any)."""
    data = {"kind": link.kind.value, "note": encode_text(link.note), "position": position}
    for name in ("locator", "quote"):
        if getattr(link, name):
            data[name] = encode_text(getattr(link, name))
    if link.extensions:
        data["extensions"] = encode_text(link.extensions.text)
    return data


def repeat_attributes(link: Link, position: int) -> list[Any]:
    """A repeated link, as one item of its edge's ``repeats`` (the provenance when set)."""
    repeat = [position, link.note, encode_text(link.extensions.text) or None]
    if link.locator or link.quote:
        repeat += [link.locator, link.quote]
    return repeat


def _extensions(value: object, where: str) -> Extensions:
    """Extension data from its JSON text (``None`` or ``""``: none)."""
    if value is None or value == "":
        return Extensions()
    if not isinstance(value, str):
        msg = f"{where}: got {value!r}; expected extension data as JSON text"
        raise ModelError(msg)
    try:
        return Extensions.from_text(decode_text(value, where))
    except ModelError as error:
        raise ModelError(f"{where}: {error}") from error


def review_attributes(review: Review) -> dict[str, str]:
    """The plain graph attributes: the review's own fields as one JSON string, twice."""
    fields = {f.name: _CONVERTER.unstructure(getattr(review, f.name)) for f in _REVIEW_FIELDS}
    text = json.dumps(fields)
    return {"review": text, "name": text}


def is_plain(graph_data: Mapping[str, Any]) -> bool:
    """Whether graph attributes are those of a plain graph (not a rich one)."""
    return "id" not in graph_data and isinstance(
        graph_data.get("review", graph_data.get("name")), str
    )


def decode_review_fields(graph_data: Mapping[str, Any]) -> dict[str, Any]:
    """The review's own fields from a plain graph's ``review`` (or ``name``) attribute."""
    text = graph_data.get("review", graph_data.get("name"))
    try:
        document = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        document = None
    if not isinstance(document, dict):
        msg = (
            "graph attribute 'review': expected the review's fields as a JSON object in a "
            "string, as to_networkx(review, plain=True) writes it"
        )
        raise ModelError(msg)
    unknown = sorted(set(document) - {f.name for f in _REVIEW_FIELDS})
    if unknown:
        msg = f"graph attribute 'review': unknown field(s) {', '.join(map(repr, unknown))}"
        raise ModelError(msg)
    try:
        return {
            f.name: _CONVERTER.structure(document[f.name], f.type)  # type: ignore[arg-type]
            for f in _REVIEW_FIELDS
            if f.name in document
        }
    except (cattrs.BaseValidationError, ValueError, TypeError) as error:
        msg = f"graph attribute 'review': {error}; the review's fields do not fit the model"
        raise ModelError(msg) from error


def _integer(value: object, where: str) -> int:
    if isinstance(value, bool):
        value = None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    msg = f"{where}: got {value!r}; expected a whole number"
    raise ModelError(msg)


_BOOLEANS = {"true": True, "false": False, "1": True, "0": False}


def _boolean(value: object, where: str) -> bool:
    """A boolean as graph readers give it back: a bool, 0 or 1 (GML), or its text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        return _BOOLEANS[value.strip().lower()]
    msg = f"{where}: got {value!r}; expected true or false"
    raise ModelError(msg)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if value == []:  # networkx's GML reader reads the string "[]" as an empty list
        return ()
    try:
        items = json.loads(decode_text(value, where))
    except ValueError:
        items = None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        msg = f"{where}: got {value!r}; expected a JSON array of strings"
        raise ModelError(msg)
    return tuple(items)


def decode_node(node: str, data: Mapping[str, Any]) -> Entity | None:
    """The entity a plain node holds (``None`` for a dangling link end)."""
    kind_value = data.get("kind")
    if kind_value is None or kind_value == "":
        return None
    try:
        cls = ENTITY_CLASSES[EntityKind(kind_value)]
    except (ValueError, TypeError):
        msg = f"graph node {node!r}: kind {kind_value!r} is not one of {', '.join(EntityKind)}"
        raise ModelError(msg) from None
    values: dict[str, Any] = {"id": node}
    for field in attrs.fields(cls):
        where = f"graph node {node!r}, attribute {field.name!r}"
        if field.name == "id":
            continue
        if field.type is Period:
            start, end = data.get(f"{field.name}_start"), data.get(f"{field.name}_end")
            if start is not None and end is not None:
                values[field.name] = _checked(node, functools.partial(Period, start, end))
        elif field.name == "extensions":
            values[field.name] = _extensions(data.get(field.name), where)
        elif _name(cls, field.name) in data:
            raw = data[_name(cls, field.name)]
            if get_origin(field.type) is tuple:
                values[field.name] = _strings(raw, where)
            elif field.type is bool or field.type == "bool":
                values[field.name] = _boolean(raw, where)
            else:
                values[field.name] = decode_text(raw, where)
    try:
        entity: Entity = _checked(node, lambda: cls(**values))
    except TypeError as error:  # a required field missing
        msg = f"graph node {node!r}: {error}; a plain {kind_value} node needs every field"
        raise ModelError(msg) from error
    return entity


def _checked(node: str, build: Callable[[], Any]) -> Any:
    """``build()``, with the node named in a :class:`ModelError` it raises."""
    try:
        return build()
    except ModelError as error:
        msg = f"graph node {node!r}: {error}"
        raise ModelError(msg) from error


def decode_edge(
    source: str, target: str, key: object, data: Mapping[str, Any], order: int
) -> Iterable[tuple[float, int, Link]]:
    """The links a plain edge holds, each with its position and the edge's order."""
    where = f"graph edge {source!r} -> {target!r}"
    kind = data.get("kind", key)
    try:
        link_kind = LinkKind(kind)
    except ValueError:
        msg = f"{where}: kind {kind!r} is not one of {', '.join(LinkKind)}"
        raise ModelError(msg) from None
    note = decode_text(data.get("note", ""), f"{where}, attribute 'note'")
    locator = decode_text(data.get("locator", ""), f"{where}, attribute 'locator'")
    quote = decode_text(data.get("quote", ""), f"{where}, attribute 'quote'")
    position = data.get("position")
    first = float("inf") if position is None else _integer(position, f"{where}, 'position'")
    extensions = _extensions(data.get("extensions"), f"{where}, attribute 'extensions'")
    yield (
        first,
        order,
        Link(
            source,
            target,
            link_kind,
            note=note,
            locator=locator,
            quote=quote,
            extensions=extensions,
        ),
    )
    if "repeats" in data:
        repeats = json.loads(decode_text(data["repeats"], f"{where}, attribute 'repeats'"))
        for repeat_position, repeat_note, *more in repeats:
            more_extensions = _extensions(more[0] if more else None, f"{where}, 'repeats'")
            provenance = [*more[1:3], "", ""][:2]
            link = Link(
                source,
                target,
                link_kind,
                note=repeat_note,
                locator=provenance[0],
                quote=provenance[1],
                extensions=more_extensions,
            )
            yield repeat_position, order, link
