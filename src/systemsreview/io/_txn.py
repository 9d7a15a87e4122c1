"""Crash-safe writing: a lock, staged parts, the manifest as the commit, then roll-forward.

Theory of operation. A writer

1. takes the lock ``_systemsreview.lock`` (:mod:`systemsreview.io._lock`: created with
   ``O_EXCL``; a lock whose process is gone is stale and taken over), so a second writer
   fails at once with :class:`~systemsreview.errors.ConflictError`; then it finishes what
   a crashed writer committed (step 5) and removes what crashed writers left uncommitted;
2. writes every table of each new part under ``_staging/<part>/<table>.parquet``, a folder
   no reader of the table folders sees (``*.parquet`` globs over a table folder do not
   descend into it, and Spark, Hive and ``pyarrow.dataset`` skip names starting with
   ``_``), then fsyncs the files;
3. writes the new manifest to a temporary name, fsyncs it, checks that the manifest on disk
   is still the generation it started from, and renames it over ``_systemsreview.json``;
   that rename is the commit;
4. deletes the files of parts the new manifest dropped (replaced or compacted);
5. rolls forward: moves the staged files of the parts the manifest lists into the table
   folders under the part's name (``os.replace``, same file system), fsyncs the folders,
   and removes the emptied staging folders and the lock.

A crash before step 3's rename leaves the old manifest, which names only old, complete
parts: the previous version is intact, and the staged files are leftovers that the next
writer or :func:`~systemsreview.io.parquet.repair` removes; no table folder ever held them.
A crash after it leaves the new version committed: readers find a listed part's file in its
table folder or, until the move is finished, where it was staged; the next writer or
``repair`` finishes the move. Until then, and until the dropped files are gone, tools that
glob the table folders see the old version of the dropped parts or miss the new ones.

Tests make the writer stop at every step: :data:`on_step`, when set, is called with the
name of each step just taken.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from systemsreview.errors import ConflictError, FormatError
from systemsreview.io._checksum import digest
from systemsreview.io._files import open_part
from systemsreview.io._manifest import (
    MANIFEST,
    STAGING,
    Manifest,
    Part,
    fsync_dir,
    library_version,
    load,
    save,
)
from systemsreview.io._paths import (
    README,
    check_folders,
    generation_of,
    leftovers,
    part_files,
    remove,
    staged_file,
    staged_parts,
    table_file,
)
from systemsreview.io._schema import FORMAT_VERSION, SCHEMAS, TABLES

__all__ = [
    "REBASES",
    "PartWriter",
    "commit",
    "finish",
    "on_step",
    "part_is_staged",
    "signpost",
    "step",
    "tidy",
    "vacuum",
    "without",
]

#: Called with the name of each write step once it is done (tests use it to crash there).
on_step: Callable[[str], None] | None = None


def step(name: str) -> None:
    """Report that write step ``name`` is done."""
    if on_step is not None:
        on_step(name)


def _fsync(path: Path) -> None:
    with path.open("rb") as f:
        os.fsync(f.fileno())


_README_TEXT = """\
This folder is a systemsreview dataset: nine Parquet tables, one per folder (reviews,
agencies, practitioners, events, episodes, factors, findings, sources, links), listed by the
manifest _systemsreview.json. Read one table at a time, never the whole folder as one table
(its tables have different columns):

    systemsreview.Corpus.open(path).table("findings")                  # Arrow
    systemsreview.Corpus.open(path).table("findings").to_pandas(types_mapper=pd.ArrowDtype)
    systemsreview.io.parquet.files(path, "findings")   # the committed files, for any engine

