"""The one place where reviews become Arrow tables and Arrow tables become reviews.

Objects to Arrow: one list comprehension per column over all reviews of a batch, then one
``pa.Table`` per table (``DESIGN.md``, "Performance"). Arrow to objects: each column is
validated as a whole and decoded once (dictionary and date columns once per distinct value),
the objects are built column by column (:mod:`systemsreview.io._build`), and the entity rows
are cut into per-review tuples along the runs of their ``review_id`` column.

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> tables = encode([review])
>>> tables["events"].num_rows, tables["links"].column_names[5:]
(11, ['locator', 'quote', 'src_kind', 'dst_kind', 'extensions'])
>>> decode(tables, {name: Where("<memory>", name) for name in tables}) == [review]
True
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.errors import FormatError
from systemsreview.io._build import build
from systemsreview.io._columns import Where, decode_column
from systemsreview.io._extract import extractor, gathered, vocabulary
from systemsreview.io._kinds import end_kinds
from systemsreview.io._schema import PERSPECTIVE, REVIEWER, SCHEMAS, SPECS, Column, TableSpec
from systemsreview.model import (
    SUB_PATTERNS,
    Action,
    ActionStatus,
    DatePrecision,
    EntityKind,
    FamilyMember,
    Finding,
    Period,
    RelatedReview,
    Review,
    Subject,
    date_bounds,
    edtf,
    find_characteristic,
    find_code,
    find_process,
    identifying_id,
)
from systemsreview.model._characteristics import unknown_characteristic_message
from systemsreview.model._dates import normalised
from systemsreview.model._extensions import EMPTY
from systemsreview.model._processes import unknown_process_message

__all__ = ["Batches", "Where", "decode", "decode_batches", "encode"]

_TYPE_VIEWS = SPECS["episodes"].schema.field("perspectives").type


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def _team(teams: Sequence[Sequence[Any]]) -> pa.Array:
    people = [p for team in teams for p in team]
    offsets = pa.array(itertools.accumulate((len(t) for t in teams), initial=0), pa.int32())
    fields = [pa.array([_plain(getattr(p, f.name)) for p in people], f.type) for f in REVIEWER]
    struct = pa.StructArray.from_arrays(fields, fields=list(REVIEWER))
    return pa.ListArray.from_arrays(
        offsets, struct, type=SCHEMAS["reviews"].field("reviewers").type
    )


def _views(perspectives: Sequence[Sequence[Any]]) -> pa.Array:
    views = [p for group in perspectives for p in group]
    offsets = pa.array(itertools.accumulate((len(g) for g in perspectives), initial=0), pa.int32())
    fields = [
        pa.array([p.agency_id for p in views], pa.string()),
        pa.array([p.view for p in views], pa.string()),
        pa.array([p.status.value for p in views], pa.string()),
        pa.array([p.sensitivity.value for p in views], pa.string()),
    ]
    struct = pa.StructArray.from_arrays(fields, fields=list(PERSPECTIVE))
    return pa.ListArray.from_arrays(offsets, struct, type=_TYPE_VIEWS)


def _array(values: list[Any], col: Column) -> pa.Array:  # noqa: PLR0911  # one per kind
    """The Arrow array of one column gathered by :func:`~systemsreview.io._extract.extractor`."""
    if col.kind == "enum" and col.enum is not None:
        # The gathered values are indices into the whole vocabulary: no string per row.
        indices = pa.array(values, pa.int32())
        return pa.DictionaryArray.from_arrays(indices, vocabulary(col.enum))
    if col.kind == "team":
        return _team(values)
    if col.kind == "views":
        return _views(values)
    if col.kind in ("enums", "members"):
        return pa.array([[m.value for m in v] for v in values], col.type)
    if col.kind == "json":
        if values.count(EMPTY) == len(values):  # the usual case, at C speed (identity first)
            return pa.nulls(len(values), pa.string())
        return pa.array([e.text or None for e in values], pa.string())
    return pa.array(values, col.type)


def _owners(counts: Iterable[int]) -> pa.Array:
    """For rows held ``counts`` per review, the position of each row's review."""
    offsets = pa.array(itertools.accumulate(counts, initial=0), pa.int32())
    rows = offsets[-1].as_py()
    return pc.list_parent_indices(pa.ListArray.from_arrays(offsets, pa.nulls(rows)))


