"""Statutory processes across a corpus: Arrow against plain Python; the same rows from the SQL."""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _engines import close, narrowed_to_a_kind, on_duckdb
from systemsreview import analytics, sql, synth
from systemsreview.corpus import Corpus
from systemsreview.errors import ModelError, NotFoundError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import parquet
from systemsreview.model import PROCESSES, Event, Review, ReviewKind, register_process
from systemsreview.query import CHILD_PROTECTION, processes_not_recorded
from systemsreview.strategies import reviews

# A registered sub-process: it records its parent (test_chronology registers the same).
register_process("strategy_discussion.meeting", "strategy meeting")

# ---- plain Python over Review objects --------------------------------------------------------


def group_of(r: Review, by: str | None) -> Any:
    if by == "year":
        return None if r.decided is None else r.decided.year
    return r.kind.value if by == "kind" else None


def expected_prevalence(rs: list[Review], by: str | None) -> list[dict[str, Any]]:
    units = [r for r in rs if by != "year" or r.decided is not None]
    totals = Counter(group_of(r, by) for r in units)
    reviews_of: dict[tuple[Any, str], set[str]] = defaultdict(set)
    events: Counter[tuple[Any, str]] = Counter()
    for r in units:
        for e in r.events:
            if e.process is not None:
                reviews_of[group_of(r, by), e.process].add(r.id)
                events[group_of(r, by), e.process] += 1
    rows = [
        {
            **({by: g} if by else {}),
            "process": p,
            "reviews": len(ids),
            "events": events[g, p],
            "share": len(ids) / totals[g],
        }
        for (g, p), ids in reviews_of.items()
    ]
    return sorted(rows, key=lambda x: (x.get(by or "", 0), -x["reviews"], x["process"]))


def expected_gaps(
    rs: list[Review],
    by: str | None,
    expected: tuple[str, ...] = CHILD_PROTECTION,
    kinds: tuple[str, ...] | None = analytics.CHILD_REVIEW_KINDS,
) -> list[dict[str, Any]]:
    """The reviews of ``kinds`` that ``query.processes_not_recorded`` says miss each process."""
    units = [
        r
        for r in rs
        if (by != "year" or r.decided is not None) and (kinds is None or r.kind.value in kinds)
    ]
    totals = Counter(group_of(r, by) for r in units)
    if by is None:
        totals.setdefault(None, 0)
    missing: Counter[tuple[Any, str]] = Counter()
    for r in units:
        for code in processes_not_recorded(r, expected):
            missing[group_of(r, by), code] += 1
    return [
        {
            **({by: g} if by else {}),
            "process": code,
            "reviews": totals[g],
            "not_recorded": missing[g, code],
            "share": missing[g, code] / totals[g] if totals[g] else None,
        }
        for g in sorted(totals, key=lambda k: (k is None, k))
        for code in expected
    ]


# ---- corpora with every process, sub-processes and child and adult reviews -------------------

CODES = [p.code for p in PROCESSES] + ["strategy_discussion.meeting"]
KINDS = list(ReviewKind)


# None, any code, or (often, to exercise the prefix match) the sub-process.
PROCESS_OF_EVENT = st.none() | st.sampled_from(CODES) | st.just("strategy_discussion.meeting")


@st.composite
def typed_reviews(draw: st.DrawFn, i: int) -> Review:
    """A generated review, its kind drawn, events retyped as any process (or none)."""
    review = draw(reviews(events=(0, 5)))
    kind = draw(st.sampled_from(KINDS))
    events = tuple(attrs.evolve(e, process=draw(PROCESS_OF_EVENT)) for e in review.events)
    return attrs.evolve(review, id=f"r{i:02d}-{review.id}", kind=kind, events=events)


def typed(rs: list[Review]) -> list[Review]:
    """``rs`` (a synthetic corpus) with every event retyped in turn, or not: every code."""
    out = []
    for i, r in enumerate(rs):
        codes = [None, *CODES[: 3 + i % len(CODES)]]
        events = tuple(
            attrs.evolve(e, process=codes[(i + j) % len(codes)]) for j, e in enumerate(r.events)
        )
        out.append(attrs.evolve(r, events=events))
    return out


CORPORA = st.integers(1, 7).flatmap(lambda n: st.tuples(*(typed_reviews(i) for i in range(n))))

EXPECTED = st.sampled_from(
    [CHILD_PROTECTION, ("section_47_enquiry",), ("initial_child_protection_conference", "referral")]
)
KIND_SETS = st.sampled_from(
    [
        analytics.CHILD_REVIEW_KINDS,
        None,
        ("safeguarding_adults_review",),
        ("near_miss", "rapid_review"),
    ]
)


