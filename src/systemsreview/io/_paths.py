"""What belongs to a dataset: the names its writers generate, and the one way to delete.

A writer names every file it creates after a pattern (:data:`PART`: ``part-NNNNNN-<hex
token>``, optionally followed by ``r<n>`` or ``c<n>`` for a part rewritten by a replace or a
compaction), and puts it in one of a few places: ``<table>/<part>.parquet``,
``_staging/<part>/<table>.parquet``, ``_systemsreview.json.tmp-<token>``,
``_systemsreview.lock.stale-<token>`` and the lock ``_systemsreview.lock``. Nothing else in
a dataset folder is the library's, so nothing else may ever be deleted by it:
:func:`remove` is the only function that deletes, and it refuses any path that, once
symlinks are resolved, is not one of those, inside this dataset's own folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from systemsreview.errors import FormatError
from systemsreview.io._schema import TABLES

__all__ = [
    "LOCK",
    "MANIFEST",
    "PART",
    "README",
    "STAGING",
    "TOKEN",
    "check_folders",
    "generation_of",
    "leftovers",
    "locate",
    "part_files",
    "remove",
    "staged_file",
    "staged_parts",
    "table_file",
]

MANIFEST = "_systemsreview.json"
#: A text file in the root, so that reading the root as one table fails loudly.
README = "README-systemsreview.txt"
LOCK = "_systemsreview.lock"
STAGING = "_staging"

#: A writer's token: 8 to 32 lowercase hex digits, maybe with a rewrite suffix.
TOKEN = r"[0-9a-f]{8,32}(?:[rc][0-9]{1,9})?"
#: A part name: ``part-`` + the generation that wrote it (6 to 12 digits) + ``-`` + token.
PART = re.compile(rf"part-([0-9]{{6,12}})-({TOKEN})")
_ROOT_FILES = re.compile(rf"(?:{re.escape(MANIFEST)}\.tmp|{re.escape(LOCK)}\.stale)-{TOKEN}")
_STAGED = re.compile("|".join(re.escape(f"{t}.parquet") for t in TABLES))


def generation_of(name: str) -> int:
    """The generation in a part name (which must match :data:`PART`)."""
    found = PART.fullmatch(name)
    if found is None:
        raise FormatError(f"{name!r} is not a part name")
    return int(found.group(1))


def table_file(root: Path, table: str, part: str) -> Path:
    """The file of part ``part`` in table ``table``, checked to lie inside ``root/table``.

    Raises:
        FormatError: the name is not a part name, or the file (or its folder) is a symlink
            leading out of the table folder.
    """
    if PART.fullmatch(part) is None or table not in TABLES:
        raise FormatError(f"{root}: {part!r} is not the name of a part of table {table!r}")
    path = root / table / f"{part}.parquet"
    try:
        real = path.resolve()
        folder = root.resolve() / table
    except (OSError, RuntimeError) as err:
        raise FormatError(f"{path}: cannot resolve the path ({err})") from err
    if real.parent != folder:
        msg = f"{path}: leads outside the dataset's table folder {folder} (a symlink?)"
        raise FormatError(f"{msg}; a dataset's files must lie in its own folders")
    return path


def check_folders(root: Path) -> None:
    """Refuse a dataset whose staging or table folders lead out of it (symlinks).

    Raises:
        FormatError: naming the folder.
    """
    base = root.resolve()
    for name in (STAGING, *TABLES):
        folder = root / name
        if folder.is_symlink() or (folder.exists() and folder.resolve() != base / name):
            msg = f"{folder}: leads outside the dataset (a symlink); a dataset's files must lie "
            raise FormatError(f"{msg}in its own folders: replace the link by the folder")


def _real_dir(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def part_files(root: Path, table: str) -> Iterator[Path]:
    """The files of ``root/table`` named as parts (not symlinks), in name order."""
    folder = root / table
    if not _real_dir(folder):
        return
    for path in sorted(folder.iterdir()):
        name = path.name.removesuffix(".parquet")
        if path.name.endswith(".parquet") and PART.fullmatch(name) and not path.is_symlink():
            yield path


def staged_file(root: Path, table: str, part: str) -> Path:
    """Where a writer stages the file of ``part`` in ``table``, checked as :func:`table_file`."""
    if PART.fullmatch(part) is None or table not in TABLES:
        raise FormatError(f"{root}: {part!r} is not the name of a part of table {table!r}")
    path = root / STAGING / part / f"{table}.parquet"
    try:
        real = path.resolve()
        folder = root.resolve() / STAGING / part
    except (OSError, RuntimeError) as err:
        raise FormatError(f"{path}: cannot resolve the path ({err})") from err
    if real.parent != folder:
        msg = f"{path}: leads outside the dataset's staging folder {folder} (a symlink?)"
        raise FormatError(f"{msg}; a dataset's files must lie in its own folders")
    return path


def locate(root: Path, table: str, part: str) -> Path:
    """The file of a committed part in ``table``: in the table folder, or still staged.

    A part stays staged between its commit and the move into the table folder (see
    :mod:`systemsreview.io._txn`); a crash there leaves it staged until the next writer.
    """
    final = table_file(root, table, part)
    if final.exists() or final.is_symlink():
        return final
    staged = staged_file(root, table, part)
    return staged if staged.is_file() and not staged.is_symlink() else final


def staged_parts(root: Path) -> dict[str, list[Path]]:
    """The staging folders of parts (``_staging/<part>/``), each with its staged files."""
    staging = root / STAGING
    found: dict[str, list[Path]] = {}
    if not _real_dir(staging):
        return found
    for folder in sorted(staging.iterdir()):
        if PART.fullmatch(folder.name) and _real_dir(folder):
            files = [f for f in sorted(folder.iterdir()) if _STAGED.fullmatch(f.name)]
            found[folder.name] = [f for f in files if f.is_file() and not f.is_symlink()]
    return found


def leftovers(root: Path) -> list[Path]:
    """The temporary manifests and broken locks writers left in the root."""
    if not root.is_dir():
        return []
    return [f for f in sorted(root.iterdir()) if _ROOT_FILES.fullmatch(f.name)]


def _ours(base: Path, path: Path) -> bool:
    """Whether ``path`` is a name the writers generate, in its place under ``base``."""
    try:
        parent = path.parent.resolve()
    except (OSError, RuntimeError):
        return False
    name = path.name
    if parent == base:
        return name in {STAGING, LOCK} or bool(_ROOT_FILES.fullmatch(name))
    if parent == base / STAGING:
        return bool(PART.fullmatch(name))
    if parent.parent == base / STAGING and PART.fullmatch(parent.name):
        return bool(_STAGED.fullmatch(name))
    if parent.parent == base and parent.name in TABLES:
        return name.endswith(".parquet") and bool(PART.fullmatch(name[: -len(".parquet")]))
    return False


def remove(root: Path, paths: Iterable[Path]) -> list[Path]:
    """Delete ``paths``, each of which must be the library's own; return those deleted.

    This is the only function of the library that deletes anything. A path is deleted only
    if its folder, symlinks resolved, is the dataset root, its staging folder or one of its
    table folders, and its name is one the writers generate there. A symlink is never
    removed nor followed, a folder only when empty; what is not there is skipped.

    Raises:
        FormatError: a path is not provably the library's own (nothing more is deleted).
    """
    base = root.resolve()
    removed: list[Path] = []
    for path in paths:
        if not _ours(base, path):
            msg = f"{path}: refusing to delete a file that is not a part of the dataset {root}"
            raise FormatError(f"{msg}; nothing else was deleted after it")
        if path.is_symlink():
            continue  # the library makes no symlinks: someone else's, left alone
        try:
            if path.is_dir():
                if PART.fullmatch(path.name) or path.name == STAGING:
                    path.rmdir()
                else:
                    continue  # a folder where a file is expected: not ours, left alone
            else:
                path.unlink()
        except FileNotFoundError:
            continue
        except OSError:
            continue  # a non-empty folder, or no permission: left as it is
        removed.append(path)
    return removed