#: Rows (entities and links) encoded at a time: few enough that a chunk's objects and values
#: stay in the processor's caches between the passes over them (one per column), which makes
#: 1,000 synthetic reviews (about a million rows) encode some 15% quicker than in one go.
CHUNK_ROWS = 50_000

_held = attrgetter(*(name for name in SPECS if name != "reviews"))  # a review's rows, per table


def _chunks(reviews: Sequence[Review]) -> Iterable[Sequence[Review]]:
    """Runs of whole reviews of at most :data:`CHUNK_ROWS` rows (or one review, if larger)."""
    start = rows = 0
    for i, review in enumerate(reviews):
        size = sum(map(len, _held(review)))
        if rows and rows + size > CHUNK_ROWS:
            yield reviews[start:i]
            start, rows = i, 0
        rows += size
    yield reviews[start:]


def encode(reviews: Sequence[Review]) -> dict[str, pa.Table]:
    """One Arrow table per dataset table for ``reviews``, rows sorted by review id.

    The sort is stable and moves whole reviews, so each review's entities keep their order.
    The reviews are encoded in chunks (:data:`CHUNK_ROWS`), so a table's columns may hold
    several chunks.
    """
    chunks = [_encode(chunk) for chunk in _chunks(sorted(reviews, key=attrgetter("id")))]
    if len(chunks) == 1:
        return chunks[0]
    # Zero-copy: a table's columns keep one Arrow chunk per review chunk. Parquet writes them
    # as it writes one combined array, byte for byte, without the copy.
    return {name: pa.concat_tables([chunk[name] for chunk in chunks]) for name in SPECS}


def _encode(reviews: Sequence[Review]) -> dict[str, pa.Table]:
    """:func:`encode` of reviews already sorted by id, all at once."""
    ids = pa.array([r.id for r in reviews], pa.string())
    tables: dict[str, pa.Table] = {}
    owners: dict[str, pa.Array] = {}  # per entity table and links: each row's review position
    for spec in SPECS.values():
        if spec.name == "reviews":
            items: Sequence[Any] = reviews
            arrays = {"review_id": ids}
        else:
            held = list(map(attrgetter(spec.name), reviews))
            items = list(itertools.chain.from_iterable(held))
            owners[spec.name] = _owners(map(len, held))
            arrays = {"review_id": ids.take(owners[spec.name])}  # no str per row
        values = extractor(spec)(items)
        for c in gathered(spec):
            arrays[c.name] = _array(values[c.attr], c)
        if spec.name == "links":  # the kinds of the ends, from the entity tables just built
            # Review positions stand for the review ids: no id is hashed as a string.
            entities = {
                kind: pa.table({"review_id": owners[kind.plural], "id": tables[kind.plural]["id"]})
                for kind in EntityKind
            }
            ends = pa.table(
                {"review_id": owners[spec.name], "src": arrays["src"], "dst": arrays["dst"]}
            )
            arrays["src_kind"], arrays["dst_kind"] = end_kinds(ends, entities)
        columns = [arrays[c.name] for c in spec.columns]
        tables[spec.name] = pa.Table.from_arrays(columns, schema=SCHEMAS[spec.name])
    return tables


def _check_periods(
    table: pa.Table, spec: TableSpec, where: Where, values: Mapping[str, Any]
) -> None:
    """No period ends (on the last day its end stands for) before it starts."""
    starts = [c for c in spec.columns if c.attr.endswith(".start")]
    for start in starts:
        end = start.name.removesuffix("_start") + "_end"
        precisions = values[start.attr.removesuffix(".start") + ".end_precision"]
        before = pc.indices_nonzero(
            pc.fill_null(pc.less(table.column(end), table.column(start.name)), False)
        )
        for i in before.to_pylist():  # only coarse ends can end before their start day
            a, b = table.column(start.name)[i].as_py(), table.column(end)[i].as_py()
            if date_bounds(b, precisions[i])[1] < a:
                shown = edtf(b, precisions[i])
                raise where.error(i, end, f"the period ends {shown} before it starts {a}")


def _check_precisions(values: Mapping[str, Any], where: Where, spec: TableSpec) -> None:
    """Every date given to the month or the year is the first day it stands for."""
    for col in spec.columns:
        if not col.name.endswith("_precision"):
            continue
        precisions = values[col.attr]
        if precisions.count(DatePrecision.DAY) == len(precisions):  # the usual case, in C
            continue
        days = values[col.attr.removesuffix("_precision")]
        for i, (day, precision) in enumerate(zip(days, precisions, strict=True)):
            if precision is not DatePrecision.DAY and normalised(day, precision) != day:
                date = col.name.removesuffix("_precision")
                problem = (
                    f"{day} is given to the {precision.value}, so it must be the first day it "
                    f"stands for ({normalised(day, precision)})"
                )
                raise where.error(i, date, problem)


