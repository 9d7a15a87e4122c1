"""What ``systemsreview check`` reports: a :class:`Diagnostic` at a :class:`Location`.

A diagnostic is a rule violation, or a problem loading the input (codes ``SR001``-``SR003``,
see :data:`LOAD_CODES`), placed in the file or dataset it was found in: the JSON path of
what it is about, the line and column when the input is JSON text, and for a dataset the
review and entity ids.

>>> where = Location(source="review.json", json_path="$.links[90]", line=412, column=5)
>>> print(where)
review.json:412:5: $.links[90]
>>> print(Location(source="corpus", json_path="$.episodes[2]", review_id="r-7",
...                entity_id="kpe-1", dataset=True))
corpus:r-7:kpe-1: $.episodes[2]
>>> help_url("SR102")
'https://systemsreview.readthedocs.io/rules/#sr102-dangling-link'
"""

from __future__ import annotations

import attrs

from systemsreview.rules import RULES, Severity

__all__ = [
    "DOCS_URL",
    "LOAD_CODES",
    "Diagnostic",
    "Location",
    "help_url",
    "rule_name",
]

#: The documentation site: the ``Documentation`` URL of the package and mkdocs' ``site_url``
#: (the JSON Schema's ``$id`` is under it too).
DOCS_URL = "https://systemsreview.readthedocs.io"

#: Codes of problems with the input itself, reported as diagnostics and never selectable.
LOAD_CODES = {
    "SR001": "unreadable-input",
    "SR002": "invalid-json",
    "SR003": "invalid-review",
}


def rule_name(code: str) -> str:
    """The kebab-case name of a rule or load code (the code itself when unknown)."""
    rule = RULES.get(code)
    return rule.name if rule is not None else LOAD_CODES.get(code, code)


def help_url(code: str) -> str:
    """The documentation anchor that explains ``code``.

    Rules link to their section of the rule catalogue (``docs/rules.md``), load codes to
    their section of the CI page (``docs/ci.md``).
    """
    page = "rules" if code in RULES else "ci"
    return f"{DOCS_URL}/{page}/#{code.lower()}-{rule_name(code)}"


@attrs.frozen(kw_only=True)
class Location:
    """Where a diagnostic is.

    Attributes:
        source: the file as given (``-`` for standard input), or the dataset folder.
        json_path: the JSON path of the value concerned in the review document (``$`` for
            the review as a whole); for a dataset, the path in the review's JSON form.
        line: the line in the file, counting from 1, when the input is JSON text.
        column: the column in that line, counting from 1.
        review_id: the review concerned, when known.
        entity_id: the entity concerned, when the diagnostic is about one.
        dataset: whether ``source`` is a Parquet dataset folder.
    """

    source: str
    json_path: str = "$"
    line: int | None = None
    column: int | None = None
    review_id: str | None = None
    entity_id: str | None = None
    dataset: bool = False

    def __str__(self) -> str:
        if self.dataset:
            ids = ":".join(i for i in (self.review_id, self.entity_id) if i)
            return f"{self.source}:{ids}: {self.json_path}" if ids else self.source
        if self.line is not None:
            return f"{self.source}:{self.line}:{self.column or 1}: {self.json_path}"
        return self.source if self.json_path == "$" else f"{self.source}:{self.json_path}"


@attrs.frozen(kw_only=True)
class Diagnostic:
    """One reported problem.

    Attributes:
        code: a rule code (``SR102``) or a load code (``SR001``-``SR003``).
        severity: after the configuration's overrides; load problems are errors.
        message: what is wrong and what to do.
        location: where.
        subjects: the entity ids concerned (empty for a load problem).
        accepted: the reason recorded in the configuration when the violation is accepted.
    """

    code: str
    severity: Severity
    message: str
    location: Location
    subjects: tuple[str, ...] = ()
    accepted: str | None = None

    @property
    def name(self) -> str:
        """The rule's kebab-case name."""
        return rule_name(self.code)

    @property
    def is_load_error(self) -> bool:
        """Whether the input could not be read (rather than a rule being broken)."""
        return self.code in LOAD_CODES

    def __str__(self) -> str:
        return f"{self.location}: {self.code} {self.severity.value} {self.name}: {self.message}"
