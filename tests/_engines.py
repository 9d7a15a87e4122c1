"""Helpers the analysis tests share: run SQL on DuckDB, compare rows with a float tolerance."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pyarrow as pa

from systemsreview import sql
from systemsreview.corpus import Corpus
from systemsreview.io import parquet
from systemsreview.model import Review


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


class Narrowed(NamedTuple):
    """A dataset of reviews, opened, and narrowed to the kind of its first review."""

    path: Path
    corpus: Corpus
    narrowed: Corpus
    kind: str
    chosen: list[Review]


def narrowed_to_a_kind(reviews: list[Review], path: Path) -> Narrowed:
    """Write ``reviews`` to ``path``; the corpus, narrowed by ``where(kind=...)`` and in Python."""
    parquet.write(path, reviews)
    corpus = Corpus.open(path)
    kind = reviews[0].kind.value
    chosen = [r for r in reviews if r.kind.value == kind]
    return Narrowed(path, corpus, corpus.where(kind=kind), kind, chosen)
