"""The ``repair`` and ``compact`` commands: upkeep of a Parquet dataset folder.

They exist so that the advice in storage errors ("drop its part with repair(path,
drop_missing=True)", "run compact() on it") has a command-line form (see
:mod:`systemsreview._cli_messages`).
"""

from __future__ import annotations

import argparse

from systemsreview.io import parquet

__all__ = ["configure_compact", "configure_repair", "run_compact", "run_repair"]


def configure_repair(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``repair`` to its sub-parser."""
    parser.add_argument("path", metavar="DATASET", help="a dataset folder")
    parser.add_argument(
        "--drop-missing",
        action="store_true",
        help="also drop parts that cannot be read, with their reviews (the last resort)",
    )


def run_repair(args: argparse.Namespace) -> int:
    """Remove what crashed writers left behind; print what went."""
    removed = parquet.repair(args.path, drop_missing=args.drop_missing)
    for path in removed:
        print(f"removed {path}")
    print(f"{args.path}: {len(removed)} leftover(s) removed")
    return 0


def configure_compact(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``compact`` to its sub-parser."""
    parser.add_argument("path", metavar="DATASET", help="a dataset folder")


def run_compact(args: argparse.Namespace) -> int:
    """Rewrite small parts into large sorted ones (and migrate old ones); print how many."""
    done = parquet.compact(args.path)
    print(f"{args.path}: {done} part(s) rewritten")
    return 0
