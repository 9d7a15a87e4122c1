"""The dataset manifest, ``_systemsreview.json``: the only list of committed parts.

A part is one write's worth of reviews: one file ``<table>/<part>.parquet`` in every table
folder, all with the same number of row groups, row group *k* of every table holding the
rows of the same reviews. The manifest lists the parts in order with the ids of their
reviews, so a reader never opens a file the manifest does not name and a writer can refuse
a review id already present without reading any Parquet file. It is replaced atomically,
last, by every writer (see :mod:`systemsreview.io._txn`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.io._schema import FORMAT_VERSION, TABLES

__all__ = [
    "LOCK",
    "MANIFEST",
    "STAGING",
    "Manifest",
    "Part",
    "check_version",
    "fsync_dir",
    "library_version",
    "load",
    "major",
    "save",
]

MANIFEST = "_systemsreview.json"
LOCK = "_systemsreview.lock"
STAGING = "_staging"
_KIND = "systemsreview-dataset"


def library_version() -> str:
    """The version of this library (read late: the package imports this module)."""
    from systemsreview import __version__  # noqa: PLC0415

    return __version__


def major(version: str) -> int:
    """The major part of a ``"major.minor"`` format version."""
    return int(version.split(".", 1)[0])


def check_version(version: object, written_by: object, where: str) -> str:
    """``version`` if this library can read it; else :class:`FormatVersionError`."""
    if not isinstance(version, str) or not re.fullmatch(r"\d+\.\d+", version):
        msg = f"{where}: format version {version!r} is not 'major.minor'; the file is damaged"
        raise FormatError(msg)
    if major(version) > major(FORMAT_VERSION):
        msg = (
            f"{where} is in dataset format {version}, written by systemsreview {written_by}; "
            f"systemsreview {library_version()} reads format {FORMAT_VERSION} and older: "
            f"upgrade with pip install 'systemsreview>={written_by}'"
        )
        raise FormatVersionError(msg)
    return version


@attrs.frozen
class Part:
    """One committed part: its file name (without ``.parquet``) and what it holds."""

    name: str
    reviews: tuple[str, ...]
    rows: Mapping[str, int] = attrs.field(eq=False, hash=False)
    row_groups: int
    format_version: str = FORMAT_VERSION

    @property
    def size(self) -> int:
        """The number of rows over all tables."""
        return sum(self.rows.values())


@attrs.frozen
class Manifest:
    """The committed state of a dataset; ``generation`` grows by one per commit."""

    parts: tuple[Part, ...] = ()
    generation: int = 0
    format_version: str = FORMAT_VERSION
    library_version: str = attrs.field(factory=library_version)

    def where(self) -> dict[str, Part]:
        """The part holding each review id."""
        return {rid: part for part in self.parts for rid in part.reviews}

    def review_ids(self) -> list[str]:
        """Every review id, in dataset order."""
        return [rid for part in self.parts for rid in part.reviews]

    def to_json(self) -> dict[str, Any]:
        """The manifest as a JSON document."""
        return {
            "format": _KIND,
            "format_version": self.format_version,
            "library_version": self.library_version,
            "generation": self.generation,
            "tables": list(TABLES),
            "parts": [
                {
                    "name": p.name,
                    "format_version": p.format_version,
                    "row_groups": p.row_groups,
                    "rows": dict(p.rows),
                    "reviews": list(p.reviews),
                }
                for p in self.parts
            ],
        }


def _parse(doc: Any, path: Path) -> Manifest:
    if not isinstance(doc, dict) or doc.get("format") != _KIND:
        raise FormatError(f"{path}: not a systemsreview dataset manifest")
    version = check_version(doc.get("format_version"), doc.get("library_version"), str(path))
    try:
        parts = tuple(
            Part(
                name=str(p["name"]),
                reviews=tuple(str(r) for r in p["reviews"]),
                rows={str(k): int(v) for k, v in p["rows"].items()},
                row_groups=int(p["row_groups"]),
                format_version=str(p.get("format_version", version)),
            )
            for p in doc["parts"]
        )
        manifest = Manifest(parts, int(doc["generation"]), version, str(doc["library_version"]))
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        msg = f"{path}: the manifest is damaged ({type(err).__name__}: {err})"
        raise FormatError(f"{msg}; restore it from a backup") from err
    names = [p.name for p in parts]
    ids = manifest.review_ids()
    if len(set(names)) != len(names) or len(set(ids)) != len(ids):
        msg = f"{path}: the manifest lists a part or a review twice; restore it from a backup"
        raise FormatError(msg)
    return manifest


def load(root: Path) -> Manifest | None:
    """The manifest of the dataset at ``root``, or ``None`` when there is none.

    Raises:
        FormatError: the manifest is not readable JSON of the expected shape.
        FormatVersionError: the dataset is of a newer major format version.
    """
    path = root / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as err:
        raise FormatError(f"{path}: cannot read the manifest ({err})") from err
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        msg = f"{path}: the manifest is not valid JSON ({err}); restore it from a backup"
        raise FormatError(msg) from err
    return _parse(doc, path)


def fsync_dir(path: Path) -> None:
    """Make a directory's entries (renames, new files) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def save(root: Path, manifest: Manifest, token: str) -> Path:
    """Write the manifest to a temporary name and fsync it; return that name.

    The caller commits by renaming it over ``_systemsreview.json`` (:func:`os.replace`).
    """
    tmp = root / f"{MANIFEST}.tmp-{token}"
    with tmp.open("w", encoding="utf-8") as out:
        json.dump(manifest.to_json(), out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())
    return tmp
