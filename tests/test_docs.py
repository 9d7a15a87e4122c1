"""The docs' generated blocks match the code they are generated from."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest

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


def _script_blocks(page: Path) -> list[str]:
    """The ```python blocks of a page that are scripts to paste, not >>> sessions."""
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    return [block for block in blocks if not block.lstrip().startswith(">>>")]


def test_how_to_scripts_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    pages = sorted((DOCS / "howto").glob("*.md"))
    assert pages
    ran = 0
    for page in pages:
        for block in _script_blocks(page):
            # the pages' own code, run as a reader would paste it
            exec(compile(block, str(page), "exec"), {"__name__": f"howto_{page.stem}"})
            ran += 1
    assert ran >= 4


def test_every_page_below_docs_is_in_the_nav() -> None:
    nav = (DOCS.parent / "mkdocs.yml").read_text()
    for page in DOCS.glob("*/*.md"):
        assert page.relative_to(DOCS).as_posix() in nav, f"{page} is missing from mkdocs.yml nav"


#: What a docs example may use beside the library, and the extra that brings it.
_OPTIONAL = {
    "duckdb": (r"\bimport (?:[\w, ]+, )?duckdb\b", "duckdb"),
    "polars": (r"\bimport polars\b", "polars"),
    "jsonschema": (r"\bimport jsonschema\b", "jsonschema"),
    "pandas": (r"\.to_pandas\(\)\.", "pandas"),
    "pyspark": (r"\bfrom pyspark\b", "spark"),
}


def _code(page: Path) -> str:
    return "".join(
        re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.M | re.S)
    )


def test_pages_say_which_extra_their_examples_need() -> None:
    project = tomllib.loads((DOCS.parent / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    everything = extras["all"][0]
    checked = 0
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for pattern, extra in _OPTIONAL.values():
            if re.search(pattern, _code(page)):
                checked += 1
                assert extra in extras, extra
                assert extra in everything, f"[all] lacks {extra}"
                said = re.findall(r"systemsreview\[([\w,]+)\]", text)
                assert any(extra in group.split(",") for group in said), (
                    f"{page.relative_to(DOCS)} uses {extra} without saying "
                    f"`pip install 'systemsreview[{extra}]'`"
                )
    assert checked >= 6


def test_the_performance_page_shows_every_recorded_benchmark() -> None:
    """Each run of benchmarks/record.py has its output recorded and included in the page."""
    spec = importlib.util.spec_from_file_location(
        "bench_record", DOCS.parent / "benchmarks" / "record.py"
    )
    assert spec is not None
    assert spec.loader is not None
    record = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(record)
    page = (DOCS / "performance.md").read_text(encoding="utf-8")
    for name, args in record.RUNS.items():
        recorded = DOCS / "benchmarks" / f"{name}.txt"
        assert recorded.read_text(encoding="utf-8").startswith(f"$ python {' '.join(args)}\n")
        assert f'--8<-- "benchmarks/{name}.txt"' in page
