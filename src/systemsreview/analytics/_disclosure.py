"""Statistical disclosure control for publishing corpus analyses.

A table built from a few reviews can identify a child: official statistics never publish a
count between 1 and 4 (the threshold is 5 by default here too), and where the rows of a
group add up to a published total, they also hide a second cell, so that the first cannot
be worked out by subtraction (secondary suppression). Or they round every count to a base
(5), which hides small counts and differences at once.

:func:`disclose` applies either to any Arrow table of counts: the corpus analyses, or a
table of your own.

>>> import pyarrow as pa
>>> table = pa.table({"age_band": ["under 1", "1-5", "6-10", "11-15"],
...                   "reviews": [31, 3, 12, 22]})
>>> disclose(table, counts=["reviews"], groups=[[]]).to_pylist()  # doctest: +NORMALIZE_WHITESPACE
[{'age_band': 'under 1', 'reviews': 31, 'suppressed': False},
 {'age_band': '1-5', 'reviews': None, 'suppressed': True},
 {'age_band': '6-10', 'reviews': None, 'suppressed': True},
 {'age_band': '11-15', 'reviews': 22, 'suppressed': False}]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.errors import ModelError

__all__ = ["DEFAULT_THRESHOLD", "disclose"]

#: Counts below this (and above zero) are not published, as in official statistics.
DEFAULT_THRESHOLD = 5

Method = Literal["suppress", "round"]


def _check(table: pa.Table, columns: Sequence[str], what: str) -> None:
    for name in columns:
        if name not in table.column_names:
            msg = f"disclose: {what} column {name!r} is not in the table"
            raise ModelError(f"{msg} (columns: {', '.join(table.column_names)})")


def _primary(values: list[list[int | None]], threshold: int, zeros_safe: bool) -> list[bool]:
    low = 1 if zeros_safe else 0
    return [any(v is not None and low <= v < threshold for v in row) for row in values]


def _secondary(keys: list[tuple[object, ...]], sizes: list[int], hidden: list[bool]) -> list[bool]:
    """Hide the smallest other row of every group with exactly one hidden row, until none."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    changed = True
    while changed:
        changed = False
        for rows in groups.values():
            shown = [i for i in rows if not hidden[i]]
            if sum(hidden[i] for i in rows) == 1 and shown:
                nonzero = [i for i in shown if sizes[i] > 0] or shown
                hidden[min(nonzero, key=lambda i: (sizes[i], i))] = True
                changed = True
    return hidden


def disclose(
    table: pa.Table,
    *,
    counts: Sequence[str],
    derived: Sequence[str] = (),
    threshold: int = DEFAULT_THRESHOLD,
    groups: Sequence[Sequence[str]] | None = None,
    method: Method = "suppress",
    base: int = 5,
    zeros_safe: bool = True,
) -> pa.Table:
    """``table`` safe to publish: small counts suppressed (and what would reveal them), or rounded.

    Args:
        table: an Arrow table with one or more count columns.
        counts: the count columns to protect.
        derived: columns computed from the counts (shares, rates, lifts): nulled where a
            row is suppressed, and dropped when rounding (recompute them from the rounded
            counts).
        threshold: a count ``n`` with ``0 < n < threshold`` is not published.
        groups: for secondary suppression, the sets of rows whose counts add up to a total
            that is published or can be derived: each entry names the key columns whose
            values define one set (``[["year"]]``: the rows of each year; ``[[]]``: the
            whole table). Wherever a set has exactly one suppressed row, its smallest other
            row is suppressed too, until no set has one. ``None``: no secondary
            suppression (for tables whose rows do not add up, such as prevalences, where a
            review may count in several rows).
        method: ``"suppress"`` (nulls, with a ``suppressed`` column saying which rows) or
            ``"round"`` (every count rounded to the nearest ``base``, halves up).
        base: the rounding base.
        zeros_safe: a zero count is published (it identifies no one); ``False`` treats
            it as small.

    Returns:
        A new table: the same columns (less ``derived`` when rounding), and with
        ``"suppress"`` a last column ``suppressed`` (bool). A whole row is suppressed when
        any of its counts is small, so that one count cannot be read from another.

    Raises:
        ModelError: a named column is missing or not whole numbers, or a parameter is out
            of range.
    """
    if not counts:
        raise ModelError("disclose: name the count columns to protect (counts=[...])")
    _check(table, counts, "count")
    _check(table, derived, "derived")
    for name in counts:
        if not pa.types.is_integer(table.schema.field(name).type):
            msg = f"disclose: count column {name!r} is {table.schema.field(name).type}"
            raise ModelError(f"{msg}, not whole numbers")
    if threshold < 1 or base < 1:
        raise ModelError(f"disclose: threshold and base must be 1 or more ({threshold}, {base})")
    if method == "round":
        out = table.drop_columns(list(derived))
        for name in counts:
            column = out.column(name)
            rounded = pc.multiply(
                pc.floor(pc.divide(pc.add(pc.cast(column, pa.float64()), base / 2), base)), base
            )
            index = out.column_names.index(name)
            out = out.set_column(index, name, pc.cast(rounded, column.type))
        return out
    if method != "suppress":
        raise ModelError(f"disclose: method must be 'suppress' or 'round', got {method!r}")
    values = [table.column(name).to_pylist() for name in counts]
    rows = [list(row) for row in zip(*values, strict=True)] if values else []
    hidden = _primary(rows, threshold, zeros_safe)
    sizes = [min((v for v in row if v is not None), default=0) for row in rows]
    groupings = []
    for keys in groups or ():
        _check(table, keys, "group")
        key_values = [table.column(k).to_pylist() for k in keys]
        groupings.append([tuple(col[i] for col in key_values) for i in range(table.num_rows)])
    while groupings:  # a row hidden for one grouping may leave another with a single one
        before = list(hidden)
        for row_keys in groupings:
            hidden = _secondary(row_keys, sizes, hidden)
        if hidden == before:
            break
    mask = pa.array(hidden, pa.bool_())
    out = table
    for name in (*counts, *derived):
        column = out.column(name)
        nulls = pa.nulls(len(column), column.type)
        index = out.column_names.index(name)
        out = out.set_column(index, name, pc.if_else(mask, nulls, column))
    return out.append_column("suppressed", mask)
