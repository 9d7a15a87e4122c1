"""Readers that cannot be misled (issue 9): other engines see committed parts only.

Parts stay staged (``_staging/<part>/``, skipped by ``*.parquet`` globs over a table folder
and by every engine's hidden-name convention) until the manifest lists them; then they move
into the table folders. ``files(path, table)`` names the committed files wherever they are;
reading the dataset root as one table fails loudly.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from storage_helpers import EXAMPLE, variants
from systemsreview import Corpus, sql
from systemsreview.errors import NotFoundError
from systemsreview.io import _txn
from systemsreview.io import parquet as pqds


class _StopError(Exception):
    pass


def _stop_at(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    def hook(step: str) -> None:
        if step.startswith(name):
            raise _StopError(step)

    monkeypatch.setattr(_txn, "on_step", hook)


def _globbed(path: Path, table: str) -> int:
    return int(pq.read_table(sorted((path / table).glob("*.parquet"))).num_rows)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "corpus"
    pqds.write(path, variants(2))
    return path


def test_a_write_killed_before_its_commit_is_invisible_to_every_engine(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {t: _globbed(corpus, t) for t in pqds.TABLES}
    _stop_at(monkeypatch, "manifest staged")  # every file written, nothing committed
    with pytest.raises(_StopError):
        pqds.write(corpus, variants(3, "new"), mode="append")
    monkeypatch.setattr(_txn, "on_step", None)
    assert any((corpus / "_staging").rglob("*.parquet"))  # the files exist...
    for table in pqds.TABLES:  # ...but no glob over a table folder sees them
        assert _globbed(corpus, table) == before[table]
        assert ds.dataset(corpus / table).count_rows() == before[table]
        assert (
            pl.scan_parquet(f"{corpus}/{table}/*.parquet").select(pl.len()).collect().item()
            == (before[table])
        )
    con = duckdb.connect()
    sql.duckdb_views(con, corpus)
    assert con.sql(f"SELECT COUNT(*) FROM {sql.table(corpus, 'reviews')}").fetchall() == [(2,)]
    assert pqds.review_ids(corpus) == ["r0000", "r0001"]
    pqds.write(corpus, attrs.evolve(EXAMPLE, id="later"), mode="append")  # removes them
    assert not (corpus / "_staging").exists()


def test_a_commit_interrupted_before_its_move_is_read_and_finished(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stop_at(monkeypatch, "moved findings")  # committed; findings moved, sources not yet
    with pytest.raises(_StopError):
        pqds.write(corpus, variants(3, "new"), mode="append")
    monkeypatch.setattr(_txn, "on_step", None)
    expected = {r.id for r in [*variants(2), *variants(3, "new")]}
    assert {r.id for r in pqds.read(corpus)} == expected  # the readers see the commit
    sources = pqds.files(corpus, "sources")
    assert sources[-1].parent.parent.name == "_staging"  # still staged: files() finds it
    assert pq.read_table(sources).num_rows == 5 * len(EXAMPLE.sources)
    assert Corpus.open(corpus).table("sources").num_rows == 5 * len(EXAMPLE.sources)
    assert _globbed(corpus, "findings") == 5 * len(EXAMPLE.findings)
    assert pqds.repair(corpus) == []  # finishes the move; nothing to delete
    assert all(f.parent.name == "sources" for f in pqds.files(corpus, "sources"))
    assert _globbed(corpus, "sources") == 5 * len(EXAMPLE.sources)
    assert not (corpus / "_staging").exists()


def test_files_are_the_committed_files_in_dataset_order(corpus: Path) -> None:
    pqds.write(corpus, variants(2, "s"), mode="append")
    stray = corpus / "findings" / "part-000002-0123456789abcdef.parquet"
    stray.write_bytes(
        (corpus / "findings").joinpath(pqds.files(corpus, "findings")[0].name).read_bytes()
    )
    for table in pqds.TABLES:
        listed = pqds.files(corpus, table)
        assert [f.stem for f in listed] == [p["name"] for p in _manifest(corpus)["parts"]]
        assert pq.read_table(listed).num_rows == pqds.read_table(corpus, table).num_rows
    findings = [str(f) for f in pqds.files(corpus, "findings")]
    con = duckdb.connect()
    count = con.sql(f"SELECT COUNT(*) FROM read_parquet({findings})").fetchall()
    assert count == [(4 * len(EXAMPLE.findings),)]
    assert pl.scan_parquet(findings).select(pl.len()).collect().item() == 4 * len(EXAMPLE.findings)
    sql.duckdb_views(con, corpus)  # the stray part (a leftover) is not in the views
    view = sql.table(corpus, "findings")
    assert con.sql(f"SELECT COUNT(*) FROM {view}").fetchall() == [(4 * len(EXAMPLE.findings),)]
    with pytest.raises(NotFoundError, match="no table 'finding'"):
        pqds.files(corpus, "finding")


def _manifest(path: Path) -> dict[str, list[dict[str, object]]]:
    import json  # noqa: PLC0415

    data: dict[str, list[dict[str, object]]] = json.loads(
        (path / "_systemsreview.json").read_text()
    )
    return data


def test_reading_the_root_as_one_table_fails_loudly(corpus: Path) -> None:
    readers = [
        lambda: pd.read_parquet(corpus),
        lambda: pq.read_table(corpus),
        lambda: ds.dataset(corpus).to_table(),
        lambda: ds.dataset(corpus, format="parquet").to_table(),
    ]
    for reader in readers:
        with pytest.raises(pa.ArrowInvalid, match=r"README-systemsreview\.txt"):
            reader()
    with pytest.raises(Exception, match=r"schema mismatch|different file extensions"):
        duckdb.sql(f"SELECT * FROM read_parquet('{corpus}/**/*.parquet')").fetchall()
    with pytest.raises(Exception):  # noqa: B017, PT011  # polars refuses the mixed folder
        pl.read_parquet(corpus)
    text = (corpus / "README-systemsreview.txt").read_text()
    assert 'files(path, "findings")' in text
    # The supported way into pandas, with Arrow-backed dtypes so that dates stay dates:
    frame = Corpus.open(corpus).table("events").to_pandas(types_mapper=pd.ArrowDtype)
    assert str(frame["when"].dtype) == "date32[day][pyarrow]"
    assert len(frame) == 2 * len(EXAMPLE.events)


def test_the_documented_ways_round_the_root_alarm_do_mix_tables(tmp_path: Path) -> None:
    """docs/storage.md warns against these two; if a reader stops mixing, update the page."""
    pqds.write(tmp_path / "c", EXAMPLE)
    rows = sum(pqds.read_table(tmp_path / "c", t, ["review_id"]).num_rows for t in pqds.TABLES)
    mixed = ds.dataset(tmp_path / "c", exclude_invalid_files=True).to_table()
    assert mixed.num_rows == rows
    glob = f"{tmp_path / 'c'}/**/*.parquet"
    assert duckdb.sql(f"select count(*) from read_parquet('{glob}')").fetchall() == [(rows,)]
