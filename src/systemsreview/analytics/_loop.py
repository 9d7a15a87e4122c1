"""The learning loop across a corpus: how boards answer, how actions end, what comes back.

Three analyses, each over the reviews of the source (a filtered ``Corpus`` counts its own
reviews only), each taking ``disclosure`` as every analysis does:

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
from systemsreview.analytics._tables import FINDING_PATTERNS, Source, kind_is, read
from systemsreview.errors import ModelError
from systemsreview.model._checks import parse_date

__all__ = [
    "ACTION_BY",
    "RESPONSE_BY",
    "action_completion",
    "as_of_date",
    "first_responses",
    "recurring_after_action",
    "response_rate",
]

#: What :func:`response_rate` can split by: ``None`` (one row) or year of publication.
RESPONSE_BY = (None, "year")
#: What :func:`action_completion` can split by.
ACTION_BY = (None, "year", "sector", "pattern")

#: The statuses of an action, in the order of the columns that count them.
STATUSES = ("planned", "in_progress", "done", "dropped")

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


def _judged(source: Source, actions: pa.Table, as_of: dt.date | None) -> pa.ChunkedArray:
    """The day each action is judged at: ``as_of``, or its review's latest loop day."""
    if as_of is not None:
        return pa.chunked_array([pa.array([as_of] * actions.num_rows, pa.date32())])
    responses = read(source, "responses", ["review_id", "when"]).rename_columns(
        ["review_id", "day"]
    )
    days = [responses]
    for column in ("agreed", "completed"):
        days.append(actions.select(["review_id", column]).rename_columns(["review_id", "day"]))
    latest = pa.concat_tables(days).group_by("review_id").aggregate([("day", "max")])
    position = pc.index_in(actions.column("review_id"), value_set=latest.column(0).combine_chunks())
    return pa.chunked_array([pc.take(latest.column(1).combine_chunks(), position)])


def _action_keys(source: Source, links: _Links, by: str) -> pa.Table:
    """``review_id``, ``action``, ``by``: the year, sectors or patterns of each action."""
    if by == "year":
        published = _published(source)
        return pa.table(
            {
                "review_id": published.column("review_id"),
                "year": pc.cast(pc.year(published.column("published")), pa.int64()),
            }
        )
    actions = _ids(source, "actions", "action")
    if by == "sector":
        agencies = _ids(source, "agencies", "agency", "sector")
        owned = (
            links("owned_by", "action", "agency")
            .join(actions, ["review_id", "action"], join_type="left semi")
            .join(agencies, ["review_id", "agency"], join_type="inner")
        )
        return owned.group_by(["review_id", "action", "sector"]).aggregate([])
    pairs = links("addresses", "action", "target").join(
        actions, ["review_id", "action"], join_type="left semi"
    )
    found = _to_findings(source, links, pairs, "action").join(
        _ids(source, FINDING_PATTERNS, "finding", "pattern"),
        ["review_id", "finding"],
        join_type="inner",
    )
    return found.group_by(["review_id", "action", "pattern"]).aggregate([])


