"""Regenerate the generated blocks of the docs from the code: `python docs/generate.py`.

A block sits between `<!-- generated:NAME -->` and `<!-- /generated -->`; its content is
whatever the generator NAME returns. `tests/test_docs.py` fails when a block is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from systemsreview import model
from systemsreview.examples import domestic_abuse_review
from systemsreview.graph import schema_markdown
from systemsreview.io import parquet
from systemsreview.io.diagram import to_mermaid

DOCS = Path(__file__).parent
BLOCK = re.compile(
    r"(<!-- generated:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /generated -->)", re.S
)


def vocabularies() -> str:
    """Every vocabulary of the model with its values."""
    rows = ["| vocabulary | values |", "|---|---|"]
    for name in sorted(model.__all__):
        obj = getattr(model, name)
        if isinstance(obj, type) and issubclass(obj, str) and hasattr(obj, "__members__"):
            values = ", ".join(f"`{m.value}`" for m in obj)
            rows.append(f"| `{name}` | {values} |")
    return "\n".join(rows) + "\n"


def taxonomy(taxonomy: model.Taxonomy) -> str:
    """A taxonomy's codes as a nested list."""
    lines = []
    for code in taxonomy.values():
        depth = code.code.count(".")
        about = f": {code.description}" if code.description else ""
        lines.append(f"{'  ' * depth}- `{code.code}`: {code.label} ({code.level.label}){about}")
    return "\n".join(lines) + "\n"


def levels(codes: model.Taxonomy) -> str:
    """A taxonomy's own levels as a table, then its codes as a nested list."""
    rows = ["| level | label | systems level | what it covers |", "|---|---|---|---|"]
    rows += [
        f"| `{lv.code}` | {lv.label} | {lv.level.label} | {lv.description} |" for lv in codes.levels
    ]
    return "\n".join(rows) + "\n\n" + taxonomy(codes)


def crosswalk() -> str:
    """The Learning Together to London Protocol crosswalk."""
    rows = ["| Learning Together | London Protocol |", "|---|---|"]
    rows += [f"| `{lt}` | `{lp}` |" for lt, lp in model.CROSSWALK.items()]
    return "\n".join(rows) + "\n"


def practice_themes() -> str:
    """The national practice themes, their sources, and the patterns that speak to them."""
    rows = ["| theme | wording | patterns | source |", "|---|---|---|---|"]
    for theme in model.PRACTICE_THEMES.values():
        patterns = ", ".join(
            f"`{p.value}`" for p, themes in model.PATTERN_THEMES.items() if theme.id in themes
        )
        rows.append(f"| `{theme.id}` | {theme.label} | {patterns} | {theme.source} |")
    return "\n".join(rows) + "\n"


def sub_patterns() -> str:
    """The Learning Together sub-patterns, by pattern, with their themes."""
    rows = ["| sub-pattern | wording | pattern | themes |", "|---|---|---|---|"]
    for sub in model.SUB_PATTERNS.values():
        themes = ", ".join(f"`{t.id}`" for t in model.themes_of(sub.pattern, sub.id))
        rows.append(f"| `{sub.id}` | {sub.label} | `{sub.pattern.value}` | {themes} |")
    return "\n".join(rows) + "\n"


def processes() -> str:
    """The statutory processes that ship, with what each is and where it is defined."""
    rows = ["| code | process | what it is |", "|---|---|---|"]
    rows += [f"| `{p.code}` | {p.label} | {p.description} |" for p in model.PROCESSES]
    return "\n".join(rows) + "\n"


def mermaid_example() -> str:
    """The worked case as a Mermaid fence (the docs site renders it)."""
    return f"```mermaid\n{to_mermaid(domestic_abuse_review())}```\n"


GENERATORS: dict[str, Callable[[], str]] = {
    "mermaid-example": mermaid_example,
    "schema": schema_markdown,
    "vocabularies": vocabularies,
    "learning-together": lambda: taxonomy(model.LEARNING_TOGETHER),
    "london-protocol": lambda: taxonomy(model.LONDON_PROTOCOL),
    "accimap": lambda: levels(model.ACCIMAP),
    "crosswalk": crosswalk,
    "practice-themes": practice_themes,
    "sub-patterns": sub_patterns,
    "processes": processes,
    "storage-columns": parquet.schema_markdown,
}


def render(text: str) -> str:
    """The text with every generated block brought up to date."""

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        if name not in GENERATORS:
            return match[0]
        return f"{match[1]}{GENERATORS[name]()}{match[4]}"

    return BLOCK.sub(replace, text)


def stale() -> list[Path]:
    """The docs pages whose generated blocks are out of date."""
    return [p for p in sorted(DOCS.glob("*.md")) if render(p.read_text()) != p.read_text()]


if __name__ == "__main__":
    for page in sorted(DOCS.glob("*.md")):
        page.write_text(render(page.read_text()))
    sys.exit(0)
