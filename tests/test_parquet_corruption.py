"""Seeded random corruptions of part files: never read back as different data.

Each case damages a 5-review, 3-part dataset once (a bit flip, several flips, a truncation,
a zeroed range, two parts' files of one table swapped, two tables' files of one part
swapped), reads it three ways and puts the bytes back:

- ``read(path, verify=True)`` must fail with a library error (size or SHA-256);
- ``verify(path)`` must report the damaged file and the reviews of its part;
- ``read(path)`` (size and page checksums only) must never leak a raw exception; how often
  it reads back different reviews without an error is counted and must stay 0 too.

The memos of checked files are forgotten between cases, as a new process would start.
"""

from __future__ import annotations

import collections
import os
import random
from pathlib import Path

import pytest

from corruption import corrupt, restore
from systemsreview import synth
from systemsreview.errors import SystemsReviewError
from systemsreview.io import _validate
from systemsreview.io import parquet as pqds


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[object]]:
    root = tmp_path_factory.mktemp("corrupt") / "corpus"
    reviews = list(synth.corpus(5, seed=12))
    pqds.write(root, reviews[:2])
    pqds.write(root, reviews[2:4], mode="append")
    pqds.write(root, reviews[4:], mode="append")
    return root, list(pqds.read(root))


def _outcome(root: Path, expected: list[object], *, verify: bool) -> str:
    _validate.forget()
    try:
        got = list(pqds.read(root, verify=verify))
    except SystemsReviewError:
        return "detected"
    return "same" if got == expected else "SILENTLY DIFFERENT"


def run(root: Path, expected: list[object], cases: int, seed: int) -> collections.Counter[str]:
    """Apply ``cases`` corruptions; count the outcomes (a raw exception propagates)."""
    rng = random.Random(seed)
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(cases):
        kind, saved = corrupt(root, rng)
        try:
            if kind == "none":  # e.g. zeros written over zeros
                counts["no change"] += 1
                continue
            hashed = _outcome(root, expected, verify=True)
            assert hashed == "detected", (kind, saved.keys())
            report = pqds.verify(root)
            assert not report.ok, (kind, saved.keys())
            assert report.affected, report
            plain = _outcome(root, expected, verify=False)
            counts[f"default {plain}"] += 1
            counts[f"{kind} {plain}"] += 1
        finally:
            restore(saved)
    return counts


def test_a_seeded_slice_of_corruptions_is_always_detected(
    dataset: tuple[Path, list[object]],
) -> None:
    root, expected = dataset
    counts = run(root, expected, 250, seed=2026)
    print(dict(counts))
    assert counts["default SILENTLY DIFFERENT"] == 0, counts
    _validate.forget()
    assert list(pqds.read(root, verify=True)) == expected  # everything was put back


#: How many more corruptions the slow test tries: a thousand under the ``thorough`` Hypothesis
#: profile, enough beside the seeded slice to keep CI within its time otherwise.
MANY = 1000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 250


@pytest.mark.slow
def test_many_corruptions_are_always_detected(dataset: tuple[Path, list[object]]) -> None:
    root, expected = dataset
    counts = run(root, expected, MANY, seed=12)
    print(dict(counts))
    assert counts["default SILENTLY DIFFERENT"] == 0, counts
