"""The Corpus handle: open, len, lookup, iteration, Arrow tables and review filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pyarrow.compute as pc
import pytest

import systemsreview as sr
from storage_helpers import EXAMPLE, minimal, variants
from systemsreview import Corpus
from systemsreview.errors import FormatError, ModelError, NotFoundError
from systemsreview.io import parquet as pqds
from systemsreview.model import Method, ReviewKind


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    rapid = [
        attrs.evolve(r, kind=ReviewKind.RAPID_REVIEW, decided=dt.date(2015, 3, 1), commissioner="A")
        for r in variants(3, "rapid")
    ]
    scr = variants(2, "scr")  # serious case reviews decided in 2011
    path = tmp_path / "corpus"
    pqds.write(path, [*scr, *rapid], batch_size=2)
    pqds.write(
        path,
        attrs.evolve(minimal("undecided"), kind="learning_review", methods=(Method.CAST,)),
        mode="append",
    )
    return Corpus.open(path)


def test_corpus_is_exported() -> None:
    assert sr.Corpus is Corpus
    assert "Corpus" in sr.__all__


def test_len_ids_iteration_and_lookup(corpus: Corpus) -> None:
    # Dataset order: each write's batches in turn, each batch sorted by id.
    ids = ("scr0000", "scr0001", "rapid0000", "rapid0001", "rapid0002", "undecided")
    assert len(corpus) == 6
    assert corpus.review_ids == ids
    assert [r.id for r in corpus] == list(ids)
    assert "scr0001" in corpus
    assert "nope" not in corpus
    assert corpus.review("scr0001") == variants(2, "scr")[1]
    assert repr(corpus).endswith("reviews=6)")
    with pytest.raises(NotFoundError, match="closest: 'scr0001'") as err:
        corpus.review("scr001")
    assert isinstance(err.value, KeyError)


def test_table_is_arrow_over_committed_parts(corpus: Corpus) -> None:
    episodes = corpus.table("episodes")
    assert episodes.num_rows == 5 * len(EXAMPLE.episodes)
    assert episodes.schema.equals(pqds.SCHEMAS["episodes"])
    scr = corpus.table("findings", ["review_id"], pc.field("review_id") == "scr0000")
    assert scr.column(0).to_pylist() == ["scr0000"] * len(EXAMPLE.findings)


def test_where_narrows(corpus: Corpus) -> None:
    rapid = corpus.where(kind="rapid_review")
    assert rapid.review_ids == ("rapid0000", "rapid0001", "rapid0002")
    assert corpus.where(year=2011).review_ids == ("scr0000", "scr0001")
    assert corpus.where(year=[2011, 2015], commissioner="A").review_ids == rapid.review_ids
    assert corpus.where(method=Method.CAST).review_ids == ("undecided",)
    assert len(corpus.where(kind=["rapid_review", "serious_case_review"])) == 5
    assert len(corpus.where(kind="rapid_review", year=2011)) == 0
    assert corpus.where() is corpus
    # A narrowed corpus answers only for its reviews.
    assert [r.id for r in rapid] == list(rapid.review_ids)
    assert set(rapid.table("events").column("review_id").to_pylist()) == set(rapid.review_ids)
    assert rapid.where(year=2015, commissioner=["A", "B"]).review_ids == rapid.review_ids
    with pytest.raises(NotFoundError, match="filtered"):
        rapid.review("scr0000")
    assert rapid.review("rapid0001").kind is ReviewKind.RAPID_REVIEW


def test_where_refuses_unknown_vocabulary(corpus: Corpus) -> None:
    with pytest.raises(ModelError, match="kind 'rapid' is not a ReviewKind"):
        corpus.where(kind="rapid")
    with pytest.raises(ModelError, match="method 'lt' is not a Method"):
        corpus.where(method=["lt"])
    with pytest.raises(ModelError, match="year 'last year' is not a year"):
        corpus.where(year="last year")


def test_corpus_sees_later_commits(corpus: Corpus) -> None:
    pqds.write(corpus.path, attrs.evolve(EXAMPLE, id="late"), mode="append")
    assert "late" in corpus.review_ids


def test_open_checks_the_dataset(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="no systemsreview dataset"):
        Corpus.open(tmp_path / "missing")
