"""Every failure is a library error: seeded corruptions of datasets and JSON documents.

Whatever the damage, ``read``, ``read_review``, ``read_table``, ``review_ids``, ``Corpus``
(iteration, tables, an analysis), ``verify``, the JSON ``load``/``loads`` and the CLI either
succeed or raise a :class:`~systemsreview.errors.SystemsReviewError` subclass: never an
``IndexError``, ``OverflowError``, ``KeyError``, ``ArrowInvalid``, ``OSError`` or other raw
exception.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corruption import corrupt, restore
from systemsreview import synth
from systemsreview.cli import main
from systemsreview.corpus import Corpus
from systemsreview.errors import SystemsReviewError
from systemsreview.io import _validate
from systemsreview.io import json as review_json
from systemsreview.io import parquet as pqds


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("errors") / "corpus"
    reviews = list(synth.corpus(4, seed=3))
    pqds.write(root, reviews[:2])
    pqds.write(root, reviews[2:], mode="append")
    return root


def _every_reader(root: Path) -> None:
    """Run every reader; only library errors may come out."""
    rid = "?"
    calls: list[Any] = [
        lambda: list(pqds.read(root)),
        lambda: list(pqds.read(root, verify=True)),
        lambda: pqds.review_ids(root),
        lambda: pqds.read_review(root, rid),
        lambda: pqds.read_table(root, "findings"),
        lambda: pqds.read_table(root, "events", filter=pqds_filter()),
        lambda: list(Corpus.open(root)),
        lambda: Corpus.open(root).table("links"),
        lambda: Corpus.open(root).pattern_prevalence(),
        lambda: pqds.verify(root),
    ]
    with contextlib.suppress(SystemsReviewError):
        rid = pqds.review_ids(root)[-1]
    for call in calls:
        _validate.forget()
        with contextlib.suppress(SystemsReviewError):
            call()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        for argv in (
            ["verify", str(root)],
            ["corpus", str(root)],
            ["show", str(root), "--id", rid],
        ):
            assert main(argv) in (0, 1, 2)


def pqds_filter() -> Any:
    import pyarrow.compute as pc  # noqa: PLC0415

    return pc.field("review_id") != ""


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(0, 2**32 - 1), count=st.integers(1, 3))
def test_damaged_datasets_raise_only_library_errors(dataset: Path, seed: int, count: int) -> None:
    rng = random.Random(seed)
    saved: dict[Path, bytes] = {}
    try:
        for _ in range(count):
            _, changed = corrupt(dataset, rng)
            for path, data in changed.items():
                saved.setdefault(path, data)
        _every_reader(dataset)
    finally:
        restore(saved)


def test_damaged_manifests_raise_only_library_errors(dataset: Path) -> None:
    manifest = dataset / "_systemsreview.json"
    original = manifest.read_bytes()
    rng = random.Random(12)
    try:
        for _ in range(30):
            data = bytearray(original)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            manifest.write_bytes(bytes(data))
            _every_reader(dataset)
    finally:
        manifest.write_bytes(original)


REVIEW = json.loads(review_json.dumps(next(synth.corpus(1, seed=5))))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=12)
    | st.sampled_from(["2019-02-30", "9999-12-31", "0001-01-01", "-1", "P99999999999D", "1e999"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(doc: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [here]
    if isinstance(doc, dict):
        for key, value in doc.items():
            found += _paths(value, (*here, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            found += _paths(value, (*here, i))
    return found


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    doc[path[0]] = _set(doc[path[0]], path[1:], value)
    return doc


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_damaged_json_raises_only_library_errors(data: st.DataObject) -> None:
    doc = json.loads(json.dumps(REVIEW))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(doc)))
        doc = _set(doc, path, data.draw(JSON_VALUES))
    text = json.dumps(doc)
    if data.draw(st.booleans()):
        raw = bytearray(text.encode())
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        payload: str | bytes = bytes(raw)
    else:
        payload = text
    with contextlib.suppress(SystemsReviewError):
        review_json.loads(payload)
    with contextlib.suppress(SystemsReviewError):
        review_json.load(io.BytesIO(payload if isinstance(payload, bytes) else payload.encode()))


def _rewrite_column(root: Path, table: str, column: str, value: Any, tmp: Path) -> None:
    """Rewrite one column of the first part's ``table`` file to ``value`` (hashes dropped).

    The manifest then looks like one written before format 1.1 (no sizes or hashes), so
    only the decoders stand between the bad value and the caller.
    """
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    manifest = json.loads((root / "_systemsreview.json").read_text())
    for part in manifest["parts"]:
        part.pop("files", None)
    (root / "_systemsreview.json").write_text(json.dumps(manifest))
    path = sorted((root / table).glob("part-*.parquet"))[0]
    data = pq.read_table(path)
    i = data.schema.get_field_index(column)
    bad = pa.array([value] * data.num_rows, pa.int32()).cast(data.schema.field(i).type)
    meta = pq.ParquetFile(path).metadata
    sizes = [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]
    data = data.set_column(i, data.schema.field(i), bad)
    with pq.ParquetWriter(tmp, data.schema) as out:
        start = 0
        for size in sizes:
            out.write_table(data.slice(start, size), row_group_size=max(size, 1))
            start += size
    tmp.replace(path)


@pytest.mark.parametrize(
    ("table", "column"), [("reviews", "decided"), ("events", "when"), ("episodes", "period_end")]
)
def test_dates_out_of_range_are_format_errors(tmp_path: Path, table: str, column: str) -> None:
    """The issue's ``OverflowError: date value out of range``, now a FormatError."""
    root = tmp_path / "corpus"
    pqds.write(root, list(synth.corpus(3, seed=1)))
    _rewrite_column(root, table, column, 2**31 - 1, tmp_path / "x.parquet")
    _validate.forget()
    with pytest.raises(SystemsReviewError, match=r"part 'part-\d+-[0-9a-f]+', row group 0"):
        list(pqds.read(root))
    assert main(["show", str(root), "--id", pqds.review_ids(root)[0]]) == 2
