"""Placing the AcciMap's boxes: bands into rows that fit the page, then x and y of each box.

A band whose boxes do not fit the page's width wraps into several rows (an agency's boxes
start a new row together rather than split); each row is centred, then every box is pulled
towards its neighbours' x where the row has room, keeping the order and the gaps.
"""

import itertools

from systemsreview.io._accimap_shapes import (
    BAND_PAD,
    BELOW,
    GROUP_LINE,
    GROUP_PAD,
    GROUP_SIZE,
    H_GAP,
    HEADER,
    MARGIN,
    MIN_WIDTH,
    ROW_GAP,
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
from systemsreview.io._textwidth import wrap

__all__ = ["place", "runs"]


def _span(row: list[Box], base: float) -> float:
    """The width of a row of boxes (with their outlines) at least ``base`` apart."""
    inner = sum(gap(a, b, base) for a, b in itertools.pairwise(row))
    return sum(b.w for b in row) + inner + pad(row[0]) + pad(row[-1])


def runs(row: list[Box]) -> list[list[Box]]:
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
    starts = {id(run[0]): _span(run, H_GAP) for run in runs(boxes) if run[0].cluster}

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
        for run in runs(row)
        if run[0].cluster
    }
    if not lines:
        return 0.0, lines
    return 4 + GROUP_LINE * max(len(v) for v in lines.values()) + 8, lines


def place(bands: Bands, edges: list[Edge], width: float) -> Layout:
    """Rows, y and x of every box, for the band orders given; then the page size.

    Bands are drawn in the order of ``bands``, each at least as tall as its title.
    """
    left = MARGIN + TITLE_COLUMN
    available = width - left - MARGIN
    result = Layout(bands, edges, bands.titles)
    y = HEADER
    rows_of: list[list[Box]] = []
    outlined: list[tuple[list[Box], float, float, dict[int, list[str]]]] = []
    for key, boxes in bands.items():
        if not boxes:
            continue
        result.band_top[key] = y
        y += BAND_PAD
        for number, row in enumerate(_rows(boxes, available)):
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
        y += BAND_PAD + BELOW.get(key, 0.0)
        # never shorter than its title (drawn from 10 pixels down, 16 a line)
        y = max(y, result.band_top[key] + 18 + 16 * len(title_lines(bands.titles[key])[1]))
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
        for run in runs(row):
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
