"""The case analyses: Arrow against plain Python, and the same rows from DuckDB and Spark."""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _engines import narrowed_to_a_kind
from systemsreview import analytics, sql
from systemsreview.corpus import Corpus
from systemsreview.errors import ModelError
from systemsreview.io import parquet
from systemsreview.model import Review
from systemsreview.strategies import reviews

CORPORA = st.lists(
    reviews(subjects=(0, 3), family=(0, 3)), min_size=1, max_size=8, unique_by=lambda r: r.id
)


def review_codes(r: Review, *, subjects: bool = True) -> set[str]:
    codes = set(r.characteristics) | {c for m in r.family for c in m.characteristics}
    if subjects:
        codes |= {c for s in r.subjects for c in s.characteristics}
    return codes


def expected_prevalence(rs: list[Review], by: str | None) -> list[dict[str, Any]]:
    cases: Counter[tuple[Any, str]] = Counter()
    totals: Counter[Any] = Counter()
    for r in rs:
        if by in (None, "incident", "year"):
            key = {None: None, "incident": r.incident.value}.get(by) if by != "year" else None
            if by == "year":
                if r.decided is None:
                    continue
                key = r.decided.year
            totals[key] += 1
            for code in review_codes(r):
                cases[key, code] += 1
        else:
            for s in r.subjects:
                key = getattr(s, by).value
                totals[key] += 1
                for code in set(s.characteristics) | review_codes(r, subjects=False):
                    cases[key, code] += 1
    rows = [
        {
            **({by: key} if by else {}),
            "characteristic": code,
            "cases": n,
            "total": totals[key],
            "share": n / totals[key],
        }
        for (key, code), n in cases.items()
    ]
    rows.sort(key=lambda row: (row.get(by or "", 0), -row["cases"], row["characteristic"]))
    return rows


def expected_crosstab(rs: list[Review], by: str) -> list[dict[str, Any]]:
    both: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for r in rs:
        codes = review_codes(r)
        items = (
            {p.value for f in r.findings for p in f.patterns}
            if by == "pattern"
            else {f.category for f in r.factors}
        )
        for code in codes:
            totals[code] += 1
            for item in items:
                both[code, item] += 1
    rows = [
        {"characteristic": c, by: i, "reviews": n, "total": totals[c], "share": n / totals[c]}
        for (c, i), n in both.items()
    ]
    rows.sort(key=lambda row: (row["characteristic"], -row["reviews"], row[by]))
    return rows


def subject_key(r: Review, s: Any, by: str | None) -> tuple[bool, Any]:
    """Whether the subject counts under ``by``, and its group."""
    if by is None:
        return True, None
    if by == "incident":
        return True, r.incident.value
    if by == "year":
        return r.decided is not None, r.decided.year if r.decided else None
    return True, s.age_band.value


def expected_breakdown(
    rs: list[Review], by: str | None, columns: list[str]
) -> list[dict[str, Any]]:
    def value(s: Any, c: str) -> Any:
        v = getattr(s, c)
        return v if isinstance(v, bool) else v.value

    counted: Counter[tuple[Any, ...]] = Counter()
    totals: Counter[Any] = Counter()
    for r in rs:
        for s in r.subjects:
            counts, key = subject_key(r, s, by)
            if counts:
                counted[(key, *(value(s, c) for c in columns))] += 1
                totals[key] += 1
    rows = [
        {
            **({by: k[0]} if by else {}),
            **dict(zip(columns, k[1:], strict=True)),
            "subjects": n,
            "total": totals[k[0]],
            "share": n / totals[k[0]],
        }
        for k, n in sorted(counted.items(), key=lambda item: tuple(map(str, item[0])))
    ]
    rows.sort(key=lambda row: tuple(row[c] for c in ([by] if by else []) + columns))
    return rows


def expected_known(rs: list[Review], by: str | None = None) -> list[dict[str, Any]]:
    return expected_breakdown(rs, by, ["status", "known_to_social_care"])


