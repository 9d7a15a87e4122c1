"""Never destroy data, never leave the dataset (issue 15): each case found by the hostile
battery, kept as a regression test.

``repair`` and ``write`` delete only what they can prove is their own; a lost manifest is
rebuilt from the parts; manifest part names cannot lead out of the dataset; nothing outside
the dataset is read or touched.
"""

from __future__ import annotations

import json
import os
import re
import socket
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from storage_helpers import EXAMPLE, variants
from systemsreview import Corpus
from systemsreview.errors import ConflictError, FormatError, FormatVersionError
from systemsreview.io import _txn
from systemsreview.io import parquet as pqds
from systemsreview.io._manifest import major
from systemsreview.io._paths import remove
from systemsreview.io._schema import FORMAT_VERSION, TABLES

MANIFEST = "_systemsreview.json"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(f.relative_to(folder)): f.read_bytes()
        for f in sorted(folder.rglob("*"))
        if f.is_file() and not f.is_symlink()
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Three parts of two reviews each (three parts of every table)."""
    path = tmp_path / "corpus"
    for i in range(3):
        pqds.write(path, variants(2, f"w{i}-"), mode="append", compact_threshold=None)
    return path


def _all(path: Path) -> dict[str, object]:
    return {r.id: r for r in pqds.read(path)}


def _parts(path: Path) -> list[Path]:
    return sorted(path.glob("*/part-*.parquet"))


# --- a lost manifest: nothing deleted, everything recoverable -------------------------


def test_repair_without_manifest_refuses_and_deletes_nothing(corpus: Path) -> None:
    before = _snapshot(corpus)
    (corpus / MANIFEST).unlink()
    after_loss = _snapshot(corpus)
    assert len(_parts(corpus)) == 3 * len(TABLES)
    with pytest.raises(FormatError, match=r"no manifest.*rebuild_manifest"):
        pqds.repair(corpus)
    with pytest.raises(FormatError, match="rebuild_manifest"):
        pqds.repair(corpus, drop_missing=True)
    assert _snapshot(corpus) == after_loss
    assert len(before) == len(after_loss) + 1


@pytest.mark.parametrize("mode", ["create", "append", "replace"])
def test_write_without_manifest_refuses_in_every_mode(corpus: Path, mode: str) -> None:
    (corpus / MANIFEST).unlink()
    before = _snapshot(corpus)
    with pytest.raises(FormatError, match=r"part files .* but no manifest.*rebuild_manifest"):
        pqds.write(corpus, attrs.evolve(EXAMPLE, id="new"), mode=mode)  # type: ignore[arg-type]
    with pytest.raises(FormatError, match="rebuild_manifest"):
        pqds.compact(corpus)
    assert _snapshot(corpus) == before


@pytest.mark.parametrize("text", ["{not json", "", '{"format": "systemsreview-dataset"}'])
def test_write_and_repair_refuse_a_damaged_manifest(corpus: Path, text: str) -> None:
    (corpus / MANIFEST).write_text(text)
    before = _snapshot(corpus)
    for action in (
        lambda: pqds.write(corpus, attrs.evolve(EXAMPLE, id="new"), mode="append"),
        lambda: pqds.write(corpus, attrs.evolve(EXAMPLE, id="new"), mode="replace"),
        lambda: pqds.repair(corpus),
        lambda: pqds.repair(corpus, drop_missing=True),
        lambda: pqds.compact(corpus),
    ):
        with pytest.raises(FormatError, match="rebuild_manifest"):
            action()
    assert _snapshot(corpus) == before


def test_readers_say_how_to_rebuild_a_lost_manifest(corpus: Path) -> None:
    (corpus / MANIFEST).unlink()
    for reader in (
        lambda: list(pqds.read(corpus)),
        lambda: pqds.read_table(corpus, "findings"),
        lambda: pqds.review_ids(corpus),
        lambda: Corpus.open(corpus),
    ):
        with pytest.raises(FormatError, match=r"manifest .* is missing.*rebuild_manifest"):
            reader()
    from systemsreview import analytics  # noqa: PLC0415  # the folder form of the analyses

    with pytest.raises(FormatError, match="rebuild_manifest"):
        analytics.pattern_prevalence(corpus)


def test_rebuild_restores_every_review(corpus: Path) -> None:
    expected = _all(corpus)
    (corpus / MANIFEST).unlink()
    report = pqds.rebuild_manifest(corpus)
    assert set(report.reviews) == set(expected)
    assert len(report.parts) == 3
    assert report.superseded == report.skipped == report.rewritten == ()
    assert report.previous is None
    assert _all(corpus) == expected
    assert pqds.repair(corpus) == []
    pqds.write(corpus, attrs.evolve(EXAMPLE, id="after"), mode="append")
    assert set(_all(corpus)) == {*expected, "after"}


def test_repair_rebuild_true_rebuilds_then_tidies(corpus: Path) -> None:
    expected = _all(corpus)
    (corpus / MANIFEST).write_text("{damaged")
    assert pqds.repair(corpus, rebuild=True) == []
    assert _all(corpus) == expected
    [kept] = corpus.glob(f"{MANIFEST}.previous-*")  # the damaged one is kept, not deleted
    assert kept.read_text() == "{damaged"


class _CrashError(Exception):
    pass


def _crash_at(monkeypatch: pytest.MonkeyPatch, name: str, occurrence: int = 1) -> None:
    seen: list[str] = []

    def hook(step: str) -> None:
        seen.append(step)
        if seen.count(name) == occurrence:
            raise _CrashError(step)

    monkeypatch.setattr(_txn, "on_step", hook)


def test_rebuild_after_a_crashed_replace_keeps_the_newest_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, variants(3))
    changed = attrs.evolve(variants(3)[1], title="changed")
    _crash_at(monkeypatch, "manifest staged")  # every part written, nothing committed
    with pytest.raises(_CrashError):
        pqds.write(path, changed, mode="replace")
    monkeypatch.setattr(_txn, "on_step", None)
    assert pqds.read_review(path, "r0001").title != "changed"  # not committed
    (path / MANIFEST).unlink()
    report = pqds.rebuild_manifest(path)
    assert sorted(report.reviews) == ["r0000", "r0001", "r0002"]
    assert {r for r, _, _ in report.superseded} == {"r0000", "r0001", "r0002"}
    assert pqds.read_review(path, "r0001") == changed  # the newest generation wins
    assert pqds.read_review(path, "r0000") == variants(3)[0]
    assert "superseded by" in str(report)
    removed = pqds.repair(path)  # the old part is now provably garbage
    assert len(removed) >= 9
    assert _all(path) == {"r0000": variants(3)[0], "r0001": changed, "r0002": variants(3)[2]}


def test_rebuild_rewrites_a_part_that_keeps_only_some_reviews(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "corpus"
    pqds.write(path, variants(3))
    changed = attrs.evolve(variants(3)[1], title="changed")
    # Crash once the new part is staged, while the old part is rewritten without r0001.
    _crash_at(monkeypatch, "row group 1", occurrence=2)
    with pytest.raises(_CrashError):
        pqds.write(path, [changed, attrs.evolve(EXAMPLE, id="new")], mode="replace")
    monkeypatch.setattr(_txn, "on_step", None)
    (path / MANIFEST).unlink()
    report = pqds.rebuild_manifest(path)
    assert [(r, new) for r, _, new in report.superseded] == [("r0001", report.parts[-1])]
    assert len(report.rewritten) == 1
    assert _all(path) == {
        "r0000": variants(3)[0],
        "r0001": changed,
        "r0002": variants(3)[2],
        "new": attrs.evolve(EXAMPLE, id="new"),
    }


def test_rebuild_leaves_out_incomplete_and_damaged_parts(corpus: Path) -> None:
    expected = _all(corpus)
    parts = sorted({f.stem for f in _parts(corpus)})
    (corpus / "links" / f"{parts[0]}.parquet").unlink()  # incomplete
    (corpus / "events" / f"{parts[1]}.parquet").write_bytes(b"not parquet")  # damaged
    (corpus / MANIFEST).unlink()
    report = pqds.rebuild_manifest(corpus)
    assert [name for name, _ in report.skipped] == parts[:2]
    assert "no file in table(s) links" in report.skipped[0][1]
    assert "not a readable Parquet file" in report.skipped[1][1]
    assert set(_all(corpus)) == set(expected) - {"w0-0000", "w0-0001", "w1-0000", "w1-0001"}


def test_rebuild_refuses_parts_of_a_newer_format(corpus: Path) -> None:
    import pyarrow.parquet as pq  # noqa: PLC0415

    file = _parts(corpus)[0]
    data = pq.read_table(file)
    meta = {**data.schema.metadata, b"systemsreview.format_version": b"9.0"}
    pq.write_table(data.replace_schema_metadata(meta), file)
    (corpus / MANIFEST).unlink()
    before = _snapshot(corpus)
    with pytest.raises(FormatVersionError, match=r"format 9\.0"):
        pqds.rebuild_manifest(corpus)
    assert _snapshot(corpus) == before


def test_an_older_manifest_copy_never_deletes_newer_parts(corpus: Path, tmp_path: Path) -> None:
    old = (corpus / MANIFEST).read_bytes()  # a backup taken after the first write...
    first = json.loads(old)
    first["parts"] = first["parts"][:1]
    first["generation"] = 1
    (corpus / MANIFEST).write_text(json.dumps(first))  # ...restored later
    before = _snapshot(corpus)
    for action in (
        lambda: pqds.repair(corpus),
        lambda: pqds.write(corpus, attrs.evolve(EXAMPLE, id="x"), mode="append"),
    ):
        with pytest.raises(FormatError, match=r"newer \(generation 3\) than the manifest"):
            action()
    assert _snapshot(corpus) == before
    pqds.rebuild_manifest(corpus)
    assert len(_all(corpus)) == 6


# --- manifest names cannot lead out of the dataset ------------------------------------


def _outside(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Another dataset beside this one, and a plain file, which must stay untouched."""
    other = tmp_path / "outside" / "other"
    pqds.write(other, variants(2, "foreign-"))
    (tmp_path / "outside" / "x.parquet").write_bytes(b"precious")
    return tmp_path / "outside", _snapshot(tmp_path / "outside")


