"""Corpus analytics against the same counts done in plain Python over the Review objects."""

from __future__ import annotations

import itertools
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import systemsreview as sr
from _corpora import random_reviews, write_dataset
from systemsreview import analytics, strategies, synth
from systemsreview.analytics._tables import coded_reviews, review_codes
from systemsreview.corpus import Corpus
from systemsreview.io import parquet
from systemsreview.model import EntityKind, LinkKind, Review
from systemsreview.query import agencies_involved

corpora = st.tuples(st.integers(0, 2**32), st.integers(0, 30))


def dataset(seed: int, n: int) -> tuple[list[Review], Path, tempfile.TemporaryDirectory[str]]:
    reviews = random_reviews(seed, n)
    tmp = tempfile.TemporaryDirectory()
    return reviews, write_dataset(reviews, Path(tmp.name)), tmp


def year(review: Review) -> int | None:
    return None if review.decided is None else review.decided.year


# ---- the oracle: plain Python over the objects ------------------------------------------


def prevalence(
    reviews: list[Review], items: Callable[[Review], Iterable[Hashable]], *, by_year: bool
) -> dict[Any, tuple[int, int, float]]:
    holding: dict[Any, set[str]] = defaultdict(set)
    rows: Counter[Any] = Counter()
    per_year: Counter[int | None] = Counter(year(r) for r in reviews)
    for r in reviews:
        if by_year and year(r) is None:
            continue
        for item in items(r):
            key = (year(r), item) if by_year else item
            holding[key].add(r.id)
            rows[key] += 1
    total = lambda key: per_year[key[0]] if by_year else len(reviews)  # noqa: E731
    return {k: (len(ids), rows[k], len(ids) / total(k)) for k, ids in holding.items()}


def patterns(r: Review) -> list[str]:
    """Every pattern of every finding: a finding counts under each of its patterns."""
    return [p.value for f in r.findings for p in f.patterns]


def categories(r: Review) -> list[tuple[str, str]]:
    return [(f.level.value, f.category) for f in r.factors]


def cooccurrence(reviews: list[Review], by: str, *, by_year: bool) -> dict[Any, tuple[Any, ...]]:
    def items(r: Review) -> set[str]:
        if by == "pattern":
            return {p.value for f in r.findings for p in f.patterns}
        return {f.category for f in r.factors}

    chosen = [r for r in reviews if not (by_year and year(r) is None)]
    group: Callable[[Review], int | None] = year if by_year else (lambda r: None)
    n: Counter[Any] = Counter(group(r) for r in chosen)
    single: Counter[Any] = Counter()
    both: Counter[Any] = Counter()
    for r in chosen:
        single.update((group(r), i) for i in items(r))
        both.update((group(r), a, b) for a, b in itertools.combinations(sorted(items(r)), 2))
    result = {}
    for (g, a, b), count in both.items():
        expected = single[g, a] * single[g, b] / n[g]
        key = (g, a, b) if by_year else (a, b)
        result[key] = (count, single[g, a], single[g, b], expected, count / expected)
    return result


def sectors_behind(r: Review) -> set[tuple[str, str]]:
    found = set()
    for f in r.findings:
        for link in r.links_from(f.id):
            if link.kind is LinkKind.EVIDENCED_BY and r.kind_of(link.target) is EntityKind.EPISODE:
                for agency in agencies_involved(r, link.target):
                    for p in f.patterns:
                        found.add((p.value, r.agency(agency).sector.value))
    return found


def recurring(reviews: list[Review], by: str, min_reviews: int, min_years: int) -> dict[Any, Any]:
    holding: dict[Any, set[Review]] = defaultdict(set)
    for r in reviews:
        keys = {(p,) for p in patterns(r)} if by == "pattern" else sectors_behind(r)
        for key in keys:
            holding[key].add(r)
    result = {}
    for key, rs in holding.items():
        years = {year(r) for r in rs} - {None}
        if len(rs) >= min_reviews and len(years) >= min_years:
            result[key] = (len(rs), len(years), min(years, default=None), max(years, default=None))
    return result


# ---- comparisons ---------------------------------------------------------------------------


def rows(table: pa.Table, keys: list[str], values: list[str]) -> dict[Any, tuple[Any, ...]]:
    data = table.to_pylist()
    out = {}
    for row in data:
        key = tuple(row[k] for k in keys)
        out[key[0] if len(key) == 1 else key] = tuple(row[v] for v in values)
    assert len(out) == len(data), "keys repeat"
    return out


def close(got: dict[Any, tuple[Any, ...]], want: dict[Any, tuple[Any, ...]]) -> None:
    assert got.keys() == want.keys()
    for key, values in want.items():
        assert got[key] == pytest.approx(values), key


def assert_sorted(table: pa.Table, keys: list[str], *, by_year: bool = False) -> None:
    data = table.to_pylist()
    sort = [(r["year"],) if by_year else () for r in data]
    order = [(*s, -r["reviews"], *(r[k] for k in keys)) for s, r in zip(sort, data, strict=True)]
    assert order == sorted(order)


