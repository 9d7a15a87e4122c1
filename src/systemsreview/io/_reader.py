"""Reading committed parts, every reader through the checks of :mod:`._validate`.

:func:`reviews` decodes row groups into :class:`~systemsreview.model.Review` objects
(``read``, ``read_review``, iterating a ``Corpus``), one table at a time and each entity
table in batches of :data:`BATCH_ROWS` rows, so that little Arrow data is held beside the
objects built; :func:`table` reads columns of one table
as Arrow (``read_table``, ``Corpus.table`` and the analyses); :func:`review_ids` reads the
``reviews`` tables' ids. Each opens a part's files through
:class:`~systemsreview.io._files.TableFile` (path inside the dataset, format versions,
schema, row groups), checks the ``reviews`` table against the manifest and every row it
returns against the reviews of its row group.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from systemsreview.errors import FormatError, SystemsReviewError
from systemsreview.io._arrow import Batches, decode_batches
from systemsreview.io._columns import DEFAULT_MAX_STRING_BYTES, Where
from systemsreview.io._files import RESTORE, TableFile, open_part
from systemsreview.io._manifest import Manifest, Part, load, major
from systemsreview.io._paths import part_files
from systemsreview.io._schema import FORMAT_VERSION, SCHEMAS, TABLES
from systemsreview.io._validate import Held, check_rows, check_values, part_reviews
from systemsreview.model import Review

__all__ = ["manifest_of", "review_ids", "reviews", "table"]


def manifest_of(root: Path) -> Manifest:
    """The manifest of the dataset at ``root``, which must exist."""
    manifest = load(root)
    if manifest is None:
        msg = f"{root}: no systemsreview dataset here (no _systemsreview.json)"
        if any(next(part_files(root, t), None) for t in TABLES):
            msg = f"{root}: the dataset's manifest _systemsreview.json is missing, but part "
            msg += "files are there; rebuild it with systemsreview.io.parquet.rebuild_manifest"
            raise FormatError(f"{msg}(path) (see 'Recovering a dataset' in docs/storage.md)")
        raise FormatError(f"{msg}; check the path, or create one with write()")
    return manifest


def review_ids(root: Path, manifest: Manifest) -> list[str]:
    """Every review id, in dataset order, each part's checked against its ``reviews`` file."""
    for part in manifest.parts:
        file = TableFile(root, part, "reviews", DEFAULT_MAX_STRING_BYTES)
        try:
            part_reviews(file, part)
        finally:
            file.close()
    return manifest.review_ids()


#: Rows of an entity table decoded at a time when reading reviews (bounds the Arrow data
#: and Python columns held beside the objects built).
BATCH_ROWS = 16_384


def _batches(f: TableFile, group: int, held: Held) -> Batches:
    """The rows of row group ``group`` of ``f`` in batches, each checked against ``held``."""
    base = f.where(group)
    for start, data in f.batches(group, BATCH_ROWS):
        check_rows(f, group, data.column("review_id"), held, start=start)
        yield data, attrs.evolve(base, offset=base.offset + start)


def _chosen(
    f: TableFile, group: int, held: Held, value_set: pa.Array | None
) -> tuple[pa.Table, Where]:
    """Row group ``group`` of ``f`` whole (only the rows of ``value_set``'s reviews)."""
    data = f.read(group)
    check_rows(f, group, data.column("review_id"), held)
    if value_set is None:
        return data, f.where(group)
    rows = pc.indices_nonzero(pc.is_in(data.column("review_id"), value_set))
    offset = f.offset(group)
    return data.take(rows), f.where(group, [offset + i for i in rows.to_pylist()])


def _decoded(
    root: Path,
    part: Part,
    group: int,
    files: dict[str, TableFile],
    *,
    held: Held,
    value_set: pa.Array | None,
) -> Iterator[Review]:
    """The reviews of one row group, any raw failure of the layers below a :class:`FormatError`.

    Each entity table is read only when its turn comes, in batches when the whole row
    group is wanted, so the Arrow data of one batch is held at a time.
    """

    def entities(name: str) -> Batches:
        if value_set is None:
            return _batches(files[name], group, held)
        return [_chosen(files[name], group, held, value_set)]

    it: Iterator[Review] | None = None
    while True:
        try:
            if it is None:
                reviews = _chosen(files["reviews"], group, held, value_set)
                it = iter(decode_batches(reviews, entities))
                del reviews
            review = next(it)
        except StopIteration:
            return
        except SystemsReviewError:
            raise
        except Exception as err:  # a damaged value must not leak raw
            msg = f"{root}: part {part.name!r}, row group {group}: a value cannot be decoded "
            msg += f"({type(err).__name__}: {str(err)[:200]}); the part is damaged: {RESTORE}"
            raise FormatError(msg) from err
        yield review


