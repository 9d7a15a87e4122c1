"""Ordering the boxes of each AcciMap band to cross few arrows, then the final placement.

Barycentre sweeps (each box to the mean x of its neighbours in other bands, up from the
episodes and down again), adjacent swaps while they remove crossings, and, where the small
bands have few enough orders between them, every order tried on the arrows as drawn (where
they have too many together, every order of each small band in turn). The
episodes keep their time order: a box moves only among boxes of its own ``group`` (an
episode's start month; one group for the whole of any other band), and the factors drawn
in one agency stay side by side: the agency moves as one block among the other boxes of its
band, and its factors trade places among themselves. The best order seen wins; ties keep
review order.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

from systemsreview.io._accimap import Bands, Box, Edge, Layout, place, route
from systemsreview.io._crossings import crossings

__all__ = ["layout"]

_SWEEPS = 4
_SWAP_PASSES = 2
#: Bands of at most this many boxes are tried in every order, when all their orders
#: together, times the arrows, number at most _EXHAUSTIVE (the worked case: 3! x 4! x 2! x 18);
#: those orders are scored on the arrows as drawn, through the gaps between boxes.
_EXHAUSTIVE_BAND = 6
_EXHAUSTIVE = 6000


def _neighbours(edges: list[Edge]) -> dict[int, list[Box]]:
    """Each box's neighbours in other bands (by ``id`` of the box)."""
    near: dict[int, list[Box]] = {}
    for edge in edges:
        if edge.source.band != edge.target.band:
            near.setdefault(id(edge.source), []).append(edge.target)
            near.setdefault(id(edge.target), []).append(edge.source)
    return near


def _sort_by_barycentre(boxes: list[Box], near: dict[int, list[Box]]) -> None:
    """Each box to the mean x of its neighbours; an agency's boxes to their mean, together."""
    centres = []
    for box in boxes:
        others = near.get(id(box))
        centres.append(sum(o.cx for o in others) / len(others) if others else box.cx)
    blocks: dict[str, tuple[list[float], int]] = {}
    for n, box in enumerate(boxes):
        if box.cluster:
            blocks.setdefault(box.cluster, ([], n))[0].append(centres[n])
    keys: dict[int, tuple[tuple[int, int], float, int, int, float, int]] = {}
    for n, box in enumerate(boxes):
        if box.cluster:
            members, first = blocks[box.cluster]
            keys[id(box)] = (box.group, sum(members) / len(members), 1, first, centres[n], n)
        else:
            keys[id(box)] = (box.group, centres[n], 0, n, centres[n], n)
    boxes.sort(key=lambda box: keys[id(box)])


def _groups(boxes: list[Box]) -> list[list[Box]]:
    """The runs of boxes of one group, in order (boxes move only inside their run)."""
    return [list(run) for _, run in itertools.groupby(boxes, key=lambda box: box.group)]


def _blocks(run: list[Box]) -> list[list[Box]]:
    """A group's boxes as the blocks that move: an agency's boxes together, others alone."""
    blocks: list[list[Box]] = []
    for box in run:
        if blocks and box.cluster and blocks[-1][-1].cluster == box.cluster:
            blocks[-1].append(box)
        else:
            blocks.append([box])
    return blocks


def _orders(boxes: list[Box]) -> int:
    return math.prod(
        math.factorial(len(blocks)) * math.prod(math.factorial(len(b)) for b in blocks)
        for blocks in map(_blocks, _groups(boxes))
    )


def _arrangements(boxes: list[Box]) -> list[list[Box]]:
    """Every order of ``boxes`` that keeps groups in place and each agency's boxes together."""
    per_group = []
    for run in _groups(boxes):
        orders = []
        for blocks in itertools.permutations(_blocks(run)):
            for inner in itertools.product(*map(itertools.permutations, blocks)):
                orders.append([box for block in inner for box in block])
        per_group.append(orders)
    return [[box for run in choice for box in run] for choice in itertools.product(*per_group)]


def _swap(row: list[Box], i: int) -> tuple[int, int, list[Box]] | None:
    """Where and what to put to swap ``row[i]`` with ``row[i + 1]``; None across groups.

    The boxes themselves inside one agency (or when both are unplaced), else the blocks
    that end and start there.
    """
    a, b = row[i], row[i + 1]
    if a.group != b.group:
        return None
    if a.cluster == b.cluster:
        return i, i + 2, [b, a]
    start = i
    while a.cluster and start > 0 and row[start - 1].cluster == a.cluster:
        start -= 1
    end = i + 2
    while b.cluster and end < len(row) and row[end].cluster == b.cluster:
        end += 1
    return start, end, row[i + 1 : end] + row[start : i + 1]


def layout(bands: Bands, edges: list[Edge], width: float) -> Layout:
    """Order the boxes of each band to cross few arrows, place them and route the arrows."""
    keys = list(bands)  # top to bottom: the factor bands, then episodes and the rest
    movable = [key for key in keys if _orders(bands[key]) > 1]

    def score() -> int:
        route(place(bands, edges, width))
        return crossings(edges)

    best_count = score()
    best = {key: list(bands[key]) for key in movable}
    near = _neighbours(edges)
    middle = keys.index("episodes")
    upward = [k for k in keys[middle::-1] if k in movable]
    below = keys[middle + 1 :]
    downward: list[str] = [k for k in below if k in movable]
    for _ in range(_SWEEPS):
        for sweep in (upward + downward, upward[::-1] + downward):
            for key in sweep:
                _sort_by_barycentre(bands[key], near)
                place(bands, edges, width)
            count = score()
            if count < best_count:
                best_count, best = count, {key: list(bands[key]) for key in movable}
    for key in movable:
        bands[key][:] = best[key]
    for _ in range(_SWAP_PASSES):
        improved = False
        for band in movable:
            row = bands[band]
            for i in range(len(row) - 1):
                move = _swap(row, i)
                if move is None:
                    continue
                start, end, swapped = move
                before = row[start:end]
                row[start:end] = swapped
                count = score()
                if count < best_count:
                    best_count, improved = count, True
                else:
                    row[start:end] = before
        if not improved:
            break

    def drawn() -> int:
        route(place(bands, edges, width), gaps=True)
        return crossings(edges)

    _exhaustive(bands, movable, drawn, len(edges))
    result = place(bands, edges, width)
    route(result, gaps=True)
    return result


def _exhaustive(bands: Bands, movable: list[str], score: Callable[[], int], arrows: int) -> None:
    """Try every order of the small bands together, when there are few enough orders."""
    small = [key for key in movable if len(bands[key]) <= _EXHAUSTIVE_BAND]
    orders = math.prod(_orders(bands[key]) for key in small)
    if not small:
        return
    if orders * max(arrows, 1) > _EXHAUSTIVE:
        # too many together: every order of each small band in turn, the others kept
        for key in small:
            if _orders(bands[key]) * max(arrows, 1) <= _EXHAUSTIVE:
                _exhaustive(bands, [key], score, arrows)
        return
    best_count = score()
    best = {key: list(bands[key]) for key in small}
    choices = [_arrangements(best[key]) for key in small]
    for choice in itertools.product(*choices):
        for key, order in zip(small, choice, strict=True):
            bands[key][:] = order
        count = score()
        if count < best_count:
            best_count, best = count, {key: list(bands[key]) for key in small}
    for key in small:
        bands[key][:] = best[key]
