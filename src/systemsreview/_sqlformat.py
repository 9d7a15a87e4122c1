"""Refusing SQL over a dataset that holds parts of an older format.

Arrow readers migrate a part of an older major format on reading; an engine running the
texts of :mod:`systemsreview.sql` reads the part files as they lie, where a 4.x ``reviews``
file has ``method`` and no ``methods``, a 4.x ``findings`` file no ``other_patterns``. On
such files the engines fail with errors that do not say why, or (Spark, whose schema comes
from one file) read the missing columns as nulls and count wrong. So :func:`require_current`
refuses a dataset whose committed parts (the manifest records each part's format) are not
all of the current major format, and says which parts and tables differ and what to do. A
folder without a manifest (written by other tools) is not checked.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.io._manifest import Part, load, major
from systemsreview.io._paths import locate
from systemsreview.io._schema import FORMAT_VERSION, SCHEMAS, TABLES, tables_of

__all__ = ["require_current"]

_SHOWN = 3  # part names listed per format version


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return f"{shown}, ..." if len(names) > _SHOWN else shown


def _differences(root: Path, part: Part) -> list[str]:
    """How the files of ``part`` differ from the current tables (best effort, from footers)."""
    found: list[str] = []
    held = tables_of(part.format_version)
    for table in TABLES:
        if table not in held:
            found.append(f"{table} has no file")
            continue
        try:
            names = set(pq.read_schema(locate(root, table, part.name)).names)
        except (OSError, pa.ArrowException, FormatError):
            continue  # an unreadable file: the engines and verify() will say more
        wanted = SCHEMAS[table].names
        lacks = [c for c in wanted if c not in names]
        extra = sorted(names - set(wanted))
        if lacks or extra:
            words = [f"lacks {', '.join(lacks)}"] if lacks else []
            words += [f"has {', '.join(extra)} instead"] if extra else []
            found.append(f"{table} {' and '.join(words)}")
    return found


def require_current(root: Path) -> None:
    """Refuse the dataset at ``root`` unless every committed part is of the current format.

    Raises:
        FormatVersionError: some committed part is of an older major format; the message
            names the parts by format, how their tables differ, and what to do.
        FormatError: the manifest cannot be read.
    """
    manifest = load(root)  # None: no manifest, a folder of other tools, read as it lies
    current = major(FORMAT_VERSION)
    if manifest is None or all(major(p.format_version) == current for p in manifest.parts):
        return
    by_version: dict[str, list[Part]] = {}
    for part in manifest.parts:
        by_version.setdefault(part.format_version, []).append(part)
    counts = "; ".join(
        f"format {version}: {len(parts)} part(s) ({_names([p.name for p in parts])})"
        for version, parts in sorted(by_version.items(), key=lambda kv: major(kv[0]))
    )
    old = next(p for p in manifest.parts if major(p.format_version) != current)
    differences = _differences(root, old)
    how = f"; in part {old.name}, {'; '.join(differences)}" if differences else ""
    msg = (
        f"{root}: the SQL of systemsreview.sql needs every committed part in dataset format "
        f"{FORMAT_VERSION}, and this dataset holds older parts ({counts}){how}. Engines read "
        f"part files as they lie, so they would fail or count wrong. Rewrite the older parts in "
        f"format {FORMAT_VERSION} with `systemsreview compact {shlex.quote(str(root))}` "
        "(systemsreview.io.parquet.compact(path)), or analyse with systemsreview.analytics or "
        "Corpus, which migrate older parts on reading"
    )
    raise FormatVersionError(msg)
