"""Drawing an AcciMap :class:`~systemsreview.io._accimap.Layout` as standalone SVG text.

Colours are the Okabe-Ito palette (safe for the common colour-vision deficiencies), and no
encoding rests on colour alone: every box carries its kind in words (``HINDERING``,
``PROBLEMATIC · Feb 2010``, ``FINDING · …``), ``evidenced by`` arrows are dashed and open-headed
where ``contributed to`` arrows are solid, and a legend repeats all of it. The opt-in bands
keep to the same rule: the learning loop's boxes are green and dashed and say what they are
(``RECOMMENDATION``, the board's decision, the action's status), their arrows dotted green
with an open head; the child and family are reddish purple (``SUBJECT``, ``FAMILY``), the
episodes' ``concerns`` arrows finely dotted and a family member's ties solid, each tie
named in the arrow's tooltip. Factors placed in an agency sit inside a thin grey outline
headed by the agency's name (drawn over the arrows, on a white halo, so it stays readable).
The legend names only what the picture holds of these. Every
piece of text passes through :func:`escape`, so a description holding ``<script>`` or
``&`` stays text.
"""

from __future__ import annotations

import html
import re

from systemsreview.io._accimap import (
    BANDS,
    FONT_SIZE,
    GROUP_LINE,
    GROUP_SIZE,
    LINE_HEIGHT,
    MARGIN,
    PAD,
    TAG_SIZE,
    TITLE_COLUMN,
    Box,
    Cluster,
    Layout,
    title_lines,
)
from systemsreview.io._textwidth import FONT_FAMILY, text_width
from systemsreview.model import LinkKind

__all__ = ["STYLES", "escape", "render"]

#: Fill, border and tag colour of each box style (Okabe-Ito vermillion, blue, orange).
STYLES: dict[str, tuple[str, str, str]] = {
    "hindering": ("#fbe3d6", "#d55e00", "#8a3300"),
    "supportive": ("#dcebf5", "#0072b2", "#004a75"),
    "problematic": ("#fbe3d6", "#d55e00", "#8a3300"),
    "mixed": ("#fdf0cc", "#e69f00", "#6b4a00"),
    "good": ("#dcebf5", "#0072b2", "#004a75"),
    "finding": ("#f2f2f2", "#333333", "#333333"),
    "source": ("#ffffff", "#777777", "#555555"),
    "loop": ("#d9f2ea", "#009e73", "#00573f"),
    "case": ("#f7e6f0", "#cc79a7", "#7a2f5c"),
}
_DASHED = ("supportive", "loop")
_INK = "#1a1a1a"
_LOOP_INK, _CASE_INK = "#00785a", "#a4507f"
_ARROW = {
    LinkKind.CONTRIBUTED_TO: "#333333",
    LinkKind.EVIDENCED_BY: "#6a6a6a",
    LinkKind.RESTS_ON: _LOOP_INK,
    LinkKind.RESPONDS_TO: _LOOP_INK,
    LinkKind.ADDRESSES: _LOOP_INK,
    LinkKind.CONCERNS: _CASE_INK,
    LinkKind.LIVES_WITH: _CASE_INK,
    LinkKind.CARES_FOR: _CASE_INK,
}
#: Each arrow kind's marker id and line style.
_LINE = {
    LinkKind.CONTRIBUTED_TO: ("sr-contributed", 'stroke-width="1.6"'),
    LinkKind.EVIDENCED_BY: ("sr-evidenced", 'stroke-width="1.3" stroke-dasharray="6 4"'),
    LinkKind.RESTS_ON: ("sr-loop", 'stroke-width="1.4" stroke-dasharray="2 3"'),
    LinkKind.RESPONDS_TO: ("sr-loop", 'stroke-width="1.4" stroke-dasharray="2 3"'),
    LinkKind.ADDRESSES: ("sr-loop", 'stroke-width="1.4" stroke-dasharray="2 3"'),
    LinkKind.CONCERNS: ("sr-case", 'stroke-width="1.2" stroke-dasharray="1 3"'),
    LinkKind.LIVES_WITH: ("sr-case", 'stroke-width="1.4"'),
    LinkKind.CARES_FOR: ("sr-case", 'stroke-width="1.4"'),
}
_MARKER_INK = {"sr-loop": _LOOP_INK, "sr-case": _CASE_INK}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LEGEND = (
    ("hindering", "Hindering factor"),
    ("supportive", "Supportive factor"),
    ("problematic", "Problematic episode"),
    ("mixed", "Mixed episode"),
    ("good", "Good practice"),
    ("finding", "Finding"),
)
#: Legend entries of the opt-in bands: (style or link kind, label), shown when drawn.
_LEGEND_LOOP = (
    ("loop", "Recommendation, board response or action"),
    ("addresses", "answers (rests on, responds to, addresses)"),
)
_AGENCY_INK = "#5f5f5f"
_LEGEND_AGENCY = (("agency", "Agency the factors sit in"),)
_LEGEND_CASE = (
    ("case", "Child or family member"),
    ("concerns", "concerns"),
    ("lives_with", "lives with, cares for"),
)


