"""The lessons that keep coming back: patterns found in many reviews over several years.

``by="pattern_sector"`` pairs each finding's pattern with the sectors of the agencies
involved in the episodes the finding is ``EVIDENCED_BY``, where *involved* means exactly what
:func:`systemsreview.query.agencies_involved` means: an ``INVOLVED`` link from the episode (or
from an event ``PART_OF`` it) to the agency, or to a practitioner who ``WORKS_FOR`` it. So a
row reads "findings of this pattern, resting on practice of this sector, recur".
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import (
    FINDING_PATTERNS,
    Source,
    coded_reviews,
    decoded,
    kind_is,
    read,
    review_years,
    years_of,
)
from systemsreview.errors import ModelError

__all__ = ["pattern_sectors", "recurring_findings"]

_KEYS = {"pattern": ["pattern"], "pattern_sector": ["pattern", "sector"]}


def _links(links: pa.Table, kind: str, src: str, dst: str) -> pa.Table:
    chosen = links.filter(kind_is(links.column("kind"), kind))
    return chosen.select(["review_id", "src", "dst"]).rename_columns(["review_id", src, dst])


def _ids(source: Source, name: str, as_: str) -> pa.Table:
    return read(source, name, ["review_id", "id"]).rename_columns(["review_id", as_])


def pattern_sectors(source: Source) -> pa.Table:
    """Distinct ``review_id``, ``pattern``, ``sector``: the sectors behind each finding pattern.

    Each join puts the large side (links) first and the small one second, which Arrow's hash
    join builds its table from, and the links are narrowed to the episodes findings rest on
    before they meet the events and practitioners.
    """
    links = read(source, "links", ["review_id", "src", "dst", "kind"], decode=False)
    keys = ["review_id", "src"]
    evidence = (
        _links(links, "evidenced_by", "src", "dst")
        .join(
            read(source, FINDING_PATTERNS, ["review_id", "id", "pattern"]),
            keys,
            ["review_id", "id"],
            join_type="inner",
        )
        .join(_ids(source, "episodes", "dst"), ["review_id", "dst"], join_type="left semi")
        .rename_columns(["review_id", "finding", "episode", "pattern"])
    )
    wanted = evidence.select(["review_id", "episode"]).group_by(["review_id", "episode"])
    wanted = wanted.aggregate([]).rename_columns(["review_id", "src"])
    events = (
        _links(links, "part_of", "src", "episode")
        .join(
            wanted.rename_columns(["review_id", "episode"]),
            ["review_id", "episode"],
            None,
            join_type="left semi",
        )
        .join(_ids(source, "events", "src"), keys, join_type="left semi")
    )
    # what acted in a wanted episode: the episode itself, or an event part of it
    acting = pa.concat_tables(
        [
            pa.table(
                {
                    "review_id": wanted.column(0),
                    "src": wanted.column(1),
                    "episode": wanted.column(1),
                }
            ),
            events.select(["review_id", "src", "episode"]),
        ]
    )
    actors = (
        _links(links, "involved", "src", "actor")
        .join(acting, keys, join_type="inner")
        .select(["review_id", "episode", "actor"])
    )
    agencies = read(source, "agencies", ["review_id", "id", "sector"])
    works_for = (
        _links(links, "works_for", "src", "agency")
        .join(_ids(source, "practitioners", "src"), keys, join_type="left semi")
        .join(agencies, ["review_id", "agency"], ["review_id", "id"], join_type="inner")
        .select(["review_id", "src", "sector"])
        .rename_columns(["review_id", "actor", "sector"])
    )
    sectors = pa.concat_tables(
        [agencies.rename_columns(["review_id", "actor", "sector"]), works_for]
    )
    episode_sectors = (
        actors.join(sectors, ["review_id", "actor"], join_type="inner")
        .select(["review_id", "episode", "sector"])
        .group_by(["review_id", "episode", "sector"])
        .aggregate([])
    )
    found = evidence.select(["review_id", "pattern", "episode"]).join(
        episode_sectors, ["review_id", "episode"], join_type="inner"
    )
    return found.group_by(["review_id", "pattern", "sector"]).aggregate([])


def recurring_findings(
    source: Source,
    *,
    min_reviews: int = 2,
    min_years: int = 2,
    by: str = "pattern",
    disclosure: int | Disclosure | None = None,
) -> pa.Table:
    """Patterns (or pattern by agency sector) found in at least N reviews across M years.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        min_reviews: the fewest distinct reviews a row must come from.
        min_years: the fewest distinct years of decision among those reviews.
        by: ``"pattern"`` or ``"pattern_sector"`` (see the module for the sector).
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure``: small counts
            suppressed, with the cells that would reveal them (see ``protect``).

    Returns:
        A table with columns ``pattern`` (and ``sector`` with ``"pattern_sector"``),
        ``reviews`` (int64), ``years`` (int64: distinct years of decision; undated reviews
        count as reviews but add no year), ``first_year`` and ``last_year`` (int64), the
        rows that reach both thresholds, most reviews first (ties by the keys).

    Raises:
        ModelError: for an unknown ``by`` or thresholds below 1.
    """
    if by not in _KEYS:
        msg = f"recurring_findings by {by!r}: choose one of {', '.join(map(repr, _KEYS))}"
        raise ModelError(msg)
    if min_reviews < 1 or min_years < 0:
        msg = f"min_reviews must be >= 1 and min_years >= 0, got {min_reviews} and {min_years}"
        raise ModelError(msg)
    keys = _KEYS[by]
    if by == "pattern":
        rows = read(source, FINDING_PATTERNS, ["review_id", "pattern"], decode=False)
    else:
        rows = pattern_sectors(source)
    years, _ = review_years(source)
    codes, ids = coded_reviews(rows.column("review_id"))
    coded = pa.table(
        {
            **{k: rows.column(k) for k in keys},
            "r": codes,
            "year": pc.take(years_of(ids, years), codes),
        }
    )
    distinct = coded.group_by([*keys, "r", "year"]).aggregate([])  # a review has one year
    counts = distinct.group_by(keys).aggregate(
        [("r", "count"), ("year", "count_distinct"), ("year", "min"), ("year", "max")]
    )
    result = pa.table(
        {
            **{k: decoded(counts.column(k)) for k in keys},
            "reviews": pc.cast(counts.column("r_count"), pa.int64()),
            "years": pc.cast(counts.column("year_count_distinct"), pa.int64()),
            "first_year": counts.column("year_min"),
            "last_year": counts.column("year_max"),
        }
    )
    keep = pc.and_(
        pc.greater_equal(result.column("reviews"), min_reviews),
        pc.greater_equal(result.column("years"), min_years),
    )
    result = result.filter(keep)
    result = result.sort_by([("reviews", "descending"), *((k, "ascending") for k in keys)])
    return apply(result, "recurring_findings", disclosure)
