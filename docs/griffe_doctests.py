"""A Griffe extension for the API reference: docstring doctests shown as code.

The docstrings keep their examples as bare ``>>>`` sessions (pytest runs them). Outside an
``Examples:`` section Markdown would read ``>>>`` as nested quotes and ``['a', 'b']`` as link
references, so this wraps every bare session (its ``>>>`` and ``...`` lines and the output
up to the next blank line) in a ``pycon`` fence before mkdocstrings renders the docstring.
"""

from __future__ import annotations

from typing import Any

import griffe

__all__ = ["DoctestFences", "fence"]


def fence(text: str) -> str:
    r"""``text`` with each bare ``>>>`` session in a fenced ``pycon`` block.

    >>> fence("Say:\n\n>>> 1 + 1\n2\n\nDone.").splitlines()
    ['Say:', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'Done.']
    """
    out: list[str] = []
    inside = in_fence = False
    indent = ""
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        if not in_fence and not inside and stripped.startswith(">>>"):
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            inside = True
        elif inside and not stripped:
            out.append(f"{indent}```")
            inside = False
        out.append(line)
    if inside:
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestFences(griffe.Extension):
    """Fence the bare doctest sessions of every docstring Griffe loads."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        """Rewrite the object's docstring, if it has one."""
        if obj.docstring is not None:
            obj.docstring.value = fence(obj.docstring.value)
