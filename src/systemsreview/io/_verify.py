"""Checking a whole dataset, as ``fsck`` checks a file system: :func:`verify`.

Every file the manifest lists is opened and checked as readers check it (place, format
version, schema, row groups), its size and SHA-256 are compared with the manifest's, every
row group of every table is read (Parquet page checksums verified) and checked against the
reviews of the same row group of the part's ``reviews`` table, and every review is
decoded. Nothing is changed. The report names each damaged file and the reviews it makes
unreadable, so that they can be restored from a backup or dropped with
:func:`~systemsreview.io.parquet.repair`.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from systemsreview.errors import FormatError, SystemsReviewError
from systemsreview.io import _reader, _validate
from systemsreview.io._columns import DEFAULT_MAX_STRING_BYTES
from systemsreview.io._files import TableFile
from systemsreview.io._manifest import MANIFEST, Manifest, Part, load
from systemsreview.io._paths import part_files
from systemsreview.io._schema import TABLES, tables_of

__all__ = ["Damage", "Verified", "verify"]


@attrs.frozen
class Damage:
    """One problem :func:`verify` found.

    Attributes:
        where: the damaged file (or the manifest, or a part when its files disagree).
        problem: what is wrong, as a reader would report it.
        part: the part concerned (``None`` for the manifest).
        table: the table concerned, when one file is.
        reviews: the reviews the damage makes unreadable (empty when the manifest is
            unreadable: then every review is).
    """

    where: str
    problem: str
    part: str | None = None
    table: str | None = None
    reviews: tuple[str, ...] = ()


@attrs.frozen
class Verified:
    """What :func:`verify` found; ``ok`` when nothing is damaged.

    Attributes:
        path: the dataset.
        parts: the parts the manifest lists.
        files: the table files checked.
        hashed: the files whose SHA-256 was compared (parts written before format 1.1
            record none; :func:`~systemsreview.io.parquet.rebuild_manifest` adds them).
        reviews: the reviews the manifest lists.
        damage: every problem found.
    """

    path: Path
    parts: int
    files: int
    hashed: int
    reviews: int
    damage: tuple[Damage, ...]

    @property
    def ok(self) -> bool:
        """``True`` when nothing is damaged."""
        return not self.damage

    @property
    def affected(self) -> list[str]:
        """The reviews made unreadable by the damage, in dataset order, each once."""
        return list(dict.fromkeys(r for d in self.damage for r in d.reviews))

    def __str__(self) -> str:
        head = (
            f"{self.path}: {self.reviews} review(s) in {self.parts} part(s), "
            f"{self.files} file(s) checked, {self.hashed} against their SHA-256"
        )
        if self.ok:
            return f"{head}: no damage found"
        lines = [f"{head}: {len(self.damage)} problem(s)"]
        for d in self.damage:
            lines.append(f"  DAMAGED {d.where}: {d.problem}")
            if d.reviews:
                shown = ", ".join(d.reviews[:5]) + (" ..." if len(d.reviews) > 5 else "")
                lines.append(f"    reviews affected ({len(d.reviews)}): {shown}")
            elif d.part is None:
                lines.append("    reviews affected: all (the manifest cannot be read)")
        return "\n".join(lines)


def _check_part(root: Path, manifest: Manifest, part: Part) -> tuple[list[Damage], int, int]:
    """The damage found in one part, the files checked and the files hashed."""
    damage: list[Damage] = []
    checked = hashed = 0
    for table in tables_of(part.format_version):
        checked += 1
        try:
            f = TableFile(root, part, table, DEFAULT_MAX_STRING_BYTES, verify=True)
        except SystemsReviewError as err:
            damage.append(Damage(str(root / table), str(err), part.name, table, part.reviews))
            continue
        hashed += table in part.files
        rows = f.rows
        if table in part.rows and part.rows[table] != rows:
            problem = f"{f.path}: holds {rows} rows, the manifest recorded {part.rows[table]}"
            damage.append(Damage(str(f.path), problem, part.name, table, part.reviews))
        f.close()
    if damage:
        return damage, checked, hashed
    one = Manifest((part,), manifest.generation, manifest.format_version)
    try:
        for _ in _reader.reviews(root, one, None, DEFAULT_MAX_STRING_BYTES):
            pass
    except SystemsReviewError as err:
        damage.append(Damage(f"part {part.name}", str(err), part.name, None, part.reviews))
    return damage, checked, hashed


def verify(path: str | Path) -> Verified:
    """Check every file, hash, row group and value of the dataset at ``path``.

    Nothing is changed. Parts listed by the manifest are checked one at a time, so one
    damaged part does not hide another.

    >>> import tempfile, pathlib
    >>> from systemsreview.examples import domestic_abuse_review
    >>> from systemsreview.io.parquet import write
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "corpus"
    >>> write(path, domestic_abuse_review())
    1
    >>> report = verify(path)
    >>> report.ok, report.files, report.hashed
    (True, 16, 16)

    Raises:
        FormatError: ``path`` is not a dataset (no manifest and no part files).
    """
    root = Path(path)
    _validate.forget()  # an fsck reads cold: every file is hashed and checked again
    if not root.is_dir():
        raise FormatError(f"{root}: no such folder; give the path of a systemsreview dataset")
    try:
        manifest = load(root)
    except SystemsReviewError as err:
        return Verified(root, 0, 0, 0, 0, (Damage(str(root / MANIFEST), str(err)),))
    if manifest is None:
        if any(next(part_files(root, t), None) for t in TABLES):
            problem = "the manifest is missing but part files are there; rebuild it with "
            problem += "systemsreview.io.parquet.rebuild_manifest(path)"
            return Verified(root, 0, 0, 0, 0, (Damage(str(root / MANIFEST), problem),))
        raise FormatError(f"{root}: no systemsreview dataset here (no {MANIFEST})")
    found: list[Damage] = []
    files = hashed = 0
    for part in manifest.parts:
        damage, checked, sums = _check_part(root, manifest, part)
        found += damage
        files += checked
        hashed += sums
    reviews = len(manifest.review_ids())
    return Verified(root, len(manifest.parts), files, hashed, reviews, tuple(found))
