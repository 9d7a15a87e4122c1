"""Run benchmarks and record what each printed, for the docs' performance page.

Each benchmark runs as ``python benchmarks/<script> <args>`` in its own interpreter; its
output goes, verbatim, to ``docs/benchmarks/<name>.txt`` under a header naming the command,
the date, the machine's cores and its load average before and after (the machine is shared:
the load says how much else was running). ``docs/performance.md`` includes these files.

Run: ``python benchmarks/record.py`` (all, ~15 minutes on two busy cores) or
``python benchmarks/record.py storage analytics`` (some).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks"

#: name -> arguments after ``python``; sizes chosen to finish on a shared two-core machine.
RUNS: dict[str, list[str]] = {
    "storage": ["benchmarks/bench_storage.py", "--sizes", "10", "100", "1000"],
    "analytics": ["benchmarks/bench_analytics.py", "--sizes", "10", "100", "1000"],
    "check": ["benchmarks/bench_check.py"],
    "lint": ["benchmarks/bench_lint.py", "--reviews", "1000"],
    "strategies": ["benchmarks/bench_strategies.py"],
    "diagram": ["benchmarks/bench_diagram.py", "--svg-plot", "docs/crossings.svg"],
}


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def record(name: str) -> int:
    """Run one benchmark and write its output; return its exit status."""
    args = RUNS[name]
    began = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = _load()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    header = (
        f"$ python {' '.join(args)}\n"
        f"# {began}; Python {platform.python_version()}; {os.cpu_count()} cores; "
        f"load average (1, 5, 15 min) {load_before} before, {_load()} after; "
        f"exit status {done.returncode}\n"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"{name}.txt").write_text(header + done.stdout, encoding="utf-8")
    if done.returncode:
        sys.stderr.write(done.stderr)
    return done.returncode


def main(argv: list[str]) -> int:
    names = argv or list(RUNS)
    unknown = [n for n in names if n not in RUNS]
    if unknown:
        sys.stderr.write(f"unknown benchmark(s) {unknown}; choose from {list(RUNS)}\n")
        return 2
    return max(record(name) for name in names)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
