"""Corpus analyses against the raw read of the columns they need, and against DuckDB SQL.

Run from the repository root (the project installed, or ``PYTHONPATH=src``)::

    python benchmarks/bench_analytics.py            # 10, 100 and 1,000 reviews (~1 minute)
    python benchmarks/bench_analytics.py --large    # and 10,000 reviews (a few minutes)
    python benchmarks/bench_analytics.py --large --keep /tmp/corpora   # reuse corpora

For each corpus size it writes a synthetic corpus (``systemsreview.synth``, streamed into
``systemsreview.io.parquet.write``), opens it as a ``Corpus`` and times, taking the best of
``--repeat`` runs:

* **raw**: ``pyarrow.parquet.read_table`` of exactly the tables and columns the analysis
  reads, from the same files (the DESIGN.md baseline);
* **corpus**: the ``Corpus`` method (manifest read, scan, decode, group, join, sort);
* **duckdb**: the analysis's text from ``systemsreview.sql`` on DuckDB over the same files,
  fetched as an Arrow table (views created once per corpus, outside the timing).

It prints one table per size with the ratios ``corpus / raw`` (DESIGN.md target: at most
3x) and ``corpus / duckdb``, then a summary of the worst ratio per analysis.

It also prints what the readers' checks cost (``systemsreview.io._validate``: manifest,
file places and versions, the reviews table against the manifest, every row against its
part and row group): ``pattern_prevalence`` on a corpus opened afresh, with every check
made (cold), against the same with the checks remembered from an earlier call (warm, what
a ``Corpus`` answering several questions pays), and against the raw read.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq

from _timing import best
from systemsreview import sql, synth
from systemsreview.corpus import Corpus
from systemsreview.io import parquet
from systemsreview.io._validate import forget

TARGET = 3.0
_SECTOR_TABLES = {
    "findings": ["review_id", "id", "pattern", "other_patterns"],
    "links": ["review_id", "src", "dst", "kind"],
    "episodes": ["review_id", "id"],
    "events": ["review_id", "id"],
    "practitioners": ["review_id", "id"],
    "agencies": ["review_id", "id", "sector"],
}
_DATES = {"reviews": ["review_id", "decided"]}
_LINKS = {"links": ["review_id", "src", "dst", "kind"]}
#: The day the action analyses judge overdue actions at.
AS_OF = "2020-01-01"

#: name -> (Corpus call, SQL text maker, {table: columns read})
ANALYSES: dict[str, tuple[Callable[[Corpus], Any], Callable[[Path], str], dict[str, list[str]]]]
ANALYSES = {
    "theme_prevalence": (
        Corpus.theme_prevalence,
        sql.theme_prevalence,
        {"findings": ["review_id", "id", "pattern", "other_patterns"], "reviews": ["review_id"]},
    ),
    "pattern_prevalence": (
        Corpus.pattern_prevalence,
        sql.pattern_prevalence,
        {"findings": ["review_id", "pattern", "other_patterns"], **_DATES},
    ),
    "factor_prevalence": (
        Corpus.factor_prevalence,
        sql.factor_prevalence,
        {"factors": ["review_id", "level", "category"], **_DATES},
    ),
    "cooccurrence(pattern)": (
        Corpus.cooccurrence,
        sql.cooccurrence,
        {"findings": ["review_id", "pattern", "other_patterns"], **_DATES},
    ),
    "cooccurrence(category)": (
        lambda c: c.cooccurrence("category"),
        lambda p: sql.cooccurrence(p, "category"),
        {"factors": ["review_id", "category"], **_DATES},
    ),
    "recurring(pattern)": (
        Corpus.recurring_findings,
        sql.recurring_findings,
        {"findings": ["review_id", "pattern", "other_patterns"], **_DATES},
    ),
    "recurring(pattern_sector)": (
        lambda c: c.recurring_findings(by="pattern_sector"),
        lambda p: sql.recurring_findings(p, by="pattern_sector"),
        {**_SECTOR_TABLES, **_DATES},
    ),
    "response_rate(year)": (
        lambda c: c.response_rate("year"),
        lambda p: sql.response_rate(p, "year"),
        {
            "reviews": ["review_id", "published"],
            "findings": ["review_id", "id"],
            "responses": ["review_id", "id", "when"],
            "recommendations": ["review_id", "id"],
            **_LINKS,
        },
    ),
    "action_completion(sector)": (
        lambda c: c.action_completion("sector", as_of=AS_OF),
        lambda p: sql.action_completion(p, "sector", as_of=AS_OF),
        {
            "actions": ["review_id", "id", "status", "due", "agreed", "completed"],
            "agencies": ["review_id", "id", "sector"],
            **_LINKS,
        },
    ),
    "action_completion(pattern)": (
        lambda c: c.action_completion("pattern"),
        lambda p: sql.action_completion(p, "pattern"),
        {
            "actions": ["review_id", "id", "status", "due", "agreed", "completed"],
            "responses": ["review_id", "when"],
            "findings": ["review_id", "id", "pattern", "other_patterns"],
            "recommendations": ["review_id", "id"],
            **_LINKS,
        },
    ),
    "recurring_after_action": (
        Corpus.recurring_after_action,
        sql.recurring_after_action,
        {
            "reviews": ["review_id", "published"],
            "actions": ["review_id", "id", "status"],
            "findings": ["review_id", "id", "pattern", "other_patterns"],
            "recommendations": ["review_id", "id"],
            **_LINKS,
        },
    ),
    "trend(pattern_prevalence)": (
        Corpus.trend,
        sql.trend,
        {"findings": ["review_id", "pattern", "other_patterns"], **_DATES},
    ),
    "trend(factor_prevalence)": (
        lambda c: c.trend("factor_prevalence"),
        lambda p: sql.trend(p, "factor_prevalence"),
        {"factors": ["review_id", "level", "category"], **_DATES},
    ),
    "trend(cooccurrence)": (
        lambda c: c.trend("cooccurrence"),
        lambda p: sql.trend(p, "cooccurrence"),
        {"findings": ["review_id", "pattern", "other_patterns"], **_DATES},
    ),
    "factor_placement(category)": (
        lambda c: c.factor_placement("category"),
        lambda p: sql.factor_placement(p, "category"),
        {
            "factors": ["review_id", "id", "level", "category"],
            "agencies": ["review_id", "id", "sector"],
            **_LINKS,
        },
    ),
    "process_prevalence(kind)": (
        lambda c: c.process_prevalence("kind"),
        lambda p: sql.process_prevalence(p, "kind"),
        {"reviews": ["review_id", "kind", "decided"], "events": ["review_id", "process"]},
    ),
    "process_gaps(year)": (
        lambda c: c.process_gaps("year"),
        lambda p: sql.process_gaps(p, "year"),
        {"reviews": ["review_id", "kind", "decided"], "events": ["review_id", "process"]},
    ),
}


def raw_read(root: Path, needs: dict[str, list[str]]) -> None:
    for table, columns in needs.items():
        pq.read_table(root / table, columns=columns)


def bench_size(root: Path, n: int, repeat: int) -> list[tuple[str, float, float, float, int]]:
    path = root / f"corpus-{n}"
    start = time.perf_counter()
    if not (path / "_systemsreview.json").is_file():
        parquet.write(path, synth.corpus(n, seed=n), batch_size=1000)
        print(f"\n{n:,} reviews: written in {time.perf_counter() - start:.1f} s")
    else:
        print(f"\n{n:,} reviews: reusing {path}")
    corpus = Corpus.open(path)
    con = duckdb.connect()
    sql.duckdb_views(con, path)
    rows = []
    for name, (call, text, needs) in ANALYSES.items():
        query = text(path)
        result = call(corpus)
        check = con.sql(query).to_arrow_table()
        assert check.to_pylist() == result.to_pylist(), f"{name}: DuckDB and Corpus disagree"
        raw = best(lambda needs=needs: raw_read(path, needs), repeat)
        ours = best(lambda call=call: call(corpus), repeat)
        duck = best(lambda query=query: con.sql(query).to_arrow_table(), repeat)
        rows.append((name, raw, ours, duck, result.num_rows))
    con.close()
    raw = best(lambda: raw_read(path, ANALYSES["pattern_prevalence"][2]), repeat)

    def cold() -> None:
        forget()
        Corpus.open(path).pattern_prevalence()

    checked = best(cold, repeat)
    warm = best(lambda: Corpus.open(path).pattern_prevalence(), repeat)
    print(
        f"checks: pattern_prevalence on a fresh Corpus {checked * 1e3:.2f} ms with every check "
        f"made ({checked / raw:.2f}x raw), {warm * 1e3:.2f} ms with the checks remembered "
        f"({warm / raw:.2f}x raw): the checks cost {(checked - warm) * 1e3:.2f} ms once"
    )
    print(
        f"{'analysis':<27} {'rows':>6} {'raw ms':>9} {'corpus ms':>10} {'x raw':>7} "
        f"{'duckdb ms':>10} {'x duckdb':>9}"
    )
    for name, raw, ours, duck, count in rows:
        flag = "" if ours / raw <= TARGET else "  > target"
        print(
            f"{name:<27} {count:>6} {raw * 1e3:>9.2f} {ours * 1e3:>10.2f} {ours / raw:>7.2f} "
            f"{duck * 1e3:>10.2f} {ours / duck:>9.2f}{flag}"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="add a 10,000-review corpus")
    parser.add_argument("--sizes", type=int, nargs="*", help="corpus sizes (overrides defaults)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (best kept)")
    parser.add_argument(
        "--keep", type=Path, help="write the corpora here and reuse them on later runs"
    )
    args = parser.parse_args()
    sizes = args.sizes or [10, 100, 1000, *([10_000] if args.large else [])]
    summary: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for name, raw, ours, _, _ in bench_size(args.keep or Path(tmp), n, args.repeat):
                summary.setdefault(name, []).append(ours / raw)
    print(f"\nworst corpus/raw ratio per analysis over sizes {sizes} (target <= {TARGET}x):")
    for name, ratios in summary.items():
        print(f"  {name:<27} {max(ratios):6.2f}x  {'ok' if max(ratios) <= TARGET else 'MISSED'}")


if __name__ == "__main__":
    main()
