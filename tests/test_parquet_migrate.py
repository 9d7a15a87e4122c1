"""Older datasets: the committed format-0 fixture is migrated on read and by compact()."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from systemsreview import Corpus
from systemsreview.errors import FormatVersionError
from systemsreview.io import parquet as pqds
from systemsreview.io._migrate import MIGRATIONS, migrate
from systemsreview.io._schema import FORMAT_VERSION
from systemsreview.model import Review

FIXTURES = Path(__file__).parent / "fixtures"


def _tiny_review() -> Review:
    spec = importlib.util.spec_from_file_location("make_format0", FIXTURES / "make_format0.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.tiny_review()  # type: ignore[no-any-return]


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old"
    shutil.copytree(FIXTURES / "format0", path)
    return path


def test_fixture_is_really_the_old_layout(old: Path) -> None:
    [links] = (old / "links").glob("*.parquet")
    schema = pq.read_schema(links)
    assert schema.names == ["review_id", "source", "target", "kind", "note"]
    assert schema.metadata[b"systemsreview.format_version"] == b"0.1"


def test_old_dataset_reads_through_the_migration(old: Path) -> None:
    review = _tiny_review()
    assert list(pqds.read(old)) == [review]
    assert pqds.read_review(old, "old-review") == review
    corpus = Corpus.open(old)
    assert corpus.table("links", ["src", "dst"]).to_pylist() == [
        {"src": "kpe-1", "dst": "police"},
        {"src": "finding", "dst": "kpe-1"},
    ]
    assert len(corpus.where(year=2019)) == 1


def test_writers_refuse_an_old_dataset_until_compacted(old: Path) -> None:
    with pytest.raises(FormatVersionError, match=r"format 0\.1; run compact\(\)"):
        pqds.write(old, _tiny_review(), mode="replace")
    assert pqds.compact(old) == 1
    for file in old.glob("*/part-*.parquet"):
        assert (
            pq.read_schema(file).metadata[b"systemsreview.format_version"]
            == FORMAT_VERSION.encode()
        )
    assert f'"format_version": "{FORMAT_VERSION}"' in (old / "_systemsreview.json").read_text()
    assert list(pqds.read(old)) == [_tiny_review()]
    links = duckdb.sql(f"select src, dst from read_parquet('{old}/links/*.parquet')").fetchall()
    assert links == [("kpe-1", "police"), ("finding", "kpe-1")]
    pqds.write(old, _tiny_review(), mode="replace")


def test_every_older_major_version_has_a_migration() -> None:
    assert set(MIGRATIONS) == set(range(int(FORMAT_VERSION.split(".")[0])))
    assert (
        migrate(
            "reviews", FORMAT_VERSION, pq.read_table(next(FIXTURES.glob("format0/reviews/*")))
        ).num_rows
        == 1
    )
