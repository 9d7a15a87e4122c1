"""The JSON Schema (draft 2020-12) of the review format, generated from the attrs classes.

Nothing here restates the model: the generator walks ``attrs.fields`` from
:class:`~systemsreview.model.Review` down, maps each field's type (strings, booleans, dates,
optional values, tuples, enums, nested classes) to its schema, reads "must not be blank"
off the field's validator and each field's description off the model's table of
descriptions. Enums become ``"enum"`` lists of their values under ``$defs``; factor
categories are enumerated per level from the registered taxonomies (taxonomies are data),
with an ``if``/``then`` per level. Dates are strict ``YYYY-MM-DD`` calendar dates through a
``pattern`` (leap years included), so a validator without a ``format_checker`` checks them
too. The one check of the model the schema cannot express (a period's end on or after its
start compares two values) is listed in the schema's top-level description.

The shipped ``review.schema.json`` is the output for the built-in taxonomies; a test keeps
the two equal. Regenerate the file after a model change with::

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

from systemsreview.model import (
    ACCIMAP,
    CHARACTERISTICS,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    PROCESSES,
    SUB_PATTERNS,
    Action,
    ContributoryFactor,
    DatePrecision,
    Event,
    Extensions,
    Finding,
    Level,
    Pattern,
    Period,
    Perspective,
    RelatedReview,
    Review,
    Taxonomy,
    characteristics,
    processes,
    taxonomies,
)
from systemsreview.model import _checks as checks
from systemsreview.model._case import DATE_PATTERN, NAME_PATTERN, FamilyMember, Subject
from systemsreview.model._descriptions import describe
from systemsreview.model._extensions import MAX_DEPTH, NAMESPACE

__all__ = ["BUILT_IN_TAXONOMIES", "FORMAT_VERSION", "UNEXPRESSED_CHECKS", "json_schema"]

#: The version of the JSON format this library writes; it reads this one and older ones.
FORMAT_VERSION = 5

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID = f"https://systemsreview.readthedocs.io/schema/review-{FORMAT_VERSION}.json"
_NOT_BLANK = {"type": "string", "minLength": 1, "pattern": "\\S"}
#: The taxonomies the shipped ``review.schema.json`` enumerates.
BUILT_IN_TAXONOMIES: tuple[Taxonomy, ...] = (LEARNING_TOGETHER, LONDON_PROTOCOL, ACCIMAP)

#: Checks of the loader the schema cannot express, listed in its description.
UNEXPRESSED_CHECKS: tuple[str, ...] = (
    "a period (scope, episode period) must not end before it starts (an end given to the "
    "month or the year ends on the last day it stands for)",
    "an action's due and completed days must not come before the day it was agreed",
    "an episode's perspectives must name each agency at most once",
)
# (A subject's or family member's id that looks like a name or holds a date is refused by
# both: the schema says it with ``not`` and the patterns the model itself matches with.)

# A calendar date YYYY-MM-DD, years 0001 to 9999, February 29 in leap years only.
_YEAR = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)"
    "|(?:0[13578]|1[02])-31)"
)
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DATE_PATTERN = f"^(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
_DATE = {"type": "string", "format": "date", "pattern": _DATE_PATTERN}
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


def _finding_patterns(properties: dict[str, Any], definition: dict[str, Any]) -> None:
    """A finding's other patterns and sub-patterns: what the field types alone do not say.

    Each once; the other patterns exclude the primary one (``anyOf``, one branch per
    primary pattern), and every sub-pattern's parent pattern is the primary one or among the
    others (``allOf``, per pattern: no sub-pattern of it, or it is one of the finding's).
    Written without ``if``/``then``, which schema-driven generators find far harder.
    """
    for name in ("other_patterns", "sub_patterns"):
        properties[name]["uniqueItems"] = True
    properties["sub_patterns"]["items"] = {"type": "string", "enum": list(SUB_PATTERNS)}
    values = [p.value for p in Pattern]
    definition["anyOf"] = [
        {
            "properties": {
                "pattern": {"const": p},
                "other_patterns": {"items": {"enum": [q for q in values if q != p]}},
            }
        }
        for p in values
    ]
    definition["allOf"] = [
        {
            "anyOf": [
                {"properties": {"sub_patterns": {"items": {"not": {"enum": subs}}}}},
                {"properties": {"pattern": {"const": p.value}}},
                {
                    "properties": {"other_patterns": {"contains": {"const": p.value}}},
                    "required": ["other_patterns"],
                },
            ]
        }
        for p in Pattern
        if (subs := [s.id for s in SUB_PATTERNS.values() if s.pattern is p])
    ]


def _codes_by_level(chosen: tuple[Taxonomy, ...]) -> dict[Level, list[str]]:
    """Every code of the taxonomies, per the level it sits at (the first taxonomy wins)."""
    seen: dict[str, Level] = {}
    for taxonomy in chosen:
        for code in taxonomy.values():
            seen.setdefault(code.code, code.level)
    return {level: sorted(c for c, lv in seen.items() if lv is level) for level in Level}


#: The dates of each class given with a precision: the date field, then its precision's.
_DATED: dict[type, tuple[tuple[str, str], ...]] = {
    Event: (("when", "when_precision"),),
    Period: (("start", "start_precision"), ("end", "end_precision")),
}
#: A coarse date is the first day it stands for.
_FIRST_DAY = {
    DatePrecision.MONTH: "^[0-9]{4}-[0-9]{2}-01$",
    DatePrecision.YEAR: "^[0-9]{4}-01-01$",
}


def _coarse_dates(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    """``if``/``then`` per date and coarse precision: the date is the first day it stands for."""
    return [
        {
            "if": {"properties": {precision: {"const": level.value}}, "required": [precision]},
            "then": {"properties": {day: {"pattern": pattern}}},
        }
        for day, precision in pairs
        for level, pattern in _FIRST_DAY.items()
    ]


class _Generator:
    """Collects the ``$defs`` while walking the classes."""

    def __init__(
        self,
        chosen: tuple[Taxonomy, ...],
        case_codes: tuple[str, ...],
        process_codes: tuple[str, ...],
    ) -> None:
        self.defs: dict[str, Any] = {}
        self.codes = _codes_by_level(chosen)
        self.case_codes = case_codes
        self.process_codes = process_codes

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
        definition: dict[str, Any] = {
            "description": _summary(cls),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
        if cls is RelatedReview:  # the other review named by its id, its title or both
            definition["anyOf"] = [
                {"required": [name], "properties": {name: {"minLength": 1}}}
                for name in ("review_id", "title")
            ]
        if cls is Action:  # a completed day belongs to a done action only
            definition["if"] = {"properties": {"status": {"const": "done"}}, "required": ["status"]}
            definition["else"] = {"properties": {"completed": {"type": "null"}}}
        if cls in _DATED:
            definition["allOf"] = _coarse_dates(_DATED[cls])
        if cls is Perspective:  # a view is written unless the status says it is missing
            definition["if"] = {
                "properties": {"status": {"enum": ["unknown", "not_recorded"]}},
                "required": ["status"],
            }
            definition["else"] = {"properties": {"view": _NOT_BLANK}, "required": ["view"]}
        if cls is Finding:
            _finding_patterns(properties, definition)
        if cls is ContributoryFactor:
            every = sorted(code for codes in self.codes.values() for code in codes)
            properties["category"] = {
                "description": properties["category"]["description"],
                "type": "string",
                "enum": every,
            }
            definition["allOf"] = [
                {
                    "if": {"properties": {"level": {"const": level.value}}},
                    "then": {"properties": {"category": {"enum": codes}}},
                }
                for level, codes in self.codes.items()
            ]
        return definition

    def fields(self, cls: type) -> tuple[dict[str, Any], list[str]]:
        attrs.resolve_types(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        for field in attrs.fields(cls):
            not_blank = field.validator in (checks.non_empty, checks.optional_non_empty)
            properties[field.name] = {
                "description": describe(cls.__name__, field.name),
                **self.of_type(field.type, not_blank=not_blank),
            }
            if field.default is attrs.NOTHING:
                required.append(field.name)
        self.refine(cls, properties)
        return properties, required

    def refine(self, cls: type, properties: dict[str, Any]) -> None:
        """What the field types alone do not say: registered codes, anonymous ids."""
        if "characteristics" in properties:  # registered codes, each at most once
            properties["characteristics"] = {
                "description": properties["characteristics"]["description"],
                "type": "array",
                "items": {"type": "string", "enum": list(self.case_codes)},
                "uniqueItems": True,
            }
        if cls is Review:  # one or more methods, each once; terms of reference not blank
            properties["methods"].update(minItems=1, uniqueItems=True)
            properties["terms_of_reference"]["items"] = dict(_NOT_BLANK)
        if cls is RelatedReview:  # an id, a title or both; neither blank
            for name in ("review_id", "title"):
                properties[name]["pattern"] = "^(?![\\s\\S])|\\S"  # empty, or not blank
        if cls is Event:  # a registered statutory process, or none
            properties["process"] = {
                "description": properties["process"]["description"],
                "anyOf": [{"type": "string", "enum": list(self.process_codes)}, {"type": "null"}],
            }
        if cls in (Subject, FamilyMember):  # nothing that identifies a person
            properties["id"] = {
                "description": properties["id"]["description"],
                **_NOT_BLANK,
                "not": {"anyOf": [{"pattern": NAME_PATTERN}, {"pattern": DATE_PATTERN}]},
            }

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
def _generate(
    chosen: tuple[Taxonomy, ...], case_codes: tuple[str, ...], process_codes: tuple[str, ...]
) -> str:
    generator = _Generator(chosen, case_codes, process_codes)
    properties, required = generator.fields(Review)
    names = ", ".join(t.name for t in chosen)
    schema = {
        "$schema": _DIALECT,
        "$id": _ID,
        "title": "systemsreview review",
        "description": (
            "One systems-approach case review: its own fields, its entities and the typed "
            "links between them (systemsreview JSON format version "
            f"{FORMAT_VERSION}; factor categories from the taxonomies {names}). A document "
            "this schema accepts is one systemsreview.io.json loads, except for these "
            f"checks, which JSON Schema cannot express: {'; '.join(UNEXPRESSED_CHECKS)}. "
            "Facts spanning the review, such as links to existing ids, are integrity rules "
            "checked by systemsreview.rules.check, not by loading or by this schema."
        ),
        "type": "object",
        "properties": {
            "format_version": {
                "description": "The version of the JSON format the document is written in.",
                "const": FORMAT_VERSION,
            },
            **properties,
        },
        "required": ["format_version", *required],
        "additionalProperties": False,
        "$defs": dict(sorted(generator.defs.items())),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def json_schema(
    taxonomies_: tuple[Taxonomy, ...] | None = None, *, built_in: bool = False
) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a review document, generated from the classes.

    A fresh dict on every call, so callers may change it freely.

    Args:
        taxonomies_: the taxonomies whose codes are factor categories; by default those
            registered now (:func:`~systemsreview.model.taxonomies`), as the loader
            accepts them. The shipped file uses :data:`BUILT_IN_TAXONOMIES`.
        built_in: enumerate the case characteristics and statutory processes that ship
            (:data:`~systemsreview.model.CHARACTERISTICS`,
            :data:`~systemsreview.model.PROCESSES`) rather than those registered now.

    >>> schema = json_schema()
    >>> schema["$defs"]["Pattern"]["enum"][:2]
    ['incidents_and_crises', 'longer_term_work']
    >>> schema["$defs"]["Period"]["required"]
    ['start', 'end']
    """
    chosen = taxonomies() if taxonomies_ is None else tuple(taxonomies_)
    case = CHARACTERISTICS if built_in else characteristics()
    steps = PROCESSES if built_in else processes()
    result: dict[str, Any] = json.loads(
        _generate(chosen, tuple(c.code for c in case), tuple(p.code for p in steps))
    )
    return result


if __name__ == "__main__":  # pragma: no cover - the regeneration command of the docstring
    built_in = (tuple(c.code for c in CHARACTERISTICS), tuple(p.code for p in PROCESSES))
    print(_generate(BUILT_IN_TAXONOMIES, *built_in), end="")
