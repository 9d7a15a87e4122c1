"""Reviews as JSON documents, through one cattrs converter.

A document is one JSON object: ``"format_version"`` first, then the review's own fields
under their attrs names, entity arrays in review order and ``links`` last. Enums are their
string values, dates ISO ``YYYY-MM-DD`` strings, absent milestones ``null``; every field is
written, defaults included, so the names are stable and the document is self-describing.
:func:`json_schema` gives the JSON Schema (draft 2020-12) of the format, generated from the
classes; the same schema ships as ``systemsreview/io/review.schema.json`` for other tools.

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> text = dumps(review)
>>> text[:60]
'{"format_version": 5, "id": "lscb-2011-da", "title": "Seriou'
>>> loads(text) == review
True

A document that cannot be a review raises :class:`~systemsreview.errors.FormatError`
naming the JSON path of each problem and what to do:

>>> loads(text.replace('"appraisal": "mixed"', '"appraisal": "so-so"', 1))
Traceback (most recent call last):
...
systemsreview.errors.FormatError: <string>: 1 problem in the review JSON:
  $.episodes[2].appraisal: got a string 'so-so'; expected one of 'good', 'problematic', ...
Fix them and load again; systemsreview.io.json.json_schema() describes the format.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from cattrs.errors import BaseValidationError

from systemsreview.errors import FormatError, FormatVersionError, ModelError
from systemsreview.io._jsonconv import _V5_REVIEW, make_converter, problems
from systemsreview.io._jsonschema import FORMAT_VERSION, json_schema
from systemsreview.model import Review, reviewer_role

__all__ = [
    "FORMAT_VERSION",
    "MIGRATIONS",
    "dump",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "make_converter",
]


def from_version_2(document: dict[str, Any]) -> dict[str, Any]:
    """A version 2 document as version 3: no recommendations, responses or actions yet."""
    upgraded = dict(document)
    for name in ("recommendations", "responses", "actions"):
        if name in upgraded:
            msg = (
                f"$.{name}: a JSON format version 2 document has no {name}; write "
                f'"format_version": {FORMAT_VERSION} if the document is of this version'
            )
            raise FormatError(msg)
        upgraded[name] = []
    return upgraded


def from_version_3(document: dict[str, Any]) -> dict[str, Any]:
    """A version 3 document as version 4: no subjects, family, characteristics or ``aware``.

    Every field of the case is optional, with an empty or null default, so a version 3
    document needs nothing added; one that holds a field of the case is refused, as its
    version is then wrong.
    """
    for name in ("subjects", "family", "characteristics", "aware"):
        if name in document:
            msg = (
                f"$.{name}: a JSON format version 3 document has no {name}; write "
                f'"format_version": {FORMAT_VERSION} if the document is of this version'
            )
            raise FormatError(msg)
    return dict(document)


def _v4_review(document: dict[str, Any]) -> dict[str, Any]:
    """Version 4's review fields as version 5's (the review's part of format 5).

    ``method`` becomes ``methods``, reviewers gain a role vocabulary and independence
    facets, and the new fields stay absent.

    A free-text role becomes its vocabulary role where its words name one (``"lead
    reviewer"``), otherwise ``"other"`` with the text kept in ``role_text``; ``independent``
    becomes both ``independent_of_case`` and ``independent_of_agencies``, and
    ``independent_of_board`` is not recorded (null).
    """
    for name in (*_V5_REVIEW, "methods"):
        if name in document:
            raise FormatError(_newer(4, name, name))
    upgraded = dict(document)
    if "method" in upgraded:
        upgraded["methods"] = [upgraded.pop("method")]
    team = upgraded.get("reviewers")
    if isinstance(team, list):
        upgraded["reviewers"] = [_v4_reviewer(r) for r in team]
    for i, link in enumerate(upgraded.get("links") or ()):
        if isinstance(link, dict) and ("locator" in link or "quote" in link):
            raise FormatError(_newer(4, f"links[{i}]", "locator or quote"))
    return upgraded


def _v4_reviewer(reviewer: object) -> object:
    if not isinstance(reviewer, dict):
        return reviewer  # left for the loader to name
    upgraded = dict(reviewer)
    role = upgraded.get("role")
    if isinstance(role, str) and role.strip():
        vocabulary, text = reviewer_role(role)
        upgraded["role"] = vocabulary.value
        if text:
            upgraded["role_text"] = text
    if "independent" in upgraded:
        independent = upgraded.pop("independent")
        upgraded["independent_of_case"] = upgraded["independent_of_agencies"] = independent
    return upgraded


def _newer(version: int, path: str, what: str) -> str:
    return (
        f"$.{path}: a JSON format version {version} document has no {what}; "
        f'write "format_version": {FORMAT_VERSION} if the document is of this version'
    )


def from_version_4(document: dict[str, Any]) -> dict[str, Any]:
    """A version 4 document as version 5 (see each part's function for what changes)."""
    return _v4_review(document)


#: Upgrades of older documents: version ``n`` -> a function turning it into version ``n + 1``.
#: Version 1 had no ``extensions``, so every version 1 document is a version 2 document;
#: version 2 had no learning loop (:func:`from_version_2`), version 3 no case
#: (:func:`from_version_3`), version 4 one method and free-text reviewer roles
#: (:func:`from_version_4`).
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: dict,
    2: from_version_2,
    3: from_version_3,
    4: from_version_4,
}

_CONVERTER = make_converter()
_SHOWN = 20  # problems listed in one message; the rest are counted


def dumps(review: Review, *, indent: int | None = None) -> str:
    """The review as a JSON document (a ``str``; non-ASCII text kept as is).

    Args:
        review: the review to write.
        indent: spaces per level, or ``None`` for one compact line.
    """
    document = {"format_version": FORMAT_VERSION, **_CONVERTER.unstructure(review)}
    return json.dumps(document, indent=indent, ensure_ascii=False)


def loads(text: str | bytes, *, name: str = "<string>") -> Review:
    """The review held by a JSON document.

    Args:
        text: the document (bytes are decoded as UTF-8).
        name: what to call the document in error messages (a file name, a URL).

    Raises:
        FormatError: the text is not JSON, or not a review: each problem is listed with
            its JSON path (``$.episodes[3].period.start``) and what would be accepted.
        FormatVersionError: the document was written in a newer format version.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = (
            f"{name}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}; "
            "fix the syntax there (a JSON linter shows the spot)"
        )
        raise FormatError(msg) from None
    except (UnicodeDecodeError, RecursionError) as exc:
        msg = f"{name}: not a JSON text this library can read ({exc}); save it as UTF-8 JSON"
        raise FormatError(msg) from None
    return _structure(_upgrade(document, name), name)


def dump(review: Review, file: str | os.PathLike[str] | IO[str], *, indent: int | None = 2) -> None:
    """Write the review as JSON to a path (as UTF-8) or to an open text file.

    A path is written to a temporary file beside it and moved into place, so a crash never
    leaves half a document behind. Text that UTF-8 cannot hold (a lone surrogate) is
    written as a JSON unicode escape, which reads back the same.

    Raises:
        FormatError: the file cannot be written (the message names it and says why).
    """
    text = dumps(review, indent=indent) + "\n"
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        document = {"format_version": FORMAT_VERSION, **_CONVERTER.unstructure(review)}
        text = json.dumps(document, indent=indent) + "\n"  # ASCII, every oddity escaped
        data = text.encode("ascii")
    if not isinstance(file, str | os.PathLike):
        file.write(text)
        return
    path = Path(file)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        msg = (
            f"cannot write {path}: {exc.strerror or exc}; "
            "check that its folder exists and is writable"
        )
        raise FormatError(msg) from None


def load(file: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Review:
    """Read a review from a JSON file, by path or open file.

    Raises:
        FormatError: the file cannot be read, is not JSON or does not hold a review; the
            message names the file and the JSON path of each problem.
        FormatVersionError: the file was written in a newer format version.
    """
    if not isinstance(file, str | os.PathLike):
        return loads(file.read(), name=str(getattr(file, "name", "<file>")))
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {path}: {exc.strerror or exc}; check the path and its permissions"
        raise FormatError(msg) from None
    return loads(data, name=str(path))


def _upgrade(document: object, name: str) -> dict[str, Any]:
    """The document as a dict of the current format version, its version key removed."""
    if not isinstance(document, dict):
        msg = (
            f"{name}: $: the document is {type(document).__name__}, "
            "not a JSON object holding a review"
        )
        raise FormatError(msg)
    document = dict(document)
    version = document.pop("format_version", None)
    if version is None:
        msg = (
            f"{name}: $.format_version: required field missing; a review document starts "
            f'with "format_version": {FORMAT_VERSION}'
        )
        raise FormatError(msg)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        msg = (
            f"{name}: $.format_version: got {version!r}; "
            f"expected a whole number from 1 to {FORMAT_VERSION}"
        )
        raise FormatError(msg)
    if version > FORMAT_VERSION:
        msg = (
            f"{name}: written in JSON format version {version}, newer than version "
            f"{FORMAT_VERSION} that this systemsreview reads; upgrade systemsreview "
            "(pip install -U systemsreview)"
        )
        raise FormatVersionError(msg)
    while version < FORMAT_VERSION:
        upgrade = MIGRATIONS.get(version)
        if upgrade is None:
            msg = f"{name}: no migration from JSON format version {version}; it cannot be read"
            raise FormatVersionError(msg)
        try:
            document = upgrade(document)
        except FormatError as exc:
            raise FormatError(f"{name}: {exc}") from None
        version += 1
    return document


def _structure(document: dict[str, Any], name: str) -> Review:
    try:
        return _CONVERTER.structure(document, Review)
    except (BaseValidationError, ModelError, KeyError, TypeError, ValueError) as exc:
        found = problems(exc)
    lines = [f"  {path}: {message}" for path, message in found[:_SHOWN]]
    if len(found) > _SHOWN:
        lines.append(f"  ... and {len(found) - _SHOWN} more")
    count = f"{len(found)} problem{'s' if len(found) != 1 else ''}"
    msg = "\n".join(
        [
            f"{name}: {count} in the review JSON:",
            *lines,
            "Fix them and load again; systemsreview.io.json.json_schema() describes the format.",
        ]
    )
    raise FormatError(msg)
