"""systemsreview._progress: bars at a terminal, nothing elsewhere."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import _progress, synth
from systemsreview.cli import main
from systemsreview.io import json as review_json


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@given(st.lists(st.integers()), st.booleans())
def test_items_pass_through_unchanged(items: list[int], quiet: bool) -> None:
    assert list(_progress.progress(iter(items), "x", total=len(items), quiet=quiet)) == items


def test_a_bar_is_drawn_only_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert _progress.enabled()
    assert list(_progress.progress(range(5), "counting", total=5)) == list(range(5))
    assert "counting" in terminal.getvalue()
    with _progress.status("thinking"):
        time.sleep(0.2)
    assert "thinking" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    assert list(_progress.progress(range(5), "counting", quiet=True)) == list(range(5))
    assert quiet.getvalue() == ""
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    assert not _progress.enabled()


def test_commands_show_progress_at_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    dataset = str(tmp_path / "corpus")
    assert main(["synth", dataset, "-n", "5"]) == 0
    assert "synthesising" in terminal.getvalue()
    assert main(["check", dataset, "--isolated"]) == 0
    assert "checking" in terminal.getvalue()
    assert main(["corpus", dataset, "pattern-prevalence"]) == 0
    assert "pattern-prevalence" in terminal.getvalue()
    quiet = Terminal()
    monkeypatch.setattr("sys.stderr", quiet)
    assert main(["check", dataset, "--isolated", "-q"]) == 0
    assert main(["convert", dataset, "-o", str(tmp_path / "copy"), "--quiet"]) == 0
    assert quiet.getvalue() == ""


def test_convert_of_many_files_shows_progress_at_a_terminal_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = []
    for seed in range(3):
        path = tmp_path / f"review-{seed}.json"
        path.write_text(review_json.dumps(synth.review(seed)), encoding="utf-8")
        files.append(str(path))
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    assert main(["convert", *files, "-o", str(tmp_path / "at-terminal")]) == 0
    assert "converting" in terminal.getvalue()
    plain = io.StringIO()
    monkeypatch.setattr("sys.stderr", plain)
    assert main(["convert", *files, "-o", str(tmp_path / "in-a-pipe")]) == 0
    assert main(["synth", str(tmp_path / "synth"), "-n", "3"]) == 0
    assert main(["corpus", str(tmp_path / "synth"), "pattern-prevalence"]) == 0
    assert plain.getvalue() == ""
