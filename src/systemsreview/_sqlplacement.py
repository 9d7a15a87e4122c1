"""SQL text of :func:`systemsreview.analytics.factor_placement` (where factors sit).

Private: :mod:`systemsreview.sql` publishes it with the dataset folder and filters, in the
dialect of that module (nulls placed last explicitly: Spark sorts them first by default).
"""

from __future__ import annotations

from collections.abc import Callable

from systemsreview.analytics._placement import placement_keys

__all__ = ["factor_placement"]

Table = Callable[[str], str]


def factor_placement(t: Table, reviews: str, by: str) -> str:
    """SQL for ``factor_placement``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    keys = placement_keys(by)
    group = ", ".join(keys)
    return f"""{reviews},
n AS (SELECT COUNT(*) AS total FROM r),
si AS (
  SELECT DISTINCT l.review_id, l.src AS factor, g.sector FROM {t("links")} l
  JOIN {t("agencies")} g ON g.review_id = l.review_id AND g.id = l.dst
  WHERE l.kind = 'sits_in'
),
k AS (
  SELECT f.review_id, f.id AS factor, f.level, f.category, si.sector
  FROM {t("factors")} f JOIN r ON r.review_id = f.review_id
  LEFT JOIN si ON si.review_id = f.review_id AND si.factor = f.id
),
c AS (
  SELECT {group}, COUNT(DISTINCT review_id) AS reviews, COUNT(*) AS factors
  FROM k GROUP BY {group}
)
SELECT {", ".join(f"c.{k}" for k in keys)}, c.reviews, c.factors,
  CAST(c.reviews AS DOUBLE) / n.total AS share
FROM c CROSS JOIN n
ORDER BY {", ".join(f"{k} ASC NULLS LAST" for k in keys)}
"""
