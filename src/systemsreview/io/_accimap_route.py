"""Routing the AcciMap's arrows: curves between box sides, led through the gaps of rows."""

import itertools

from systemsreview.io._accimap_shapes import Box, Edge, Layout, pad

__all__ = ["bezier", "route"]


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


def bezier(curve: tuple[tuple[float, float], ...], steps: int) -> list[tuple[float, float]]:
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
        samples = bezier(here, 48)
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
