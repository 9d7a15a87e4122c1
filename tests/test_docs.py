"""The docs' generated blocks match the code they are generated from."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

DOCS = Path(__file__).parent.parent / "docs"


def _generator() -> object:
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["docs_generate"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_blocks_are_up_to_date() -> None:
    generator = _generator()
    assert generator.stale() == [], "run `python docs/generate.py` and commit the result"  # type: ignore[attr-defined]


def test_every_page_is_in_the_nav() -> None:
    nav = (DOCS.parent / "mkdocs.yml").read_text()
    for page in DOCS.glob("*.md"):
        assert page.name in nav, f"{page.name} is missing from mkdocs.yml nav"
