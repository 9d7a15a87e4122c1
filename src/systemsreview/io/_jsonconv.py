"""The one cattrs converter of the JSON format, and how its errors become JSON paths.

Theory of operation: :func:`make_converter` starts from cattrs' preconfigured JSON converter
(dates as ISO strings, ``StrEnum`` members as their string values) and makes structuring
*strict*: cattrs would happily turn ``5`` into ``"5"``, ``"false"`` into ``True`` or a string
into a tuple of its characters, and JSON from another tool deserves better. Each strict hook
raises :class:`_BadValueError`, a ``ValueError`` carrying the sentence to show; detailed validation
gathers every problem of a document, and :func:`problems` turns cattrs' exception tree into
``(json_path, message)`` pairs with :func:`cattrs.transform_error`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Callable
from typing import Any, get_args, get_origin

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_unstructure_fn, override
from cattrs.preconf.json import JsonConverter
from cattrs.preconf.json import make_converter as _preconf_json

from systemsreview.errors import ModelError
from systemsreview.model import Extensions, Link, Review
from systemsreview.model._checks import parse_date

__all__ = ["make_converter", "problems"]


#: Review fields of version 5 that are left out while they hold their default.
_V5_REVIEW = (
    "terms_of_reference",
    "incident_on",
    "delay_reason",
    "parallel_proceedings",
    "related",
)


class _BadValueError(ValueError):
    """A value the strict hooks refuse; its message is shown as is, after the path."""


_KINDS = ((bool, "a boolean"), (int | float, "a number"), (str, "a string"), (list, "an array"))


def _kind(value: object) -> str:
    """The JSON name of a value's type, for messages."""
    if value is None:
        return "null"
    return next((name for cls, name in _KINDS if isinstance(value, cls)), "an object")


def _got(value: object) -> str:
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    return (
        f"got {_kind(value)} {shown}"
        if not isinstance(value, dict | list)
        else f"got {_kind(value)}"
    )


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _BadValueError(f"{_got(value)}; expected a string")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _BadValueError(f"{_got(value)}; expected true or false")
    return value


def _structure_date(value: object, _: type) -> dt.date:
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    raise _BadValueError(f"{_got(value)}; expected an ISO date string 'YYYY-MM-DD'")


@functools.cache
def _allowed(cls: type[enum.StrEnum]) -> str:
    return ", ".join(repr(m.value) for m in cls)


def _structure_enum(value: object, cls: type[enum.StrEnum]) -> enum.StrEnum:
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    raise _BadValueError(f"{_got(value)}; expected one of {_allowed(cls)} ({cls.__name__})")


def _structure_extensions(value: object, _: type) -> Extensions:
    if not isinstance(value, dict):
        raise _BadValueError(f"{_got(value)}; expected an object of extension names to values")
    try:
        return Extensions(value)
    except ModelError as exc:  # "$['acme.case'][2]: ..." is below this field's own path
        raise _BadValueError(str(exc).removeprefix("$")) from None


#: Fields of version 4 (the case) and later left out of a document when they hold their
#: default, so that a review without case data writes exactly as version 3 wrote it and a
#: link without provenance as version 4 wrote it.
_OMITTED: dict[type, tuple[str, ...]] = {
    Review: (
        "characteristics",
        "aware",
        "subjects",
        "family",
        *_V5_REVIEW,
    ),
    Link: ("locator", "quote"),
}


def _omitted(cls: type) -> dict[str, Any]:
    return {name: override(omit_if_default=True) for name in _OMITTED.get(cls, ())}


def _has_extensions(cls: Any) -> bool:
    return attrs.has(cls) and "extensions" in attrs.fields_dict(cls)


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(converter: cattrs.Converter, cls: Any) -> Callable[[object, type], tuple[Any, ...]]:
    item_type = get_args(cls)[0]
    item = converter.get_structure_hook(item_type)

    def structure(value: object, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _BadValueError(f"{_got(value)}; expected an array")
        out: list[Any] = []
        errors: list[Exception] = []
        for index, raw in enumerate(value):
            try:
                out.append(item(raw, item_type))
            except Exception as exc:  # gathered, then raised together below
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"Structuring {cls} @ index {index}", index, item_type),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"While structuring {cls!r}", errors, cls)
        return tuple(out)

    return structure


def make_converter() -> JsonConverter:
    """The converter between reviews and JSON-ready Python values (dicts, lists, strings).

    It is cattrs' preconfigured JSON converter with strict structuring hooks and detailed
    validation, forbidding unknown keys (a misspelt optional field would otherwise be
    dropped without a word).

    >>> from systemsreview.model import Period
    >>> converter = make_converter()
    >>> converter.unstructure(Period("2020-01-01", "2020-02-01"))
    {'start': '2020-01-01', 'end': '2020-02-01'}
    >>> converter.structure({"start": "2020-01-01", "end": "2020-02-01"}, Period).days
    32
    """
    converter = _preconf_json(detailed_validation=True, forbid_extra_keys=True)
    # Class hooks dispatch on the MRO: the StrEnum hook, more specific, wins over str's.
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(enum.StrEnum, _structure_enum)  # and its subclasses
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, lambda cls: _tuple_hook(converter, cls)
    )
    # Extension data: plain JSON out, validated and frozen in; left out of the document
    # when empty, as FHIR leaves out empty elements.
    converter.register_structure_hook(Extensions, _structure_extensions)
    converter.register_unstructure_hook(Extensions, Extensions.to_json)
    converter.register_unstructure_hook_factory(
        _has_extensions,
        lambda cls: make_dict_unstructure_fn(
            cls,
            converter,
            extensions=override(omit_if_default=True),
            **_omitted(cls),
        ),
    )
    return converter


def _describe(exc: BaseException, cls: type | None) -> str:
    """One problem in words (the ``format_exception`` given to ``transform_error``)."""
    if isinstance(exc, _BadValueError | ModelError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing; add it (see json_schema() for the fields)"
    if isinstance(exc, ForbiddenExtraKeysError):
        extra = ", ".join(repr(k) for k in sorted(exc.extra_fields))
        return f"unknown field(s) {extra}; check the spelling or remove them"
    if (
        isinstance(exc, AttributeError | TypeError)
        and cls is not None
        and hasattr(cls, "__attrs_attrs__")
    ):
        return f"expected an object ({cls.__name__})"
    name = getattr(cls, "__name__", None)
    detail = str(exc) or type(exc).__name__
    return f"{detail}" if name is None else f"{detail} (expected {name})"


def problems(exc: BaseException) -> list[tuple[str, str]]:
    """``(json_path, message)`` for every problem cattrs found while structuring.

    A :class:`~systemsreview.errors.ModelError` raised by a constructor (a period ending
    before it starts, a factor code at the wrong level) is reported at the object that
    could not be built.
    """
    if not isinstance(exc, ClassValidationError | IterableValidationError):
        return [("$", _describe(exc, None))]
    out = []
    for line in cattrs.transform_error(exc, path="$", format_exception=_describe):
        message, _, path = line.rpartition(" @ ")
        out.append((path, message))
    return out
