"""The AcciMap layout: level bands stacked top to bottom, boxes ordered to cross few edges.

Theory of operation. Each entity becomes a box in one band: national, local strategic and
frontline factors, then the key practice episodes in time order (by start month, the
resolution the boxes show their dates in: the months' order is fixed, it is the time axis;
episodes that start in the same month may take any order among themselves), then the
findings, then (optionally) the sources. Two opt-in parts join the picture where they
belong: the case (by role and age band only) in two bands just below the episodes that
``concerns`` them, the subjects and then their family, whose ties to the subjects point up;
and the learning loop below the findings in three bands, recommendations, board responses
and actions, each with its arrows up to the findings, recommendations and factors it
answers (the agencies an action is owned by or a recommendation addressed to are written
in the box, not drawn). A box is as wide as its wrapped text needs, up to a
cap per band; text is never cut. A band whose boxes do not fit the page's width wraps into
several rows, so a big review grows downwards, not sideways. Inside every band (within each
start month, for the episodes), the order of the boxes is chosen to reduce edge crossings:
barycentre sweeps (each box moves to the mean x of its neighbours in other bands, sweeping
up from the episodes and down again), then adjacent swaps while they remove crossings, and
every order of the small bands where there are few; the best order seen wins (that is
``_ordering``). Finally each box is pulled towards its neighbours' x where the row has
room, so arrows run as straight as the order allows, and arrows are led through the gaps
between the boxes of the rows they cross.

Everything here is deterministic: ties break on review order, no randomness, no clock.

Where each stage lives: this module chooses what is drawn (:func:`select`); the pieces and
shared sizes are in ``_accimap_shapes``, one entity's box in ``_accimap_boxes``, rows and
positions in ``_accimap_place``, arrows in ``_accimap_route``, the ordering in
``_ordering`` and the SVG text in ``_svg``. The names the other modules use are re-exported
here.
"""

from __future__ import annotations

from collections.abc import Collection

from systemsreview.errors import NotFoundError
from systemsreview.io._accimap_boxes import make_box, patterns_note, words
from systemsreview.io._accimap_place import place
from systemsreview.io._accimap_route import bezier, route
from systemsreview.io._accimap_shapes import (
    BANDS,
    CASE_LINKS,
    FONT_SIZE,
    GROUP_LINE,
    GROUP_SIZE,
    LINE_HEIGHT,
    LOOP_BANDS,
    LOOP_LINKS,
    MARGIN,
    PAD,
    TAG_SIZE,
    TIES,
    TITLE_COLUMN,
    Bands,
    Box,
    Cluster,
    Edge,
    Layout,
    gap,
    pad,
    title_lines,
)
from systemsreview.io._factor_bands import SYSTEMS_BANDS
from systemsreview.io._factor_bands import factor_bands as by_levels
from systemsreview.io._placement import placement
from systemsreview.model import (
    EntityKind,
    Level,
    LinkKind,
    Review,
)

__all__ = [
    "BANDS",
    "CASE_LINKS",
    "FONT_SIZE",
    "GROUP_LINE",
    "GROUP_SIZE",
    "LINE_HEIGHT",
    "LOOP_BANDS",
    "LOOP_LINKS",
    "MARGIN",
    "PAD",
    "TAG_SIZE",
    "TITLE_COLUMN",
    "Bands",
    "Box",
    "Cluster",
    "Edge",
    "Layout",
    "bezier",
    "gap",
    "make_box",
    "pad",
    "patterns_note",
    "place",
    "route",
    "select",
    "title_lines",
]