def _check_processes(processes: Sequence[str | None], where: Where) -> None:
    """Every statutory process is a registered one."""
    seen: set[str | None] = {None}
    for i, code in enumerate(processes):
        if code not in seen:
            if find_process(code) is None:  # type: ignore[arg-type]  # not None here
                raise where.error(i, "process", unknown_process_message(str(code)))
            seen.add(code)


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


def _check_actions(columns: Mapping[str, list[Any]], where: Where) -> None:
    """What :class:`~systemsreview.model.Action` checks across its fields, row by row."""
    names = ("status", "agreed", "due", "completed")
    rows = zip(*(columns[name] for name in names), strict=True)
    for i, (status, agreed, due, completed) in enumerate(rows):
        if completed is not None and status is not ActionStatus.DONE:
            problem = f"set to {completed} but the status is {status.value!r}"
            raise where.error(i, "completed", f"{problem}; only a done action has one")
        for name, day in (("due", due), ("completed", completed)):
            if agreed is not None and day is not None and day < agreed:
                raise where.error(i, name, f"{day} is before the agreed day {agreed}")


def _check_context(columns: Mapping[str, list[Any]], spec: TableSpec, where: Where) -> None:
    """What the model checks of a review's terms of reference and of a related review."""
    if "terms_of_reference" in columns:
        for i, items in enumerate(columns["terms_of_reference"]):
            if any(not item.strip() for item in items):
                raise where.error(i, "terms_of_reference", f"a blank item in {list(items)}")
    if spec.cls is RelatedReview:
        pairs = zip(columns["review_id"], columns["title"], strict=True)
        for i, (other, title) in enumerate(pairs):
            for name, value in (("other_id", other), ("title", title)):
                if value and not value.strip():
                    raise where.error(i, name, f"got {value!r}; expected text or ''")
            if not (other or title):
                problem = "neither other_id nor title is set"
                raise where.error(i, "other_id", problem, "name the other review by one of them")


def _check_patterns(columns: Mapping[str, list[Any]], where: Where) -> None:
    """What :class:`~systemsreview.model.Finding` checks of its patterns, row by row."""
    rows = zip(columns["pattern"], columns["other_patterns"], columns["sub_patterns"], strict=True)
    for i, (pattern, others, subs) in enumerate(rows):
        if not others and not subs:
            continue
        if pattern in others or len(set(others)) != len(others):
            problem = f"{[o.value for o in others]} repeats a pattern or holds {pattern.value!r}"
            raise where.error(i, "other_patterns", problem + ", the finding's primary pattern")
        held = {pattern, *others}
        for sub in subs:
            known = SUB_PATTERNS.get(sub)
            if known is None:
                raise where.error(i, "sub_patterns", f"{sub!r} is not a known sub-pattern")
            if known.pattern not in held:
                problem = f"{sub!r} refines {known.pattern.value!r}, not a pattern of the finding"
                raise where.error(i, "sub_patterns", problem)
        if len(set(subs)) != len(subs):
            raise where.error(i, "sub_patterns", f"a sub-pattern is repeated in {list(subs)}")


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


def _columns(
    table: pa.Table, spec: TableSpec, where: Where, review_ids: Sequence[str]
) -> dict[str, Any]:
    """The decoded attribute columns of one table (its ``review_id`` column checked apart)."""
    where = attrs.evolve(where, review_ids=review_ids)
    values: dict[str, Any] = {}
    for col in spec.columns[1:]:
        decoded = decode_column(table.column(col.name).combine_chunks(), col, where)
        if not col.derived:  # derived columns are checked, then left: the review holds them
            values[col.attr] = decoded
        if col.name == "id":
            where = attrs.evolve(where, ids=values["id"])
    _check_precisions(values, where, spec)
    _check_periods(table, spec, where, values)
    for attr in [a for a in values if a.endswith(".start")]:
        name = attr.removesuffix(".start")
        fields = ("start", "end", "start_precision", "end_precision")
        values[name] = build(Period, {f: values.pop(f"{name}.{f}") for f in fields})
    if "process" in values:
        _check_processes(values["process"], where)
    if "category" in values:
        _check_categories(values, where)
    if spec.cls is Action:
        _check_actions(values, where)
    if "characteristics" in values:
        _check_case(values, spec, where)
    _check_context(values, spec, where)
    if spec.cls is Finding:
        _check_patterns(values, where)
    return values


