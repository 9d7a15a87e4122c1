r"""Where each value of a JSON text starts: a JSON path -> (line, column) map.

:func:`json.loads` keeps no positions, so diagnostics about ``$.links[90]`` could not
point an editor at the line. :class:`PositionMap` scans the text once with a small
tokenizer (strings, scalars, brackets) and records the offset of every value under the
JSON path :mod:`systemsreview.io.json` uses in its messages. The text is assumed to be
valid JSON (it is scanned only after :func:`json.loads` accepted it); on anything else the
scan stops and the paths seen so far are kept.

>>> positions = PositionMap('{"id": "r1",\n "links": [\n  {"source": "a"}]}')
>>> positions.find("$.links[0]")
(3, 3)
>>> positions.find("$.links[0].source")
(3, 14)
>>> positions.find("$.links[7].kind")  # a path the text lacks: its nearest ancestor
(2, 11)
"""

from __future__ import annotations

import bisect
import contextlib
import json
import re

__all__ = ["PositionMap", "child_path"]

_SPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|-?Infinity|NaN")
_PARENT = re.compile(r"(?:\.[A-Za-z_]\w*|\[\d+\]|\[\"(?:[^\"\\]|\\.)*\"\])$")


def child_path(parent: str, key: str | int) -> str:
    """The JSON path of ``key`` (an object key or an array index) under ``parent``.

    >>> child_path("$", "links"), child_path("$.links", 3), child_path("$", "a b")
    ('$.links', '$.links[3]', '$["a b"]')
    """
    if isinstance(key, int):
        return f"{parent}[{key}]"
    if key.isidentifier() and key.isascii():
        return f"{parent}.{key}"
    return f"{parent}[{json.dumps(key, ensure_ascii=False)}]"


class PositionMap:
    """The start of every value of a JSON text, by JSON path; lines and columns count from 1."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offsets: dict[str, int] = {}
        self._lines = [0] + [m.end() for m in re.finditer(r"\n", text)]
        with contextlib.suppress(IndexError, ValueError):  # not JSON: keep what was found
            self._scan()

    def find(self, path: str) -> tuple[int, int] | None:
        """(line, column) of the value at ``path``, else of its nearest recorded ancestor."""
        while path:
            offset = self._offsets.get(path)
            if offset is not None:
                line = bisect.bisect_right(self._lines, offset)
                return line, offset - self._lines[line - 1] + 1
            match = _PARENT.search(path)
            if match is None:
                return None
            path = path[: match.start()]
        return None

    def _scan(self) -> None:  # noqa: PLR0912 - one branch per token kind reads best
        text, offsets = self._text, self._offsets
        # The stack holds [path, next index] for arrays and [path, None] for objects.
        stack: list[list[object]] = []
        position = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
        path = "$"
        while True:
            char = text[position]
            offsets[path] = position
            if char in "{[":
                position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
                closing = "}" if char == "{" else "]"
                if text[position] != closing:
                    if char == "[":
                        stack.append([path, 0])
                        path = child_path(path, 0)
                    else:
                        stack.append([path, None])
                        path, position = self._key(path, position)
                    continue
                position += 1
            elif char == '"':
                position = _STRING.match(text, position).end()  # type: ignore[union-attr]
            else:
                match = _SCALAR.match(text, position)
                if match is None:
                    raise ValueError(position)
                position = match.end()
            # A value ended: move to the next sibling, or close containers.
            while True:
                position = _SPACE.match(text, position).end()  # type: ignore[union-attr]
                if not stack:
                    return
                parent, index = stack[-1]
                if text[position] == ",":
                    position = _SPACE.match(text, position + 1).end()  # type: ignore[union-attr]
                    if isinstance(index, int):
                        stack[-1][1] = index + 1
                        path = child_path(str(parent), index + 1)
                    else:
                        path, position = self._key(str(parent), position)
                    break
                stack.pop()
                position += 1  # the closing bracket

    def _key(self, parent: str, position: int) -> tuple[str, int]:
        """The path of the member whose key starts at ``position``, and where its value starts."""
        match = _STRING.match(self._text, position)
        if match is None:
            raise ValueError(position)
        key = json.loads(match.group())
        position = _SPACE.match(self._text, match.end()).end()  # type: ignore[union-attr]
        if self._text[position] != ":":
            raise ValueError(position)
        position = _SPACE.match(self._text, position + 1).end()  # type: ignore[union-attr]
        return child_path(parent, key), position
