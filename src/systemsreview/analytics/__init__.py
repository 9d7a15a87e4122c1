"""National analytics over a corpus of reviews, computed on Arrow columns.

Each analysis reads only the columns it needs (through ``Corpus.table``, or straight from a
dataset folder), and counts with ``pyarrow.compute``, ``Table.group_by`` and ``Table.join``:
no Python object is built per row. Each returns a ``pyarrow.Table`` with documented columns,
ready for pandas (``to_pandas()``), Polars (``polars.from_arrow``) or DuckDB. The same
analyses are published as SQL text in :mod:`systemsreview.sql`.

Every analysis takes ``disclosure`` for publishing: ``None`` (as counted, the default), a
threshold (``disclosure=5``) or a :class:`Disclosure`; see :func:`protect`, which applies the
same control to the SQL's results.

Filters on review fields belong to the corpus (``corpus.where(kind=..., year=...)``): pass the
filtered corpus, and every count and share is taken over its reviews only.
"""

from __future__ import annotations

import pyarrow as pa

from systemsreview.analytics._actions import ACTION_BY, action_completion, recurring_after_action
from systemsreview.analytics._characteristics import (
    characteristic_crosstab,
    characteristic_prevalence,
)
from systemsreview.analytics._cooccurrence import cooccurrence
from systemsreview.analytics._disclosure import DEFAULT_THRESHOLD, disclose
from systemsreview.analytics._loop import RESPONSE_BY, response_rate
from systemsreview.analytics._placement import PLACEMENT_BY, factor_placement
from systemsreview.analytics._prevalence import factor_prevalence, pattern_prevalence, prevalence
from systemsreview.analytics._processes import (
    CHILD_REVIEW_KINDS,
    PROCESS_BY,
    process_gaps,
    process_prevalence,
)
from systemsreview.analytics._protect import SPECS, Disclosure, apply, protect
from systemsreview.analytics._recurring import recurring_findings
from systemsreview.analytics._subjects import SUBJECT_BY, education_status, known_to_services
from systemsreview.analytics._tables import FINDING_PATTERNS, Source, finding_patterns
from systemsreview.analytics._themes import crosswalk_table, theme_prevalence
from systemsreview.errors import ModelError

__all__ = [
    "ACTION_BY",
    "ANALYSES",
    "CHILD_REVIEW_KINDS",
    "DEFAULT_THRESHOLD",
    "PLACEMENT_BY",
    "PROCESS_BY",
    "RESPONSE_BY",
    "SPECS",
    "SUBJECT_BY",
    "Disclosure",
    "Source",
    "action_completion",
    "characteristic_crosstab",
    "characteristic_prevalence",
    "cooccurrence",
    "crosswalk_table",
    "disclose",
    "education_status",
    "factor_placement",
    "factor_prevalence",
    "finding_patterns",
    "known_to_services",
    "pattern_prevalence",
    "process_gaps",
    "process_prevalence",
    "protect",
    "recurring_after_action",
    "recurring_findings",
    "response_rate",
    "theme_prevalence",
    "trend",
]

#: The analyses :func:`trend` can split by year.
ANALYSES = ("pattern_prevalence", "factor_prevalence", "cooccurrence")


def trend(
    source: Source,
    analysis: str = "pattern_prevalence",
    *,
    by: str = "pattern",
    disclosure: int | Disclosure | None = None,
) -> pa.Table:
    """An analysis per year of decision, for seeing whether a lesson is fading or growing.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        analysis: ``"pattern_prevalence"``, ``"factor_prevalence"`` or ``"cooccurrence"``.
        by: for ``"cooccurrence"``, ``"pattern"`` or ``"category"``.
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure``: small counts
            suppressed, with the cells that would reveal them, within each year and across
            the years of each key (see :func:`protect`).

    Returns:
        The analysis's table with a first column ``year`` (int64): its counts are per year
        and ``share`` (or ``expected`` and ``lift``) is taken over the reviews decided that
        year. Reviews with no decision date are left out. Sorted by year, then as the
        analysis sorts.

    Raises:
        ModelError: for an analysis not in :data:`ANALYSES`.
    """
    if analysis == "pattern_prevalence":
        table = prevalence(source, FINDING_PATTERNS, ["pattern"], "findings", by_year=True)
        return apply(table, analysis, disclosure)
    if analysis == "factor_prevalence":
        table = prevalence(source, "factors", ["level", "category"], "factors", by_year=True)
        return apply(table, analysis, disclosure)
    if analysis == "cooccurrence":
        return cooccurrence(source, by, by_year=True, disclosure=disclosure)
    msg = f"trend of {analysis!r}: choose one of {', '.join(map(repr, ANALYSES))}"
    raise ModelError(msg)
