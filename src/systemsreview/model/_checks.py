"""Converters and validators shared by the model classes.

Converters coerce friendly input (an enum's string value, an ISO date string, a list of
questions) and leave anything else untouched; validators then reject what is still wrong,
raising :class:`~systemsreview.errors.ModelError` that names the class, the field, the bad
value and what would be accepted.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import attrs

from systemsreview.errors import ModelError
from systemsreview.model._vocab import (
    ActionStatus,
    Appraisal,
    Decision,
    IncidentKind,
    Level,
    LinkKind,
    Method,
    Pattern,
    ReviewKind,
    Sector,
    Sensitivity,
    SourceKind,
    Valence,
    with_article,
)

E = TypeVar("E", bound=enum.StrEnum)
Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def where(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """``Class.field`` (with the id when the instance has one already), for messages."""
    name = f"{type(instance).__name__}.{attribute.name}"
    ident = getattr(instance, "id", None)
    return f"{name} of {ident!r}" if isinstance(ident, str) and attribute.name != "id" else name


def fail(instance: object, attribute: attrs.Attribute[Any], value: object, expected: str) -> None:
    """Raise the model's standard error for ``value`` in ``attribute``."""
    msg = f"{where(instance, attribute)}: got {value!r}; expected {expected}"
    raise ModelError(msg)


def _coerce(cls: type[E], value: object) -> E:
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        try:
            return cls(value)
        except ValueError:
            pass
    return value  # type: ignore[return-value]  # left for the validator to reject


def coerce(cls: type[E], value: object) -> E:
    """``value`` as a member of ``cls`` when it names one; otherwise unchanged."""
    return _coerce(cls, value)


# Named converters (mypy's attrs plugin reads their argument types for ``__init__``).
def to_sector(value: Sector | str) -> Sector:
    return _coerce(Sector, value)


def to_review_kind(value: ReviewKind | str) -> ReviewKind:
    return _coerce(ReviewKind, value)


def to_method(value: Method | str) -> Method:
    return _coerce(Method, value)


def to_incident(value: IncidentKind | str) -> IncidentKind:
    return _coerce(IncidentKind, value)


def to_appraisal(value: Appraisal | str) -> Appraisal:
    return _coerce(Appraisal, value)


def to_level(value: Level | str) -> Level:
    return _coerce(Level, value)


def to_pattern(value: Pattern | str) -> Pattern:
    return _coerce(Pattern, value)


def to_valence(value: Valence | str) -> Valence:
    return _coerce(Valence, value)


def to_source_kind(value: SourceKind | str) -> SourceKind:
    return _coerce(SourceKind, value)


def to_sensitivity(value: Sensitivity | str) -> Sensitivity:
    return _coerce(Sensitivity, value)


def to_link_kind(value: LinkKind | str) -> LinkKind:
    return _coerce(LinkKind, value)


def to_decision(value: Decision | str) -> Decision:
    return _coerce(Decision, value)


def to_action_status(value: ActionStatus | str) -> ActionStatus:
    return _coerce(ActionStatus, value)


#: The one date syntax of the model, the JSON format and the schema: ``YYYY-MM-DD``, ASCII
#: digits. (Python's ``date.fromisoformat`` also takes ``20100213`` and ``2010-W06-6``.)
DATE_SYNTAX = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> dt.date | None:
    """The calendar date ``text`` names in the strict form ``YYYY-MM-DD``, else ``None``.

    >>> parse_date("2010-02-13"), parse_date("20100213"), parse_date("2010-W06-6")
    (datetime.date(2010, 2, 13), None, None)
    >>> parse_date("2010-02-30"), parse_date("0000-01-01"), parse_date("2010-02-13T00:00")
    (None, None, None)
    """
    if not DATE_SYNTAX.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def to_date(value: dt.date | str) -> dt.date:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string (strictly that form)."""
    if isinstance(value, str):
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return value  # type: ignore[return-value]  # left for the validator to reject


def to_optional_date(value: dt.date | str | None) -> dt.date | None:
    """Like :func:`to_date`, keeping ``None``."""
    return None if value is None else to_date(value)


def to_strings(value: Iterable[str]) -> tuple[str, ...]:
    """Freeze an iterable of strings into a tuple (a lone string stays a one-item tuple)."""
    if isinstance(value, str):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]  # left for the validator to reject


def member_of(cls: type[enum.StrEnum]) -> Validator:
    """Validate that a value is a member of the vocabulary ``cls``."""
    allowed = ", ".join(repr(m.value) for m in cls)

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            fail(instance, attribute, value, f"{with_article(cls.__name__)}, one of {allowed}")

    return check


def text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a string (which may be empty)."""
    if not isinstance(value, str):
        fail(instance, attribute, value, "a string")


def non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a string that is not empty or blank."""
    if not isinstance(value, str) or not value.strip():
        fail(instance, attribute, value, "a non-empty string")


def optional_non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate ``None`` or a non-empty string."""
    if value is not None:
        non_empty(instance, attribute, value)


def a_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a calendar date (a ``datetime`` is refused: the model keeps days)."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        fail(instance, attribute, value, "a datetime.date or an ISO date string 'YYYY-MM-DD'")


def optional_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate ``None`` or a calendar date."""
    if value is not None:
        a_date(instance, attribute, value)


def a_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a ``bool``."""
    if not isinstance(value, bool):
        fail(instance, attribute, value, "True or False")


def strings(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a tuple of strings."""
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        fail(instance, attribute, value, "a sequence of strings")


def instance(cls: type) -> Validator:
    """Validate an instance of ``cls`` (such as a :class:`Period`)."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            fail(instance, attribute, value, f"{with_article(cls.__name__)}")

    return check


def tuple_of(cls: type) -> Validator:
    """Validate a tuple whose items are all instances of ``cls``."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            fail(instance, attribute, value, f"a sequence of {cls.__name__}")
        items: tuple[object, ...] = value  # type: ignore[assignment]  # a tuple by now
        for i, item in enumerate(items):
            if not isinstance(item, cls):
                fail(instance, attribute, item, f"{with_article(cls.__name__)} at position {i}")

    return check
