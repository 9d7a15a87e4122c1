"""Reading reviews in batches of entity rows (``_reader.BATCH_ROWS``): same reviews, same errors.

The default batch (16,384 rows) is larger than any table of these small datasets, so each test
makes it tiny, which cuts every table into many batches, reviews across batch boundaries.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage_helpers import EXAMPLE, minimal, variants, without_checksums
from systemsreview.errors import FormatError
from systemsreview.io import _reader
from systemsreview.io import parquet as pqds
from systemsreview.model import Review
from systemsreview.strategies import reviews as review_strategy


@pytest.mark.parametrize("rows", [1, 2, 3, 7, 16_384])
def test_batches_read_back_equal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    monkeypatch.setattr(_reader, "BATCH_ROWS", rows)
    written = [*variants(3), minimal("m0"), *variants(2, "s")]
    path = tmp_path / "corpus"
    pqds.write(path, written, batch_size=2)  # several row groups too
    back = sorted(pqds.read(path), key=lambda r: r.id)  # in dataset order: row group by group
    assert back == sorted(written, key=lambda r: r.id)
    assert pqds.read_review(path, "r0001") == written[1]


@settings(max_examples=10, deadline=None)
@given(
    st.lists(review_strategy(), min_size=1, max_size=3, unique_by=lambda r: r.id), st.integers(1, 5)
)
def test_batches_of_any_size_read_back_equal(
    tmp_path_factory: pytest.TempPathFactory, written: list[Review], rows: int
) -> None:
    path = tmp_path_factory.mktemp("batches") / "corpus"
    pqds.write(path, written)
    saved = _reader.BATCH_ROWS
    _reader.BATCH_ROWS = rows
    try:
        back = list(pqds.read(path))
    finally:
        _reader.BATCH_ROWS = saved
    assert back == sorted(written, key=lambda r: r.id)


def _blank_id(path: Path, table: str, row: int) -> None:
    """Replace the ``id`` of one row of ``table`` by a blank string."""
    [file] = (path / table).glob("*.parquet")
    data = pq.read_table(file)
    ids = data.column("id").to_pylist()
    ids[row] = "  "
    index = data.schema.get_field_index("id")
    data = data.set_column(index, data.schema.field(index), pa.array(ids, pa.string()))
    pq.write_table(data, file)
    without_checksums(path)  # reach the value check, past the size check that comes first


@pytest.mark.parametrize("rows", [1, 4, 16_384])
def test_a_bad_value_in_a_later_batch_names_its_file_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    monkeypatch.setattr(_reader, "BATCH_ROWS", rows)
    path = tmp_path / "corpus"
    pqds.write(path, variants(2))
    bad = len(EXAMPLE.events) + 5  # an event of the second review
    _blank_id(path, "events", bad)
    with pytest.raises(FormatError, match=rf"table 'events', row {bad} \(.*review 'r0001'.*'id'"):
        list(pqds.read(path))


@pytest.mark.parametrize("rows", [1, 4, 16_384])
def test_a_row_of_an_unknown_review_in_a_later_batch_names_its_file_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int
) -> None:
    monkeypatch.setattr(_reader, "BATCH_ROWS", rows)
    path = tmp_path / "corpus"
    pqds.write(path, variants(2))
    [file] = (path / "links").glob("*.parquet")
    data = pq.read_table(file)
    bad = len(EXAMPLE.links) + 3
    rids = data.column("review_id").to_pylist()
    rids[bad] = "nobody"
    data = data.set_column(0, data.schema.field(0), pa.array(rids, pa.string()))
    pq.write_table(data, file)
    without_checksums(path)
    with pytest.raises(FormatError, match=rf"table 'links', row {bad}: rows of review 'nobody'"):
        list(pqds.read(path))
