"""Edge crossings of the AcciMap against Graphviz ``dot`` on the same graph, and page sizes.

For the two worked examples and for synthetic reviews (``systemsreview.synth``, 177 to 260 entities
each), draws the AcciMap (``to_svg``'s layout) and, when ``dot`` is installed, lays out the
same boxes and arrows with ``dot`` from ``to_dot`` (``newrank``, bands stacked, wrapped
labels). Both are measured the same way: every arrow is followed along its drawn curve (our
cubic Béziers; ``dot``'s B-spline control points from ``-Tplain``, each piece sampled in 16
steps) and every pair of arrows that share no box is tested for a proper intersection. The
ratio ours/dot is the figure to watch (target <= 1). ``dot`` may order every rank freely;
the AcciMap keeps the episodes in time order and wraps wide bands into rows within 1,600 px.

Also printed: each picture's width and height in pixels (``dot``'s points at 96 dpi) and
the seconds ``to_svg`` takes. Synthetic reviews place most of their factors in agencies
(``sits_in``), which the AcciMap groups by default: "ours" is that picture, "flat" the same
review drawn with ``by_agency=False`` (each agency's factors need not stay side by side, so
the ordering is freer), to show what the grouping costs in crossings.

Run: ``python benchmarks/bench_diagram.py [--seeds 10] [--svg-plot FILE]``
(``apt-get install -y graphviz`` for the comparison; without it only our figures print).
"""

from __future__ import annotations

import argparse
import itertools
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from systemsreview import Episode, Review, synth
from systemsreview.examples import domestic_abuse_review, hidden_child_review
from systemsreview.io import _accimap
from systemsreview.io._crossings import crossings, polyline, polylines_cross
from systemsreview.io._drawn import Drawn
from systemsreview.io._ordering import layout
from systemsreview.io.diagram import CAUSAL_KINDS, CAUSAL_LINKS, to_dot, to_svg

Point = tuple[float, float]
SAMPLES = 16


def ours(review: Review, *, by_agency: bool = True) -> tuple[int, float, float, float]:
    """Crossings, width, height and seconds of our AcciMap."""
    start = time.perf_counter()
    svg = to_svg(review, by_agency=by_agency)
    seconds = time.perf_counter() - start
    bands, edges = _accimap.select(review, by_agency=by_agency)
    layout(bands, edges, 1600.0)  # the very layout to_svg drew, for its arrows
    head = svg.split(">", 1)[0]
    width = float(head.split('width="')[1].split('"')[0])
    height = float(head.split('height="')[1].split('"')[0])
    return crossings(edges, samples=SAMPLES), width, height, seconds


def _free(dot: str) -> str:
    """``to_dot``'s text without what keeps the episodes in time order: dot orders freely."""
    lines = [line for line in dot.splitlines() if not line.endswith("[style=invis];")]
    return "\n".join(lines).replace(" remincross=false;", "") + "\n"


