"""MkDocs hooks: files of the site made from the code at every build, never committed.

- ``accimap.svg`` and ``accimap-focus.svg``: the worked case's AcciMap (whole, and one
  finding's causal chain), shown at the end of the tutorial; ``accimap-loop-case.svg``, the
  same with the learning loop and the case (``loop=True, case=True``), linked from the
  diagrams page;
- ``report.html`` and ``report-redacted.html``: the worked case's one-file HTML report;
- ``schema/review-1.json`` (whatever path the schema's ``$id`` names under ``site_url``):
  the JSON Schema of the review format, published where its ``$id`` says it lives.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

from mkdocs.structure.files import File, Files

from systemsreview.examples import domestic_abuse_review
from systemsreview.io.diagram import to_svg
from systemsreview.io.json import json_schema
from systemsreview.io.report import to_html


def schema_path(site_url: str) -> str:
    """Where, under the site, the schema's ``$id`` says it lives."""
    schema_id = str(json_schema()["$id"])
    base = urlparse(site_url or "/").path
    path = urlparse(schema_id).path
    if not path.startswith(base):
        msg = f"the schema's $id {schema_id} is not under site_url {site_url}"
        raise ValueError(msg)
    return path[len(base) :].lstrip("/")


def on_files(files: Files, config: Any) -> Files:
    """Add the generated pictures, reports and schema to the site's files."""
    review = domestic_abuse_review()
    generated = {
        "accimap.svg": to_svg(review),
        "accimap-focus.svg": to_svg(review, focus=review.findings[0].id, sources=True),
        "accimap-loop-case.svg": to_svg(review, loop=True, case=True),
        "report.html": to_html(review),
        "report-redacted.html": to_html(review, redacted=True),
        schema_path(config["site_url"]): json.dumps(json_schema(), indent=2) + "\n",
    }
    for path, content in generated.items():
        files.append(File.generated(config, path, content=content))
    return files
