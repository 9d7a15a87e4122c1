"""Parquet datasets against raw pyarrow and against what users would pick instead.

Run from the repository root (the project installed, or ``PYTHONPATH=src``)::

    python benchmarks/bench_storage.py            # 10, 100 and 1,000 reviews (~3 minutes)
    python benchmarks/bench_storage.py --large    # and 10,000 reviews (20+ minutes, ~7 GiB)
    python benchmarks/bench_storage.py --graphml-limit 1000   # GraphML at 1,000 too (+3 min)
    python benchmarks/bench_storage.py --sizes 1000 --write-only   # the writes only

For each corpus size it generates a synthetic corpus (``systemsreview.synth``), then times,
taking the best of ``--repeat`` runs:

* writing the reviews to a dataset against raw ``pyarrow.parquet.write_table`` of the same
  tables, prebuilt, with pyarrow's default options, with the options the dataset uses
  (zstd, page checksums, one row group per table), and with those options and an fsync of
  each file, as the dataset's write does (DESIGN.md target: at most 4x that last, fair
  baseline); and the write with its SHA-256 pass or its fsyncs left out, to show what each
  costs (the write without fsync is compared with the raw write without fsync);
* reading the dataset back into ``Review`` objects against raw ``read_table`` of the same
  files (target: at most 20x) and against the naive ``to_pylist()`` + cattrs path (target:
  at least 3x faster);
* reading the same corpus from networkx GraphML (one combined graph, node ids
  ``review_id/id``), from our JSON (one document a line) and from pickle (targets: at least
  10x faster than GraphML and 3x faster than JSON; files at least 5x smaller than JSON);
* file sizes, and the peak memory of each read, measured in a fresh child process as its
  peak resident set size above what it held before reading (issue 9's target: reading
  the dataset peaks at most 1.2x as high as reading the same reviews from JSON).

Results are printed as one table per size, then the ratios against their targets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import cattrs
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq

from _timing import best
from systemsreview import gc_paused, synth
from systemsreview.io import _txn, _validate, parquet
from systemsreview.io import json as srjson
from systemsreview.model import EntityKind, Extensions, Review

TABLES = ["reviews", *(kind.plural for kind in EntityKind), "links"]
FORMATS = ("parquet", "graphml", "json", "pickle")


# --- timing --------------------------------------------------------------------------------


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- the competitors -----------------------------------------------------------------------


def part_files(root: Path, table: str) -> list[Path]:
    return sorted((root / table).glob("*.parquet"))


def without_hashes(write: Callable[[], None]) -> None:
    """``write()`` with the SHA-256 pass left out (the size is still recorded)."""
    real = _txn.digest
    _txn.digest = lambda path: (path.stat().st_size, "0" * 64)
    try:
        write()
    finally:
        _txn.digest = real


def without_fsync(write: Callable[[], None]) -> None:
    """``write()`` with every fsync (files and folders) left out."""
    real = os.fsync
    os.fsync = lambda fd: None
    try:
        write()
    finally:
        os.fsync = real


def cold_read(root: Path, *, verify: bool) -> list[Review]:
    """``parquet.read`` with nothing remembered from earlier reads (as a new process)."""
    _validate.forget()
    return list(parquet.read(root, verify=verify))


def raw_read(root: Path) -> dict[str, pa.Table]:
    """Every table of the dataset with plain pyarrow, no conversion."""
    return {t: pa.concat_tables([pq.read_table(f) for f in part_files(root, t)]) for t in TABLES}


def raw_write(tables: dict[str, pa.Table], root: Path, **options: Any) -> None:
    for name, table in tables.items():
        (root / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, root / name / "part-0.parquet", **options)


#: The options the dataset's writer uses (``systemsreview.io._txn.PartWriter``).
SAME_OPTIONS = {"compression": "zstd", "write_page_checksum": True}


_NAIVE = cattrs.Converter()
_NAIVE.register_structure_hook(dt.date, lambda value, _: value)  # to_pylist gives dates
_NAIVE.register_structure_hook(Extensions, lambda value, _: Extensions(value))


def _extensions(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its ``extensions`` JSON text parsed (dropped when null)."""
    text = row.pop("extensions", None)
    if text is not None:
        row["extensions"] = json.loads(text)
    return row


