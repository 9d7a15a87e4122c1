"""Helpers the analysis tests share: run SQL on DuckDB, compare rows with a float tolerance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from systemsreview import sql


def close(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    """Whether two lists of rows are equal: same keys in order, floats to 1e-9 (relative)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if list(x) != list(y):
            return False
        for k in x:
            if isinstance(x[k], float) and isinstance(y[k], float):
                if abs(x[k] - y[k]) > 1e-9 * max(1.0, abs(x[k])):
                    return False
            elif x[k] != y[k]:
                return False
    return True


def on_duckdb(path: Path, text: str) -> pa.Table:
    """The rows of the SQL ``text`` on DuckDB, over the views of the dataset ``path``."""
    con = duckdb.connect()
    sql.duckdb_views(con, path)
    return con.sql(text).to_arrow_table()
