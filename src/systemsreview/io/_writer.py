"""Writing and compacting datasets, each under the protocol of :mod:`._txn`."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc

from systemsreview.errors import (
    ConflictError,
    FormatError,
    FormatVersionError,
    ModelError,
    StorageError,
    SystemsReviewError,
)
from systemsreview.io._arrow import encode
from systemsreview.io._files import open_part
from systemsreview.io._lock import Lock
from systemsreview.io._manifest import MANIFEST, Manifest, Part, fsync_dir, load, major, save
from systemsreview.io._schema import FORMAT_VERSION, TABLES
from systemsreview.io._txn import PartWriter, commit, tidy, vacuum, without
from systemsreview.model import Review

__all__ = ["DEFAULT_LOCK_TIMEOUT", "compact", "write"]

Mode = Literal["create", "append", "replace"]
_MODES = ("create", "append", "replace")

#: Reviews per row group when writing.
DEFAULT_BATCH_SIZE = 1000
#: Parts beyond which a write compacts the dataset on its own.
DEFAULT_COMPACT_THRESHOLD = 32
#: Rows (over all tables) that compaction aims to put in one part.
DEFAULT_TARGET_ROWS = 2_000_000
#: Seconds a writer waits for another writer's lock before a ConflictError.
DEFAULT_LOCK_TIMEOUT = 60.0


def _root(path: str | Path) -> Path:
    root = Path(path)
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FormatError(f"{root}: cannot create the dataset folder ({err})") from err
    return root


def _batches(reviews: Review | Iterable[Review], size: int) -> Iterator[list[Review]]:
    items: Iterable[object] = [reviews] if isinstance(reviews, Review) else reviews
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        for i, item in enumerate(batch):
            if not isinstance(item, Review):
                msg = f"write: item {i} of a batch is a {type(item).__name__}, not a Review"
                raise ModelError(msg)
        yield batch  # type: ignore[misc]  # checked just above


def _stage(
    root: Path,
    writer: PartWriter,
    reviews: Review | Iterable[Review],
    stored: Collection[str],
    *,
    mode: Mode,
    batch_size: int,
) -> tuple[Part | None, set[str]]:
    """Stage the new part, refusing repeated or (unless replacing) stored ids."""
    seen: set[str] = set()
    try:
        for batch in _batches(reviews, batch_size):
            for review in batch:
                if review.id in seen:
                    raise ConflictError(f"{root}: review {review.id!r} is written twice")
                if review.id in stored and mode != "replace":
                    msg = f"{root}: review {review.id!r} is already stored; "
                    raise ConflictError(f"{msg}use mode='replace' to replace it")
                seen.add(review.id)
            writer.add(encode(batch))
        part = writer.publish() if seen else None
    except BaseException:
        writer.abort()
        raise
    if part is None:
        writer.abort()
    return part, seen


def write(
    path: str | Path,
    reviews: Review | Iterable[Review],
    *,
    mode: Mode = "create",
    batch_size: int = DEFAULT_BATCH_SIZE,
    compact_threshold: int | None = DEFAULT_COMPACT_THRESHOLD,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> int:
    """Write one review or many to the dataset at ``path``, crash-safely; return how many.

    Reviews are encoded ``batch_size`` at a time (one row group each), so an iterable of any
    length is written in bounded memory. The write adds one part and commits by replacing
    the manifest atomically: it happens completely or not at all.

    Args:
        path: the dataset folder (created if missing).
        reviews: a review, or an iterable of them (consumed once, lazily).
        mode: ``"create"`` a new dataset (refused if one holding reviews exists);
            ``"append"`` to a dataset (created if missing), refusing ids already stored;
            ``"replace"``: like append, but a stored review with the same id is replaced.
        batch_size: reviews per row group.
        compact_threshold: compact the dataset once it has more parts than this
            (``None``: never compact on writing).
        lock_timeout: seconds to wait for another writer to finish (with backoff); two
            processes appending disjoint reviews at once therefore both land.

    Raises:
        ConflictError: another writer held the dataset for longer than ``lock_timeout``,
            a dataset exists (``"create"``),
            or a review id is already stored or repeated; nothing was written.
        FormatVersionError: the dataset is of an older format: :func:`compact` it first.
        ModelError: ``mode`` is not one of the three.
    """
    if mode not in _MODES:
        raise ModelError(f"write: mode must be one of {', '.join(map(repr, _MODES))}, got {mode!r}")
    root = _root(path)
    with Lock(root, lock_timeout) as lock:
        base = load(root)
        if base is not None and mode == "create" and base.parts:
            msg = f"{root}: a dataset exists already; use mode='append' or mode='replace'"
            raise ConflictError(msg)
        if base is not None and _old_dataset(base):
            msg = f"{root}: the dataset is in format {base.format_version}; run compact() on it"
            raise FormatVersionError(f"{msg} to migrate it to format {FORMAT_VERSION} first")
        vacuum(root, base)
        started = base is None
        try:
            if base is None:
                base = _start(root, lock.token)
            seen = _write_locked(
                root,
                base,
                token=lock.token,
                reviews=reviews,
                mode=mode,
                batch_size=batch_size,
                compact_threshold=compact_threshold,
            )
        except BaseException as err:
            if started:
                _unstart(root)
            if isinstance(err, OSError) and not isinstance(err, StorageError):
                raise _storage_error(root, base, err) from err
            raise
    return len(seen)


def _write_locked(
    root: Path,
    base: Manifest,
    *,
    token: str,
    reviews: Review | Iterable[Review],
    mode: Mode,
    batch_size: int,
    compact_threshold: int | None,
) -> set[str]:
    """The body of :func:`write`, under the lock, after :func:`vacuum`; the ids written."""
    stored = base.where()
    generation = base.generation + 1
    writer = PartWriter(root, token, generation)
    part, seen = _stage(root, writer, reviews, stored, mode=mode, batch_size=batch_size)
    if part is None:
        return seen
    replaced = seen.intersection(stored)
    parts: list[Part] = []
    for i, old in enumerate(base.parts):
        if replaced.isdisjoint(old.reviews):
            parts.append(old)
            continue
        kept = without(root, old, replaced, f"{token}r{i}", generation)
        parts += [kept] if kept is not None else []
    parts.append(part)
    manifest = commit(root, base, tuple(parts), token)
    if compact_threshold is not None and len(manifest.parts) > compact_threshold:
        _compact(root, manifest, token, DEFAULT_TARGET_ROWS, batch_size)
    tidy(root)
    return seen


def _start(root: Path, token: str) -> Manifest:
    """Commit an empty manifest before a new dataset's first part is staged.

    A first write that crashes then leaves staged files that a manifest provably does not
    list (leftovers the next writer removes), never part files without any manifest, which
    nothing may delete (they could be a committed dataset whose manifest was lost).
    """
    manifest = Manifest((), 0)
    save(root, manifest, token).replace(root / MANIFEST)
    fsync_dir(root)
    return manifest


def _unstart(root: Path) -> None:
    """Take back the empty manifest of :func:`_start` when the first write failed."""
    with contextlib.suppress(SystemsReviewError, OSError):  # the write's own error matters
        current = load(root)
        if current is not None and current.generation == 0 and not current.parts:
            (root / MANIFEST).unlink(missing_ok=True)
            fsync_dir(root)


def _storage_error(root: Path, base: Manifest | None, err: OSError) -> StorageError:
    """The error for a write the storage refused, saying whether it was committed."""
    try:
        now = load(root)
    except SystemsReviewError:
        now = None
    if now is not None and now.generation != (base.generation if base else 0):
        msg = f"{root}: the write was committed, but finishing it failed ({err}); once the "
        return StorageError(f"{msg}cause is fixed, run systemsreview.io.parquet.repair(path)")
    msg = f"{root}: the write failed ({err}); nothing was committed and the previous version "
    return StorageError(f"{msg}is intact: free some space or fix the folder's permissions, retry")


def _old_dataset(manifest: Manifest) -> bool:
    return major(manifest.format_version) < major(FORMAT_VERSION) or any(map(_old, manifest.parts))


def _old(part: Part) -> bool:
    return major(part.format_version) < major(FORMAT_VERSION)


def _plan(parts: Sequence[Part], target_rows: int) -> list[list[Part]]:
    """Runs of neighbouring small (or old-format) parts to merge, each under the target."""
    chunks: list[list[Part]] = []
    run: list[Part] = []
    for part in parts:
        if part.size >= target_rows // 2 and not _old(part):
            chunks.append(run)
            run = []
            continue
        if run and sum(p.size for p in run) + part.size > target_rows:
            chunks.append(run)
            run = []
        run.append(part)
    chunks.append(run)
    return [c for c in chunks if len(c) > 1 or any(map(_old, c))]


def _sizes(table: pa.Table) -> dict[str, int]:
    """Rows per review id."""
    if table.num_rows == 0:
        return {}
    counts = pc.value_counts(table.column("review_id"))
    return dict(
        zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True)
    )


def _merge(root: Path, chunk: Sequence[Part], token: str, generation: int, batch_size: int) -> Part:
    """One part holding the reviews of ``chunk``, sorted by review id."""
    tables: dict[str, pa.Table] = {}
    for name in TABLES:
        pieces = []
        for part in chunk:
            with open_part(root, part) as files:
                pieces.append(files[name].read_exact())
        tables[name] = pa.concat_tables(pieces).sort_by("review_id").unify_dictionaries()
    ids = tables["reviews"].column("review_id").to_pylist()
    sizes = {name: _sizes(table) for name, table in tables.items()}
    writer = PartWriter(root, token, generation)
    try:
        start = dict.fromkeys(TABLES, 0)
        for first in range(0, len(ids), batch_size):
            batch = ids[first : first + batch_size]
            out = {}
            for name in TABLES:
                n = sum(sizes[name].get(rid, 0) for rid in batch)
                out[name] = tables[name].slice(start[name], n)
                start[name] += n
            writer.add(out)
        return writer.publish()
    except BaseException:
        writer.abort()
        raise


def _compact(root: Path, base: Manifest, token: str, target_rows: int, batch_size: int) -> int:
    chunks = _plan(base.parts, target_rows)
    if not chunks:
        return 0
    merged = {id(c[0]): c for c in chunks}
    dropped = {p.name for c in chunks for p in c}
    parts: list[Part] = []
    generation = base.generation + 1
    for part in base.parts:
        chunk = merged.get(id(part))
        if chunk is not None:
            parts.append(_merge(root, chunk, f"{token}c{len(parts)}", generation, batch_size))
        elif part.name not in dropped:
            parts.append(part)
    commit(root, base, tuple(parts), token)
    return len(dropped)


def compact(
    path: str | Path,
    *,
    target_rows: int = DEFAULT_TARGET_ROWS,
    batch_size: int = DEFAULT_BATCH_SIZE,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
) -> int:
    """Rewrite runs of small parts into large sorted ones; return how many parts went.

    Parts of an older format version are always rewritten, which migrates the dataset.
    Same protocol as :func:`write`: a crash leaves the dataset as it was.

    ``lock_timeout`` is as for :func:`write`.

    Raises:
        ConflictError: another writer held the dataset for longer than ``lock_timeout``.
        FormatError: a part cannot be read (nothing is changed).
    """
    root = Path(path)
    with Lock(_root(root), lock_timeout) as lock:
        base = load(root)
        vacuum(root, base)  # refuses part files without a manifest
        if base is None:
            raise FormatError(f"{root}: no systemsreview dataset here (no _systemsreview.json)")
        try:
            done = _compact(root, base, lock.token, target_rows, batch_size)
            tidy(root)
        except StorageError:
            raise
        except OSError as err:
            raise _storage_error(root, base, err) from err
    return done