def naive_read(root: Path) -> list[Review]:
    """``to_pylist()`` per table, rows regrouped per review, then ``cattrs.structure``."""
    rows = {name: table.to_pylist() for name, table in raw_read(root).items()}
    docs: dict[str, dict[str, Any]] = {}
    for row in rows["reviews"]:
        doc = _extensions(dict(row))
        doc["id"] = doc.pop("review_id")
        doc["scope"] = {"start": doc.pop("scope_start"), "end": doc.pop("scope_end")}
        docs[doc["id"]] = doc
    for kind in EntityKind:
        for row in rows[kind.plural]:
            doc = docs[row.pop("review_id")]
            _extensions(row)
            if "period_start" in row:
                row["period"] = {"start": row.pop("period_start"), "end": row.pop("period_end")}
            doc.setdefault(kind.plural, []).append(row)
    for row in rows["links"]:
        link = {
            "source": row["src"],
            "target": row["dst"],
            "kind": row["kind"],
            "note": row["note"],
        }
        if row["extensions"] is not None:
            link["extensions"] = json.loads(row["extensions"])
        docs[row["review_id"]].setdefault("links", []).append(link)
    return [_NAIVE.structure(doc, Review) for doc in docs.values()]


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return "\n".join(map(str, value))
    return value if isinstance(value, bool | int | float) else str(value)  # enums: their value


def write_graphml(reviews: Iterable[Review], path: Path) -> None:
    """One graph of the corpus: node ``review_id/id`` with its fields, an edge per link."""
    graph = nx.MultiDiGraph()
    for review in reviews:
        for entity in review.entities():
            fields = {f.name: _plain(getattr(entity, f.name)) for f in entity.__attrs_attrs__}
            fields.pop("period", None)
            if hasattr(entity, "period"):
                fields["period_start"] = entity.period.start.isoformat()
                fields["period_end"] = entity.period.end.isoformat()
            fields.update(review_id=review.id, entity_kind=entity.entity_kind.value)
            graph.add_node(f"{review.id}/{entity.id}", **fields)
        for link in review.links:
            graph.add_edge(
                f"{review.id}/{link.source}",
                f"{review.id}/{link.target}",
                kind=link.kind.value,
                note=link.note,
            )
    nx.write_graphml(graph, path)


