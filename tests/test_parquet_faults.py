"""Readers during writes, and writes the storage refuses.

- A reader iterating the dataset while another process appends, replaces and compacts sees
  one committed version from start to end, or fails with a library error (a part it was
  reading was dropped by a newer commit): never a mix of versions.
- A write that runs out of file size (``RLIMIT_FSIZE``, with ``SIGXFSZ`` ignored, in a
  forked process) or finds its folder read-only ends with a :class:`StorageError`, and the
  previous version stays intact and readable.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import signal
from pathlib import Path
from typing import Any

import attrs
import pytest

from systemsreview import Corpus, synth
from systemsreview.errors import FormatError, StorageError
from systemsreview.io import parquet as pqds

FORK = mp.get_context("fork")
REVIEWS = list(synth.corpus(8, seed=21))


def _operations() -> tuple[list[tuple[str, Any]], list[dict[str, Any]]]:
    """A deterministic run of writes, and every committed state it passes through."""
    ops: list[tuple[str, Any]] = []
    state = {REVIEWS[0].id: REVIEWS[0]}
    states = [dict(state)]
    for k in range(1, 8):
        ops.append(("append", REVIEWS[k]))
        state[REVIEWS[k].id] = REVIEWS[k]
        states.append(dict(state))
        changed = attrs.evolve(REVIEWS[k - 1], title=f"version {k}")
        ops.append(("replace", changed))
        state[changed.id] = changed
        states.append(dict(state))
        if k % 3 == 0:
            ops.append(("compact", None))  # same reviews, new parts
    return ops, states


def _writer(path: Path, ops: list[tuple[str, Any]], go: Any) -> None:
    go.wait()
    for mode, review in ops:
        if mode == "compact":
            pqds.compact(path)
        else:
            pqds.write(path, review, mode=mode, compact_threshold=None)


@pytest.mark.parametrize("reader", ["read", "corpus", "read again"])
def test_readers_see_one_committed_version_or_fail_cleanly(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, REVIEWS[0])
    read = (lambda: list(Corpus.open(path))) if reader == "corpus" else (lambda: pqds.read(path))
    ops, states = _operations()
    go = FORK.Event()
    writer = FORK.Process(target=_writer, args=(path, ops, go))
    writer.start()
    go.set()
    seen: set[int] = set()
    failures: list[str] = []
    reads = 0
    while writer.is_alive() or reads == 0:
        reads += 1
        try:
            got = {r.id: r for r in read()}
        except FormatError as err:  # a part dropped under the reader: read again
            failures.append(str(err))
            continue
        assert got in states, sorted(got)  # one committed version, never a mix
        seen.add(states.index(got))
    writer.join(timeout=60)
    assert writer.exitcode == 0
    assert {r.id: r for r in pqds.read(path)} == states[-1]
    assert pqds.verify(path).ok
    assert all("read again" in f for f in failures), failures
    assert len(seen) >= 2, (seen, len(failures), reads)  # the reader did overlap the writer


def _limited_write(path: Path, limit: int, out: Any) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        pqds.write(path, REVIEWS[1:6], mode="append")
        out.put("written")
    except StorageError as err:
        out.put(f"StorageError: {err}")
    except BaseException as err:  # reported to the test as a failure
        out.put(f"RAW {type(err).__name__}: {err}")


@pytest.mark.parametrize("limit", [0, 500, 1500, 3000, 6000])
def test_a_write_out_of_file_size_fails_cleanly_and_keeps_the_previous_version(
    tmp_path: Path, limit: int
) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, REVIEWS[0])
    before = list(pqds.read(path))
    out = FORK.Queue()
    child = FORK.Process(target=_limited_write, args=(path, limit, out))
    child.start()
    result = out.get(timeout=120)
    child.join(timeout=60)
    assert result.startswith("StorageError"), result
    assert "the previous version is intact" in result, result
    assert list(pqds.read(path, verify=True)) == before
    assert pqds.verify(path).ok
    pqds.write(path, REVIEWS[1:6], mode="append")  # with room again, the write goes through
    assert len(list(pqds.read(path, verify=True))) == 6


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_write_into_a_read_only_folder_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, REVIEWS[0])
    before = list(pqds.read(path))
    folders = [path, *(p for p in path.iterdir() if p.is_dir())]
    for folder in folders:
        folder.chmod(0o555)
    try:
        with pytest.raises(StorageError, match="nothing was written"):
            pqds.write(path, REVIEWS[1], mode="append")
        with pytest.raises(StorageError):
            pqds.compact(path)
        assert list(pqds.read(path, verify=True)) == before
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert pqds.verify(path).ok