class _Ids(Sequence[str]):
    """A review id column read one value at a time (for error messages): no list of strings."""

    def __init__(self, column: pa.Array) -> None:
        self.column = column

    def __len__(self) -> int:
        return len(self.column)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]  # single rows only
        return self.column[i].as_py()  # type: ignore[no-any-return]


def _starts(column: pa.Array) -> list[int]:
    """The first row of each run of equal review ids."""
    n = len(column)
    if n == 0:
        return []
    changes = pc.not_equal(column.slice(1), column.slice(0, n - 1))
    return [0, *(i + 1 for i in pc.indices_nonzero(changes).to_pylist())]


#: One table's rows as batches, each with where its rows come from (for errors).
Batches = Iterable[tuple[pa.Table, Where]]


def _objects(
    batches: Batches, spec: TableSpec, known: Mapping[str, int]
) -> dict[str, tuple[Any, ...]]:
    """The objects of one entity table by review id, each review's in their row order.

    The batches are decoded one at a time, so only one batch's Arrow data and Python
    columns are held at once beside the objects built. Orphan rows are refused.
    """
    objects: list[Any] = []
    runs: list[tuple[str, int]] = []  # (review id, first row) of each run of equal ids
    for table, where in batches:
        column = table.column(0).combine_chunks()
        decode_column(column, spec.columns[0], where)  # checked, never turned into strings
        ids = _Ids(column)
        starts = _starts(column)
        for start, rid in zip(
            starts, column.take(pa.array(starts, pa.int64())).to_pylist(), strict=True
        ):
            if rid not in known:
                problem = f"rows of review {rid!r}, which the reviews table does not hold"
                advice = "remove the rows or restore the review"
                raise where.error(start, "review_id", problem, advice)
            if not runs or runs[-1][0] != rid:
                runs.append((rid, len(objects) + start))
        objects += build(spec.cls, _columns(table, spec, where, ids))
        del table, column, ids
    ends = [first for _, first in runs[1:]] + ([len(objects)] if runs else [])
    groups: dict[str, tuple[Any, ...]] = {}
    for (rid, start), end in zip(runs, ends, strict=True):
        if rid in groups:  # rows of one review not contiguous: gather them, keeping order
            gathered: dict[str, list[Any]] = {}
            for (key, a), b in zip(runs, ends, strict=True):
                gathered.setdefault(key, []).extend(objects[a:b])
            return {k: tuple(v) for k, v in gathered.items()}
        groups[rid] = tuple(objects[start:end])
    return groups


def decode_batches(
    reviews: tuple[pa.Table, Where], entities: Callable[[str], Batches]
) -> list[Review]:
    """The reviews held by one aligned batch of tables, in the reviews table's row order.

    ``reviews`` is the ``reviews`` table (whole); ``entities(name)`` gives the rows of table
    ``name`` in batches, read only when that table's turn comes, so that one table's
    batch at a time is held as Arrow data.

    Raises:
        FormatError: naming file, table, row, entity and column of the first bad value.
    """
    table, where = reviews
    spec = SPECS["reviews"]
    review_ids = decode_column(table.column(0).combine_chunks(), spec.columns[0], where)
    columns = _columns(table, spec, where, review_ids)
    columns["id"] = review_ids
    del table
    known = {rid: i for i, rid in enumerate(review_ids)}
    if len(known) != len(review_ids):
        twice = next(rid for rid in review_ids if review_ids.count(rid) > 1)
        rows = [where.row(i) for i, rid in enumerate(review_ids) if rid == twice]
        msg = f"{where.file}: table 'reviews' holds review {twice!r} twice (rows {rows})"
        raise FormatError(f"{msg}; remove one of them")
    for name, spec in SPECS.items():
        if name == "reviews":
            continue
        groups = _objects(entities(name), spec, known)
        columns[name] = [groups.get(rid, ()) for rid in review_ids]
        del groups
    return build(Review, columns)


def decode(tables: Mapping[str, pa.Table], wheres: Mapping[str, Where]) -> list[Review]:
    """:func:`decode_batches` of whole tables held in memory.

    Raises:
        FormatError: naming file, table, row, entity and column of the first bad value.
    """
    return decode_batches(
        (tables["reviews"], wheres["reviews"]), lambda name: [(tables[name], wheres[name])]
    )