@pytest.mark.parametrize(
    "name",
    [
        "../../outside/x",
        "../../outside/other/reviews/{other}",
        "/etc/passwd",
        "{abs}",
        "part-000001-0123456789abcdef/../../../outside/x",
        "part-000001-0123456789abcdef/x",
        "part-000001-0123456789ABCDEF",
        "part-1-0123456789abcdef",
        "part-000001-0123456789abcdef\x00",
        "",
        "..",
    ],
)
def test_part_names_cannot_lead_out_of_the_dataset(corpus: Path, tmp_path: Path, name: str) -> None:
    outside, before = _outside(tmp_path)
    [other] = (outside / "other" / "reviews").glob("part-*.parquet")
    name = name.format(other=other.stem, abs=str(outside / "x"))
    manifest = json.loads((corpus / MANIFEST).read_text())
    manifest["parts"][0]["name"] = name
    (corpus / MANIFEST).write_text(json.dumps(manifest))
    inside = _snapshot(corpus)
    actions: list[Callable[[], object]] = [
        lambda: list(pqds.read(corpus)),
        lambda: pqds.read_review(corpus, "w0-0000"),
        lambda: pqds.read_table(corpus, "reviews"),
        lambda: pqds.review_ids(corpus),
        lambda: Corpus.open(corpus),
        lambda: pqds.repair(corpus),
        lambda: pqds.repair(corpus, drop_missing=True),
        lambda: pqds.write(corpus, attrs.evolve(EXAMPLE, id="x"), mode="append"),
        lambda: pqds.compact(corpus),
    ]
    for action in actions:
        with pytest.raises(FormatError, match=r"field 'parts\[0\]\.name'"):
            action()
    assert _snapshot(outside) == before
    assert _snapshot(corpus) == inside


