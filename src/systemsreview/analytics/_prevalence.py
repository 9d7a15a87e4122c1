"""How widespread patterns and factor categories are across the reviews of a corpus.

Both analyses count, per key, the distinct reviews that hold it and the rows (findings or
factors) that carry it, and divide the reviews by the corpus's reviews: ``share`` is the
fraction of reviews with at least one such finding or factor. With ``by_year`` (used by
:func:`~systemsreview.analytics.trend`) the counts are per year of decision and ``share`` is
taken over the reviews decided that year; reviews with no decision date are then left out.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import (
    FINDING_PATTERNS,
    Source,
    coded_reviews,
    encode,
    read,
    review_count,
    review_years,
    years_of,
)

__all__ = ["factor_prevalence", "pattern_prevalence", "prevalence", "with_share"]


def with_share(counts: pa.Table, years: pa.Table, total: int, *, by_year: bool) -> pa.Table:
    """``counts`` with ``share``: its ``reviews`` over all reviews (of the same year)."""
    if not by_year:
        denominator: pa.Array | pa.ChunkedArray = pa.array([total] * counts.num_rows, pa.int64())
    else:
        dated = years.filter(pc.is_valid(years.column("year")))
        per_year = dated.group_by("year").aggregate([("review_id", "count")])
        counts = counts.join(per_year, "year", join_type="inner")
        denominator = counts.column("review_id_count")
        counts = counts.drop_columns(["review_id_count"])
    share = pc.divide(
        pc.cast(counts.column("reviews"), pa.float64()), pc.cast(denominator, pa.float64())
    )
    return counts.append_column("share", share)


def order(table: pa.Table, keys: Sequence[str], *, by_year: bool) -> pa.Table:
    """Sorted by year, then most reviews first, then by ``keys``."""
    sort = [("year", "ascending")] if by_year else []
    sort += [("reviews", "descending"), *((k, "ascending") for k in keys)]
    return table.sort_by(sort)


def prevalence(
    source: Source, name: str, keys: Sequence[str], rows: str, *, by_year: bool = False
) -> pa.Table:
    """Per value of ``keys`` in table ``name``: ``reviews``, ``rows`` (a count) and ``share``.

    Keys and reviews become integer codes first (no string is hashed twice); distinct
    (key, review) pairs are then counted per key (the reviews), with the sum of their rows.
    """
    table = read(source, name, ["review_id", *keys], decode=False).unify_dictionaries()
    codes, ids = coded_reviews(table.column("review_id"))
    values, columns = {}, {}
    for key in keys:
        values[key], columns[key] = encode(table.column(key))
    columns["r"] = codes
    group = list(keys)
    if by_year:
        years, total = review_years(source)
        columns["year"] = pc.take(years_of(ids, years), codes)
        group = ["year", *group]
    else:
        years, total = pa.table({}), review_count(source)
    coded = pa.table(columns)
    if by_year:
        coded = coded.filter(pc.is_valid(coded.column("year")))
    pairs = coded.group_by([*group, "r"]).aggregate([("r", "count")])
    counts = pairs.group_by(group).aggregate([("r", "count"), ("r_count", "sum")])
    counts = pa.table(
        {
            **{
                k: values[k].take(counts.column(k)) if k in values else counts.column(k)
                for k in group
            },
            "reviews": pc.cast(counts.column("r_count"), pa.int64()),
            rows: pc.cast(counts.column("r_count_sum"), pa.int64()),
        }
    )
    return order(with_share(counts, years, total, by_year=by_year), keys, by_year=by_year)


def pattern_prevalence(source: Source, *, disclosure: int | Disclosure | None = None) -> pa.Table:
    """Per finding pattern, how many reviews have a finding of it, and what share of reviews.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure``: small counts
            suppressed, with the cells that would reveal them (see ``protect``).

    Returns:
        A table with columns ``pattern`` (string), ``reviews`` (int64: reviews with at
        least one finding of the pattern), ``findings`` (int64: findings of the pattern;
        a finding counts under every pattern it has, its ``pattern`` and each of its
        ``other_patterns``, so these add up to more than the findings) and ``share``
        (float64: ``reviews`` over all reviews of the corpus), most widespread first
        (ties by pattern). Patterns no finding has are left out.
    """
    table = prevalence(source, FINDING_PATTERNS, ["pattern"], "findings")
    return apply(table, "pattern_prevalence", disclosure)


def factor_prevalence(source: Source, *, disclosure: int | Disclosure | None = None) -> pa.Table:
    """Per factor level and category, how many reviews record it, and how many factors.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure``: small counts
            suppressed, with the cells that would reveal them (see ``protect``).

    Returns:
        A table with columns ``level``, ``category`` (string), ``reviews`` (int64: reviews
        with at least one such factor), ``factors`` (int64) and ``share`` (float64:
        ``reviews`` over all reviews), most widespread first (ties by level and category).
    """
    table = prevalence(source, "factors", ["level", "category"], "factors")
    return apply(table, "factor_prevalence", disclosure)