BYS = [None, "incident", "year", "age_band", "sex"]
#: (name, analytics call, sql call, plain Python).
CASES: list[tuple[str, Callable[[Any], Any], Callable[[Path], str], Callable[[Any], Any]]] = [
    *(
        (
            f"prevalence_{by}",
            lambda p, by=by: analytics.characteristic_prevalence(p, by),
            lambda p, by=by: sql.characteristic_prevalence(p, by),
            lambda rs, by=by: expected_prevalence(rs, by),
        )
        for by in BYS
    ),
    *(
        (
            f"crosstab_{by}",
            lambda p, by=by: analytics.characteristic_crosstab(p, by),
            lambda p, by=by: sql.characteristic_crosstab(p, by),
            lambda rs, by=by: expected_crosstab(rs, by),
        )
        for by in ("pattern", "category")
    ),
    *(
        (
            f"known_{by}",
            lambda p, by=by: analytics.known_to_services(p, by),
            lambda p, by=by: sql.known_to_services(p, by),
            lambda rs, by=by: expected_known(rs, by),
        )
        for by in analytics.SUBJECT_BY
    ),
    *(
        (
            f"education_{by}",
            lambda p, by=by: analytics.education_status(p, by),
            lambda p, by=by: sql.education_status(p, by),
            lambda rs, by=by: expected_breakdown(rs, by, ["education"]),
        )
        for by in analytics.SUBJECT_BY
    ),
]


def _close(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if x.keys() != y.keys():
            return False
        for k in x:
            if isinstance(x[k], float):
                if abs(x[k] - y[k]) > 1e-12:
                    return False
            elif x[k] != y[k]:
                return False
    return True


def on_duckdb(path: Path, text: str) -> list[dict[str, Any]]:
    con = duckdb.connect()
    sql.duckdb_views(con, path)
    return con.sql(text).to_arrow_table().to_pylist()  # type: ignore[no-any-return]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CORPORA)
def test_analyses_agree_with_plain_python_and_duckdb(rs: list[Review]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, rs)
        for name, arrow, text, plain in CASES:
            got = arrow(path).to_pylist()
            assert _close(got, plain(rs)), name
            assert _close(on_duckdb(path, text(path)), got), name


def test_a_filtered_corpus_counts_its_reviews_only(tmp_path: Path) -> None:
    rs = list(
        {r.id: r for r in (reviews(subjects=2, family=1).example() for _ in range(6))}.values()
    )
    _, _, narrowed, kind, chosen = narrowed_to_a_kind(rs, tmp_path / "c")
    assert _close(
        narrowed.characteristic_prevalence().to_pylist(), expected_prevalence(chosen, None)
    )
    assert _close(
        on_duckdb(tmp_path / "c", sql.characteristic_prevalence(tmp_path / "c", kind=kind)),
        expected_prevalence(chosen, None),
    )
    assert _close(narrowed.known_to_services().to_pylist(), expected_known(chosen))


def test_disclosure_suppresses_small_cells(tmp_path: Path) -> None:
    from systemsreview.examples import domestic_abuse_review  # noqa: PLC0415

    parquet.write(tmp_path / "c", domestic_abuse_review())
    corpus = Corpus.open(tmp_path / "c")
    open_table = corpus.characteristic_prevalence()
    assert open_table.column("cases").to_pylist() == [1, 1]
    safe = corpus.characteristic_prevalence(disclosure=5)
    assert safe.column("cases").to_pylist() == [None, None]
    assert safe.column("share").to_pylist() == [None, None]
    assert safe.column("suppressed").to_pylist() == [True, True]
    assert corpus.characteristic_prevalence(disclosure=1).column("cases").to_pylist() == [1, 1]
    assert corpus.known_to_services(disclosure=5).column("subjects").to_pylist() == [None]
    assert corpus.characteristic_crosstab(disclosure=5).column("suppressed").to_pylist() == [
        True,
        True,
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: analytics.characteristic_prevalence(p, "colour"), "choose one of"),
        (lambda p: analytics.characteristic_crosstab(p, "sector"), "choose one of"),
        (lambda p: sql.characteristic_prevalence(p, "colour"), "choose one of"),
        (lambda p: sql.characteristic_crosstab(p, "sector"), "choose one of"),
        (lambda p: analytics.known_to_services(p, "sex"), "known_to_services by 'sex'"),
        (lambda p: analytics.education_status(p, "colour"), "education_status by 'colour'"),
        (lambda p: sql.known_to_services(p, "sex"), "known_to_services by 'sex'"),
        (lambda p: sql.education_status(p, "colour"), "education_status by 'colour'"),
    ],
)
def test_bad_groupings_are_refused(
    tmp_path: Path, call: Callable[[Path], Any], message: str
) -> None:
    with pytest.raises(ModelError, match=message):
        call(tmp_path)


@pytest.mark.spark
def test_the_same_sql_gives_the_same_rows_on_spark(spark: Any, tmp_path: Path) -> None:
    rs = list(
        {
            r.id: r for r in (reviews(subjects=(1, 3), family=(0, 2)).example() for _ in range(15))
        }.values()
    )
    path = tmp_path / "corpus"
    parquet.write(path, rs)
    for name, arrow, text, _ in CASES:
        got = [row.asDict() for row in spark.sql(text(path)).collect()]
        assert _close(got, arrow(path).to_pylist()), name
