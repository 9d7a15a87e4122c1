"""The learning loop across a corpus: how boards answer, how actions end, what comes back.

This module holds the response rate and what the loop analyses share (which findings a
response or an action reaches, the day of publication); the two analyses of actions are in
:mod:`systemsreview.analytics._actions`. Three analyses, each over the reviews of the source
(a filtered ``Corpus`` counts its own reviews only), each taking ``disclosure`` as every
analysis does:

- :func:`response_rate`: the findings of published reviews, how many the board answered and
  how long it took. A finding is answered as rule SR601 has it: by a response that
  ``RESPONDS_TO`` it, or to a recommendation that ``RESTS_ON`` it; its time to respond is
  its first response's day less the review's ``published`` day, in days.
- :func:`action_completion`: actions by status, the share done and how many are overdue,
  as rule SR602 has it: planned or in progress, with a due day before the day judged at.
- :func:`recurring_after_action`: per finding pattern, the findings that a done action
  addresses and whose pattern a review published later finds again (recurrence as
  :func:`~systemsreview.analytics.recurring_findings` means it: the same pattern in another
  review).

An action *addresses* a finding directly (``ADDRESSES`` a finding) or through a
recommendation that ``RESTS_ON`` it; its *sector* is that of the agency it is ``OWNED_BY``.
A ``"year"`` of these analyses is the year the review was published (the loop starts
there), not, as elsewhere, the year it was decided.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import Source, kind_is, read
from systemsreview.errors import ModelError
from systemsreview.model._checks import parse_date

__all__ = ["RESPONSE_BY", "as_of_date", "first_responses", "response_rate"]

#: What :func:`response_rate` can split by: ``None`` (one row) or year of publication.
RESPONSE_BY = (None, "year")
_ALL = "__all"


def _choice(name: str, by: str | None, choices: tuple[str | None, ...]) -> None:
    if by not in choices:
        msg = f"{name} by {by!r}: choose one of {', '.join(map(repr, choices))}"
        raise ModelError(msg)


def as_of_date(as_of: dt.date | str | None) -> dt.date | None:
    """``as_of`` as a date: a ``date``, a ``"YYYY-MM-DD"`` text or ``None``.

    Raises:
        ModelError: for anything else, naming the value and the forms accepted.
    """
    if as_of is None or (isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime)):
        return as_of
    parsed = parse_date(as_of) if isinstance(as_of, str) else None
    if parsed is None:
        msg = (
            f"as_of: got {as_of!r}; give a date (datetime.date) or its text 'YYYY-MM-DD', "
            "or None to judge each review at the latest day its loop records"
        )
        raise ModelError(msg)
    return parsed


class _Links:
    """The links of a source, read once per analysis and picked by kind."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._table: pa.Table | None = None

    def __call__(self, kind: str, src: str, dst: str) -> pa.Table:
        """The links of ``kind`` as ``review_id``, ``src`` and ``dst`` named as given."""
        if self._table is None:
            columns = ["review_id", "src", "dst", "kind"]
            self._table = read(self._source, "links", columns, decode=False)
        chosen = self._table.filter(kind_is(self._table.column("kind"), kind))
        return pa.table(
            {
                "review_id": chosen.column("review_id"),
                src: chosen.column("src"),
                dst: chosen.column("dst"),
            }
        )


def _ids(source: Source, name: str, as_: str, *more: str) -> pa.Table:
    return read(source, name, ["review_id", "id", *more]).rename_columns(["review_id", as_, *more])


def _to_findings(source: Source, links: _Links, pairs: pa.Table, what: str) -> pa.Table:
    """Distinct ``review_id``, ``what``, ``finding`` from ``pairs`` (``what`` -> ``target``).

    A target that is a finding is kept; one that is a recommendation gives the findings it
    rests on.
    """
    keys = ["review_id", "finding"]
    findings = _ids(source, "findings", "finding")
    direct = pairs.rename_columns(["review_id", what, "finding"]).join(
        findings, keys, join_type="left semi"
    )
    rests = (
        links("rests_on", "target", "finding")
        .join(
            _ids(source, "recommendations", "target"),
            ["review_id", "target"],
            join_type="left semi",
        )
        .join(findings, keys, join_type="left semi")
    )
    via = pairs.join(rests, ["review_id", "target"], join_type="inner").select(
        ["review_id", what, "finding"]
    )
    both = pa.concat_tables([direct.select(["review_id", what, "finding"]), via])
    return both.group_by(["review_id", what, "finding"]).aggregate([])


