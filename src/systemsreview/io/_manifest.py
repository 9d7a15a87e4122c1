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
from systemsreview.io._paths import LOCK, MANIFEST, PART, STAGING, generation_of
from systemsreview.io._schema import FORMAT_VERSION, TABLES

__all__ = [
    "LOCK",
    "MANIFEST",
    "MAX_MANIFEST_BYTES",
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

_KIND = "systemsreview-dataset"


def library_version() -> str:
    """The version of this library (read late: the package imports this module)."""
    from systemsreview import __version__  # noqa: PLC0415

    return __version__


def major(version: str) -> int:
    """The major part of a ``"major.minor"`` format version."""
    return int(version.split(".", 1)[0])


_VERSION = re.compile(r"[0-9]{1,6}\.[0-9]{1,6}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def check_version(version: object, written_by: object, where: str) -> str:
    """``version`` if this library can read it; else :class:`FormatVersionError`."""
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        msg = f"{where}: format version {_show(version)} is not 'major.minor'; the file is damaged"
        raise FormatError(msg)
    written_by = _show(written_by) if not isinstance(written_by, str) else written_by[:40]
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
    #: Each table file's size in bytes and SHA-256 (hex), recorded at commit since format
    #: 1.1; empty for parts written before (``rebuild_manifest`` adds them).
    files: Mapping[str, tuple[int, str]] = attrs.field(factory=dict, eq=False, hash=False)

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
                    **(
                        {"files": {t: {"bytes": n, "sha256": h} for t, (n, h) in p.files.items()}}
                        if p.files
                        else {}
                    ),
                }
                for p in self.parts
            ],
        }


_REBUILD = (
    "restore it from a backup, or rebuild it from the parts with "
    "systemsreview.io.parquet.rebuild_manifest(path)"
)
#: The largest manifest read (a million reviews take about 40 MB).
MAX_MANIFEST_BYTES = 256 * 1024 * 1024
_MAX_INT = 10**15
_MAX_ID = 64 * 1024


