"""Seeded corruptions of a dataset's part files, shared by the reliability tests."""

from __future__ import annotations

import random
from pathlib import Path

from systemsreview.io.parquet import TABLES

__all__ = ["KINDS", "corrupt", "part_files", "restore"]

#: The kinds of corruption applied.
KINDS = ("flip", "flips", "truncate", "zero", "swap_parts", "swap_tables")


def part_files(root: Path) -> list[Path]:
    """Every committed part file, in a stable order."""
    return sorted(f for t in TABLES for f in (root / t).glob("part-*.parquet"))


def corrupt(root: Path, rng: random.Random) -> tuple[str, dict[Path, bytes]]:
    """Damage the dataset at ``root`` once; the kind and the original bytes of what changed."""
    files = part_files(root)
    kind = rng.choice(KINDS)
    target = rng.choice(files)
    data = target.read_bytes()
    saved = {target: data}
    if kind in ("flip", "flips"):
        out = bytearray(data)
        for _ in range(1 if kind == "flip" else rng.randint(2, 8)):
            i = rng.randrange(len(out))
            out[i] ^= 1 << rng.randrange(8)
        target.write_bytes(bytes(out))
    elif kind == "truncate":
        target.write_bytes(data[: rng.randrange(len(data))])
    elif kind == "zero":
        start = rng.randrange(len(data))
        end = min(len(data), start + rng.randint(1, 256))
        target.write_bytes(data[:start] + bytes(end - start) + data[end:])
    else:
        if kind == "swap_parts":
            others = [f for f in files if f.parent == target.parent and f != target]
        else:
            others = [f for f in files if f.name == target.name and f != target]
        other = rng.choice(others)
        saved[other] = other.read_bytes()
        target.write_bytes(saved[other])
        other.write_bytes(data)
    changed = any(p.read_bytes() != b for p, b in saved.items())
    return (kind if changed else "none"), saved


def restore(saved: dict[Path, bytes]) -> None:
    """Put back what :func:`corrupt` changed."""
    for path, data in saved.items():
        path.write_bytes(data)
