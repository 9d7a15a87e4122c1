"""The ``systemsreview`` command line: check, show, draw, convert and export reviews.

Run ``systemsreview --help`` (or ``python -m systemsreview --help``). With no command it
runs ``demo``: the summary of the bundled worked example. Every command that reads a review
takes ``INPUT``: a JSON file, or the word ``example`` for the bundled review (a file of that
name takes precedence). Exit status: 0 on success, 1 when ``check`` finds errors (or
warnings, with ``--strict``), 2 when the input cannot be used (the message says what, where
and what to do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from systemsreview import __version__
from systemsreview.errors import SystemsReviewError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import diagram
from systemsreview.io import json as review_json
from systemsreview.model import EntityKind, LinkKind, Review
from systemsreview.rules import Policy, Severity, check
from systemsreview.summary import summarise

__all__ = ["main"]

EXAMPLE = "example"


def load_review(source: str) -> Review:
    """The review named by a command's ``INPUT`` argument."""
    path = Path(source)
    if source == EXAMPLE and not path.exists():
        return domestic_abuse_review()
    if path.is_dir():
        msg = f"{path} is a folder; give a review JSON file (or 'example')"
        raise SystemsReviewError(msg)
    return review_json.load(path)


def _write(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` through a temporary file moved into place."""
    text = text if text.endswith("\n") else text + "\n"
    if output is None or output == "-":
        sys.stdout.write(text)
        return
    path = Path(output)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        msg = f"cannot write {path}: {exc.strerror or exc}; check that its folder exists"
        raise SystemsReviewError(msg) from None


def _demo(args: argparse.Namespace) -> int:
    review = domestic_abuse_review()
    print(summarise(review))
    violations = check(review)
    print(f"\nIntegrity check: {len(violations)} violation(s)")
    for violation in violations:
        print(f"  {violation}")
    return 0


def _check(args: argparse.Namespace) -> int:
    review = load_review(args.input)
    policy = Policy() if args.as_of is None else Policy(as_of=args.as_of)
    violations = check(review, policy=policy, select=args.select, ignore=args.ignore)
    if args.format == "json":
        rows = [
            {
                "code": v.code,
                "severity": v.severity.value,
                "subjects": list(v.subjects),
                "message": v.message,
            }
            for v in violations
        ]
        print(json.dumps({"review": review.id, "violations": rows}, indent=2, ensure_ascii=False))
    else:
        for violation in violations:
            print(violation)
        errors = sum(v.severity is Severity.ERROR for v in violations)
        print(f"{review.id}: {errors} error(s), {len(violations) - errors} warning(s)")
    failing = {Severity.ERROR, Severity.WARNING} if args.strict else {Severity.ERROR}
    return 1 if any(v.severity in failing for v in violations) else 0


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date; write it as YYYY-MM-DD"
        raise argparse.ArgumentTypeError(msg) from None


def _codes(text: str) -> list[str]:
    return [code.strip() for code in text.split(",") if code.strip()]


def _show(args: argparse.Namespace) -> int:
    print(summarise(load_review(args.input)))
    return 0


def _graph(args: argparse.Namespace) -> int:
    review = load_review(args.input)
    draw = diagram.to_dot if args.format == "dot" else diagram.to_mermaid
    kinds = set(EntityKind) if args.all else diagram.CAUSAL_KINDS
    links = set(LinkKind) if args.all else diagram.CAUSAL_LINKS
    _write(draw(review, kinds=kinds, links=links), args.output)
    return 0


def _convert(args: argparse.Namespace) -> int:
    review = load_review(args.input)
    _write(review_json.dumps(review, indent=2), args.output)
    return 0


def _schema(args: argparse.Namespace) -> int:
    _write(json.dumps(review_json.json_schema(), indent=2), args.output)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="systemsreview",
        description="Typed, checked systems-approach case reviews.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, run: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.set_defaults(run=run)
        return sub

    command("demo", _demo, "summarise the bundled worked example")
    checker = command("check", _check, "check a review against the integrity rules")
    checker.add_argument("input", metavar="INPUT", help="review JSON file, or 'example'")
    checker.add_argument("--select", type=_codes, help="codes or prefixes, e.g. SR1,SR304")
    checker.add_argument("--ignore", type=_codes, help="codes or prefixes to leave out")
    checker.add_argument(
        "--as-of", type=_date, help="date (YYYY-MM-DD) to judge open reviews' timescales"
    )
    checker.add_argument("--format", choices=("text", "json"), default="text")
    checker.add_argument("--strict", action="store_true", help="fail on warnings too")
    show = command("show", _show, "summarise a review: agencies, episodes, factors, findings")
    show.add_argument("input", metavar="INPUT", help="review JSON file, or 'example'")
    graph = command("graph", _graph, "draw a review's causal graph as Mermaid or DOT")
    graph.add_argument("input", metavar="INPUT", help="review JSON file, or 'example'")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument("--all", action="store_true", help="every entity and link kind")
    graph.add_argument("-o", "--output", help="file to write (default: standard output)")
    convert = command("convert", _convert, "write a review as a JSON document")
    convert.add_argument("input", metavar="INPUT", help="review JSON file, or 'example'")
    convert.add_argument("-o", "--output", help="file to write (default: standard output)")
    schema = command("schema", _schema, "print the JSON Schema of the review format")
    schema.add_argument("-o", "--output", help="file to write (default: standard output)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _demo)
    try:
        return run(args)
    except SystemsReviewError as exc:
        print(f"systemsreview: error: {exc}", file=sys.stderr)
        return 2
