"""Counting crossing arrows: the figure the AcciMap's ordering minimises and the benchmark reports.

An arrow is a chain of cubic pieces (3n + 1 points). Two arrows cross when their polylines
properly intersect; arrows that share a box are never counted, as they meet by design.
"""

from __future__ import annotations

import itertools

from systemsreview.io._accimap import Edge

__all__ = ["crossings", "polyline", "polylines_cross"]


def crossings(edges: list[Edge], *, samples: int = 1) -> int:
    """How many pairs of arrows cross (arrows sharing a box are never counted).

    With ``samples`` 1 each arrow counts as the straight segment between its ends (fast, what
    the ordering minimises); with more, each cubic curve is followed through that many
    segments (what the benchmark reports).
    """
    paths = [(edge, polyline(edge.points, samples)) for edge in edges if edge.points]
    count = 0
    for i, (a, pa) in enumerate(paths):
        for b, pb in paths[i + 1 :]:
            if {id(a.source), id(a.target)} & {id(b.source), id(b.target)}:
                continue
            if polylines_cross(pa, pb):
                count += 1
    return count


def polyline(points: tuple[tuple[float, float], ...], samples: int) -> list[tuple[float, float]]:
    """The cubic pieces (3n + 1 points) as a polyline: their end points, or sampled."""
    if samples <= 1:
        return list(points[::3])
    out = [points[0]]
    for i in range(0, len(points) - 3, 3):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[i : i + 4]
        for step in range(1, samples + 1):
            t = step / samples
            u = 1 - t
            out.append(
                (
                    u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                    u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
                )
            )
    return out


def polylines_cross(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> bool:
    """Whether two polylines properly intersect somewhere."""
    if (
        max(p[0] for p in a) < min(p[0] for p in b)
        or max(p[0] for p in b) < min(p[0] for p in a)
        or max(p[1] for p in a) < min(p[1] for p in b)
        or max(p[1] for p in b) < min(p[1] for p in a)
    ):
        return False
    for p1, p2 in itertools.pairwise(a):
        for q1, q2 in itertools.pairwise(b):
            if _segments_cross(p1, p2, q1, q2):
                return True
    return False


def _segments_cross(
    p1: tuple[float, float],
    p2: tuple[float, float],
    q1: tuple[float, float],
    q2: tuple[float, float],
) -> bool:
    def side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0
