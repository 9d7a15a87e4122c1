"""Text widths for the diagrams, from a per-character table: no font files, no system calls.

The SVG names the font stack :data:`FONT_FAMILY`, whose first choice is DejaVu Sans (Verdana and
Bitstream Vera Sans, next in the stack, share its metrics closely). The tables below are the
advance widths of DejaVu Sans 2.37 (Book and Bold) for printable ASCII, in thousandths of an
em, read from the font's ``hmtx`` table. Other characters are estimated: an accented letter as
its base letter, a combining mark as nothing, a few common punctuation marks from the same font,
anything else as a full em (wide enough for CJK). Where a reader's browser substitutes a
narrower sans-serif, text only gains room; wrapping never depends on the reader's machine, so
the same review always gives the same bytes.

>>> round(text_width("Frontline", 12), 1)
53.1
>>> wrap("Officers unsure whether they should talk to children", 150, 12)
['Officers unsure whether', 'they should talk to', 'children']
"""

from __future__ import annotations

import unicodedata

__all__ = ["FONT_FAMILY", "text_width", "wrap"]

#: The font stack the diagrams are measured for and name in their SVG.
FONT_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif"

_REGULAR = (
    318,
    401,
    460,
    838,
    636,
    950,
    780,
    275,
    390,
    390,
    500,
    838,
    318,
    361,
    318,
    337,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    337,
    337,
    838,
    838,
    838,
    531,
    1000,
    684,
    686,
    698,
    770,
    632,
    575,
    775,
    752,
    295,
    295,
    656,
    557,
    863,
    748,
    787,
    603,
    787,
    695,
    635,
    611,
    732,
    684,
    989,
    685,
    611,
    685,
    390,
    337,
    390,
    838,
    500,
    500,
    613,
    635,
    550,
    635,
    615,
    352,
    635,
    634,
    278,
    278,
    579,
    278,
    974,
    634,
    612,
    635,
    635,
    411,
    521,
    392,
    634,
    592,
    818,
    592,
    592,
    525,
    636,
    337,
    636,
    838,
)
_BOLD = (
    348,
    456,
    521,
    838,
    696,
    1002,
    872,
    306,
    457,
    457,
    523,
    838,
    380,
    415,
    380,
    365,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    580,
    1000,
    774,
    762,
    734,
    830,
    683,
    683,
    821,
    837,
    372,
    372,
    775,
    637,
    995,
    837,
    850,
    733,
    850,
    770,
    720,
    682,
    812,
    774,
    1103,
    771,
    724,
    725,
    457,
    365,
    457,
    838,
    500,
    500,
    675,
    716,
    593,
    716,
    678,
    435,
    716,
    712,
    343,
    343,
    665,
    343,
    1042,
    712,
    687,
    716,
    716,
    493,
    595,
    478,
    712,
    652,
    924,
    645,
    652,
    582,
    712,
    365,
    712,
    838,
)
_PUNCTUATION = {
    "\u2018": 318,
    "\u2019": 318,
    "\u201c": 518,
    "\u201d": 518,
    "\u2013": 500,
    "\u2014": 1000,
    "\u2026": 1000,
    "\u00b7": 318,
    "\u2192": 838,
    "\u00a0": 318,
}
_EM = 1000


def _advance(char: str, table: tuple[int, ...]) -> int:
    code = ord(char)
    if 32 <= code < 127:
        return table[code - 32]
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    if unicodedata.combining(char):
        return 0
    base = unicodedata.normalize("NFKD", char)[:1]
    if base != char and " " <= base < "\x7f":
        return table[ord(base) - 32]
    return _EM


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in pixels of ``text`` set at ``size`` pixels in :data:`FONT_FAMILY`."""
    table = _BOLD if bold else _REGULAR
    return sum(_advance(char, table) for char in text) * size / 1000


def wrap(text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` pixels, at spaces where possible.

    Whitespace runs collapse to one space; a word wider than a whole line is split between
    characters. Every non-space character of ``text`` appears, in order: nothing is cut.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size, bold=bold) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if line and text_width(line + char, size, bold=bold) > width:
                lines.append(line)
                line = ""
            line += char
    if line or not lines:
        lines.append(line)
    return lines