@settings(max_examples=30, deadline=None)
@given(corpora, st.booleans())
def test_pattern_prevalence(corpus: tuple[int, int], by_year: bool) -> None:
    reviews, path, tmp = dataset(*corpus)
    with tmp:
        if by_year:
            table = analytics.trend(path, "pattern_prevalence")
            keys = ["year", "pattern"]
        else:
            table = analytics.pattern_prevalence(path)
            keys = ["pattern"]
        assert table.column_names == [*keys, "reviews", "findings", "share"]
        close(
            rows(table, keys, ["reviews", "findings", "share"]),
            prevalence(reviews, patterns, by_year=by_year),
        )
        assert_sorted(table, keys[-1:], by_year=by_year)


@settings(max_examples=30, deadline=None)
@given(corpora, st.booleans())
def test_factor_prevalence(corpus: tuple[int, int], by_year: bool) -> None:
    reviews, path, tmp = dataset(*corpus)
    with tmp:
        if by_year:
            table = analytics.trend(path, "factor_prevalence")
            keys = ["year", "level", "category"]
        else:
            table = analytics.factor_prevalence(path)
            keys = ["level", "category"]
        assert table.column_names == [*keys, "reviews", "factors", "share"]
        got = rows(table, keys, ["reviews", "factors", "share"])
        want = prevalence(reviews, categories, by_year=by_year)
        if by_year:
            want = {(y, *lc): v for (y, lc), v in want.items()}
        close(got, want)
        assert_sorted(table, ["level", "category"], by_year=by_year)


@settings(max_examples=30, deadline=None)
@given(corpora, st.sampled_from(["pattern", "category"]), st.booleans())
def test_cooccurrence(corpus: tuple[int, int], by: str, by_year: bool) -> None:
    reviews, path, tmp = dataset(*corpus)
    with tmp:
        if by_year:
            table = analytics.trend(path, "cooccurrence", by=by)
            keys = ["year", "a", "b"]
        else:
            table = analytics.cooccurrence(path, by)
            keys = ["a", "b"]
        values = ["reviews", "reviews_a", "reviews_b", "expected", "lift"]
        assert table.column_names == [*keys, *values]
        close(rows(table, keys, values), cooccurrence(reviews, by, by_year=by_year))
        assert_sorted(table, ["a", "b"], by_year=by_year)


@settings(max_examples=30, deadline=None)
@given(
    corpora, st.sampled_from(["pattern", "pattern_sector"]), st.integers(1, 4), st.integers(0, 3)
)
def test_recurring_findings(
    corpus: tuple[int, int], by: str, min_reviews: int, min_years: int
) -> None:
    reviews, path, tmp = dataset(*corpus)
    with tmp:
        table = analytics.recurring_findings(
            path, min_reviews=min_reviews, min_years=min_years, by=by
        )
        keys = ["pattern"] if by == "pattern" else ["pattern", "sector"]
        values = ["reviews", "years", "first_year", "last_year"]
        assert table.column_names == [*keys, *values]
        got = rows(table, keys, values)
        if by == "pattern":
            got = {(k,): v for k, v in got.items()}
        assert got == recurring(reviews, by, min_reviews, min_years)
        assert_sorted(table, keys)


def test_the_worked_example_as_a_corpus_of_one(tmp_path: Path) -> None:
    review = sr.examples.domestic_abuse_review()
    path = write_dataset([review], tmp_path)
    assert analytics.pattern_prevalence(path).to_pylist() == [
        {"pattern": "family_professional", "reviews": 1, "findings": 1, "share": 1.0}
    ]
    sectors = analytics.recurring_findings(path, min_reviews=1, min_years=1, by="pattern_sector")
    assert sectors.column("sector").to_pylist() == ["education", "health", "police", "social_care"]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda p: analytics.cooccurrence(p, "sector"), "cooccurrence by 'sector'"),
        (lambda p: analytics.trend(p, "recurring"), "trend of 'recurring'"),
        (lambda p: analytics.recurring_findings(p, by="sector"), "by 'sector'"),
        (lambda p: analytics.recurring_findings(p, min_reviews=0), "min_reviews"),
    ],
)
def test_bad_arguments_are_refused(tmp_path: Path, call, match) -> None:  # type: ignore[no-untyped-def]
    path = write_dataset(random_reviews(1, 3), tmp_path)
    with pytest.raises(sr.ModelError, match=match):
        call(path)


def test_a_folder_without_the_table_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(sr.NotFoundError, match="no table folder 'findings'"):
        analytics.pattern_prevalence(tmp_path)


# ---- through Corpus, on datasets written by the library ------------------------------------


