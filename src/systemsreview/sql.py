"""Every corpus analysis as SQL text that runs unchanged on Spark SQL and on DuckDB.

A corpus too large for one machine is analysed where it lies, by Spark; a corpus on a laptop
by DuckDB. Both read the dataset folders, and both accept one dialect: tables are named as
Spark names files, ``parquet.`<folder>/<table>```, and the text keeps to SQL both engines
share (``WITH``, joins, ``COUNT(DISTINCT ...)``, ``year()``, ``CAST(... AS DOUBLE)``,
backquoted names, string literals built with ``concat`` and ``chr`` where they hold a quote).

- **Spark** reads ``parquet.`/path/corpus/findings``` natively: ``spark.sql(text)``.
- **DuckDB** reads it once :func:`duckdb_views` has created, in a schema named ``parquet``,
  one view per table named by its folder over its committed files:
  ``duckdb_views(con, path); con.sql(text)``.

Each function takes the dataset folder and the same filters as ``Corpus.where`` (``review_id``,
``kind``, ``method``, ``year`` of decision, ``commissioner``, and a finding's ``pattern``, a
factor's ``category`` or ``level``, an agency's ``sector``; each a value or a collection of
values, checked as ``Corpus.where`` checks them, with the same meaning) and returns the
text of a query whose columns, rows and order are those of the :mod:`systemsreview.analytics`
function of the same name.

>>> text = pattern_prevalence("/data/corpus", year=2020)
>>> "explode(other_patterns)" in text, "WHERE year(decided) IN (2020)" in text
(True, True)
>>> "FROM parquet.`/data/corpus/agencies` WHERE sector IN ('police')" in trend(
...     "/data/corpus", sector="police")
True

The engines read the part files as they lie, so a dataset holding parts of an older
format (not yet rewritten by :func:`systemsreview.io.parquet.compact`) is refused with
:class:`~systemsreview.errors.FormatVersionError`, which names those parts and what to do;
the Arrow analyses of :mod:`systemsreview.analytics` migrate them on reading. A folder
written by other tools (no manifest) is read as it lies.

A filtered ``Corpus`` has its selection in ``review_ids``: pass ``review_id=corpus.review_ids``
to run a query over exactly those reviews, however they were chosen.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from systemsreview import _sqlcase, _sqlloop, _sqlplacement, _sqlprocesses
from systemsreview._corpus_filters import FILTERS, values
from systemsreview._sqlformat import require_current
from systemsreview.analytics._loop import as_of_date
from systemsreview.analytics._processes import CHILD_REVIEW_KINDS
from systemsreview.errors import ModelError
from systemsreview.io import _schema, parquet
from systemsreview.io._paths import MANIFEST, part_files
from systemsreview.io._schema import INTRODUCED, SPECS
from systemsreview.model import PATTERN_THEMES
from systemsreview.query import CHILD_PROTECTION

__all__ = [
    "TABLES",
    "action_completion",
    "characteristic_crosstab",
    "characteristic_prevalence",
    "cooccurrence",
    "duckdb_views",
    "education_status",
    "factor_placement",
    "factor_prevalence",
    "finding_patterns",
    "known_to_services",
    "pattern_prevalence",
    "process_gaps",
    "process_prevalence",
    "recurring_after_action",
    "recurring_findings",
    "response_rate",
    "table",
    "theme_prevalence",
    "trend",
]

#: The tables of a dataset folder (those of the dataset format, in its order).
TABLES: tuple[str, ...] = _schema.TABLES

Filter = str | int | Iterable[str | int] | None
_FINDING_PATTERNS = "finding_patterns"  # not a table: the findings' patterns, one row each


def _folder(path: str | os.PathLike[str]) -> str:
    folder = Path(path).absolute().as_posix()
    if "`" in folder:
        msg = f"dataset folder {folder!r}: a backquote cannot appear in a SQL table name"
        raise ModelError(msg)
    return folder


def _dataset(path: str | os.PathLike[str]) -> str:
    """The folder of ``path``, refused if it holds parts of an older format.

    Raises:
        FormatVersionError: a committed part is of an older major format (compact first).
        ModelError: the folder's name cannot appear in a SQL table name.
    """
    folder = _folder(path)
    require_current(Path(folder))
    return folder


def _table(folder: str, name: str) -> str:
    return f"parquet.`{folder}/{name}`"


def table(path: str | os.PathLike[str], name: str) -> str:
    """The SQL name of a dataset table: ``parquet.`<folder>/<name>```.

    Like every function here, it refuses a dataset holding parts of an older format
    (:class:`~systemsreview.errors.FormatVersionError`): engines read them as they lie.

    >>> table("/data/corpus", "links")
    'parquet.`/data/corpus/links`'
    """
    return _table(_dataset(path), name)


def finding_patterns(path: str | os.PathLike[str]) -> str:
    """A subquery of the findings one row per finding and pattern: review_id, id, pattern.

    A finding counts under its ``pattern`` and each of its ``other_patterns`` (``explode``,
    Spark's; :func:`duckdb_views` defines it for DuckDB).

    >>> print(finding_patterns("/data/corpus"))  # doctest: +NORMALIZE_WHITESPACE
    (SELECT review_id, id, pattern FROM parquet.`/data/corpus/findings`
      UNION ALL SELECT review_id, id, explode(other_patterns) AS pattern
      FROM parquet.`/data/corpus/findings`)
    """
    return _finding_patterns(_dataset(path))


def _finding_patterns(folder: str) -> str:
    findings = _table(folder, "findings")
    return (
        f"(SELECT review_id, id, pattern FROM {findings}\n"
        "  UNION ALL SELECT review_id, id, explode(other_patterns) AS pattern\n"
        f"  FROM {findings})"
    )


def _source(path: str, name: str) -> str:
    """What to select table ``name`` from: a table, or the findings' patterns subquery."""
    return _finding_patterns(path) if name == _FINDING_PATTERNS else _table(path, name)


def literal(value: str | int) -> str:
    """A SQL literal both engines read alike (quotes and backslashes go through ``chr``).

    >>> literal("Children's Board")
    "concat('Children', chr(39), 's Board')"
    """
    if isinstance(value, int):
        return str(value)
    if "'" not in value and "\\" not in value:
        return f"'{value}'"
    parts: list[str] = []
    chunk = ""
    for char in value:
        if char in "'\\":
            parts += [f"'{chunk}'"] if chunk else []
            parts.append(f"chr({ord(char)})")
            chunk = ""
        else:
            chunk += char
    parts += [f"'{chunk}'"] if chunk else []
    return f"concat({', '.join(parts)})"


def _condition(path: str, name: str, value: Filter) -> str:
    spec = FILTERS[name]
    items = values(name, value)
    if not items:
        return "FALSE"
    listed = ", ".join(literal(v) for v in items)  # type: ignore[arg-type]  # str or int
    column = "year(decided)" if name == "year" else spec.column
    if name == "method":  # a list column: one of its items must be given (both engines)
        return "(" + " OR ".join(f"array_contains({column}, {literal(v)})" for v in items) + ")"  # type: ignore[arg-type]
    if spec.table == "reviews":
        return f"{column} IN ({listed})"
    source = _table(path, spec.table)
    if name == "pattern":  # any of a finding's patterns (a subquery needs an alias in Spark)
        source = f"{_finding_patterns(path)} t"
    rows = f"SELECT review_id FROM {source} WHERE {column} IN ({listed})"
    return f"review_id IN ({rows})"


def _reviews(path: str, filters: dict[str, Filter]) -> str:
    unknown = set(filters) - set(FILTERS)
    if unknown:
        msg = f"unknown filter(s) {sorted(unknown)}: filter on {', '.join(FILTERS)}"
        raise ModelError(msg)
    conditions = [_condition(path, k, v) for k, v in filters.items() if v is not None]
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return (
        "WITH r AS (\n"
        "  SELECT review_id, CAST(year(decided) AS BIGINT) AS year "
        f"FROM {_table(path, 'reviews')}{where}\n)"
    )


def _totals(by_year: bool) -> str:
    if by_year:
        return "n AS (SELECT year, COUNT(*) AS total FROM r WHERE year IS NOT NULL GROUP BY year)"
    return "n AS (SELECT COUNT(*) AS total FROM r)"


def _prevalence(path: str, name: str, keys: list[str], rows: str, by_year: bool, **f: Any) -> str:
    group = ["year", *keys] if by_year else keys
    picked = ", ".join([*(f"t.{k}" for k in keys), "t.review_id", "r.year"])
    dated = " WHERE r.year IS NOT NULL" if by_year else ""
    on = " ON n.year = c.year" if by_year else ""
    order = ["year"] if by_year else []
    return f"""{_reviews(path, f)},
{_totals(by_year)},
t AS (
  SELECT {picked} FROM {_source(path, name)} t JOIN r ON t.review_id = r.review_id{dated}
),
c AS (
  SELECT {", ".join(group)}, COUNT(DISTINCT review_id) AS reviews, COUNT(*) AS {rows}
  FROM t GROUP BY {", ".join(group)}
)
SELECT {", ".join(f"c.{k}" for k in group)}, c.reviews, c.{rows},
  CAST(c.reviews AS DOUBLE) / n.total AS share
FROM c {"JOIN" if by_year else "CROSS JOIN"} n{on}
ORDER BY {", ".join([*order, "reviews DESC", *keys])}
"""


def pattern_prevalence(path: str | os.PathLike[str], **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.pattern_prevalence` over the folder ``path``."""
    folder = _dataset(path)
    return _prevalence(folder, _FINDING_PATTERNS, ["pattern"], "findings", False, **filters)


def factor_prevalence(path: str | os.PathLike[str], **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.factor_prevalence` over the folder ``path``."""
    keys = ["level", "category"]
    return _prevalence(_dataset(path), "factors", keys, "factors", False, **filters)


def theme_prevalence(path: str | os.PathLike[str], **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.theme_prevalence` over the folder ``path``.

    The pattern -> theme crosswalk is inlined as a ``UNION ALL`` of literal rows.
    """
    folder = _dataset(path)
    rows = "\n  UNION ALL ".join(
        f"SELECT {literal(p.value)} AS pattern, {literal(t)} AS theme"
        for p, themes in PATTERN_THEMES.items()
        for t in themes
    )
    return f"""{_reviews(folder, filters)},
{_totals(False)},
x AS (
  {rows}
),
t AS (
  SELECT DISTINCT x.theme, f.review_id, f.id FROM {_finding_patterns(folder)} f
  JOIN r ON f.review_id = r.review_id JOIN x ON f.pattern = x.pattern
),
c AS (
  SELECT theme, COUNT(DISTINCT review_id) AS reviews, COUNT(*) AS findings
  FROM t GROUP BY theme
)
SELECT c.theme, c.reviews, c.findings, CAST(c.reviews AS DOUBLE) / n.total AS share
FROM c CROSS JOIN n
ORDER BY reviews DESC, theme
"""


def _cooccurrence(path: str, by: str, by_year: bool, **filters: Any) -> str:
    items = {"pattern": (_FINDING_PATTERNS, "pattern"), "category": ("factors", "category")}
    if by not in items:
        msg = f"cooccurrence by {by!r}: choose one of {', '.join(map(repr, items))}"
        raise ModelError(msg)
    name, column = items[by]
    dated = " WHERE r.year IS NOT NULL" if by_year else ""
    y = "year, " if by_year else ""
    same_year = " AND x.year = y.year" if by_year else ""
    return f"""{_reviews(path, filters)},
{_totals(by_year)},
i AS (
  SELECT DISTINCT t.review_id, r.year, t.{column} AS item
  FROM {_source(path, name)} t JOIN r ON t.review_id = r.review_id{dated}
),
m AS (SELECT {y}item, COUNT(*) AS reviews FROM i GROUP BY {y}item),
p AS (
  SELECT {"x.year, " if by_year else ""}x.item AS a, y.item AS b, COUNT(*) AS reviews
  FROM i x JOIN i y ON x.review_id = y.review_id{same_year} AND x.item < y.item
  GROUP BY {"x.year, " if by_year else ""}x.item, y.item
)
SELECT {"p.year, " if by_year else ""}p.a, p.b, p.reviews,
  ma.reviews AS reviews_a, mb.reviews AS reviews_b,
  CAST(ma.reviews AS DOUBLE) * mb.reviews / n.total AS expected,
  p.reviews / (CAST(ma.reviews AS DOUBLE) * mb.reviews / n.total) AS lift
FROM p
JOIN m ma ON ma.item = p.a{" AND ma.year = p.year" if by_year else ""}
JOIN m mb ON mb.item = p.b{" AND mb.year = p.year" if by_year else ""}
{"JOIN n ON n.year = p.year" if by_year else "CROSS JOIN n"}
ORDER BY {y}reviews DESC, a, b
"""


def cooccurrence(path: str | os.PathLike[str], by: str = "pattern", **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.cooccurrence` over the folder ``path``."""
    return _cooccurrence(_dataset(path), by, False, **filters)


def characteristic_prevalence(
    path: str | os.PathLike[str], by: str | None = None, **filters: Filter
) -> str:
    """SQL for :func:`systemsreview.analytics.characteristic_prevalence` over ``path``."""
    folder = _dataset(path)
    return _sqlcase.characteristic_prevalence(
        lambda name: _table(folder, name), _reviews(folder, filters), by
    )


def known_to_services(
    path: str | os.PathLike[str], by: str | None = None, **filters: Filter
) -> str:
    """SQL for :func:`systemsreview.analytics.known_to_services` over ``path``."""
    folder = _dataset(path)
    return _sqlcase.known_to_services(
        lambda name: _table(folder, name), _reviews(folder, filters), by
    )


def education_status(path: str | os.PathLike[str], by: str | None = None, **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.education_status` over ``path``."""
    folder = _dataset(path)
    return _sqlcase.education_status(
        lambda name: _table(folder, name), _reviews(folder, filters), by
    )


def characteristic_crosstab(
    path: str | os.PathLike[str], by: str = "pattern", **filters: Filter
) -> str:
    """SQL for :func:`systemsreview.analytics.characteristic_crosstab` over ``path``."""
    folder = _dataset(path)
    return _sqlcase.characteristic_crosstab(
        lambda name: _source(folder, name), _reviews(folder, filters), by
    )


def response_rate(path: str | os.PathLike[str], by: str | None = None, **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.response_rate` over the folder ``path``."""
    folder = _dataset(path)
    return _sqlloop.response_rate(lambda name: _source(folder, name), _reviews(folder, filters), by)


def action_completion(
    path: str | os.PathLike[str],
    by: str | None = None,
    *,
    as_of: dt.date | str | None = None,
    **filters: Filter,
) -> str:
    """SQL for :func:`systemsreview.analytics.action_completion` over the folder ``path``."""
    folder = _dataset(path)
    return _sqlloop.action_completion(
        lambda name: _source(folder, name), _reviews(folder, filters), by, as_of_date(as_of)
    )


def recurring_after_action(path: str | os.PathLike[str], **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.recurring_after_action` over ``path``."""
    folder = _dataset(path)
    return _sqlloop.recurring_after_action(
        lambda name: _source(folder, name), _reviews(folder, filters)
    )


def process_prevalence(
    path: str | os.PathLike[str], by: str | None = None, **filters: Filter
) -> str:
    """SQL for :func:`systemsreview.analytics.process_prevalence` over the folder ``path``.

    The events' ``process`` column is format 5.0's (an older dataset is refused).
    """
    folder = _dataset(path)
    return _sqlprocesses.process_prevalence(
        lambda name: _table(folder, name), _reviews(folder, filters), by
    )


def process_gaps(
    path: str | os.PathLike[str],
    by: str | None = None,
    *,
    expected: Iterable[str] = CHILD_PROTECTION,
    kinds: Iterable[str] | None = CHILD_REVIEW_KINDS,
    **filters: Filter,
) -> str:
    """SQL for :func:`systemsreview.analytics.process_gaps` over the folder ``path``.

    The events' ``process`` column is format 5.0's (an older dataset is refused).
    """
    folder = _dataset(path)
    return _sqlprocesses.process_gaps(
        lambda name: _table(folder, name), _reviews(folder, filters), by, expected, kinds
    )


def _sectors(path: str) -> str:
    t = {name: _table(path, name) for name in TABLES}
    return f"""ev AS (
  SELECT f.review_id, f.pattern, l.dst AS episode FROM {_finding_patterns(path)} f
  JOIN {t["links"]} l ON l.review_id = f.review_id AND l.src = f.id AND l.kind = 'evidenced_by'
  JOIN {t["episodes"]} e ON e.review_id = l.review_id AND e.id = l.dst
),
inv AS (SELECT review_id, src, dst FROM {t["links"]} WHERE kind = 'involved'),
actors AS (
  SELECT review_id, src AS episode, dst AS actor FROM inv
  UNION ALL
  SELECT l.review_id, l.dst AS episode, i.dst AS actor FROM {t["links"]} l
  JOIN {t["events"]} v ON v.review_id = l.review_id AND v.id = l.src
  JOIN inv i ON i.review_id = l.review_id AND i.src = l.src
  WHERE l.kind = 'part_of'
),
sectors AS (
  SELECT review_id, id AS actor, sector FROM {t["agencies"]}
  UNION ALL
  SELECT l.review_id, l.src AS actor, a.sector FROM {t["links"]} l
  JOIN {t["practitioners"]} p ON p.review_id = l.review_id AND p.id = l.src
  JOIN {t["agencies"]} a ON a.review_id = l.review_id AND a.id = l.dst
  WHERE l.kind = 'works_for'
),
k AS (
  SELECT DISTINCT ev.review_id, r.year, ev.pattern, s.sector FROM ev
  JOIN r ON r.review_id = ev.review_id
  JOIN actors x ON x.review_id = ev.review_id AND x.episode = ev.episode
  JOIN sectors s ON s.review_id = x.review_id AND s.actor = x.actor
)"""


def recurring_findings(
    path: str | os.PathLike[str],
    *,
    min_reviews: int = 2,
    min_years: int = 2,
    by: str = "pattern",
    **filters: Filter,
) -> str:
    """SQL for :func:`systemsreview.analytics.recurring_findings` over the folder ``path``."""
    keys = {"pattern": ["pattern"], "pattern_sector": ["pattern", "sector"]}
    if by not in keys:
        msg = f"recurring_findings by {by!r}: choose one of {', '.join(map(repr, keys))}"
        raise ModelError(msg)
    if min_reviews < 1 or min_years < 0:
        msg = f"min_reviews must be >= 1 and min_years >= 0, got {min_reviews} and {min_years}"
        raise ModelError(msg)
    folder = _dataset(path)
    if by == "pattern":
        rows = (
            "k AS (\n  SELECT DISTINCT t.review_id, r.year, t.pattern "
            f"FROM {_finding_patterns(folder)} t\n  JOIN r ON t.review_id = r.review_id\n)"
        )
    else:
        rows = _sectors(folder)
    group = ", ".join(keys[by])
    return f"""{_reviews(folder, filters)},
{rows}
SELECT {group}, COUNT(DISTINCT review_id) AS reviews, COUNT(DISTINCT year) AS years,
  MIN(year) AS first_year, MAX(year) AS last_year
FROM k GROUP BY {group}
HAVING COUNT(DISTINCT review_id) >= {int(min_reviews)} AND COUNT(DISTINCT year) >= {int(min_years)}
ORDER BY reviews DESC, {group}
"""


def trend(
    path: str | os.PathLike[str],
    analysis: str = "pattern_prevalence",
    *,
    by: str = "pattern",
    **filters: Filter,
) -> str:
    """SQL for :func:`systemsreview.analytics.trend` over the folder ``path``."""
    folder = _dataset(path)
    if analysis == "pattern_prevalence":
        return _prevalence(folder, _FINDING_PATTERNS, ["pattern"], "findings", True, **filters)
    if analysis == "factor_prevalence":
        return _prevalence(folder, "factors", ["level", "category"], "factors", True, **filters)
    if analysis == "cooccurrence":
        return _cooccurrence(folder, by, True, **filters)
    choices = "'pattern_prevalence', 'factor_prevalence', 'cooccurrence'"
    msg = f"trend of {analysis!r}: choose one of {choices}"
    raise ModelError(msg)


def duckdb_views(connection: Any, path: str | os.PathLike[str]) -> None:
    """Let a DuckDB connection run this module's SQL over the dataset folder ``path``.

    Creates the schema ``parquet`` and in it one view per table, named as Spark names the
    table's folder, over the table's committed files
    (:func:`systemsreview.io.parquet.files`): never the leftovers of a crashed writer. A
    folder written by other tools (no manifest, no part files) is read through
    ``read_parquet('<folder>/<table>/*.parquet')``; there, a table the folder lacks (one
    added by a later format) is a view of no rows with the table's columns. Two Spark
    functions the texts use are defined as macros: ``explode(list)`` (over ``unnest``) and
    ``unix_date(date)`` (days since 1970-01-01).

    A dataset holding parts of an older major format (a 4.x part has ``method`` where 5.0
    has ``methods``, and no ``other_patterns``) is refused before any view is made:
    DuckDB would read those files as they lie. ``systemsreview compact DATASET``
    (:func:`systemsreview.io.parquet.compact`) rewrites them in the current format.

    Args:
        connection: a ``duckdb.DuckDBPyConnection``.
        path: the dataset folder.

    Raises:
        FormatVersionError: the dataset holds parts of an older format (the message names
            them and says what to do), or of a newer one.
        FormatError: the dataset's manifest or committed files cannot be read.
    """
    folder = _dataset(path)
    committed = _committed(Path(folder))
    connection.execute("CREATE SCHEMA IF NOT EXISTS parquet")
    # Spark's explode(list), which the case analyses use, as DuckDB's unnest.
    connection.execute("CREATE OR REPLACE MACRO explode(items) AS unnest(items)")
    # Spark's unix_date(date), days since 1970-01-01, which the loop analyses use.
    connection.execute(
        "CREATE OR REPLACE MACRO unix_date(d) AS CAST(d - DATE '1970-01-01' AS BIGINT)"
    )
    for name in TABLES:
        listed = committed.get(name)
        if listed:
            files = "[" + ", ".join(_quote(str(f)) for f in listed) + "]"
            rows = f"SELECT * FROM read_parquet({files})"
        elif name in INTRODUCED and not any(Path(folder, name).glob("*.parquet")):
            rows = _no_rows(name)  # a folder of other tools without the table
        else:
            rows = f"SELECT * FROM read_parquet({_quote(f'{folder}/{name}/*.parquet')})"
        connection.execute(f"CREATE OR REPLACE VIEW {_table(folder, name)} AS {rows}")


_SQL_TYPES = {
    "id": "VARCHAR",
    "text": "VARCHAR",
    "enum": "VARCHAR",
    "json": "VARCHAR",
    "code": "VARCHAR",
}
_SQL_TYPES |= {"bool": "BOOLEAN", "strs": "VARCHAR[]", "date": "DATE", "odate": "DATE"}
_SQL_TYPES |= {"enums": "VARCHAR[]", "members": "VARCHAR[]"}


def _no_rows(name: str) -> str:
    """A query of no rows with the columns of table ``name`` (a table no part has yet)."""
    columns = ", ".join(
        f"CAST(NULL AS {_SQL_TYPES[c.kind]}) AS {c.name}" for c in SPECS[name].columns
    )
    return f"SELECT {columns} WHERE false"


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _committed(root: Path) -> dict[str, list[Path]]:
    """The committed files of each table of a systemsreview dataset (none for other folders).

    Raises:
        FormatError: a systemsreview dataset that cannot be read (its manifest lost, say).
    """
    written = any(next(part_files(root, name), None) for name in TABLES)
    if not (root / MANIFEST).exists() and not written:
        return {}
    return {name: parquet.files(root, name) for name in TABLES}


def factor_placement(path: str | os.PathLike[str], by: str = "sector", **filters: Filter) -> str:
    """SQL for :func:`systemsreview.analytics.factor_placement` over the folder ``path``."""
    folder = _dataset(path)
    return _sqlplacement.factor_placement(
        lambda name: _table(folder, name), _reviews(folder, filters), by
    )
