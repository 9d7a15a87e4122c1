"""The SQL texts of systemsreview.sql give the analytics' numbers on DuckDB and on Spark."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import systemsreview as sr
from _corpora import COMMISSIONERS, random_reviews, write_dataset
from systemsreview import analytics, sql, synth
from systemsreview.corpus import Corpus
from systemsreview.io import parquet
from systemsreview.model import Review

#: (name, analytics call, sql call) for every analysis and variant.
CASES: list[tuple[str, Callable[[Any], Any], Callable[..., str]]] = [
    ("pattern_prevalence", analytics.pattern_prevalence, sql.pattern_prevalence),
    ("factor_prevalence", analytics.factor_prevalence, sql.factor_prevalence),
    ("theme_prevalence", analytics.theme_prevalence, sql.theme_prevalence),
    ("cooccurrence_pattern", analytics.cooccurrence, sql.cooccurrence),
    (
        "cooccurrence_category",
        lambda p: analytics.cooccurrence(p, "category"),
        lambda p, **f: sql.cooccurrence(p, "category", **f),
    ),
    ("recurring_pattern", analytics.recurring_findings, sql.recurring_findings),
    (
        "recurring_sector",
        lambda p: analytics.recurring_findings(p, by="pattern_sector", min_reviews=1, min_years=1),
        lambda p, **f: sql.recurring_findings(
            p, by="pattern_sector", min_reviews=1, min_years=1, **f
        ),
    ),
    *(
        (
            f"trend_{name}",
            lambda p, name=name: analytics.trend(p, name, by="category"),
            lambda p, name=name, **f: sql.trend(p, name, by="category", **f),
        )
        for name in analytics.ANALYSES
    ),
]


def on_duckdb(path: Path, text: str) -> list[dict[str, Any]]:
    con = duckdb.connect()
    sql.duckdb_views(con, path)
    return con.sql(text).to_arrow_table().to_pylist()  # type: ignore[no-any-return]


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 30))
def test_every_analysis_gives_the_same_rows_on_duckdb(seed: int, n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_dataset(random_reviews(seed, n), Path(tmp))
        for name, expected, text in CASES:
            assert on_duckdb(path, text(path)) == expected(path).to_pylist(), name


def chosen(reviews: list[Review], **filters: Any) -> list[Review]:
    def keep(r: Review) -> bool:
        year = None if r.decided is None else r.decided.year
        own = {"review_id": r.id, "kind": r.kind.value, "year": year}
        own["commissioner"] = r.commissioner
        held = {
            "method": {m.value for m in r.methods},  # any of the review's methods
            "pattern": {p.value for f in r.findings for p in f.patterns},
            "level": {f.level.value for f in r.factors},
            "sector": {a.sector.value for a in r.agencies},
        }
        for key, wanted in filters.items():
            allowed = wanted if isinstance(wanted, list | tuple) else [wanted]
            if key == "category":
                codes = [f.category for f in r.factors]
                if not any(c == a or c.startswith(f"{a}.") for c in codes for a in allowed):
                    return False
            elif key in held:
                if not held[key] & set(allowed):
                    return False
            elif own[key] not in allowed:
                return False
        return True

    return [r for r in reviews if keep(r)]


FILTERS = st.fixed_dictionaries(
    {},
    optional={
        "review_id": st.lists(st.sampled_from([f"r{i:05d}" for i in range(30)]), max_size=20),
        "kind": st.sampled_from(["serious_case_review", "rapid_review", "national_review"]),
        "method": st.lists(st.sampled_from(["learning_together", "london_protocol"]), min_size=1),
        "year": st.lists(st.integers(2015, 2021), min_size=1, max_size=3),
        "commissioner": st.sampled_from(COMMISSIONERS),
        "pattern": st.lists(st.sampled_from(list(sr.Pattern)), min_size=1, max_size=2),
        "category": st.sampled_from(["frontline", "frontline.family", "local_strategic.culture"]),
        "level": st.sampled_from(list(sr.Level)),
        "sector": st.lists(st.sampled_from(list(sr.Sector)[:6]), max_size=2),
    },
)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32), FILTERS)
def test_filters_select_the_reviews_the_corpus_would(seed: int, filters: dict[str, Any]) -> None:
    reviews = random_reviews(seed, 25)
    kept = chosen(reviews, **filters)
    with tempfile.TemporaryDirectory() as whole, tempfile.TemporaryDirectory() as part:
        everything = write_dataset(reviews, Path(whole))
        if not kept:
            return
        subset = write_dataset(kept, Path(part))
        for name, expected, text in CASES:
            assert on_duckdb(everything, text(everything, **filters)) == (
                expected(subset).to_pylist()
            ), name


def test_quotes_in_filter_values_reach_the_engine_intact(tmp_path: Path) -> None:
    odd = "Children's \\ Board"
    reviews = [
        attrs.evolve(r, commissioner=odd) if i % 2 else r
        for i, r in enumerate(random_reviews(7, 12))
    ]
    path = write_dataset(reviews, tmp_path / "all")
    subset = write_dataset([r for r in reviews if r.commissioner == odd], tmp_path / "some")
    text = sql.pattern_prevalence(path, commissioner=odd)
    assert "chr(39)" in text
    assert "chr(92)" in text
    assert on_duckdb(path, text) == analytics.pattern_prevalence(subset).to_pylist()


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(sr.ModelError, match="unknown filter"):
        sql.pattern_prevalence("/x", colour="red")
    with pytest.raises(sr.ModelError, match="sector 'polis' is not a Sector"):
        sql.pattern_prevalence("/x", sector="polis")
    with pytest.raises(sr.ModelError, match="by 'sector'"):
        sql.cooccurrence("/x", "sector")
    with pytest.raises(sr.ModelError, match="trend of 'nothing'"):
        sql.trend("/x", "nothing")
    with pytest.raises(sr.ModelError, match="backquote"):
        sql.table("/x`y", "findings")


# ---- Spark ---------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.spark
def test_every_analysis_gives_the_same_rows_on_spark(spark: Any, tmp_path: Path) -> None:
    path = write_dataset(random_reviews(2026, 60), tmp_path)
    for name, expected, text in CASES:
        got = [row.asDict() for row in spark.sql(text(path)).collect()]
        assert got == expected(path).to_pylist(), name
    filters = {"kind": "rapid_review", "year": [2016, 2017, 2018]}
    got = [row.asDict() for row in spark.sql(sql.cooccurrence(path, **filters)).collect()]
    assert got == on_duckdb(path, sql.cooccurrence(path, **filters))
    children: dict[str, Any] = {"sector": "police", "category": "frontline", "pattern": []}
    for asked in ({**children, "pattern": list(sr.Pattern)[:3]}, children):
        text = sql.pattern_prevalence(path, **asked)
        got = [row.asDict() for row in spark.sql(text).collect()]
        assert got == on_duckdb(path, text)
        assert bool(got) == bool(asked["pattern"])
    # a list column filtered on both engines (DuckDB's rows are checked against Corpus.where
    # in test_sql_filters_agree_with_corpus_where)
    for methods in (["learning_together", "london_protocol"], "london_protocol"):
        text = sql.pattern_prevalence(path, method=methods)
        got = [row.asDict() for row in spark.sql(text).collect()]
        assert got == on_duckdb(path, text)
        assert got


def test_sql_filters_agree_with_corpus_where(tmp_path: Path) -> None:
    reviews = list(synth.corpus(30, seed=5))
    parquet.write(tmp_path / "corpus", reviews, batch_size=8)
    corpus = Corpus.open(tmp_path / "corpus")
    years = sorted({r.decided.year for r in reviews if r.decided is not None})
    cases: list[dict[str, Any]] = [
        {},
        {"year": years[::2]},
        {"kind": reviews[0].kind.value, "year": years},
        {"pattern": "family_professional", "sector": ["police", "health"]},
        {"category": "frontline.team", "level": "national"},
        {"review_id": corpus.where(sector="education", year=years[-1]).review_ids},
    ]
    for filters in cases:
        narrowed = corpus.where(**filters)
        for name, _, text in CASES:
            method = name.removeprefix("trend_")
            if name.startswith("trend_"):
                want = narrowed.trend(method, by="category")
            elif name.startswith("cooccurrence"):
                want = narrowed.cooccurrence(name.removeprefix("cooccurrence_"))
            elif name == "recurring_sector":
                want = narrowed.recurring_findings(by="pattern_sector", min_reviews=1, min_years=1)
            elif name == "recurring_pattern":
                want = narrowed.recurring_findings()
            else:
                want = getattr(narrowed, name)()
            assert on_duckdb(corpus.path, text(corpus.path, **filters)) == want.to_pylist(), name
