"""The one place where reviews become Arrow tables and Arrow tables become reviews.

Objects to Arrow: one list comprehension per column over all reviews of a batch, then one
``pa.Table`` per table (``DESIGN.md``, "Performance"). Arrow to objects: each column is
validated as a whole and decoded once (dictionary and date columns once per distinct value),
the objects are built column by column (:mod:`systemsreview.io._build`), and the entity rows
are cut into per-review tuples along the runs of their ``review_id`` column.

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> tables = encode([review])
>>> tables["events"].num_rows, tables["links"].column_names
(11, ['review_id', 'src', 'dst', 'kind', 'note', 'src_kind', 'dst_kind', 'extensions'])
>>> decode(tables, {name: Where("<memory>", name) for name in tables}) == [review]
True
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from operator import attrgetter
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.errors import FormatError
from systemsreview.io._build import build
from systemsreview.io._columns import Where, decode_column, first
from systemsreview.io._kinds import end_kinds
from systemsreview.io._schema import REVIEWER, SPECS, Column, TableSpec
from systemsreview.model import (
    EntityKind,
    FamilyMember,
    Period,
    Review,
    Subject,
    find_characteristic,
    find_code,
    identifying_id,
)
from systemsreview.model._characteristics import unknown_characteristic_message
from systemsreview.model._extensions import EMPTY

__all__ = ["Where", "decode", "encode"]


def _team(teams: Sequence[Sequence[Any]]) -> pa.Array:
    people = [p for team in teams for p in team]
    offsets = pa.array(itertools.accumulate((len(t) for t in teams), initial=0), pa.int32())
    fields = [pa.array([getattr(p, f.name) for p in people], f.type) for f in REVIEWER]
    struct = pa.StructArray.from_arrays(fields, fields=list(REVIEWER))
    return pa.ListArray.from_arrays(
        offsets, struct, type=SPECS["reviews"].schema.field("reviewers").type
    )


def _array(values: list[Any], col: Column) -> pa.Array:
    if col.kind == "enum" and col.enum is not None:
        # Indices into the whole vocabulary: no string is converted per row.
        members = list(col.enum)
        position = {member: i for i, member in enumerate(members)}
        indices = pa.array(list(map(position.__getitem__, values)), pa.int32())
        dictionary = pa.array([m.value for m in members], pa.string())
        return pa.DictionaryArray.from_arrays(indices, dictionary)
    if col.kind == "team":
        return _team(values)
    if col.kind == "json":
        if values.count(EMPTY) == len(values):  # the usual case, at C speed (identity first)
            return pa.nulls(len(values), pa.string())
        return pa.array([e.text or None for e in values], pa.string())
    return pa.array(values, col.type)


def encode(reviews: Sequence[Review]) -> dict[str, pa.Table]:
    """One Arrow table per dataset table for ``reviews``, rows sorted by review id.

    The sort is stable and moves whole reviews, so each review's entities keep their order.
    """
    reviews = sorted(reviews, key=attrgetter("id"))
    tables: dict[str, pa.Table] = {}
    for spec in SPECS.values():
        if spec.name == "reviews":
            items: Sequence[Any] = reviews
            review_ids = [r.id for r in reviews]
        else:
            field = attrgetter(spec.name)
            held = list(map(field, reviews))
            items = list(itertools.chain.from_iterable(held))
            counts = map(len, held)
            review_ids = list(
                itertools.chain.from_iterable(
                    map(itertools.repeat, (r.id for r in reviews), counts)
                )
            )
        arrays = {"review_id": pa.array(review_ids, pa.string())}
        for c in spec.columns[1:]:
            if not c.derived:
                arrays[c.name] = _array(list(map(attrgetter(c.attr), items)), c)
        if spec.name == "links":  # the kinds of the ends, from the entity tables just built
            ids = {kind: tables[kind.plural] for kind in EntityKind}
            arrays["src_kind"], arrays["dst_kind"] = end_kinds(pa.table(arrays), ids)
        columns = [arrays[c.name] for c in spec.columns]
        tables[spec.name] = pa.Table.from_arrays(columns, schema=spec.schema)
    return tables


def _check_periods(table: pa.Table, spec: TableSpec, where: Where) -> None:
    starts = [c for c in spec.columns if c.attr.endswith(".start")]
    for start in starts:
        end = start.name.removesuffix("_start") + "_end"
        i = first(pc.less(table.column(end), table.column(start.name)))
        if i is not None:
            a, b = table.column(start.name)[i], table.column(end)[i]
            raise where.error(i, end, f"the period ends {b} before it starts {a}")


def _check_categories(columns: Mapping[str, list[Any]], where: Where) -> None:
    seen: set[tuple[str, Any]] = set()
    for i, pair in enumerate(zip(columns["category"], columns["level"], strict=True)):
        if pair in seen:
            continue
        seen.add(pair)
        code = find_code(pair[0])
        if code is None:
            raise where.error(i, "category", f"{pair[0]!r} is not a code of a registered taxonomy")
        if code.level is not pair[1]:
            problem = f"code {pair[0]!r} sits at level {code.level.value!r}, not {pair[1].value!r}"
            raise where.error(i, "category", problem)


def _check_case(columns: Mapping[str, list[Any]], spec: TableSpec, where: Where) -> None:
    """What the model's constructors check of the case: registered codes, anonymous ids."""
    seen: set[str] = set()
    for i, codes in enumerate(columns["characteristics"]):
        for code in codes:
            if code not in seen and find_characteristic(code) is None:
                problem = unknown_characteristic_message(code)
                raise where.error(i, "characteristics", problem)
            seen.add(code)
        if len(set(codes)) != len(codes):
            raise where.error(i, "characteristics", f"a code is repeated in {list(codes)}")
    if spec.cls in (Subject, FamilyMember):
        for i, ident in enumerate(columns["id"]):
            why = identifying_id(ident)
            if why is not None:
                problem = f"id {ident!r} would identify a person ({why})"
                raise where.error(i, "id", problem, "replace it with a role or a letter")


