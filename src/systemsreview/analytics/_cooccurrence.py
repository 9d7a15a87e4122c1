"""Which patterns (or factor categories) come together in the same review, beyond chance.

For two items ``a`` and ``b`` (``a < b``) present together in at least one review, with
``N`` reviews in all, ``n_a`` and ``n_b`` reviews holding each and ``n_ab`` holding both:
``expected = n_a * n_b / N`` (the count if they fell in reviews independently) and
``lift = n_ab / expected``. A lift above 1 means they come together more often than chance.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._prevalence import with_year
from systemsreview.analytics._tables import Source, read, review_years
from systemsreview.errors import ModelError

__all__ = ["ITEMS", "cooccurrence"]

#: What ``cooccurrence`` can pair: the table and column holding each kind of item.
ITEMS = {"pattern": ("findings", "pattern"), "category": ("factors", "category")}


def cooccurrence(source: Source, by: str = "pattern", *, by_year: bool = False) -> pa.Table:
    """How often two patterns (or two factor categories) appear in the same review.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``"pattern"`` (of findings) or ``"category"`` (of contributory factors).
        by_year: count per year of decision (see :func:`~systemsreview.analytics.trend`).

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
    years, total = review_years(source)
    items = read(source, name, ["review_id", column]).rename_columns(["review_id", "item"])
    keys = ["review_id", "item"]
    if by_year:
        items = with_year(items, years)
        keys.append("year")
    items = items.group_by(keys).aggregate([])  # each item once per review
    group = ["year"] if by_year else []
    left = items.rename_columns(["a" if c == "item" else c for c in items.column_names])
    right = items.select(["review_id", "item"]).rename_columns(["review_id", "b"])
    pairs = left.join(right, "review_id", join_type="inner")
    pairs = pairs.filter(pc.less(pairs.column("a"), pairs.column("b")))
    counts = pairs.group_by([*group, "a", "b"]).aggregate([("review_id", "count")])
    counts = counts.rename_columns(
        ["reviews" if c == "review_id_count" else c for c in counts.column_names]
    )
    margins = items.group_by([*group, "item"]).aggregate([("review_id", "count")])
    for side in ("a", "b"):
        counts = counts.join(
            margins.rename_columns(
                [
                    {"item": side, "review_id_count": f"reviews_{side}"}.get(c, c)
                    for c in margins.column_names
                ]
            ),
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
    return result.sort_by(
        [*sort, ("reviews", "descending"), ("a", "ascending"), ("b", "ascending")]
    )
