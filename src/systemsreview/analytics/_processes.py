"""Statutory processes across a corpus: which reviews' chronologies record them, and which not.

The Child Safeguarding Practice Review Panel keeps finding that "statutory processes were
not triggered". With chronology events typed (``Event.process``, format 5.0), a corpus can
count it:

- :func:`process_prevalence`: per statutory process code (as the events record it), the
  reviews whose chronology records it, the events, and the share of reviews;
- :func:`process_gaps`: the Panel's question, per expected process (by default the child
  protection processes of :data:`~systemsreview.query.CHILD_PROTECTION`), the reviews of a
  child protection kind (:data:`CHILD_REVIEW_KINDS`) whose chronology never records it.
  "Never records" is what :func:`~systemsreview.query.processes_not_recorded` means: no event
  has the process's code or the code of a registered sub-process of it
  (``strategy_discussion.meeting`` records ``strategy_discussion``).

Both group by ``None``, ``"year"`` (of decision; undated reviews left out) or ``"kind"`` (of
review), and take ``disclosure`` (see :func:`~systemsreview.analytics.protect`). Datasets of
formats before 5.0 have no typed events: every review reads as recording no process. All
counting is Arrow compute; the same analyses are SQL texts in :mod:`systemsreview.sql`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import Source, read
from systemsreview.errors import ModelError
from systemsreview.model import ReviewKind
from systemsreview.query._processes import CHILD_PROTECTION, _registered

__all__ = [
    "CHILD_REVIEW_KINDS",
    "PROCESS_BY",
    "checked_expected",
    "checked_kinds",
    "process_gaps",
    "process_prevalence",
]

#: What :func:`process_prevalence` and :func:`process_gaps` can group by.
PROCESS_BY: tuple[str | None, ...] = (None, "year", "kind")

#: The kinds of review into a child's death or serious harm, where the Panel asks whether the
#: child protection processes were triggered.
CHILD_REVIEW_KINDS: tuple[str, ...] = (
    ReviewKind.SERIOUS_CASE_REVIEW.value,
    ReviewKind.RAPID_REVIEW.value,
    ReviewKind.LOCAL_PRACTICE_REVIEW.value,
    ReviewKind.NATIONAL_REVIEW.value,
    ReviewKind.CHILD_PRACTICE_REVIEW.value,
)


def _check_by(analysis: str, by: str | None) -> list[str]:
    if by not in PROCESS_BY:
        msg = f"{analysis} by {by!r}: choose one of {', '.join(map(repr, PROCESS_BY))}"
        raise ModelError(msg)
    return [] if by is None else [by]


def _units(source: Source, group: list[str]) -> pa.Table:
    """The reviews: ``review_id``, ``year`` (of decision) and ``kind``; by year, dated only."""
    reviews = read(source, "reviews", ["review_id", "kind", "decided"])
    units = pa.table(
        {
            "review_id": reviews.column("review_id"),
            "year": pc.cast(pc.year(reviews.column("decided")), pa.int64()),
            "kind": reviews.column("kind"),
        }
    )
    if "year" in group:
        units = units.filter(pc.is_valid(units.column("year")))
    return units


def _events(source: Source) -> pa.Table:
    """``review_id``, ``process``: the events typed as a statutory process."""
    events = read(source, "events", ["review_id", "process"])
    return events.filter(pc.is_valid(events.column("process")))


def _totals(units: pa.Table, group: list[str]) -> pa.Table:
    """``group`` and ``total``: the reviews of each group (one row when ungrouped)."""
    if not group:
        return pa.table({"total": pa.array([units.num_rows], pa.int64())})
    totals = units.group_by(group).aggregate([("review_id", "count")])
    return pa.table(
        {**{g: totals.column(g) for g in group}, "total": totals.column("review_id_count")}
    )


def _share(part: pa.ChunkedArray | pa.Array, total: pa.ChunkedArray | pa.Array) -> pa.Array:
    return pc.divide(pc.cast(part, pa.float64()), pc.cast(total, pa.float64()))


def process_prevalence(
    source: Source, by: str | None = None, *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Per statutory process, how many reviews' chronologies record it, and how many events.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None`` (all reviews), ``"year"`` (of decision; undated reviews left out) or
            ``"kind"`` (of review).
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``year`` or ``kind`` (when ``by`` is given), ``process`` (string: the code
        as the events record it; a sub-process such as ``strategy_discussion.meeting`` is
        its own row), ``reviews`` (int64: reviews with at least one event of the process),
        ``events`` (int64: events of the process) and ``share`` (float64: ``reviews`` over
        the reviews of the corpus, or of the year or kind). Sorted by group, most
        widespread first, then by code. Processes no event records are left out.

    Raises:
        ModelError: for a ``by`` not in :data:`PROCESS_BY`.
    """
    group = _check_by("process_prevalence", by)
    units = _units(source, group)
    events = _events(source).join(units, "review_id", join_type="inner")
    keys = [*group, "process"]
    pairs = events.group_by([*keys, "review_id"]).aggregate([("review_id", "count")])
    counts = pairs.group_by(keys).aggregate([("review_id", "count"), ("review_id_count", "sum")])
    counts = pa.table(
        {
            **{k: counts.column(k) for k in keys},
            "reviews": pc.cast(counts.column("review_id_count"), pa.int64()),
            "events": pc.cast(counts.column("review_id_count_sum"), pa.int64()),
        }
    )
    totals = _totals(units, group)
    if group:
        counts = counts.join(totals, group, join_type="inner")
        total = counts.column("total")
    else:
        total = pa.array([totals.column("total")[0].as_py()] * counts.num_rows, pa.int64())
    table = pa.table(
        {
            **{k: counts.column(k) for k in keys},
            "reviews": counts.column("reviews"),
            "events": counts.column("events"),
            "share": _share(counts.column("reviews"), total),
        }
    )
    sort = [(g, "ascending") for g in group]
    table = table.sort_by([*sort, ("reviews", "descending"), ("process", "ascending")])
    return apply(table, "process_prevalence", disclosure)


