"""Panel-style analyses of the case: how often each characteristic occurs, and with what.

A review *has* a characteristic when the review, one of its subjects or one of its family
members records it. A subject has it when the subject, the review or a family member
records it (a parent's mental ill-health is part of the child's case). The analyses count:

- :func:`characteristic_prevalence`: per characteristic (and per harm type, year of
  decision, age band or sex), the reviews (or, by age band and sex, the subjects) that
  have it, out of all in the group;
- :func:`characteristic_crosstab`: per characteristic and finding pattern (or factor
  category), the reviews with both, out of the reviews with the characteristic.

Every analysis takes ``disclosure`` (see :func:`~systemsreview.analytics.protect`). All
counting is Arrow compute; the same analyses are SQL texts in :mod:`systemsreview.sql`.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.analytics._protect import Disclosure, apply
from systemsreview.analytics._tables import FINDING_PATTERNS, Source, read
from systemsreview.errors import ModelError

__all__ = ["BY", "characteristic_crosstab", "characteristic_prevalence"]

#: What :func:`characteristic_prevalence` groups by: on reviews, or on subjects.
BY = {
    None: "reviews",
    "incident": "reviews",
    "year": "reviews",
    "age_band": "subjects",
    "sex": "subjects",
}


def _codes(table: pa.Table, keys: list[str]) -> pa.Table:
    """``keys`` and ``characteristic``: one row per code of each row's characteristics."""
    lists = table.column("characteristics").combine_chunks()
    parents = pc.list_parent_indices(lists)
    out = {k: pc.take(table.column(k).combine_chunks(), parents) for k in keys}
    return pa.table({**out, "characteristic": pc.list_flatten(lists)})


def _review_codes(
    source: Source, holders: tuple[str, ...] = ("reviews", "subjects", "family")
) -> pa.Table:
    """``review_id``, ``characteristic``: each review's characteristics, from ``holders``."""
    parts = [
        _codes(read(source, name, ["review_id", "characteristics"]), ["review_id"])
        for name in holders
    ]
    return _distinct(pa.concat_tables(parts), ["review_id", "characteristic"])


def _distinct(table: pa.Table, keys: list[str]) -> pa.Table:
    return table.group_by(keys, use_threads=False).aggregate([]).select(keys)


def _count(pairs: pa.Table, units: pa.Table, group: list[str], unit: str) -> pa.Table:
    """Per ``group`` and characteristic: units having it (``cases``), ``total``, ``share``."""
    counted = pairs.group_by([*group, "characteristic"]).aggregate([(unit, "count")])
    totals = units.group_by(group).aggregate([(unit, "count")]) if group else None
    cases = pc.cast(counted.column(f"{unit}_count"), pa.int64())
    table = counted.drop_columns([f"{unit}_count"]).append_column("cases", cases)
    if totals is not None:
        totals = totals.rename_columns([*group, "total"])
        table = table.join(totals, group, join_type="inner")
    else:
        table = table.append_column(
            "total", pa.array([units.num_rows] * table.num_rows, pa.int64())
        )
    share = pc.divide(
        pc.cast(table.column("cases"), pa.float64()), pc.cast(table.column("total"), pa.float64())
    )
    table = table.append_column("share", share).select(
        [*group, "characteristic", "cases", "total", "share"]
    )
    return table.cast(
        table.schema.set(table.schema.get_field_index("total"), pa.field("total", pa.int64()))
    )


def _sorted(table: pa.Table, group: list[str]) -> pa.Table:
    keys = [(g, "ascending") for g in group]
    return table.sort_by([*keys, ("cases", "descending"), ("characteristic", "ascending")])


