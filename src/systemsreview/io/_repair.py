"""Repairing datasets: leftovers removed, damaged parts dropped, lost manifests rebuilt.

Everything here runs under the writer lock and deletes only through
:func:`systemsreview.io._paths.remove`, after :func:`systemsreview.io._txn.vacuum` has proved
a file garbage (see ``docs/storage.md``, "Recovering a dataset").
"""

from __future__ import annotations

from pathlib import Path

from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.io._files import open_part
from systemsreview.io._lock import Lock
from systemsreview.io._manifest import Part, load
from systemsreview.io._paths import locate
from systemsreview.io._rebuild import Rebuilt
from systemsreview.io._rebuild import rebuild as _rebuild
from systemsreview.io._schema import TABLES, tables_of
from systemsreview.io._txn import commit, vacuum
from systemsreview.io._validate import Held, check_rows, part_reviews

__all__ = ["rebuild_manifest", "repair"]


def _readable(root: Path, part: Part, stored: dict[str, Part]) -> bool:
    """Whether every file of ``part`` opens and agrees with the manifest.

    Raises:
        FormatError: a file of the part lies outside the dataset (a symlink): the layout
            must be mended, the part is not dropped for it.
        FormatVersionError: the part was written by a newer library.
    """
    for table in tables_of(part.format_version):
        locate(root, table, part.name)
    try:
        with open_part(root, part) as files:
            held = Held.of(part_reviews(files["reviews"], part), stored)
            for f in files.values():
                for group in range(part.row_groups):
                    check_rows(f, group, f.read(group, ["review_id"]).column(0), held)
    except FormatVersionError:
        raise  # written by a newer library: not damaged, never dropped
    except FormatError:
        return False
    return True


def rebuild_manifest(path: str | Path) -> Rebuilt:
    """Rebuild a dataset's manifest from its part files; say what was found.

    For a dataset whose ``_systemsreview.json`` was lost or damaged. Every complete part
    that reads as a reader checks it is listed; a review found in two parts (left by a
    replace or compaction that crashed) is kept from the part of the newest generation;
    incomplete or unreadable parts are left out and reported. Nothing is deleted: a
    damaged manifest is kept as ``_systemsreview.json.previous-<token>``. Parts left out
    are removed by the next write or :func:`repair`: copy them away first to salvage them.

    Raises:
        ConflictError: a live writer holds the dataset.
        FormatError: ``path`` is not a folder.
        FormatVersionError: a part was written by a newer library; nothing is changed.
    """
    root = Path(path)
    if not root.is_dir():
        raise FormatError(f"{root}: no such folder; give the folder of the dataset")
    with Lock(root) as lock:
        return _rebuild(root, lock.token)


def repair(path: str | Path, *, drop_missing: bool = False, rebuild: bool = False) -> list[Path]:
    """Remove what crashed writers left behind; return the paths removed.

    Only files the writers name and place are removed (see ``docs/storage.md``), and only
    once the manifest proves them garbage: parts it does not list that a writer working
    from it made, staging folders, temporary files.

    Args:
        path: the dataset folder.
        drop_missing: also drop from the manifest every part that cannot be read (a
            missing or damaged file, or one that disagrees with the manifest), with its
            reviews: the last resort when no backup exists. Without it, such parts are left
            for you to restore. Parts of a newer format are never dropped.
        rebuild: first rebuild the manifest from the part files
            (:func:`rebuild_manifest`), for a dataset whose manifest is lost or damaged.

    Raises:
        ConflictError: a live writer holds the dataset.
        FormatError: the manifest is missing (with part files left) or damaged, or parts
            are newer than the manifest: rebuild it (``rebuild=True``); nothing is changed.
        FormatVersionError: the dataset or a part was written by a newer library.
    """
    root = Path(path)
    if not root.is_dir():
        raise FormatError(f"{root}: no such folder; give the folder of the dataset")
    with Lock(root) as lock:
        if rebuild:
            _rebuild(root, lock.token)
        base = load(root)
        removed = vacuum(root, base)
        if drop_missing and base is not None:
            stored = base.where()
            good = [part for part in base.parts if _readable(root, part, stored)]
            dropped = [p for p in base.parts if p not in good]
            removed += [root / t / f"{p.name}.parquet" for p in dropped for t in TABLES]
            if dropped:
                commit(root, base, tuple(good), lock.token)
    return removed
