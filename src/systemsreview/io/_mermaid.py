"""Mermaid flowchart text of what :class:`~systemsreview.io._drawn.Drawn` selected.

One subgraph per level band, stacked top to bottom by invisible links, boxes left to right
inside a band, each agency's factors in a subgraph of their own; labels wrapped for
Mermaid's own font and wrapping width, so it does not wrap them again.
"""

from __future__ import annotations

import itertools
import re

from systemsreview.io._drawn import CLASSES, Drawn, label_lines, style_classes
from systemsreview.model import LinkKind

__all__ = ["render", "reserved"]

#: The words Mermaid's flowchart parser reads as keywords where an id should stand: a node
#: or subgraph so named (``end``, ``class``, ``click``...) fails to parse. Mermaid 11 reads
#: them as whole words only (``end_x``, ``classroom`` are ids); a non-ASCII letter after
#: one ends the word for it (``endé`` reads as ``end``).
_KEYWORDS = re.compile(
    r"(?:style|linkStyle|interpolate|classDef|class|graph|flowchart|subgraph|end|call|href"
    r"|click)(?![A-Za-z0-9_])"
)
_MERMAID_WRAP = 180.0  # Mermaid's flowchart.wrappingWidth (200 px), less a margin for its fonts


def reserved(name: str) -> bool:
    """Whether Mermaid would read ``name``, as a node or subgraph id, as a keyword."""
    return _KEYWORDS.match(name) is not None


def render(drawn: Drawn) -> str:
    """The flowchart (see :func:`systemsreview.io.diagram.to_mermaid`)."""
    bands, edges, names, case = drawn.bands, drawn.edges, drawn.names, drawn.case
    lines = ["flowchart TB"]
    shown = [key for key, _ in drawn.order if bands[key]]
    for key, title in drawn.order:
        if not bands[key]:
            continue
        lines.append(f'  subgraph {drawn.band_id(key)}["{title}"]')
        lines.append("    direction LR")
        for cluster, agency, entities in drawn.runs(key):
            indent = "      " if cluster else "    "
            if cluster:
                lines.append(f'    subgraph {cluster}["{_mermaid_text(agency)}"]')
                lines.append("      direction LR")
            for entity in entities:
                # Mermaid sets labels at 16 px and wraps them again past 200 px: fit that
                wrapped = label_lines(
                    entity, case, width=_MERMAID_WRAP, size=16, placed=drawn.placed
                )
                label = "<br/>".join(_mermaid_text(line) for line in wrapped)
                lines.append(f'{indent}{names[entity.id]}["{label}"]')
            if cluster:
                lines.append("    end")
        lines.append("  end")
    lines += [
        f"  {drawn.band_id(upper)} ~~~ {drawn.band_id(lower)}"
        for upper, lower in itertools.pairwise(shown)
    ]
    for source, target, kind in edges:
        arrow = "-->" if kind is LinkKind.CONTRIBUTED_TO else "-.->"
        lines.append(f"  {source} {arrow}|{kind.label}| {target}")
    styles = style_classes(bands, names)
    for cls, (fill, stroke, dash) in CLASSES.items():
        if cls in ("loop", "case") and not styles[cls]:
            continue  # the causal picture alone reads as it always did
        extra = ",stroke-dasharray:5 3" if dash else ""
        lines.append(f"  classDef {cls} fill:{fill},stroke:{stroke},stroke-width:2px{extra}")
    for cls, ids in styles.items():
        if ids:
            lines.append(f"  class {','.join(ids)} {cls}")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes and markup as entity codes."""
    codes = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"}
    return "".join(codes.get(char, char) for char in text)
