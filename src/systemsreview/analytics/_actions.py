"""The actions of the learning loop across a corpus: how they end, and what comes back.

:func:`action_completion` and :func:`recurring_after_action` (see
:mod:`systemsreview.analytics._loop` for what "addresses", "sector" and "year" mean here).
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._loop import (
    _choice,
    _ids,
    _Links,
    _one_group,
    _published,
    _ratio,
    _to_findings,
    _whole,
    as_of_date,
)
from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import FINDING_PATTERNS, Source, read

__all__ = ["ACTION_BY", "STATUSES", "action_completion", "recurring_after_action"]

#: What :func:`action_completion` can split by.
ACTION_BY = (None, "year", "sector", "pattern")

#: The statuses of an action, in the order of the columns that count them.
STATUSES = ("planned", "in_progress", "done", "dropped")


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
