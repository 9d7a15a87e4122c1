"""The SQL texts refuse a dataset holding parts of an older format, which engines misread.

A 4.x part has ``method`` where 5.0 has ``methods`` and no ``other_patterns``: DuckDB and
Spark read the files as they lie and fail, or (Spark, taking its schema from one file)
count wrong. Arrow readers migrate. So every text of ``systemsreview.sql`` and
``duckdb_views`` refuse such a dataset, and once compacted it gives Arrow's numbers.
"""

from __future__ import annotations

import inspect
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _engines import close, on_duckdb
from systemsreview import analytics, sql, synth
from systemsreview.corpus import Corpus
from systemsreview.errors import FormatError, FormatVersionError
from systemsreview.io import parquet
from systemsreview.io._paths import MANIFEST

FORMAT4 = Path(__file__).parent / "fixtures" / "format4"

#: Every public function of ``systemsreview.sql`` that takes the dataset folder.
TEXTS: dict[str, Callable[..., Any]] = {
    name: getattr(sql, name)
    for name in sql.__all__
    if callable(getattr(sql, name)) and "path" in inspect.signature(getattr(sql, name)).parameters
}
#: The analyses both ``analytics`` and ``sql`` have, called with their defaults.
ANALYSES = [name for name in TEXTS if hasattr(analytics, name)]


def _text(name: str, path: Path) -> str:
    text: str = TEXTS[name](path, "findings") if name == "table" else TEXTS[name](path)
    return text


def _copy_parts(source: Path, target: Path, rename: Callable[[str], str] = str) -> None:
    for folder in source.iterdir():
        if folder.is_dir():
            (target / folder.name).mkdir(exist_ok=True)
            for f in folder.glob("*.parquet"):
                shutil.copy(f, target / folder.name / rename(f.name))


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """Six 5.0 reviews and the two 4.0 parts of the fixture, under one rebuilt manifest.

    The library's writer refuses to add to an older dataset, so parts are mixed by hand:
    two folders merged, the manifest rebuilt from the part files.
    """
    path = tmp_path / "mixed"
    parquet.write(path, list(synth.corpus(6, seed=11)))
    _copy_parts(FORMAT4, path)
    parquet.rebuild_manifest(path)
    return path


@pytest.fixture
def old(tmp_path: Path) -> Path:
    path = tmp_path / "old"
    shutil.copytree(FORMAT4, path)
    return path


def test_every_function_taking_the_folder_is_checked() -> None:
    assert {"duckdb_views", "table", "finding_patterns", "pattern_prevalence"} <= set(TEXTS)
    assert len(ANALYSES) >= 15


def test_a_mixed_dataset_is_refused_by_every_text(mixed: Path) -> None:
    assert len(list(parquet.read(mixed))) == 6 + 2  # Arrow reads it, migrating the 4.0 parts
    for name in TEXTS:
        if name == "duckdb_views":
            continue
        with pytest.raises(FormatVersionError) as caught:
            _text(name, mixed)
        message = str(caught.value)
        assert message.startswith(f"{mixed}: "), name
        assert (
            "format 4.0: 2 part(s) (part-000001-70248f3f072448ed, part-000002-27414b1a8b7a48bb)"
            in message
        )
        assert "format 5.0: 1 part(s)" in message
        assert "reviews lacks methods" in message
        assert "has method instead" in message
        assert "findings lacks other_patterns, sub_patterns" in message
        assert "events lacks when_precision, process" in message
        assert f"systemsreview compact {mixed}" in message
        assert "systemsreview.io.parquet.compact(path)" in message
        assert "Corpus" in message


def test_a_mixed_dataset_is_refused_by_duckdb_views_before_any_view(mixed: Path) -> None:
    connection = duckdb.connect()
    with pytest.raises(FormatVersionError, match=r"format 4\.0: 2 part.*compact"):
        sql.duckdb_views(connection, mixed)
    schemas = connection.sql("SELECT schema_name FROM duckdb_schemas()").fetchall()
    assert ("parquet",) not in schemas
    with pytest.raises(ValueError, match="older parts"):  # a FormatError, a ValueError
        sql.duckdb_views(connection, mixed)


def test_a_dataset_only_of_old_parts_is_refused(old: Path) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: sql.duckdb_views(duckdb.connect(), old),
        *(lambda name=name: _text(name, old) for name in ("pattern_prevalence", "table")),
        lambda: sql.process_gaps(old, "year", kinds=None),
    ]
    for call in calls:
        with pytest.raises(FormatVersionError) as caught:
            call()
        message = str(caught.value)
        assert "older parts (format 4.0: 2 part(s) (part-000001-70248f3f072448ed, " in message
        assert "format 5.0:" not in message
        assert "parallel_proceedings has no file" in message


def _arrow(path: Path) -> dict[str, list[dict[str, Any]]]:
    return {name: getattr(analytics, name)(path).to_pylist() for name in ANALYSES}


def _row(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row.values())


def _duckdb(path: Path) -> dict[str, list[dict[str, Any]]]:
    connection = duckdb.connect()
    sql.duckdb_views(connection, path)
    return {
        name: connection.sql(_text(name, path)).to_arrow_table().to_pylist() for name in ANALYSES
    }