def compare_all(corpus: Corpus, reviews: list[Review]) -> None:
    """Every Corpus analysis against the plain-Python oracle over ``reviews``."""
    got = corpus.pattern_prevalence()
    close(
        rows(got, ["pattern"], ["reviews", "findings", "share"]),
        prevalence(reviews, patterns, by_year=False),
    )
    got = corpus.factor_prevalence()
    close(
        rows(got, ["level", "category"], ["reviews", "factors", "share"]),
        prevalence(reviews, categories, by_year=False),
    )
    values = ["reviews", "reviews_a", "reviews_b", "expected", "lift"]
    for by in ("pattern", "category"):
        close(
            rows(corpus.cooccurrence(by), ["a", "b"], values),
            cooccurrence(reviews, by, by_year=False),
        )
        close(
            rows(corpus.trend("cooccurrence", by=by), ["year", "a", "b"], values),
            cooccurrence(reviews, by, by_year=True),
        )
    close(
        rows(corpus.trend(), ["year", "pattern"], ["reviews", "findings", "share"]),
        prevalence(reviews, patterns, by_year=True),
    )
    want = prevalence(reviews, categories, by_year=True)
    close(
        rows(
            corpus.trend("factor_prevalence"),
            ["year", "level", "category"],
            ["reviews", "factors", "share"],
        ),
        {(y, *lc): v for (y, lc), v in want.items()},
    )
    values = ["reviews", "years", "first_year", "last_year"]
    for by, keys in (("pattern", ["pattern"]), ("pattern_sector", ["pattern", "sector"])):
        got_rows = rows(corpus.recurring_findings(min_reviews=2, min_years=1, by=by), keys, values)
        if by == "pattern":
            got_rows = {(k,): v for k, v in got_rows.items()}
        assert got_rows == recurring(reviews, by, 2, 1)


@pytest.mark.parametrize("seed", [0, 1])
def test_corpus_analyses_on_a_synthetic_corpus(tmp_path: Path, seed: int) -> None:
    reviews = list(synth.corpus(40, seed=seed))
    parquet.write(tmp_path / "corpus", reviews, batch_size=16)
    corpus = Corpus.open(tmp_path / "corpus")
    compare_all(corpus, reviews)
    # a folder with a manifest is read through it, as the Corpus reads it
    assert analytics.cooccurrence(corpus.path).equals(corpus.cooccurrence())
    years = sorted({r.decided.year for r in reviews if r.decided is not None})[:3]
    kinds = sorted({r.kind.value for r in reviews})[:2]
    narrowed = corpus.where(year=years, kind=kinds)
    chosen = [
        r
        for r in reviews
        if r.decided is not None and r.decided.year in years and r.kind.value in kinds
    ]
    assert len(narrowed) == len(chosen) > 0
    compare_all(narrowed, chosen)


@settings(max_examples=10, deadline=None)
@given(st.lists(strategies.reviews(), min_size=1, max_size=4, unique_by=lambda r: r.id))
def test_corpus_analyses_on_generated_reviews(reviews: list[Review]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        parquet.write(Path(tmp) / "corpus", reviews)
        compare_all(Corpus.open(Path(tmp) / "corpus"), reviews)


@given(st.lists(st.sampled_from(["r1", "r2", "r10", "r3", ""]), max_size=30), st.booleans())
def test_review_codes_give_equal_ids_equal_codes(ids: list[str], chunked: bool) -> None:
    half = len(ids) // 2
    column = (
        pa.chunked_array([ids[:half], ids[half:]], pa.string())
        if chunked
        else pa.chunked_array([ids], pa.string())
    )
    for values in (column, pa.chunked_array([sorted(ids)], pa.string())):
        codes = review_codes(values).to_pylist()
        strings = values.to_pylist()
        ids = coded_reviews(values)[1].to_pylist()
        assert [ids[c] for c in codes] == strings
        assert len(codes) == len(strings)
        assert {(s, c) for s, c in zip(strings, codes, strict=True)} == {
            (s, codes[strings.index(s)]) for s in strings
        }
        assert len(set(codes)) == len(set(strings))


def _dates_as_text(path: Path, values: Callable[[list[Any]], list[Any]]) -> None:
    """Rewrite the ``decided`` dates of a plain folder as text, as another tool might."""
    import pyarrow.compute as pc  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    for f in (path / "reviews").glob("*.parquet"):
        t = pq.read_table(f)
        i = t.schema.get_field_index("decided")
        text = values(pc.cast(t.column(i), pa.string()).to_pylist())
        pq.write_table(t.set_column(i, "decided", pa.array(text, pa.string())), f)


NOT_DATES = ["20100213", "2010-W06-6", "2010-02-13T00:00", "2010-2-13", " 2010-02-13"]
NOT_DATES += ["2010-02-30", "+2010-02-13", "2010/02/13", "\uff12\uff10\uff11\uff10-02-13", ""]


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32), st.sampled_from(NOT_DATES) | st.text(max_size=12))
def test_text_dates_of_other_tools_are_strict_iso(seed: int, wrong: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_dataset(random_reviews(seed, 12), Path(tmp))
        expected = analytics.trend(path).to_pylist()
        _dates_as_text(path, lambda values: values)  # ISO text: the same answers
        assert analytics.trend(path).to_pylist() == expected
        assert analytics.recurring_findings(path).num_rows >= 0
        try:
            sr.model.Period(wrong, wrong)
        except sr.ModelError:
            row = 3
            _dates_as_text(path, lambda values: [*values[:row], wrong, *values[row + 1 :]])
            with pytest.raises(sr.FormatError, match=f"column 'decided', row {row}: "):
                analytics.trend(path)
