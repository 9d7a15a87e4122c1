"""The property behind issue 15: whatever happens, no committed review is lost.

For any sequence of writes (appends and replaces, with compaction past a small threshold),
compactions, writers killed with SIGKILL at any step, deletions of the manifest, ``repair``
and ``rebuild_manifest`` calls:

- every committed review stays readable with its committed content, unless a later write
  replaced it (a rebuild may also bring back what a killed writer had fully written, which
  is the newest version the user asked for; it never brings back an older one);
- while the manifest is missing, every writer and ``repair`` refuses and changes nothing;
- nothing outside the dataset, and nothing inside it that the library did not write, is
  changed (sentinel files stay byte-identical, with the same modification times).

Writers run in a forked subprocess (one import, one fork per write) that kills itself after
the N-th step of :data:`systemsreview.io._txn.on_step`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview.errors import FormatError
from systemsreview.io import parquet as pqds

HERE = Path(__file__).parent
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        [str(HERE.parent / "src"), str(HERE), os.environ.get("PYTHONPATH", "")]
    ),
}
MANIFEST = "_systemsreview.json"

SERVER = """
import json, os, signal, sys, traceback
from pathlib import Path
import attrs
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import _txn, parquet

BASE = domestic_abuse_review()

def run(request):
    steps = []
    def hook(name):
        steps.append(name)
        if len(steps) == request["crash_at"]:
            os.kill(os.getpid(), signal.SIGKILL)
    _txn.on_step = hook
    path = Path(request["path"])
    if request["op"] == "compact":
        parquet.compact(path, target_rows=10**9)
    else:
        reviews = [attrs.evolve(BASE, id=rid, title=title) for rid, title in request["reviews"]]
        parquet.write(path, reviews, mode=request["op"], batch_size=1, compact_threshold=2)
    return len(steps)

for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            print(json.dumps({"done": run(json.loads(line))}), flush=True)
            code = 0
        except BaseException as err:
            print(json.dumps({"error": type(err).__name__, "message": str(err)}), flush=True)
            code = 0
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        print(json.dumps({"killed": os.WTERMSIG(status)}), flush=True)
"""


class Server:
    """One process that forks a writer per request."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", SERVER],
            env=ENV,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    process = Server()
    yield process
    process.close()


IDS = ["a", "b", "c", "d"]
crash = st.none() | st.integers(1, 45)
write = st.tuples(
    st.just("write"),
    st.lists(st.sampled_from(IDS), min_size=1, max_size=3, unique=True),
    crash,
)
OPS = st.one_of(
    write,
    write,
    st.tuples(st.just("compact"), st.just([]), crash),
    st.tuples(st.just("delete manifest"), st.just([]), st.none()),
    st.tuples(st.just("repair"), st.just([]), st.none()),
    st.tuples(st.just("rebuild"), st.just([]), st.none()),
)


