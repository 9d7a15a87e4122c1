"""``systemsreview check`` and ``rule`` from the command line: real processes and in-process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview.cli import main
from systemsreview.errors import ConflictError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json
from systemsreview.io import parquet
from systemsreview.lint import DOCS_URL, Diagnostic, Location, Summary, render_github, render_sarif
from systemsreview.rules import RULES, Severity

SCHEMA = json.loads(
    (Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
FORMATS = ("text", "json", "sarif", "github")


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-m", "systemsreview", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def valid_sarif(text: str) -> dict[str, object]:
    log = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    return log  # type: ignore[no-any-return]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a broken review, an invalid one, bad JSON and a dataset."""
    document = json.loads(review_json.dumps(domestic_abuse_review()))
    document["links"].append({"source": "kpe-school-talks", "target": "ghost", "kind": "involved"})
    # A statement before the questions (the board's response still answers those).
    document["findings"][0]["questions"].insert(0, "Talk to children more.")
    (tmp_path / "broken.json").write_text(json.dumps(document, indent=2))
    (tmp_path / "syntax.json").write_text('{"format_version": 1,\n  "id": }')
    late = attrs.evolve(domestic_abuse_review(), id="late", completed="2012-01-02", published=None)
    parquet.write(tmp_path / "corpus", [late, domestic_abuse_review()])
    return tmp_path


def test_text_output_names_files_paths_lines(folder: Path) -> None:
    done = run("check", "broken.json", "corpus", "--isolated", cwd=folder)
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert re.match(r"broken\.json:\d+:5: \$\.links\[114\]: SR102 error dangling-link: ", lines[0])
    assert "broken.json:" in lines[1]
    assert "$.findings[0].questions[0]: SR403 warning" in lines[1]
    assert lines[2] == ""  # grouped by source
    assert lines[3].startswith("corpus:late:late: $.completed: SR304 warning timescale: ")
    assert lines[-1] == "checked 3 review(s) from 2 source(s): 1 error(s), 2 warning(s)"
    assert "\x1b[" not in done.stdout  # no colour into a pipe
    assert done.stderr == ""  # and no progress bar either


@pytest.mark.parametrize("fmt", FORMATS)
def test_unreadable_inputs_are_reported_in_every_format(folder: Path, fmt: str) -> None:
    (folder / "latin1.json").write_bytes(b'{"id": "caf\xe9"}')
    (folder / "broken-corpus").mkdir()
    (folder / "broken-corpus" / "_systemsreview.json").write_text("{}")
    args = ["syntax.json", "missing.json", "latin1.json", "broken-corpus", "corpus"]
    done = run("check", *args, "--isolated", "--format", fmt, cwd=folder)
    assert done.returncode == 2, done.stderr
    out = done.stdout
    if fmt == "json":
        rows = json.loads(out)["diagnostics"]
        codes = {(Path(r["location"]["source"]).name, r["code"]) for r in rows}
        assert {
            ("syntax.json", "SR002"),
            ("missing.json", "SR001"),
            ("latin1.json", "SR002"),
            ("broken-corpus", "SR001"),
            ("corpus", "SR304"),
        } <= codes
        syntax = next(r for r in rows if r["location"]["source"] == "syntax.json")
        assert (syntax["location"]["line"], syntax["location"]["column"]) == (2, 9)
        assert json.loads(out)["summary"]["unreadable"] == 4
    elif fmt == "sarif":
        results = valid_sarif(out)["runs"][0]["results"]  # type: ignore[index]
        assert {r["ruleId"] for r in results} == {"SR001", "SR002", "SR304"}
        assert valid_sarif(out)["runs"][0]["invocations"][0]["executionSuccessful"] is False  # type: ignore[index]
    elif fmt == "github":
        assert "::error file=syntax.json,line=2,col=9,title=SR002 invalid-json::" in out
        assert "::error file=missing.json,title=SR001 unreadable-input::" in out
    else:
        assert "syntax.json:2:9: $: SR002 error invalid-json: not valid JSON" in out
        assert "missing.json: SR001 error unreadable-input: no such file" in out
        assert "broken-corpus: SR001 error unreadable-input:" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_bad_configuration_exits_2_in_every_format(folder: Path, fmt: str) -> None:
    (folder / "pyproject.toml").write_text("[tool.systemsreview]\nslect = ['SR1']\n")
    done = run("check", "broken.json", "--format", fmt, cwd=folder)
    assert done.returncode == 2
    assert "unknown key 'slect'; did you mean 'select'?" in done.stderr
    assert done.stdout == ""
    assert run("check", "broken.json", "--isolated", "--format", fmt, cwd=folder).returncode == 1


