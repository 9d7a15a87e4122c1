"""The structural checks every reader makes on a part, in one place.

Every reader (``read``, ``read_review``, ``read_table``, ``review_ids``, ``Corpus`` and its
analyses) and :func:`~systemsreview.io.parquet.rebuild_manifest` go through these checks,
so none of them can be misled where another is not:

- :func:`part_reviews`: the part's ``reviews`` table holds exactly the reviews the manifest
  lists for it, in that order (no unlisted review, no review twice);
- :func:`check_rows`: every row of row group *k* of an entity table belongs to a review of
  row group *k* of the part's ``reviews`` table (no row of an unknown review, of a review
  stored in another part, or of another row group);
- :func:`check_values`: the cheap value checks of an Arrow read (no null in a required
  column, no dictionary index out of range, no value outside a vocabulary), for readers
  that do not decode every value (:func:`~systemsreview.io.parquet.read_table`).

The format versions of the dataset, of each part and of each file, the schema and the row
group count of each file are checked on opening (:mod:`systemsreview.io._manifest`,
:class:`systemsreview.io._files.TableFile`).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs
import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.errors import FormatError
from systemsreview.io import _files, _manifest
from systemsreview.io._columns import bad_enum
from systemsreview.io._files import RESTORE, TableFile, remember
from systemsreview.io._manifest import Part
from systemsreview.io._schema import SPECS

__all__ = ["Held", "check_rows", "check_values", "forget", "part_reviews"]


#: The review ids of each row group of ``reviews`` files that agreed with their part.
_REVIEWS: dict[tuple[object, ...], list[pa.Array]] = {}


def part_reviews(file: TableFile, part: Part) -> list[pa.Array]:
    """The review ids of each row group of ``part``, which must be those of the manifest.

    Raises:
        FormatError: the ``reviews`` table disagrees with the manifest.
    """
    key = (file.key, part.reviews)
    known = _REVIEWS.get(key)
    if known is not None:
        return known
    ids = file.read(None, ["review_id"]).column(0).combine_chunks()
    meta = file.file.metadata
    starts = [sum(meta.row_group(k).num_rows for k in range(g)) for g in range(part.row_groups)]
    sizes = [meta.row_group(g).num_rows for g in range(part.row_groups)]
    groups = [ids.slice(start, size) for start, size in zip(starts, sizes, strict=True)]
    found = [rid for ids in groups for rid in ids.to_pylist()]
    if found != list(part.reviews):
        listed = set(part.reviews)
        missing = sorted(listed - set(found))[:3]
        extra = sorted({str(r) for r in found} - listed)[:3]
        twice = sorted({str(r) for r in found if found.count(r) > 1})[:3] if not extra else []
        msg = f"{file.path}: the file's reviews disagree with the manifest (missing {missing}, "
        msg += f"unlisted {extra}{f', twice {twice}' if twice else ''}); the part was altered "
        raise FormatError(f"{msg}outside systemsreview: {RESTORE}")
    remember(_REVIEWS, key, groups)
    return groups


@attrs.frozen
class Held:
    """What a part holds, for :func:`check_rows`.

    Attributes:
        groups: the review ids of each row group of the part's ``reviews`` table.
        group_of: the row group of each of the part's reviews.
        stored: the part holding each review of the dataset.
    """

    groups: list[pa.Array]
    group_of: Mapping[str, int]
    stored: Mapping[str, Part]

    @classmethod
    def of(cls, groups: list[pa.Array], stored: Mapping[str, Part]) -> Held:
        """The reviews of ``groups`` (from :func:`part_reviews`)."""
        group_of = {rid: g for g, ids in enumerate(groups) for rid in ids.to_pylist()}
        return cls(groups, group_of, stored)


def check_rows(
    file: TableFile,
    group: int,
    ids: pa.Array | pa.ChunkedArray,
    held: Held,
    *,
    rows: bool = True,
    start: int = 0,
) -> None:
    """Every id of ``ids``, from row group ``group`` of ``file``, is a review of that group.

    ``rows`` says whether ``ids`` is the whole row group, or the rows from its row ``start``
    on (the error names the file row), or a filtered piece of it (the error names the row
    group).

    Raises:
        FormatError: naming the file, table, row and the review the row claims.
    """
    mask = pc.fill_null(pc.is_in(ids, value_set=held.groups[group]), False)
    if pc.all(mask).as_py() is not False:
        return
    i = int(pc.indices_nonzero(pc.invert(mask))[0].as_py())
    rid = ids[i].as_py()
    part = held.stored.get(rid) if isinstance(rid, str) else None
    if rid in held.group_of:
        what = f"row group {held.group_of[rid]} of this part holds that review, not row group "
        what += str(group)
    elif part is not None:
        what = f"that review is stored in part {part.name!r}"
    else:
        what = "the dataset holds no such review"
    where = f"row {file.offset(group) + start + i}" if rows else f"row group {group}"
    msg = f"{file.path}: table {file.table!r}, {where}: rows of review {rid!r}, but {what}"
    raise FormatError(f"{msg}; the part was altered outside systemsreview: {RESTORE}")


def check_values(file: TableFile, data: pa.Table) -> None:
    """No nulls in required columns, enum columns in their vocabularies.

    Raises:
        FormatError: naming the file, table and column.
    """
    columns = {c.name: c for c in SPECS[file.table].columns}
    for name in data.column_names:
        col = columns[name]
        column = data.column(name)
        if column.null_count and not col.field.nullable:
            raise file.error(f"column {name!r} holds nulls", "the file is damaged")
        if col.kind != "enum":
            continue
        for chunk in column.chunks:
            problem = bad_enum(chunk, col)
            if problem is not None:
                raise file.error(f"column {name!r}: {problem[1]}", "the file is damaged")


def forget() -> None:
    """Forget every file and manifest that passed the checks (benchmarks time cold reads)."""
    _files._CHECKED.clear()  # the memos of this package's own modules
    _files._HASHED.clear()
    _manifest._LOADED.clear()
    _REVIEWS.clear()
