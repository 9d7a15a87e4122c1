"""The attribute columns of a table's rows, read in one generated pass per table.

Theory of operation. Writing turns objects into columns: for every column of a
:class:`~systemsreview.io._schema.TableSpec` that an attribute holds, the list of that
attribute's values over the rows. ``operator.attrgetter`` per column costs a call per value
and a walk over all the objects per column; this module instead generates, once per table
spec, a function of list comprehensions (``[x.source for x in rows]``), as attrs and cattrs
generate their ``__init__`` and hooks. The interpreter specialises each attribute access to a
slot read, which makes the columns of ``links`` about three times quicker to gather.

A vocabulary column is gathered directly as indices into its whole vocabulary (the
position of each member in ``list(Enum)``), so no enum member is looked up twice.

The functions are generated from the specs alone, so a column added to
:mod:`systemsreview.io._schema` is gathered without a change here. Attribute paths must be
dotted identifiers (``period.start``); anything else raises ``ValueError``.

>>> from systemsreview.io._schema import SPECS
>>> from systemsreview.model import Link, LinkKind
>>> link = Link("a", "b", LinkKind.WORKS_FOR, note="n")
>>> columns = extractor(SPECS["links"])([link])
>>> columns["source"], columns["target"], columns["note"]
(['a'], ['b'], ['n'])
>>> columns["kind"] == [list(LinkKind).index(LinkKind.WORKS_FOR)]
True
"""

from __future__ import annotations

import enum
import functools
import keyword
from collections.abc import Callable, Sequence
from typing import Any

import pyarrow as pa

from systemsreview.io._schema import Column, TableSpec

__all__ = ["Extractor", "extractor", "gathered", "vocabulary"]

#: Gathers the attribute columns of rows: column attribute -> values (indices for enums).
Extractor = Callable[[Sequence[Any]], dict[str, list[Any]]]


def gathered(spec: TableSpec) -> tuple[Column, ...]:
    """The columns of ``spec`` gathered from its rows: all but ``review_id`` and derived ones."""
    return tuple(c for c in spec.columns[1:] if not c.derived)


@functools.cache
def vocabulary(vocab: type[enum.StrEnum]) -> pa.Array:
    """The dictionary of a vocabulary column: every value, in member order (made once)."""
    return pa.array([member.value for member in vocab], pa.string())


def _path(col: Column) -> str:
    parts = col.attr.split(".")
    if not all(p.isidentifier() and not keyword.iskeyword(p) for p in parts):
        msg = f"column {col.name!r}: attribute path {col.attr!r} is not a dotted identifier"
        raise ValueError(msg)
    return ".".join(parts)


@functools.cache
def extractor(spec: TableSpec) -> Extractor:
    """The function gathering the attribute columns of ``spec``'s rows (made once per spec).

    It returns a dict from each gathered column's ``attr`` to its values in row order;
    a vocabulary column holds each member's index in its vocabulary instead of the member.
    """
    namespace: dict[str, Any] = {}
    items = []
    for i, col in enumerate(gathered(spec)):
        value = f"x.{_path(col)}"
        if col.kind == "enum" and col.enum is not None:
            namespace[f"v{i}"] = {member: n for n, member in enumerate(col.enum)}
            value = f"v{i}[{value}]"
        items.append(f"    {col.attr!r}: [{value} for x in rows],")
    source = "\n".join(["def gather(rows):", "  return {", *items, "  }"])
    code = compile(source, f"<systemsreview gather {spec.name}>", "exec")
    exec(code, namespace)  # generated from the table specs only, never from data
    gather: Extractor = namespace["gather"]
    return gather