def first_responses(source: Source, links: _Links | None = None) -> pa.Table:
    """``review_id``, ``finding``, ``first``: the first day each answered finding was answered."""
    links = links or _Links(source)
    responses = _ids(source, "responses", "response", "when")
    answered = links("responds_to", "response", "target").join(
        responses, ["review_id", "response"], join_type="inner"
    )
    pairs = answered.select(["review_id", "response", "target"])
    found = _to_findings(source, links, pairs, "response").join(
        responses, ["review_id", "response"], join_type="inner"
    )
    first = found.group_by(["review_id", "finding"]).aggregate([("when", "min")])
    return first.rename_columns(["review_id", "finding", "first"])


def _published(source: Source) -> pa.Table:
    reviews = read(source, "reviews", ["review_id", "published"])
    return reviews.filter(pc.is_valid(reviews.column("published")))


def _one_group(table: pa.Table, by: str | None) -> tuple[pa.Table, list[str]]:
    """The table with a grouping column: ``by``, or a constant for a single row."""
    if by is not None:
        return table, [by]
    return table.append_column(_ALL, pa.array([0] * table.num_rows, pa.int8())), [_ALL]


def _whole(result: pa.Table, keys: list[str], empty: dict[str, pa.Array]) -> pa.Table:
    """The grouped result, with the one row of an ungrouped analysis over no rows."""
    if keys == [_ALL]:
        result = result.drop_columns([_ALL])
        if result.num_rows == 0:
            result = pa.table(empty, schema=result.schema)
        return result
    return result.sort_by([(k, "ascending") for k in keys])  # nulls last


def _ratio(part: pa.ChunkedArray, whole: pa.ChunkedArray) -> pa.ChunkedArray:
    nonzero = pc.if_else(pc.equal(whole, 0), None, whole)
    return pc.divide(pc.cast(part, pa.float64()), pc.cast(nonzero, pa.float64()))


def response_rate(
    source: Source, by: str | None = None, *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Findings of published reviews, how many the board answered, and how fast.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None`` (one row) or ``"year"`` (of publication).
        disclosure: ``None``, a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``year`` (int64, with ``by="year"``), ``findings`` (int64: findings of
        published reviews), ``responded`` (int64: of those, answered), ``share``
        (``responded / findings``, null when there are no findings), ``mean_days`` and
        ``median_days`` (float64: from publication to the first response, over the answered
        findings; null when none; the median of an even count is the mean of the middle
        two). Unpublished reviews are left out. Sorted by year.

    Raises:
        ModelError: for a ``by`` not in :data:`RESPONSE_BY`, or a bad ``disclosure``.
    """
    _choice("response_rate", by, RESPONSE_BY)
    published = _published(source)
    findings = _ids(source, "findings", "finding").join(published, "review_id", join_type="inner")
    rows = findings.join(first_responses(source), ["review_id", "finding"], join_type="left outer")
    rows = rows.append_column(
        "days", pc.days_between(rows.column("published"), rows.column("first"))
    )
    if by == "year":
        rows = rows.append_column("year", pc.cast(pc.year(rows.column("published")), pa.int64()))
    rows, keys = _one_group(rows, by)
    counts = rows.group_by(keys).aggregate([("finding", "count"), ("first", "count")])
    answered = rows.filter(pc.is_valid(rows.column("first")))
    stats = answered.group_by(keys).aggregate([("days", "mean"), ("days", "list")])
    medians = [
        pc.quantile(days, q=0.5, interpolation="linear")[0].as_py()
        for days in stats.column("days_list").to_pylist()
    ]
    stats = pa.table(
        {
            **{k: stats.column(k) for k in keys},
            "mean_days": stats.column("days_mean"),
            "median_days": pa.array(medians, pa.float64()),
        }
    )
    counts = counts.join(stats, keys, join_type="left outer")
    n = pc.cast(counts.column("finding_count"), pa.int64())
    answered_n = pc.cast(counts.column("first_count"), pa.int64())
    result = pa.table(
        {
            **{k: counts.column(k) for k in keys},
            "findings": n,
            "responded": answered_n,
            "share": _ratio(answered_n, n),
            "mean_days": pc.cast(counts.column("mean_days"), pa.float64()),
            "median_days": pc.cast(counts.column("median_days"), pa.float64()),
        }
    )
    empty = {
        "findings": pa.array([0], pa.int64()),
        "responded": pa.array([0], pa.int64()),
        **{c: pa.array([None], pa.float64()) for c in ("share", "mean_days", "median_days")},
    }
    return apply(_whole(result, keys, empty), "response_rate", disclosure)
