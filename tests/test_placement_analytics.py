"""Where factors sit, across a corpus: Arrow against plain Python; the same rows from SQL."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _engines import close, narrowed_to_a_kind, on_duckdb
from systemsreview import analytics, sql, synth
from systemsreview.cli import main
from systemsreview.corpus import Corpus
from systemsreview.errors import ModelError
from systemsreview.examples import domestic_abuse_review, hidden_child_review
from systemsreview.io import parquet
from systemsreview.model import Link, LinkKind, Review
from systemsreview.query import factors_by_agency
from systemsreview.strategies import reviews

BY = tuple(analytics.PLACEMENT_BY)

# ---- plain Python over Review objects --------------------------------------------------------


def expected_placement(rs: list[Review], by: str) -> list[dict[str, Any]]:
    """Per key: the reviews and factors, through ``query.factors_by_agency`` per review."""
    reviews_of: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    factors_of: dict[tuple[Any, ...], int] = defaultdict(int)
    for r in rs:
        sectors: dict[str, set[str]] = defaultdict(set)
        for agency, factors in factors_by_agency(r).items():
            for f in factors:
                sectors[f].add(r.agency(agency).sector.value)
        for factor in r.factors:
            for sector in sectors.get(factor.id) or {None}:
                full = (sector, factor.level.value, factor.category)
                key = full[: len(analytics.PLACEMENT_BY[by])]
                reviews_of[key].add(r.id)
                factors_of[key] += 1
    keys = analytics.PLACEMENT_BY[by]
    order = sorted(reviews_of, key=lambda k: [(v is None, v or "") for v in k])
    return [
        {
            **dict(zip(keys, key, strict=True)),
            "reviews": len(reviews_of[key]),
            "factors": factors_of[key],
            "share": len(reviews_of[key]) / len(rs),
        }
        for key in order
    ]


# ---- generated corpora -----------------------------------------------------------------------


@st.composite
def placed_reviews(draw: st.DrawFn, number: int) -> Review:
    """A generated review whose factors sometimes sit in more agencies (of the same sector or
    not, twice over), or point ``sits_in`` at something that is not an agency."""
    review = attrs.evolve(draw(reviews(agencies=(2, 4), factors=(1, 6))), id=f"review-{number}")
    factors = [f.id for f in review.factors]
    targets = [a.id for a in review.agencies] + [e.id for e in review.episodes]
    extra = draw(
        st.lists(st.tuples(st.sampled_from(factors), st.sampled_from(targets)), max_size=6)
    )
    if draw(st.booleans()):  # no placement at all
        kept = tuple(link for link in review.links if link.kind is not LinkKind.SITS_IN)
        return attrs.evolve(review, links=kept)
    added = tuple(Link(f, t, LinkKind.SITS_IN) for f, t in extra)
    return attrs.evolve(review, links=(*review.links, *added))


CORPORA = st.integers(1, 6).flatmap(lambda n: st.tuples(*(placed_reviews(i) for i in range(n))))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CORPORA)
def test_placement_agrees_with_plain_python_and_duckdb(rs: tuple[Review, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, list(rs))
        for by in BY:
            got = analytics.factor_placement(path, by)
            assert close(got.to_pylist(), expected_placement(list(rs), by)), by
            assert got.schema.names == [*analytics.PLACEMENT_BY[by], "reviews", "factors", "share"]
            from_sql = on_duckdb(path, sql.factor_placement(path, by))
            assert from_sql.schema.names == got.schema.names, by
            assert close(from_sql.to_pylist(), got.to_pylist()), by
            # every factor is counted at least once; exactly once when placed in one sector
            factors = sum(len(r.factors) for r in rs)
            assert sum(got.column("factors").to_pylist()) >= factors


def test_the_worked_examples(tmp_path: Path) -> None:
    """The hidden child's factors sit in police, social care and the school; one in two."""
    rs = [domestic_abuse_review(), hidden_child_review()]
    parquet.write(tmp_path / "c", rs)
    corpus = Corpus.open(tmp_path / "c")
    table = corpus.factor_placement()
    assert table.to_pylist() == expected_placement(rs, "sector")
    sectors = table.column("sector").to_pylist()
    assert sectors[-1] is None  # the unplaced, last
    assert {"education", "police", "social_care"} <= set(sectors)
    unplaced = table.to_pylist()[-1]
    assert unplaced["reviews"] == 2  # the first example places no factor
    assert unplaced["factors"] >= len(rs[0].factors)
    # the filtered corpus counts its own reviews only
    one = corpus.where(review_id=rs[1].id)
    assert one.factor_placement("level").to_pylist() == expected_placement(rs[1:], "level")
    text = sql.factor_placement(tmp_path / "c", "level", review_id=rs[1].id)
    assert on_duckdb(tmp_path / "c", text).to_pylist() == expected_placement(rs[1:], "level")


def test_a_filtered_synthetic_corpus(tmp_path: Path) -> None:
    _, corpus, _, kind, chosen = narrowed_to_a_kind(list(synth.corpus(12, seed=3)), tmp_path / "c")
    for by in BY:
        expected = expected_placement(chosen, by)
        assert close(corpus.where(kind=kind).factor_placement(by).to_pylist(), expected), by
        text = sql.factor_placement(tmp_path / "c", by, kind=kind)
        assert close(on_duckdb(tmp_path / "c", text).to_pylist(), expected), by


