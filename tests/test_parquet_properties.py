"""Round-trip properties over the project's strategies: every review they build survives."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import strategies
from systemsreview.io import parquet as pqds
from systemsreview.io._arrow import Where, decode, encode
from systemsreview.model import Review
from systemsreview.rules import check

ANY = strategies.reviews() | strategies.arbitrary_reviews()


def _decode(reviews: list[Review]) -> list[Review]:
    tables = encode(reviews)
    return decode(tables, {name: Where("<memory>", name) for name in tables})


@given(strategies.reviews())
def test_valid_reviews_round_trip_in_memory(review: Review) -> None:
    [back] = _decode([review])
    assert back == review
    assert check(back) == []


@given(strategies.arbitrary_reviews())
def test_arbitrary_reviews_round_trip_in_memory(review: Review) -> None:
    [back] = _decode([review])
    assert back == review
    for field in attrs.fields(Review):  # tuples keep their exact order
        assert getattr(back, field.name) == getattr(review, field.name)
    assert check(back) == check(review)


@given(st.lists(ANY, max_size=4, unique_by=lambda r: r.id))
def test_batches_of_mixed_reviews_round_trip_in_memory(reviews: list[Review]) -> None:
    assert sorted(_decode(reviews), key=lambda r: r.id) == sorted(reviews, key=lambda r: r.id)


@given(st.lists(ANY, min_size=1, max_size=3, unique_by=lambda r: r.id), st.integers(1, 2))
def test_datasets_round_trip(
    tmp_path_factory: pytest.TempPathFactory, reviews: list[Review], batch_size: int
) -> None:
    path = tmp_path_factory.mktemp("property") / "corpus"
    pqds.write(path, reviews, batch_size=batch_size)
    assert {r.id: r for r in pqds.read(path)} == {r.id: r for r in reviews}
    last = reviews[-1]
    assert pqds.read_review(path, last.id) == last