#: (name, analytics call, sql call, plain Python).
Case = tuple[
    str,
    Callable[[Any], pa.Table],
    Callable[[Path], str],
    Callable[[list[Review]], list[dict[str, Any]]],
]
CASES: list[Case] = [
    *(
        (
            f"process_prevalence_{by}",
            lambda p, by=by: analytics.process_prevalence(p, by),
            lambda p, by=by: sql.process_prevalence(p, by),
            lambda rs, by=by: expected_prevalence(rs, by),
        )
        for by in analytics.PROCESS_BY
    ),
    *(
        (
            f"process_gaps_{by}",
            lambda p, by=by: analytics.process_gaps(p, by),
            lambda p, by=by: sql.process_gaps(p, by),
            lambda rs, by=by: expected_gaps(rs, by),
        )
        for by in analytics.PROCESS_BY
    ),
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CORPORA, EXPECTED, KIND_SETS)
def test_analyses_agree_with_plain_python_and_duckdb(
    rs: tuple[Review, ...], expected: tuple[str, ...], kinds: tuple[str, ...] | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, list(rs))
        for name, arrow, text, plain in CASES:
            got = arrow(path)
            assert close(got.to_pylist(), plain(list(rs))), name
            from_sql = on_duckdb(path, text(path))
            assert from_sql.schema.names == got.schema.names, name
            assert close(from_sql.to_pylist(), got.to_pylist()), name
        for by in analytics.PROCESS_BY:
            got = analytics.process_gaps(path, by, expected=expected, kinds=kinds)
            assert close(got.to_pylist(), expected_gaps(list(rs), by, expected, kinds)), by
            text = sql.process_gaps(path, by, expected=expected, kinds=kinds)
            assert close(on_duckdb(path, text).to_pylist(), got.to_pylist()), by


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reviews(), min_size=1, max_size=5, unique_by=lambda r: r.id))
def test_generated_valid_reviews(rs: list[Review]) -> None:
    """``strategies.reviews()`` types some events; the counts match plain Python."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, rs)
        for name, arrow, _, plain in CASES:
            assert close(arrow(path).to_pylist(), plain(rs)), name


def test_a_synthetic_corpus_as_it_is(tmp_path: Path) -> None:
    """``synth`` types the processes of child protection reviews: the analyses find them."""
    rs = list(synth.corpus(40, seed=14))
    path = tmp_path / "c"
    parquet.write(path, rs)
    for name, arrow, text, plain in CASES:
        got = arrow(path)
        assert close(got.to_pylist(), plain(rs)), name
        assert close(on_duckdb(path, text(path)).to_pylist(), got.to_pylist()), name
    found = {row["process"]: row for row in analytics.process_prevalence(path).to_pylist()}
    assert {"referral", *CHILD_PROTECTION} <= set(found)
    assert found["referral"]["events"] > found["referral"]["reviews"]  # repeated referrals
    gaps = analytics.process_gaps(path).to_pylist()
    assert all(0 < row["not_recorded"] < row["reviews"] for row in gaps)
    by_kind = analytics.process_prevalence(path, "kind").to_pylist()
    assert {row["kind"] for row in by_kind} <= set(analytics.CHILD_REVIEW_KINDS)


def test_a_sub_process_records_its_parent(tmp_path: Path) -> None:
    review = domestic_abuse_review()
    meeting = Event(
        id="ev-sdm",
        when="2011-01-01",
        when_precision="month",
        description="Strategy meeting",
        process="strategy_discussion.meeting",
    )
    typed = attrs.evolve(review, events=(*review.events, meeting))
    parquet.write(tmp_path / "c", typed)
    corpus = Corpus.open(tmp_path / "c")
    gaps = {row["process"]: row["not_recorded"] for row in corpus.process_gaps().to_pylist()}
    assert gaps == {
        "strategy_discussion": 0,
        "section_47_enquiry": 1,
        "initial_child_protection_conference": 1,
    }
    assert corpus.process_prevalence().to_pylist() == [
        {"process": "strategy_discussion.meeting", "reviews": 1, "events": 1, "share": 1.0}
    ]
    text = sql.process_gaps(tmp_path / "c")
    assert on_duckdb(tmp_path / "c", text).to_pylist() == corpus.process_gaps().to_pylist()


def test_a_filtered_corpus_counts_its_reviews_only(tmp_path: Path) -> None:
    path, corpus, narrowed, kind, chosen = narrowed_to_a_kind(
        typed(list(synth.corpus(30, seed=11))), tmp_path / "c"
    )
    assert 0 < len(narrowed) < len(corpus)
    for by in analytics.PROCESS_BY:
        expected = expected_prevalence(chosen, by)
        assert close(narrowed.process_prevalence(by).to_pylist(), expected), by
        assert close(
            on_duckdb(path, sql.process_prevalence(path, by, kind=kind)).to_pylist(), expected
        )
        expected = expected_gaps(chosen, by, kinds=None)
        assert close(narrowed.process_gaps(by, kinds=None).to_pylist(), expected), by
        text = sql.process_gaps(path, by, kinds=None, kind=kind)
        assert close(on_duckdb(path, text).to_pylist(), expected), by


def test_an_empty_selection(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", list(synth.corpus(4, seed=1)))
    empty = Corpus.open(tmp_path / "c").where(review_id=[])
    rows = [
        {"process": code, "reviews": 0, "not_recorded": 0, "share": None}
        for code in CHILD_PROTECTION
    ]
    assert empty.process_gaps().to_pylist() == rows
    assert empty.process_prevalence().num_rows == 0
    assert empty.process_gaps("year").num_rows == 0
    text = sql.process_gaps(tmp_path / "c", review_id=[])
    assert on_duckdb(tmp_path / "c", text).to_pylist() == rows


def test_disclosure_protects_the_tables(tmp_path: Path) -> None:
    path = tmp_path / "c"
    parquet.write(path, typed(list(synth.corpus(40, seed=5))))
    assert analytics.process_prevalence(path).num_rows > 3
    for by in analytics.PROCESS_BY:
        for name in ("process_prevalence", "process_gaps"):
            safe = getattr(analytics, name)(path, by, disclosure=8)
            spec = analytics.SPECS[name]
            for row in safe.to_pylist():
                shown = [row[c] for c in spec.counts if row[c] is not None]
                assert row["suppressed"] or all(n == 0 or n >= 8 for n in shown)
            counted = on_duckdb(path, getattr(sql, name)(path, by))
            assert close(analytics.protect(counted, name, 8).to_pylist(), safe.to_pylist())


@pytest.mark.parametrize("fixture", ["format1", "format2", "format3", "format4"])
def test_datasets_of_older_formats(tmp_path: Path, fixture: str) -> None:
    """Formats before 5.0 have no typed events: no process recorded, in every review.

    Arrow reads older parts as they are (migrated on reading); the SQL reads 5.0's columns
    (an event's process), so an older dataset is compacted first, as the docs say.
    """
    path = tmp_path / fixture
    shutil.copytree(Path(__file__).parent / "fixtures" / fixture, path)
    rs = list(parquet.read(path))
    got = {name: arrow(path) for name, arrow, _, _ in CASES}
    assert got["process_prevalence_None"].num_rows == 0
    gaps = got["process_gaps_None"].to_pylist()
    assert gaps
    assert all(row["not_recorded"] == row["reviews"] > 0 for row in gaps)
    parquet.compact(path)
    for name, _, text, plain in CASES:
        assert close(got[name].to_pylist(), plain(rs)), name
        assert close(on_duckdb(path, text(path)).to_pylist(), got[name].to_pylist()), name


def test_the_format5_fixture(tmp_path: Path) -> None:
    path = Path(__file__).parent / "fixtures" / "format5"
    rs = list(parquet.read(path))
    for name, arrow, text, plain in CASES:
        assert close(arrow(path).to_pylist(), plain(rs)), name
        assert close(on_duckdb(path, text(path)).to_pylist(), arrow(path).to_pylist()), name
    assert analytics.process_prevalence(path).num_rows > 0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: analytics.process_prevalence(p, "sector"), "process_prevalence by 'sector'"),
        (lambda p: sql.process_prevalence(p, "incident"), "process_prevalence by 'incident'"),
        (lambda p: analytics.process_gaps(p, "pattern"), "process_gaps by 'pattern'"),
        (lambda p: sql.process_gaps(p, "age_band"), "process_gaps by 'age_band'"),
        (lambda p: Corpus.open(p).process_prevalence("decade"), "by 'decade'"),
        (lambda p: analytics.process_gaps(p, expected=()), "one or more process codes"),
        (
            lambda p: analytics.process_gaps(p, expected="section_47_enquiry"),
            "one or more process codes",
        ),
        (lambda p: analytics.process_gaps(p, kinds=["scr"]), "'scr' is not a review kind"),
        (lambda p: sql.process_gaps(p, kinds="childrens"), "'childrens' is not a review kind"),
        (lambda p: Corpus.open(p).process_gaps(disclosure=0), "threshold must be"),
        (lambda p: sql.process_prevalence(p, colour="red"), "unknown filter"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, call: Callable[[Path], Any], message: str) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    with pytest.raises(ModelError, match=message):
        call(tmp_path / "c")


def test_an_unknown_process_is_not_found(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    with pytest.raises(NotFoundError, match="'section_47' is not a registered"):
        analytics.process_gaps(tmp_path / "c", expected=["section_47"])
    with pytest.raises(NotFoundError, match="'section_47' is not a registered"):
        sql.process_gaps(tmp_path / "c", expected=["section_47"])


@pytest.mark.spark
@pytest.mark.slow
def test_the_same_sql_gives_the_same_rows_on_spark(spark: Any, tmp_path: Path) -> None:
    rs = typed(list(synth.corpus(48, seed=2026)))
    path = tmp_path / "corpus"
    parquet.write(path, rs)
    assert analytics.process_prevalence(path).num_rows > 0
    for name, arrow, text, _ in CASES:
        got = spark.sql(text(path)).toArrow()
        expected = arrow(path)
        assert got.schema.names == expected.schema.names, name
        assert close(got.to_pylist(), expected.to_pylist()), name