def test_a_symlinked_table_folder_is_neither_read_nor_emptied(corpus: Path, tmp_path: Path) -> None:
    outside, before = _outside(tmp_path)
    folder = corpus / "agencies"
    for f in folder.iterdir():
        f.rename(outside / "other" / "agencies" / f.name)  # the dataset's files now elsewhere
    folder.rmdir()
    folder.symlink_to(outside / "other" / "agencies")
    with pytest.raises(FormatError, match="leads outside the dataset"):
        list(pqds.read(corpus))
    with pytest.raises(FormatError, match="leads outside the dataset"):
        Corpus.open(corpus).table("agencies")
    assert pqds.repair(corpus) == []  # nothing listed there is touched...
    with pytest.raises(FormatError, match="leads outside the dataset"):
        pqds.repair(corpus, drop_missing=True)  # ...and no part is dropped for it
    with pytest.raises(FormatError, match="leads outside the dataset"):
        pqds.write(corpus, attrs.evolve(EXAMPLE, id="x"), mode="append")  # no file put there
    other_files = _snapshot(outside)
    assert {k: v for k, v in before.items() if k in other_files} == {
        k: other_files[k] for k in before
    }


def test_symlinked_part_files_and_staging_are_not_followed(corpus: Path, tmp_path: Path) -> None:
    outside, before = _outside(tmp_path)
    [other] = (outside / "other" / "reviews").glob("part-*.parquet")
    first = _parts(corpus)[0]
    target = corpus / first.parent.name / first.name
    target.unlink()
    target.symlink_to(other)  # a listed part file pointing at another dataset's file
    with pytest.raises(FormatError, match="leads outside the dataset"):
        list(pqds.read(corpus))
    stray = corpus / "reviews" / "part-000002-00000000000000ff.parquet"
    stray.symlink_to(outside / "x.parquet")  # an unlisted "leftover" pointing outside
    (corpus / "_staging").symlink_to(outside / "other" / "reviews")  # staging elsewhere
    pqds.repair(corpus)
    with pytest.raises(FormatError, match="_staging: leads outside the dataset"):
        pqds.write(corpus, attrs.evolve(EXAMPLE, id="x"), mode="append")
    assert _snapshot(outside) == before
    assert stray.is_symlink()  # not the library's: left alone


