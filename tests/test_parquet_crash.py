"""Crash safety and concurrent writers, proved with real processes killed by SIGKILL.

A writer runs in a subprocess with :data:`systemsreview.io._txn.on_step` set to kill the
process after its N-th step; for every N the dataset must read as the previous version or
the new one, exactly, and the next writer must recover (stale lock, leftovers removed).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

from storage_helpers import EXAMPLE, variants
from systemsreview.errors import ConflictError
from systemsreview.io import _txn
from systemsreview.io import parquet as pqds
from systemsreview.io._manifest import load
from systemsreview.model import Review

HERE = Path(__file__).parent
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        [str(HERE.parent / "src"), str(HERE), os.environ.get("PYTHONPATH", "")]
    ),
}

# The writer: kill itself after step N (0: never), optionally pause at a step, run one
# operation. With --serve it imports once and forks one writer per line read from stdin,
# reporting how each ended, so that each of the many crashes costs a fork, not an import.
WRITER = """
import os, signal, sys, time, traceback
from collections.abc import Iterator
from pathlib import Path
import attrs
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import _txn, parquet

def variants(n, prefix="r"):
    review = domestic_abuse_review()
    return [attrs.evolve(review, id=f"{prefix}{i:04d}") for i in range(n)]

def run(path, crash_at, operation, pause=""):
    path, crash_at, steps = Path(path), int(crash_at), []

    def hook(name):
        steps.append(name)
        if len(steps) == crash_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if pause and name == "row group 1":
            (path.parent / "paused").touch()
            deadline = time.monotonic() + 60
            while not (path.parent / "go").exists() and time.monotonic() < deadline:
                time.sleep(0.02)

    _txn.on_step = hook
    if operation == "append":
        parquet.write(path, variants(3, "new"), mode="append", batch_size=1)
    elif operation == "replace":
        changed = attrs.evolve(variants(3)[1], title="changed", links=())
        parquet.write(path, [changed, *variants(1, "new")], mode="replace", batch_size=1)
    elif operation == "compact":
        parquet.compact(path)
    elif operation == "big":
        parquet.write(path, variants(40, "big"), mode="append", batch_size=4)
    return len(steps)

if sys.argv[1] != "--serve":
    print(run(*sys.argv[1:]))
    sys.exit(0)
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            print(run(*line.rstrip("\\n").split("\\t")), flush=True)
        except BaseException:
            traceback.print_exc()
            code = 1
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    print("killed" if killed else f"exit {os.waitstatus_to_exitcode(status)}", flush=True)
"""


class Writers:
    """A server process forking one writer per request."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", WRITER, "--serve"],
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, path: Path, crash_at: int, operation: str) -> str:
        """``"killed"``, or the number of steps of a writer that finished."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{path}\t{crash_at}\t{operation}\n")
        self.process.stdin.flush()
        first = self.process.stdout.readline().strip()
        if first == "killed":
            return first
        assert self.process.stdout.readline().strip() == "exit 0", first
        return first

    def close(self) -> None:
        """Stop the server."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def writers() -> Iterator[Writers]:
    server = Writers()
    yield server
    server.close()


def _base(path: Path) -> dict[str, Review]:
    for review in variants(3):
        pqds.write(path, review, mode="append", compact_threshold=None)
    return {r.id: r for r in variants(3)}


def _state(path: Path) -> dict[str, Review]:
    return {r.id: r for r in pqds.read(path)}


def _child(path: Path, crash_at: int, operation: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(crash_at), operation, *extra],
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _assert_clean(path: Path) -> None:
    manifest = load(path)
    assert manifest is not None
    listed = {p.name for p in manifest.parts}
    for table in pqds.TABLES:
        assert {f.stem for f in (path / table).iterdir()} == listed
    assert not (path / "_staging").exists()
    files = sorted(f.name for f in path.iterdir() if f.is_file())
    assert files == ["README-systemsreview.txt", "_systemsreview.json"]


def _version(path: Path) -> tuple[dict[str, Review], int]:
    """What a reader sees: the reviews, and how many parts hold them."""
    manifest = load(path)
    assert manifest is not None
    return _state(path), len(manifest.parts)


