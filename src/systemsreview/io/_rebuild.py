"""Rebuilding a lost or damaged manifest from the parts' own files.

Every part file carries what a manifest says of it: its table and format version in its
metadata, its reviews in the ``reviews`` table, its row groups and rows in its footer, and
its generation in its name. :func:`rebuild` reads them, checks each part as a reader would
(:mod:`._validate`), and lists every complete, readable part. A review found in two parts
(a replace or a compaction that crashed before its commit, or after it but before removing
the old part) is kept from the part of the newest generation; a part that keeps only some of
its reviews is rewritten without the others, under the writers' protocol. Nothing is
deleted: the parts left out stay where they are until a writer or ``repair`` removes them,
and a damaged manifest is kept beside the new one.
"""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.io._checksum import digest
from systemsreview.io._files import open_part
from systemsreview.io._manifest import (
    MANIFEST,
    Manifest,
    Part,
    check_version,
    fsync_dir,
    load,
    save,
)
from systemsreview.io._paths import generation_of, locate, part_files, staged_parts
from systemsreview.io._schema import INTRODUCED, TABLES, tables_of
from systemsreview.io._txn import finish, step, without
from systemsreview.io._validate import Held, check_rows, part_reviews

__all__ = ["Rebuilt", "rebuild"]


@attrs.frozen
class Rebuilt:
    """What :func:`~systemsreview.io.parquet.rebuild_manifest` found and did.

    Attributes:
        reviews: the reviews the new manifest lists, in dataset order.
        parts: the parts it lists.
        superseded: ``(review, part, kept_in)`` for each review found in an older part too,
            kept from the part of the newest generation.
        rewritten: ``(old, new)`` for each part rewritten without superseded reviews.
        skipped: ``(part, why)`` for each part left out (incomplete or unreadable).
        previous: where the damaged (or replaced) manifest was kept, if there was one.
    """

    reviews: tuple[str, ...]
    parts: tuple[str, ...]
    superseded: tuple[tuple[str, str, str], ...] = ()
    rewritten: tuple[tuple[str, str], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()
    previous: Path | None = None

    def __str__(self) -> str:
        counts = f"{len(self.reviews)} review(s) in {len(self.parts)} part(s)"
        lines = [f"rebuilt the manifest: {counts}"]
        lines += [f"  review {r!r} of {old} superseded by {new}" for r, old, new in self.superseded]
        lines += [f"  part {old} rewritten as {new}" for old, new in self.rewritten]
        lines += [f"  part {name} left out: {why}" for name, why in self.skipped]
        if self.previous is not None:
            lines.append(f"  the previous manifest was kept as {self.previous}")
        return "\n".join(lines)


def _inspect(root: Path, name: str) -> Part:
    """The part ``name`` as its files describe it, checked as a reader checks it."""
    path = locate(root, "reviews", name)
    try:
        file = pq.ParquetFile(path)
        groups = file.num_row_groups
        meta = file.schema_arrow.metadata or {}
        file.close()
    except (pa.ArrowException, OSError) as err:
        raise FormatError(f"{path}: not a readable Parquet file ({err})") from err
    version = meta.get(b"systemsreview.format_version", b"").decode(errors="replace")
    written_by = meta.get(b"systemsreview.library_version", b"?").decode(errors="replace")
    version = check_version(version, written_by, str(path))
    probe = Part(name, (), {}, groups, version)
    with open_part(root, probe) as files:
        ids = files["reviews"].read(None, ["review_id"]).column(0).to_pylist()
        if not ids or not groups:
            raise FormatError(f"{path}: {len(ids)} review(s) in {groups} row group(s)")
        if any(not isinstance(r, str) or not r.strip() for r in ids) or len(set(ids)) < len(ids):
            raise FormatError(f"{path}: a review id is blank, null or repeated")
        rows = {t: f.rows for t, f in files.items() if not f.absent}
        part = Part(name, tuple(ids), rows, groups, version)
        held = Held.of(part_reviews(files["reviews"], part), {})
        for f in files.values():
            for group in range(groups):
                check_rows(f, group, f.read(group, ["review_id"]).column(0), held)
        try:  # what passed the checks is recorded, so that later damage is detected
            sums = {t: digest(f.path) for t, f in files.items() if not f.absent}
        except OSError as err:
            raise FormatError(f"{path}: cannot read part {name} ({err})") from err
    return attrs.evolve(part, files=sums)


def _keep_previous(root: Path, token: str) -> Path | None:
    """Copy the current manifest (damaged or not) aside; where to, if there was one."""
    current = root / MANIFEST
    try:
        data = current.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise FormatError(f"{current}: cannot read the manifest to keep a copy ({err})") from err
    kept = root / f"{MANIFEST}.previous-{token}"
    with kept.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return kept


def _found(root: Path) -> dict[str, set[str]]:
    """Every part name with a file somewhere, and the tables it has files in."""
    tables: dict[str, set[str]] = {}
    for table in TABLES:
        for f in part_files(root, table):
            tables.setdefault(f.name.removesuffix(".parquet"), set()).add(table)
    for name, files in staged_parts(root).items():  # committed, or killed before its commit
        for f in files:
            tables.setdefault(name, set()).add(f.name.removesuffix(".parquet"))
    return tables


def rebuild(root: Path, token: str) -> Rebuilt:
    """Rebuild the manifest of ``root`` from its part files (under the writer lock).

    Raises:
        FormatVersionError: a part was written in a newer format (upgrade first); nothing
            is changed.
    """
    try:
        old = load(root)
    except FormatVersionError:
        raise
    except FormatError:
        old = None
    tables = _found(root)
    names = sorted(tables, key=lambda n: (generation_of(n), n))
    parts: list[Part] = []
    skipped: list[tuple[str, str]] = []
    for name in names:
        # Tables of every format; a part lacking a newer table is found out by _inspect.
        missing = [t for t in TABLES if t not in tables[name] and t not in INTRODUCED]
        if missing:
            skipped.append((name, f"no file in table(s) {', '.join(missing)}"))
            continue
        try:
            part = _inspect(root, name)
            # A table added after the part's format has no file in it; a newer part must.
            missing = [t for t in tables_of(part.format_version) if t not in tables[name]]
            if missing:
                skipped.append((name, f"no file in table(s) {', '.join(missing)}"))
                continue
            parts.append(part)
        except FormatVersionError:
            raise
        except FormatError as err:
            skipped.append((name, str(err)))
    newest = max((generation_of(n) for n in names), default=0)
    generation = max(newest, old.generation if old is not None else 0) + 1
    owner = {rid: part for part in parts for rid in part.reviews}  # the newest part wins
    listed: list[Part] = []
    superseded: list[tuple[str, str, str]] = []
    rewritten: list[tuple[str, str]] = []
    for i, part in enumerate(parts):
        lost = {rid for rid in part.reviews if owner[rid] is not part}
        superseded += [(rid, part.name, owner[rid].name) for rid in part.reviews if rid in lost]
        if not lost:
            listed.append(part)
            continue
        kept = without(root, part, lost, f"{token}r{i}", generation)
        if kept is not None:
            listed.append(kept)
            rewritten.append((part.name, kept.name))
    previous = _keep_previous(root, token)
    manifest = Manifest(tuple(listed), generation)
    tmp = save(root, manifest, token)
    tmp.replace(root / MANIFEST)
    fsync_dir(root)
    step("rebuilt")
    finish(root, manifest)
    return Rebuilt(
        tuple(manifest.review_ids()),
        tuple(p.name for p in listed),
        tuple(superseded),
        tuple(rewritten),
        tuple(skipped),
        previous,
    )
