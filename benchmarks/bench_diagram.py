"""Edge crossings of the AcciMap against Graphviz ``dot`` on the same graph, and page sizes.

For the worked case and for synthetic reviews (``systemsreview.synth``, 177 to 260 entities
each), draws the AcciMap (``to_svg``'s layout) and, when ``dot`` is installed, lays out the
same boxes and arrows with ``dot`` from ``to_dot`` (``newrank``, bands stacked, wrapped
labels). Both are measured the same way: every arrow is followed along its drawn curve (our
cubic Béziers; ``dot``'s B-spline control points from ``-Tplain``, each piece sampled in 16
steps) and every pair of arrows that share no box is tested for a proper intersection. The
ratio ours/dot is the figure to watch (target <= 1). ``dot`` may order every rank freely;
the AcciMap keeps the episodes in time order and wraps wide bands into rows within 1,600 px.

Also printed: each picture's width and height in pixels (``dot``'s points at 96 dpi) and
the seconds ``to_svg`` takes.

Run: ``python benchmarks/bench_diagram.py [--seeds 10] [--svg-plot FILE]``
(``apt-get install -y graphviz`` for the comparison; without it only our figures print).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from systemsreview import Review, synth
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import _accimap
from systemsreview.io._crossings import crossings, polyline, polylines_cross
from systemsreview.io._ordering import layout
from systemsreview.io.diagram import to_dot, to_svg

Point = tuple[float, float]
SAMPLES = 16


def ours(review: Review) -> tuple[int, float, float, float]:
    """Crossings, width, height and seconds of our AcciMap."""
    start = time.perf_counter()
    svg = to_svg(review)
    seconds = time.perf_counter() - start
    bands, edges = _accimap.select(review)
    layout(bands, edges, 1600.0)  # the very layout to_svg drew, for its arrows
    head = svg.split(">", 1)[0]
    width = float(head.split('width="')[1].split('"')[0])
    height = float(head.split('height="')[1].split('"')[0])
    return crossings(edges, samples=SAMPLES), width, height, seconds


def graphviz(review: Review) -> tuple[int, float, float] | None:
    """Crossings, width and height of ``dot``'s layout of the same graph, or None."""
    if shutil.which("dot") is None:
        return None
    plain = subprocess.run(
        ["dot", "-Tplain"], input=to_dot(review), capture_output=True, text=True, check=True
    ).stdout
    edges: list[tuple[str, str, list[Point]]] = []
    width = height = 0.0
    for line in plain.splitlines():
        if not line.startswith(("graph ", "edge ")):
            continue  # node lines carry quoted labels; only positions of arrows matter
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
    return count, width, height


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="synthetic reviews to draw")
    parser.add_argument("--svg-plot", help="also write the crossings plot (SVG) to this file")
    args = parser.parse_args()
    cases = [("worked case", domestic_abuse_review())]
    cases += [(f"synth seed {seed}", synth.review(seed)) for seed in range(args.seeds)]
    header = (
        "| review | boxes | arrows | ours: crossings | dot: crossings | ratio | "
        "ours: px | dot: px | to_svg s |"
    )
    print(header)
    print("|" + "---|" * 9)
    rows = []
    for name, review in cases:
        bands, edges = _accimap.select(review)
        boxes = sum(len(b) for b in bands.values())
        mine, width, height, seconds = ours(review)
        theirs = graphviz(review)
        ratio = "n/a"
        dot_size = "n/a"
        if theirs is not None:
            ratio = f"{mine / theirs[0]:.2f}" if theirs[0] else ("1.00" if not mine else "inf")
            dot_size = f"{theirs[1]:,.0f} x {theirs[2]:,.0f}"
        print(
            f"| {name} | {boxes} | {len(edges)} | {mine} | "
            f"{theirs[0] if theirs else 'n/a'} | {ratio} | {width:,.0f} x {height:,.0f} | "
            f"{dot_size} | {seconds:.2f} |"
        )
        rows.append((name, mine, theirs[0] if theirs else None))
    with_dot = [(c, d) for _, c, d in rows if d is not None]
    if with_dot:
        total_ours, total_dot = sum(c for c, _ in with_dot), sum(d for _, d in with_dot)
        print(
            f"\nall reviews: ours {total_ours}, dot {total_dot}, ratio {total_ours / total_dot:.2f}"
        )
    if args.svg_plot:
        from plot_crossings import plot  # noqa: PLC0415 (only when a plot is asked for)

        Path(args.svg_plot).write_text(plot(rows), encoding="utf-8")
        print(f"plot written to {args.svg_plot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
