"""The writer's conversion of objects to Arrow: generated gathering and encoding in chunks."""

from __future__ import annotations

import operator

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview import strategies
from systemsreview.io import _arrow
from systemsreview.io._arrow import Where, decode, encode
from systemsreview.io._extract import extractor, gathered, vocabulary
from systemsreview.io._schema import SPECS, Column, TableSpec
from systemsreview.model import Link, LinkKind, Review

ANY = strategies.reviews() | strategies.arbitrary_reviews()


def _rows(review: Review, table: str) -> list[object]:
    return [review] if table == "reviews" else list(getattr(review, table))


@given(ANY)
def test_gathered_columns_are_the_attributes(review: Review) -> None:
    """Each gathered column holds the attribute's values in row order (enums as indices)."""
    for name, spec in SPECS.items():
        rows = _rows(review, name)
        columns = extractor(spec)(rows)
        assert list(columns) == [c.attr for c in gathered(spec)]
        for col in gathered(spec):
            expected = list(map(operator.attrgetter(col.attr), rows))
            if col.kind == "enum":
                assert col.enum is not None
                expected = [list(col.enum).index(v) for v in expected]
            assert columns[col.attr] == expected, (name, col.name)


def test_vocabulary_is_every_value_in_member_order() -> None:
    assert vocabulary(LinkKind).to_pylist() == [m.value for m in LinkKind]
    assert vocabulary(LinkKind) is vocabulary(LinkKind)  # made once


@pytest.mark.parametrize("attr", ["source; import os", "1source", "source..target", "class"])
def test_an_attribute_path_that_is_not_dotted_identifiers_is_refused(attr: str) -> None:
    spec = TableSpec("links", Link, (Column("review_id", "id", "-"), Column("src", "id", attr)))
    with pytest.raises(ValueError, match="is not a dotted identifier") as err:
        extractor(spec)
    assert repr(attr) in str(err.value)
    assert "'src'" in str(err.value)


def _same(a: dict[str, pa.Table], b: dict[str, pa.Table]) -> None:
    assert list(a) == list(b)
    for name, table in a.items():
        assert table.schema.equals(b[name].schema, check_metadata=True), name
        assert table.equals(b[name]), name
        for column in table.column_names:  # dictionaries too: the whole vocabulary
            x, y = table[column].combine_chunks(), b[name][column].combine_chunks()
            if pa.types.is_dictionary(x.type):
                assert x.dictionary.equals(y.dictionary), (name, column)


@settings(max_examples=25)
@given(st.lists(ANY, max_size=5, unique_by=lambda r: r.id), st.integers(1, 60))
def test_encoding_in_chunks_gives_the_same_tables(reviews: list[Review], rows: int) -> None:
    """Chunk sizes from one row (every review its own chunk, some larger than a chunk) up."""
    whole = encode(reviews)
    default = _arrow.CHUNK_ROWS
    _arrow.CHUNK_ROWS = rows
    try:
        chunked = encode(reviews)
    finally:
        _arrow.CHUNK_ROWS = default
    _same(whole, chunked)
    back = decode(chunked, {name: Where("<memory>", name) for name in chunked})
    assert back == sorted(reviews, key=operator.attrgetter("id"))


def test_no_reviews_encode_to_empty_tables() -> None:
    tables = encode([])
    assert {name: t.num_rows for name, t in tables.items()} == dict.fromkeys(SPECS, 0)
    assert decode(tables, {name: Where("<memory>", name) for name in tables}) == []


@settings(max_examples=25)
@given(st.lists(ANY, max_size=4, unique_by=lambda r: r.id), st.integers(1, 400))
def test_link_end_kinds_are_the_reviews_kind_of(reviews: list[Review], rows: int) -> None:
    """``src_kind``/``dst_kind``: the first entity with the id (SR101), null if none (SR102)."""
    default = _arrow.CHUNK_ROWS
    _arrow.CHUNK_ROWS = rows
    try:
        links = encode(reviews)["links"].to_pylist()
    finally:
        _arrow.CHUNK_ROWS = default
    expected = []
    for review in sorted(reviews, key=operator.attrgetter("id")):
        for link in review.links:
            kinds = (review.kind_of(link.source), review.kind_of(link.target))
            expected.append(tuple(None if k is None else k.value for k in kinds))
    assert [(row["src_kind"], row["dst_kind"]) for row in links] == expected