def escape(text: str) -> str:
    """``text`` safe inside an XML element or a quoted attribute; characters XML forbids go."""
    return html.escape(_NOT_XML.sub("", text), quote=True)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _box(box: Box) -> list[str]:
    fill, stroke, tag = STYLES[box.style]
    dash = ' stroke-dasharray="5 3"' if box.style in _DASHED else ""
    x, y = box.x, box.y
    out = [
        f'<g class="box {box.style}" data-id="{escape(box.id)}">',
        f"<title>{escape(box.tag)}{' · ' if box.note else ''}{escape(box.note)}: "
        f"{escape(box.text)}</title>",
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(box.w)}" height="{_n(box.h)}" rx="5" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="1.6"{dash}/>',
        f'<text x="{_n(x + PAD)}" y="{_n(y + PAD + TAG_SIZE)}" font-size="{_n(TAG_SIZE)}" '
        f'font-weight="bold" fill="{tag}">{escape(box.tag)}</text>',
    ]
    for number, note in enumerate(box.notes, start=1):
        out.append(
            f'<text x="{_n(x + PAD)}" y="{_n(y + PAD + TAG_SIZE + number * LINE_HEIGHT)}" '
            f'font-size="{_n(TAG_SIZE)}" fill="{tag}">{escape(note)}</text>'
        )
    top = y + PAD + TAG_SIZE + 4 + LINE_HEIGHT * len(box.notes)
    out.append(f'<text x="{_n(x + PAD)}" y="{_n(top)}" font-size="{_n(FONT_SIZE)}" fill="{_INK}">')
    for line in box.lines:
        out.append(f'<tspan x="{_n(x + PAD)}" dy="{_n(LINE_HEIGHT)}">{escape(line)}</tspan>')
    out.append("</text></g>")
    return out


def _outline(cluster: Cluster) -> str:
    return (
        f'<rect class="agency" data-agency="{escape(cluster.agency)}" x="{_n(cluster.x)}" '
        f'y="{_n(cluster.y)}" width="{_n(cluster.w)}" height="{_n(cluster.h)}" rx="8" '
        f'fill="#ffffff" fill-opacity="0.55" stroke="{_AGENCY_INK}" stroke-width="1.2"/>'
    )


def _agency_name(cluster: Cluster) -> str:
    x = cluster.x + 6
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(GROUP_LINE if n else 0)}">{escape(line)}</tspan>'
        for n, line in enumerate(cluster.lines)
    )
    return (
        f'<text class="agency-name" x="{_n(x)}" y="{_n(cluster.y + 4 + GROUP_SIZE)}" '
        f'font-size="{_n(GROUP_SIZE)}" font-weight="bold" fill="{_AGENCY_INK}" '
        f'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">'
        f"{spans}</text>"
    )


def _defs(markers: set[str]) -> list[str]:
    solid, dashed = _ARROW[LinkKind.CONTRIBUTED_TO], _ARROW[LinkKind.EVIDENCED_BY]
    extra = [
        f'<marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M1,1 L9,5 L1,9" fill="none" '
        f'stroke="{ink}" stroke-width="1.5"/></marker>'
        for marker, ink in _MARKER_INK.items()
        if marker in markers
    ]
    return [
        "<defs>",
        '<marker id="sr-contributed" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="{solid}"/></marker>',
        '<marker id="sr-evidenced" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M1,1 L9,5 L1,9" fill="none" '
        f'stroke="{dashed}" stroke-width="1.5"/></marker>',
        *extra,
        "</defs>",
    ]


def _arrow(points: tuple[tuple[float, float], ...], kind: LinkKind, label: str = "") -> str:
    x1, y1 = points[0]
    marker, line = _LINE[kind]
    style = f'{line} marker-end="url(#{marker})"'
    pieces = [
        "C" + " ".join(f"{_n(x)},{_n(y)}" for x, y in points[i : i + 3])
        for i in range(1, len(points) - 2, 3)
    ]
    path = f"M{_n(x1)},{_n(y1)} " + " ".join(pieces)
    head = f'<path class="{kind.value}" d="{path}" fill="none" stroke="{_ARROW[kind]}" {style}'
    return f"{head}><title>{escape(label)}</title></path>" if label else f"{head}/>"


