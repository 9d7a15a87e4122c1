"""``systemsreview check DATASET`` against reading the same reviews: time and peak memory.

Writes a seeded synthetic corpus (``systemsreview.synth``, a few hundred entities and ~800
links per review), then, best of ``--repeat`` runs in this process:

- ``read``: ``for review in parquet.read(path)`` (the reviews streamed, nothing kept);
- ``list(read)``: ``list(parquet.read(path))`` (every review held at once);
- ``check``: ``systemsreview.cli.main(["check", path, "--isolated", "-q"])``, the command
  line in-process, output captured (the linter streams: one review in memory at a time).

Peak memory is taken for each task in a fresh child process (the growth of its peak RSS,
``VmHWM``, over what it held after imports), at the full size and at a tenth of it: a
streaming check holds about the same at both; a list of reviews grows with the corpus.

Run: ``python benchmarks/bench_lint.py`` (10,000 reviews: several minutes and ~1 GiB of
disk-backed temporary files on two busy cores); ``--reviews 1000`` for a quick look.
Target (issue 10): check time at most 3x the streamed read time.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from _timing import best
from systemsreview import synth
from systemsreview.cli import main as cli
from systemsreview.io import parquet

TARGET = 3.0

_CHILD = textwrap.dedent(
    """
    import collections, contextlib, io, sys
    from systemsreview.cli import main
    from systemsreview.io import parquet

    def hwm():
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    task, path = sys.argv[1], sys.argv[2]
    before = hwm()
    if task == "read":
        collections.deque(parquet.read(path), maxlen=0)
    elif task == "list(read)":
        kept = list(parquet.read(path))
    else:
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", path, "--isolated", "-q"])
    print(hwm() - before)
    """
)


def peak(task: str, path: Path) -> int:
    """Growth of the peak RSS (bytes) of a fresh process doing ``task`` on ``path``."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, task, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip())


def check_dataset(path: Path, reviews: int) -> None:
    """The command line's ``check``, in-process, its report captured and verified."""
    with contextlib.redirect_stdout(io.StringIO()) as out:
        status = cli(["check", str(path), "--isolated", "-q"])
    report = out.getvalue()
    if status != 0 or f"checked {reviews} review(s)" not in report:
        msg = f"synthetic corpus is not clean or not whole (exit {status}): {report[-500:]}"
        raise SystemExit(msg)


def main() -> int:
    """Print the tables; exit 1 when the target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reviews", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        full, tenth = Path(work) / "full", Path(work) / "tenth"
        parquet.write(full, synth.corpus(args.reviews, args.seed))
        parquet.write(tenth, synth.corpus(max(1, args.reviews // 10), args.seed))
        tasks = {
            "read": lambda: collections.deque(parquet.read(full), maxlen=0),
            "list(read)": lambda: list(parquet.read(full)),
            "check": lambda: check_dataset(full, args.reviews),
        }
        seconds = {name: best(task, args.repeat) for name, task in tasks.items()}
        print(f"{args.reviews:,} reviews, best of {args.repeat}")
        print(f"{'task':>11} {'time (s)':>9} {'vs read':>8} {'peak MiB':>9} {'at 1/10':>8}")
        for name, value in seconds.items():
            big, small = peak(name, full), peak(name, tenth)
            print(
                f"{name:>11} {value:>9.2f} {value / seconds['read']:>8.2f}"
                f" {big / 2**20:>9.1f} {small / 2**20:>8.1f}"
            )
    ratio = seconds["check"] / seconds["read"]
    verdict = "meets" if ratio <= TARGET else "misses"
    print(f"check takes {ratio:.2f}x the streamed read ({verdict} the {TARGET}x target)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