def test_the_one_deletion_function_refuses_what_is_not_a_part(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    pqds.write(root, EXAMPLE)
    outside = tmp_path / "x.parquet"
    outside.write_bytes(b"keep")
    foreign = root / "reviews" / "notes.parquet"
    foreign.write_bytes(b"keep")
    for path in (
        outside,
        foreign,
        root / "reviews" / ".." / ".." / "x.parquet",
        root / MANIFEST,
        root / "reviews" / "part-000001-0123456789abcdef.txt",
    ):
        with pytest.raises(FormatError, match="refusing to delete"):
            remove(root, [path])
    assert outside.read_bytes() == foreign.read_bytes() == b"keep"
    assert len(list(pqds.read(root))) == 1


def test_foreign_files_inside_the_dataset_survive_every_writer(corpus: Path) -> None:
    keep = {
        corpus / "README.md": b"notes",
        corpus / "reviews" / "notes.parquet": b"not ours",
        corpus / "reviews" / "part-x.parquet": b"not a generated name",
        corpus / "_staging" / "mine" / "reviews.parquet": b"not a writer's token",
        corpus / "extra" / "part-000001-0123456789abcdef.parquet": b"not a table folder",
    }
    for path, data in keep.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    pqds.write(corpus, attrs.evolve(EXAMPLE, id="x"), mode="append")
    pqds.write(corpus, attrs.evolve(EXAMPLE, id="x", title="t"), mode="replace")
    pqds.compact(corpus)
    pqds.repair(corpus, drop_missing=True)
    assert {p: p.read_bytes() for p in keep} == keep


# --- hostile manifests: every failure a FormatError naming the field ------------------


def _edit(corpus: Path, change: Callable[[dict[str, object]], object]) -> None:
    manifest = json.loads((corpus / MANIFEST).read_text())
    change(manifest)
    (corpus / MANIFEST).write_text(json.dumps(manifest))


def _set_part(key: str, value: object) -> Callable[[dict[str, object]], object]:
    return lambda m: m["parts"][0].__setitem__(key, value)  # type: ignore[index]


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda m: m.__setitem__("generation", "INF"), "field 'generation'"),
        (lambda m: m.__setitem__("generation", -1), "field 'generation'"),
        (lambda m: m.__setitem__("generation", True), "field 'generation'"),
        (lambda m: m.__setitem__("generation", 1.5), "fractional number"),
        (lambda m: m.__setitem__("parts", {}), "field 'parts'"),
        (lambda m: m.__setitem__("library_version", 3), "field 'library_version'"),
        (_set_part("row_groups", 0), r"field 'parts\[0\]\.row_groups'"),
        (_set_part("row_groups", -5), r"field 'parts\[0\]\.row_groups'"),
        (_set_part("rows", []), r"field 'parts\[0\]\.rows'"),
        (_set_part("rows", {"reviews": -3}), r"field 'parts\[0\]\.rows\.reviews'"),
        (_set_part("reviews", []), r"field 'parts\[0\]\.reviews' is empty"),
        (_set_part("reviews", [1, 2]), r"field 'parts\[0\]\.reviews\[0\]'"),
        (_set_part("reviews", ["w1-0000", "w0-0001"]), "lists review 'w1-0000', which part"),
        (_set_part("format_version", "1.x"), r"field 'parts\[0\]\.format_version'"),
        (_set_part("format_version", "1" * 5000 + ".0"), r"field 'parts\[0\]\.format_version'"),
        (_set_part("name", "part-000009-0123456789abcdef"), "after the manifest's"),
        (lambda m: m["parts"].append(m["parts"][0]), "repeats part"),  # type: ignore[attr-defined]
        (lambda m: m.__setitem__("format_version", "1" * 5000 + ".0"), "field 'format_version'"),
    ],
)
def test_hostile_manifest_fields(
    corpus: Path, change: Callable[[dict[str, object]], object], fragment: str
) -> None:
    _edit(corpus, change)
    _refused(corpus, fragment)