def select(
    review: Review,
    *,
    focus: str | None = None,
    levels: Collection[Level | str] | None = None,
    sources: bool = False,
    loop: bool = False,
    case: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> tuple[Bands, list[Edge]]:
    """The boxes (by band) and edges of the AcciMap of ``review``.

    Args:
        review: the review to draw.
        focus: a finding id: draw only that finding, what it is evidenced by and everything
            upstream of that evidence along ``contributed_to`` links (and, with ``loop`` or
            ``case``, the loop that answers it and the people its episodes concern).
        levels: the factor levels to draw (all by default): systems levels, or (when the
            factors are banded by their taxonomy's own levels) that taxonomy's level codes
            too; episodes and findings always show.
        sources: draw the sources band and its ``evidenced_by`` arrows.
        loop: draw the learning loop's bands and their arrows.
        case: draw the bands of the subjects and their family, and their arrows.
        by_agency: draw the factors placed in an agency (``sits_in``) side by side in their
            band, each agency's together (a factor in several, in the first of them).
        levels_by: ``"taxonomy"`` to band the factors by their taxonomy's own levels where
            they are all coded in one taxonomy that has them (``_factor_bands``), else (or
            with ``"systems"``) by the three systems levels.

    Raises:
        NotFoundError: when ``focus`` is not a finding of the review.
        ModelError: for a level that is not a level, or an unknown ``levels_by``.
    """
    factor_bands = by_levels(review, levels_by)
    shown = factor_bands.selected(levels)
    keep: set[str] | None = None if focus is None else _chain(review, focus)
    if keep is not None:
        keep |= _answers(review, keep) if loop else set()
        keep |= _people(review, keep) if case else set()
    bands = Bands(factor_bands.bands + BANDS[len(SYSTEMS_BANDS) :])
    boxes: dict[str, Box] = {}
    episodes = sorted(
        enumerate(review.episodes), key=lambda p: (p[1].period.start, p[1].period.end, p[0])
    )
    candidates: list[tuple[str, object]] = [
        (band, f) for f in review.factors if (band := factor_bands.band_of(f)) in shown
    ]
    candidates += [("episodes", e) for _, e in episodes]
    candidates += [("subjects", p) for p in review.subjects] if case else []
    candidates += [("family", p) for p in review.family] if case else []
    candidates += [("findings", f) for f in review.findings]
    if loop:
        candidates += [("recommendations", r) for r in review.recommendations]
        candidates += [("responses", r) for r in review.responses]
        candidates += [("actions", a) for a in review.actions]
    candidates += [("sources", s) for s in review.sources] if sources else []
    labels = words(review) if loop or case else {}
    placed = placement(review) if by_agency else {}
    for band, entity in candidates:
        entity_id: str = entity.id  # type: ignore[attr-defined]
        if entity_id not in boxes and (keep is None or entity_id in keep):
            boxes[entity_id] = make_box(entity, band, labels, placed)
            bands[band].append(boxes[entity_id])
    bands.update({key: _together(bands[key]) for key, _ in factor_bands.bands})
    kinds = {LinkKind.CONTRIBUTED_TO, LinkKind.EVIDENCED_BY}
    kinds |= LOOP_LINKS if loop else set()
    kinds |= CASE_LINKS if case else set()
    return bands, _edges(review, boxes, kinds)


def _edges(review: Review, boxes: dict[str, Box], kinds: set[LinkKind]) -> list[Edge]:
    """The arrows between drawn boxes: one per link of ``kinds`` (a family's ties merged)."""
    edges: list[Edge] = []
    seen: set[tuple[str, str, LinkKind]] = set()
    ties: dict[tuple[str, str], Edge] = {}
    for link in review.links:
        key = (link.source, link.target, link.kind)
        if link.kind not in kinds or key in seen:
            continue
        source, target = boxes.get(link.source), boxes.get(link.target)
        if source is None or target is None or source is target:
            continue
        if link.kind is LinkKind.EVIDENCED_BY and source.band == "sources":
            continue
        seen.add(key)
        if link.kind in TIES:
            tie = ties.get((link.source, link.target))
            if tie is not None:  # one arrow per family member and subject, naming each tie
                both = {tie.kind, link.kind}  # the same arrow whatever order links come in
                tie.kind = next(kind for kind in TIES if kind in both)
                tie.label = ", ".join(kind.label for kind in TIES if kind in both)
                continue
            edges.append(Edge(source, target, link.kind, label=link.kind.label))
            ties[link.source, link.target] = edges[-1]
            continue
        edges.append(Edge(source, target, link.kind))
    return edges


def _together(boxes: list[Box]) -> list[Box]:
    """The boxes with each agency's side by side, where its first one was (else unchanged)."""
    runs: dict[str, list[Box]] = {}
    for box in boxes:
        runs.setdefault(box.cluster or f"\0{id(box)}", []).append(box)
    return [box for run in runs.values() for box in run]


def _answers(review: Review, keep: set[str]) -> set[str]:
    """The loop's entities that answer something in ``keep`` (or answer those, in turn)."""
    found: set[str] = set()
    loop = {e.id for e in review.recommendations}
    loop |= {e.id for e in review.responses} | {e.id for e in review.actions}
    grown = True
    while grown:
        grown = False
        for link in review.links:
            if (
                link.kind in LOOP_LINKS
                and link.source in loop
                and link.source not in found
                and (link.target in keep or link.target in found)
            ):
                found.add(link.source)
                grown = True
    return found


def _people(review: Review, keep: set[str]) -> set[str]:
    """The subjects and family members that the episodes and events in ``keep`` concern."""
    return {
        link.target
        for link in review.links
        if link.kind is LinkKind.CONCERNS and link.source in keep
    }


def _chain(review: Review, finding_id: str) -> set[str]:
    if review.kind_of(finding_id) is not EntityKind.FINDING:
        findings = ", ".join(f.id for f in review.findings[:10]) or "none"
        msg = (
            f"focus {finding_id!r} is not a finding of review {review.id!r} (findings: {findings})"
        )
        raise NotFoundError(msg)
    keep = {finding_id}
    stack = [
        link.target for link in review.links_from(finding_id) if link.kind is LinkKind.EVIDENCED_BY
    ]
    while stack:
        entity_id = stack.pop()
        if entity_id in keep:
            continue
        keep.add(entity_id)
        for link in review.links_to(entity_id):
            if link.kind is LinkKind.CONTRIBUTED_TO:
                stack.append(link.source)
        for link in review.links_from(entity_id):
            if (
                link.kind is LinkKind.EVIDENCED_BY
                and review.kind_of(link.target) is EntityKind.SOURCE
            ):
                keep.add(link.target)
    return keep