def action_completion(
    source: Source,
    by: str | None = None,
    *,
    as_of: dt.date | str | None = None,
    disclosure: int | Disclosure | None = None,
) -> pa.Table:
    """Actions by status, the share done, and how many are overdue.

    An action with several owners (or addressing findings of several patterns) counts once
    under each of their sectors (patterns); one with none counts under a null ``sector``
    (``pattern``). By ``"year"``, actions of unpublished reviews are left out.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None`` (one row), ``"year"`` (of the review's publication), ``"sector"``
            (of the owning agency) or ``"pattern"`` (of the findings addressed).
        as_of: the day to judge overdue actions at (a date or ``"YYYY-MM-DD"``); ``None``
            judges each review at the latest day its loop records, as rule SR602 does.
        disclosure: ``None``, a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``by`` (when given), ``actions``, ``planned``, ``in_progress``, ``done``,
        ``dropped``, ``overdue`` (int64: planned or in progress, due before the day judged
        at) and ``completion`` (float64: ``done / actions``, null when there are none),
        sorted by the key, nulls last.

    Raises:
        ModelError: for a ``by`` not in :data:`ACTION_BY`, a bad ``as_of`` or ``disclosure``.
    """
    _choice("action_completion", by, ACTION_BY)
    day = as_of_date(as_of)
    actions = read(source, "actions", ["review_id", "id", "status", "due", "agreed", "completed"])
    judged = _judged(source, actions, day)
    status = actions.column("status")
    open_ = pc.is_in(status, value_set=pa.array(["planned", "in_progress"]))
    late = pc.fill_null(pc.and_(open_, pc.less(actions.column("due"), judged)), False)
    rows = pa.table(
        {
            "review_id": actions.column("review_id"),
            "action": actions.column("id"),
            **{s: pc.cast(pc.equal(status, s), pa.int64()) for s in STATUSES},
            "overdue": pc.cast(late, pa.int64()),
        }
    )
    if by is not None:
        join = "inner" if by == "year" else "left outer"
        on = ["review_id"] if by == "year" else ["review_id", "action"]
        rows = rows.join(_action_keys(source, _Links(source), by), on, join_type=join)
    rows, keys = _one_group(rows, by)
    counted = rows.group_by(keys).aggregate(
        [("action", "count"), *((c, "sum") for c in (*STATUSES, "overdue"))]
    )
    n = pc.cast(counted.column("action_count"), pa.int64())
    sums = {c: pc.cast(counted.column(f"{c}_sum"), pa.int64()) for c in (*STATUSES, "overdue")}
    result = pa.table(
        {
            **{k: counted.column(k) for k in keys},
            "actions": n,
            **sums,
            "completion": _ratio(sums["done"], n),
        }
    )
    empty = {
        **{c: pa.array([0], pa.int64()) for c in ("actions", *STATUSES, "overdue")},
        "completion": pa.array([None], pa.float64()),
    }
    return apply(_whole(result, keys, empty), "action_completion", disclosure)


def recurring_after_action(
    source: Source, *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Per pattern: findings a done action addresses, and how many came back later.

    A finding *recurs* when a review published after the finding's own review has a finding
    of the same pattern. Only findings of published reviews count, and only published
    reviews can be later ones.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        disclosure: ``None``, a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``pattern`` (string), ``findings`` (int64: findings of published reviews
        that a done action addresses), ``recurred`` (int64: of those, findings whose pattern
        a later review finds again), ``share`` (``recurred / findings``) and
        ``later_reviews`` (int64: reviews published after the earliest such finding's
        review with a finding of the pattern), one row per pattern with such findings,
        most recurred first, then by pattern.

    Raises:
        ModelError: for a bad ``disclosure``.
    """
    links = _Links(source)
    actions = read(source, "actions", ["review_id", "id", "status"])
    done = actions.filter(pc.equal(actions.column("status"), "done")).select(["review_id", "id"])
    done = done.rename_columns(["review_id", "action"])
    pairs = links("addresses", "action", "target").join(
        done, ["review_id", "action"], join_type="left semi"
    )
    addressed = _to_findings(source, links, pairs, "action")
    addressed = addressed.group_by(["review_id", "finding"]).aggregate([])
    published = _published(source)
    patterns = _ids(source, FINDING_PATTERNS, "finding", "pattern").join(
        published, "review_id", join_type="inner"
    )
    acted = patterns.join(addressed, ["review_id", "finding"], join_type="left semi")
    reviewed = patterns.group_by(["review_id", "pattern", "published"]).aggregate([])
    latest = reviewed.group_by("pattern").aggregate([("published", "max")])
    acted = acted.join(latest.rename_columns(["pattern", "latest"]), "pattern", join_type="inner")
    again = pc.cast(pc.less(acted.column("published"), acted.column("latest")), pa.int64())
    acted = acted.append_column("again", again)
    per = acted.group_by("pattern").aggregate(
        [("finding", "count"), ("again", "sum"), ("published", "min")]
    )
    per = per.rename_columns(["pattern", "findings", "recurred", "earliest"])
    later = reviewed.join(per.select(["pattern", "earliest"]), "pattern", join_type="inner")
    later = later.filter(pc.greater(later.column("published"), later.column("earliest")))
    later = later.group_by("pattern").aggregate([("review_id", "count_distinct")])
    per = per.join(later.rename_columns(["pattern", "later"]), "pattern", join_type="left outer")
    n = pc.cast(per.column("findings"), pa.int64())
    recurred = pc.cast(per.column("recurred"), pa.int64())
    result = pa.table(
        {
            "pattern": per.column("pattern"),
            "findings": n,
            "recurred": recurred,
            "share": _ratio(recurred, n),
            "later_reviews": pc.cast(pc.fill_null(per.column("later"), 0), pa.int64()),
        }
    )
    result = result.sort_by([("recurred", "descending"), ("pattern", "ascending")])
    return apply(result, "recurring_after_action", disclosure)
