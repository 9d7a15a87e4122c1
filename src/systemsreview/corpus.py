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

import enum
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview import analytics
from systemsreview.errors import ModelError
from systemsreview.io import parquet
from systemsreview.model import Method, Review, ReviewKind

__all__ = ["Corpus"]

_Filter = str | int | Iterable[str] | Iterable[int] | None


def _values(name: str, value: _Filter, vocab: type[enum.StrEnum] | None = None) -> list[object]:
    items: list[object] = [value] if isinstance(value, str | int) else list(value or ())
    if vocab is None:
        return items
    allowed = {m.value for m in vocab}
    for item in items:
        if item not in allowed:
            msg = f"Corpus.where: {name} {item!r} is not a {vocab.__name__}; "
            raise ModelError(f"{msg}expected one of {', '.join(sorted(allowed))}")
    return [str(item) for item in items]


def _years(items: list[object]) -> list[int]:
    years = []
    for item in items:
        try:
            years.append(int(str(item)))
        except ValueError:
            msg = f"Corpus.where: year {item!r} is not a year; give whole years such as 2019"
            raise ModelError(msg) from None
    return years


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
        kind: _Filter = None,
        method: _Filter = None,
        year: _Filter = None,
        commissioner: _Filter = None,
    ) -> Corpus:
        """The reviews matching every given condition (each a value or a collection).

        Args:
            kind: :class:`~systemsreview.model.ReviewKind` values.
            method: :class:`~systemsreview.model.Method` values.
            year: years of the ``decided`` milestone (reviews without one never match).
            commissioner: exact commissioner names.

        Raises:
            ModelError: a kind or method that is not in its vocabulary.
        """
        conditions = []
        if kind is not None:
            conditions.append(pc.field("kind").isin(_values("kind", kind, ReviewKind)))
        if method is not None:
            conditions.append(pc.field("method").isin(_values("method", method, Method)))
        if year is not None:
            years = pa.array(_years(_values("year", year)), pa.int64())
            conditions.append(pc.year(pc.field("decided")).isin(years))
        if commissioner is not None:
            conditions.append(pc.field("commissioner").isin(_values("commissioner", commissioner)))
        if not conditions:
            return self
        expression = conditions[0]
        for condition in conditions[1:]:
            expression = expression & condition
        found = set(self.table("reviews", ["review_id"], expression).column(0).to_pylist())
        selection = tuple(rid for rid in self.review_ids if rid in found)
        return Corpus(self._path, selection, self._max_string_bytes)

    # Analyses (see systemsreview.analytics for the columns of each table).

    def pattern_prevalence(self) -> pa.Table:
        """Per finding pattern: ``reviews``, ``findings``, ``share`` (``analytics``)."""
        return analytics.pattern_prevalence(self)

    def factor_prevalence(self) -> pa.Table:
        """Per factor level and category: ``reviews``, ``factors``, ``share``."""
        return analytics.factor_prevalence(self)

    def cooccurrence(self, by: str = "pattern") -> pa.Table:
        """Pairs of patterns (or of factor ``"category"``) in the same reviews, with lift."""
        return analytics.cooccurrence(self, by)

    def recurring_findings(
        self, *, min_reviews: int = 2, min_years: int = 2, by: str = "pattern"
    ) -> pa.Table:
        """Patterns (or ``"pattern_sector"``) found in >= N reviews across >= M years."""
        return analytics.recurring_findings(
            self, min_reviews=min_reviews, min_years=min_years, by=by
        )

    def characteristic_prevalence(
        self, by: str | None = None, *, disclosure: int | None = None
    ) -> pa.Table:
        """Per case characteristic (and harm type, year, age band or sex): ``cases``, ``share``."""
        return analytics.characteristic_prevalence(self, by, disclosure=disclosure)

    def characteristic_crosstab(
        self, by: str = "pattern", *, disclosure: int | None = None
    ) -> pa.Table:
        """Per characteristic and finding pattern (or factor ``"category"``): reviews with both."""
        return analytics.characteristic_crosstab(self, by, disclosure=disclosure)

    def known_to_services(self, *, disclosure: int | None = None) -> pa.Table:
        """Subjects per statutory status and whether social care knew them."""
        return analytics.known_to_services(self, disclosure=disclosure)

    def trend(self, analysis: str = "pattern_prevalence", *, by: str = "pattern") -> pa.Table:
        """An analysis per year of decision (``analytics.trend``)."""
        return analytics.trend(self, analysis, by=by)