@pytest.mark.slow
@pytest.mark.parametrize("operation", ["append", "replace", "compact"])
def test_killed_at_every_step_leaves_old_or_new_version(
    tmp_path: Path, writers: Writers, operation: str
) -> None:
    old_path = tmp_path / "base" / "corpus"
    _base(old_path)
    old = _version(old_path)
    shutil.copytree(old_path, tmp_path / "complete" / "corpus")
    steps = int(writers.run(tmp_path / "complete" / "corpus", 0, operation))
    new = _version(tmp_path / "complete" / "corpus")
    assert new != old
    seen = []
    for crash_at in range(1, steps + 1):
        path = tmp_path / f"crash-{crash_at}" / "corpus"
        shutil.copytree(old_path, path)
        assert writers.run(path, crash_at, operation) == "killed"
        version = _version(path)
        assert version in (old, new), f"killed after step {crash_at}: a mixed state"
        seen.append(version == new)
        # The next writer takes the stale lock over, removes the leftovers and commits.
        after = attrs.evolve(EXAMPLE, id="after")
        pqds.write(path, after, mode="append")
        assert _state(path) == {**version[0], "after": after}
        _assert_clean(path)
        assert pqds.repair(path) == []
        shutil.rmtree(path.parent)
    assert seen[0] is False  # killed right after locking: nothing happened
    assert seen[-1] is True  # killed after the commit: all happened
    assert seen == sorted(seen)  # one commit point: old before it, new after it


@pytest.mark.slow
def test_killed_after_random_delays(tmp_path: Path) -> None:
    old_path = tmp_path / "base" / "corpus"
    old = _base(old_path)
    new = {**old, **{r.id: r for r in variants(40, "big")}}
    rng = random.Random(20261122)
    for run in range(4):
        path = tmp_path / f"run-{run}" / "corpus"
        shutil.copytree(old_path, path)
        child = _child(path, 0, "big")
        time.sleep(rng.uniform(0.3, 1.5))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=120)
        assert _state(path) in (old, new)
        pqds.repair(path)
        _assert_clean(path)


@pytest.mark.slow
def test_two_writers_one_wins_the_other_gets_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    old = _base(path)
    child = _child(path, 0, "append", "pause")
    deadline = time.monotonic() + 60
    while not (tmp_path / "paused").exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    with pytest.raises(ConflictError, match=f"process {child.pid} on .* is writing"):
        pqds.write(path, attrs.evolve(EXAMPLE, id="second"), mode="append", lock_timeout=0)
    with pytest.raises(ConflictError, match=r"is writing this dataset.*\(waited 0\.2 s\)"):
        pqds.write(path, attrs.evolve(EXAMPLE, id="second"), mode="append", lock_timeout=0.2)
    with pytest.raises(ConflictError):
        pqds.compact(path, lock_timeout=0)
    with pytest.raises(ConflictError):
        pqds.repair(path)
    assert _state(path) == old  # readers see the committed version meanwhile
    (tmp_path / "go").touch()
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert _state(path) == {**old, **{r.id: r for r in variants(3, "new")}}
    pqds.write(path, attrs.evolve(EXAMPLE, id="second"), mode="append")
    assert len(_state(path)) == 7
    _assert_clean(path)


def test_commit_refuses_a_manifest_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    _base(path)
    stale = load(path)
    assert stale is not None
    pqds.write(path, attrs.evolve(EXAMPLE, id="other"), mode="append")
    before = (path / "_systemsreview.json").read_bytes()
    with pytest.raises(ConflictError, match="another writer committed"):
        _txn.commit(path, stale, stale.parts[:1], "tok")
    assert (path / "_systemsreview.json").read_bytes() == before


def _lock(path: Path, **holder: object) -> Path:
    lock = path / "_systemsreview.lock"
    lock.write_text(json.dumps(holder))
    return lock


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    _base(path)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _lock(path, pid=dead.pid, host=socket.gethostname(), since="then")
    pqds.write(path, attrs.evolve(EXAMPLE, id="x"), mode="append")
    _assert_clean(path)


def test_live_or_foreign_locks_are_respected(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    _base(path)
    lock = _lock(path, pid=os.getpid(), host=socket.gethostname(), since="now")
    with pytest.raises(ConflictError, match=f"process {os.getpid()}"):
        pqds.write(path, attrs.evolve(EXAMPLE, id="x"), mode="append", lock_timeout=0)
    _lock(path, pid=1, host="elsewhere.example", since="now")
    with pytest.raises(
        ConflictError, match=r"on elsewhere\.example.*delete .*_systemsreview\.lock"
    ):
        pqds.write(path, attrs.evolve(EXAMPLE, id="x"), mode="append", lock_timeout=0.1)
    lock.write_text("")  # a writer died while creating its lock...
    with pytest.raises(ConflictError, match="another writer"):
        pqds.write(path, attrs.evolve(EXAMPLE, id="x"), mode="append", lock_timeout=0)
    past = time.time() - 3600  # ...long ago: stale
    os.utime(lock, (past, past))
    pqds.write(path, attrs.evolve(EXAMPLE, id="x"), mode="append")
    assert "x" in pqds.review_ids(path)


def test_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    old = _base(path)

    def reviews() -> object:
        yield from variants(2, "ok")
        raise RuntimeError("source broke")

    with pytest.raises(RuntimeError, match="source broke"):
        pqds.write(path, reviews(), mode="append", batch_size=1)  # type: ignore[arg-type]
    assert _state(path) == old
    _assert_clean(path)
