"""Disclosure control on every analysis: nothing small shown, nothing recoverable, off is off."""

from __future__ import annotations

import inspect
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _engines import on_duckdb
from systemsreview import analytics, sql, synth
from systemsreview.analytics import SPECS, Disclosure, protect
from systemsreview.corpus import Corpus
from systemsreview.errors import ModelError
from systemsreview.io import parquet
from systemsreview.strategies import reviews

Call = Callable[[Any, Any], pa.Table]
Text = Callable[[Path], str]


def _variants() -> list[tuple[str, str, Call, Text]]:
    """(spec name, label, analysis with ``disclosure``, its SQL text) for every analysis."""
    a, s = analytics, sql
    out: list[tuple[str, str, Call, Text]] = [
        (
            "pattern_prevalence",
            "pattern_prevalence",
            lambda p, d: a.pattern_prevalence(p, disclosure=d),
            s.pattern_prevalence,
        ),
        (
            "factor_prevalence",
            "factor_prevalence",
            lambda p, d: a.factor_prevalence(p, disclosure=d),
            s.factor_prevalence,
        ),
        (
            "theme_prevalence",
            "theme_prevalence",
            lambda p, d: a.theme_prevalence(p, disclosure=d),
            s.theme_prevalence,
        ),
    ]
    for by in ("pattern", "category"):
        out.append(
            (
                "cooccurrence",
                f"cooccurrence_{by}",
                lambda p, d, by=by: a.cooccurrence(p, by, disclosure=d),
                lambda p, by=by: s.cooccurrence(p, by),
            )
        )
        out.append(
            (
                "characteristic_crosstab",
                f"crosstab_{by}",
                lambda p, d, by=by: a.characteristic_crosstab(p, by, disclosure=d),
                lambda p, by=by: s.characteristic_crosstab(p, by),
            )
        )
    for by in ("pattern", "pattern_sector"):
        out.append(
            (
                "recurring_findings",
                f"recurring_{by}",
                lambda p, d, by=by: a.recurring_findings(
                    p, min_reviews=1, min_years=0, by=by, disclosure=d
                ),
                lambda p, by=by: s.recurring_findings(p, min_reviews=1, min_years=0, by=by),
            )
        )
    for name in analytics.ANALYSES:
        out.append(
            (
                name,
                f"trend_{name}",
                lambda p, d, name=name: a.trend(p, name, disclosure=d),
                lambda p, name=name: s.trend(p, name),
            )
        )
    for by in analytics._characteristics.BY:
        out.append(
            (
                "characteristic_prevalence",
                f"characteristic_prevalence_{by}",
                lambda p, d, by=by: a.characteristic_prevalence(p, by, disclosure=d),
                lambda p, by=by: s.characteristic_prevalence(p, by),
            )
        )
    for by in analytics.SUBJECT_BY:
        for name in ("known_to_services", "education_status"):
            out.append(
                (
                    name,
                    f"{name}_{by}",
                    lambda p, d, by=by, name=name: getattr(a, name)(p, by, disclosure=d),
                    lambda p, by=by, name=name: getattr(s, name)(p, by),
                )
            )
    for by in analytics.RESPONSE_BY:
        out.append(
            (
                "response_rate",
                f"response_rate_{by}",
                lambda p, d, by=by: a.response_rate(p, by, disclosure=d),
                lambda p, by=by: s.response_rate(p, by),
            )
        )
    for by in analytics.ACTION_BY:
        out.append(
            (
                "action_completion",
                f"action_completion_{by}",
                lambda p, d, by=by: a.action_completion(p, by, as_of="2019-01-01", disclosure=d),
                lambda p, by=by: s.action_completion(p, by, as_of="2019-01-01"),
            )
        )
    out.append(
        (
            "recurring_after_action",
            "recurring_after_action",
            lambda p, d: a.recurring_after_action(p, disclosure=d),
            s.recurring_after_action,
        )
    )
    for by in analytics.PLACEMENT_BY:
        out.append(
            (
                "factor_placement",
                f"factor_placement_{by}",
                lambda p, d, by=by: a.factor_placement(p, by, disclosure=d),
                lambda p, by=by: s.factor_placement(p, by),
            )
        )
    for by in analytics.PROCESS_BY:
        for name in ("process_prevalence", "process_gaps"):
            out.append(
                (
                    name,
                    f"{name}_{by}",
                    lambda p, d, by=by, name=name: getattr(a, name)(p, by, disclosure=d),
                    lambda p, by=by, name=name: getattr(s, name)(p, by),
                )
            )
    return out