def test_sarif_is_valid_and_carries_locations_and_help(folder: Path) -> None:
    out = folder / "report.sarif"
    done = run(
        "check", ".", "--isolated", "--format", "sarif", "--output-file", str(out), cwd=folder
    )
    assert done.returncode == 2
    assert done.stdout == ""
    log = valid_sarif(out.read_text(encoding="utf-8"))
    run_ = log["runs"][0]  # type: ignore[index]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules][: len(RULES)] == list(RULES)
    dangling = next(r for r in run_["results"] if r["ruleId"] == "SR102")
    assert rules[dangling["ruleIndex"]]["id"] == "SR102"
    region = dangling["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] > 1
    assert dangling["properties"]["jsonPath"] == "$.links[114]"  # after the example's 114 links
    assert dangling["properties"]["helpUri"].endswith("/rules/#sr102-dangling-link")


def test_stdin_exit_zero_statistics_and_json(folder: Path) -> None:
    text = (folder / "broken.json").read_text()
    done = run("check", "-", "--isolated", "--format", "json", stdin=text, cwd=folder)
    assert done.returncode == 1
    rows = json.loads(done.stdout)["diagnostics"]
    assert [(r["code"], r["location"]["source"]) for r in rows] == [("SR102", "-"), ("SR403", "-")]
    assert all(r["help_url"].startswith("https://systemsreview.readthedocs.io/") for r in rows)
    assert run("check", "-", "--isolated", "--exit-zero", stdin=text, cwd=folder).returncode == 0
    stats = run("check", "broken.json", "corpus", "--isolated", "--statistics", cwd=folder)
    assert stats.stdout.split() == [
        "1",
        "SR102",
        "error",
        "dangling-link",
        "1",
        "SR304",
        "warning",
        "timescale",
        "1",
        "SR403",
        "warning",
        "not-a-question",
    ]
    as_json = run("check", "corpus", "--isolated", "--statistics", "--format", "json", cwd=folder)
    assert json.loads(as_json.stdout) == [
        {"code": "SR304", "name": "timescale", "severity": "warning", "count": 1}
    ]
    assert run("check", "corpus", "--statistics", "--format", "sarif", cwd=folder).returncode == 2


def test_accepted_violations_and_their_reasons(folder: Path) -> None:
    (folder / "systemsreview.toml").write_text(
        "ignore = ['SR4']\n[[accept]]\nreview = 'lscb-*'\ncode = 'SR102'\n"
        "reason = 'ghost kept for the audit trail'\n"
    )
    done = run("check", "broken.json", cwd=folder)
    assert done.returncode == 0
    assert done.stdout.strip() == (
        "checked 1 review(s) from 1 source(s): 0 error(s), 0 warning(s), 1 accepted"
    )
    shown = run("check", "broken.json", "--show-accepted", cwd=folder)
    assert "SR102 error dangling-link" in shown.stdout
    assert "[accepted: ghost kept for the audit trail]" in shown.stdout
    sarif = run("check", "broken.json", "--show-accepted", "--format", "sarif", cwd=folder)
    [result] = valid_sarif(sarif.stdout)["runs"][0]["results"]  # type: ignore[index]
    assert result["suppressions"] == [
        {"kind": "external", "justification": "ghost kept for the audit trail"}
    ]
    github = run("check", "broken.json", "--show-accepted", "--format", "github", cwd=folder)
    assert github.stdout.startswith("::notice file=broken.json,")


def test_rule_explains_a_rule_with_an_example(tmp_path: Path) -> None:
    done = run("rule", "SR406", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("SR406 frontline-only-finding (warning)")
    assert RULES["SR406"].rationale in done.stdout
    assert "SR406 warning frontline-only-finding: " in done.stdout
    assert "https://systemsreview.readthedocs.io/rules/#sr406-frontline-only-finding" in done.stdout
    assert run("rule", "SR406", cwd=tmp_path).stdout == done.stdout  # the example is seeded
    wrong = run("rule", "SR4O6", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "did you mean 'SR406'?" in wrong.stderr


def test_rule_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    assert main(["rule", "dangling-link"]) == 0
    assert capsys.readouterr().out.startswith("SR102 dangling-link (error)")


def test_flags_are_checked_with_the_flag_named(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "example", "--select", "SR9"]) == 2
    err = capsys.readouterr().err
    assert "--select: 'SR9' is not a rule code or prefix" in err
    assert "check(" not in err
    assert main(["check", "example", "--extend-select", "XX"]) == 2
    assert "--extend-select: 'XX'" in capsys.readouterr().err
    assert main(["check", "example", "--config", "x.toml", "--isolated"]) == 2
    assert "give one or the other" in capsys.readouterr().err


def test_messages_speak_the_command_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = tmp_path / "corpus"
    assert main(["convert", "example", "-o", str(dataset), "-q"]) == 0
    capsys.readouterr()
    assert main(["synth", str(dataset), "-n", "2", "-q"]) == 2
    err = capsys.readouterr().err
    assert "--mode append or --mode replace" in err
    assert "mode=" not in err
    assert main(["convert", "example", "-o", str(dataset)]) == 2
    err = capsys.readouterr().err
    assert "--mode replace" in err
    assert "mode=" not in err
    assert main(["check", str(tmp_path / "nothing"), "--isolated"]) == 2
    out = capsys.readouterr().out
    assert "write()" not in out


def test_python_messages_keep_python_language(tmp_path: Path) -> None:
    parquet.write(tmp_path / "corpus", [domestic_abuse_review()])
    with pytest.raises(ConflictError, match="mode='replace'"):
        parquet.write(tmp_path / "corpus", [domestic_abuse_review()], mode="append")


def test_output_file_is_written_whole(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = folder / "report.json"
    assert (
        main(
            ["check", str(folder / "broken.json"), "--isolated", "--format", "json", "-o", str(out)]
        )
        == 1
    )
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text())["summary"]["errors"] == 1
    assert not list(folder.glob(".*.tmp"))
    assert main(["check", "example", "-o", str(folder / "no" / "dir" / "r.txt")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_a_dataset_can_be_narrowed_to_reviews(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = str(folder / "corpus")
    assert main(["check", corpus, "--isolated", "--id", "lscb-2011-da"]) == 0
    assert "checked 1 review(s)" in capsys.readouterr().out
    assert main(["check", corpus, "--isolated", "--id", "lat"]) == 2
    assert "closest: 'late'" in capsys.readouterr().out


TEXT = st.text(st.characters(codec="utf-8"), max_size=30)


@given(TEXT, TEXT, st.sampled_from(list(RULES)), st.none() | st.integers(1, 10**6), st.booleans())
def test_every_diagnostic_makes_valid_sarif_and_parseable_annotations(
    message: str, source: str, code: str, line: int | None, accepted: bool
) -> None:
    diagnostic = Diagnostic(
        code=code,
        severity=Severity.WARNING,
        message=message,
        subjects=("a",),
        accepted="reason" if accepted else None,
        location=Location(source=source or "r.json", json_path="$.x[1]", line=line, column=line),
    )
    valid_sarif(render_sarif([diagnostic], Summary()))
    annotation = render_github([diagnostic], Summary())
    assert "\n" not in annotation
    assert "\r" not in annotation
    match = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", annotation)
    assert match is not None
    fields = dict(field.split("=", 1) for field in match.group(2).split(","))

    def unescape(s):
        return (
            s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
        )

    assert unescape(fields["file"]) == (source or "r.json")
    assert unescape(match.group(3)).startswith("$.x[1]: ")
    assert unescape(match.group(3))[len("$.x[1]: ") :].startswith(message)


def test_repair_and_compact_give_storage_advice_a_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = tmp_path / "corpus"
    for n in range(3):
        review = attrs.evolve(domestic_abuse_review(), id=f"r{n}")
        parquet.write(dataset, [review], mode="append" if n else "create")
    assert main(["compact", str(dataset)]) == 0
    assert "part(s) rewritten" in capsys.readouterr().out
    for part in (dataset / "episodes").glob("*.parquet"):
        part.unlink()
    assert main(["check", str(dataset), "--isolated"]) == 2
    out = capsys.readouterr().out
    assert "'systemsreview repair DATASET --drop-missing'" in out
    assert "repair(path" not in out
    assert main(["repair", str(dataset), "--drop-missing"]) == 0
    assert "leftover(s) removed" in capsys.readouterr().out
    assert main(["check", str(dataset), "--isolated"]) == 0
    assert "checked 0 review(s)" in capsys.readouterr().out


def test_text_is_coloured_at_a_terminal_only(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["check", str(folder / "broken.json"), "--isolated"]) == 1
    assert "\x1b[1;31mSR102\x1b[0m" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["check", str(folder / "broken.json"), "--isolated"]) == 1
    assert "\x1b[" not in capsys.readouterr().out


def test_strict_in_the_configuration_fails_on_warnings(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = str(folder / "corpus")
    assert main(["check", corpus, "--isolated"]) == 0  # SR304 is a warning
    (folder / "systemsreview.toml").write_text("strict = true\n")
    assert main(["check", corpus]) == 1
    assert main(["check", corpus, "--exit-zero"]) == 0
    (folder / "systemsreview.toml").write_text("severity = { SR304 = 'error' }\n")
    assert main(["check", corpus]) == 1
    assert "SR304 error timescale" in capsys.readouterr().out


def test_help_links_live_on_the_documentation_site_mkdocs_builds() -> None:
    """One address: pyproject's Documentation URL, mkdocs' site_url and the lint help links."""
    root = Path(__file__).parent.parent
    urls = tomllib.loads((root / "pyproject.toml").read_text())["project"]["urls"]
    site = next(
        line.split(":", 1)[1].strip()
        for line in (root / "mkdocs.yml").read_text().splitlines()
        if line.startswith("site_url:")
    )
    assert DOCS_URL == urls["Documentation"] == site.rstrip("/")
