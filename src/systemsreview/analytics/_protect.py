"""Disclosure control as an option on every analysis: which columns each one protects, and how.

Every analysis of :mod:`systemsreview.analytics` takes ``disclosure``: ``None`` (the table as
counted), a threshold (``disclosure=5``: counts from 1 to 4 suppressed), or a
:class:`Disclosure` (threshold, suppress or round, rounding base). :func:`protect` applies the
same control to a result table of the same analysis from anywhere else, such as the SQL of
:mod:`systemsreview.sql` run on DuckDB or Spark.

For each analysis :data:`SPECS` names its *counts* (protected), the columns *derived* from
them (shares, expected counts, lifts: nulled with a suppressed row, dropped when rounding)
and its *other* columns (neither counts nor keys, such as a span of years). Every remaining
column is a key. Secondary suppression then runs over each key: the rows that share the
values of all the other keys form a set whose counts add up to a margin that is published
elsewhere (a pattern's reviews of every year add up to its ``pattern_prevalence``; the
subjects of every status add up to the subjects a ``share`` reveals), so no such set is left
with exactly one suppressed row. A one-key table is one set: the whole table.

>>> import pyarrow as pa
>>> table = pa.table({"status": ["none", "cpp", "cin"], "known_to_social_care": [True] * 3,
...                   "subjects": [40, 3, 9], "total": [52] * 3,
...                   "share": [40 / 52, 3 / 52, 9 / 52]})
>>> safe = protect(table, "known_to_services", 5)
>>> safe.column("subjects").to_pylist(), safe.column("suppressed").to_pylist()
([40, None, None], [False, True, True])
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import attrs
import pyarrow as pa

from systemsreview.analytics._disclosure import DEFAULT_THRESHOLD, disclose
from systemsreview.errors import ModelError

__all__ = ["SPECS", "Disclosure", "Spec", "apply", "protect"]


@attrs.frozen
class Disclosure:
    """How to control disclosure in a published table (see ``analytics.disclose``).

    Attributes:
        threshold: a count ``n`` with ``0 < n < threshold`` is not published.
        method: ``"suppress"`` (small cells and those that would reveal them become null,
            with a ``suppressed`` column) or ``"round"`` (every count to the nearest
            ``base``; derived columns dropped).
        base: the rounding base.
        zeros_safe: publish zero counts (they identify no one).
    """

    threshold: int = DEFAULT_THRESHOLD
    method: Literal["suppress", "round"] = "suppress"
    base: int = 5
    zeros_safe: bool = True

    def __attrs_post_init__(self) -> None:
        for name in ("threshold", "base"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                msg = f"Disclosure: {name} must be a whole number of 1 or more, got {value!r}"
                raise ModelError(msg)
        if self.method not in ("suppress", "round"):
            msg = f"Disclosure: method must be 'suppress' or 'round', got {self.method!r}"
            raise ModelError(msg)


class Spec(NamedTuple):
    """The columns of one analysis's table that :func:`protect` treats as counts, derived, other."""

    counts: tuple[str, ...]
    derived: tuple[str, ...] = ("share",)
    other: tuple[str, ...] = ()


#: For each analysis (by name), the columns :func:`protect` protects; the rest are keys.
SPECS: dict[str, Spec] = {
    "pattern_prevalence": Spec(("reviews", "findings")),
    "factor_prevalence": Spec(("reviews", "factors")),
    "theme_prevalence": Spec(("reviews", "findings")),
    "cooccurrence": Spec(("reviews", "reviews_a", "reviews_b"), ("expected", "lift")),
    "recurring_findings": Spec(("reviews",), (), ("years", "first_year", "last_year")),
    "characteristic_prevalence": Spec(("cases", "total")),
    "characteristic_crosstab": Spec(("reviews", "total")),
    "known_to_services": Spec(("subjects", "total")),
    "education_status": Spec(("subjects", "total")),
    "response_rate": Spec(("findings", "responded"), ("share", "mean_days", "median_days")),
    "action_completion": Spec(
        ("actions", "planned", "in_progress", "done", "dropped", "overdue"), ("completion",)
    ),
    "recurring_after_action": Spec(("findings", "recurred", "later_reviews")),
    "factor_placement": Spec(("reviews", "factors")),
    "process_prevalence": Spec(("reviews", "events")),
    "process_gaps": Spec(("reviews", "not_recorded")),
}

