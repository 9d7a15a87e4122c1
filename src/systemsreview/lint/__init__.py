"""Checking many reviews as a linter does: located diagnostics, configuration, output formats.

This is the machinery behind ``systemsreview check``, usable from Python too.
:func:`lint` expands inputs (files, globs, folders, ``-``, datasets), resolves each
input's configuration (``[tool.systemsreview]`` in ``pyproject.toml`` or a
``systemsreview.toml``, nearest above the input), runs the rules it selects and returns
:class:`Diagnostic` objects placed at a :class:`Location`: the file, the JSON path, the
line and column in JSON text, or the dataset, review and entity. Problems loading an
input are diagnostics too (``SR001``-``SR003``).

>>> result = lint(["example"], isolated=True)
>>> result.diagnostics, result.summary.reviews
([], 1)
>>> import attrs
>>> from systemsreview.examples import domestic_abuse_review
>>> from systemsreview.io import json as review_json
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> late = attrs.evolve(domestic_abuse_review(), completed="2011-04-01")
>>> review_json.dump(late, folder / "late.json")
>>> for d in lint([str(folder)], isolated=True).diagnostics:
...     print(d)  # doctest: +ELLIPSIS
/...late.json:...: $.completed: SR303 error milestone-order: review 'lscb-2011-da' was ...
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import attrs

from systemsreview.lint._config import (
    CONFIG_FILES,
    Accept,
    Config,
    ConfigError,
    find_config,
    load_config,
)
from systemsreview.lint._diagnostic import DOCS_URL, LOAD_CODES, Diagnostic, Location, help_url
from systemsreview.lint._formats import (
    FORMATS,
    render_github,
    render_json,
    render_sarif,
    render_statistics,
    render_text,
)
from systemsreview.lint._inputs import Source, expand
from systemsreview.lint._locate import Locator
from systemsreview.lint._positions import PositionMap
from systemsreview.lint._run import Linter, Summary

__all__ = [
    "CONFIG_FILES",
    "DOCS_URL",
    "FORMATS",
    "LOAD_CODES",
    "Accept",
    "Config",
    "ConfigError",
    "Diagnostic",
    "LintResult",
    "Linter",
    "Location",
    "Locator",
    "Overrides",
    "PositionMap",
    "Source",
    "Summary",
    "expand",
    "find_config",
    "help_url",
    "lint",
    "load_config",
    "render_github",
    "render_json",
    "render_sarif",
    "render_statistics",
    "render_text",
    "resolver",
]


@attrs.frozen(kw_only=True)
class Overrides:
    """Settings given for a whole run, on top of each input's configuration file.

    ``select`` and ``as_of`` replace the file's; ``extend_select`` and ``ignore`` add to it.
    """

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    as_of: dt.date | None = None
    strict: bool = False

    def apply(self, config: Config) -> Config:
        """``config`` with these settings on top."""
        return attrs.evolve(
            config,
            select=self.select if self.select is not None else config.select,
            extend_select=config.extend_select + self.extend_select,
            ignore=config.ignore + self.ignore,
            as_of=self.as_of if self.as_of is not None else config.as_of,
            strict=self.strict or config.strict,
        )


def resolver(
    config: str | Path | None = None, *, isolated: bool = False, overrides: Overrides | None = None
) -> Callable[[Source], Config]:
    """The function giving each source its configuration.

    Args:
        config: one configuration file for every source (no search).
        isolated: ignore configuration files altogether.
        overrides: settings on top of whatever file applies.

    Raises:
        ConfigError: ``config`` cannot be read or is not valid (files found by the
            search are read, and may raise, when a source needs them).
    """
    overrides = Overrides() if overrides is None else overrides
    fixed = Config() if isolated else (load_config(config) if config is not None else None)
    if fixed is not None:
        settled = overrides.apply(fixed)
        return lambda source: settled
    found: dict[Path, Path | None] = {}
    loaded: dict[Path | None, Config] = {None: overrides.apply(Config())}

    def config_for(source: Source) -> Config:
        path = find_config(source.path, found)
        if path not in loaded:
            loaded[path] = overrides.apply(load_config(path)) if path else loaded[None]
        return loaded[path]

    return config_for


@attrs.frozen
class LintResult:
    """What :func:`lint` found: the diagnostics, in input order, and the counts."""

    diagnostics: list[Diagnostic]
    summary: Summary


def lint(
    inputs: Sequence[str],
    *,
    config: str | Path | None = None,
    isolated: bool = False,
    overrides: Overrides | None = None,
    review_ids: Sequence[str] | None = None,
) -> LintResult:
    """Check every review the inputs name (see :func:`expand`), as ``systemsreview check``.

    Raises:
        ConfigError: a configuration file is not valid (never for a bad review: those are
            diagnostics).
    """
    ids = None if review_ids is None else tuple(review_ids)
    linter = Linter(resolver(config, isolated=isolated, overrides=overrides), review_ids=ids)
    diagnostics = list(linter.run(expand(inputs)))
    return LintResult(diagnostics, linter.summary)
