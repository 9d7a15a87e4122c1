"""SQL texts of the statutory-process analyses (:mod:`systemsreview.analytics._processes`).

Private: :mod:`systemsreview.sql` publishes them with the dataset folder and filters. The
texts keep to the dialect of :mod:`systemsreview.sql`. A registered sub-process is matched by
its prefix with ``substr`` (``LIKE`` would read the codes' underscores as wildcards).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from systemsreview.analytics._processes import PROCESS_BY, checked_expected, checked_kinds
from systemsreview.errors import ModelError

__all__ = ["process_gaps", "process_prevalence"]

Table = Callable[[str], str]


def _group(name: str, by: str | None) -> list[str]:
    if by not in PROCESS_BY:
        msg = f"{name} by {by!r}: choose one of {', '.join(map(repr, PROCESS_BY))}"
        raise ModelError(msg)
    return [] if by is None else [by]


def _units(t: Table, group: list[str], kinds: list[str] | None) -> str:
    """CTE ``u``: the reviews of ``r`` with their year and kind (dated only, by year)."""
    conditions = ["r.year IS NOT NULL"] if "year" in group else []
    if kinds is not None:
        listed = ", ".join(f"'{k}'" for k in kinds)  # review kind values: no quotes in them
        conditions.append(f"v.kind IN ({listed})" if kinds else "FALSE")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"""u AS (
  SELECT r.review_id, r.year, v.kind FROM r
  JOIN {t("reviews")} v ON v.review_id = r.review_id{where}
)"""


def _totals(group: list[str]) -> str:
    """CTE ``n``: the reviews of ``u`` per group (one row when ungrouped)."""
    if not group:
        return "n AS (SELECT COUNT(*) AS total FROM u)"
    g = ", ".join(group)
    return f"n AS (SELECT {g}, COUNT(*) AS total FROM u GROUP BY {g})"


def process_prevalence(t: Table, reviews: str, by: str | None) -> str:
    """SQL for ``process_prevalence``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    group = _group("process_prevalence", by)
    keys = [*group, "process"]
    picked = ", ".join([*(f"u.{g}" for g in group), "ev.process", "ev.review_id"])
    on = " AND ".join(f"n.{g} = c.{g}" for g in group)
    return f"""{reviews},
{_units(t, group, None)},
{_totals(group)},
e AS (
  SELECT {picked} FROM {t("events")} ev
  JOIN u ON u.review_id = ev.review_id WHERE ev.process IS NOT NULL
),
c AS (
  SELECT {", ".join(keys)}, COUNT(DISTINCT review_id) AS reviews, COUNT(*) AS events
  FROM e GROUP BY {", ".join(keys)}
)
SELECT {", ".join(f"c.{k}" for k in keys)}, c.reviews, c.events,
  CAST(c.reviews AS DOUBLE) / n.total AS share
FROM c {f"JOIN n ON {on}" if group else "CROSS JOIN n"}
ORDER BY {", ".join([*group, "reviews DESC", "process"])}
"""


def process_gaps(
    t: Table,
    reviews: str,
    by: str | None,
    expected: Iterable[str],
    kinds: Iterable[str] | None,
) -> str:
    """SQL for ``process_gaps``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    group = _group("process_gaps", by)
    codes = checked_expected(expected)  # registered codes: no quotes in them
    chosen = checked_kinds(kinds)
    listed = "\n  UNION ALL ".join(
        f"SELECT {i} AS ord, '{code}' AS process" for i, code in enumerate(codes)
    )
    g = "".join(f"u.{k}, " for k in group)
    by_m = "".join(f" AND m.{k} = n.{k}" for k in group)
    return f"""{reviews},
{_units(t, group, chosen)},
{_totals(group)},
x AS (
  {listed}
),
rec AS (
  SELECT DISTINCT ev.review_id, x.process FROM {t("events")} ev
  JOIN u ON u.review_id = ev.review_id
  JOIN x ON ev.process = x.process
    OR substr(ev.process, 1, length(x.process) + 1) = concat(x.process, '.')
),
m AS (
  SELECT {g}x.process, COUNT(*) AS missing FROM u CROSS JOIN x
  LEFT JOIN rec ON rec.review_id = u.review_id AND rec.process = x.process
  WHERE rec.review_id IS NULL
  GROUP BY {g}x.process
)
SELECT {"".join(f"n.{k}, " for k in group)}x.process, n.total AS reviews,
  COALESCE(m.missing, 0) AS not_recorded,
  CASE WHEN n.total = 0 THEN NULL
    ELSE CAST(COALESCE(m.missing, 0) AS DOUBLE) / n.total END AS share
FROM n CROSS JOIN x
LEFT JOIN m ON m.process = x.process{by_m}
ORDER BY {"".join(f"n.{k}, " for k in group)}x.ord
"""
