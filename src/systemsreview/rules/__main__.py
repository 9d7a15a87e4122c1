"""Regenerate the rule catalogue page: ``python -m systemsreview.rules [PATH]``."""

from __future__ import annotations

import sys

from systemsreview.rules._catalogue import write_catalogue

if __name__ == "__main__":  # pragma: no cover - a command, exercised by hand
    print(f"wrote {write_catalogue(*sys.argv[1:2])}")
