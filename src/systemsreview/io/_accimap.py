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
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection
from dataclasses import dataclass, field

from systemsreview.errors import ModelError, NotFoundError
from systemsreview.io._case_labels import case_labels
from systemsreview.io._placement import Placement, also_text, placement
from systemsreview.io._textwidth import text_width, wrap
from systemsreview.model import (
    Action,
    ContributoryFactor,
    DatePrecision,
    EntityKind,
    Episode,
    FamilyMember,
    Finding,
    Level,
    LinkKind,
    Pattern,
    Recommendation,
    Response,
    Review,
    Source,
    Subject,
)

__all__ = [
    "BANDS",
    "CASE_LINKS",
    "LOOP_BANDS",
    "LOOP_LINKS",
    "Box",
    "Cluster",
    "Edge",
    "Layout",
    "gap",
    "pad",
    "patterns_note",
    "place",
    "route",
    "select",
]

#: Band key and title, top to bottom.
BANDS: tuple[tuple[str, str], ...] = (
    ("national", "National"),
    ("local_strategic", "Local strategic"),
    ("frontline", "Frontline"),
    ("episodes", "Key practice episodes"),
    ("subjects", "At the centre of the review"),
    ("family", "The family"),
    ("findings", "Findings"),
    ("recommendations", "Recommendations"),
    ("responses", "Board responses"),
    ("actions", "Actions"),
    ("sources", "Sources"),
)
#: The learning loop's bands, and its links (each drawn from the loop up to what it answers).
LOOP_BANDS = ("recommendations", "responses", "actions")
LOOP_LINKS = frozenset({LinkKind.RESTS_ON, LinkKind.RESPONDS_TO, LinkKind.ADDRESSES})
#: The case's links: an episode ``concerns`` a person; a family member's ties to a subject.
CASE_LINKS = frozenset({LinkKind.CONCERNS, LinkKind.LIVES_WITH, LinkKind.CARES_FOR})
_TIES = (LinkKind.LIVES_WITH, LinkKind.CARES_FOR)

FONT_SIZE = 12.0
TAG_SIZE = 11.0
LINE_HEIGHT = 15.0
PAD = 8.0
MARGIN = 16.0
TITLE_COLUMN = 150.0
HEADER = 44.0
MIN_WIDTH = 640.0
H_GAP = 22.0
ROW_GAP = 44.0
BAND_PAD = 18.0
_TEXT_WIDTH = {
    "episodes": 190.0,
    "findings": 300.0,
    "sources": 170.0,
    "subjects": 150.0,
    "family": 150.0,
    "recommendations": 240.0,
    "responses": 240.0,
    "actions": 220.0,
}
_FACTOR_TEXT_WIDTH = 200.0
#: An agency's outline: room between it and its boxes, its name's size and line height.
GROUP_PAD = 10.0
GROUP_SIZE = 11.0
GROUP_LINE = 14.0
_BELOW = {"episodes": 22.0}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(eq=False)
class Box:
    """One entity drawn as a box: its wrapped text, style and place."""

    id: str
    band: str
    style: str
    tag: str
    text: str
    lines: list[str]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0
    row: int = 0
    note: str = ""
    #: The note as drawn: one line, or (in the loop's boxes, whose notes name agencies)
    #: wrapped to the box's width.
    notes: list[str] = field(default_factory=list)
    #: Boxes may trade places only with boxes of the same ``group`` (an episode's start
    #: month; the same for every box of the other bands).
    group: tuple[int, int] = (0, 0)
    #: The agency a factor is drawn in (its id and name; ``""`` when unplaced): the boxes
    #: of one agency stay side by side in their band, inside the agency's outline.
    cluster: str = ""
    cluster_name: str = ""

    @property
    def cx(self) -> float:
        """The x of the box's centre."""
        return self.x + self.w / 2


@dataclass(eq=False)
class Edge:
    """One arrow of ``kind`` (a causal, evidence, loop or case link); points set by routing.

    ``label`` (when set) is the arrow's tooltip: a family member's ties to a subject are
    one arrow, labelled with all of them (``lives with, cares for``).
    """

    source: Box
    target: Box
    kind: LinkKind
    points: tuple[tuple[float, float], ...] = ()
    label: str = ""


