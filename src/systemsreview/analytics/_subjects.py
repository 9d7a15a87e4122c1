"""Breakdowns of the children and adults reviewed: statutory status, knowledge, schooling.

Each counts subjects (a review's children or adults at risk), overall or per harm type
(``"incident"``), year of decision (``"year"``; subjects of undated reviews left out) or age
band, and gives each count as a share of the subjects in its group:

- :func:`known_to_services`: per statutory status (none, child in need, on a child
  protection plan, looked after, previously on a plan, ...) and whether children's or
  adults' social care knew the subject;
- :func:`education_status`: per education status (in school, regularly absent, not in
  school, electively home educated, not applicable).

Both take ``disclosure`` as every analysis does (see :func:`~systemsreview.analytics.protect`).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import Source, read
from systemsreview.errors import ModelError

__all__ = ["SUBJECT_BY", "education_status", "known_to_services"]

#: What the subject breakdowns can split by: ``None``, or a column of the review or subject.
SUBJECT_BY = (None, "incident", "year", "age_band")


def _breakdown(source: Source, name: str, columns: list[str], by: str | None) -> pa.Table:
    if by not in SUBJECT_BY:
        msg = f"{name} by {by!r}: choose one of {', '.join(map(repr, SUBJECT_BY))}"
        raise ModelError(msg)
    wanted = ["review_id", *columns, *(["age_band"] if by == "age_band" else [])]
    subjects = read(source, "subjects", wanted)
    group = [] if by is None else [by]
    if by in ("incident", "year"):
        reviews = read(source, "reviews", ["review_id", "incident", "decided"])
        keyed = pa.table(
            {
                "review_id": reviews.column("review_id"),
                "incident": reviews.column("incident"),
                "year": pc.cast(pc.year(reviews.column("decided")), pa.int64()),
            }
        ).select(["review_id", str(by)])
        subjects = subjects.join(keyed, "review_id", join_type="inner")
        if by == "year":
            subjects = subjects.filter(pc.is_valid(subjects.column("year")))
    subjects = subjects.drop_columns(["review_id"])
    counted = subjects.group_by([*group, *columns]).aggregate([(columns[0], "count")])
    counted = counted.rename_columns([*group, *columns, "subjects"])
    if group:
        totals = subjects.group_by(group).aggregate([(columns[0], "count")])
        counted = counted.join(totals.rename_columns([*group, "total"]), group)
        total = counted.column("total")
    else:
        total = pa.array([subjects.num_rows] * counted.num_rows, pa.int64())
    n = pc.cast(counted.column("subjects"), pa.int64())
    total = pc.cast(total, pa.int64())
    table = pa.table(
        {
            **{k: counted.column(k) for k in (*group, *columns)},
            "subjects": n,
            "total": total,
            "share": pc.divide(pc.cast(n, pa.float64()), pc.cast(total, pa.float64())),
        }
    )
    return table.sort_by([(k, "ascending") for k in (*group, *columns)])


def known_to_services(
    source: Source, by: str | None = None, *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Subjects per statutory status and whether children's or adults' social care knew them.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None``, ``"incident"`` (harm type), ``"year"`` (of decision) or ``"age_band"``.
        disclosure: ``None``, a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``by`` (when given), ``status`` (string), ``known_to_social_care`` (bool),
        ``subjects`` (int64), ``total`` (int64: subjects in the group) and ``share``
        (float64), sorted by group, status, then known.

    Raises:
        ModelError: for a ``by`` not in :data:`SUBJECT_BY`, or a bad ``disclosure``.
    """
    table = _breakdown(source, "known_to_services", ["status", "known_to_social_care"], by)
    return apply(table, "known_to_services", disclosure)


def education_status(
    source: Source, by: str | None = None, *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Subjects per education status: in school, regularly absent, not in school, ...

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None``, ``"incident"`` (harm type), ``"year"`` (of decision) or ``"age_band"``.
        disclosure: ``None``, a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``by`` (when given), ``education`` (string), ``subjects`` (int64),
        ``total`` (int64: subjects in the group) and ``share`` (float64), sorted by group
        then education status.

    Raises:
        ModelError: for a ``by`` not in :data:`SUBJECT_BY`, or a bad ``disclosure``.
    """
    table = _breakdown(source, "education_status", ["education"], by)
    return apply(table, "education_status", disclosure)