def _legend(
    top: float, width: float, *, loop: bool, case: bool, agency: bool = False
) -> tuple[list[str], float]:
    out = [f'<g class="legend" font-size="{_n(FONT_SIZE)}" fill="{_INK}">']
    x, y = MARGIN + TITLE_COLUMN, top
    out.append(
        f'<text x="{_n(MARGIN)}" y="{_n(y + 15)}" font-weight="bold" font-size="13">Key</text>'
    )
    items: list[tuple[str, str]] = [(style, label) for style, label in _LEGEND]
    items += [("contributed_to", "contributed to"), ("evidenced_by", "evidenced by (rests on)")]
    items += _LEGEND_LOOP if loop else ()
    items += _LEGEND_CASE if case else ()
    items += _LEGEND_AGENCY if agency else ()
    for key, label in items:
        need = 44 + text_width(label, FONT_SIZE) + 24
        if x + need > width - MARGIN:
            x, y = MARGIN + TITLE_COLUMN, y + 28
        if key == "agency":
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y + 2)}" width="34" height="20" rx="6" fill="none" '
                f'stroke="{_AGENCY_INK}" stroke-width="1.2"/>'
            )
        elif key in STYLES:
            fill, stroke, _ = STYLES[key]
            dash = ' stroke-dasharray="5 3"' if key in _DASHED else ""
            out.append(
                f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="34" height="16" rx="3" fill="{fill}" '
                f'stroke="{stroke}" stroke-width="1.6"{dash}/>'
            )
        else:
            kind = LinkKind(key)
            out.append(
                _arrow(((x, y + 12), (x + 12, y + 12), (x + 22, y + 12), (x + 34, y + 12)), kind)
            )
        out.append(f'<text x="{_n(x + 42)}" y="{_n(y + 17)}">{escape(label)}</text>')
        x += need
    out.append("</g>")
    return out, y + 28


def render(result: Layout, title: str, description: str) -> str:
    """The layout as one SVG document (UTF-8 text, no XML declaration needed)."""
    width = result.width
    body: list[str] = []
    titles = result.titles or dict(BANDS)
    for number, key in enumerate(result.band_top):
        name = titles[key]
        top, bottom = result.band_top[key], result.band_bottom[key]
        shade = "#f6f6f6" if number % 2 == 0 else "#ffffff"
        body.append(
            f'<rect x="{_n(MARGIN / 2)}" y="{_n(top)}" width="{_n(width - MARGIN)}" '
            f'height="{_n(bottom - top)}" fill="{shade}" stroke="#d0d0d0"/>'
        )
        size, lines = title_lines(name)
        body.append(
            f'<text x="{_n(MARGIN)}" y="{_n(top + 10)}" font-size="{size}" font-weight="bold" '
            f'fill="{_INK}">'
            + "".join(f'<tspan x="{_n(MARGIN)}" dy="16">{escape(line)}</tspan>' for line in lines)
            + "</text>"
        )
        if key == "episodes":
            y = bottom - 14
            right = width - MARGIN
            body.append(
                f'<path d="M{_n(MARGIN + TITLE_COLUMN)},{_n(y)} H{_n(right)}" stroke="#555" '
                'stroke-width="1.2" marker-end="url(#sr-contributed)"/>'
            )
            body.append(
                f'<text x="{_n(MARGIN)}" y="{_n(y + 4)}" font-size="11" fill="#444">'
                "time: by start month</text>"
            )
    arrows = [_arrow(edge.points, edge.kind, edge.label) for edge in result.edges]
    boxes = [line for band in result.bands.values() for box in band for line in _box(box)]
    drawn = {box.style for band in result.bands.values() for box in band}
    legend, height = _legend(
        result.height + 16,
        width,
        loop="loop" in drawn,
        case="case" in drawn,
        agency=bool(result.clusters),
    )
    height += MARGIN / 2
    markers = {_LINE[edge.kind][0] for edge in result.edges}
    markers |= {"sr-loop"} if "loop" in drawn else set()
    markers |= {"sr-case"} if "case" in drawn else set()
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="sr-title sr-desc" font-family="{escape(FONT_FAMILY)}">',
        f'<title id="sr-title">{escape(title)}</title>',
        f'<desc id="sr-desc">{escape(description)}</desc>',
        *_defs(markers),
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
        f'<text x="{_n(MARGIN)}" y="28" font-size="16" font-weight="bold" fill="{_INK}">'
        f"{escape(title)}</text>",
    ]
    body += [_outline(cluster) for cluster in result.clusters]
    names = [_agency_name(cluster) for cluster in result.clusters]
    return "\n".join([*head, *body, *arrows, *boxes, *names, *legend, "</svg>"]) + "\n"
