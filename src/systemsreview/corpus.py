"""A handle on a corpus of reviews stored as a Parquet dataset.

:class:`Corpus` reads the dataset's manifest for each question, so it always sees the last
committed version; it builds :class:`~systemsreview.model.Review` objects only when asked
for reviews, and answers everything else from Arrow tables.

>>> import tempfile, pathlib
>>> import systemsreview as sr
>>> from systemsreview.io import parquet
>>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus"
>>> parquet.write(path, sr.examples.domestic_abuse_review())
1
>>> corpus = Corpus.open(path)
>>> len(corpus), corpus.review_ids
(1, ('lscb-2011-da',))
>>> corpus.table("findings", columns=["review_id", "pattern"]).to_pylist()
[{'review_id': 'lscb-2011-da', 'pattern': 'family_professional'}]
>>> len(corpus.where(kind="serious_case_review", year=2011)), len(corpus.where(year=2020))
(1, 0)
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview import analytics
from systemsreview._corpus_filters import FILTERS, values
from systemsreview.io import parquet
from systemsreview.model import Review
from systemsreview.query import CHILD_PROTECTION

__all__ = ["Corpus"]

_Filter = str | int | Iterable[str] | Iterable[int] | None
Disclosure = int | analytics.Disclosure | None


def _expression(name: str, items: list[object]) -> pc.Expression | None:
    """The filter as an expression pushed down to the files (``None``: tested after reading)."""
    spec = FILTERS[name]
    if name == "method":  # a list column: one of its items must be given
        return None
    if name == "year":
        return pc.year(pc.field(spec.column)).isin(pa.array(items, pa.int64()))
    return pc.field(spec.column).isin(pa.array(items, pa.string()))


class Corpus:
    """Many reviews in one Parquet dataset: count, look up, iterate, filter, query as Arrow.

    Open one with :meth:`open`; :meth:`where` returns a narrowed corpus over the same files.
    """

    def __init__(
        self, path: Path, selection: tuple[str, ...] | None, max_string_bytes: int
    ) -> None:
        self._path = path
        self._selection = selection
        self._max_string_bytes = max_string_bytes

    @classmethod
    def open(
        cls, path: str | Path, *, max_string_bytes: int = parquet.DEFAULT_MAX_STRING_BYTES
    ) -> Corpus:
        """Open the dataset at ``path`` (its manifest is read and checked now).

        Raises:
            FormatError: there is no readable dataset at ``path``.
            FormatVersionError: the dataset was written by a newer library.
        """
        root = Path(path)
        parquet.review_ids(root)  # fail now, not at the first question
        return cls(root, None, max_string_bytes)

    @property
    def path(self) -> Path:
        """The dataset folder."""
        return self._path

    @property
    def review_ids(self) -> tuple[str, ...]:
        """The ids of the reviews, in dataset order."""
        if self._selection is not None:
            return self._selection
        return tuple(parquet.review_ids(self._path))

    def __len__(self) -> int:
        return len(self.review_ids)

    def __contains__(self, review_id: object) -> bool:
        return review_id in self.review_ids

    def __iter__(self) -> Iterator[Review]:
        return parquet.read(
            self._path, review_ids=self._selection, max_string_bytes=self._max_string_bytes
        )

    def __repr__(self) -> str:
        return f"Corpus({str(self._path)!r}, reviews={len(self)})"

    def review(self, review_id: str) -> Review:
        """The review with this id, reading only the row groups that may hold it.

        Raises:
            NotFoundError: naming the id and the closest ids in this corpus.
        """
        if self._selection is not None and review_id not in self._selection:
            raise parquet.not_found(review_id, self._selection, f"{self._path} (filtered)")
        return parquet.read_review(self._path, review_id, max_string_bytes=self._max_string_bytes)

    def table(
        self,
        name: str,
        columns: Iterable[str] | None = None,
        filter: pc.Expression | None = None,  # noqa: A002  # the name pyarrow.dataset uses
    ) -> pa.Table:
        """Table ``name`` (``"reviews"``, ``"episodes"``, ``"links"``, ...) as Arrow.

        Args:
            name: a table of :data:`systemsreview.io.parquet.SCHEMAS`.
            columns: the columns to read (all by default).
            filter: a ``pyarrow.compute`` expression, pushed down to the files.
        """
        if self._selection is not None:
            mine = pc.field("review_id").isin(pa.array(self._selection, pa.string()))
            filter = mine if filter is None else filter & mine  # noqa: A001
        cols = list(columns) if columns is not None else None
        return parquet.read_table(self._path, name, cols, filter)

    def where(
        self,
        *,
        review_id: _Filter = None,
        kind: _Filter = None,
        method: _Filter = None,
        year: _Filter = None,
        commissioner: _Filter = None,
        pattern: _Filter = None,
        category: _Filter = None,
        level: _Filter = None,
        sector: _Filter = None,
    ) -> Corpus:
        """The reviews matching every given condition (each a value or a collection).

        A review matches a condition when one of the given values is its own (``review_id``,
        ``kind``, ``method``, ``year``, ``commissioner``) or that of at least one of its
        findings (``pattern``), factors (``category``, ``level``) or agencies (``sector``).
        Conditions combine with AND, each tested on its own: ``where(pattern=a, sector=b)``
        is ``where(pattern=a).where(sector=b)``. ``None`` leaves a field unfiltered; an empty
        collection matches no review. The narrowed corpus keeps this corpus's order of
        ``review_ids`` (not the order of the values given). Only the ``review_id`` column
        and the filtered one are read, with the condition pushed down to the committed
        Parquet files.

        Args:
            review_id: review ids (ids not in the corpus match nothing).
            kind: :class:`~systemsreview.model.ReviewKind` values.
            method: :class:`~systemsreview.model.Method` values.
            year: years of the ``decided`` milestone (reviews without one never match).
            commissioner: exact commissioner names.
            pattern: :class:`~systemsreview.model.Pattern` values of findings (any of a
                finding's patterns: its ``pattern`` or one of its ``other_patterns``).
            category: factor category codes of any registered taxonomy; a code matches
                factors coded with it or with any code beneath it (``"frontline.team"``
                matches ``"frontline.team.supervision"``).
            level: :class:`~systemsreview.model.Level` values of factors.
            sector: :class:`~systemsreview.model.Sector` values of agencies.

        Raises:
            ModelError: a value of the wrong type, or outside its vocabulary (a kind,
                method, pattern, level, sector or category code), naming it and the
                allowed values.
        """
        given = {
            "review_id": review_id,
            "kind": kind,
            "method": method,
            "year": year,
            "commissioner": commissioner,
            "pattern": pattern,
            "category": category,
            "level": level,
            "sector": sector,
        }
        checked = {name: values(name, v) for name, v in given.items() if v is not None}
        if not checked:
            return self
        if any(not items for items in checked.values()):
            return self._narrowed(())
        narrowed = self
        if "review_id" in checked:
            wanted = set(checked.pop("review_id"))
            narrowed = self._narrowed(tuple(r for r in self.review_ids if r in wanted))
        on_reviews = [
            e
            for n, v in checked.items()
            if FILTERS[n].table == "reviews" and (e := _expression(n, v)) is not None
        ]
        steps: list[tuple[str, pc.Expression | None, list[object]]] = []
        if on_reviews:
            steps.append(("reviews", functools.reduce(operator.and_, on_reviews), []))
        steps += [
            (FILTERS[n].table, _expression(n, v), v)
            for n, v in checked.items()
            if (FILTERS[n].table != "reviews" or _expression(n, v) is None) and n != "pattern"
        ]
        for table, expression, items in steps:
            if not len(narrowed):
                break
            if expression is None:  # the methods list: read it, test its items in Arrow
                found = narrowed._having_any("methods", items)
            else:
                rows = narrowed.table(table, ["review_id"], expression)
                found = set(rows.column(0).to_pylist())
            narrowed = self._narrowed(tuple(r for r in narrowed.review_ids if r in found))
        if "pattern" in checked and len(narrowed):  # any of a finding's patterns
            patterns = analytics.finding_patterns(narrowed)
            wanted = pa.array(checked["pattern"], pa.string())
            hits = patterns.filter(pc.is_in(patterns.column("pattern"), value_set=wanted))
            found = set(hits.column("review_id").to_pylist())
            narrowed = self._narrowed(tuple(r for r in narrowed.review_ids if r in found))
        return narrowed

    def _having_any(self, column: str, items: list[object]) -> set[str]:
        """The ids of reviews whose list column ``column`` holds one of ``items``."""
        data = self.table("reviews", ["review_id", column])
        lists = data.column(column).combine_chunks()
        hits = pc.is_in(pc.list_flatten(lists), pa.array(items, pa.string()))
        owners = pc.filter(pc.list_parent_indices(lists), hits)
        return set(data.column("review_id").take(owners).to_pylist())

    def _narrowed(self, selection: tuple[str, ...]) -> Corpus:
        return Corpus(self._path, selection, self._max_string_bytes)

    # Analyses (see systemsreview.analytics for the columns of each table). Each takes
    # ``disclosure``: None, a threshold or an ``analytics.Disclosure`` (``analytics.protect``).

    def pattern_prevalence(self, *, disclosure: Disclosure = None) -> pa.Table:
        """Per finding pattern: ``reviews``, ``findings``, ``share`` (``analytics``)."""
        return analytics.pattern_prevalence(self, disclosure=disclosure)

    def factor_prevalence(self, *, disclosure: Disclosure = None) -> pa.Table:
        """Per factor level and category: ``reviews``, ``factors``, ``share``."""
        return analytics.factor_prevalence(self, disclosure=disclosure)

    def theme_prevalence(self, *, disclosure: Disclosure = None) -> pa.Table:
        """Per national practice theme: ``reviews``, ``findings``, ``share`` (``analytics``)."""
        return analytics.theme_prevalence(self, disclosure=disclosure)

    def cooccurrence(self, by: str = "pattern", *, disclosure: Disclosure = None) -> pa.Table:
        """Pairs of patterns (or of factor ``"category"``) in the same reviews, with lift."""
        return analytics.cooccurrence(self, by, disclosure=disclosure)

    def recurring_findings(
        self,
        *,
        min_reviews: int = 2,
        min_years: int = 2,
        by: str = "pattern",
        disclosure: Disclosure = None,
    ) -> pa.Table:
        """Patterns (or ``"pattern_sector"``) found in >= N reviews across >= M years."""
        return analytics.recurring_findings(
            self, min_reviews=min_reviews, min_years=min_years, by=by, disclosure=disclosure
        )

    def characteristic_prevalence(
        self, by: str | None = None, *, disclosure: Disclosure = None
    ) -> pa.Table:
        """Per case characteristic (and harm type, year, age band or sex): ``cases``, ``share``."""
        return analytics.characteristic_prevalence(self, by, disclosure=disclosure)

    def characteristic_crosstab(
        self, by: str = "pattern", *, disclosure: Disclosure = None
    ) -> pa.Table:
        """Per characteristic and finding pattern (or factor ``"category"``): reviews with both."""
        return analytics.characteristic_crosstab(self, by, disclosure=disclosure)

    def known_to_services(
        self, by: str | None = None, *, disclosure: Disclosure = None
    ) -> pa.Table:
        """Subjects per statutory status and whether social care knew them (and per ``by``)."""
        return analytics.known_to_services(self, by, disclosure=disclosure)

    def education_status(self, by: str | None = None, *, disclosure: Disclosure = None) -> pa.Table:
        """Subjects per education status (and harm type, year or age band)."""
        return analytics.education_status(self, by, disclosure=disclosure)

    def response_rate(self, by: str | None = None, *, disclosure: Disclosure = None) -> pa.Table:
        """Findings of published reviews answered by the board, and days to answer (per year)."""
        return analytics.response_rate(self, by, disclosure=disclosure)

    def action_completion(
        self,
        by: str | None = None,
        *,
        as_of: dt.date | str | None = None,
        disclosure: Disclosure = None,
    ) -> pa.Table:
        """Actions by status, completion and overdue (per year, owning sector or pattern)."""
        return analytics.action_completion(self, by, as_of=as_of, disclosure=disclosure)

    def recurring_after_action(self, *, disclosure: Disclosure = None) -> pa.Table:
        """Per pattern: findings a done action addresses that a later review finds again."""
        return analytics.recurring_after_action(self, disclosure=disclosure)

    def process_prevalence(
        self, by: str | None = None, *, disclosure: Disclosure = None
    ) -> pa.Table:
        """Per statutory process: reviews whose chronology records it, events, share."""
        return analytics.process_prevalence(self, by, disclosure=disclosure)

    def process_gaps(
        self,
        by: str | None = None,
        *,
        expected: Iterable[str] = CHILD_PROTECTION,
        kinds: Iterable[str] | None = analytics.CHILD_REVIEW_KINDS,
        disclosure: Disclosure = None,
    ) -> pa.Table:
        """Per expected statutory process: reviews (of a child kind) that never record it."""
        return analytics.process_gaps(
            self, by, expected=expected, kinds=kinds, disclosure=disclosure
        )

    def trend(
        self,
        analysis: str = "pattern_prevalence",
        *,
        by: str = "pattern",
        disclosure: Disclosure = None,
    ) -> pa.Table:
        """An analysis per year of decision (``analytics.trend``)."""
        return analytics.trend(self, analysis, by=by, disclosure=disclosure)

    def factor_placement(self, by: str = "sector", *, disclosure: Disclosure = None) -> pa.Table:
        """Per sector of the agencies factors sit in (and ``"level"``, ``"category"``)."""
        return analytics.factor_placement(self, by, disclosure=disclosure)
