"""Checking sources: load each review, run the rules its configuration selects, place the results.

:class:`Linter` streams: one JSON document, or one review of a dataset, is in memory at
a time, and a document's position map is built only when it has something to report.
Load problems become diagnostics (``SR001`` unreadable, ``SR002`` invalid JSON, ``SR003``
not a review), never exceptions, so every output format reports them.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator

import attrs

from systemsreview._gc import gc_paused
from systemsreview.errors import FormatError, FormatVersionError, SystemsReviewError
from systemsreview.examples import EXAMPLES
from systemsreview.io import json as review_json
from systemsreview.io import parquet
from systemsreview.lint._config import Config
from systemsreview.lint._diagnostic import Diagnostic, Location
from systemsreview.lint._inputs import Source
from systemsreview.lint._locate import Locator
from systemsreview.lint._positions import PositionMap
from systemsreview.model import Review
from systemsreview.rules import RULES, Policy, Severity, check

__all__ = ["Linter", "Summary"]

_PROBLEM = re.compile(r"^  (\$\S*): (.*)$")
Progress = Callable[[Iterable[Review], str, int], Iterable[Review]]


@attrs.define
class Summary:
    """Counts over a run: what was read and what was found."""

    sources: int = 0
    reviews: int = 0
    errors: int = 0
    warnings: int = 0
    accepted: int = 0
    unreadable: int = 0

    def add(self, diagnostic: Diagnostic) -> None:
        """Count ``diagnostic``."""
        if diagnostic.accepted is not None:
            self.accepted += 1
        elif diagnostic.is_load_error:
            self.unreadable += 1
        elif diagnostic.severity is Severity.ERROR:
            self.errors += 1
        else:
            self.warnings += 1


def _no_progress(reviews: Iterable[Review], description: str, total: int) -> Iterable[Review]:
    return reviews


@attrs.define
class Linter:
    """Checks sources with the configuration each one resolves to.

    Attributes:
        config_for: the configuration of a source.
        review_ids: check only these reviews of a dataset (all when ``None``).
        progress: wraps a dataset's review stream (to draw a progress bar).
    """

    config_for: Callable[[Source], Config]
    review_ids: tuple[str, ...] | None = None
    progress: Progress = _no_progress
    summary: Summary = attrs.field(factory=Summary)
    _policies: dict[int, Policy] = attrs.field(factory=dict)

    def run(self, sources: Iterable[Source]) -> Iterator[Diagnostic]:
        """The diagnostics of every source, source by source, counted in :attr:`summary`."""
        for source in sources:
            self.summary.sources += 1
            # Reading and checking make no reference cycles (measured: a paused run leaves
            # nothing for the collector), so full collections would only walk the heap.
            with gc_paused():
                found = self._source(source)
                for diagnostic in found:
                    self.summary.add(diagnostic)
                    yield diagnostic

    def _source(self, source: Source) -> Iterator[Diagnostic]:
        if source.kind == "dataset":
            yield from self._dataset(source)
            return
        if source.kind == "example":
            name = source.name.partition(":")[2] or "domestic-abuse"
            if name not in EXAMPLES:
                known = ", ".join(f"example:{known}" for known in EXAMPLES)
                yield _load_error(
                    source, "SR001", f"no bundled example is called {name!r}; use one of {known}"
                )
                return
            yield from self._review(source, EXAMPLES[name](), None)
            return
        if source.kind == "missing":
            yield _load_error(source, "SR001", "no such file, folder or glob match; check the path")
            return
        try:
            data = sys.stdin.buffer.read() if source.kind == "stdin" else source.path.read_bytes()
        except OSError as exc:
            message = f"cannot read {source.name}: {exc.strerror or exc}"
            yield _load_error(source, "SR001", message)
            return
        name = "<stdin>" if source.kind == "stdin" else source.name
        try:
            review = review_json.loads(data, name=name)
        except FormatError as exc:
            yield from _json_problems(source, data, exc)
            return
        yield from self._review(source, review, data)

    def _dataset(self, source: Source) -> Iterator[Diagnostic]:
        try:
            ids = self.review_ids or parquet.review_ids(source.path)
            reviews = parquet.read(source.path, review_ids=self.review_ids)
            for review in self.progress(reviews, f"checking {source.name}", len(ids)):
                yield from self._review(source, review, None)
        except SystemsReviewError as exc:
            message = str(exc)
            for prefix in (f"{source.name}: ", f"{source.path}: "):
                message = message.removeprefix(prefix)
            yield _load_error(source, "SR001", message)

    def _review(self, source: Source, review: Review, data: bytes | None) -> Iterator[Diagnostic]:
        self.summary.reviews += 1
        config = self.config_for(source)
        policy = self._policies.get(id(config))
        if policy is None:
            policy = self._policies[id(config)] = config.policy
        codes = config.codes(source.name if source.kind != "example" else None, review.id)
        select = None if len(codes) == len(RULES) else sorted(codes)
        violations = check(review, policy=policy, select=select)
        if not violations:
            return
        locator = Locator(review)
        positions = None if data is None else PositionMap(data.decode("utf-8", "replace"))
        for violation in violations:
            path, entity = locator.locate(violation)
            line = column = None
            if positions is not None:
                line, column = positions.find(path) or (None, None)
            yield Diagnostic(
                code=violation.code,
                severity=violation.severity,
                message=violation.message,
                subjects=violation.subjects,
                accepted=config.accepted(review.id, violation),
                location=Location(
                    source=source.name,
                    json_path=path,
                    line=line,
                    column=column,
                    review_id=review.id,
                    entity_id=entity,
                    dataset=source.kind == "dataset",
                ),
            )


def _load_error(  # noqa: PLR0917 - a location is a path and a line and column
    source: Source,
    code: str,
    message: str,
    path: str = "$",
    line: int | None = None,
    column: int | None = None,
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        message=message,
        location=Location(
            source=source.name,
            json_path=path,
            line=line,
            column=column,
            dataset=source.kind == "dataset",
        ),
    )


def _json_problems(source: Source, data: bytes, error: FormatError) -> Iterator[Diagnostic]:
    """The diagnostics of a document :func:`systemsreview.io.json.loads` refused."""
    try:
        text = data.decode("utf-8")
        json.loads(text)
    except UnicodeDecodeError as exc:
        yield _load_error(source, "SR002", f"not UTF-8 text ({exc.reason}); save it as UTF-8")
        return
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg}; fix the syntax there"
        yield _load_error(source, "SR002", message, "$", exc.lineno, exc.colno)
        return
    except RecursionError:
        yield _load_error(source, "SR002", "JSON nested too deeply to read")
        return
    positions = PositionMap(text)
    found = [_PROBLEM.match(line) for line in str(error).splitlines()]
    problems = [(m.group(1), m.group(2)) for m in found if m is not None]
    if not problems or isinstance(error, FormatVersionError):
        # One problem with the document as a whole: its message names the path, if any.
        message = str(error).split(": ", 1)[-1]
        path = "$.format_version" if "format version" in message else "$"
        if message.startswith("$"):
            path, _, message = message.partition(": ")
        problems = [(path, message)]
    for path, message in problems:
        line, column = positions.find(path) or (None, None)
        yield _load_error(source, "SR003", message, path, line, column)
