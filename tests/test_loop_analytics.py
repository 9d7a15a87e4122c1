"""The learning-loop analyses: Arrow against plain Python; the same rows from DuckDB and Spark."""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
from collections import defaultdict
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
from systemsreview.errors import ModelError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import parquet
from systemsreview.model import ActionStatus, EntityKind, LinkKind, Review
from systemsreview.rules import Policy, check
from systemsreview.strategies import reviews

# ---- plain Python over Review objects --------------------------------------------------------


def _targets(r: Review, source: str, kind: LinkKind) -> list[str]:
    return [link.target for link in r.links if link.source == source and link.kind is kind]


def findings_of(r: Review, target: str) -> set[str]:
    """The findings a link target stands for: itself, or those a recommendation rests on."""
    kind = r.kind_of(target)
    if kind is EntityKind.FINDING:
        return {target}
    if kind is EntityKind.RECOMMENDATION:
        return {
            f for f in _targets(r, target, LinkKind.RESTS_ON) if r.kind_of(f) is EntityKind.FINDING
        }
    return set()


def first_answers(r: Review) -> dict[str, dt.date]:
    first: dict[str, dt.date] = {}
    for response in r.responses:
        for target in _targets(r, response.id, LinkKind.RESPONDS_TO):
            for f in findings_of(r, target):
                first[f] = min(first.get(f, response.when), response.when)
    return first


def expected_response_rate(rs: list[Review], by: str | None) -> list[dict[str, Any]]:
    groups: dict[Any, list[int | None]] = defaultdict(list)
    for r in rs:
        if r.published is None:
            continue
        first = first_answers(r)
        for f in r.findings:
            day = first.get(f.id)
            key = r.published.year if by == "year" else None
            groups[key].append(None if day is None else (day - r.published).days)
    if by is None:
        groups.setdefault(None, [])
    rows = []
    for key in sorted(groups, key=lambda k: (k is None, k)):
        days = [d for d in groups[key] if d is not None]
        n = len(groups[key])
        rows.append(
            {
                **({"year": key} if by else {}),
                "findings": n,
                "responded": len(days),
                "share": len(days) / n if n else None,
                "mean_days": statistics.fmean(days) if days else None,
                "median_days": float(statistics.median(days)) if days else None,
            }
        )
    return rows


def judged_day(r: Review, as_of: dt.date | None) -> dt.date | None:
    if as_of is not None:
        return as_of
    days = [x.when for x in r.responses]
    days += [d for a in r.actions for d in (a.agreed, a.completed) if d is not None]
    return max(days, default=None)


def action_keys(r: Review, action: str, by: str | None) -> list[Any]:
    if by is None:
        return [None]
    if by == "year":
        return [] if r.published is None else [r.published.year]
    if by == "sector":
        owners = {
            r.agency(a).sector.value
            for a in _targets(r, action, LinkKind.OWNED_BY)
            if r.kind_of(a) is EntityKind.AGENCY
        }
        return sorted(owners) or [None]
    found = {f for t in _targets(r, action, LinkKind.ADDRESSES) for f in findings_of(r, t)}
    patterns = {p.value for f in found for p in r.finding(f).patterns}  # every pattern
    return sorted(patterns) or [None]


def expected_actions(
    rs: list[Review], by: str | None, as_of: dt.date | None = None
) -> list[dict[str, Any]]:
    statuses = [s.value for s in ActionStatus]
    counts: dict[Any, dict[str, int]] = {}
    for r in rs:
        day = judged_day(r, as_of)
        for a in r.actions:
            late = (
                a.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
                and a.due is not None
                and day is not None
                and a.due < day
            )
            for key in action_keys(r, a.id, by):
                row = counts.setdefault(key, dict.fromkeys(["actions", *statuses, "overdue"], 0))
                row["actions"] += 1
                row[a.status.value] += 1
                row["overdue"] += late
    if by is None:
        counts.setdefault(None, dict.fromkeys(["actions", *statuses, "overdue"], 0))
    return [
        {
            **({by: key} if by else {}),
            **row,
            "completion": row["done"] / row["actions"] if row["actions"] else None,
        }
        for key, row in sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    ]


