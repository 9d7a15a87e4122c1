"""How fast does ``strategies.reviews()`` generate, against the implementation it replaced?

Both run the way a user's property runs: a ``@given(reviews())`` test of ``--examples``
examples (``database=None``, generate phase only, no deadline, health checks off), timed
around the whole run, counted by the test body itself. The baseline is the package as it
was at commit ``ac40e19`` (the last one before the rewrite), taken out of git into a
temporary folder (``git archive``) and run in its own interpreter; so is the current code,
and the two alternate, best of ``--repeat`` each, so that both see the same machine.
``--baseline-src DIR`` takes a ``src`` folder of the old package instead of git (for a
checkout without that history).

Beside examples per second the script prints the mean number of entities and links per
generated review, so that the comparison is of like with like: the rewrite draws reviews
of the same default sizes.

Run: ``python benchmarks/bench_strategies.py``. Target (issue 9): at least 5 times the
baseline's examples per second.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "ac40e19"
TARGET = 5.0

WORKER = """
import json, sys, time
from hypothesis import HealthCheck, Phase, given, settings
from systemsreview.strategies import reviews

def run(examples):
    sizes = []

    @settings(database=None, max_examples=examples, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(reviews())
    def prop(review):
        sizes.append(review.entity_count + len(review.links))

    start = time.perf_counter()
    prop()
    return len(sizes), time.perf_counter() - start, sum(sizes) / len(sizes)

run(10)  # warm up: imports, strategy caches
count, seconds, size = run(int(sys.argv[1]))
print(json.dumps({"examples": count, "seconds": seconds, "size": size}))
"""


def baseline_src(commit: str, into: Path) -> Path:
    """The ``src`` folder of the package at ``commit``, extracted from git into ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", commit, "src"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def measure(src: Path, examples: int) -> dict[str, float]:
    """One timed run of ``examples`` examples with the package found in ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(examples)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=src,
    ).stdout
    result: dict[str, float] = json.loads(out)
    result["rate"] = result["examples"] / result["seconds"]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="examples per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    parser.add_argument("--baseline", default=BASELINE, help="git commit of the baseline")
    parser.add_argument("--baseline-src", type=Path, help="the baseline's src folder, not git")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        old_src = args.baseline_src or baseline_src(args.baseline, Path(tmp))
        new_src = ROOT / "src"
        runs: dict[str, list[dict[str, float]]] = {"baseline": [], "reviews()": []}
        for _ in range(args.repeat):
            runs["baseline"].append(measure(old_src, args.examples))
            runs["reviews()"].append(measure(new_src, args.examples))

    best = {name: max(results, key=lambda r: r["rate"]) for name, results in runs.items()}
    label = f"baseline ({args.baseline_src or args.baseline})"
    print(f"{args.examples} examples per run, best of {args.repeat}")
    print(f"{'':<26}{'examples/s':>12}{'s per run':>11}{'entities+links':>16}")
    for name, result in best.items():
        shown = label if name == "baseline" else name
        print(
            f"{shown:<26}{result['rate']:>12.1f}{result['seconds']:>11.2f}{result['size']:>16.1f}"
        )
    ratio = best["reviews()"]["rate"] / best["baseline"]["rate"]
    verdict = "meets" if ratio >= TARGET else "misses"
    print(f"reviews() generates {ratio:.1f}x the baseline's examples per second", end=" ")
    print(f"({verdict} the {TARGET}x target)")
    per_item = ratio * best["reviews()"]["size"] / best["baseline"]["size"]
    print(f"counting entities and links generated per second instead: {per_item:.1f}x")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
