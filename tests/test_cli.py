"""The command line, run in-process through ``main``."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from systemsreview.cli import main
from systemsreview.corpus import Corpus
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json


def test_no_command_runs_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    assert "causal chains behind it" in capsys.readouterr().out


def test_show_reads_a_json_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "review.json"
    review_json.dump(domestic_abuse_review(), path)
    assert main(["show", str(path)]) == 0
    assert "finding-voice-of-child" in capsys.readouterr().out


def test_convert_then_read_back_is_lossless(tmp_path: Path) -> None:
    out = tmp_path / "example.json"
    assert main(["convert", "example", "-o", str(out)]) == 0
    assert review_json.load(out) == domestic_abuse_review()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(("fmt", "start"), [("mermaid", "flowchart TB"), ("dot", "digraph")])
def test_graph(fmt: str, start: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "example", "--format", fmt]) == 0
    assert capsys.readouterr().out.startswith(start)


def test_schema_is_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"]


def test_bad_input_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["show", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format_version": 1, "id": ""}')
    assert main(["show", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "systemsreview: error:" in err
    assert "bad.json" in err
    assert main(["show", str(tmp_path)]) == 2
    assert "no systemsreview dataset here" in capsys.readouterr().err


def test_unwritable_output_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["graph", "example", "-o", str(tmp_path / "no" / "such" / "dir.mmd")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_check_the_example_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "example"]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_check_reports_violations_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = domestic_abuse_review()
    document = json.loads(review_json.dumps(review))
    document["links"].append({"source": "kpe-school-talks", "target": "ghost", "kind": "involved"})
    document["findings"][0]["questions"] = ["Talk to children more."]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(document))
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "SR102 error" in out
    assert "SR403 warning" in out
    assert main(["check", str(path), "--ignore", "SR1"]) == 0
    capsys.readouterr()
    assert main(["check", str(path), "--ignore", "SR1", "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", str(path), "--format", "json", "--select", "SR403"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [v["code"] for v in report["diagnostics"]] == ["SR403"]


def test_check_rejects_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "example", "--select", "SR9"]) == 2
    assert "not a rule code" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "example", "--as-of", "2011-13-01"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_convert_json_files_into_a_dataset_and_use_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = domestic_abuse_review()
    other = attrs.evolve(review, id="second-review")
    files = []
    for item in (review, other):
        files.append(tmp_path / f"{item.id}.json")
        review_json.dump(item, files[-1])
    dataset = tmp_path / "corpus"
    assert main(["convert", *map(str, files), "-o", str(dataset), "--mode", "create"]) == 0
    assert "wrote 2 review(s)" in capsys.readouterr().out
    assert main(["check", str(dataset)]) == 0  # every review of the dataset
    assert "checked 2 review(s)" in capsys.readouterr().out
    assert main(["show", str(dataset)]) == 2  # two reviews: which one?
    assert "choose one with --id" in capsys.readouterr().err
    assert main(["check", str(dataset), "--id", "second-review"]) == 0
    capsys.readouterr()
    assert main(["show", str(dataset), "--id", "second-reveiw"]) == 2
    assert "closest: 'second-review'" in capsys.readouterr().err
    assert main(["convert", str(dataset), "-o", str(tmp_path / "both.json")]) == 2
    assert "holds one review" in capsys.readouterr().err
    assert main(["convert", "example", "-o", str(dataset)]) == 2  # already stored
    assert "already stored" in capsys.readouterr().err
    assert main(["convert", "example", "-o", str(dataset), "--mode", "replace"]) == 0


def test_a_json_file_must_hold_the_review_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.json"
    review_json.dump(domestic_abuse_review(), path)
    assert main(["show", str(path), "--id", "other"]) == 2
    assert "not 'other'" in capsys.readouterr().err


def test_synth_then_corpus_analyses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "national"
    assert main(["synth", str(dataset), "-n", "30", "--seed", "7"]) == 0
    assert "wrote 30 synthetic review(s)" in capsys.readouterr().out
    assert main(["corpus", str(dataset)]) == 0
    assert "30 review(s)" in capsys.readouterr().out
    assert main(["corpus", str(dataset), "pattern-prevalence", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    corpus = Corpus.open(dataset)
    assert rows == corpus.pattern_prevalence().to_pylist()
    year = corpus.table("reviews", ["decided"]).column(0)[0].as_py().year
    assert main(["corpus", str(dataset), "factor-prevalence", "--year", str(year)]) == 0
    expected = corpus.where(year=year).factor_prevalence().num_rows
    assert f"({expected} rows)" in capsys.readouterr().out
    assert main(["corpus", str(dataset), "trend", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith('"year","pattern"')
    narrowed = corpus.where(pattern="family_professional", sector=["police", "health"])
    narrowed = narrowed.where(category="frontline.team", level="national")
    argv = ["--pattern", "family_professional", "--sector", "police", "--sector", "health"]
    argv += ["--category", "frontline.team", "--level", "national"]
    assert main(["corpus", str(dataset), "pattern-prevalence", "--format", "json", *argv]) == 0
    assert json.loads(capsys.readouterr().out) == narrowed.pattern_prevalence().to_pylist()
    assert 0 < len(narrowed) < len(corpus)
    first, last = corpus.review_ids[0], corpus.review_ids[-1]
    assert main(["corpus", str(dataset), "--review", last, "--review", first]) == 0
    assert "2 review(s)" in capsys.readouterr().out
    for analysis in ("cooccurrence", "recurring", "recurring-after-action"):
        assert main(["corpus", str(dataset), analysis]) == 0
        assert "rows)" in capsys.readouterr().out
    assert main(["corpus", str(dataset), "response-rate", "--by", "year", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == corpus.response_rate("year").to_pylist()
    argv = ["action-completion", "--by", "sector", "--as-of", "2019-06-30", "--format", "json"]
    assert main(["corpus", str(dataset), *argv, "--kind", "rapid_review"]) == 0
    expected_rows = corpus.where(kind="rapid_review").action_completion(
        "sector", as_of="2019-06-30"
    )
    assert json.loads(capsys.readouterr().out) == expected_rows.to_pylist()


def test_corpus_errors_are_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(tmp_path)]) == 2
    assert "no systemsreview dataset" in capsys.readouterr().err
    dataset = tmp_path / "d"
    assert main(["synth", str(dataset), "-n", "3"]) == 0
    capsys.readouterr()
    assert main(["corpus", str(dataset), "pattern-prevalence", "--kind", "inquiry"]) == 2
    assert "not a ReviewKind" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "--sector", "polis"]) == 2
    assert "sector 'polis' is not a Sector; expected one of" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "--pattern", "blame"]) == 2
    assert "pattern 'blame' is not a Pattern" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "--category", "frontline.tem"]) == 2
    assert "did you mean 'frontline.team'" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "cooccurrence", "--by", "agency"]) == 2
    assert "error" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "action-completion", "--as-of", "2019-02-30"]) == 2
    assert "as_of: got '2019-02-30'" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "response-rate", "--by", "sector"]) == 2
    assert "response_rate by 'sector': choose one of" in capsys.readouterr().err
    assert main(["synth", str(dataset), "-n", "3"]) == 2  # exists: create refuses
    assert "exists" in capsys.readouterr().err


def test_corpus_process_analyses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "d"
    assert main(["synth", str(dataset), "-n", "12", "--seed", "3"]) == 0
    capsys.readouterr()
    corpus = Corpus.open(dataset)
    argv = ["corpus", str(dataset), "process-prevalence", "--by", "kind", "--format", "json"]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == corpus.process_prevalence("kind").to_pylist()
    argv = ["corpus", str(dataset), "process-gaps", "--format", "json", "--year", "2019"]
    argv += ["--process", "section_47_enquiry", "--process", "referral"]
    assert main(argv) == 0
    expected = corpus.where(year=2019).process_gaps(expected=["section_47_enquiry", "referral"])
    assert json.loads(capsys.readouterr().out) == expected.to_pylist()
    assert main(["corpus", str(dataset), "process-gaps"]) == 0
    assert "initial_child_protection_conference" in capsys.readouterr().out
    assert main(["corpus", str(dataset), "process-gaps", "--by", "sector"]) == 2
    assert "process_gaps by 'sector': choose one of" in capsys.readouterr().err
    assert main(["corpus", str(dataset), "process-gaps", "--process", "section_47"]) == 2
    assert "'section_47' is not a registered statutory process" in capsys.readouterr().err