def _columns(table: pa.Table, spec: TableSpec, where: Where) -> tuple[list[str], dict[str, Any]]:
    """The review ids and the decoded attribute columns of one table."""
    review_ids = decode_column(table.column(0).combine_chunks(), spec.columns[0], where)
    where = attrs.evolve(where, review_ids=review_ids)
    values: dict[str, Any] = {}
    for col in spec.columns[1:]:
        decoded = decode_column(table.column(col.name).combine_chunks(), col, where)
        if not col.derived:  # derived columns are checked, then left: the review holds them
            values[col.attr] = decoded
        if col.name == "id":
            where = attrs.evolve(where, ids=values["id"])
    _check_periods(table, spec, where)
    for attr in [a for a in values if a.endswith(".start")]:
        name = attr.removesuffix(".start")
        ends = values.pop(f"{name}.end")
        values[name] = build(Period, {"start": values.pop(attr), "end": ends})
    if "category" in values:
        _check_categories(values, where)
    if "characteristics" in values:
        _check_case(values, spec, where)
    return review_ids, values


def _starts(column: pa.ChunkedArray) -> list[int]:
    """The first row of each run of equal review ids."""
    n = len(column)
    if n == 0:
        return []
    changes = pc.not_equal(column.slice(1), column.slice(0, n - 1))
    return [0, *(i + 1 for i in pc.indices_nonzero(changes).to_pylist())]


def _group(
    column: pa.ChunkedArray,
    review_ids: list[str],
    objects: list[Any],
    known: Mapping[str, int],
    where: Where,
) -> dict[str, tuple[Any, ...]]:
    """Objects by review id, each review's in their row order; orphan rows are refused."""
    starts = _starts(column)
    ends = [*starts[1:], len(review_ids)] if starts else []
    groups: dict[str, tuple[Any, ...]] = {}
    for start, end in zip(starts, ends, strict=True):
        key = review_ids[start]
        if key not in known:
            problem = f"rows of review {key!r}, which the reviews table does not hold"
            raise where.error(start, "review_id", problem, "remove the rows or restore the review")
        if key in groups:  # rows of one review not contiguous: gather them, keeping order
            gathered: dict[str, list[Any]] = {}
            for rid, obj in zip(review_ids, objects, strict=True):
                gathered.setdefault(rid, []).append(obj)
            return {k: tuple(v) for k, v in gathered.items()}
        groups[key] = tuple(objects[start:end])
    return groups


def decode(tables: Mapping[str, pa.Table], wheres: Mapping[str, Where]) -> list[Review]:
    """The reviews held by one aligned batch of tables, in the reviews table's row order.

    Raises:
        FormatError: naming file, table, row, entity and column of the first bad value.
    """
    review_ids, columns = _columns(tables["reviews"], SPECS["reviews"], wheres["reviews"])
    columns["id"] = review_ids
    known = {rid: i for i, rid in enumerate(review_ids)}
    if len(known) != len(review_ids):
        twice = next(rid for rid in review_ids if review_ids.count(rid) > 1)
        where = wheres["reviews"]
        rows = [where.row(i) for i, rid in enumerate(review_ids) if rid == twice]
        msg = f"{where.file}: table 'reviews' holds review {twice!r} twice (rows {rows})"
        raise FormatError(f"{msg}; remove one of them")
    for name, spec in SPECS.items():
        if name == "reviews":
            continue
        rids, values = _columns(tables[name], spec, wheres[name])
        objects: list[Any] = build(spec.cls, values)
        groups = _group(tables[name].column(0), rids, objects, known, wheres[name])
        columns[name] = [groups.get(rid, ()) for rid in review_ids]
    return build(Review, columns)
