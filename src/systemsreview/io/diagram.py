"""Diagrams of a review's causal graph: an AcciMap in SVG, and Mermaid or Graphviz DOT text.

Both lay the graph out by level, AcciMap-style: national factors at the top, then local
strategic factors, frontline factors, episodes and findings. Which entity kinds and link
kinds appear is configurable; by default the causal picture (factors, episodes, findings
and the ``contributed_to`` and ``evidenced_by`` links between them).

>>> from systemsreview.examples import domestic_abuse_review
>>> text = to_mermaid(domestic_abuse_review())
>>> print(text.splitlines()[0])
flowchart TB
>>> "f_throughput_culture -->|contributed to| f_first_home_visit" in text
True
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Collection

from systemsreview.errors import ModelError
from systemsreview.io import _accimap, _ordering, _svg
from systemsreview.io._case_labels import case_labels
from systemsreview.io._factor_bands import SYSTEMS_BANDS, FactorBands
from systemsreview.io._factor_bands import factor_bands as by_levels
from systemsreview.io._placement import Placement, also_text, placement
from systemsreview.io._textwidth import wrap
from systemsreview.model import (
    Action,
    ContributoryFactor,
    Entity,
    EntityKind,
    Episode,
    Finding,
    Level,
    LinkKind,
    Recommendation,
    Response,
    Review,
)
from systemsreview.rules import redact

__all__ = [
    "CASE_KINDS",
    "CASE_LINKS",
    "CAUSAL_KINDS",
    "CAUSAL_LINKS",
    "LOOP_KINDS",
    "LOOP_LINKS",
    "to_dot",
    "to_mermaid",
    "to_svg",
]

CAUSAL_KINDS: frozenset[EntityKind] = frozenset(
    {EntityKind.FACTOR, EntityKind.EPISODE, EntityKind.FINDING}
)
CAUSAL_LINKS: frozenset[LinkKind] = frozenset({LinkKind.CONTRIBUTED_TO, LinkKind.EVIDENCED_BY})
#: The learning loop, to add to the causal picture: ``kinds=CAUSAL_KINDS | LOOP_KINDS``.
LOOP_KINDS: frozenset[EntityKind] = frozenset(
    {EntityKind.RECOMMENDATION, EntityKind.RESPONSE, EntityKind.ACTION}
)
LOOP_LINKS: frozenset[LinkKind] = frozenset(
    {LinkKind.RESTS_ON, LinkKind.RESPONDS_TO, LinkKind.ADDRESSES}
)
#: The case, to add to the causal picture: ``kinds=CAUSAL_KINDS | CASE_KINDS``. Subjects
#: and family members are drawn by role and age band only (never sex, ethnicity,
#: disability, characteristics or id); ``concerns`` joins them to the episodes.
CASE_KINDS: frozenset[EntityKind] = frozenset({EntityKind.SUBJECT, EntityKind.FAMILY_MEMBER})
CASE_LINKS: frozenset[LinkKind] = frozenset(
    {LinkKind.CONCERNS, LinkKind.LIVES_WITH, LinkKind.CARES_FOR}
)

#: Fill, border and whether dashed, per style class (Okabe-Ito vermillion, blue, orange).
_CLASSES = {
    "hindering": ("#fbe3d6", "#d55e00", False),
    "supportive": ("#dcebf5", "#0072b2", True),
    "mixed": ("#fdf0cc", "#e69f00", False),
    "loop": ("#d9f2ea", "#009e73", True),
    "case": ("#f7e6f0", "#cc79a7", False),
}

_BANDS = (
    ("national", "National"),
    ("local_strategic", "Local strategic"),
    ("frontline", "Frontline"),
    ("episodes", "Key practice episodes"),
    ("subjects", "At the centre of the review"),
    ("family", "The family"),
    ("findings", "Findings"),
    ("loop", "Learning loop: recommendations, board responses, actions"),
    ("other", "Other"),
)
_LOOP = (EntityKind.RECOMMENDATION, EntityKind.RESPONSE, EntityKind.ACTION)
_CASE = (EntityKind.SUBJECT, EntityKind.FAMILY_MEMBER)
_KIND_BANDS = {
    **dict.fromkeys(_LOOP, "loop"),
    EntityKind.SUBJECT: "subjects",
    EntityKind.FAMILY_MEMBER: "family",
}


def _band(entity: Entity, factor_bands: FactorBands) -> str:
    if isinstance(entity, ContributoryFactor):
        return factor_bands.band_of(entity)
    if isinstance(entity, Episode):
        return "episodes"
    if isinstance(entity, Finding):
        return "findings"
    return _KIND_BANDS.get(entity.entity_kind, "other")


def _label(entity: Entity, case: dict[str, str]) -> str:
    """The entity's full text (never cut): its title, name, role, statement or description.

    A response shows its decision, an action its status: the learning loop is marked. A
    subject or family member shows its role and age band only (``case``, by id).
    """
    if entity.entity_kind in _CASE:
        return case[entity.id]
    if isinstance(entity, Response):
        return f"Board response ({entity.decision.label}, {entity.when}): {entity.text}".strip()
    if isinstance(entity, Action):
        due = f", due {entity.due}" if entity.due else ""
        return f"Action ({entity.status.label}{due}): {' '.join(entity.what.split())}"
    if isinstance(entity, Recommendation):
        return f"Recommendation: {' '.join(entity.statement.split())}"
    for name in ("title", "name", "role", "statement", "description"):
        text = getattr(entity, name, None)
        if isinstance(text, str):
            return " ".join(text.split())
    return entity.id


def _wrapped(
    entity: Entity,
    case: dict[str, str],
    *,
    width: float = 220,
    size: float = 12,
    placed: dict[str, Placement] | None = None,
) -> list[str]:
    lines = wrap(_label(entity, case), width, size)
    drawn = (placed or {}).get(entity.id)
    if drawn is not None and drawn.also:  # drawn in its first agency: say where else
        lines += wrap(f"({also_text(drawn)})", width, size)
    return lines


class _Names(dict[str, str]):
    """Diagram-safe node names, unique even when two ids differ only in punctuation."""

    def add(self, entity_id: str, base: str | None = None) -> str:
        """Give ``entity_id`` its node name (once, made from ``base`` if given) and return it."""
        if entity_id in self:
            return self[entity_id]
        safe = re.sub(r"\W", "_", entity_id if base is None else base)
        safe = safe if safe[:1].isalpha() else f"n_{safe}"
        taken = set(self.values())
        name, number = safe, 1
        while name in taken:
            number += 1
            name = f"{safe}_{number}"
        self[entity_id] = name
        return name


def _when(entity: Entity) -> tuple[dt.date, dt.date]:
    assert isinstance(entity, Episode)  # only episodes sit in the episodes band
    return entity.period.start, entity.period.end


def _start_month(entity: Entity) -> tuple[int, int]:
    start = _when(entity)[0]
    return start.year, start.month


class _Drawn:
    """What Mermaid and DOT draw of a review.

    Entities by band, edges, node names, the case's labels and where each factor is drawn
    (when grouping by agency).
    """

    def __init__(
        self,
        review: Review,
        kinds: Collection[EntityKind],
        links: Collection[LinkKind],
        *,
        redacted: bool,
        by_agency: bool,
        levels_by: str,
    ) -> None:
        if redacted:
            review = redact(review)
        factor_bands = by_levels(review, levels_by)
        #: The bands' keys and titles, top to bottom.
        self.order = factor_bands.bands + _BANDS[len(SYSTEMS_BANDS) :]
        self.bands, self.edges, self.names, self.case = _select(
            review, kinds, links, factor_bands, self.order
        )
        self.placed = placement(review) if by_agency else {}

    def runs(self, key: str) -> list[tuple[str, str, list[Entity]]]:
        """The band's entities as runs: ``(cluster name, agency name, entities)``.

        Each agency's factors together where its first one was; unplaced ones alone, unnamed.
        """
        runs: dict[str, tuple[str, str, list[Entity]]] = {}
        for entity in self.bands[key]:
            drawn = self.placed.get(entity.id) if isinstance(entity, ContributoryFactor) else None
            if drawn is None:
                runs[f"\0{entity.id}"] = ("", "", [entity])
                continue
            if drawn.agency not in runs:
                cluster = self.names.add(
                    f"\0agency\0{key}\0{drawn.agency}", f"agency_{key}_{drawn.agency}"
                )
                runs[drawn.agency] = (cluster, drawn.name, [])
            runs[drawn.agency][2].append(entity)
        return list(runs.values())


def _select(
    review: Review,
    kinds: Collection[EntityKind],
    links: Collection[LinkKind],
    factor_bands: FactorBands,
    order: tuple[tuple[str, str], ...],
) -> tuple[dict[str, list[Entity]], list[tuple[str, str, LinkKind]], _Names, dict[str, str]]:
    bands: dict[str, list[Entity]] = {key: [] for key, _ in order}
    names = _Names()
    for entity in review.entities():
        if entity.entity_kind in kinds and entity.id not in names:
            bands[_band(entity, factor_bands)].append(entity)
            names.add(entity.id)
    bands["episodes"].sort(key=_when)
    edges = [
        (names[link.source], names[link.target], link.kind)
        for link in review.links
        if link.kind in links and link.source in names and link.target in names
    ]
    return bands, edges, names, case_labels(review)


def to_mermaid(
    review: Review,
    *,
    kinds: Collection[EntityKind] = CAUSAL_KINDS,
    links: Collection[LinkKind] = CAUSAL_LINKS,
    redacted: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> str:
    """The review as a Mermaid flowchart, one subgraph per level band, stacked top to bottom.

    Inside a band boxes run left to right; invisible links (``~~~``) stack the bands.
    ``contributed to`` arrows are solid, ``evidenced by`` dotted. Hindering factors and
    problematic episodes have a vermillion border, supportive factors and good episodes a
    blue dashed one, mixed episodes an orange one (the Okabe-Ito palette). With
    ``kinds=CAUSAL_KINDS | LOOP_KINDS, links=CAUSAL_LINKS | LOOP_LINKS`` the learning loop
    joins the picture: recommendations, board responses (with their decision) and actions
    (with their status and due day) in a band of their own below the findings, in green
    dashed boxes, their arrows dotted. Factors are banded as in :func:`to_svg`: by their
    taxonomy's own levels when all are coded in one that has them (``levels_by``).
    Factors placed in an agency (``sits_in``) sit in a subgraph of their band named after
    the agency, as in :func:`to_svg` (a factor in several agencies in the first, its label
    saying where else); ``by_agency=False`` leaves those subgraphs out.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> text = to_mermaid(domestic_abuse_review(), kinds=CAUSAL_KINDS | LOOP_KINDS,
    ...                   links=CAUSAL_LINKS | LOOP_LINKS)
    >>> "act_first_home_visits -.->|addresses| finding_voice_of_child" in text
    True
    """
    drawn = _Drawn(
        review, kinds, links, redacted=redacted, by_agency=by_agency, levels_by=levels_by
    )
    bands, edges, names, case = drawn.bands, drawn.edges, drawn.names, drawn.case
    lines = ["flowchart TB"]
    shown = [key for key, _ in drawn.order if bands[key]]
    for key, title in drawn.order:
        if not bands[key]:
            continue
        lines.append(f'  subgraph {key}["{title}"]')
        lines.append("    direction LR")
        for cluster, agency, entities in drawn.runs(key):
            indent = "      " if cluster else "    "
            if cluster:
                lines.append(f'    subgraph {cluster}["{_mermaid_text(agency)}"]')
                lines.append("      direction LR")
            for entity in entities:
                # Mermaid sets labels at 16 px and wraps them again past 200 px: fit that
                wrapped = _wrapped(entity, case, width=_MERMAID_WRAP, size=16, placed=drawn.placed)
                label = "<br/>".join(_mermaid_text(line) for line in wrapped)
                lines.append(f'{indent}{names[entity.id]}["{label}"]')
            if cluster:
                lines.append("    end")
        lines.append("  end")
    lines += [f"  {upper} ~~~ {lower}" for upper, lower in itertools.pairwise(shown)]
    for source, target, kind in edges:
        arrow = "-->" if kind is LinkKind.CONTRIBUTED_TO else "-.->"
        lines.append(f"  {source} {arrow}|{kind.label}| {target}")
    styles = _styles(bands, names)
    for cls, (fill, stroke, dash) in _CLASSES.items():
        if cls in ("loop", "case") and not styles[cls]:
            continue  # the causal picture alone reads as it always did
        extra = ",stroke-dasharray:5 3" if dash else ""
        lines.append(f"  classDef {cls} fill:{fill},stroke:{stroke},stroke-width:2px{extra}")
    for cls, ids in styles.items():
        if ids:
            lines.append(f"  class {','.join(ids)} {cls}")
    return "\n".join(lines) + "\n"


_MERMAID_WRAP = 180.0  # Mermaid's flowchart.wrappingWidth (200 px), less a margin for its fonts


def _mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label: quotes and markup as entity codes."""
    codes = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;"}
    return "".join(codes.get(char, char) for char in text)


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(
    review: Review,
    *,
    kinds: Collection[EntityKind] = CAUSAL_KINDS,
    links: Collection[LinkKind] = CAUSAL_LINKS,
    redacted: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> str:
    """The review as Graphviz DOT: ranked clusters per level band, stacked top to bottom.

    Uses ``newrank`` so each band is one rank inside its cluster, invisible edges to stack
    the bands in level order, invisible flat edges (kept by ``remincross=false``) to keep
    the episodes in time order by start month (as the AcciMap does), labels wrapped (never
    cut) and the Okabe-Ito colours of the SVG; ``evidenced by`` arrows are dashed. Factors
    placed in an agency (``sits_in``) sit in a ``cluster_agency_...`` subgraph of their
    band, outlined and labelled with the agency's name, as in :func:`to_svg`;
    ``by_agency=False`` leaves those clusters out. Factors are banded as in :func:`to_svg`
    (``levels_by``).

    >>> from systemsreview.examples import domestic_abuse_review
    >>> print(to_dot(domestic_abuse_review()).splitlines()[0])
    digraph "lscb-2011-da" {
    """
    drawn = _Drawn(
        review, kinds, links, redacted=redacted, by_agency=by_agency, levels_by=levels_by
    )
    bands, edges, names, case = drawn.bands, drawn.edges, drawn.names, drawn.case
    styled = {node: cls for cls, ids in _styles(bands, names).items() for node in ids}
    name = _dot_text(review.id)
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
        lines.append(f'  subgraph "cluster_{key}" {{')
        lines.append(f'    label="{title}"; labeljust=l; rank=same; style=filled; color="#f6f6f6";')
        for cluster, agency, entities in drawn.runs(key):
            indent = "      " if cluster else "    "
            if cluster:
                lines.append(f'    subgraph "cluster_{cluster}" {{')
                lines.append(
                    f'      label="{_dot_text(agency)}"; labeljust=l; style="rounded,filled"; '
                    'fillcolor="#ffffff"; color="#5f5f5f"; fontcolor="#5f5f5f"; fontsize=10;'
                )
            for entity in entities:
                node = names[entity.id]
                wrapped = _wrapped(entity, case, placed=drawn.placed)
                label = "\\n".join(_dot_text(line) for line in wrapped)
                colour = ""
                if node in styled:
                    fill, stroke, dash = _CLASSES[styled[node]]
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
    months = [list(run) for _, run in itertools.groupby(bands["episodes"], key=_start_month)]
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


def _styles(bands: dict[str, list[Entity]], names: _Names) -> dict[str, list[str]]:
    styles: dict[str, list[str]] = {key: [] for key in _CLASSES}
    for entities in bands.values():
        for entity in entities:
            if isinstance(entity, ContributoryFactor):
                styles[entity.valence.value].append(names[entity.id])
            elif entity.entity_kind in _LOOP:
                styles["loop"].append(names[entity.id])
            elif entity.entity_kind in _CASE:
                styles["case"].append(names[entity.id])
            elif isinstance(entity, Episode):
                if entity.appraisal.value == "problematic":
                    styles["hindering"].append(names[entity.id])
                elif entity.appraisal.value == "good":
                    styles["supportive"].append(names[entity.id])
                else:
                    styles["mixed"].append(names[entity.id])
    return styles


def to_svg(
    review: Review,
    *,
    focus: str | None = None,
    levels: Collection[Level | str] | None = None,
    sources: bool = False,
    width: int = 1600,
    loop: bool = False,
    case: bool = False,
    redacted: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> str:
    """The review's AcciMap as a standalone SVG document, with no system dependency.

    One horizontal band per level (national, local strategic, frontline), the key practice
    episodes below them along a time axis, then the findings with dashed arrows to the
    evidence they rest on (and, with ``sources``, the sources). Boxes are sized to their
    wrapped text, which is never cut; each box's full text is also its ``<title>`` tooltip.
    Boxes inside a band are ordered to reduce crossing arrows. A band that does not fit
    ``width`` wraps into rows, so the picture grows down, never wider than ``width``. Text
    widths are estimated from a per-character table for the font stack the SVG names
    (DejaVu Sans, Verdana, ...), so no font file or system library is needed, and the same
    review always gives the same bytes.

    With ``loop``, the learning loop follows the findings in three bands: recommendations
    (and to whom), board responses (their decision and month) and actions (status, due and
    completed months, owning agencies), each with dotted arrows up to the findings,
    recommendations and factors it answers. With ``case``, the subjects and then their
    family sit just below the episodes, by role and age band only (never sex, ethnicity,
    disability, characteristics or id), with the episodes' ``concerns`` arrows and one
    arrow from each family member to each subject it lives with or cares for.

    Factors placed in an agency (``sits_in``) sit side by side in their level band inside
    a light outline headed by the agency's name, as the review records it; unplaced
    factors are drawn as before, outside every outline. A factor placed in several
    agencies is drawn once, in the first of them (in the order its ``sits_in`` links are
    recorded), and its box says ``also:`` and the others. A placement that dangles or
    points at something other than an agency is left out (the rules report it). A review
    with no placement draws as it always did; ``by_agency=False`` leaves the grouping out.
    A finding's box names all its patterns, primary first.

    Factors coded in a taxonomy that brings its own levels (``ACCIMAP``'s six) are drawn in
    one band per level of that taxonomy, in its order and titled with its labels, when
    every factor of the review is coded in it (``levels_by="taxonomy"``, the default);
    otherwise, or with ``levels_by="systems"``, in the three systems bands, each factor by
    the level it records (a review mixing taxonomies, or holding a code no registered
    taxonomy knows, draws that way). Learning Together's levels are the systems levels.

    Args:
        review: the review to draw.
        focus: a finding id: draw only that finding's causal chain (its evidence and
            everything upstream of it).
        levels: the factor levels to draw, e.g. ``("local_strategic", "national")``;
            every level by default. A systems level draws every band mapped to it; when
            the factors are banded by a taxonomy's own levels, one of its level codes
            (``"accimap_regulators"``) draws that band alone.
        sources: add a band of sources with the ``evidenced by`` arrows that reach them.
        width: the widest the picture may be, in pixels (at least 640).
        loop: add the learning loop's bands (with ``focus``, the loop answering that finding).
        case: add the subjects' and family's bands (with ``focus``, the people its episodes
            concern).
        redacted: draw :func:`~systemsreview.rules.redact` of the review: no restricted
            event or source (or link to one) reaches the picture.
        by_agency: group the factors placed in an agency inside its outline.
        levels_by: ``"taxonomy"`` (band the factors by their taxonomy's own levels, where
            they are all coded in one that has them) or ``"systems"`` (the three systems
            levels, always).

    Raises:
        NotFoundError: when ``focus`` is not a finding of the review.
        ModelError: when ``width`` is below 640, a level is not a level or ``levels_by``
            is not a way to band the factors (a ``ValueError``).

    >>> from systemsreview.examples import domestic_abuse_review
    >>> svg = to_svg(domestic_abuse_review())
    >>> svg.startswith("<svg") and 'viewBox="0 0 ' in svg
    True
    >>> "Officers unsure whether they" in svg
    True
    >>> "Child 1, aged 6-10" in to_svg(domestic_abuse_review(), case=True)
    True
    >>> from systemsreview.examples import hidden_child_review
    >>> 'data-agency="school"' in to_svg(hidden_child_review())
    True
    >>> "also: Children" in to_svg(hidden_child_review())
    True
    """
    if width < 640:
        msg = f"width={width} is too narrow for an AcciMap; give at least 640 pixels"
        raise ModelError(msg)
    if redacted:
        review = redact(review)
    bands, edges = _accimap.select(
        review,
        focus=focus,
        levels=levels,
        sources=sources,
        loop=loop,
        case=case,
        by_agency=by_agency,
        levels_by=levels_by,
    )
    page = float(width)
    result = _ordering.layout(bands, edges, page)
    count = sum(len(boxes) for boxes in bands.values())
    own = by_levels(review, levels_by).taxonomy
    factors = (
        "national at the top, then local strategic and frontline factors"
        if own is None
        else f"the {len(own.levels)} levels of taxonomy {own.name} from the top"
    )
    description = (
        f"AcciMap of {review.id}: {count} boxes in level bands ({factors}, "
        f"key practice episodes in time order, "
        f"findings{', the learning loop' if loop else ''}"
        f"{', the child and family' if case else ''}) and {len(edges)} arrows"
        + (
            f"; factors grouped in {len({c.agency for c in result.clusters})} agencies"
            if result.clusters
            else ""
        )
        + (f", showing the causal chain of finding {focus}" if focus else "")
        + "."
    )
    return _svg.render(result, review.title, description)
