"""What a finding checks of its patterns and sub-patterns (local facts of one finding).

A finding rests on one pattern of the Learning Together typology (``pattern``, its primary
one) and possibly on others (``other_patterns``); its sub-patterns
(:data:`~systemsreview.model.SUB_PATTERNS`) each refine one of those patterns.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._themes import SUB_PATTERNS
from systemsreview.model._vocab import Pattern, member_repr

__all__ = ["other_patterns", "patterns_repr", "sub_patterns", "to_patterns"]


def patterns_repr(value: tuple[Pattern, ...]) -> str:
    """The Python expression of a tuple of patterns, such as ``(Pattern.TOOLS,)``."""
    items = [member_repr(p) if isinstance(p, Pattern) else repr(p) for p in value]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def to_patterns(value: Iterable[Pattern | str]) -> tuple[Pattern, ...]:
    """A sequence of patterns (or their string values) as a tuple of members."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        return value  # type: ignore[return-value]  # the validator names the problem
    return tuple(c.coerce(Pattern, v) for v in value)


def other_patterns(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Patterns of the typology, each once, none the finding's primary ``pattern``."""
    if not isinstance(value, tuple):
        c.fail(instance, attribute, value, "a sequence of Pattern values")
    items: tuple[object, ...] = value  # type: ignore[assignment]  # a tuple by now
    for item in items:
        if not isinstance(item, Pattern):
            c.fail(instance, attribute, item, f"one of {', '.join(map(repr, Pattern))}")
    if len(set(items)) != len(items):
        c.fail(instance, attribute, [str(i) for i in items], "each pattern once")
    primary = getattr(instance, "pattern", None)
    if primary in items:
        msg = (
            f"{c.where(instance, attribute)}: {str(primary)!r} is already the finding's "
            "pattern; list only the other patterns here"
        )
        raise ModelError(msg)


def sub_patterns(instance: Any, attribute: attrs.Attribute[Any], value: object) -> None:
    """Known sub-pattern ids, each once, each refining one of the finding's patterns."""
    c.strings(instance, attribute, value)
    items: tuple[str, ...] = value  # type: ignore[assignment]  # checked just above
    unknown = [i for i in items if i not in SUB_PATTERNS]
    if unknown:
        msg = (
            f"{c.where(instance, attribute)}: unknown sub-pattern(s) "
            f"{', '.join(map(repr, unknown))}; known: {', '.join(SUB_PATTERNS)}"
        )
        raise ModelError(msg)
    if len(set(items)) != len(items):
        c.fail(instance, attribute, list(items), "each sub-pattern once")
    patterns = {getattr(instance, "pattern", None), *getattr(instance, "other_patterns", ())}
    for item in items:
        parent = SUB_PATTERNS[item].pattern
        if parent not in patterns:
            msg = (
                f"{c.where(instance, attribute)}: sub-pattern {item!r} refines "
                f"{parent.value!r}, which is not among the finding's patterns; add it to "
                "other_patterns or remove the sub-pattern"
            )
            raise ModelError(msg)
