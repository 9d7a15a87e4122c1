"""``Corpus.where``: the same reviews as a plain-Python filter, for every filter and mix."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import systemsreview as sr
from systemsreview import Corpus, analytics, strategies
from systemsreview.io import parquet
from systemsreview.model import LEARNING_TOGETHER, LONDON_PROTOCOL, Level, Pattern, Review, Sector

CODES = sorted({*LEARNING_TOGETHER, *LONDON_PROTOCOL})
SMALL = {"agencies": (2, 3), "episodes": 1, "factors": (0, 3), "findings": (0, 2)}


def _variant(review: Review, number: int, decided: dt.date | None, who: str) -> Review:
    return attrs.evolve(review, id=f"rev-{number}", decided=decided, commissioner=who)


@st.composite
def corpora(draw: st.DrawFn) -> list[Review]:
    """A few generated reviews with distinct ids, shared commissioners and some undated."""
    reviews = draw(st.lists(strategies.reviews(**SMALL), min_size=1, max_size=5))
    days = st.none() | st.dates(dt.date(2015, 1, 1), dt.date(2018, 12, 31))
    who = st.sampled_from(["Board A", "Board B"])
    return [_variant(r, i, draw(days), draw(who)) for i, r in enumerate(reviews)]


def _matches(review: Review, name: str, allowed: list[Any]) -> bool:
    """The plain-Python meaning of one filter."""
    if name == "category":
        codes = [f.category for f in review.factors]
        return any(c == a or c.startswith(f"{a}.") for c in codes for a in allowed)
    held: dict[str, set[Any]] = {
        "review_id": {review.id},
        "kind": {review.kind},
        "method": set(review.methods),  # any of its methods
        "year": set() if review.decided is None else {review.decided.year},
        "commissioner": {review.commissioner},
        "pattern": {p for f in review.findings for p in f.patterns},
        "level": {f.level for f in review.factors},
        "sector": {a.sector for a in review.agencies},
    }
    return bool(held[name] & set(allowed))


def _expected(reviews: list[Review], filters: dict[str, Any]) -> tuple[str, ...]:
    def listed(value: Any) -> list[Any]:
        return [value] if isinstance(value, str | int) else list(value)

    return tuple(
        r.id for r in reviews if all(_matches(r, k, listed(v)) for k, v in filters.items())
    )


def _one_or_many(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return values | st.lists(values, max_size=3) | st.frozensets(values, max_size=3)


def choices(reviews: list[Review]) -> dict[str, st.SearchStrategy[Any]]:
    """Per filter, a value or a collection of values, some present in the corpus, some not."""
    ids = [r.id for r in reviews] + ["absent"]
    return {
        "review_id": _one_or_many(st.sampled_from(ids)),
        "kind": _one_or_many(st.sampled_from(list(sr.ReviewKind))),
        "method": _one_or_many(st.sampled_from(list(sr.Method))),
        "year": _one_or_many(st.integers(2014, 2019)),
        "commissioner": _one_or_many(st.sampled_from(["Board A", "Board B", "Panel"])),
        "pattern": _one_or_many(st.sampled_from(list(Pattern))),
        "category": _one_or_many(st.sampled_from(CODES)),
        "level": _one_or_many(st.sampled_from(list(Level))),
        "sector": _one_or_many(st.sampled_from(list(Sector))),
    }


def filters(reviews: list[Review]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=choices(reviews))


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@settings(max_examples=20, deadline=None)
@given(corpora(), st.data(), st.integers(1, 3))
def test_where_is_the_plain_python_filter(
    scratch: Path, reviews: list[Review], data: st.DataObject, batch_size: int
) -> None:
    path = Path(tempfile.mkdtemp(dir=scratch)) / "corpus"
    parquet.write(path, reviews, batch_size=batch_size)
    corpus = Corpus.open(path)
    back = list(corpus)  # the reviews read back, in dataset order
    assert sorted(r.id for r in back) == sorted(r.id for r in reviews)
    for name in ("review_id", "pattern", "category", "level", "sector", "year"):
        one = {name: data.draw(choices(reviews)[name], label=name)}
        narrowed = corpus.where(**one)
        assert narrowed.review_ids == _expected(back, one), one
    mixed = data.draw(filters(reviews), label="mixed")
    narrowed = corpus.where(**mixed)
    assert narrowed.review_ids == _expected(back, mixed)
    # Chaining is AND, in either order; each filtered corpus answers only for its reviews.
    more = data.draw(filters(reviews), label="more")
    both = narrowed.where(**more)
    assert both.review_ids == _expected(back, {**mixed, **more}) or set(mixed) & set(more)
    assert both.review_ids == tuple(r for r in _expected(back, more) if r in narrowed.review_ids)
    assert both.review_ids == corpus.where(**more).where(**mixed).review_ids
    assert [r.id for r in both] == list(both.review_ids)
    found = both.table("findings", ["review_id"]).column(0).to_pylist()
    assert found == [r.id for r in back if r.id in both.review_ids for _ in r.findings]
    if both.review_ids:
        total = analytics.pattern_prevalence(both).column("findings").to_pylist()
        kept = [f for r in back if r.id in both.review_ids for f in r.findings]
        assert sum(total) == sum(len(f.patterns) for f in kept)  # each under all its patterns


def test_where_narrows_by_child_tables(tmp_path: Path) -> None:
    case = sr.examples.domestic_abuse_review()
    bare = attrs.evolve(case, id="bare", findings=(), factors=(), links=())
    parquet.write(tmp_path / "c", [attrs.evolve(case, id="case"), bare])
    corpus = Corpus.open(tmp_path / "c")
    assert corpus.where(pattern=Pattern.FAMILY_PROFESSIONAL).review_ids == ("case",)
    assert corpus.where(pattern="incidents_and_crises").review_ids == ()
    assert corpus.where(category="frontline").review_ids == ("case",)  # codes beneath match
    assert corpus.where(category="frontline.role.contact").review_ids == ("case",)
    assert corpus.where(level=["national", "local_strategic"]).review_ids == ("case",)
    assert corpus.review_ids == ("bare", "case")  # one batch, sorted by id
    assert corpus.where(sector="police").review_ids == ("bare", "case")
    assert corpus.where(review_id=["case", "bare"]).review_ids == ("bare", "case")  # its order
    assert corpus.where(review_id="nowhere").review_ids == ()
    assert corpus.where(sector="police").where(pattern=[]).review_ids == ()
    # The filter is pushed down: a child-table condition reads only matching rows.
    rows = corpus.table("factors", ["review_id"], pc.field("level") == "national")
    assert set(rows.column(0).to_pylist()) <= {"case"}


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"sector": "polis"}, "sector 'polis' is not a Sector; expected one of .*police"),
        ({"pattern": ["family_professional", "blame"]}, "pattern 'blame' is not a Pattern"),
        ({"level": "team"}, "level 'team' is not a Level; expected one of frontline"),
        ({"category": "frontline.tem"}, "did you mean 'frontline.team'"),
        ({"category": 3}, "category 3 is a int; give strings"),
        ({"review_id": [1, 2]}, "review_id 1 is a int; give strings"),
        ({"commissioner": b"Board"}, "commissioner must be a value or a collection"),
        ({"sector": {"police": 1}}, "not dict"),
        ({"year": 2011.0}, "year must be a value or a collection"),
        ({"year": [True]}, "year True is not a year"),
        ({"year": ["twenty"]}, "year 'twenty' is not a year"),
        ({"kind": Sector.POLICE}, "kind <Sector.POLICE: 'police'> is not a ReviewKind"),
    ],
)
def test_where_refuses_bad_values(tmp_path: Path, filters: dict[str, Any], message: str) -> None:
    parquet.write(tmp_path / "c", sr.examples.domestic_abuse_review())
    with pytest.raises(sr.ModelError, match=message):
        Corpus.open(tmp_path / "c").where(**filters)


def test_empty_collections_match_nothing(tmp_path: Path) -> None:
    parquet.write(tmp_path / "c", sr.examples.domestic_abuse_review())
    corpus = Corpus.open(tmp_path / "c")
    for name in ("review_id", "kind", "year", "pattern", "category", "level", "sector"):
        assert corpus.where(**{name: []}).review_ids == (), name
        assert len(corpus.where(**{name: None})) == 1, name
    assert corpus.where(sector=()).pattern_prevalence().num_rows == 0


def test_child_filters_read_only_through_the_checked_reader(tmp_path: Path) -> None:
    """A filter on findings reads the committed findings file, and refuses one that leads out."""
    parquet.write(tmp_path / "c", sr.examples.domestic_abuse_review())
    [findings] = parquet.files(tmp_path / "c", "findings")
    outside = tmp_path / "outside.parquet"
    findings.rename(outside)
    findings.symlink_to(outside)
    corpus = Corpus.open(tmp_path / "c")
    assert corpus.where(sector="police").review_ids == ("lscb-2011-da",)  # agencies only
    with pytest.raises(sr.FormatError, match="leads outside the dataset's table folder"):
        corpus.where(pattern="family_professional")
