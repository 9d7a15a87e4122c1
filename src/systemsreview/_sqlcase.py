"""SQL texts of the case analyses (:mod:`systemsreview.analytics._characteristics`).

Private: :mod:`systemsreview.sql` publishes them with the dataset folder and filters. The
texts keep to the dialect of :mod:`systemsreview.sql`, plus ``explode(list)`` for the
characteristics (Spark's generator; :func:`~systemsreview.sql.duckdb_views` defines it as
a DuckDB macro over ``unnest``).
"""

from __future__ import annotations

from collections.abc import Callable

from systemsreview.analytics._characteristics import BY
from systemsreview.analytics._subjects import SUBJECT_BY
from systemsreview.errors import ModelError

__all__ = [
    "characteristic_crosstab",
    "characteristic_prevalence",
    "education_status",
    "known_to_services",
]

Table = Callable[[str], str]


def _codes(t: Table, name: str, holders: tuple[str, ...]) -> str:
    """A CTE ``name`` of (review_id, characteristic) pairs of the reviews in ``r``."""
    union = "\n    UNION ALL\n    ".join(
        f"SELECT review_id, explode(characteristics) AS characteristic FROM {t(h)}" for h in holders
    )
    return f"""{name} AS (
  SELECT DISTINCT x.review_id, x.characteristic FROM (
    {union}
  ) x JOIN r ON r.review_id = x.review_id
)"""


def characteristic_prevalence(t: Table, reviews: str, by: str | None) -> str:
    """SQL for ``characteristic_prevalence``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    if by not in BY:
        msg = f"characteristic_prevalence by {by!r}: choose one of {', '.join(map(repr, BY))}"
        raise ModelError(msg)
    g = [] if by is None else [by]
    keys = "".join(f"{k}, " for k in g)
    on = f"JOIN n ON n.{by} = c.{by}" if by else "CROSS JOIN n"
    order = ", ".join([*(f"c.{k}" for k in g), "c.cases DESC", "c.characteristic"])
    select = "".join(f"c.{k}, " for k in g)
    if BY[by] == "reviews":
        column = {None: "", "incident": ", v.incident AS incident", "year": ", r.year AS year"}
        dated = " WHERE r.year IS NOT NULL" if by == "year" else ""
        body = f"""{_codes(t, "rc", ("reviews", "subjects", "family"))},
u AS (
  SELECT r.review_id{column[by]} FROM r
  JOIN {t("reviews")} v ON v.review_id = r.review_id{dated}
),
c AS (
  SELECT {"".join(f"u.{k}, " for k in g)}rc.characteristic, COUNT(*) AS cases
  FROM rc JOIN u ON u.review_id = rc.review_id
  GROUP BY {"".join(f"u.{k}, " for k in g)}rc.characteristic
),
n AS (SELECT {keys}COUNT(*) AS total FROM u{f" GROUP BY {by}" if by else ""})"""
    else:
        body = f"""{_codes(t, "rf", ("reviews", "family"))},
s AS (
  SELECT s.review_id, s.id, s.{by} AS {by}, s.characteristics FROM {t("subjects")} s
  JOIN r ON r.review_id = s.review_id
),
sc AS (
  SELECT DISTINCT x.review_id, x.id, x.{by}, x.characteristic FROM (
    SELECT review_id, id, {by}, explode(characteristics) AS characteristic FROM s
    UNION ALL
    SELECT s.review_id, s.id, s.{by}, rf.characteristic FROM s
    JOIN rf ON rf.review_id = s.review_id
  ) x
),
c AS (SELECT {by}, characteristic, COUNT(*) AS cases FROM sc GROUP BY {by}, characteristic),
n AS (SELECT {by}, COUNT(*) AS total FROM s GROUP BY {by})"""
    return f"""{reviews},
{body}
SELECT {select}c.characteristic, c.cases, n.total,
  CAST(c.cases AS DOUBLE) / n.total AS share
FROM c {on}
ORDER BY {order}
"""


def _breakdown(t: Table, reviews: str, name: str, columns: list[str], by: str | None) -> str:
    """SQL for a subject breakdown of :mod:`systemsreview.analytics._subjects`."""
    if by not in SUBJECT_BY:
        msg = f"{name} by {by!r}: choose one of {', '.join(map(repr, SUBJECT_BY))}"
        raise ModelError(msg)
    g = [] if by is None else [by]
    source = {
        None: "",
        "age_band": ", s.age_band AS age_band",
        "incident": ", v.incident AS incident",
        "year": ", r.year AS year",
    }[by]
    join = f"\n  JOIN {t('reviews')} v ON v.review_id = s.review_id" if by == "incident" else ""
    dated = "\n  WHERE r.year IS NOT NULL" if by == "year" else ""
    keys = [*g, *columns]
    picked = ", ".join(f"s.{c}" for c in columns)
    on = f"JOIN n ON n.{by} = c.{by}" if by else "CROSS JOIN n"
    per = f" GROUP BY {by}" if by else ""
    return f"""{reviews},
s AS (
  SELECT {picked}{source} FROM {t("subjects")} s
  JOIN r ON r.review_id = s.review_id{join}{dated}
),
c AS (SELECT {", ".join(keys)}, COUNT(*) AS subjects FROM s GROUP BY {", ".join(keys)}),
n AS (SELECT {"".join(f"{k}, " for k in g)}COUNT(*) AS total FROM s{per})
SELECT {", ".join(f"c.{k}" for k in keys)}, c.subjects, n.total,
  CAST(c.subjects AS DOUBLE) / n.total AS share
FROM c {on}
ORDER BY {", ".join(f"c.{k}" for k in keys)}
"""


def known_to_services(t: Table, reviews: str, by: str | None) -> str:
    """SQL for ``known_to_services``."""
    columns = ["status", "known_to_social_care"]
    return _breakdown(t, reviews, "known_to_services", columns, by)


def education_status(t: Table, reviews: str, by: str | None) -> str:
    """SQL for ``education_status``."""
    return _breakdown(t, reviews, "education_status", ["education"], by)


#: ``finding_patterns``: the findings one row per finding and pattern (``sql._source``).
_CROSS = {"pattern": ("finding_patterns", "pattern"), "category": ("factors", "category")}


def characteristic_crosstab(t: Table, reviews: str, by: str) -> str:
    """SQL for ``characteristic_crosstab``."""
    if by not in _CROSS:
        msg = f"characteristic_crosstab by {by!r}: choose one of {', '.join(map(repr, _CROSS))}"
        raise ModelError(msg)
    name, col = _CROSS[by]
    return f"""{reviews},
{_codes(t, "rc", ("reviews", "subjects", "family"))},
i AS (
  SELECT DISTINCT x.review_id, x.{col} FROM {t(name)} x JOIN r ON r.review_id = x.review_id
),
c AS (
  SELECT rc.characteristic, i.{col}, COUNT(*) AS reviews FROM rc
  JOIN i ON i.review_id = rc.review_id GROUP BY rc.characteristic, i.{col}
),
n AS (SELECT characteristic, COUNT(*) AS total FROM rc GROUP BY characteristic)
SELECT c.characteristic, c.{col}, c.reviews, n.total,
  CAST(c.reviews AS DOUBLE) / n.total AS share
FROM c JOIN n ON n.characteristic = c.characteristic
ORDER BY c.characteristic, c.reviews DESC, c.{col}
"""
