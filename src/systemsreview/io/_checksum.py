"""File checksums: the size and SHA-256 of each table file, recorded in the manifest.

Parquet's own page checksums (CRC-32, written with ``write_page_checksum=True`` and
checked on every read) cover the data pages only, not the page headers or the footer. The
manifest therefore records every file's size, checked on every open, and its SHA-256,
checked when a reader asks (``verify=True``) and always by
:func:`~systemsreview.io.parquet.verify`. SHA-256 (stdlib :mod:`hashlib`) is the hash
``sha256sum`` checks too, so a backup can be verified without this library.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["HASH", "digest"]

#: The name of the hash, as the manifest stores it.
HASH = "sha256"


def digest(path: Path) -> tuple[int, str]:
    """The size in bytes and the SHA-256 (hex) of the file at ``path``.

    Raises:
        OSError: the file cannot be read.
    """
    with path.open("rb") as f:
        h = hashlib.file_digest(f, HASH)
        return f.tell(), h.hexdigest()
