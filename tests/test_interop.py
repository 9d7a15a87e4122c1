"""Other tools read the dataset folders as they are, and agree with Python on the answers.

One synthetic corpus is written in two parts (a write, then an append), and the same
analyses run in plain Python over the objects, in DuckDB SQL, in Polars and in Spark SQL:
findings per pattern (how many findings, in how many reviews), the same split by the year
the review was decided (a join with the reviews table and a ``date32`` column), and the
GraphFrames vertex and edge tables (``id = review_id || '/' || id``, edges ``src``/``dst``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from systemsreview import synth
from systemsreview.io import parquet
from systemsreview.model import EntityKind, Review

Rows = list[tuple[str, int, int]]
YearRows = list[tuple[int, str, int]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Review]]:
    reviews = list(synth.corpus(40, seed=31))
    root = tmp_path_factory.mktemp("interop") / "corpus"
    parquet.write(root, reviews[:25])
    parquet.write(root, reviews[25:], mode="append")
    assert len(list((root / "findings").glob("*.parquet"))) >= 2  # several parts to glob
    return root, reviews


def python_patterns(reviews: list[Review]) -> Rows:
    findings: Counter[str] = Counter()
    holders: defaultdict[str, set[str]] = defaultdict(set)
    for review in reviews:
        for finding in review.findings:
            findings[finding.pattern.value] += 1
            holders[finding.pattern.value].add(review.id)
    return sorted((p, n, len(holders[p])) for p, n in findings.items())


def python_by_year(reviews: list[Review]) -> YearRows:
    counts: Counter[tuple[int, str]] = Counter(
        (review.decided.year, finding.pattern.value)
        for review in reviews
        if review.decided is not None
        for finding in review.findings
    )
    return sorted((year, pattern, n) for (year, pattern), n in counts.items())


def python_graph(reviews: list[Review]) -> tuple[int, int]:
    vertices = sum(review.entity_count for review in reviews)
    return vertices, sum(len(review.links) for review in reviews)


def glob(root: Path, table: str) -> str:
    return str(root / table / "*.parquet")


# The analyses in SQL, shared by DuckDB and Spark ({findings}, {reviews}: the tables).
PATTERNS_SQL = """
    SELECT CAST(pattern AS STRING) AS pattern, COUNT(*) AS findings,
           COUNT(DISTINCT review_id) AS reviews
    FROM {findings} GROUP BY CAST(pattern AS STRING) ORDER BY pattern
"""
BY_YEAR_SQL = """
    SELECT YEAR(r.decided) AS year, CAST(f.pattern AS STRING) AS pattern, COUNT(*) AS n
    FROM {findings} f JOIN {reviews} r ON f.review_id = r.review_id
    GROUP BY YEAR(r.decided), CAST(f.pattern AS STRING) ORDER BY year, pattern
"""


def vertices_sql(root: Path, read: str) -> str:
    """The GraphFrames vertex table: every entity table, id made unique across the corpus."""
    parts = [
        f"SELECT review_id || '/' || id AS id, '{kind.value}' AS kind "
        f"FROM {read.format(glob(root, kind.plural))}"
        for kind in EntityKind
    ]
    return " UNION ALL ".join(parts)


def edges_sql(root: Path, read: str) -> str:
    return (
        "SELECT review_id || '/' || src AS src, review_id || '/' || dst AS dst, "
        f"CAST(kind AS STRING) AS relationship FROM {read.format(glob(root, 'links'))}"
    )


def graph_sql(root: Path, read: str) -> str:
    """Vertex count, edge count, and edges whose ends are not vertices (must be none)."""
    return f"""
        WITH v AS ({vertices_sql(root, read)}), e AS ({edges_sql(root, read)})
        SELECT (SELECT COUNT(*) FROM v), (SELECT COUNT(DISTINCT id) FROM v),
               (SELECT COUNT(*) FROM e),
               (SELECT COUNT(*) FROM e LEFT JOIN v ON e.src = v.id WHERE v.id IS NULL)
             + (SELECT COUNT(*) FROM e LEFT JOIN v ON e.dst = v.id WHERE v.id IS NULL)
    """


# --- DuckDB and Polars -------------------------------------------------------------------------


def test_duckdb_reads_the_folders_and_agrees(corpus: tuple[Path, list[Review]]) -> None:
    root, reviews = corpus
    read = "read_parquet('{}')"
    tables = {
        "findings": read.format(glob(root, "findings")),
        "reviews": read.format(glob(root, "reviews")),
    }
    con = duckdb.connect()
    assert con.sql(PATTERNS_SQL.format(**tables)).fetchall() == python_patterns(reviews)
    assert con.sql(BY_YEAR_SQL.format(**tables)).fetchall() == python_by_year(reviews)
    vertices, unique, edges, dangling = con.execute(graph_sql(root, read)).fetchone() or ()
    assert (vertices, edges) == python_graph(reviews)
    assert unique == vertices
    assert dangling == 0


def describe(con: duckdb.DuckDBPyConnection, files: str) -> dict[str, str]:
    rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{files}')").fetchall()
    return {row[0]: row[1] for row in rows}


def test_duckdb_sees_the_column_types(corpus: tuple[Path, list[Review]]) -> None:
    root, _ = corpus
    con = duckdb.connect()
    types = describe(con, glob(root, "findings"))
    assert types["questions"] == "VARCHAR[]"
    types = describe(con, glob(root, "episodes"))
    assert types["period_start"] == "DATE"


def test_polars_reads_the_folders_and_agrees(corpus: tuple[Path, list[Review]]) -> None:
    root, reviews = corpus
    findings = pl.scan_parquet(glob(root, "findings")).with_columns(
        pl.col("pattern").cast(pl.String)
    )
    per_pattern = (
        findings.group_by("pattern")
        .agg(pl.len().alias("findings"), pl.col("review_id").n_unique().alias("reviews"))
        .sort("pattern")
        .collect()
    )
    assert list(per_pattern.iter_rows()) == python_patterns(reviews)
    decided = pl.scan_parquet(glob(root, "reviews")).select("review_id", "decided")
    by_year = (
        findings.join(decided, on="review_id")
        .group_by(pl.col("decided").dt.year().alias("year"), "pattern")
        .agg(pl.len().alias("n"))
        .sort("year", "pattern")
        .collect()
    )
    assert list(by_year.iter_rows()) == python_by_year(reviews)


# --- Spark -----------------------------------------------------------------------------------


@pytest.mark.spark
@pytest.mark.slow
def test_spark_reads_the_folders_and_agrees(spark: Any, corpus: tuple[Path, list[Review]]) -> None:
    root, reviews = corpus
    for table in ("findings", "reviews"):
        spark.read.parquet(glob(root, table)).createOrReplaceTempView(table)
    rows = spark.sql(PATTERNS_SQL.format(findings="findings", reviews="reviews")).collect()
    assert [tuple(r) for r in rows] == python_patterns(reviews)
    rows = spark.sql(BY_YEAR_SQL.format(findings="findings", reviews="reviews")).collect()
    assert [tuple(r) for r in rows] == python_by_year(reviews)
    ((vertices, unique, edges, dangling),) = spark.sql(graph_sql(root, "parquet.`{}`")).collect()
    assert (vertices, edges) == python_graph(reviews)
    assert unique == vertices
    assert dangling == 0
    questions = spark.read.parquet(glob(root, "findings")).schema["questions"].dataType
    assert questions.simpleString() == "array<string>"
