"""SQL texts of the learning-loop analyses (:mod:`systemsreview.analytics._loop`).

Private: :mod:`systemsreview.sql` publishes them with the dataset folder and filters. The
texts keep to the dialect of :mod:`systemsreview.sql`, plus ``unix_date(date)`` (days since
1970-01-01: Spark's own function; :func:`~systemsreview.sql.duckdb_views` defines it as a
DuckDB macro) and ``median`` (both engines': the mean of the middle two of an even count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from systemsreview.analytics._actions import ACTION_BY
from systemsreview.analytics._loop import RESPONSE_BY
from systemsreview.errors import ModelError

__all__ = ["action_completion", "recurring_after_action", "response_rate"]

Table = Callable[[str], str]


def _choice(name: str, by: str | None, choices: tuple[str | None, ...]) -> None:
    if by not in choices:
        msg = f"{name} by {by!r}: choose one of {', '.join(map(repr, choices))}"
        raise ModelError(msg)


def _published(t: Table) -> str:
    """CTE ``p``: the published reviews of ``r`` and their publication day."""
    return f"""p AS (
  SELECT v.review_id, v.published FROM {t("reviews")} v
  JOIN r ON r.review_id = v.review_id WHERE v.published IS NOT NULL
)"""


def _rests_on(t: Table) -> str:
    """CTE ``ro``: (review_id, target, finding) for each recommendation resting on a finding."""
    return f"""ro AS (
  SELECT l.review_id, l.src AS target, l.dst AS finding FROM {t("links")} l
  JOIN {t("recommendations")} c ON c.review_id = l.review_id AND c.id = l.src
  JOIN {t("findings")} f ON f.review_id = l.review_id AND f.id = l.dst
  WHERE l.kind = 'rests_on'
)"""


def _onto_findings(t: Table, name: str, pairs: str, what: str) -> str:
    """CTE ``name``: distinct (review_id, ``what``, finding) from ``pairs``' targets."""
    return f"""{name} AS (
  SELECT DISTINCT x.review_id, x.{what}, x.finding FROM (
    SELECT q.review_id, q.{what}, f.id AS finding FROM {pairs} q
    JOIN {t("findings")} f ON f.review_id = q.review_id AND f.id = q.target
    UNION ALL
    SELECT q.review_id, q.{what}, ro.finding FROM {pairs} q
    JOIN ro ON ro.review_id = q.review_id AND ro.target = q.target
  ) x
)"""


def response_rate(t: Table, reviews: str, by: str | None) -> str:
    """SQL for ``response_rate``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    _choice("response_rate", by, RESPONSE_BY)
    year = "year, " if by else ""
    tail = "GROUP BY year\nORDER BY year" if by else ""
    return f"""{reviews},
{_published(t)},
{_rests_on(t)},
rt AS (
  SELECT l.review_id, l.src AS response, l.dst AS target FROM {t("links")} l
  JOIN {t("responses")} s ON s.review_id = l.review_id AND s.id = l.src
  WHERE l.kind = 'responds_to'
),
{_onto_findings(t, "rf", "rt", "response")},
fr AS (
  SELECT rf.review_id, rf.finding, MIN(s.`when`) AS answered_on FROM rf
  JOIN {t("responses")} s ON s.review_id = rf.review_id AND s.id = rf.response
  GROUP BY rf.review_id, rf.finding
),
k AS (
  SELECT CAST(year(p.published) AS BIGINT) AS year, fr.answered_on,
    unix_date(fr.answered_on) - unix_date(p.published) AS days
  FROM {t("findings")} f JOIN p ON p.review_id = f.review_id
  LEFT JOIN fr ON fr.review_id = f.review_id AND fr.finding = f.id
)
SELECT {year}COUNT(*) AS findings, COUNT(answered_on) AS responded,
  CAST(COUNT(answered_on) AS DOUBLE) / NULLIF(COUNT(*), 0) AS share,
  CAST(AVG(days) AS DOUBLE) AS mean_days, CAST(median(days) AS DOUBLE) AS median_days
FROM k
{tail}
"""


def _judged(t: Table, as_of: dt.date | None) -> tuple[str, str, str]:
    """A CTE of the day each review is judged at (or none), its join, and the day's name."""
    if as_of is not None:
        return "", "", f"DATE '{as_of.isoformat()}'"
    cte = f"""j AS (
  SELECT review_id, MAX(d) AS judged FROM (
    SELECT review_id, `when` AS d FROM {t("responses")}
    UNION ALL SELECT review_id, agreed AS d FROM {t("actions")}
    UNION ALL SELECT review_id, completed AS d FROM {t("actions")}
  ) x GROUP BY review_id
),
"""
    return cte, "\n  LEFT JOIN j ON j.review_id = a.review_id", "j.judged"


