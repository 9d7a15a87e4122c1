"""Which patterns (or factor categories) come together in the same review, beyond chance.

For two items ``a`` and ``b`` (``a < b``) present together in at least one review, with
``N`` reviews in all, ``n_a`` and ``n_b`` reviews holding each and ``n_ab`` holding both:
``expected = n_a * n_b / N`` (the count if they fell in reviews independently) and
``lift = n_ab / expected``. A lift above 1 means they come together more often than chance.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import (
    FINDING_PATTERNS,
    Source,
    coded_reviews,
    read,
    review_count,
    review_years,
    years_of,
)
from systemsreview.errors import ModelError

__all__ = ["ITEMS", "cooccurrence"]

#: What ``cooccurrence`` can pair: the table and column holding each kind of item.
ITEMS = {"pattern": (FINDING_PATTERNS, "pattern"), "category": ("factors", "category")}


def cooccurrence(
    source: Source,
    by: str = "pattern",
    *,
    by_year: bool = False,
    disclosure: int | Disclosure | None = None,
) -> pa.Table:
    """How often two patterns (or two factor categories) appear in the same review.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``"pattern"`` (of findings) or ``"category"`` (of contributory factors).
        by_year: count per year of decision (see :func:`~systemsreview.analytics.trend`).
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure``: small counts
            suppressed, with the cells that would reveal them (see ``protect``).

    Returns:
        A table with columns ``a``, ``b`` (string, ``a < b``), ``reviews`` (int64: reviews
        holding both), ``reviews_a``, ``reviews_b`` (int64: reviews holding each),
        ``expected`` and ``lift`` (float64, see the module), one row per pair that occurs
        together at least once, most frequent first (ties by ``a``, ``b``). With
        ``by_year`` a first column ``year`` splits every count, and ``N`` is that year's.

    Raises:
        ModelError: when ``by`` is neither ``"pattern"`` nor ``"category"``.
    """
    if by not in ITEMS:
        msg = f"cooccurrence by {by!r}: choose one of {', '.join(map(repr, ITEMS))}"
        raise ModelError(msg)
    name, column = ITEMS[by]
    items = read(source, name, ["review_id", column]).rename_columns(["review_id", "item"])
    codes, ids = coded_reviews(items.column("review_id"))
    if by_year:
        years, total = review_years(source)
        year = pc.take(years_of(ids, years), codes)
        dated = pc.is_valid(year)
        items = items.append_column("year", year).filter(dated)
        codes = codes.filter(dated)
    else:
        total = review_count(source)
    # Integer codes make the self-join and the grouping cheap: reviews by review_codes,
    # items by their rank in sorted order (so codes compare as the strings do).
    values = pc.unique(items.column("item").combine_chunks())
    values = values.take(pc.sort_indices(values))
    coded = {
        "r": codes,
        "item": pc.index_in(items.column("item"), value_set=values),
    }
    if by_year:
        coded["year"] = items.column("year")
    group = ["year"] if by_year else []
    distinct = pa.table(coded).group_by(list(coded)).aggregate([])  # each item once a review
    left = distinct.rename_columns([{"item": "a"}.get(c, c) for c in distinct.column_names])
    right = distinct.select(["r", "item"]).rename_columns(["r", "b"])
    pairs = left.join(right, "r", join_type="inner")
    pairs = pairs.filter(pc.less(pairs.column("a"), pairs.column("b")))
    counts = pairs.group_by([*group, "a", "b"]).aggregate([("r", "count")])
    counts = counts.rename_columns([{"r_count": "reviews"}.get(c, c) for c in counts.column_names])
    margins = distinct.group_by([*group, "item"]).aggregate([("r", "count")])
    for side in ("a", "b"):
        names = {"item": side, "r_count": f"reviews_{side}"}
        counts = counts.join(
            margins.rename_columns([names.get(c, c) for c in margins.column_names]),
            [*group, side],
            join_type="inner",
        )
    if by_year:
        dated = years.filter(pc.is_valid(years.column("year")))
        per_year = dated.group_by("year").aggregate([("review_id", "count")])
        counts = counts.join(per_year, "year", join_type="inner")
        n = pc.cast(counts.column("review_id_count"), pa.float64())
        counts = counts.drop_columns(["review_id_count"])
    else:
        n = pa.array([float(total)] * counts.num_rows, pa.float64())
    ab, a, b = (
        pc.cast(counts.column(c), pa.float64()) for c in ("reviews", "reviews_a", "reviews_b")
    )
    expected = pc.divide(pc.multiply(a, b), n)
    result = pa.table(
        {
            **{
                c: counts.column(c) for c in (*group, "a", "b", "reviews", "reviews_a", "reviews_b")
            },
            "expected": expected,
            "lift": pc.divide(ab, expected),
        }
    )
    sort = [("year", "ascending")] if by_year else []
    result = result.sort_by(
        [*sort, ("reviews", "descending"), ("a", "ascending"), ("b", "ascending")]
    )
    for side in ("a", "b"):  # codes back to strings
        position = result.column_names.index(side)
        result = result.set_column(position, side, values.take(result.column(side)))
    return apply(result, "cooccurrence", disclosure)