@pytest.mark.parametrize("which", ["mixed", "old"])
def test_compacted_it_is_accepted_and_gives_arrows_numbers(
    which: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(which)
    before = _arrow(path)  # Arrow, migrating the older parts on reading
    assert parquet.compact(path) >= 2
    after = _duckdb(path)
    assert sum(map(len, after.values())) > len(ANALYSES)
    for name in ANALYSES:
        if name == "finding_patterns":  # a subquery: its rows come in no order
            assert sorted(map(_row, after[name])) == sorted(map(_row, before[name]))
        else:
            assert close(after[name], before[name]), name
    filters: dict[str, Any] = {"method": "learning_together", "pattern": "family_professional"}
    want = Corpus.open(path).where(**filters).pattern_prevalence().to_pylist()
    assert want
    assert close(on_duckdb(path, sql.pattern_prevalence(path, **filters)).to_pylist(), want)


def _plain(dataset: Path, target: Path) -> Path:
    """The tables of ``dataset`` as another tool would leave them: no manifest, own names."""
    target.mkdir()
    _copy_parts(dataset, target, lambda name: f"data-{name[5:11]}.parquet")
    return target


def test_a_plain_folder_without_manifest_is_read_as_it_lies(tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    parquet.write(dataset, list(synth.corpus(8, seed=4)), batch_size=3)
    plain = _plain(dataset, tmp_path / "plain")
    assert not (plain / MANIFEST).exists()
    got, want = _duckdb(plain), _arrow(dataset)
    for name in ANALYSES:
        if name == "finding_patterns":
            assert sorted(map(_row, got[name])) == sorted(map(_row, want[name]))
        else:
            assert close(got[name], want[name]), name


def test_a_plain_folder_of_old_files_is_not_checked(tmp_path: Path) -> None:
    plain = _plain(FORMAT4, tmp_path / "plain4")
    assert "other_patterns" in sql.pattern_prevalence(plain)  # no manifest: as before
    connection = duckdb.connect()
    sql.duckdb_views(connection, plain)
    methods = connection.sql(f"SELECT method FROM {sql.table(plain, 'reviews')}").fetchall()
    assert len(methods) == 2


def test_a_folder_that_does_not_exist_still_gives_text(tmp_path: Path) -> None:
    assert "explode(other_patterns)" in sql.pattern_prevalence(tmp_path / "nowhere")


def test_a_damaged_manifest_is_a_format_error(tmp_path: Path) -> None:
    path = tmp_path / "c"
    parquet.write(path, list(synth.corpus(2, seed=1)))
    (path / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(FormatError, match=r"manifest is not valid JSON.*rebuild_manifest"):
        sql.factor_prevalence(path)


VERSIONS = ["3.0", "4.0", "4.1", "5.0", "5.1", "6.0"]


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(VERSIONS), min_size=4, max_size=4))
def test_refused_exactly_when_a_part_is_not_of_the_current_major(versions: list[str]) -> None:
    """Whatever the manifest says each part is, the texts follow it (the files are 5.0)."""
    path = _dataset_of_four_parts()
    doc = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    for part, version in zip(doc["parts"], versions, strict=True):
        part["format_version"] = version
    (path / MANIFEST).write_text(json.dumps(doc), encoding="utf-8")
    majors = {int(v.split(".")[0]) for v in versions}
    if 6 in majors:  # newer than this library: refused as every reader refuses it
        with pytest.raises(FormatVersionError, match="upgrade"):
            sql.trend(path)
    elif majors == {5}:
        assert "WITH r AS" in sql.trend(path)
        sql.duckdb_views(duckdb.connect(), path)
    else:
        with pytest.raises(FormatVersionError) as caught:
            sql.trend(path)
        for version in sorted(set(versions)):
            count = versions.count(version)
            assert f"format {version}: {count} part(s)" in str(caught.value)


_FOUR: list[Path] = []


def _dataset_of_four_parts() -> Path:
    """A dataset of four one-review parts, copied afresh from one written once."""
    import tempfile  # noqa: PLC0415

    if not _FOUR:
        first = Path(tempfile.mkdtemp()) / "four"
        for review in synth.corpus(4, seed=2):
            parquet.write(first, review, mode="append", compact_threshold=None)
        _FOUR.append(first)
    copy = Path(tempfile.mkdtemp()) / "four"
    shutil.copytree(_FOUR[0], copy)
    return copy


@pytest.mark.spark
def test_spark_is_refused_then_gives_arrows_numbers_once_compacted(spark: Any, mixed: Path) -> None:
    """Spark reads the folders itself: the text is refused before it ever runs."""
    with pytest.raises(FormatVersionError, match=r"format 4\.0: 2 part.*systemsreview compact"):
        sql.pattern_prevalence(mixed, kind="serious_case_review")
    want = {
        name: getattr(analytics, name)(mixed).to_pylist()
        for name in ("pattern_prevalence", "process_prevalence")
    }
    parquet.compact(mixed)
    for name, rows in want.items():
        got = [row.asDict() for row in spark.sql(_text(name, mixed)).collect()]
        assert close(got, rows), name
    assert want["pattern_prevalence"]


def test_the_command_line_reads_a_mixed_dataset_with_arrow(
    mixed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``systemsreview corpus`` has no SQL engine: it migrates on reading, as Corpus does."""
    from systemsreview.cli import main  # noqa: PLC0415

    argv = ["corpus", str(mixed), "pattern-prevalence", "--format", "json"]
    assert main([*argv, "--method", "learning_together"]) == 0
    want = Corpus.open(mixed).where(method="learning_together").pattern_prevalence()
    assert json.loads(capsys.readouterr().out) == want.to_pylist() != []
    # No --engine option: should one come, it must refuse this dataset as the SQL does.
    with pytest.raises(SystemExit) as caught:
        main([*argv, "--engine", "duckdb"])
    assert caught.value.code == 2
    assert "unrecognized arguments: --engine duckdb" in capsys.readouterr().err
