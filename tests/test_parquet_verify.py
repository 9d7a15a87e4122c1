"""Checksums in the manifest, ``verify`` and ``systemsreview verify``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from systemsreview import synth
from systemsreview.cli import main
from systemsreview.errors import FormatError
from systemsreview.io import _validate
from systemsreview.io import parquet as pqds

REVIEWS = list(synth.corpus(4, seed=9))


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    pqds.write(root, REVIEWS[:2])
    pqds.write(root, REVIEWS[2:], mode="append")
    return root


def _manifest(root: Path) -> dict[str, object]:
    return json.loads((root / "_systemsreview.json").read_text())


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x10
    path.write_bytes(bytes(data))


def test_every_part_records_each_files_size_and_sha256(dataset: Path) -> None:
    import hashlib  # noqa: PLC0415

    doc = _manifest(dataset)
    assert doc["format_version"] == pqds.FORMAT_VERSION
    for part in doc["parts"]:  # type: ignore[attr-defined]
        assert set(part["files"]) == set(pqds.TABLES)
        for table, entry in part["files"].items():
            data = (dataset / table / f"{part['name']}.parquet").read_bytes()
            assert entry == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_a_flip_the_footer_does_not_notice_is_found_by_the_hash(dataset: Path) -> None:
    [part] = [p for p in _manifest(dataset)["parts"] if REVIEWS[3].id in p["reviews"]]  # type: ignore[attr-defined]
    target = dataset / "reviews" / f"{part['name']}.parquet"
    data = target.read_bytes()  # rename a footer metadata key no reader looks at
    at = data.rfind(b"systemsreview.library_version")
    target.write_bytes(data[:at] + b"systemsreview.library_versioN" + data[at + 29 :])
    _validate.forget()
    assert list(pqds.read(dataset)) == REVIEWS  # sizes and page checksums cannot see it
    _validate.forget()
    with pytest.raises(FormatError, match=r"reviews.*SHA-256 .* the manifest recorded"):
        list(pqds.read(dataset, verify=True))
    report = pqds.verify(dataset)
    assert not report.ok
    assert [d.table for d in report.damage] == ["reviews"]
    assert report.affected == list(part["reviews"])
    assert "DAMAGED" in str(report)
    assert "reviews affected (2)" in str(report)


def test_size_is_checked_on_every_read(dataset: Path) -> None:
    first, second = sorted((dataset / "links").glob("part-*.parquet"))
    first.write_bytes(second.read_bytes())  # another part's file of the same table
    _validate.forget()
    with pytest.raises(FormatError, match=r"links.* bytes, the manifest recorded"):
        list(pqds.read(dataset))
    with pytest.raises(FormatError, match="bytes, the manifest recorded"):
        pqds.read_table(dataset, "links")


def test_manifests_without_hashes_still_read_and_rebuild_adds_them(dataset: Path) -> None:
    doc = _manifest(dataset)
    for part in doc["parts"]:  # type: ignore[attr-defined]
        del part["files"]
    doc["format_version"] = "1.0"
    (dataset / "_systemsreview.json").write_text(json.dumps(doc))
    _validate.forget()
    assert list(pqds.read(dataset, verify=True)) == REVIEWS
    report = pqds.verify(dataset)
    assert report.ok
    assert report.hashed == 0
    assert report.files == 2 * len(pqds.TABLES)  # two parts of every table
    pqds.rebuild_manifest(dataset)
    assert pqds.verify(dataset).hashed == 2 * len(pqds.TABLES)
    assert list(pqds.read(dataset, verify=True)) == REVIEWS


@pytest.mark.parametrize(
    ("files", "field"),
    [
        ({"nope": {"bytes": 1, "sha256": "0" * 64}}, "files.nope"),
        ({"links": {"bytes": -1, "sha256": "0" * 64}}, "files.links.bytes"),
        ({"links": {"bytes": 1, "sha256": "xyz"}}, "files.links.sha256"),
        ({"links": {"sha256": "0" * 64}}, "files.links.bytes"),
        ({"links": []}, "files.links"),
        ([], "files"),
    ],
)
def test_bad_checksum_fields_are_format_errors(dataset: Path, files: object, field: str) -> None:
    doc = _manifest(dataset)
    doc["parts"][0]["files"] = files  # type: ignore[index]
    (dataset / "_systemsreview.json").write_text(json.dumps(doc))
    with pytest.raises(FormatError, match=f"parts\\[0\\]\\.{field}"):
        list(pqds.read(dataset))
    assert main(["verify", str(dataset)]) == 1


def test_verify_command_exit_status(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", str(dataset)]) == 0
    assert "no damage found" in capsys.readouterr().out
    target = sorted((dataset / "events").glob("part-*.parquet"))[-1]
    _flip(target, 100)
    assert main(["verify", str(dataset), "--format", "json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["ok"] is False
    assert [d["table"] for d in doc["damage"]] == ["events"]
    assert doc["affected"] == [r.id for r in REVIEWS[2:]]
    assert main(["verify", str(tmp_path / "nothing")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["verify", str(tmp_path / "empty")]) == 2
    (dataset / "_systemsreview.json").unlink()
    assert main(["verify", str(dataset)]) == 1
    assert "rebuild_manifest" in capsys.readouterr().out