VARIANTS = _variants()
SYNTH = st.tuples(st.integers(0, 2**16), st.integers(1, 60))


def keys_of(table: pa.Table, spec: str) -> list[list[str]]:
    """The table's key dimensions (a factor's level goes with its category)."""
    s = SPECS[spec]
    skip = {*s.counts, *s.derived, *s.other, "suppressed"}
    keys = [c for c in table.column_names if c not in skip]
    if "level" not in keys or "category" not in keys:  # a level alone is a key of its own
        return [[k] for k in keys]
    dims = [[k] for k in keys if k not in ("level", "category")]
    return [*dims, ["level", "category"]]


def check_protected(plain: pa.Table, safe: pa.Table, spec: str, threshold: int) -> None:
    s = SPECS[spec]
    assert safe.column_names == [*plain.column_names, "suppressed"]
    before, after = plain.to_pylist(), safe.to_pylist()
    assert len(before) == len(after)
    protected = (*s.counts, *s.derived)
    for old, new in zip(before, after, strict=True):
        for column in plain.column_names:
            if column not in protected:
                assert new[column] == old[column]  # keys and other columns kept, in order
        small = any(0 < old[c] < threshold for c in s.counts)
        assert new["suppressed"] or not small  # primary: no small count published
        for column in protected:
            assert new[column] == (None if new["suppressed"] else old[column])
    # secondary: along every key, the rows sharing all other keys add up to a margin that
    # can be known; none of those sets may hold exactly one suppressed row among shown ones
    dims = keys_of(plain, spec)
    for dim in dims:
        others = [c for d in dims if d is not dim for c in d]
        hidden: Counter[tuple[Any, ...]] = Counter()
        shown: Counter[tuple[Any, ...]] = Counter()
        for row in after:
            key = tuple(row[c] for c in others)
            (hidden if row["suppressed"] else shown)[key] += 1
        for key, n in hidden.items():
            assert n != 1 or not shown[key], (spec, dim, key)


def check_rounded(plain: pa.Table, rounded: pa.Table, spec: str, base: int) -> None:
    s = SPECS[spec]
    assert rounded.column_names == [c for c in plain.column_names if c not in s.derived]
    for old, new in zip(plain.to_pylist(), rounded.to_pylist(), strict=True):
        for column in rounded.column_names:
            if column in s.counts:
                assert new[column] % base == 0
                assert abs(new[column] - old[column]) <= base / 2
            else:
                assert new[column] == old[column]


def corpus_of(seed: int, n: int, tmp: str) -> Path:
    path = Path(tmp) / "corpus"
    parquet.write(path, list(synth.corpus(n, seed=seed)))
    return path


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SYNTH, st.integers(1, 12))
def test_every_analysis_publishes_no_small_or_recoverable_cell(
    corpus: tuple[int, int], threshold: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus_of(*corpus, tmp)
        for spec, label, call, _ in VARIANTS:
            plain = call(path, None)
            check_protected(plain, call(path, threshold), spec, threshold)
            assert call(path, Disclosure(threshold=threshold)).equals(call(path, threshold))
            assert protect(plain, spec, threshold).equals(call(path, threshold)), label


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        reviews(subjects=(0, 3), family=(0, 2)), min_size=1, max_size=6, unique_by=lambda r: r.id
    )
)
def test_arbitrary_reviews_too(rs: list[Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, rs)
        for spec, _, call, _ in VARIANTS:
            check_protected(call(path, None), call(path, 3), spec, 3)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SYNTH, st.integers(1, 10))