def process_gaps(
    source: Source,
    by: str | None = None,
    *,
    expected: Iterable[str] = CHILD_PROTECTION,
    kinds: Iterable[str] | None = CHILD_REVIEW_KINDS,
    disclosure: int | Disclosure | None = None,
) -> pa.Table:
    """Per expected statutory process, the reviews whose chronology never records it.

    "Statutory processes were not triggered": in how many reviews of a child's death or
    serious harm does the chronology hold no section 47 enquiry, no initial child
    protection conference? A review counts as not recording a process when none of its
    events has the process's code or the code of a registered sub-process of it, exactly as
    :func:`~systemsreview.query.processes_not_recorded` decides for one review. A review
    with no typed events at all (every review of a dataset older than format 5.0) records
    none of them. Whether the process *should* have happened is the reviewer's judgement,
    not the data's: the table says what the chronologies record.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None``, ``"year"`` (of decision; undated reviews left out) or ``"kind"``.
        expected: the process codes asked about (registered codes), by default
            :data:`~systemsreview.query.CHILD_PROTECTION`; one row each, in this order.
        kinds: only reviews of these kinds (review kind values), by default
            :data:`CHILD_REVIEW_KINDS`; ``None`` for every review.
        disclosure: ``None`` (as counted), a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``year`` or ``kind`` (when ``by`` is given), ``process`` (string),
        ``reviews`` (int64: the reviews of the chosen kinds, in the group),
        ``not_recorded`` (int64: those whose chronology never records the process) and
        ``share`` (float64: ``not_recorded`` over ``reviews``; null when there are none).
        Sorted by group, then in the order of ``expected``. Ungrouped there is a row per
        expected process even over no reviews; grouped, only groups with reviews.

    Raises:
        ModelError: for a ``by`` not in :data:`PROCESS_BY`, no expected process, or a kind
            that is not a review kind.
        NotFoundError: an expected code is not a registered process.
    """
    group = _check_by("process_gaps", by)
    codes = checked_expected(expected)
    chosen = checked_kinds(kinds)
    units = _units(source, group)
    if chosen is not None:
        units = units.filter(pc.is_in(units.column("kind"), pa.array(chosen, pa.string())))
    events = _events(source).join(units.select(["review_id"]), "review_id", join_type="inner")
    process = events.column("process")
    totals = _totals(units, group)
    rows: list[pa.Table] = []
    for order, code in enumerate(codes):
        hit = pc.or_(
            pc.equal(process, code), pc.starts_with(process, code + ".")
        )  # recorded as the process or a registered sub-process of it
        recorded = pc.unique(events.filter(hit).column("review_id").combine_chunks())
        missing = units.filter(pc.invert(pc.is_in(units.column("review_id"), recorded)))
        counted = _totals(missing, group).rename_columns([*group, "not_recorded"])
        if group:
            part = totals.join(counted, group, join_type="left outer")
        else:
            part = pa.table({"total": totals.column("total"), **dict(counted.to_pydict())})
        part = pa.table(
            {
                **{g: part.column(g) for g in group},
                "process": pa.array([code] * part.num_rows, pa.string()),
                "order": pa.array([order] * part.num_rows, pa.int64()),
                "reviews": pc.cast(part.column("total"), pa.int64()),
                "not_recorded": pc.cast(pc.fill_null(part.column("not_recorded"), 0), pa.int64()),
            }
        )
        rows.append(part)
    table = pa.concat_tables(rows)
    reviews = table.column("reviews")
    share = pc.if_else(
        pc.equal(reviews, 0),
        pa.scalar(None, pa.float64()),
        _share(table.column("not_recorded"), reviews),
    )
    table = table.append_column("share", share)
    sort = [(g, "ascending") for g in group]
    table = table.sort_by([*sort, ("order", "ascending")]).drop_columns(["order"])
    return apply(table, "process_gaps", disclosure)


def checked_expected(expected: Iterable[str]) -> tuple[str, ...]:
    """The expected process codes, checked: one or more, each registered."""
    codes = () if isinstance(expected, str) else _registered(expected)
    if not codes:
        msg = (
            f"process_gaps: expected must be one or more process codes such as "
            f"CHILD_PROTECTION, got {expected!r}"
        )
        raise ModelError(msg)
    return codes


def checked_kinds(kinds: Iterable[str] | None) -> list[str] | None:
    """The review kinds asked for, checked (``None``: every review)."""
    if kinds is None:
        return None
    if isinstance(kinds, str):
        kinds = [kinds]
    chosen = [k.value if isinstance(k, ReviewKind) else k for k in kinds]
    known = {k.value for k in ReviewKind}
    for kind in chosen:
        if kind not in known:
            msg = (
                f"process_gaps kinds: {kind!r} is not a review kind; choose among "
                f"{', '.join(sorted(known))}, or give kinds=None for every review"
            )
            raise ModelError(msg)
    return chosen
