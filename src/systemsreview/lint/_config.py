"""Configuration of ``systemsreview check``: ``[tool.systemsreview]`` or ``systemsreview.toml``.

As ruff does, the configuration of an input is the nearest ``systemsreview.toml`` (top
level keys) or ``pyproject.toml`` holding a ``[tool.systemsreview]`` table, found by
walking up from the input's folder. Keys may be written with ``-`` or ``_``:

.. code-block:: toml

    [tool.systemsreview]
    select = ["SR1", "SR2", "SR4"]      # rules to run (default: all)
    extend-select = ["SR304"]           # more rules, on top of select
    ignore = ["SR105"]                  # rules not to run
    as-of = 2024-06-30                  # judge open reviews' timescales at this date
    response-days = 90                  # days a board has to respond after publication (SR601)
    strict = false                      # fail on warnings too
    severity = { SR408 = "error" }      # severity overrides
    per-file-ignores = { "legacy/*.json" = ["SR3"] }
    per-review-ignores = { "rapid-*" = ["SR407"] }

    [tool.systemsreview.timescales]     # overrides of the editions' timescales (SR304)
    rapid_review = { start = "notified", working-days = 15 }
    serious_case_review = { start = "decided", months = 6, until = "published" }
    local_practice_review = false       # no timescale

    [[tool.systemsreview.accept]]       # a known violation, accepted with a reason
    review = "lscb-2011-da"             # review id (a glob)
    code = "SR408"
    reason = "single-agency review by design"
    subjects = ["kpe-1"]                # optional: only the violation about these ids

Unknown keys, codes, review kinds or severities raise :class:`ConfigError`, naming the
file and the key, with the closest valid spelling.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from systemsreview.errors import ModelError, SystemsReviewError
from systemsreview.model import ReviewKind
from systemsreview.rules import RULES, Policy, Severity, Timescale, Violation

__all__ = ["CONFIG_FILES", "Accept", "Config", "ConfigError", "find_config", "load_config"]

#: File names searched in each folder, in order (``pyproject.toml`` only with the table).
CONFIG_FILES = ("systemsreview.toml", ".systemsreview.toml", "pyproject.toml")

_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "per-review-ignores",
    "severity",
    "timescales",
    "as-of",
    "response-days",
    "strict",
    "accept",
)
_ACCEPT_KEYS = ("review", "code", "reason", "subjects")
_TIMESCALE_KEYS = ("start", "months", "working-days", "until")


class ConfigError(SystemsReviewError, ValueError):
    """A configuration file (or option) that cannot be used: it names the file and key."""


def _closest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_codes(items: Iterable[str], where: str) -> tuple[str, ...]:
    """``items`` as rule codes or prefixes, or :class:`ConfigError` naming ``where``."""
    prefixes = sorted({code[:n] for code in RULES for n in range(3, 6)})
    checked = []
    for item in items:
        if not isinstance(item, str) or not any(code.startswith(item) for code in RULES):
            hint = _closest(str(item).upper(), prefixes) if isinstance(item, str) else ""
            msg = (
                f"{where}: {item!r} is not a rule code or prefix{hint or ';'} codes look like "
                "'SR102', prefixes like 'SR1' (list them with 'systemsreview rule')"
            )
            raise ConfigError(msg)
        checked.append(item)
    return tuple(checked)


@attrs.frozen(kw_only=True)
class Accept:
    """A violation accepted on purpose, and why.

    Attributes:
        review: the review id, or a glob of ids.
        code: the rule code accepted.
        reason: why it does not apply; shown by ``--show-accepted``.
        subjects: when given, only a violation naming all these ids is accepted.
    """

    review: str
    code: str
    reason: str
    subjects: tuple[str, ...] = ()

    def matches(self, review_id: str, violation: Violation) -> bool:
        """Whether this acceptance covers ``violation`` of review ``review_id``."""
        return (
            violation.code == self.code
            and fnmatch.fnmatchcase(review_id, self.review)
            and set(self.subjects) <= set(violation.subjects)
        )


@attrs.frozen(kw_only=True)
class Config:
    """The settings one input is checked with (the defaults when no file is found).

    Attributes:
        path: the file the settings came from, if any.
        select: codes or prefixes of the rules to run (``None``: all).
        extend_select: more codes or prefixes to run.
        ignore: codes or prefixes not to run.
        per_file_ignores: (glob of paths relative to the file's folder, codes) pairs.
        per_review_ignores: (glob of review ids, codes) pairs.
        severity: severity overrides by code.
        timescales: overrides of the editions' statutory timescales by review kind
            (``None``: no timescale).
        as_of: the date open reviews are judged at.
        response_days: the days a board has, from publication, to respond (SR601).
        strict: whether warnings fail the check too.
        accept: the accepted violations.
    """

    path: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    per_review_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = attrs.field(factory=dict, hash=False)
    timescales: Mapping[ReviewKind, Timescale | None] = attrs.field(factory=dict, hash=False)
    as_of: dt.date | None = None
    response_days: int = 90
    strict: bool = False
    accept: tuple[Accept, ...] = ()

    @property
    def policy(self) -> Policy:
        """The :class:`~systemsreview.rules.Policy` these settings describe."""
        # Policy converts with ``dict``, whose overloads mypy cannot match to the field.
        timescales: Any = self.timescales
        return Policy(
            timescales=timescales,
            as_of=self.as_of,
            severity=self.severity,
            response_days=self.response_days,
        )

    def codes(self, source: str | None, review_id: str) -> frozenset[str]:
        """The rule codes to run on review ``review_id`` read from ``source``."""
        chosen = tuple(self.select) if self.select is not None else ("SR",)
        chosen += self.extend_select
        dropped = list(self.ignore)
        if source is not None:
            name = self._relative(source)
            for pattern, codes in self.per_file_ignores:
                if fnmatch.fnmatch(name, pattern) or fnmatch.fnmatch(Path(name).name, pattern):
                    dropped += codes
        for pattern, codes in self.per_review_ignores:
            if fnmatch.fnmatchcase(review_id, pattern):
                dropped += codes
        return frozenset(
            code
            for code in RULES
            if code.startswith(chosen) and not code.startswith(tuple(dropped))
        )

    def accepted(self, review_id: str, violation: Violation) -> str | None:
        """The reason ``violation`` is accepted, or ``None``."""
        for accept in self.accept:
            if accept.matches(review_id, violation):
                return accept.reason
        return None

    def _relative(self, source: str) -> str:
        path = Path(source)
        if self.path is not None:
            try:
                return path.resolve().relative_to(self.path.parent.resolve()).as_posix()
            except ValueError:
                pass
        return path.as_posix()


def _normalise(table: Mapping[str, Any]) -> dict[str, Any]:
    return {str(key).replace("_", "-"): value for key, value in table.items()}


def _known(table: Mapping[str, Any], keys: Iterable[str], where: str) -> None:
    keys = tuple(keys)
    for key in table:
        if key not in keys:
            msg = (
                f"{where}: unknown key {key!r}{_closest(key, keys) or ';'} "
                f"known keys: {', '.join(keys)}"
            )
            raise ConfigError(msg)


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        msg = f"{where}: got {value!r}; expected a list of strings"
        raise ConfigError(msg)
    return tuple(value)


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        msg = f"{where}: got {value!r}; expected a table"
        raise ConfigError(msg)
    return value


def _ignores(value: object, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (pattern, check_codes(_strings(codes, f"{where}.{pattern!r}"), f"{where}.{pattern!r}"))
        for pattern, codes in _table(value, where).items()
    )


def _severity(value: object, where: str) -> dict[str, Severity]:
    table = _table(value, where)
    out = {}
    for code, level in table.items():
        if code not in RULES:
            hint = _closest(code.upper(), RULES) or ";"
            msg = f"{where}: {code!r} is not a rule code{hint} give full codes such as 'SR408'"
            raise ConfigError(msg)
        if level not in tuple(Severity):
            msg = f"{where}.{code}: got {level!r}; expected 'error' or 'warning'"
            raise ConfigError(msg)
        out[code] = Severity(level)
    return out


def _timescales(value: object, where: str) -> dict[ReviewKind, Timescale | None]:
    out: dict[ReviewKind, Timescale | None] = {}
    for kind, spec in _table(value, where).items():
        if kind not in tuple(ReviewKind):
            kinds = [k.value for k in ReviewKind]
            msg = (
                f"{where}: {kind!r} is not a review kind{_closest(kind, kinds) or ';'} "
                f"kinds: {', '.join(kinds)}"
            )
            raise ConfigError(msg)
        if spec is False:
            out[ReviewKind(kind)] = None
            continue
        fields = _normalise(_table(spec, f"{where}.{kind}"))
        _known(fields, _TIMESCALE_KEYS, f"{where}.{kind}")
        try:
            out[ReviewKind(kind)] = Timescale(
                fields.get("start", ""),
                fields.get("months", 0),
                fields.get("working-days", 0),
                fields.get("until", "completed"),
            )
        except ModelError as exc:
            text = str(exc).replace("Timescale", f"{where}.{kind}")
            text = text.replace("working_days", "working-days")
            raise ConfigError(text) from None
    return out


def _as_of(value: object, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        msg = f"{where}: got {value!r}; expected a date such as 2024-06-30"
        raise ConfigError(msg) from None


def _accept(value: object, where: str) -> tuple[Accept, ...]:
    if not isinstance(value, list):
        msg = f"{where}: expected an array of tables ([[...accept]]), got {value!r}"
        raise ConfigError(msg)
    out = []
    for n, item in enumerate(value):
        here = f"{where}[{n}]"
        entry = _normalise(_table(item, here))
        _known(entry, _ACCEPT_KEYS, here)
        missing = [key for key in ("review", "code", "reason") if not entry.get(key)]
        if missing:
            msg = f"{here}: {', '.join(missing)} missing; an acceptance names review, code, reason"
            raise ConfigError(msg)
        code = entry["code"]
        if code not in RULES:
            msg = f"{here}.code: {code!r} is not a rule code{_closest(str(code), RULES) or ''}"
            raise ConfigError(msg)
        out.append(
            Accept(
                review=str(entry["review"]),
                code=code,
                reason=str(entry["reason"]),
                subjects=_strings(entry.get("subjects", []), f"{here}.subjects"),
            )
        )
    return tuple(out)


def parse_config(table: Mapping[str, Any], path: Path | None, where: str) -> Config:
    """The :class:`Config` a settings table describes; ``where`` prefixes error messages."""
    table = _normalise(table)
    _known(table, _KEYS, where)
    fields: dict[str, Any] = {"path": path}
    for key, value in table.items():
        here = f"{where}: {key}"
        if key in ("select", "extend-select", "ignore"):
            fields[key.replace("-", "_")] = check_codes(_strings(value, here), here)
        elif key in ("per-file-ignores", "per-review-ignores"):
            fields[key.replace("-", "_")] = _ignores(value, here)
        elif key == "severity":
            fields["severity"] = _severity(value, here)
        elif key == "timescales":
            fields["timescales"] = _timescales(value, here)
        elif key == "as-of":
            fields["as_of"] = _as_of(value, here)
        elif key == "response-days":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ConfigError(f"{here}: got {value!r}; expected a whole number of days >= 0")
            fields["response_days"] = value
        elif key == "strict":
            if not isinstance(value, bool):
                raise ConfigError(f"{here}: got {value!r}; expected true or false")
            fields["strict"] = value
        else:
            fields["accept"] = _accept(value, here)
    return Config(**fields)


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as exc:
        msg = f"cannot read configuration {path}: {exc.strerror or exc}; check the path"
        raise ConfigError(msg) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = f"{path}: not valid TOML ({exc}); fix the syntax there"
        raise ConfigError(msg) from None


def load_config(path: str | Path) -> Config:
    """The configuration in ``path``: a ``pyproject.toml`` or a ``systemsreview.toml``.

    Raises:
        ConfigError: the file cannot be read, is not TOML, or holds unknown keys or codes.
    """
    path = Path(path)
    document = _read(path)
    if path.name == "pyproject.toml":
        table = document.get("tool", {}).get("systemsreview", {})
        where = f"{path} [tool.systemsreview]"
        return parse_config(_table(table, where), path, where)
    return parse_config(document, path, str(path))


def find_config(start: str | Path, cache: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file in ``start``'s folder or above it, if any."""
    cache = {} if cache is None else cache
    folder = Path(start).resolve()
    folder = folder if folder.is_dir() else folder.parent
    seen = []
    found: Path | None = None
    for here in (folder, *folder.parents):
        if here in cache:
            found = cache[here]
            break
        seen.append(here)
        found = next((here / name for name in CONFIG_FILES if _holds_config(here / name)), None)
        if found is not None:
            break
    for here in seen:
        cache[here] = found
    return found


def _holds_config(path: Path) -> bool:
    if not path.is_file():
        return False
    if path.name != "pyproject.toml":
        return True
    try:
        document = _read(path)
    except ConfigError:
        return False  # someone else's broken pyproject.toml is not ours to report
    return isinstance(document.get("tool"), dict) and "systemsreview" in document["tool"]