def _sentinels(tmp: Path, corpus: Path) -> dict[Path, tuple[bytes, int]]:
    """Files around the dataset and foreign files inside it, which must never change."""
    files = {
        tmp / "sentinel.txt": b"outside",
        tmp / "outside" / "part-000001-0123456789abcdef.parquet": b"a look-alike outside",
        corpus / "README.md": b"the user's notes",
        corpus / "reviews" / "notes.parquet": b"a foreign file in a table folder",
        corpus / "_staging" / "keep" / "reviews.parquet": b"not a writer's token",
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (corpus / "outside").symlink_to(tmp / "outside")  # a way out that must not be taken
    return {path: (data, path.stat().st_mtime_ns) for path, data in files.items()}


def _state(corpus: Path) -> dict[str, str]:
    return {r.id: r.title for r in pqds.read(corpus)}


def _snapshot(tmp: Path) -> dict[str, bytes]:
    """Every file but the writer lock (a refusing writer may take over a stale lock)."""
    return {
        str(f): f.read_bytes()
        for f in tmp.rglob("*")
        if f.is_file() and not f.is_symlink() and "_systemsreview.lock" not in f.name
    }


class Model:
    """What must be true of the dataset: committed titles, and what a rebuild may revive."""

    def __init__(self, corpus: Path, server: Server) -> None:
        self.corpus = corpus
        self.server = server
        self.committed: dict[str, str] = {}
        self.revivable: dict[str, set[str]] = {}  # versions a killed writer wrote in full
        self.count = 0

    def write(self, ids: list[str], crash_at: int | None) -> None:
        self.count += 1
        title = f"v{self.count}"
        mode = "replace" if self.committed else "append"
        if self._lost():
            before = _snapshot(self.corpus.parent)
            answer = self.server.run(
                path=str(self.corpus), op=mode, reviews=[[rid, title] for rid in ids], crash_at=0
            )
            assert answer.get("error") == "FormatError", answer
            assert "rebuild_manifest" in answer["message"]
            assert _snapshot(self.corpus.parent) == before
            return
        answer = self.server.run(
            path=str(self.corpus),
            op=mode,
            reviews=[[rid, title] for rid in ids],
            crash_at=crash_at or 0,
        )
        new = {**self.committed, **dict.fromkeys(ids, title)}
        self._settle(answer, new, dict.fromkeys(ids, title))

    def compact(self, crash_at: int | None) -> None:
        if self._lost():
            answer = self.server.run(path=str(self.corpus), op="compact", crash_at=0)
            assert answer.get("error") == "FormatError", answer
            assert "rebuild_manifest" in answer["message"]
            return
        answer = self.server.run(path=str(self.corpus), op="compact", crash_at=crash_at or 0)
        if not (self.corpus / MANIFEST).exists():  # compacting a folder no write created
            if "killed" in answer:
                return
            assert answer.get("error") == "FormatError", answer
            assert "no systemsreview dataset here" in answer["message"]
            return
        self._settle(answer, dict(self.committed), {})

    def _settle(self, answer: dict[str, Any], new: dict[str, str], wrote: dict[str, str]) -> None:
        assert "error" not in answer, answer
        if not (self.corpus / MANIFEST).exists():  # killed in the first write, before its commit
            assert not self.committed
            assert "killed" in answer
            for rid, title in wrote.items():
                self.revivable.setdefault(rid, set()).add(title)
            return
        state = _state(self.corpus)
        if "done" in answer:
            assert state == new
        else:
            assert state in (self.committed, new), "a killed writer left a mixed state"
            if state != new:
                for rid, title in wrote.items():
                    self.revivable.setdefault(rid, set()).add(title)
        self.committed = state

    def _lost(self) -> bool:
        """Whether the manifest is gone while part files remain (staged ones included)."""
        parts = [p for t in pqds.TABLES for p in (self.corpus / t).glob("part-*.parquet")]
        parts += list((self.corpus / "_staging").glob("part-*/*.parquet"))
        return not (self.corpus / MANIFEST).exists() and bool(parts)

    def delete_manifest(self) -> None:
        (self.corpus / MANIFEST).unlink(missing_ok=True)

    def repair(self) -> None:
        before = _snapshot(self.corpus.parent)
        if self._lost():
            with pytest.raises(FormatError, match="rebuild_manifest"):
                pqds.repair(self.corpus)
            assert _snapshot(self.corpus.parent) == before
            return
        pqds.repair(self.corpus)
        if (self.corpus / MANIFEST).exists():
            assert _state(self.corpus) == self.committed
        self.revivable = {}  # what killed writers left is gone now

    def rebuild(self) -> None:
        if not self.corpus.is_dir():
            return
        report = pqds.rebuild_manifest(self.corpus)
        state = _state(self.corpus)
        assert set(report.reviews) == set(state)
        for rid, title in self.committed.items():
            assert rid in state, f"committed review {rid!r} lost"
            allowed = {title} | self.revivable.get(rid, set())
            assert state[rid] in allowed, (rid, state[rid], allowed)
        for rid in set(state) - set(self.committed):
            assert state[rid] in self.revivable.get(rid, set()), rid
        self.committed = state
        self.revivable = {}


@settings(max_examples=max(8, settings.default.max_examples // 3))  # 8 on CI: a fork a write
@given(st.lists(OPS, min_size=1, max_size=7))
def test_no_committed_review_is_ever_lost(
    server: Server, ops: list[tuple[str, list[str], int | None]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        corpus = tmp / "data" / "corpus"
        sentinels = _sentinels(tmp, corpus)
        model = Model(corpus, server)
        for op, ids, crash_at in ops:
            if op == "write":
                model.write(ids, crash_at)
            elif op == "compact":
                model.compact(crash_at)
            elif op == "delete manifest":
                model.delete_manifest()
            elif op == "repair":
                model.repair()
            else:
                model.rebuild()
            for path, (data, mtime) in sentinels.items():
                assert path.read_bytes() == data, f"{path} changed after {op}"
                assert path.stat().st_mtime_ns == mtime, f"{path} touched by {op}"
        if not (corpus / MANIFEST).exists():  # the end of every story: all recoverable
            model.rebuild()
        assert _state(corpus) == model.committed