def reviews(
    root: Path, manifest: Manifest, only: Sequence[str] | None, limit: int, *, verify: bool = False
) -> Iterator[Review]:
    """The reviews of the manifest's parts (or only those of ``only``), decoded.

    ``verify`` checks every file's SHA-256 against the manifest before its part is read.
    """
    wanted = None if only is None else set(only)
    stored = manifest.where()
    for part in manifest.parts:
        if wanted is not None and wanted.isdisjoint(part.reviews):
            continue
        with open_part(root, part, limit, verify=verify) as files:
            held = Held.of(part_reviews(files["reviews"], part), stored)
            if wanted is None:
                chosen, value_set = list(range(part.row_groups)), None
            else:
                mine = wanted.intersection(part.reviews)
                chosen = sorted({held.group_of[rid] for rid in mine})
                value_set = pa.array(sorted(mine), pa.string())
            for group in chosen:
                yield from _decoded(root, part, group, files, held=held, value_set=value_set)


def _pieces(
    f: TableFile,
    part: Part,
    columns: list[str],
    filter: pc.Expression | None,  # noqa: A002  # the name pyarrow.dataset uses
) -> Iterator[tuple[int, pa.Table]]:
    """Row groups of ``f`` with ``columns`` (and ``review_id``), filtered, by group."""
    if major(part.format_version) < major(FORMAT_VERSION):
        for group in range(part.row_groups):
            data = f.read(group)
            yield group, (data.filter(filter) if filter is not None else data)
        return
    if filter is None:  # one read of the whole file, cut along its row groups
        data = f.read(None, columns)
        for group in range(part.row_groups):
            size = f.file.metadata.row_group(group).num_rows
            yield group, data.slice(f.offset(group), size)
        return
    try:
        dataset = ds.dataset([str(f.path)], schema=SCHEMAS[f.table], format="parquet")
        [fragment] = list(dataset.get_fragments())
        for piece in fragment.split_by_row_group(filter=filter):
            group = piece.row_groups[0].id
            yield group, piece.to_table(schema=dataset.schema, columns=columns, filter=filter)
    except (pa.ArrowException, OSError, ValueError, TypeError) as err:
        raise f.error(f"cannot be read with {filter} ({err})", "the file is damaged") from err


def _conform(data: pa.Table, schema: pa.Schema) -> pa.Table:
    """``data`` (checked: no nulls where the schema has none) with exactly ``schema``."""
    columns = [
        c if c.type == f.type else c.cast(f.type) for c, f in zip(data.columns, schema, strict=True)
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def table(
    root: Path,
    manifest: Manifest,
    name: str,
    columns: list[str] | None,
    filter: pc.Expression | None,  # noqa: A002  # the name pyarrow.dataset uses
    *,
    verify: bool = False,
) -> pa.Table:
    """Table ``name`` of the committed parts as Arrow, every returned row checked."""
    wanted = columns if columns is not None else list(SCHEMAS[name].names)
    unknown = [c for c in wanted if c not in SCHEMAS[name].names]
    if unknown:
        msg = f"{root}: table {name!r} has no column(s) {unknown}; its columns are "
        raise FormatError(f"{msg}{SCHEMAS[name].names}")
    read = ["review_id", *(c for c in wanted if c != "review_id")]
    schema = pa.schema([SCHEMAS[name].field(c) for c in wanted])
    stored = manifest.where()
    data: list[pa.Table] = []
    for part in manifest.parts:
        with ExitStack() as stack:
            limit = DEFAULT_MAX_STRING_BYTES
            reviews_file = TableFile(root, part, "reviews", limit, verify=verify)
            stack.callback(reviews_file.close)
            f = (
                reviews_file
                if name == "reviews"
                else TableFile(root, part, name, limit, verify=verify)
            )
            stack.callback(f.close)
            held = Held.of(part_reviews(reviews_file, part), stored)
            for group, piece in _pieces(f, part, read, filter):
                check_rows(f, group, piece.column("review_id"), held, rows=filter is None)
                selected = piece.select(wanted)
                check_values(f, selected)
                data.append(_conform(selected, schema))
    if not data:
        return SCHEMAS[name].empty_table().select(wanted)
    try:
        return pa.concat_tables(data, promote_options="permissive")
    except pa.ArrowException as err:
        raise FormatError(f"{root}: table {name!r}: the parts do not fit together ({err})") from err