@dataclass(eq=False)
class Cluster:
    """The outline of an agency's factors in one row of a band, with the agency's name."""

    agency: str
    band: str
    lines: list[str]
    members: list[Box]
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0


@dataclass(eq=False)
class Layout:
    """Boxes by band (in drawing order), edges, band extents and the page size."""

    bands: dict[str, list[Box]]
    edges: list[Edge]
    rows: list[list[Box]] = field(default_factory=list)
    #: The agencies' outlines, one per run of an agency's factors in a row.
    clusters: list[Cluster] = field(default_factory=list)
    band_top: dict[str, float] = field(default_factory=dict)
    band_bottom: dict[str, float] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


def _month(day: dt.date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """The month of ``day`` (the year alone when that is all the date gives)."""
    if precision is DatePrecision.YEAR:
        return f"{day.year}"
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _box(entity: object, band: str, words: dict[str, str], placed: dict[str, Placement]) -> Box:
    """The box of ``entity``.

    ``words`` holds the case's labels and the loop's agencies, ``placed`` the agency each
    factor is drawn in (when grouping by agency).
    """
    note = ""
    group = (0, 0)
    wrapped_note = False
    cluster = cluster_name = ""
    if isinstance(entity, ContributoryFactor):
        style, tag, text = entity.valence.value, entity.valence.value.upper(), entity.description
        drawn = placed.get(entity.id)
        if drawn is not None:
            cluster, cluster_name = drawn.agency, drawn.name
            note, wrapped_note = also_text(drawn), True
    elif isinstance(entity, Episode):
        period = entity.period
        start = _month(period.start, period.start_precision)
        end = _month(period.end, period.end_precision)
        note = start if start == end else f"{start} \u2013 {end}"
        group = (entity.period.start.year, entity.period.start.month)
        style, tag, text = entity.appraisal.value, entity.appraisal.value.upper(), entity.title
    elif isinstance(entity, Finding):
        style, tag, text = "finding", f"{entity.valence.value.upper()} FINDING", entity.statement
        note, wrapped_note = patterns_note(entity), bool(entity.other_patterns)
    elif isinstance(entity, Subject | FamilyMember):
        style, text = "case", words[entity.id]
        tag = "SUBJECT" if isinstance(entity, Subject) else "FAMILY"
    elif isinstance(entity, Recommendation):
        style, tag, text = "loop", "RECOMMENDATION", entity.statement
        to = " ".join(entity.addressee.split()) or words.get(entity.id, "")
        note, wrapped_note = (f"to {to}" if to else ""), True
    elif isinstance(entity, Response):
        style, tag = "loop", entity.decision.label.upper()
        text = entity.text or "(no text recorded)"
        note = f"Board response, {_month(entity.when)}"
    elif isinstance(entity, Action):
        style, tag, text = "loop", entity.status.label.upper(), entity.what
        parts = ["Action"]
        parts += [f"due {_month(entity.due)}"] if entity.due else []
        parts += [f"completed {_month(entity.completed)}"] if entity.completed else []
        parts += [f"owned by {words[entity.id]}"] if entity.id in words else []
        note, wrapped_note = ", ".join(parts), True
    else:
        assert isinstance(entity, Source)  # select() admits no other kind
        style, tag, text = "source", "SOURCE", entity.description
        note = entity.kind.label
    cap = _TEXT_WIDTH.get(band, _FACTOR_TEXT_WIDTH)
    lines = wrap(text, cap, FONT_SIZE)
    notes = (wrap(note, cap, TAG_SIZE) if wrapped_note else [note]) if note else []
    inner = max(
        *(text_width(line, FONT_SIZE) for line in lines),
        *(text_width(line, TAG_SIZE) for line in notes),
        text_width(tag, TAG_SIZE, bold=True),
        80.0,
    )
    width = round(inner + 2 * PAD + 1)
    height = round(2 * PAD + LINE_HEIGHT * (len(lines) + 1 + len(notes)) + 4)
    return Box(
        entity.id,
        band,
        style,
        tag,
        text,
        lines,
        width,
        height,
        note=note,
        notes=notes,
        group=group,
        cluster=cluster,
        cluster_name=cluster_name,
    )


#: Short names of the patterns, for a finding resting on several (the typology's own
#: labels are long: one pattern keeps its full label).
_SHORT_PATTERNS = {
    Pattern.INCIDENTS_AND_CRISES: "incidents and crises",
    Pattern.LONGER_TERM_WORK: "assessment and longer-term work",
    Pattern.HUMAN_REASONING: "human reasoning",
    Pattern.FAMILY_PROFESSIONAL: "family-professional interactions",
    Pattern.TOOLS: "tools",
    Pattern.MANAGEMENT_SYSTEMS: "management systems",
}


def patterns_note(finding: Finding) -> str:
    """A finding's patterns in a few words, primary first.

    Its primary pattern's label when it rests on one, else every pattern's short name
    (``incidents and crises + human reasoning``).
    """
    if not finding.other_patterns:
        return finding.pattern.label
    return " + ".join(_SHORT_PATTERNS.get(p, p.label) for p in finding.patterns)


def _words(review: Review) -> dict[str, str]:
    """The case's labels, and the agencies owning each action or addressed by a recommendation."""
    words = case_labels(review)
    names = {agency.id: agency.name for agency in review.agencies}
    agencies: dict[str, list[str]] = {}
    for link in review.links:
        if link.kind in (LinkKind.OWNED_BY, LinkKind.ADDRESSED_TO) and link.target in names:
            found = agencies.setdefault(link.source, [])
            if names[link.target] not in found:
                found.append(names[link.target])
    words.update((key, ", ".join(found)) for key, found in agencies.items())
    return words


def select(
    review: Review,
    *,
    focus: str | None = None,
    levels: Collection[Level | str] | None = None,
    sources: bool = False,
    loop: bool = False,
    case: bool = False,
    by_agency: bool = True,
) -> tuple[dict[str, list[Box]], list[Edge]]:
    """The boxes (by band) and edges of the AcciMap of ``review``.

    Args:
        review: the review to draw.
        focus: a finding id: draw only that finding, what it is evidenced by and everything
            upstream of that evidence along ``contributed_to`` links (and, with ``loop`` or
            ``case``, the loop that answers it and the people its episodes concern).
        levels: the factor levels to draw (all by default); episodes and findings always show.
        sources: draw the sources band and its ``evidenced_by`` arrows.
        loop: draw the learning loop's bands and their arrows.
        case: draw the bands of the subjects and their family, and their arrows.
        by_agency: draw the factors placed in an agency (``sits_in``) side by side in their
            band, each agency's together (a factor in several, in the first of them).

    Raises:
        NotFoundError: when ``focus`` is not a finding of the review.
    """
    shown_levels = set(Level) if levels is None else {_level(level) for level in levels}
    keep: set[str] | None = None if focus is None else _chain(review, focus)
    if keep is not None:
        keep |= _answers(review, keep) if loop else set()
        keep |= _people(review, keep) if case else set()
    bands: dict[str, list[Box]] = {key: [] for key, _ in BANDS}
    boxes: dict[str, Box] = {}
    episodes = sorted(
        enumerate(review.episodes), key=lambda p: (p[1].period.start, p[1].period.end, p[0])
    )
    candidates: list[tuple[str, object]] = [
        (f.level.value, f) for f in review.factors if f.level in shown_levels
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
    words = _words(review) if loop or case else {}
    placed = placement(review) if by_agency else {}
    for band, entity in candidates:
        entity_id: str = entity.id  # type: ignore[attr-defined]
        if entity_id not in boxes and (keep is None or entity_id in keep):
            boxes[entity_id] = _box(entity, band, words, placed)
            bands[band].append(boxes[entity_id])
    bands.update({level.value: _together(bands[level.value]) for level in Level})
    kinds = {LinkKind.CONTRIBUTED_TO, LinkKind.EVIDENCED_BY}
    kinds |= LOOP_LINKS if loop else set()
    kinds |= CASE_LINKS if case else set()
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
        if link.kind in _TIES:
            tie = ties.get((link.source, link.target))
            if tie is not None:  # one arrow per family member and subject, naming each tie
                tie.label = f"{tie.label}, {link.kind.label}"
                continue
            edges.append(Edge(source, target, link.kind, label=link.kind.label))
            ties[link.source, link.target] = edges[-1]
            continue
        edges.append(Edge(source, target, link.kind))
    return bands, edges


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


def _level(value: Level | str) -> Level:
    try:
        return Level(value)
    except ValueError:
        choices = ", ".join(level.value for level in Level)
        msg = f"levels: {value!r} is not a level; choose from {choices}"
        raise ModelError(msg) from None


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


def pad(box: Box) -> float:
    """Room beside ``box`` for its agency's outline (none for an unplaced box)."""
    return GROUP_PAD if box.cluster else 0.0


def gap(a: Box, b: Box, base: float) -> float:
    """The least room between neighbours ``a`` and ``b``.

    ``base`` inside one agency (or between unplaced boxes); across an agency's outline,
    ``base`` outside the outline too.
    """
    return base if a.cluster == b.cluster else base + pad(a) + pad(b)


def _span(row: list[Box], base: float) -> float:
    """The width of a row of boxes (with their outlines) at least ``base`` apart."""
    inner = sum(gap(a, b, base) for a, b in itertools.pairwise(row))
    return sum(b.w for b in row) + inner + pad(row[0]) + pad(row[-1])


def _runs(row: list[Box]) -> list[list[Box]]:
    """The row cut where the agency changes: each agency's boxes together, unplaced alone."""
    runs: list[list[Box]] = []
    for box in row:
        if runs and box.cluster and runs[-1][-1].cluster == box.cluster:
            runs[-1].append(box)
        else:
            runs.append([box])
    return runs


def _rows(boxes: list[Box], available: float) -> list[list[Box]]:
    """Boxes in order, packed into as few rows as fit, then balanced across those rows.

    An agency's boxes start a new row together rather than split, where they fit in one.
    """
    starts = {id(run[0]): _span(run, H_GAP) for run in _runs(boxes) if run[0].cluster}

    def pack(capacity: float) -> list[list[Box]]:
        rows: list[list[Box]] = [[]]
        used = 0.0
        for box in boxes:
            need = box.w + (gap(rows[-1][-1], box, H_GAP) if rows[-1] else pad(box))
            whole = starts.get(id(box))  # an agency's boxes, from this first one
            if rows[-1] and (
                used + need + pad(box) > capacity
                or (
                    whole is not None
                    and whole <= capacity
                    and used + need - box.w - pad(box) + whole > capacity
                )
            ):
                rows.append([])
                used, need = 0.0, box.w + pad(box)
            rows[-1].append(box)
            used += need
        return rows

    rows = pack(available)
    if len(rows) > 1:
        total = _span(boxes, H_GAP) - H_GAP * (len(rows) - 1)
        widest = max(b.w + 2 * pad(b) for b in boxes)
        balanced = pack(min(available, total / len(rows) + widest))
        if len(balanced) == len(rows):
            rows = balanced
    return rows


def _head(row: list[Box]) -> tuple[float, dict[int, list[str]]]:
    """Room above a row for its agencies' names, and each name's lines (by first box).

    A name wraps to the narrowest its boxes can be drawn (never cut); none in a row of
    unplaced boxes.
    """
    lines = {
        id(run[0]): wrap(run[0].cluster_name, _span(run, H_GAP) - 12, GROUP_SIZE, bold=True)
        for run in _runs(row)
        if run[0].cluster
    }
    if not lines:
        return 0.0, lines
    return 4 + GROUP_LINE * max(len(v) for v in lines.values()) + 8, lines


def place(bands: dict[str, list[Box]], edges: list[Edge], width: float) -> Layout:
    """Rows, y and x of every box, for the band orders given; then the page size."""
    left = MARGIN + TITLE_COLUMN
    available = width - left - MARGIN
    result = Layout(bands, edges)
    y = HEADER
    rows_of: list[list[Box]] = []
    outlined: list[tuple[list[Box], float, float, dict[int, list[str]]]] = []
    for key, _ in BANDS:
        if not bands[key]:
            continue
        result.band_top[key] = y
        y += BAND_PAD
        for number, row in enumerate(_rows(bands[key], available)):
            y += ROW_GAP if number else 0.0
            head, names = _head(row)
            y += head
            base = 2 * H_GAP
            used = _span(row, base)
            if used > available:
                base = H_GAP
                used = _span(row, base)
            x = left + (available - used) / 2 + pad(row[0])
            for i, box in enumerate(row):
                x += gap(row[i - 1], box, base) if i else 0.0
                box.x, box.y, box.row = x, y, number
                x += box.w
            rows_of.append(row)
            y += max(b.h for b in row)
            if names:
                outlined.append((row, y - max(b.h for b in row) - head, y + GROUP_PAD, names))
                y += GROUP_PAD
        # room under the episodes for the time axis
        y += BAND_PAD + _BELOW.get(key, 0.0)
        result.band_bottom[key] = y
        y += ROW_GAP
    _straighten(rows_of, edges, left, left + available)
    shift = min(box.x - pad(box) for row in rows_of for box in row) - left if rows_of else 0.0
    for row in rows_of:
        for box in row:
            box.x -= shift
    right = max((box.x + box.w + pad(box) for row in rows_of for box in row), default=left)
    result.width = max(MIN_WIDTH, right + MARGIN)
    result.rows = rows_of
    result.height = y - ROW_GAP
    for row, top, bottom, names in outlined:
        for run in _runs(row):
            if run[0].cluster:
                x = run[0].x - GROUP_PAD
                w = run[-1].x + run[-1].w + GROUP_PAD - x
                outline = Cluster(run[0].cluster, run[0].band, names[id(run[0])], run)
                outline.x, outline.y, outline.w, outline.h = x, top, w, bottom - top
                result.clusters.append(outline)
    return result


def _straighten(rows: list[list[Box]], edges: list[Edge], low: float, high: float) -> None:
    """Pull each box towards the mean x of its neighbours, keeping order and gaps."""
    neighbours: dict[int, list[Box]] = {}
    for edge in edges:
        if edge.source.band != edge.target.band:
            neighbours.setdefault(id(edge.source), []).append(edge.target)
            neighbours.setdefault(id(edge.target), []).append(edge.source)
    for sweep in (rows, rows[::-1], rows):
        for row in sweep:
            wanted = []
            for box in row:
                near = neighbours.get(id(box))
                centre = sum(n.cx for n in near) / len(near) if near else box.cx
                wanted.append(centre - box.w / 2)
            for i, box in enumerate(row):
                before = row[i - 1] if i else None
                floor = low + pad(box) if before is None else before.x + before.w
                floor += gap(before, box, H_GAP) if before is not None else 0.0
                box.x = max(wanted[i], floor)
            for i in range(len(row) - 1, -1, -1):
                after = row[i + 1] if i < len(row) - 1 else None
                ceiling = high - pad(row[i]) if after is None else after.x
                ceiling -= gap(row[i], after, H_GAP) if after is not None else 0.0
                row[i].x = min(row[i].x, ceiling - row[i].w)


def route(result: Layout, *, gaps: bool = False) -> None:
    """Every arrow's curve, its ends spread along the box sides they leave or enter.

    With ``gaps``, an arrow that would pass over the boxes of a row between its ends is led
    down the nearest gap between them instead (what is drawn); without, each arrow is one
    curve (what the ordering scores, much faster).
    """
    ports: dict[tuple[int, str], list[tuple[float, int, Edge, str]]] = {}
    for number, edge in enumerate(result.edges):
        s, t = edge.source, edge.target
        if t.y >= s.y + s.h:
            sides = ("bottom", "top")
        elif t.y + t.h <= s.y:
            sides = ("top", "bottom")
        else:
            sides = ("bottom", "bottom")
        ports.setdefault((id(s), sides[0]), []).append((t.cx, number, edge, "source"))
        ports.setdefault((id(t), sides[1]), []).append((s.cx, number, edge, "target"))
    ends: dict[tuple[int, str], tuple[float, float, str]] = {}
    for (_, side), attached in ports.items():
        attached.sort(key=lambda a: (a[0], a[1]))
        for i, (_, number, edge, end) in enumerate(attached):
            box = edge.source if end == "source" else edge.target
            x = box.x + box.w * (0.15 + 0.7 * (i + 1) / (len(attached) + 1))
            y = box.y + box.h if side == "bottom" else box.y
            ends[(number, end)] = (x, y, side)
    for number, edge in enumerate(result.edges):
        x1, y1, side1 = ends[(number, "source")]
        x2, y2, side2 = ends[(number, "target")]
        bend = max(24.0, abs(y2 - y1) / 2)
        c1 = y1 + (bend if side1 == "bottom" else -bend)
        c2 = y2 + (bend if side2 == "bottom" else -bend)
        if side1 == side2 == "bottom":
            c1 = c2 = max(y1, y2) + 30.0
            edge.points = ((x1, y1), (x1, c1), (x2, c2), (x2, y2))
            continue
        curve = ((x1, y1), (x1, c1), (x2, c2), (x2, y2))
        stops = _through_gaps(result.rows, edge, curve) if gaps else []
        if not stops:
            edge.points = ((x1, y1), (x1, c1), (x2, c2), (x2, y2))
            continue
        stops = [(x1, y1), *stops, (x2, y2)]
        points = [stops[0]]
        for n, ((ax, ay), (bx, by)) in enumerate(itertools.pairwise(stops)):
            third = (by - ay) / 3
            if n % 2:  # down (or up) a gap between two boxes: straight
                points += [(ax, ay + third), (bx, by - third), (bx, by)]
            else:  # from one band to the next: leave and arrive vertically
                points += [(ax, ay + 1.5 * third), (bx, by - 1.5 * third), (bx, by)]
        edge.points = tuple(points)


def _bezier(curve: tuple[tuple[float, float], ...], steps: int) -> list[tuple[float, float]]:
    """Points along one cubic piece (4 points), its ends included."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    out = []
    for step in range(steps + 1):
        t = step / steps
        u = 1 - t
        a, b, c, d = u**3, 3 * u * u * t, 3 * u * t * t, t**3
        out.append((a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3))
    return out


def _through_gaps(
    rows: list[list[Box]], edge: Edge, curve: tuple[tuple[float, float], ...]
) -> list[tuple[float, float]]:
    """Where an arrow must pass between the boxes of the rows it crosses, in travel order.

    The path is followed as drawn, row by row: the arrow's own curve up to its first detour,
    then from each gap the curve on to its target. Where that path would cross a box of a
    row, or run within 6 pixels of one, it goes down the nearest gap of the row instead.
    """
    y1, (x2, y2) = curve[0][1], curve[-1]
    low, high = min(y1, y2), max(y1, y2)
    stops: list[tuple[float, float]] = []
    here = curve
    for row in sorted(rows, key=lambda r: r[0].y, reverse=y2 < y1):
        top, bottom = row[0].y, max(b.y + b.h for b in row)
        if top <= low or bottom >= high or edge.source in row or edge.target in row:
            continue
        samples = _bezier(here, 48)
        near = [px for px, py in samples if top - 4 <= py <= bottom + 4]
        if not any(b.x - 6 <= px <= b.x + b.w + 6 for b in row for px in near):
            continue
        middle = (top + bottom) / 2
        x = min(samples, key=lambda p: abs(p[1] - middle))[0]
        gaps = [row[0].x - pad(row[0]) - 14, row[-1].x + row[-1].w + pad(row[-1]) + 14]
        gaps += [(a.x + a.w + pad(a) + b.x - pad(b)) / 2 for a, b in itertools.pairwise(row)]
        gap = min(gaps, key=lambda g: (abs(g - x), g))
        first, second = (top - 8, bottom + 8) if y2 > y1 else (bottom + 8, top - 8)
        stops += [(gap, first), (gap, second)]
        half = (second + y2) / 2
        here = ((gap, second), (gap, half), (x2, half), (x2, y2))
    return stops