def expected_recurring(rs: list[Review]) -> list[dict[str, Any]]:
    published = [r for r in rs if r.published is not None]
    dates: dict[str, set[tuple[str, dt.date]]] = defaultdict(set)
    for r in published:
        for f in r.findings:
            for p in f.patterns:  # a finding counts under every pattern it has
                dates[p.value].add((r.id, r.published))  # type: ignore[arg-type]
    acted: dict[str, list[dt.date]] = defaultdict(list)
    for r in published:
        assert r.published is not None
        done = [a for a in r.actions if a.status is ActionStatus.DONE]
        targets = [t for a in done for t in _targets(r, a.id, LinkKind.ADDRESSES)]
        addressed = {f for t in targets for f in findings_of(r, t)}
        for f in r.findings:
            if f.id in addressed:
                for p in f.patterns:
                    acted[p.value].append(r.published)
    rows = []
    for pattern, days in acted.items():
        recurred = sum(any(later > d for _, later in dates[pattern]) for d in days)
        later = {rid for rid, when in dates[pattern] if when > min(days)}
        rows.append(
            {
                "pattern": pattern,
                "findings": len(days),
                "recurred": recurred,
                "share": recurred / len(days),
                "later_reviews": len(later),
            }
        )
    return sorted(rows, key=lambda row: (-row["recurred"], row["pattern"]))


# ---- generated corpora -----------------------------------------------------------------------


@st.composite
def loop_reviews(draw: st.DrawFn, number: int) -> Review:
    """A generated review, often published on one of few days (so that years and days tie),
    sometimes with its actions' owner or addressed links dropped (null sector, pattern)."""
    review = attrs.evolve(draw(reviews(findings=(1, 3))), id=f"review-{number}")
    if draw(st.integers(0, 3)):
        day = dt.date(2016 + draw(st.integers(0, 3)), draw(st.sampled_from([1, 7])), 1)
        review = attrs.evolve(review, published=day)
    dropped = draw(st.sets(st.sampled_from([LinkKind.OWNED_BY, LinkKind.ADDRESSES])))
    if dropped:
        keep = tuple(link for link in review.links if link.kind not in dropped)
        review = attrs.evolve(review, links=keep)
    return review


def loosened(rs: list[Review]) -> list[Review]:
    """Synthetic reviews, every third published on a shared day, every fourth without
    owners, every fifth without the links saying what its actions address."""
    out = []
    for i, given_review in enumerate(rs):
        review = given_review
        if i % 3 == 0:
            review = attrs.evolve(review, published=dt.date(2016 + i % 2, 7, 1))
        dropped = {LinkKind.OWNED_BY} if i % 4 == 0 else set()
        dropped |= {LinkKind.ADDRESSES} if i % 5 == 0 else set()
        links = tuple(link for link in review.links if link.kind not in dropped)
        out.append(attrs.evolve(review, links=links))
    return out


CORPORA = st.integers(1, 7).flatmap(lambda n: st.tuples(*(loop_reviews(i) for i in range(n))))
AS_OF = st.one_of(st.none(), st.dates(dt.date(2010, 1, 1), dt.date(2030, 1, 1)))