def _action_keys(t: Table, by: str) -> str:
    """CTEs ending in ``kx``: the year, sectors or patterns of each action."""
    if by == "year":
        return """kx AS (
  SELECT review_id, CAST(year(published) AS BIGINT) AS year FROM p
)"""
    if by == "sector":
        return f"""kx AS (
  SELECT DISTINCT l.review_id, l.src AS action, g.sector FROM {t("links")} l
  JOIN {t("actions")} a ON a.review_id = l.review_id AND a.id = l.src
  JOIN {t("agencies")} g ON g.review_id = l.review_id AND g.id = l.dst
  WHERE l.kind = 'owned_by'
)"""
    return f"""{_rests_on(t)},
ad AS (
  SELECT l.review_id, l.src AS action, l.dst AS target FROM {t("links")} l
  JOIN {t("actions")} a ON a.review_id = l.review_id AND a.id = l.src
  WHERE l.kind = 'addresses'
),
{_onto_findings(t, "af", "ad", "action")},
kx AS (
  SELECT DISTINCT af.review_id, af.action, f.pattern FROM af
  JOIN {t("finding_patterns")} f ON f.review_id = af.review_id AND f.id = af.finding
)"""


def action_completion(t: Table, reviews: str, by: str | None, as_of: dt.date | None) -> str:
    """SQL for ``action_completion``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    _choice("action_completion", by, ACTION_BY)
    judged, join, day = _judged(t, as_of)
    counts = ",\n  ".join(
        f"COUNT(CASE WHEN status = '{s}' THEN 1 END) AS {s}"
        for s in ("planned", "in_progress", "done", "dropped")
    )
    keys = "" if by is None else f",\n{_action_keys(t, by)}"
    if by is None:
        rows, group = "s", ""
    elif by == "year":
        rows = "s JOIN kx ON kx.review_id = s.review_id"
        group = "GROUP BY kx.year\nORDER BY year"
    else:
        rows = "s LEFT JOIN kx ON kx.review_id = s.review_id AND kx.action = s.action"
        group = f"GROUP BY kx.{by}\nORDER BY {by} ASC NULLS LAST"
    key = "" if by is None else f"kx.{by} AS {by}, "
    return f"""{reviews},
{_published(t)},
{judged}s AS (
  SELECT a.review_id, a.id AS action, a.status,
    CASE WHEN a.status IN ('planned', 'in_progress') AND a.due < {day} THEN 1 END AS late
  FROM {t("actions")} a JOIN r ON r.review_id = a.review_id{join}
){keys}
SELECT {key}COUNT(*) AS actions,
  {counts},
  COUNT(late) AS overdue,
  CAST(COUNT(CASE WHEN status = 'done' THEN 1 END) AS DOUBLE) / NULLIF(COUNT(*), 0)
    AS completion
FROM {rows}
{group}
"""


def recurring_after_action(t: Table, reviews: str) -> str:
    """SQL for ``recurring_after_action``; ``reviews`` is the ``r`` CTE (``WITH r AS``)."""
    return f"""{reviews},
{_published(t)},
{_rests_on(t)},
dn AS (
  SELECT l.review_id, l.src AS action, l.dst AS target FROM {t("links")} l
  JOIN {t("actions")} a ON a.review_id = l.review_id AND a.id = l.src
  WHERE l.kind = 'addresses' AND a.status = 'done'
),
{_onto_findings(t, "ad", "dn", "action")},
pf AS (
  SELECT f.review_id, f.id AS finding, f.pattern, p.published FROM {t("finding_patterns")} f
  JOIN p ON p.review_id = f.review_id
),
rv AS (SELECT DISTINCT review_id, pattern, published FROM pf),
lt AS (SELECT pattern, MAX(published) AS latest FROM rv GROUP BY pattern),
af AS (
  SELECT DISTINCT pf.review_id, pf.finding, pf.pattern, pf.published,
    CASE WHEN pf.published < lt.latest THEN 1 END AS again
  FROM pf JOIN ad ON ad.review_id = pf.review_id AND ad.finding = pf.finding
  JOIN lt ON lt.pattern = pf.pattern
),
c AS (
  SELECT pattern, COUNT(*) AS findings, COUNT(again) AS recurred, MIN(published) AS earliest
  FROM af GROUP BY pattern
),
lr AS (
  SELECT c.pattern, COUNT(DISTINCT rv.review_id) AS later FROM c
  JOIN rv ON rv.pattern = c.pattern AND rv.published > c.earliest
  GROUP BY c.pattern
)
SELECT c.pattern, c.findings, c.recurred, CAST(c.recurred AS DOUBLE) / c.findings AS share,
  COALESCE(lr.later, 0) AS later_reviews
FROM c LEFT JOIN lr ON lr.pattern = c.pattern
ORDER BY recurred DESC, pattern
"""
