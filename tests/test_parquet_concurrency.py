"""Concurrent writers: disjoint appends all land; true conflicts are clean ConflictErrors.

Writers are forked processes released together by one event, so that they really race for
the lock and the manifest; readers in other processes iterate the dataset meanwhile.
"""

from __future__ import annotations

import multiprocessing as mp
import random
from pathlib import Path
from typing import Any

import attrs
import pytest

from systemsreview import synth
from systemsreview.errors import ConflictError, SystemsReviewError
from systemsreview.io import _txn
from systemsreview.io import parquet as pqds
from systemsreview.io._manifest import load

FORK = mp.get_context("fork")
REVIEWS = list(synth.corpus(16, seed=7))


def _append(path: Path, reviews: list[Any], go: Any, out: Any) -> None:
    go.wait()
    try:
        pqds.write(path, reviews, mode="append", lock_timeout=120)
        out.put("ok")
    except SystemsReviewError as err:  # pragma: no cover - reported to the test
        out.put(f"{type(err).__name__}: {err}")


def _trial(path: Path, writers: int, rng: random.Random) -> None:
    pqds.write(path, REVIEWS[0])
    pool = REVIEWS[1:]
    rng.shuffle(pool)
    share = len(pool) // writers
    batches = [pool[i * share : (i + 1) * share] for i in range(writers)]
    go, out = FORK.Event(), FORK.Queue()
    procs = [FORK.Process(target=_append, args=(path, b, go, out)) for b in batches]
    for p in procs:
        p.start()
    go.set()
    results = [out.get(timeout=180) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert results == ["ok"] * writers
    expected = {r.id: r for b in [[REVIEWS[0]], *batches] for r in b}
    got = list(pqds.read(path, verify=True))
    assert len(got) == len(expected)  # nothing duplicated
    assert {r.id: r for r in got} == expected  # nothing lost, nothing changed
    assert pqds.verify(path).ok


def test_concurrent_disjoint_appends_all_land_over_24_trials(tmp_path: Path) -> None:
    rng = random.Random(2026)
    for trial in range(24):  # 2, 3 and 4 writers, 8 trials each
        _trial(tmp_path / f"t{trial}", 2 + trial % 3, rng)


def _committed_meanwhile(path: Path, review: Any) -> Any:
    """A stale base: the manifest before ``review`` is appended by another writer."""
    stale = load(path)
    pqds.write(path, review, mode="append")
    return stale


def _stage(path: Path, reviews: list[Any], token: str, generation: int) -> Any:
    writer = _txn.PartWriter(path, token, generation)
    from systemsreview.io._arrow import encode  # noqa: PLC0415

    writer.add(encode(sorted(reviews, key=lambda r: r.id)))
    return writer.publish()


def test_a_blind_append_is_rebased_over_a_disjoint_commit(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, REVIEWS[0])
    stale = _committed_meanwhile(path, REVIEWS[1])
    part = _stage(path, [REVIEWS[2]], "0123456789abcdef", stale.generation + 1)
    manifest = _txn.commit(path, stale, (*stale.parts, part), "0123456789abcdef")
    assert manifest.generation == stale.generation + 2
    assert [r.id for r in pqds.read(path)] == [r.id for r in REVIEWS[:3]]
    assert pqds.verify(path).ok


def test_an_append_of_an_id_stored_meanwhile_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, REVIEWS[0])
    stale = _committed_meanwhile(path, REVIEWS[1])
    part = _stage(path, [REVIEWS[1]], "0123456789abcdef", stale.generation + 1)
    before = (path / "_systemsreview.json").read_bytes()
    with pytest.raises(ConflictError, match=f"review {REVIEWS[1].id!r} was stored meanwhile"):
        _txn.commit(path, stale, (*stale.parts, part), "0123456789abcdef")
    assert (path / "_systemsreview.json").read_bytes() == before


def test_a_replace_over_a_compaction_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, REVIEWS[0])
    pqds.write(path, REVIEWS[1], mode="append")
    stale = load(path)
    assert stale is not None
    assert pqds.compact(path) == 2
    changed = attrs.evolve(REVIEWS[1], title="changed")
    part = _stage(path, [changed], "0123456789abcdef", stale.generation + 1)
    before = (path / "_systemsreview.json").read_bytes()
    with pytest.raises(ConflictError, match="it replaces or compacts parts"):
        _txn.commit(path, stale, (stale.parts[0], part), "0123456789abcdef")
    assert (path / "_systemsreview.json").read_bytes() == before
    assert [r.id for r in pqds.read(path)] == [REVIEWS[0].id, REVIEWS[1].id]