#: (name, analytics call, sql call, plain Python), each taking ``as_of``.
Case = tuple[
    str,
    Callable[[Any, Any], pa.Table],
    Callable[[Path, Any], str],
    Callable[[list[Review], Any], list[dict[str, Any]]],
]
CASES: list[Case] = [
    *(
        (
            f"response_rate_{by}",
            lambda p, _, by=by: analytics.response_rate(p, by),
            lambda p, _, by=by: sql.response_rate(p, by),
            lambda rs, _, by=by: expected_response_rate(rs, by),
        )
        for by in analytics.RESPONSE_BY
    ),
    *(
        (
            f"action_completion_{by}",
            lambda p, day, by=by: analytics.action_completion(p, by, as_of=day),
            lambda p, day, by=by: sql.action_completion(p, by, as_of=day),
            lambda rs, day, by=by: expected_actions(rs, by, day),
        )
        for by in analytics.ACTION_BY
    ),
    (
        "recurring_after_action",
        lambda p, _: analytics.recurring_after_action(p),
        lambda p, _: sql.recurring_after_action(p),
        lambda rs, _: expected_recurring(rs),
    ),
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CORPORA, AS_OF)
def test_analyses_agree_with_plain_python_and_duckdb(
    rs: tuple[Review, ...], as_of: dt.date | None
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, list(rs))
        for name, arrow, text, plain in CASES:
            got = arrow(path, as_of)
            assert close(got.to_pylist(), plain(list(rs), as_of)), name
            from_sql = on_duckdb(path, text(path, as_of))
            assert from_sql.schema.names == got.schema.names, name
            assert close(from_sql.to_pylist(), got.to_pylist()), name


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(reviews(), min_size=1, max_size=5, unique_by=lambda r: r.id))
def test_overdue_actions_are_those_rule_sr602_reports(rs: list[Review]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus"
        parquet.write(path, rs)
        for day in (None, dt.date(2031, 1, 1)):
            reported = sum(len(check(r, policy=Policy(as_of=day), select=["SR602"])) for r in rs)
            table = analytics.action_completion(path, as_of=day)
            assert table.column("overdue").to_pylist() == [reported]


def test_the_worked_example(tmp_path: Path) -> None:
    review = domestic_abuse_review()
    parquet.write(tmp_path / "c", review)
    corpus = Corpus.open(tmp_path / "c")
    assert review.published is not None
    rate = corpus.response_rate().to_pylist()
    first = first_answers(review)
    assert rate == expected_response_rate([review], None)
    assert rate[0]["responded"] == len(first) > 0
    late = corpus.action_completion(as_of="2013-06-01").to_pylist()
    assert late[0]["overdue"] == 1
    assert late[0]["done"] == 1
    assert corpus.action_completion(as_of=dt.date(2012, 1, 1)).column("overdue")[0].as_py() == 0
    # one review: nothing can come back later
    again = corpus.recurring_after_action().to_pylist()
    assert again
    assert all(row["recurred"] == 0 and row["later_reviews"] == 0 for row in again)


def test_a_filtered_corpus_counts_its_reviews_only(tmp_path: Path) -> None:
    path, corpus, narrowed, kind, chosen = narrowed_to_a_kind(
        list(synth.corpus(30, seed=11)), tmp_path / "c"
    )
    assert 0 < len(narrowed) < len(corpus)
    for by in analytics.RESPONSE_BY:
        assert close(narrowed.response_rate(by).to_pylist(), expected_response_rate(chosen, by))
        text = sql.response_rate(path, by, kind=kind)
        assert close(on_duckdb(path, text).to_pylist(), expected_response_rate(chosen, by))
    for by in analytics.ACTION_BY:
        expected = expected_actions(chosen, by)
        assert close(narrowed.action_completion(by).to_pylist(), expected), by
        text = sql.action_completion(path, by, kind=kind)
        assert close(on_duckdb(path, text).to_pylist(), expected), by
    assert close(narrowed.recurring_after_action().to_pylist(), expected_recurring(chosen))
    text = sql.recurring_after_action(path, kind=kind)
    assert close(on_duckdb(path, text).to_pylist(), expected_recurring(chosen))


def test_an_empty_selection_gives_one_row_of_nothing(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", list(synth.corpus(4, seed=1)))
    empty = Corpus.open(tmp_path / "c").where(review_id=[])
    assert empty.response_rate().to_pylist() == [
        {"findings": 0, "responded": 0, "share": None, "mean_days": None, "median_days": None}
    ]
    row = empty.action_completion().to_pylist()
    assert row == [
        {
            "actions": 0,
            "planned": 0,
            "in_progress": 0,
            "done": 0,
            "dropped": 0,
            "overdue": 0,
            "completion": None,
        }
    ]
    assert empty.response_rate("year").num_rows == 0
    assert empty.recurring_after_action().num_rows == 0
    text = sql.action_completion(tmp_path / "c", review_id=[])
    assert on_duckdb(tmp_path / "c", text).to_pylist() == row


def test_disclosure_protects_the_loop_tables(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    corpus = Corpus.open(tmp_path / "c")
    safe = corpus.response_rate(disclosure=5).to_pylist()
    assert safe[0]["findings"] is None
    assert safe[0]["median_days"] is None
    assert safe[0]["suppressed"]
    rounded = corpus.action_completion(disclosure=analytics.Disclosure(method="round"))
    assert "completion" not in rounded.column_names
    assert all(v % 5 == 0 for v in rounded.column("actions").to_pylist())
    assert corpus.recurring_after_action(disclosure=5).column("suppressed").to_pylist()[0]


def test_disclosure_with_null_keys_matches_the_sql(tmp_path: Path) -> None:
    path = tmp_path / "c"
    parquet.write(path, loosened(list(synth.corpus(24, seed=5))))
    for by in ("sector", "pattern"):
        plain = analytics.action_completion(path, by)
        assert plain.column(by).to_pylist()[-1] is None  # unowned / addressing no finding
        safe = analytics.action_completion(path, by, disclosure=8)
        assert safe.column(by).to_pylist() == plain.column(by).to_pylist()
        for row in safe.to_pylist():
            shown = [row[c] for c in ("actions", "planned", "in_progress", "done", "dropped")]
            assert row["suppressed"] or all(n == 0 or n >= 8 for n in shown)
        counted = on_duckdb(path, sql.action_completion(path, by))
        from_sql = analytics.protect(counted, "action_completion", 8)
        assert close(from_sql.to_pylist(), safe.to_pylist())


@pytest.mark.parametrize("fixture", ["format1", "format2", "format3", "format4"])
def test_datasets_of_older_formats(tmp_path: Path, fixture: str) -> None:
    """Formats before the loop (3.0) read as holding no responses and no actions.

    Arrow reads older parts as they are (migrated on reading); the SQL reads 5.0's columns
    (a finding's other patterns), so an older dataset is compacted first, as the docs say.
    """
    path = tmp_path / fixture
    shutil.copytree(Path(__file__).parent / "fixtures" / fixture, path)
    rs = list(parquet.read(path))
    got = {name: arrow(path, None) for name, arrow, _, _ in CASES}
    parquet.compact(path)
    for name, _, text, plain in CASES:
        assert close(got[name].to_pylist(), plain(rs, None)), name
        assert close(on_duckdb(path, text(path, None)).to_pylist(), got[name].to_pylist()), name
    answered = analytics.response_rate(path).column("responded")[0].as_py()
    assert (answered > 0) == (fixture in ("format3", "format4"))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: analytics.response_rate(p, "sector"), "response_rate by 'sector'"),
        (lambda p: sql.response_rate(p, "decision"), "response_rate by 'decision'"),
        (lambda p: analytics.action_completion(p, "agency"), "action_completion by 'agency'"),
        (lambda p: sql.action_completion(p, "status"), "action_completion by 'status'"),
        (lambda p: analytics.action_completion(p, as_of="2020-13-01"), "as_of: got '2020-13-01'"),
        (lambda p: analytics.action_completion(p, as_of="1/2/2020"), "give a date"),
        (lambda p: analytics.action_completion(p, as_of=20200101), "as_of: got 20200101"),
        (
            lambda p: analytics.action_completion(p, as_of=dt.datetime(2020, 1, 1, 9, 30)),
            "as_of: got datetime",
        ),
        (lambda p: sql.action_completion(p, as_of="2020-02-30"), "YYYY-MM-DD"),
        (lambda p: Corpus.open(p).action_completion(as_of="soon"), "as_of: got 'soon'"),
        (lambda p: Corpus.open(p).response_rate(disclosure=0), "threshold must be"),
        (lambda p: sql.recurring_after_action(p, colour="red"), "unknown filter"),
    ],
)
def test_bad_input_is_refused(tmp_path: Path, call: Callable[[Path], Any], message: str) -> None:
    parquet.write(tmp_path / "c", domestic_abuse_review())
    with pytest.raises(ModelError, match=message):
        call(tmp_path / "c")


@pytest.mark.spark
def test_the_same_sql_gives_the_same_rows_on_spark(spark: Any, tmp_path: Path) -> None:
    rs = loosened(list(synth.corpus(48, seed=2026)))
    path = tmp_path / "corpus"
    parquet.write(path, rs)
    for day in (None, dt.date(2019, 6, 1)):
        for name, arrow, text, _ in CASES:
            got = spark.sql(text(path, day)).toArrow()
            expected = arrow(path, day)
            assert got.schema.names == expected.schema.names, name
            assert close(got.to_pylist(), expected.to_pylist()), name