def _time_order_kept(review: Review, positions: dict[str, float]) -> bool:
    """Whether every episode lies left of every episode of a later start month."""
    drawn = Drawn(
        review, CAUSAL_KINDS, CAUSAL_LINKS, redacted=False, by_agency=True, levels_by="taxonomy"
    )
    bands, names = drawn.bands, drawn.names
    months: dict[tuple[int, int], list[float]] = {}
    for episode in bands["episodes"]:
        assert isinstance(episode, Episode)
        key = (episode.period.start.year, episode.period.start.month)
        months.setdefault(key, []).append(positions[names[episode.id]])
    spans = [(min(xs), max(xs)) for _, xs in sorted(months.items())]
    return all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def graphviz(review: Review, *, time_order: bool) -> tuple[int, float, float, bool] | None:
    """Crossings, width, height of ``dot``'s layout of the same graph and whether it kept the
    episodes in time order; None without ``dot``.

    With ``time_order``, ``to_dot`` as it is (episodes in time order by start month, as in
    the AcciMap); without, the same graph with those constraints removed.
    """
    if shutil.which("dot") is None:
        return None
    text = to_dot(review) if time_order else _free(to_dot(review))
    plain = subprocess.run(
        ["dot", "-Tplain"], input=text, capture_output=True, text=True, check=True
    ).stdout
    edges: list[tuple[str, str, list[Point]]] = []
    positions: dict[str, float] = {}
    width = height = 0.0
    for line in plain.splitlines():
        if line.startswith("node "):
            _, name, x = line.split(" ", 3)[:3]  # the quoted label that follows is not needed
            positions[name] = float(x)
        if not line.startswith(("graph ", "edge ")):
            continue
        parts = shlex.split(line)
        if parts[0] == "graph":
            width, height = float(parts[2]) * 96, float(parts[3]) * 96
        elif parts[0] == "edge" and "invis" not in parts:
            count = int(parts[3])
            values = [float(v) for v in parts[4 : 4 + 2 * count]]
            points = list(zip(values[::2], values[1::2], strict=True))
            edges.append((parts[1], parts[2], polyline(tuple(points), SAMPLES)))
    count = 0
    for i, (a1, a2, pa) in enumerate(edges):
        for b1, b2, pb in edges[i + 1 :]:
            if {a1, a2} & {b1, b2}:
                continue
            count += polylines_cross(pa, pb)
    return count, width, height, _time_order_kept(review, positions)


def _ratio(ours: int, theirs: int) -> str:
    if theirs:
        return f"{ours / theirs:.2f}"
    return "1.00" if not ours else "inf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="synthetic reviews to draw")
    parser.add_argument("--svg-plot", help="also write the crossings plot (SVG) to this file")
    args = parser.parse_args()
    cases = [("worked case", domestic_abuse_review()), ("hidden child", hidden_child_review())]
    cases += [(f"synth seed {seed}", synth.review(seed)) for seed in range(args.seeds)]
    print(
        "| review | boxes | arrows | ours | flat | dot, time order | ratio | dot, free | ratio | "
        "ours: px | dot (time order): px | to_svg s |"
    )
    print("|" + "---|" * 12)
    rows = []
    totals = [0, 0, 0]
    flat_total = 0
    for name, review in cases:
        bands, edges = _accimap.select(review)
        boxes = sum(len(b) for b in bands.values())
        mine, width, height, seconds = ours(review)
        flat = ours(review, by_agency=False)[0]
        flat_total += flat
        forced = graphviz(review, time_order=True)
        free = graphviz(review, time_order=False)
        if forced is None or free is None:
            print(
                f"| {name} | {boxes} | {len(edges)} | {mine} | {flat} | n/a | | n/a | | "
                f"{width:,.0f} x {height:,.0f} | n/a | {seconds:.2f} |"
            )
            rows.append((name, mine, None))
            continue
        if not forced[3]:
            print(f"  ({name}: dot did NOT keep the episodes in time order)")
        totals = [totals[0] + mine, totals[1] + forced[0], totals[2] + free[0]]
        print(
            f"| {name} | {boxes} | {len(edges)} | {mine} | {flat} | {forced[0]} | "
            f"{_ratio(mine, forced[0])} | {free[0]} | {_ratio(mine, free[0])} | "
            f"{width:,.0f} x {height:,.0f} | {forced[1]:,.0f} x {forced[2]:,.0f} | "
            f"{seconds:.2f} |"
        )
        rows.append((name, mine, forced[0]))
    if totals[1]:
        print(
            f"\nall reviews: ours {totals[0]} (flat {flat_total}), dot with time order {totals[1]} "
            f"(ratio {totals[0] / totals[1]:.2f}), dot free {totals[2]} "
            f"(ratio {totals[0] / totals[2]:.2f})"
        )
    if args.svg_plot:
        from plot_crossings import plot  # noqa: PLC0415 (only when a plot is asked for)

        Path(args.svg_plot).write_text(plot(rows), encoding="utf-8")
        print(f"plot written to {args.svg_plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
