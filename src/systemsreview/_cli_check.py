"""The ``check`` and ``rule`` commands of the command line (see :mod:`systemsreview.lint`).

``check`` reads files, globs, folders, ``-`` and datasets, applies each input's
configuration and prints located diagnostics as text, JSON, SARIF or GitHub annotations.
Exit status: 0 clean, 1 when a rule is broken (errors; warnings too with ``--strict``;
never with ``--exit-zero``), 2 when an input cannot be read or the options or
configuration are wrong. ``rule`` explains a rule: what holds, why, and an example.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
import os
import random
import sys
from collections.abc import Iterable

import attrs

from systemsreview import _progress
from systemsreview._cli_messages import command_language
from systemsreview._cli_output import write_output
from systemsreview.io import json as review_json
from systemsreview.lint import (
    FORMATS,
    Diagnostic,
    Linter,
    Locator,
    Overrides,
    expand,
    help_url,
    render_statistics,
    render_text,
    resolver,
)
from systemsreview.lint._config import ConfigError, check_codes
from systemsreview.model import Review
from systemsreview.rules import RULES, Rule, Severity, check

__all__ = ["configure_check", "configure_rule", "run_check", "run_rule"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date; write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def configure_check(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``check`` to its sub-parser."""
    parser.add_argument(
        "inputs",
        nargs="*",
        default=["."],
        metavar="INPUT",
        help="review JSON files, globs, folders of them, dataset folders, '-' (standard "
        "input) or 'example' (default: the current folder)",
    )
    parser.add_argument(
        "--id", action="append", help="in datasets, check only this review (repeatable)"
    )
    parser.add_argument("--select", type=_codes, help="codes or prefixes, e.g. SR1,SR304")
    parser.add_argument("--extend-select", type=_codes, help="codes or prefixes to add")
    parser.add_argument("--ignore", type=_codes, help="codes or prefixes to leave out")
    parser.add_argument(
        "--as-of", type=_date, help="date (YYYY-MM-DD) to judge open reviews' timescales"
    )
    parser.add_argument("--format", choices=tuple(FORMATS), default="text")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--statistics", action="store_true", help="print counts per code instead")
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when rules are broken"
    )
    parser.add_argument(
        "--show-accepted",
        action="store_true",
        help="also show violations the configuration accepts, with the reason",
    )
    parser.add_argument(
        "-o", "--output-file", help="write the report to this file (default: standard output)"
    )
    parser.add_argument("--config", help="use this configuration file and no other")
    parser.add_argument("--isolated", action="store_true", help="ignore every configuration file")


def _overrides(args: argparse.Namespace) -> Overrides:
    def codes(value: list[str] | None, flag: str) -> tuple[str, ...]:
        return () if value is None else check_codes(value, flag)

    select = None if args.select is None else codes(args.select, "--select")
    return Overrides(
        select=select,
        extend_select=codes(args.extend_select, "--extend-select"),
        ignore=codes(args.ignore, "--ignore"),
        as_of=args.as_of,
        strict=args.strict,
    )


def _colour(args: argparse.Namespace) -> bool:
    if args.output_file not in (None, "-") or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty is not None and isatty())