def _refused(corpus: Path, fragment: str, error: type[Exception] = FormatError) -> None:
    before = _snapshot(corpus)
    for action in (
        lambda: list(pqds.read(corpus)),
        lambda: pqds.read_table(corpus, "findings"),
        lambda: pqds.review_ids(corpus),
        lambda: Corpus.open(corpus),
        lambda: pqds.repair(corpus),
        lambda: pqds.write(corpus, attrs.evolve(EXAMPLE, id="x"), mode="append"),
    ):
        with pytest.raises(error, match=fragment) as info:
            action()
        assert MANIFEST in str(info.value)
    assert _snapshot(corpus) == before


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Infinity", "non-number 'Infinity'"),
        ("NaN", "non-number 'NaN'"),
        ("-Infinity", "non-number '-Infinity'"),
        ("1" * 5000, "integer of 5000 digits"),
        ("1e400", "fractional number"),
    ],
)
def test_hostile_numbers(corpus: Path, text: str, fragment: str) -> None:
    raw = (corpus / MANIFEST).read_text()
    raw = raw.replace('"generation": 3', f'"generation": {text}', 1)
    assert text in raw
    (corpus / MANIFEST).write_text(raw)
    _refused(corpus, fragment)


def test_deeply_nested_manifest(corpus: Path) -> None:
    (corpus / MANIFEST).write_text("[" * 100_000 + "]" * 100_000)
    _refused(corpus, "nested too deeply")


def test_oversized_manifest(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from systemsreview.io import _manifest  # noqa: PLC0415

    monkeypatch.setattr(_manifest, "MAX_MANIFEST_BYTES", 100)
    _refused(corpus, "larger than 100 bytes")


def test_newer_part_format_version_in_the_manifest(corpus: Path) -> None:
    newer = f"{major(FORMAT_VERSION) + 1}.0"
    _edit(corpus, _set_part("format_version", newer))
    _refused(corpus, rf"parts\[0\]\.format_version.*format {re.escape(newer)}", FormatVersionError)


def test_manifest_that_is_a_folder(corpus: Path) -> None:
    (corpus / MANIFEST).unlink()
    (corpus / MANIFEST).mkdir()
    with pytest.raises(FormatError, match="cannot read the manifest"):
        pqds.review_ids(corpus)
    with pytest.raises(FormatError, match="cannot read the manifest"):
        pqds.repair(corpus)
    assert len(_parts(corpus)) == 3 * len(TABLES)


def test_a_live_writer_blocks_rebuild(corpus: Path) -> None:
    lock = corpus / "_systemsreview.lock"
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
    with pytest.raises(ConflictError):
        pqds.rebuild_manifest(corpus)


def test_a_first_write_killed_before_its_commit_leaves_provable_leftovers(tmp_path: Path) -> None:
    """The empty manifest a new dataset starts with makes a crashed first write's files garbage."""
    path = tmp_path / "corpus"
    pid = os.fork()
    if pid == 0:  # the writer, killed once its first row group is staged
        steps: list[str] = []

        def crash(name: str) -> None:
            steps.append(name)
            if name.startswith("row group"):
                os.kill(os.getpid(), 9)

        _txn.on_step = crash
        try:
            pqds.write(path, EXAMPLE, mode="create")
        finally:
            os._exit(1)
    os.waitpid(pid, 0)
    assert list((path / "_staging").rglob("*.parquet"))
    assert pqds.review_ids(path) == []
    assert pqds.write(path, EXAMPLE, mode="create") == 1
    assert pqds.review_ids(path) == [EXAMPLE.id]
    assert not (path / "_staging").exists()
