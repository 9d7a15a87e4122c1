"""The text summary (``systemsreview show``) keeps its columns aligned whatever the ids."""

import os
import sys
from pathlib import Path

import attrs
import pytest

from systemsreview.cli import main
from systemsreview.examples import domestic_abuse_review
from systemsreview.summary import summarise


def test_columns_line_up_with_long_ids() -> None:
    review = domestic_abuse_review()
    long_id = "agency-with-a-much-longer-identifier-than-twelve"
    renamed = attrs.evolve(
        review, agencies=(attrs.evolve(review.agencies[0], id=long_id), *review.agencies[1:])
    )
    lines = summarise(renamed).splitlines()
    start = lines.index("Agencies (5)") + 1
    rows = lines[start : start + 5]
    names = [row.index(agency.name) for row, agency in zip(rows, renamed.agencies, strict=True)]
    assert len(set(names)) == 1
    assert names[0] == len("  ") + len(long_id) + 1


class ClosedPipe:
    """A stdout whose reader has gone (``| head``): every write raises BrokenPipeError."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self) -> None:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        return self.fd


def test_a_closed_pipe_ends_the_command_quietly(monkeypatch: pytest.MonkeyPatch) -> None:
    """``systemsreview show example | head -1``: exit 1, no traceback, stdout sent to devnull."""
    read_end, write_end = os.pipe()
    try:
        monkeypatch.setattr(sys, "stdout", ClosedPipe(write_end))
        assert main(["show", "example"]) == 1
        # the handler pointed the descriptor at devnull, so a last flush cannot fail again
        assert os.path.samestat(os.fstat(write_end), Path(os.devnull).stat())
    finally:
        os.close(read_end)
        os.close(write_end)