def test_an_empty_selection_gives_no_rows(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    empty = Corpus.open(tmp_path / "c").where(review_id=[])
    for by in BY:
        table = empty.factor_placement(by)
        assert table.num_rows == 0
        assert table.schema.names == [*analytics.PLACEMENT_BY[by], "reviews", "factors", "share"]


def test_disclosure_protects_the_placement_table(tmp_path: Path) -> None:
    path = tmp_path / "c"
    parquet.write(path, [domestic_abuse_review(), hidden_child_review()])
    for by in BY:
        plain = analytics.factor_placement(path, by)
        safe = analytics.factor_placement(path, by, disclosure=5)
        assert safe.column("sector").to_pylist() == plain.column("sector").to_pylist()
        for row in safe.to_pylist():
            assert row["suppressed"] or all(row[c] == 0 or row[c] >= 5 for c in ("reviews",))
        from_sql = analytics.protect(
            on_duckdb(path, sql.factor_placement(path, by)), "factor_placement", 5
        )
        assert from_sql.equals(safe)
    rounded = Corpus.open(path).factor_placement(disclosure=analytics.Disclosure(method="round"))
    assert "share" not in rounded.column_names
    assert all(v % 5 == 0 for v in rounded.column("factors").to_pylist())


@pytest.mark.parametrize("by", ["agency", "Sector", None, "pattern", ("sector",)])
def test_a_bad_by_is_refused(tmp_path: Path, by: Any) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    message = f"factor_placement by {by!r}: choose one of 'sector', 'level', 'category'"
    for call in (
        lambda: analytics.factor_placement(tmp_path / "c", by),
        lambda: Corpus.open(tmp_path / "c").factor_placement(by),
        lambda: sql.factor_placement(tmp_path / "c", by),
    ):
        with pytest.raises(ModelError) as raised:
            call()
        assert str(raised.value).startswith(message)
        assert "factors_by_agency" in str(raised.value)


def test_bad_filters_and_disclosure_are_refused(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    with pytest.raises(ModelError, match="unknown filter"):
        sql.factor_placement(tmp_path / "c", colour="red")
    with pytest.raises(ModelError, match="threshold must be"):
        Corpus.open(tmp_path / "c").factor_placement(disclosure=0)


@pytest.mark.parametrize("fixture", ["format1", "format4"])
def test_datasets_before_placement(tmp_path: Path, fixture: str) -> None:
    """Formats before 5.0 had no ``sits_in``: every factor counts under a null sector."""
    path = tmp_path / fixture
    src = Path(__file__).parent / "fixtures" / fixture
    shutil.copytree(src, path)
    rs = list(parquet.read(path))
    got = analytics.factor_placement(path)
    assert got.to_pylist() == expected_placement(rs, "sector")
    assert got.column("sector").to_pylist() == [None]
    parquet.compact(path)
    assert close(on_duckdb(path, sql.factor_placement(path)).to_pylist(), got.to_pylist())


@pytest.mark.spark
def test_the_same_sql_gives_the_same_rows_on_spark(spark: Any, tmp_path: Path) -> None:
    rs = [domestic_abuse_review(), hidden_child_review(), *synth.corpus(6, seed=4)]
    path = tmp_path / "corpus"
    parquet.write(path, rs)
    for by in BY:
        got = spark.sql(sql.factor_placement(path, by)).toArrow()
        expected = analytics.factor_placement(path, by)
        assert got.schema.names == expected.schema.names, by
        assert close(got.to_pylist(), expected.to_pylist()), by


def test_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "c"
    parquet.write(path, [domestic_abuse_review(), hidden_child_review()])
    corpus = Corpus.open(path)
    argv = ["corpus", str(path), "factor-placement", "--by", "level", "--format", "json"]
    assert main([*argv, "--sector", "education"]) == 0
    expected = corpus.where(sector="education").factor_placement("level").to_pylist()
    assert json.loads(capsys.readouterr().out) == expected
    assert main(["corpus", str(path), "factor-placement"]) == 0
    assert f"({corpus.factor_placement().num_rows} rows)" in capsys.readouterr().out
    assert main(["corpus", str(path), "factor-placement", "--by", "agency"]) == 2
    assert "factor_placement by 'agency': choose one of" in capsys.readouterr().err


def test_synthetic_reviews_place_their_factors() -> None:
    """Synthetic corpora place most factors below national level, and leave some unplaced."""
    rs = list(synth.corpus(6, seed=8))
    placed = {(r.id, f) for r in rs for fs in factors_by_agency(r).values() for f in fs}
    national = {(r.id, f.id) for r in rs for f in r.factors if f.level.value == "national"}
    every = {(r.id, f.id) for r in rs for f in r.factors}
    assert placed
    assert not placed & national  # SR412
    assert every - national - placed  # some left unplaced
    several = [
        f
        for r in rs
        for f in r.factors
        if sum(f.id in fs for fs in factors_by_agency(r).values()) > 1
    ]
    assert several  # an inter-agency arrangement
