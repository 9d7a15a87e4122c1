"""Messages in the command's language: library errors say what to *call*, the CLI what to *type*.

The library's messages name Python: ``use mode='replace'``, ``check(select=...)``,
``repair(path, drop_missing=True)``. Raised through the command line they should name its
flags and subcommands instead. :func:`command_language` rewrites the known phrases at the
command-line boundary, so the Python messages stay as they are for Python callers.

>>> command_language("r1 is already stored; use mode='replace' to replace it")
'r1 is already stored; use --mode replace to replace it'
>>> command_language("check(select=...): 'SR9' is not a rule code or prefix")
"--select: 'SR9' is not a rule code or prefix"
>>> command_language("nothing to translate")
'nothing to translate'
"""

from __future__ import annotations

import re

__all__ = ["PHRASES", "command_language"]

#: (Python phrase, as a regular expression) -> what the command line says instead.
PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\bmode=['\"](create|append|replace)['\"]", r"--mode \1"),
        (r"\bcheck\((select|ignore)=\.\.\.\)", r"--\1"),
        (r"\bPolicy\.severity\b", "the configuration's severity table"),
        (
            r"\brepair\(path, drop_missing=True\)",
            "'systemsreview repair DATASET --drop-missing'",
        ),
        (r"\brepair\(path\)", "'systemsreview repair DATASET'"),
        (r"\brun compact\(\) on it\b", "run 'systemsreview compact DATASET' on it"),
        (
            r"\bcreate one with write\(\)",
            "create one with 'systemsreview convert FILES -o DATASET'",
        ),
        (
            r"\bsystemsreview\.io\.json\.json_schema\(\) describes the format",
            "'systemsreview schema' prints the format",
        ),
        (
            r"\(Reviewer\(lead=True, independent=True\)\)",
            '(a reviewer with "lead": true and "independent": true)',
        ),
    )
)


def command_language(message: str) -> str:
    """``message`` with the Python phrases the command line has its own words for replaced."""
    for pattern, replacement in PHRASES:
        message = pattern.sub(replacement, message)
    return message
