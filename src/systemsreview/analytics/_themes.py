"""How widespread the national practice themes are across a corpus, through the crosswalk.

A finding speaks to the themes its patterns map to (:data:`~systemsreview.model.PATTERN_THEMES`),
each theme once however many of its patterns map to it;
the crosswalk is joined to the findings' ``pattern`` column as a small Arrow table, so no
Python object is built per finding.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._prevalence import order, with_share
from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import FINDING_PATTERNS, Source, read, review_count
from systemsreview.model import PATTERN_THEMES

__all__ = ["crosswalk_table", "theme_prevalence"]


def crosswalk_table() -> pa.Table:
    """The pattern -> theme crosswalk as a table: ``pattern``, ``theme`` (strings)."""
    pairs = [(p.value, t) for p, themes in PATTERN_THEMES.items() for t in themes]
    return pa.table(
        {"pattern": [p for p, _ in pairs], "theme": [t for _, t in pairs]},
    )


def theme_prevalence(source: Source, *, disclosure: int | Disclosure | None = None) -> pa.Table:
    """Per national practice theme, how many reviews have a finding that speaks to it.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure``: small counts
            suppressed, with the cells that would reveal them (see ``protect``).

    Returns:
        A table with columns ``theme`` (string), ``reviews`` (int64: reviews with at least
        one finding whose pattern maps to the theme), ``findings`` (int64: such findings)
        and ``share`` (float64: ``reviews`` over all reviews of the corpus), most
        widespread first (ties by theme). Themes no finding speaks to are left out.
    """
    findings = read(source, FINDING_PATTERNS, ["review_id", "id", "pattern"])
    joined = findings.join(crosswalk_table(), "pattern", join_type="inner")
    # A finding speaks to a theme once, however many of its patterns map to it.
    distinct = joined.group_by(["theme", "review_id", "id"]).aggregate([])
    pairs = distinct.group_by(["theme", "review_id"]).aggregate([("id", "count")])
    counts = pairs.group_by("theme").aggregate([("review_id", "count"), ("id_count", "sum")])
    table = pa.table(
        {
            "theme": counts.column("theme"),
            "reviews": pc.cast(counts.column("review_id_count"), pa.int64()),
            "findings": pc.cast(counts.column("id_count_sum"), pa.int64()),
        }
    )
    shared = with_share(table, pa.table({}), review_count(source), by_year=False)
    return apply(order(shared, ["theme"], by_year=False), "theme_prevalence", disclosure)
