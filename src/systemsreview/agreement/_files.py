"""Reading codings from files: CSV rows, JSON objects, or coders' versions of a review."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from systemsreview.agreement._report import Coded, codings_from_reviews
from systemsreview.errors import FormatError
from systemsreview.io import json as review_json

__all__ = ["read_codings"]

_COLUMNS = ("coder", "unit", "code")


def _csv(path: Path, text: str) -> dict[str, dict[str, str | None]]:
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in _COLUMNS if c not in (rows.fieldnames or ())]
    if missing:
        msg = f"{path}: a codings CSV needs the columns coder, unit, code; {missing} missing"
        raise FormatError(msg)
    out: dict[str, dict[str, str | None]] = {}
    for line, row in enumerate(rows, start=2):
        coder, unit, code = (row[c] or "" for c in _COLUMNS)
        if not coder or not unit:
            raise FormatError(f"{path}:{line}: a row needs a coder and a unit")
        coded = out.setdefault(coder, {})
        if unit in coded:
            raise FormatError(f"{path}:{line}: coder {coder!r} codes unit {unit!r} twice")
        coded[unit] = code or None
    return out


def _json(path: Path, doc: object) -> dict[str, dict[str, str | None]]:
    if not isinstance(doc, dict) or not all(isinstance(v, dict) for v in doc.values()):
        msg = f"{path}: codings JSON must be an object of coder -> {{unit: code}}"
        raise FormatError(msg)
    for coder, coded in doc.items():
        for unit, code in coded.items():
            if code is not None and not isinstance(code, str):
                raise FormatError(f"{path}: $.{coder}.{unit}: a code is a string or null")
    return doc


def read_codings(
    paths: Iterable[str | Path], coded: Coded | None = None
) -> dict[str, dict[str, str | None]]:
    """The codings held by files: merged, coder by coder.

    Each file is a CSV with columns ``coder``, ``unit``, ``code`` (an empty code: not
    coded); a JSON object of ``{coder: {unit: code}}``; or, with ``coded``, a review JSON
    document: one coder's version of a review, the coder named by the file's stem.

    Raises:
        FormatError: a file cannot be read or has the wrong shape, or two files give
            one coder (the message names the file).
    """
    out: dict[str, dict[str, str | None]] = {}
    for item in paths:
        path = Path(item)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise FormatError(f"{path}: cannot read the codings ({err})") from err
        if coded is not None:
            review = review_json.loads(text, name=str(path))
            found: dict[str, dict[str, str | None]] = {
                coder: dict(coding)
                for coder, coding in codings_from_reviews({path.stem: review}, coded).items()
            }
        elif path.suffix.lower() == ".csv":
            found = _csv(path, text)
        else:
            try:
                doc = json.loads(text)
            except json.JSONDecodeError as err:
                raise FormatError(f"{path}: not a CSV or JSON codings file ({err})") from err
            found = _json(path, doc)
        for coder, coding in found.items():
            if coder in out:
                raise FormatError(f"{path}: coder {coder!r} appears in an earlier file too")
            out[coder] = coding
    return out
