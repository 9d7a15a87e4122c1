"""Migrations of tables written in older major versions of the dataset format.

``MIGRATIONS[n]`` turns a table of format ``n.x`` into one of format ``n+1.0``; reading a
file of an older major version runs the chain up to :data:`FORMAT_VERSION`. Migrations
work on Arrow tables (cheap renames and casts), before any validation, so an old file is
checked exactly as a new one is.

Format history:

- ``0.x`` (pre-release): the links table named its ends ``source`` and ``target``.
- ``1.0``: links name them ``src`` and ``dst``, as graph tools (GraphFrames) expect.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from systemsreview.io._manifest import major
from systemsreview.io._schema import FORMAT_VERSION

__all__ = ["MIGRATIONS", "migrate"]


def _from_0(table: str, data: pa.Table) -> pa.Table:
    if table != "links":
        return data
    renames = {"source": "src", "target": "dst"}
    return data.rename_columns([renames.get(n, n) for n in data.column_names])


MIGRATIONS: dict[int, Callable[[str, pa.Table], pa.Table]] = {0: _from_0}


def migrate(table: str, version: str, data: pa.Table) -> pa.Table:
    """``data`` of table ``table``, written in format ``version``, as the current format.

    >>> old = pa.table({"review_id": ["r"], "source": ["a"], "target": ["b"]})
    >>> migrate("links", "0.1", old).column_names
    ['review_id', 'src', 'dst']
    """
    for step in range(major(version), major(FORMAT_VERSION)):
        data = MIGRATIONS[step](table, data)
    return data