def run_check(args: argparse.Namespace) -> int:
    """Run ``check``; return the exit status."""
    if args.config is not None and args.isolated:
        raise ConfigError("--config and --isolated: give one or the other")
    if args.statistics and args.format not in ("text", "json"):
        msg = f"--statistics prints counts as text or JSON, not --format {args.format}"
        raise ConfigError(msg)
    overrides = _overrides(args)
    config_for = resolver(args.config, isolated=args.isolated, overrides=overrides)
    quiet = args.quiet

    def progress(reviews: Iterable[Review], description: str, total: int) -> Iterable[Review]:
        return _progress.progress(reviews, description, total=total, quiet=quiet)

    ids = None if args.id is None else tuple(args.id)
    linter = Linter(config_for, review_ids=ids, progress=progress)
    diagnostics: list[Diagnostic] = []
    failing = False
    for source in expand(args.inputs):
        for diagnostic in linter.run([source]):
            if diagnostic.accepted is None and not diagnostic.is_load_error:
                strict = config_for(source).strict  # overrides.strict is folded in
                failing = failing or diagnostic.severity is Severity.ERROR or strict
            if diagnostic.accepted is None or args.show_accepted:
                message = command_language(diagnostic.message)
                diagnostics.append(attrs.evolve(diagnostic, message=message))
    summary = linter.summary
    if args.statistics:
        text = render_statistics(diagnostics, as_json=args.format == "json")
    elif args.format == "text":
        text = render_text(diagnostics, summary, colour=_colour(args))
    else:
        text = FORMATS[args.format](diagnostics, summary)
    write_output(text, args.output_file)
    if summary.unreadable:
        return 2
    return 1 if failing and not args.exit_zero else 0


def configure_rule(parser: argparse.ArgumentParser) -> None:
    """Add the arguments of ``rule`` to its sub-parser."""
    parser.add_argument(
        "code", nargs="?", metavar="CODE", help="a rule code or name (none: list every rule)"
    )


def _find(word: str) -> Rule:
    by_name = {rule.name: rule for rule in RULES.values()}
    rule = RULES.get(word.upper()) or by_name.get(word.lower())
    if rule is None:
        close = difflib.get_close_matches(word.upper(), RULES, n=1, cutoff=0.6)
        close += difflib.get_close_matches(word.lower(), by_name, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ";"
        msg = f"no rule {word!r}{hint} list them with 'systemsreview rule'"
        raise ConfigError(msg)
    return rule


def example(rule: Rule) -> tuple[Review, str]:
    """A small review breaking ``rule`` (seeded, so always the same) and its diagnostic line.

    The review comes from :func:`systemsreview.strategies.reviews_violating`.
    """
    from hypothesis import HealthCheck, Phase, find, settings  # noqa: PLC0415 - slow import

    from systemsreview.strategies import reviews_violating  # noqa: PLC0415 - slow import

    review = find(
        reviews_violating(rule.code),
        lambda _: True,
        settings=settings(
            database=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck)
        ),
        random=random.Random(0),
    )
    violation = check(review, select=rule.code)[0]
    path, _ = Locator(review).locate(violation)
    return review, f"{path}: {command_language(str(violation))}"


def _fragment(review: Review, path: str) -> str:
    value: object = json.loads(review_json.dumps(review))
    for step in path[1:].replace("[", ".[").split("."):
        if not step:
            continue
        key: str | int = int(step[1:-1]) if step.startswith("[") else step
        value = value[key]  # type: ignore[index]
    return json.dumps(value, indent=2, ensure_ascii=False)


def run_rule(args: argparse.Namespace) -> int:
    """Run ``rule``: list the rules, or explain one; return the exit status."""
    if args.code is None:
        for rule in RULES.values():
            print(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<26}  {rule.holds}")
        return 0
    rule = _find(args.code)
    review, line = example(rule)
    path = line.split(": ", 1)[0]
    fragment = _fragment(review, path)
    shown = "\n".join("    " + row for row in fragment.splitlines()[:20])
    more = "\n    ..." if fragment.count("\n") >= 20 else ""
    print(
        f"{rule.code} {rule.name} ({rule.severity.value})\n\n"
        f"Holds when {rule.holds}.\n\n{rule.rationale}\n\n"
        f"Example: a review {review.id!r} holding, at {path},\n\n{shown}{more}\n\n"
        f"is reported as\n\n    {line}\n\n"
        f"Ignore it with --ignore {rule.code}, or accept it for one review in "
        f'pyproject.toml ([[tool.systemsreview.accept]] review = "...", '
        f'code = "{rule.code}", reason = "...").\n'
        f"Documentation: {help_url(rule.code)}"
    )
    return 0
