"""Where the command line's output goes: standard output, or a file replaced atomically."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from systemsreview.errors import SystemsReviewError

__all__ = ["write_output"]


def write_output(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` through a temporary file moved into place.

    A text that does not end a line gets a final newline (an empty text stays empty).

    Raises:
        SystemsReviewError: the file cannot be written (its folder is missing, say).
    """
    text = text if text.endswith("\n") or not text else text + "\n"
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror or exc}; check that its folder exists"
        raise SystemsReviewError(msg) from None