This file is here so that reading the whole folder as one table fails instead of mixing
the tables. See docs/storage.md ("Other tools").
"""


def signpost(root: Path) -> None:
    """Put the README that makes reading the root as one table fail (if it is not there)."""
    with contextlib.suppress(OSError), (root / README).open("x", encoding="utf-8") as out:
        out.write(_README_TEXT)


def _schema(table: str) -> pa.Schema:
    return SCHEMAS[table].with_metadata(
        {
            "systemsreview.format_version": FORMAT_VERSION,
            "systemsreview.library_version": library_version(),
            "systemsreview.table": table,
        }
    )


class PartWriter:
    """Streams aligned batches of tables into one staged part, then publishes it."""

    def __init__(self, root: Path, token: str, generation: int) -> None:
        self.root = root
        check_folders(root)
        self.name = f"part-{generation:06d}-{token}"
        self.staging = root / STAGING / self.name
        self.rows = dict.fromkeys(TABLES, 0)
        self.reviews: list[str] = []
        self.row_groups = 0
        self.staging.mkdir(parents=True, exist_ok=True)
        self._writers = {
            t: pq.ParquetWriter(
                self.staging / f"{t}.parquet",
                _schema(t),
                compression="zstd",
                write_page_checksum=True,
            )
            for t in TABLES
        }

    def add(self, tables: Mapping[str, pa.Table]) -> None:
        """Write one row group to every table (the batch's rows, sorted by review id)."""
        for name, writer in self._writers.items():
            table = tables[name]
            writer.write_table(table, row_group_size=max(1, table.num_rows))
            self.rows[name] += table.num_rows
        self.reviews += tables["reviews"].column("review_id").to_pylist()
        self.row_groups += 1
        step(f"row group {self.row_groups}")

    def publish(self) -> Part:
        """Close and fsync the staged files; the part, to be listed by a commit."""
        files: dict[str, tuple[int, str]] = {}
        for name, writer in self._writers.items():
            writer.close()
            _fsync(self.staging / f"{name}.parquet")
            files[name] = digest(self.staging / f"{name}.parquet")
        fsync_dir(self.staging)
        step("staged")
        return Part(self.name, tuple(self.reviews), dict(self.rows), self.row_groups, files=files)

    def abort(self) -> None:
        """Drop the staged files (the dataset never saw them)."""
        for writer in self._writers.values():
            with contextlib.suppress(Exception):  # a full disk fails the footer too
                writer.close()
        staged_files = [self.staging / f"{name}.parquet" for name in TABLES]
        remove(self.root, [*staged_files, self.staging, self.staging.parent])


def without(root: Path, part: Part, drop: set[str], token: str, generation: int) -> Part | None:
    """``part`` rewritten without the reviews in ``drop`` (``None`` if none remain)."""
    keep = [rid for rid in part.reviews if rid not in drop]
    if not keep:
        return None
    writer = PartWriter(root, token, generation)
    try:
        with open_part(root, part) as files:
            for group in range(part.row_groups):
                batch = {}
                for name, f in files.items():
                    data = f.read_exact(group)
                    mask = pc.invert(pc.is_in(data.column("review_id"), pa.array(sorted(drop))))
                    batch[name] = data.filter(mask)
                writer.add(batch)
        return writer.publish()
    except BaseException:
        writer.abort()
        raise


#: How many times a blind append is rebased onto commits made meanwhile.
REBASES = 3


def _rebase(root: Path, base: Manifest | None, parts: tuple[Part, ...]) -> Manifest | None:
    """The manifest a commit of ``parts`` (made from ``base``) must build on.

    ``base`` when the committed manifest is still that generation. When another writer
    committed meanwhile, a blind append (``parts`` is ``base``'s parts plus new ones) is
    rebased, as Delta Lake does: its new parts go after the current manifest's, if their
    review ids are still not stored and their files are still staged. Anything else (a
    replace or a compaction, or an id stored meanwhile) is a true conflict.

    Raises:
        ConflictError: the commit cannot be rebased; nothing was committed.
    """
    generation = base.generation if base else 0
    current = load(root)
    now = current.generation if current else 0
    if now == generation:
        return base
    old = base.parts if base else ()
    added = parts[len(old) :]
    why = "it replaces or compacts parts"
    if parts[: len(old)] == old and current is not None:
        stored = current.where()
        clash = next((rid for p in added for rid in p.reviews if rid in stored), None)
        gone = next((p for p in added if not part_is_staged(root, p)), None)
        if clash is None and gone is None:
            return current
        why = f"review {clash!r} was stored meanwhile" if clash else f"part {gone} was removed"
    msg = (
        f"{root}: another writer committed (generation {generation} became {now}) while "
        f"this one was writing, and {why}; nothing was written: read the dataset again "
        "and retry"
    )
    raise ConflictError(msg)


def part_is_staged(root: Path, part: Part) -> bool:
    """Whether every table file of ``part`` is still in its staging folder."""
    return all(staged_file(root, table, part.name).is_file() for table in TABLES)


def commit(root: Path, base: Manifest | None, parts: tuple[Part, ...], token: str) -> Manifest:
    """Replace the manifest by one listing ``parts``; delete the files of dropped parts.

    A blind append whose base moved is rebased onto the new manifest (see
    :func:`_rebase`), at most :data:`REBASES` times.

    Raises:
        ConflictError: the manifest changed since ``base`` was read (another writer
            committed meanwhile) in a way this commit cannot be rebased over; nothing
            was committed.
    """
    for _ in range(REBASES):
        moved = _rebase(root, base, parts)
        if moved is base:
            break
        old = base.parts if base else ()
        parts = (*(moved.parts if moved else ()), *parts[len(old) :])
        base = moved
    else:
        if _rebase(root, base, parts) is not base:
            msg = f"{root}: other writers kept committing while this one was writing; "
            raise ConflictError(f"{msg}nothing was written: retry")
    generation = base.generation if base else 0
    manifest = Manifest(parts, generation + 1)
    tmp = save(root, manifest, token)
    step("manifest staged")
    tmp.replace(root / MANIFEST)
    fsync_dir(root)
    step("committed")
    signpost(root)
    kept = {p.name for p in parts}
    for part in base.parts if base else ():
        if part.name not in kept:
            remove(root, [root / table / f"{part.name}.parquet" for table in TABLES])
            step(f"dropped {part.name}")
    finish(root, manifest)
    return manifest


def finish(root: Path, manifest: Manifest) -> list[Path]:
    """Move the staged files of listed parts into the table folders (roll forward).

    Returns the files moved. Call only while holding the lock.
    """
    moved: list[Path] = []
    staged = staged_parts(root)
    for part in manifest.parts:
        if part.name not in staged:
            continue
        for table in TABLES:
            source = staged_file(root, table, part.name)
            target = table_file(root, table, part.name)
            if source.is_file() and not source.is_symlink() and not target.exists():
                target.parent.mkdir(exist_ok=True)
                source.replace(target)
                fsync_dir(target.parent)
                moved.append(target)
                step(f"moved {table} of {part.name}")
        remove(root, [root / STAGING / part.name])  # once empty
    tidy(root)
    return moved


def tidy(root: Path) -> list[Path]:
    """Remove the emptied staging folders and the temporary files of writers."""
    empty = [root / STAGING / name for name, files in staged_parts(root).items() if not files]
    return remove(root, [*leftovers(root), *empty, root / STAGING])


def _stem(path: Path) -> str:
    return path.name.removesuffix(".parquet")


def vacuum(root: Path, manifest: Manifest | None) -> list[Path]:
    """Remove what crashed writers left: staging, temporary manifests, unlisted parts.

    Call only while holding the lock. A part file the manifest does not list is removed
    only when a writer working from this manifest could have made it (its generation is at
    most one past the manifest's): the files of a write that crashed before its commit, or
    of parts dropped by a commit. Returns the paths removed.

    Raises:
        FormatError: there are part files but no manifest, or parts newer than the
            manifest (an older copy of it?); nothing is removed.
    """
    found = [f for table in TABLES for f in part_files(root, table)]
    staged = staged_parts(root)
    if manifest is None:
        if found or any(staged.values()):
            where = found[0] if found else next(f for fs in staged.values() for f in fs)
            msg = f"{root}: the folder holds part files (such as {where}) but no manifest "
            msg += "_systemsreview.json; nothing was changed. Rebuild the manifest with "
            msg += "systemsreview.io.parquet.rebuild_manifest(path) (or repair(path, "
            raise FormatError(f"{msg}rebuild=True)); see 'Recovering a dataset' in the docs")
        return tidy(root)
    listed = {p.name for p in manifest.parts}
    unlisted = [f for f in found if _stem(f) not in listed]
    unstaged = {name: files for name, files in staged.items() if name not in listed}
    newest = manifest.generation + 1
    names = [*map(_stem, unlisted), *unstaged]
    strays = [name for name in names if generation_of(name) > newest]
    if strays:
        msg = f"{root}: part {strays[0]} is newer (generation {generation_of(strays[0])}) "
        msg += f"than the manifest (generation {manifest.generation}) and not listed by it: "
        msg += "the manifest may be an older copy. Nothing was changed: rebuild the manifest "
        raise FormatError(f"{msg}with systemsreview.io.parquet.rebuild_manifest(path)")
    finish(root, manifest)
    garbage = [*unlisted]
    for name, files in unstaged.items():
        garbage += [*files, root / STAGING / name]
    return [*remove(root, garbage), *tidy(root)]