class _BadNumberError(Exception):
    """A value the JSON parser met that no manifest holds."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise _BadNumberError(f"an integer of {len(text)} digits")
    return int(text)


def _no_float(text: str) -> float:
    raise _BadNumberError(f"a fractional number {text[:20]!r}")


def _no_constant(text: str) -> float:
    raise _BadNumberError(f"the non-number {text!r}")


class _Fields:
    """Checks one field at a time, naming it in the error."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, field: str, problem: str) -> FormatError:
        return FormatError(f"{self.path}: field {field!r} {problem}; {_REBUILD}")

    def get(self, doc: dict[str, Any], key: str, field: str) -> Any:
        if key not in doc:
            raise self.error(field, "is missing")
        return doc[key]

    def integer(self, value: Any, field: str, low: int = 0, high: int = _MAX_INT) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(field, f"is {_show(value)}, not an integer from {low} to {high}")
        return value

    def string(self, value: Any, field: str, *, blank: bool = True) -> str:
        if not isinstance(value, str) or len(value) > _MAX_ID or (not blank and not value.strip()):
            raise self.error(field, f"is {_show(value)}, not a string of a valid length")
        return value

    def listing(self, value: Any, field: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(field, f"is {_show(value)}, not a list")
        return value

    def mapping(self, value: Any, field: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(field, f"is {_show(value)}, not an object")
        return value

    def version(self, value: Any, written_by: str, field: str) -> str:
        if not isinstance(value, str) or not _VERSION.fullmatch(value):
            raise self.error(field, f"is {_show(value)}, not 'major.minor'")
        return check_version(value, written_by, f"{self.path} (field {field!r})")


def _part(f: _Fields, doc: Any, i: int, version: str, written_by: str) -> Part:
    at = f"parts[{i}]"
    p = f.mapping(doc, at)
    name = f.string(f.get(p, "name", f"{at}.name"), f"{at}.name")
    if not PART.fullmatch(name):
        raise f.error(f"{at}.name", f"is {_show(name)}, not a part name ('part-NNNNNN-<hex>')")
    reviews = f.listing(f.get(p, "reviews", f"{at}.reviews"), f"{at}.reviews")
    ids = tuple(f.string(r, f"{at}.reviews[{k}]", blank=False) for k, r in enumerate(reviews))
    if not ids:
        raise f.error(f"{at}.reviews", "is empty; every part holds at least one review")
    rows = f.mapping(f.get(p, "rows", f"{at}.rows"), f"{at}.rows")
    counts = {str(t): f.integer(n, f"{at}.rows.{t}") for t, n in rows.items()}
    groups = f.integer(f.get(p, "row_groups", f"{at}.row_groups"), f"{at}.row_groups", 1)
    own = f.version(p.get("format_version", version), written_by, f"{at}.format_version")
    files = _files(f, p.get("files", {}), f"{at}.files")
    return Part(name, ids, counts, groups, own, files)


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _files(f: _Fields, doc: Any, at: str) -> dict[str, tuple[int, str]]:
    """The ``files`` field of a part: size and SHA-256 of each table file."""
    out: dict[str, tuple[int, str]] = {}
    for table, entry in f.mapping(doc, at).items():
        if table not in TABLES:
            raise f.error(f"{at}.{table}", "names no table of the format")
        e = f.mapping(entry, f"{at}.{table}")
        size = f.integer(f.get(e, "bytes", f"{at}.{table}.bytes"), f"{at}.{table}.bytes")
        digest = f.get(e, "sha256", f"{at}.{table}.sha256")
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise f.error(f"{at}.{table}.sha256", f"is {_show(digest)}, not 64 hex digits")
        out[table] = (size, digest)
    return out


def _parse(doc: Any, path: Path) -> Manifest:
    f = _Fields(path)
    if not isinstance(doc, dict) or doc.get("format") != _KIND:
        raise FormatError(f"{path}: not a systemsreview dataset manifest; {_REBUILD}")
    written_by = f.string(doc.get("library_version", "?"), "library_version")
    version = f.version(doc.get("format_version"), written_by, "format_version")
    generation = f.integer(f.get(doc, "generation", "generation"), "generation")
    items = f.listing(f.get(doc, "parts", "parts"), "parts")
    parts = tuple(_part(f, p, i, version, written_by) for i, p in enumerate(items))
    names: set[str] = set()
    seen: dict[str, str] = {}
    for i, part in enumerate(parts):
        if part.name in names:
            raise f.error(f"parts[{i}].name", f"repeats part {part.name!r}")
        if generation_of(part.name) > generation:
            problem = f"names generation {generation_of(part.name)}, after the manifest's"
            raise f.error(f"parts[{i}].name", f"{problem} {generation}")
        names.add(part.name)
        for rid in part.reviews:
            if rid in seen:
                problem = f"lists review {rid!r}, which part {seen[rid]!r} holds too"
                raise f.error(f"parts[{i}].reviews", problem)
            seen[rid] = part.name
    return Manifest(parts, generation, version, written_by)


#: Manifests parsed already, by path and exact content (parsing costs more than reading).
_LOADED: dict[tuple[str, bytes], Manifest] = {}


def load(root: Path) -> Manifest | None:
    """The manifest of the dataset at ``root``, or ``None`` when there is none.

    The manifest is untrusted input: its size, nesting, numbers, names and versions are all
    checked, and every failure names the manifest and the field.

    Raises:
        FormatError: the manifest is not readable JSON of the expected shape.
        FormatVersionError: the dataset is of a newer major format version.
    """
    path = root / MANIFEST
    try:
        with path.open("rb") as file:
            data = file.read(MAX_MANIFEST_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as err:
        raise FormatError(f"{path}: cannot read the manifest ({err}); {_REBUILD}") from err
    if len(data) > MAX_MANIFEST_BYTES:
        msg = f"{path}: the manifest is larger than {MAX_MANIFEST_BYTES:,} bytes"
        raise FormatError(f"{msg}; {_REBUILD}")
    key = (str(path), data)
    known = _LOADED.get(key)
    if known is not None:
        return known
    try:
        doc = json.loads(
            data.decode("utf-8"),
            parse_int=_int,
            parse_float=_no_float,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError as err:
        raise FormatError(f"{path}: cannot read the manifest ({err}); {_REBUILD}") from err
    except json.JSONDecodeError as err:
        raise FormatError(f"{path}: the manifest is not valid JSON ({err}); {_REBUILD}") from err
    except _BadNumberError as err:
        raise FormatError(f"{path}: the manifest holds {err}; {_REBUILD}") from err
    except RecursionError as err:
        raise FormatError(f"{path}: the manifest is nested too deeply; {_REBUILD}") from err
    manifest = _parse(doc, path)
    if len(_LOADED) >= 16:
        _LOADED.clear()
    _LOADED[key] = manifest
    return manifest


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
