"""Output formats of ``systemsreview check``: text, JSON, SARIF 2.1.0 and GitHub annotations.

Each renderer takes the diagnostics of a run (load problems included) and the run's
:class:`~systemsreview.lint.Summary`, and returns the whole output as one string.

>>> from systemsreview.lint import Diagnostic, Location, Summary
>>> from systemsreview.rules import Severity
>>> d = Diagnostic(code="SR102", severity=Severity.ERROR, message="no entity 'ghost'",
...                subjects=("a", "ghost"),
...                location=Location(source="r.json", json_path="$.links[3]", line=9, column=5))
>>> print(render_github([d], Summary()))
::error file=r.json,line=9,col=5,title=SR102 dangling-link::$.links[3]: no entity 'ghost'
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from systemsreview import __version__
from systemsreview.lint._diagnostic import LOAD_CODES, Diagnostic, help_url, rule_name
from systemsreview.lint._run import Summary
from systemsreview.rules import RULES

__all__ = [
    "FORMATS",
    "render_github",
    "render_json",
    "render_sarif",
    "render_statistics",
    "render_text",
]

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_COLOURS = {"error": "\x1b[1;31m", "warning": "\x1b[1;33m", "path": "\x1b[1m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"


def _paint(text: str, style: str, colour: bool) -> str:
    return f"{_COLOURS[style]}{text}{_RESET}" if colour else text


def _summary_line(summary: Summary) -> str:
    parts = [f"{summary.errors} error(s)", f"{summary.warnings} warning(s)"]
    if summary.accepted:
        parts.append(f"{summary.accepted} accepted")
    if summary.unreadable:
        parts.append(f"{summary.unreadable} unreadable")
    return f"checked {summary.reviews} review(s) from {summary.sources} source(s): " + ", ".join(
        parts
    )


def render_text(
    diagnostics: Sequence[Diagnostic], summary: Summary, *, colour: bool = False
) -> str:
    """Diagnostics one a line, grouped by source (a blank line between), then a summary."""
    lines: list[str] = []
    previous = None
    for d in diagnostics:
        if previous is not None and d.location.source != previous:
            lines.append("")
        previous = d.location.source
        level = d.severity.value
        style = "dim" if d.accepted is not None else level
        text = (
            f"{_paint(str(d.location), 'path', colour)}: "
            f"{_paint(d.code, style, colour)} {level} {d.name}: {d.message}"
        )
        if d.accepted is not None:
            text += _paint(f" [accepted: {d.accepted}]", "dim", colour)
        lines.append(text)
    if lines:
        lines.append("")
    lines.append(_summary_line(summary))
    return "\n".join(lines)


def _row(d: Diagnostic) -> dict[str, Any]:
    where = d.location
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity.value,
        "message": d.message,
        "subjects": list(d.subjects),
        "accepted": d.accepted,
        "help_url": help_url(d.code),
        "location": {
            "source": where.source,
            "dataset": where.dataset,
            "review_id": where.review_id,
            "entity_id": where.entity_id,
            "json_path": where.json_path,
            "line": where.line,
            "column": where.column,
        },
    }


def render_json(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    """``{"diagnostics": [...], "summary": {...}}``, one object a diagnostic."""
    document = {
        "diagnostics": [_row(d) for d in diagnostics],
        "summary": {
            "sources": summary.sources,
            "reviews": summary.reviews,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "accepted": summary.accepted,
            "unreadable": summary.unreadable,
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


def _uri(source: str) -> str:
    if source == "-":
        return "stdin"
    path = Path(source)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _sarif_rules() -> list[dict[str, Any]]:
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": f"Holds when {rule.holds}."},
            "fullDescription": {"text": rule.rationale},
            "helpUri": help_url(rule.code),
            "defaultConfiguration": {"level": rule.severity.value},
        }
        for rule in RULES.values()
    ]
    rules += [
        {
            "id": code,
            "name": name,
            "shortDescription": {"text": f"The input can be read as a review ({name})."},
            "helpUri": help_url(code),
            "defaultConfiguration": {"level": "error"},
        }
        for code, name in LOAD_CODES.items()
    ]
    return rules


def _result(d: Diagnostic, index: dict[str, int]) -> dict[str, Any]:
    where = d.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(where.source)}}
    if where.line is not None:
        physical["region"] = {"startLine": where.line, "startColumn": where.column or 1}
    logical = {"fullyQualifiedName": where.json_path, "kind": "element"}
    if where.review_id is not None:
        logical["fullyQualifiedName"] = f"{where.review_id}:{where.json_path}"
    properties = {
        "jsonPath": where.json_path,
        "reviewId": where.review_id,
        "entityId": where.entity_id,
        "subjects": list(d.subjects),
        "helpUri": help_url(d.code),
    }
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": d.severity.value,
        "message": {"text": f"{where.json_path}: {d.message}"},
        "locations": [{"physicalLocation": physical, "logicalLocations": [logical]}],
        "properties": {k: v for k, v in properties.items() if v is not None},
    }
    if d.accepted is not None:
        result["suppressions"] = [{"kind": "external", "justification": d.accepted}]
    return result


def render_sarif(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    """A SARIF 2.1.0 log with one run: the rules, then one result a diagnostic."""
    rules = _sarif_rules()
    index = {rule["id"]: n for n, rule in enumerate(rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "systemsreview",
                        "version": __version__,
                        "informationUri": "https://systemsreview.readthedocs.io",
                        "rules": rules,
                    }
                },
                "results": [_result(d, index) for d in diagnostics],
                "invocations": [{"executionSuccessful": summary.unreadable == 0}],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic], summary: Summary) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::...``), one a line."""
    lines = []
    for d in diagnostics:
        where = d.location
        command = "notice" if d.accepted is not None else d.severity.value
        fields = [f"file={_escape_property(where.source)}"]
        if where.line is not None:
            fields += [f"line={where.line}", f"col={where.column or 1}"]
        fields.append(f"title={_escape_property(f'{d.code} {d.name}')}")
        where_text = str(where) if where.dataset else where.json_path
        message = f"{where_text}: {d.message}"
        if d.accepted is not None:
            message += f" [accepted: {d.accepted}]"
        lines.append(f"::{command} {','.join(fields)}::{_escape_data(message)}")
    return "\n".join(lines)


def render_statistics(diagnostics: Sequence[Diagnostic], *, as_json: bool = False) -> str:
    """Counts per code, most frequent first: a table, or JSON records."""
    counts = Counter(d.code for d in diagnostics)
    severities = {d.code: d.severity for d in diagnostics}
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if as_json:
        rows = [
            {"code": c, "name": rule_name(c), "severity": severities[c].value, "count": n}
            for c, n in ranked
        ]
        return json.dumps(rows, indent=2)
    width = max((len(str(n)) for n in counts.values()), default=1)
    return "\n".join(
        f"{n:>{width}}  {c}  {severities[c].value:<7}  {rule_name(c)}" for c, n in ranked
    )


#: Renderers by ``--format`` name.
FORMATS: dict[str, Callable[[Sequence[Diagnostic], Summary], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
}