def test_off_leaves_every_table_as_counted_and_rounding_rounds(
    corpus: tuple[int, int], base: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus_of(*corpus, tmp)
        for spec, label, call, _ in VARIANTS:
            plain = call(path, None)
            # a threshold of 1 hides nothing (no count is between 0 and 1)
            lowest = call(path, 1)
            assert not any(lowest.column("suppressed").to_pylist()), label
            assert lowest.drop_columns(["suppressed"]).equals(plain), label
            check_rounded(plain, call(path, Disclosure(method="round", base=base)), spec, base)


def test_the_default_is_off(tmp_path: Path) -> None:
    path = corpus_of(7, 12, str(tmp_path))
    corpus = Corpus.open(path)
    assert corpus.pattern_prevalence().equals(analytics.pattern_prevalence(path, disclosure=None))
    assert "suppressed" not in corpus.trend().column_names
    assert "suppressed" not in analytics.education_status(path).column_names


def same(a: pa.Table, b: pa.Table) -> bool:
    if a.column_names != b.column_names or a.num_rows != b.num_rows:
        return False
    for x, y in zip(a.to_pylist(), b.to_pylist(), strict=True):
        for k in x:
            if isinstance(x[k], float) and isinstance(y[k], float):
                if abs(x[k] - y[k]) > 1e-12:
                    return False
            elif x[k] != y[k]:
                return False
    return True


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SYNTH, st.integers(2, 8))
def test_protect_gives_the_sql_results_the_same_control(
    corpus: tuple[int, int], threshold: int
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus_of(*corpus, tmp)
        for spec, label, call, text in VARIANTS:
            from_sql = protect(on_duckdb(path, text(path)), spec, threshold)
            assert same(from_sql, call(path, threshold)), label


@given(st.lists(st.integers(0, 9), min_size=1, max_size=8), st.randoms())
def test_which_rows_go_does_not_depend_on_their_order(counts: list[int], rnd: Any) -> None:
    table = pa.table(
        {
            "status": [f"s{i}" for i in range(len(counts))],
            "known_to_social_care": [i % 2 == 0 for i in range(len(counts))],
            "subjects": pa.array(counts, pa.int64()),
            "total": pa.array([sum(counts)] * len(counts), pa.int64()),
            "share": [1.0] * len(counts),
        }
    )
    order = list(range(len(counts)))
    rnd.shuffle(order)
    shuffled = table.take(pa.array(order))
    a = {r["status"]: r["suppressed"] for r in protect(table, "known_to_services").to_pylist()}
    b = {r["status"]: r["suppressed"] for r in protect(shuffled, "known_to_services").to_pylist()}
    assert a == b


def test_every_analysis_takes_disclosure() -> None:
    helpers = {"disclose", "protect", "crosswalk_table", "finding_patterns"}  # not analyses
    for name in analytics.__all__:
        value = getattr(analytics, name)
        if inspect.isfunction(value) and name not in helpers:
            assert "disclosure" in inspect.signature(value).parameters, name
    methods = [n for n, v in vars(Corpus).items() if inspect.isfunction(v) and n in dir(analytics)]
    assert len(methods) >= 10
    for name in methods:
        assert "disclosure" in inspect.signature(getattr(Corpus, name)).parameters, name


@pytest.mark.parametrize(
    ("disclosure", "message"),
    [
        (True, "a threshold"),
        ("5", "a threshold"),
        (2.5, "a threshold"),
        (0, "threshold must be a whole number of 1 or more"),
        (-3, "threshold must be a whole number of 1 or more"),
    ],
)
def test_bad_disclosure_is_refused(tmp_path: Path, disclosure: Any, message: str) -> None:
    path = corpus_of(1, 3, str(tmp_path))
    with pytest.raises(ModelError, match=message):
        analytics.pattern_prevalence(path, disclosure=disclosure)
    with pytest.raises(ModelError, match=message):
        Corpus.open(path).known_to_services(disclosure=disclosure)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Disclosure(method="blur"), "method must be 'suppress' or 'round'"),  # type: ignore[arg-type]
        (lambda: Disclosure(base=0), "base must be"),
        (lambda: protect(pa.table({"n": [1]}), "headcount"), "no analysis 'headcount'"),
        (lambda: protect(pa.table({"pattern": ["a"]}), "pattern_prevalence"), "lacks reviews"),
    ],
)
def test_bad_protect_calls_are_refused(make: Callable[[], Any], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        make()


@pytest.mark.spark
def test_protect_on_spark_results(spark: Any, tmp_path: Path) -> None:
    path = corpus_of(11, 30, str(tmp_path))
    for spec, label, call, text in VARIANTS:
        if spec not in ("known_to_services", "education_status", "pattern_prevalence"):
            continue
        got = protect(spark.sql(text(path)).toArrow(), spec, 5)
        assert same(got, call(path, 5)), label