#: Keys that vary together and count as one (a factor's category fixes its level).
_TOGETHER = {"level": "category"}


def _setting(disclosure: int | Disclosure) -> Disclosure:
    if isinstance(disclosure, Disclosure):
        return disclosure
    if isinstance(disclosure, bool) or not isinstance(disclosure, int):
        msg = (
            f"disclosure must be a threshold (a whole number such as 5), a Disclosure or None, "
            f"got {disclosure!r}"
        )
        raise ModelError(msg)
    return Disclosure(threshold=disclosure)


def protect(
    table: pa.Table, analysis: str, disclosure: int | Disclosure = DEFAULT_THRESHOLD
) -> pa.Table:
    """``table``, a result of ``analysis``, with small counts and what reveals them controlled.

    Args:
        table: the analysis's table, from :mod:`systemsreview.analytics` or from its SQL
            (``con.sql(text).to_arrow_table()`` on DuckDB; ``spark.sql(text).toArrow()``
            on Spark), in any row order.
        analysis: the analysis's name, a key of :data:`SPECS` (a ``trend`` table takes the
            name of the analysis it splits by year).
        disclosure: a threshold, or a :class:`Disclosure`.

    Returns:
        As :func:`~systemsreview.analytics.disclose` returns: the same rows in the same order,
        with a last column ``suppressed``, or rounded counts and no derived columns. Which
        rows are suppressed depends on the rows' values, not their order.

    Raises:
        ModelError: an unknown analysis, a bad ``disclosure``, or a table without the
            analysis's columns.
    """
    if analysis not in SPECS:
        msg = f"protect: no analysis {analysis!r}; choose one of {', '.join(map(repr, SPECS))}"
        raise ModelError(msg)
    setting = _setting(disclosure)
    spec = SPECS[analysis]
    missing = [c for c in (*spec.counts, *spec.derived) if c not in table.column_names]
    if missing:
        msg = f"protect: a {analysis} table has columns {', '.join(spec.counts + spec.derived)}"
        raise ModelError(f"{msg}; this one lacks {', '.join(missing)}")
    skip = {*spec.counts, *spec.derived, *spec.other, "suppressed"}
    keys = [c for c in table.column_names if c not in skip]
    dims = [[k, _TOGETHER[k]] if _TOGETHER.get(k) in keys else [k] for k in keys]
    dims = [d for d in dims if not any(d[0] == _TOGETHER.get(k) for k in keys)]
    groups = [[c for other in dims if other is not d for c in other] for d in dims] or [[]]
    # Sorted by key first, so that ties in secondary suppression fall the same way whatever
    # order the rows came in (Arrow and SQL agree), then put back in the table's order.
    position = pa.array(range(table.num_rows), pa.int64())
    ordered = table.append_column("__row", position)
    if keys:
        ordered = ordered.sort_by([(k, "ascending") for k in keys])
    out = disclose(
        ordered,
        counts=list(spec.counts),
        derived=list(spec.derived),
        threshold=setting.threshold,
        groups=groups,
        method=setting.method,
        base=setting.base,
        zeros_safe=setting.zeros_safe,
    )
    return out.sort_by("__row").drop_columns(["__row"])


def apply(table: pa.Table, analysis: str, disclosure: int | Disclosure | None) -> pa.Table:
    """``table`` as it is when ``disclosure`` is ``None``, else :func:`protect` ed."""
    if disclosure is None:
        return table
    return protect(table, analysis, disclosure)
