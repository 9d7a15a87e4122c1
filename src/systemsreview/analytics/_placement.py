"""Where contributory factors sit: per sector of the agency (and level, category) across reviews.

A ``SITS_IN`` link places a factor in the agency whose conditions it describes (a social care
team's workload, a school's leadership); :func:`~systemsreview.query.factors_by_agency` reads
them review by review. :func:`factor_placement` counts them across the reviews of a source,
by the *sector* of the agency, since agency ids are a review's own and mean nothing across
reviews. A factor placed in several agencies counts once under each of their sectors; one
placed in no agency (or only by a link to something that is not an agency of its review)
counts under a null ``sector``, sorted last.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import Source, kind_is, read, review_count
from systemsreview.errors import ModelError

__all__ = ["PLACEMENT_BY", "factor_placement", "placement_keys"]

#: What :func:`factor_placement` can split by, each with the key columns of its table.
PLACEMENT_BY: dict[str, tuple[str, ...]] = {
    "sector": ("sector",),
    "level": ("sector", "level"),
    "category": ("sector", "level", "category"),
}


def placement_keys(by: str) -> tuple[str, ...]:
    """The key columns of :func:`factor_placement` ``by`` ``by``.

    Raises:
        ModelError: for a ``by`` not in :data:`PLACEMENT_BY`, naming the choices.
    """
    if not isinstance(by, str) or by not in PLACEMENT_BY:
        msg = (
            f"factor_placement by {by!r}: choose one of {', '.join(map(repr, PLACEMENT_BY))} "
            "(agency ids are a review's own: query.factors_by_agency groups one review's "
            "factors by agency)"
        )
        raise ModelError(msg)
    return PLACEMENT_BY[by]


def _placed(source: Source) -> pa.Table:
    """Distinct ``review_id``, ``factor``, ``sector``: each factor's agencies' sectors."""
    links = read(source, "links", ["review_id", "src", "dst", "kind"], decode=False)
    sits = links.filter(kind_is(links.column("kind"), "sits_in"))
    sits = pa.table(
        {
            "review_id": sits.column("review_id"),
            "factor": sits.column("src"),
            "agency": sits.column("dst"),
        }
    )
    agencies = read(source, "agencies", ["review_id", "id", "sector"])
    agencies = agencies.rename_columns(["review_id", "agency", "sector"])
    placed = sits.join(agencies, ["review_id", "agency"], join_type="inner")
    return placed.group_by(["review_id", "factor", "sector"]).aggregate([])


def factor_placement(
    source: Source, by: str = "sector", *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Per sector of the agencies factors sit in (and level, category): factors and reviews.

    "Which organisations hold the conditions that shaped practice?" A factor ``SITS_IN``
    an agency; it counts under the agency's sector, once per sector however many agencies
    of the sector it sits in, and under a null ``sector`` when it sits in none.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``"sector"``, ``"level"`` (sector and the factor's level) or ``"category"``
            (sector, level and category), as :data:`PLACEMENT_BY` lists.
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``sector`` (string; null for factors placed in no agency), ``level`` and
        ``category`` (strings, as ``by`` asks), ``reviews`` (int64: reviews with such a
        factor), ``factors`` (int64: factors, each counted under every sector it sits in,
        so these add up to more than the factors when some sit in several sectors) and
        ``share`` (float64: ``reviews`` over all reviews of the source), sorted by the
        keys, nulls last.

    Raises:
        ModelError: for a ``by`` not in :data:`PLACEMENT_BY`, or a bad ``disclosure``.
    """
    keys = list(placement_keys(by))
    factors = read(source, "factors", ["review_id", "id", "level", "category"])
    factors = factors.rename_columns(["review_id", "factor", "level", "category"])
    rows = factors.join(_placed(source), ["review_id", "factor"], join_type="left outer")
    counts = rows.group_by(keys).aggregate([("review_id", "count_distinct"), ("factor", "count")])
    reviews = pc.cast(counts.column("review_id_count_distinct"), pa.int64())
    total = review_count(source)
    share = pc.divide(pc.cast(reviews, pa.float64()), pa.scalar(float(total or 1), pa.float64()))
    result = pa.table(
        {
            **{k: pc.cast(counts.column(k), pa.string()) for k in keys},
            "reviews": reviews,
            "factors": pc.cast(counts.column("factor_count"), pa.int64()),
            "share": share,
        }
    )
    result = result.sort_by([(k, "ascending") for k in keys])  # nulls last
    return apply(result, "factor_placement", disclosure)
