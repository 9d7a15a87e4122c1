"""The JSON Schema (draft 2020-12) of the review format, generated from the attrs classes.

Nothing here restates the model: the generator walks ``attrs.fields`` from
:class:`~systemsreview.model.Review` down, maps each field's type (strings, booleans, dates,
optional values, tuples, enums, nested classes) to its schema and reads "must not be blank"
off the field's validator. Enums become ``"enum"`` lists of their values under ``$defs``.
The shipped ``review.schema.json`` is this output; a test keeps the two equal. Regenerate
the file after a model change with::

    python -m systemsreview.io._jsonschema > src/systemsreview/io/review.schema.json
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import json
import types
from typing import Any, Union, get_args, get_origin

import attrs

from systemsreview.model import Extensions, Review
from systemsreview.model import _checks as checks
from systemsreview.model._extensions import MAX_DEPTH, NAMESPACE

__all__ = ["FORMAT_VERSION", "json_schema"]

#: The version of the JSON format this library writes; it reads this one and older ones.
FORMAT_VERSION = 2

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID = f"https://systemsreview.readthedocs.io/schema/review-{FORMAT_VERSION}.json"
_NOT_BLANK = {"type": "string", "minLength": 1, "pattern": "\\S"}
_DATE = {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_EXTENSIONS = {
    "description": (
        "Namespaced data of other tools (like STAC or FHIR extensions): an object whose "
        "names are lowercase dotted words (vendor.name, such as acme.case) and whose values "
        "are any JSON values (numbers finite), nested at most "
        f"{MAX_DEPTH} levels; omitted when empty. Unknown extensions are kept as they are."
    ),
    "type": "object",
    "propertyNames": {"pattern": NAMESPACE.pattern},
}
_SIMPLE: dict[Any, dict[str, Any]] = {
    Extensions: _EXTENSIONS,
    type(None): {"type": "null"},
    bool: {"type": "boolean"},
    dt.date: _DATE,
}


def _summary(cls: type) -> str:
    """The first paragraph of a class's docstring, on one line."""
    doc = inspect.getdoc(cls) or cls.__name__
    return " ".join(doc.split("\n\n", 1)[0].split())


class _Generator:
    """Collects the ``$defs`` while walking the classes."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # reserve the name first: a class may recur
            self.defs[cls.__name__] = self.definition(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def definition(self, cls: type) -> dict[str, Any]:
        if issubclass(cls, enum.StrEnum):
            return {
                "description": _summary(cls),
                "type": "string",
                "enum": [member.value for member in cls],
            }
        properties, required = self.fields(cls)
        return {
            "description": _summary(cls),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def fields(self, cls: type) -> tuple[dict[str, Any], list[str]]:
        attrs.resolve_types(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            not_blank = field.validator in (checks.non_empty, checks.optional_non_empty)
            properties[field.name] = self.of_type(field.type, not_blank=not_blank)
            if field.default is attrs.NOTHING:
                required.append(field.name)
        return properties, required

    def of_type(self, tp: Any, *, not_blank: bool = False) -> dict[str, Any]:
        origin, args = get_origin(tp), get_args(tp)
        if origin in (Union, types.UnionType):
            return {"anyOf": [self.of_type(arg, not_blank=not_blank) for arg in args]}
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of_type(args[0])}
        if tp is str:
            return dict(_NOT_BLANK) if not_blank else {"type": "string"}
        if tp in _SIMPLE:
            return dict(_SIMPLE[tp])
        if isinstance(tp, type) and (issubclass(tp, enum.StrEnum) or attrs.has(tp)):
            return self.ref(tp)
        msg = f"no JSON Schema for field type {tp!r}; teach systemsreview.io._jsonschema"
        raise TypeError(msg)


@functools.cache
def _generate() -> str:
    generator = _Generator()
    properties, required = generator.fields(Review)
    schema = {
        "$schema": _DIALECT,
        "$id": _ID,
        "title": "systemsreview review",
        "description": (
            "One systems-approach case review: its own fields, its entities and the typed "
            "links between them (systemsreview JSON format version "
            f"{FORMAT_VERSION}). Facts spanning the review, such as links to existing ids, "
            "are integrity rules checked by systemsreview.rules.check, not by this schema."
        ),
        "type": "object",
        "properties": {"format_version": {"const": FORMAT_VERSION}, **properties},
        "required": ["format_version", *required],
        "additionalProperties": False,
        "$defs": dict(sorted(generator.defs.items())),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a review document, generated from the classes.

    A fresh dict on every call, so callers may change it freely.

    >>> schema = json_schema()
    >>> schema["$defs"]["Pattern"]["enum"][:2]
    ['incidents_and_crises', 'longer_term_work']
    >>> schema["$defs"]["Period"]["required"]
    ['start', 'end']
    """
    result: dict[str, Any] = json.loads(_generate())
    return result


if __name__ == "__main__":  # pragma: no cover - the regeneration command of the docstring
    print(_generate(), end="")
