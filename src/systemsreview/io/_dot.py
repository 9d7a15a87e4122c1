"""Graphviz DOT text of what :class:`~systemsreview.io._drawn.Drawn` selected.

Ranked clusters per level band stacked by invisible edges (``newrank``), each agency's
factors in a cluster of their own, the episodes kept in time order by invisible flat edges
(``remincross=false``), labels wrapped (never cut) and the Okabe-Ito colours of the SVG.
"""

from __future__ import annotations

import itertools

from systemsreview.io._drawn import CLASSES, Drawn, label_lines, start_month, style_classes
from systemsreview.model import LinkKind

__all__ = ["PREFIX", "render", "reserved"]

#: What every cluster's id starts with: dot outlines only the subgraphs so named.
PREFIX = "cluster_"
#: DOT's keywords, which it reads in any case; ids are never quoted, so none may be one.
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def reserved(name: str) -> bool:
    """Whether DOT would read ``name``, as an id, as a keyword."""
    return name.lower() in _KEYWORDS


def render(graph_id: str, drawn: Drawn) -> str:
    """The digraph named ``graph_id`` (see :func:`systemsreview.io.diagram.to_dot`)."""
    bands, edges, names, case = drawn.bands, drawn.edges, drawn.names, drawn.case
    styled = {node: cls for cls, ids in style_classes(bands, names).items() for node in ids}
    name = _dot_text(graph_id)
    lines = [
        f'digraph "{name}" {{',
        "  newrank=true; remincross=false; rankdir=TB; ranksep=0.6; nodesep=0.25;",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontsize=11,'
        ' fontname="DejaVu Sans"];',
        "  edge [arrowsize=0.7];",
    ]
    shown = [key for key, _ in drawn.order if bands[key]]
    for key, title in drawn.order:
        if not bands[key]:
            continue
        lines.append(f'  subgraph "{drawn.band_id(key)}" {{')
        lines.append(f'    label="{title}"; labeljust=l; rank=same; style=filled; color="#f6f6f6";')
        for cluster, agency, entities in drawn.runs(key):
            indent = "      " if cluster else "    "
            if cluster:
                lines.append(f'    subgraph "{cluster}" {{')
                lines.append(
                    f'      label="{_dot_text(agency)}"; labeljust=l; style="rounded,filled"; '
                    'fillcolor="#ffffff"; color="#5f5f5f"; fontcolor="#5f5f5f"; fontsize=10;'
                )
            for entity in entities:
                node = names[entity.id]
                wrapped = label_lines(entity, case, placed=drawn.placed)
                label = "\\n".join(_dot_text(line) for line in wrapped)
                colour = ""
                if node in styled:
                    fill, stroke, dash = CLASSES[styled[node]]
                    dashed = ",dashed" if dash else ""
                    colour = (
                        f', fillcolor="{fill}", color="{stroke}", style="rounded,filled{dashed}"'
                    )
                lines.append(f'{indent}{node} [label="{label}"{colour}];')
            if cluster:
                lines.append("    }")
        lines.append("  }")
    for upper, lower in itertools.pairwise(shown):
        top, bottom = names[bands[upper][0].id], names[bands[lower][0].id]
        lines.append(f"  {top} -> {bottom} [style=invis, weight=0];")
    months = [list(run) for _, run in itertools.groupby(bands["episodes"], key=start_month)]
    for earlier, later in itertools.pairwise(months):
        # flat edges keep their ends left to right (remincross=false stops dot's last pass
        # undoing that across clusters): each month's episodes before the next month's
        lines += [
            f"  {names[a.id]} -> {names[b.id]} [style=invis];" for a in earlier for b in later
        ]
    for source, target, kind in edges:
        style = "" if kind is LinkKind.CONTRIBUTED_TO else " [style=dashed]"
        lines.append(f"  {source} -> {target}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