def characteristic_prevalence(
    source: Source, by: str | None = None, *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """How often each case characteristic occurs, overall or per group.

    Args:
        source: a ``Corpus`` (filtered with ``where`` as wished) or a dataset folder.
        by: ``None`` (all reviews), ``"incident"`` (harm type), ``"year"`` (of decision;
            undated reviews left out): counted over reviews; ``"age_band"`` or ``"sex"``:
            counted over subjects.
        disclosure: ``None``, a threshold or a ``Disclosure`` (see ``protect``).

    Returns:
        Columns ``by`` (when given), ``characteristic`` (string), ``cases`` (int64: reviews
        or subjects that have it), ``total`` (int64: reviews or subjects in the group) and
        ``share`` (float64), sorted by group, most frequent first, then by code.

    Raises:
        ModelError: for a ``by`` not in :data:`BY`.
    """
    if by not in BY:
        msg = f"characteristic_prevalence by {by!r}: choose one of {', '.join(map(repr, BY))}"
        raise ModelError(msg)
    group = [] if by is None else [by]
    if BY[by] == "reviews":
        reviews = read(source, "reviews", ["review_id", "incident", "decided"])
        units = pa.table(
            {
                "review_id": reviews.column("review_id"),
                "incident": reviews.column("incident"),
                "year": pc.cast(pc.year(reviews.column("decided")), pa.int64()),
            }
        )
        if by == "year":
            units = units.filter(pc.is_valid(units.column("year")))
        pairs = _review_codes(source).join(
            units.select(["review_id", *group]), "review_id", join_type="inner"
        )
        table = _count(pairs, units.select(["review_id", *group]), group, "review_id")
    else:
        key = str(by)
        subjects = read(
            source, "subjects", ["review_id", "id", "age_band", "sex", "characteristics"]
        )
        units = pa.table(
            {
                "unit": pc.binary_join_element_wise(
                    subjects.column("review_id"), subjects.column("id"), "/"
                ),
                "review_id": subjects.column("review_id"),
                key: subjects.column(key),
                "characteristics": subjects.column("characteristics"),
            }
        )
        own = _codes(units, ["unit", key])
        shared = _review_codes(source, ("reviews", "family"))  # not a sibling's own
        shared = shared.join(
            units.select(["unit", "review_id", key]), "review_id", join_type="inner"
        )
        pairs = _distinct(
            pa.concat_tables([own, shared.select(["unit", key, "characteristic"])]),
            ["unit", key, "characteristic"],
        )
        table = _count(pairs, units.select(["unit", key]), group, "unit")
    return apply(_sorted(table, group), "characteristic_prevalence", disclosure)


_CROSS = {"pattern": (FINDING_PATTERNS, "pattern"), "category": ("factors", "category")}


def characteristic_crosstab(
    source: Source, by: str = "pattern", *, disclosure: int | Disclosure | None = None
) -> pa.Table:
    """Per characteristic and finding pattern (or factor ``"category"``): reviews with both.

    "In reviews where a parent had mental ill-health, which factors recur?"

    Returns:
        Columns ``characteristic``, ``pattern`` (or ``category``), ``reviews`` (int64:
        reviews with both), ``total`` (int64: reviews with the characteristic) and
        ``share`` (float64), sorted by characteristic, most frequent first, then by key.

    Raises:
        ModelError: for a ``by`` other than ``"pattern"`` or ``"category"``.
    """
    if by not in _CROSS:
        msg = f"characteristic_crosstab by {by!r}: choose one of {', '.join(map(repr, _CROSS))}"
        raise ModelError(msg)
    name, column = _CROSS[by]
    codes = _review_codes(source)
    items = _distinct(read(source, name, ["review_id", column]), ["review_id", column])
    both = codes.join(items, "review_id", join_type="inner")
    counted = both.group_by(["characteristic", column]).aggregate([("review_id", "count")])
    totals = codes.group_by(["characteristic"]).aggregate([("review_id", "count")])
    totals = totals.rename_columns(["characteristic", "total"])
    table = counted.join(totals, "characteristic", join_type="inner")
    reviews = pc.cast(table.column("review_id_count"), pa.int64())
    total = pc.cast(table.column("total"), pa.int64())
    table = pa.table(
        {
            "characteristic": table.column("characteristic"),
            column: table.column(column),
            "reviews": reviews,
            "total": total,
            "share": pc.divide(pc.cast(reviews, pa.float64()), pc.cast(total, pa.float64())),
        }
    ).sort_by([("characteristic", "ascending"), ("reviews", "descending"), (column, "ascending")])
    return apply(table, "characteristic_crosstab", disclosure)