def write_jsonl(reviews: Iterable[Review], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for review in reviews:
            out.write(srjson.dumps(review) + "\n")


def read_jsonl(path: Path) -> list[Review]:
    with path.open(encoding="utf-8") as lines:
        return [srjson.loads(line) for line in lines]


def read_pickle(path: Path) -> list[Review]:
    with path.open("rb") as f:
        reviews: list[Review] = pickle.load(f)  # our own file: a baseline only
    return reviews


READERS: dict[str, Callable[[Path], Any]] = {
    "parquet": lambda p: list(parquet.read(p)),
    "raw": raw_read,
    "naive": naive_read,
    "graphml": nx.read_graphml,
    "json": read_jsonl,
    "pickle": read_pickle,
}


def peak_memory(reader: str, path: Path) -> int:
    """Peak RSS growth, in bytes, of a fresh process reading ``path`` with ``reader``."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", reader, str(path)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    return int(out.stdout.split()[0])


def _status(key: str) -> int:
    """A memory figure of this process from /proc, in bytes (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) * 1024
    raise KeyError(key)


def child(reader: str, path: str) -> None:
    """Run one reader and print its peak RSS growth in bytes.

    ``VmHWM`` (the peak RSS of this process image) is used rather than ``ru_maxrss``, which
    Linux carries over from the parent across ``exec``. Elsewhere ``ru_maxrss`` is used.
    """
    try:
        before, peak = _status("VmRSS"), lambda: _status("VmHWM")
    except OSError:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # noqa: E731
    result = READERS[reader](Path(path))
    print(peak() - before, len(result))


# --- one size ------------------------------------------------------------------------------


def time_writes(reviews: list[Review], root: Path, repeat: int, times: dict[str, float]) -> None:
    """Time our write (whole, without SHA-256, without fsync) and raw ``write_table``."""
    dataset = root / "corpus"

    def write_ours() -> None:
        shutil.rmtree(dataset, ignore_errors=True)
        parquet.write(dataset, reviews)

    times["parquet write"] = best(write_ours, repeat)
    times["write, no SHA-256"] = best(lambda: without_hashes(write_ours), repeat)
    times["write, no fsync"] = best(lambda: without_fsync(write_ours), repeat)
    write_ours()  # the dataset read below records its hashes
    tables = raw_read(dataset)
    raw_root = root / "raw"

    def write_raw() -> None:
        shutil.rmtree(raw_root, ignore_errors=True)
        raw_write(tables, raw_root)

    times["raw write"] = best(write_raw, repeat)

    def write_raw_same() -> None:
        shutil.rmtree(raw_root, ignore_errors=True)
        rows = {name: max(1, t.num_rows) for name, t in tables.items()}
        for name, t in tables.items():
            raw_write({name: t}, raw_root, row_group_size=rows[name], **SAME_OPTIONS)

    times["raw write, same options"] = best(write_raw_same, repeat)

    def write_raw_durable() -> None:
        write_raw_same()
        for path in raw_root.rglob("*.parquet"):
            with path.open("rb") as f:
                os.fsync(f.fileno())

    times["raw write, same options, fsync"] = best(write_raw_durable, repeat)


def run(
    n: int, seed: int, repeat: int, workdir: Path, graphml_limit: int, *, write_only: bool = False
) -> dict[str, Any]:
    print(f"\n== {n:,} reviews", flush=True)
    start = time.perf_counter()
    reviews = list(synth.corpus(n, seed))
    made = time.perf_counter() - start
    entities = sum(r.entity_count for r in reviews)
    links = sum(len(r.links) for r in reviews)
    rate = f"{n / made:,.0f} reviews/s"
    print(f"generated in {made:.2f} s ({rate}; {entities:,} entities, {links:,} links)")

    root = workdir / f"n{n}"
    dataset = root / "corpus"
    times: dict[str, float] = {}

    time_writes(reviews, root, repeat, times)
    if write_only:
        return {"n": n, "entities": entities, "links": links, "gen": made, "times": times}
    files = {"parquet": dataset, "json": root / "corpus.jsonl", "pickle": root / "corpus.pickle"}
    write_jsonl(reviews, files["json"])
    with files["pickle"].open("wb") as f:
        pickle.dump(reviews, f, protocol=pickle.HIGHEST_PROTOCOL)
    if n <= graphml_limit:
        files["graphml"] = root / "corpus.graphml"
        write_graphml(reviews, files["graphml"])

    assert list(parquet.read(dataset)) == reviews, "the dataset does not read back equal"
    assert naive_read(dataset) == reviews, "the naive path does not read back equal"
    times["parquet read"] = best(lambda: list(parquet.read(dataset)), repeat)

    def read_paused() -> None:
        with gc_paused():
            list(parquet.read(dataset))

    times["parquet read in gc_paused"] = best(read_paused, repeat)
    times["raw read"] = best(lambda: raw_read(dataset), repeat)
    times["cold read"] = best(lambda: cold_read(dataset, verify=False), repeat)
    times["cold read, verify"] = best(lambda: cold_read(dataset, verify=True), repeat)
    times["naive read"] = best(lambda: naive_read(dataset), repeat)
    for fmt in ("json", "pickle", "graphml"):
        if fmt in files:
            times[f"{fmt} read"] = best(
                lambda fmt=fmt: READERS[fmt](files[fmt]), 1 if fmt == "graphml" else repeat
            )
    memory = {fmt: peak_memory(fmt, path) for fmt, path in files.items()}
    memory["raw"] = peak_memory("raw", dataset)
    sizes = {fmt: size_of(path) for fmt, path in files.items()}
    return {
        "n": n,
        "entities": entities,
        "links": links,
        "gen": made,
        "times": times,
        "memory": memory,
        "sizes": sizes,
    }


# --- report --------------------------------------------------------------------------------


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        " | ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def report(result: dict[str, Any]) -> None:
    t, m, s = result["times"], result.get("memory", {}), result.get("sizes", {})
    rows = [["what", "seconds", "file MiB", "peak MiB"]]
    for name, seconds in t.items():
        fmt = name.split()[0]
        reading = name.endswith("read")
        size = f"{s[fmt] / 2**20:.2f}" if reading and fmt in s else ""
        peak = f"{m[fmt] / 2**20:.1f}" if reading and fmt in m else ""
        rows.append([name, f"{seconds:.4f}", size, peak])
    print(table(rows))


def targets(result: dict[str, Any]) -> list[list[str]]:
    t, n = result["times"], f"{result['n']:,}"
    same, durable = t["raw write, same options"], t["raw write, same options, fsync"]
    writes = [
        [n, "write / raw, same options, fsync", f"{t['parquet write'] / durable:.1f}x", "<= 4x"],
        [n, "write no fsync / raw, same options", f"{t['write, no fsync'] / same:.1f}x", "(none)"],
        [
            n,
            "write / raw write_table (defaults)",
            f"{t['parquet write'] / t['raw write']:.1f}x",
            "(none)",
        ],
        [
            n,
            "write / write without SHA-256",
            f"{t['parquet write'] / t['write, no SHA-256']:.2f}x",
            "(none)",
        ],
        [
            n,
            "write / write without fsync",
            f"{t['parquet write'] / t['write, no fsync']:.2f}x",
            "(none)",
        ],
    ]
    if "parquet read" not in t:  # --write-only
        return writes
    s, m = result["sizes"], result["memory"]
    out = [
        *writes[:3],
        [n, "read peak memory / JSON's", f"{m['parquet'] / m['json']:.2f}x", "<= 1.2x"],
        [n, "read / raw read_table", f"{t['parquet read'] / t['raw read']:.1f}x", "<= 20x"],
        [
            n,
            "read in gc_paused / raw read_table",
            f"{t['parquet read in gc_paused'] / t['raw read']:.1f}x",
            "(opt-in)",
        ],
        [n, "to_pylist+cattrs / read", f"{t['naive read'] / t['parquet read']:.1f}x", ">= 3x"],
        [n, "JSON read / read", f"{t['json read'] / t['parquet read']:.1f}x", ">= 3x"],
        [n, "JSON size / dataset size", f"{s['json'] / s['parquet']:.1f}x", ">= 5x"],
        *writes[3:],
        [
            n,
            "read verify / read (cold)",
            f"{t['cold read, verify'] / t['cold read']:.2f}x",
            "(none)",
        ],
        [n, "pickle read / read", f"{t['pickle read'] / t['parquet read']:.2f}x", "(none)"],
    ]
    if "graphml read" in t:
        out.append(
            [n, "GraphML read / read", f"{t['graphml read'] / t['parquet read']:.0f}x", ">= 10x"]
        )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--large", action="store_true", help="add a corpus of 10,000 reviews")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--graphml-limit", type=int, default=100, help="skip GraphML above this size"
    )
    parser.add_argument("--workdir", type=Path, help="keep the files here (default: a temp dir)")
    parser.add_argument(
        "--write-only", action="store_true", help="time the writes only (a minute at 1,000)"
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child)
        return
    sizes = [*args.sizes, *([10_000] if args.large else [])]
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-storage-"))
    python = sys.version.split()[0]
    print(
        f"pyarrow {pa.__version__}, networkx {nx.__version__}, Python {python}; files in {workdir}"
    )
    results = []
    try:
        for n in sizes:
            repeat = 1 if n >= 10_000 else args.repeat
            result = run(
                n, args.seed, repeat, workdir, args.graphml_limit, write_only=args.write_only
            )
            report(result)
            results.append(result)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\n== against DESIGN.md's targets")
    print(
        table(
            [
                ["reviews", "ratio", "measured", "target"],
                *(row for r in results for row in targets(r)),
            ]
        )
    )
    summary = {
        r["n"]: {key: r[key] for key in ("times", "sizes", "memory") if key in r} for r in results
    }
    print("\n" + json.dumps(summary))


if __name__ == "__main__":
    main()
