"""An SVG bar chart of edge crossings per review, ours against ``dot``, with no plotting library.

Used by ``python benchmarks/bench_diagram.py --svg-plot docs/crossings.svg``; ``plot`` takes
the rows that script measures: (review name, our crossings, dot's crossings or None).
"""

from __future__ import annotations

from html import escape

__all__ = ["plot"]

_OURS, _DOT = "#0072b2", "#e69f00"  # Okabe-Ito blue and orange


def plot(rows: list[tuple[str, int, int | None]]) -> str:
    """Grouped horizontal bars: one pair per review, labelled with the counts."""
    top, bar, gap, left, right = 56, 14, 14, 150, 120
    width = 760
    most = max([max(c, d or 0) for _, c, d in rows] + [1])
    scale = (width - left - right) / most
    height = top + len(rows) * (2 * bar + gap) + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="t" '
        'font-family="\'DejaVu Sans\', Verdana, sans-serif" font-size="12">',
        '<title id="t">Edge crossings per review: the AcciMap layout against Graphviz dot</title>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        '<text x="10" y="22" font-size="15" font-weight="bold">Edge crossings per review '
        "(fewer is better)</text>",
        f'<rect x="{left}" y="32" width="14" height="12" fill="{_OURS}"/>'
        f'<text x="{left + 20}" y="43">AcciMap (episodes in time order, 1,600 px)</text>',
        f'<rect x="{left + 330}" y="32" width="14" height="12" fill="{_DOT}"/>'
        f'<text x="{left + 350}" y="43">Graphviz dot, episodes in time order</text>',
    ]
    y = top
    for name, ours, theirs in rows:
        out.append(
            f'<text x="{left - 8}" y="{y + bar + 4}" text-anchor="end">{escape(name)}</text>'
        )
        for value, colour, shift in ((ours, _OURS, 0), (theirs, _DOT, bar)):
            if value is None:
                continue
            length = max(1.0, value * scale)
            out.append(
                f'<rect x="{left}" y="{y + shift}" width="{length:.1f}" height="{bar - 2}" '
                f'fill="{colour}"/><text x="{left + length + 6:.1f}" y="{y + shift + bar - 3}">'
                f"{value}</text>"
            )
        y += 2 * bar + gap
    out.append("</svg>")
    return "\n".join(out) + "\n"
