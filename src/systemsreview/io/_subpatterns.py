"""Moving a finding's sub-patterns from their format-4 extension into the format-5 field.

Until format 5.0 (JSON version 5) a finding could keep Learning Together sub-pattern ids only
in its extensions, under ``"learning_together.sub_patterns"`` (a list of ids, or one id).
Both migrations (JSON v4 -> v5, Parquet 4.0 -> 5.0) move them with :func:`lift`: the ids
become ``sub_patterns`` (each once, in order), and a sub-pattern refining another pattern than
the finding's own adds that pattern to ``other_patterns``, since the review named it. An
extension value that is not a list of known ids is left where it is, untouched, so nothing
is lost or invented.

>>> lift("tools", {"learning_together.sub_patterns": ["rule_of_optimism"], "acme.x": 1})
(['human_reasoning'], ['rule_of_optimism'], {'acme.x': 1})
>>> lift("tools", {"learning_together.sub_patterns": ["no_such_thing"]})
([], [], {'learning_together.sub_patterns': ['no_such_thing']})
"""

from __future__ import annotations

from typing import Any

from systemsreview.model import SUB_PATTERNS, SUB_PATTERNS_EXTENSION

__all__ = ["lift"]


def lift(pattern: str, extensions: dict[str, Any]) -> tuple[list[str], list[str], dict[str, Any]]:
    """``(other_patterns, sub_patterns, extensions)`` of a format-4 finding, as format 5."""
    value = extensions.get(SUB_PATTERNS_EXTENSION)
    items = [value] if isinstance(value, str) else value
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(i, str) and i in SUB_PATTERNS for i in items)
    ):
        return [], [], extensions
    subs = list(dict.fromkeys(items))
    others = dict.fromkeys(SUB_PATTERNS[s].pattern.value for s in subs)
    rest = {k: v for k, v in extensions.items() if k != SUB_PATTERNS_EXTENSION}
    return [p for p in others if p != pattern], subs, rest
