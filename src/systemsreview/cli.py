"""The ``systemsreview`` command line: check, show, draw, convert and export reviews.

Run ``systemsreview --help`` (or ``python -m systemsreview --help``). With no command it
runs ``demo``: the summary of the bundled worked example. Every command that reads a review
takes ``INPUT``: a JSON file, a Parquet dataset folder (with ``--id`` when it holds several
reviews), or the word ``example`` for the bundled review (``example:NAME`` for one of
:data:`systemsreview.examples.EXAMPLES`; a file of that name takes precedence). Exit
status: 0 on success, 1 when ``check`` finds errors (or warnings, with ``--strict``), 2
when the input cannot be used (the message says what, where and what to do).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pa_csv

from systemsreview import __version__, synth
from systemsreview._cli_check import configure_check, configure_rule, run_check, run_rule
from systemsreview._cli_maintain import configure_compact, configure_repair, run_compact, run_repair
from systemsreview._cli_messages import command_language
from systemsreview._cli_output import write_output
from systemsreview._progress import progress, status
from systemsreview.agreement import CODED, agreement, criterion_validity, read_codings
from systemsreview.corpus import Corpus
from systemsreview.errors import SystemsReviewError
from systemsreview.examples import EXAMPLES, domestic_abuse_review
from systemsreview.io import diagram, parquet, report
from systemsreview.io import json as review_json
from systemsreview.model import EntityKind, LinkKind, Review
from systemsreview.rules import check
from systemsreview.summary import summarise
from systemsreview.versions import diff

__all__ = ["main"]

EXAMPLE = "example"


def load_reviews(source: str) -> Iterator[Review]:
    """Every review named by one ``INPUT``: a JSON file, a dataset folder, or ``example``."""
    path = Path(source)
    if source == EXAMPLE and not path.exists():
        yield domestic_abuse_review()
    elif source.startswith(EXAMPLE + ":") and not path.exists():
        name = source.removeprefix(EXAMPLE + ":")
        if name not in EXAMPLES:
            msg = f"{source}: no bundled example is called {name!r}; the examples are " + ", ".join(
                f"{EXAMPLE}:{known}" for known in EXAMPLES
            )
            raise SystemsReviewError(msg)
        yield EXAMPLES[name]()
    elif path.is_dir():
        yield from parquet.read(path)
    else:
        yield review_json.load(path)


def load_review(source: str, review_id: str | None = None) -> Review:
    """The one review named by ``INPUT`` (and ``--id``, for a dataset of several)."""
    path = Path(source)
    if path.is_dir():
        if review_id is not None:
            return parquet.read_review(path, review_id)
        ids = parquet.review_ids(path)
        if len(ids) != 1:
            shown = ", ".join(ids[:10]) + (", ..." if len(ids) > 10 else "")
            msg = f"{path} holds {len(ids)} reviews ({shown}); choose one with --id"
            raise SystemsReviewError(msg)
        return parquet.read_review(path, ids[0])
    review = next(load_reviews(source))
    if review_id is not None and review.id != review_id:
        msg = f"{source} holds review {review.id!r}, not {review_id!r}"
        raise SystemsReviewError(msg)
    return review


def _demo(args: argparse.Namespace) -> int:
    review = domestic_abuse_review()
    print(summarise(review))
    violations = check(review)
    print(f"\nIntegrity check: {len(violations)} violation(s)")
    for violation in violations:
        print(f"  {violation}")
    return 0


def _show(args: argparse.Namespace) -> int:
    print(summarise(load_review(args.input, args.id)))
    return 0


def _graph(args: argparse.Namespace) -> int:
    review = load_review(args.input, args.id)
    if args.format == "svg":
        svg = diagram.to_svg(
            review,
            focus=args.focus,
            levels=args.levels,
            sources=args.sources,
            width=args.width,
            loop=args.loop,
            case=args.case,
            redacted=args.redacted,
            by_agency=args.by_agency,
            levels_by=args.levels_by,
        )
        write_output(svg, args.output)
        return 0
    if args.focus or args.levels or args.sources:
        msg = "--focus, --levels and --sources draw the AcciMap; add --format svg"
        raise SystemsReviewError(msg)
    draw = diagram.to_dot if args.format == "dot" else diagram.to_mermaid
    kinds, links = set(diagram.CAUSAL_KINDS), set(diagram.CAUSAL_LINKS)
    if args.loop:
        kinds, links = kinds | diagram.LOOP_KINDS, links | diagram.LOOP_LINKS
    if args.case:
        kinds, links = kinds | diagram.CASE_KINDS, links | diagram.CASE_LINKS
    if args.all:
        kinds, links = set(EntityKind), set(LinkKind)
    text = draw(
        review,
        kinds=kinds,
        links=links,
        redacted=args.redacted,
        by_agency=args.by_agency,
        levels_by=args.levels_by,
    )
    write_output(text, args.output)
    return 0


def _report(args: argparse.Namespace) -> int:
    review = load_review(args.input, args.id)
    write_output(report.to_html(review, redacted=args.redacted), args.output)
    return 0


def _convert(args: argparse.Namespace) -> int:
    reviews = progress(
        (review for source in args.inputs for review in load_reviews(source)),
        "converting",
        quiet=args.quiet,
    )
    if args.output is None or args.output == "-" or args.output.endswith(".json"):
        first = next(reviews, None)
        if first is None or next(reviews, None) is not None:
            msg = "a JSON document holds one review; write several to a dataset folder instead"
            raise SystemsReviewError(msg)
        write_output(review_json.dumps(first, indent=2), args.output)
        return 0
    count = parquet.write(args.output, reviews, mode=args.mode)
    print(f"{args.output}: wrote {count} review(s) ({args.mode})")
    return 0


def _format_table(table: pa.Table, fmt: str) -> str:
    """An Arrow table as aligned text, CSV or JSON records."""
    if fmt == "csv":
        sink = io.BytesIO()
        pa_csv.write_csv(table, sink)
        return sink.getvalue().decode("utf-8")
    rows = table.to_pylist()
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False, default=str)
    header = table.column_names
    cells = [header] + [[_cell(row[name]) for name in header] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines) + f"\n({table.num_rows} rows)"


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


ANALYSES = {
    "pattern-prevalence": lambda c, a: c.pattern_prevalence(),
    "factor-prevalence": lambda c, a: c.factor_prevalence(),
    "cooccurrence": lambda c, a: c.cooccurrence(by=a.by or "pattern"),
    "recurring": lambda c, a: c.recurring_findings(
        min_reviews=a.min_reviews, min_years=a.min_years, by=a.by or "pattern"
    ),
    "trend": lambda c, a: c.trend(a.of, by=a.by or "pattern"),
    "response-rate": lambda c, a: c.response_rate(a.by),
    "action-completion": lambda c, a: c.action_completion(a.by, as_of=a.as_of),
    "recurring-after-action": lambda c, a: c.recurring_after_action(),
    "factor-placement": lambda c, a: c.factor_placement(a.by or "sector"),
    "process-prevalence": lambda c, a: c.process_prevalence(a.by),
    "process-gaps": lambda c, a: c.process_gaps(
        a.by, **({"expected": a.process} if a.process else {})
    ),
}


def _corpus(args: argparse.Namespace) -> int:
    corpus = Corpus.open(args.path).where(
        review_id=args.review,
        kind=args.kind,
        method=args.method,
        year=args.year,
        commissioner=args.commissioner,
        pattern=args.pattern,
        category=args.category,
        level=args.level,
        sector=args.sector,
    )
    if args.analysis == "summary":
        print(f"{corpus!r}: {len(corpus)} review(s)")
        for name in ("findings", "factors", "episodes", "agencies", "links"):
            print(f"  {name:<10} {corpus.table(name, ['review_id']).num_rows:>10,}")
        return 0
    with status(f"{args.analysis} of {args.path}", quiet=args.quiet):
        table = ANALYSES[args.analysis](corpus, args)
    write_output(_format_table(table, args.format), args.output)
    return 0


def _synth(args: argparse.Namespace) -> int:
    reviews = progress(
        synth.corpus(args.reviews, args.seed, lapses=args.lapses),
        "synthesising",
        total=args.reviews,
        quiet=args.quiet,
    )
    count = parquet.write(args.output, reviews, mode=args.mode)
    print(f"{args.output}: wrote {count} synthetic review(s) (seed {args.seed})")
    return 0


def _diff(args: argparse.Namespace) -> int:
    changes = diff(load_review(args.old, args.id), load_review(args.new, args.id))
    if args.format == "json":
        write_output(json.dumps(changes.to_json(), indent=1, ensure_ascii=False), args.output)
    elif changes or args.output is not None:
        write_output(changes.render(), args.output)
    return 1 if changes else 0


def _agreement(args: argparse.Namespace) -> int:
    codings = read_codings(args.inputs, args.coded)
    options = {
        "depths": tuple(args.depth or ("code",)),
        "resamples": args.resamples,
        "confidence": args.confidence,
        "seed": args.seed,
    }
    if args.reference is not None:
        table = criterion_validity(codings, args.reference, **options)
    else:
        table = agreement(codings, **options)
    write_output(_format_table(table, args.format), args.output)
    return 0


def _agreement_arguments(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "inputs",
        nargs="+",
        metavar="CODINGS",
        help="CSV (coder,unit,code) or JSON ({coder: {unit: code}}) files; with --coded, "
        "review JSON files, one per coder (the coder is the file's stem)",
    )
    sub.add_argument(
        "--coded",
        choices=CODED,
        help="read the codings from coders' versions of a review",
    )
    sub.add_argument(
        "--depth",
        action="append",
        choices=("level", "category", "code"),
        help="taxonomy depth to report (repeatable; default: code)",
    )
    sub.add_argument("--reference", metavar="CODER", help="criterion validity against CODER")
    sub.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    sub.add_argument("--confidence", type=float, default=0.95, help="interval coverage")
    sub.add_argument("--seed", type=int, default=0, help="bootstrap seed")
    sub.add_argument("--format", choices=("table", "csv", "json"), default="table")
    sub.add_argument("-o", "--output", help="file to write (default: standard output)")


def _versions_and_agreement(command: Callable[..., argparse.ArgumentParser], inputs: str) -> None:
    _agreement_arguments(
        command("agreement", _agreement, "how far coders agree: kappa, alpha, per depth")
    )
    _diff_arguments(
        command("diff", _diff, "what changed between two versions of a review (exit 1 if any)"),
        inputs,
    )


def _diff_arguments(differ: argparse.ArgumentParser, input_help: str) -> None:
    differ.add_argument("old", metavar="OLD", help=input_help)
    differ.add_argument("new", metavar="NEW", help=input_help)
    differ.add_argument("--id", help="the review to use, in datasets of several")
    differ.add_argument("--format", choices=("text", "json"), default="text")
    differ.add_argument("-o", "--output", help="file to write (default: standard output)")


def _schema(args: argparse.Namespace) -> int:
    write_output(json.dumps(review_json.json_schema(), indent=2), args.output)
    return 0


def _verify(args: argparse.Namespace) -> int:
    """``systemsreview verify DATASET``: an fsck; 0 intact, 1 damage found, 2 not a dataset."""
    report = parquet.verify(args.path)
    if args.format == "json":
        doc = {
            "path": str(report.path),
            "ok": report.ok,
            "parts": report.parts,
            "files": report.files,
            "hashed": report.hashed,
            "reviews": report.reviews,
            "affected": report.affected,
            "damage": [
                {"where": d.where, "part": d.part, "table": d.table, "problem": d.problem}
                for d in report.damage
            ],
        }
        print(json.dumps(doc, indent=2))
    else:
        print(report)
    return 0 if report.ok else 1


def _verify_arguments(command: Callable[..., argparse.ArgumentParser]) -> None:
    what = "check every file, SHA-256, row group and value of a dataset (exit 1 on damage)"
    verifier = command("verify", _verify, what)
    verifier.add_argument("path", metavar="DATASET", help="a dataset folder")
    verifier.add_argument("--format", choices=("text", "json"), default="text")


def _words(text: str) -> list[str]:
    """A comma-separated option value as its words."""
    return [word.strip() for word in text.split(",") if word.strip()]


def _picture_commands(
    command: Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser],
    input_help: str,
) -> None:
    """The ``graph`` and ``report`` commands: pictures and documents of one review."""
    graph = command(
        "graph", _graph, "draw a review's causal graph as an AcciMap (SVG), Mermaid or DOT"
    )
    graph.add_argument("input", metavar="INPUT", help=input_help)
    graph.add_argument("--id", help="the review to use, in a dataset of several")
    graph.add_argument("--format", choices=("mermaid", "dot", "svg"), default="mermaid")
    graph.add_argument("--all", action="store_true", help="every entity and link kind")
    graph.add_argument(
        "--loop",
        action="store_true",
        help="add the learning loop: recommendations, board responses, actions",
    )
    graph.add_argument(
        "--case",
        action="store_true",
        help="add the subjects and family (by role and age band only)",
    )
    graph.add_argument(
        "--redacted", action="store_true", help="leave out restricted events and sources"
    )
    graph.add_argument(
        "--by-agency",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="group the factors placed in an agency (sits_in) under its name (default: on)",
    )
    graph.add_argument(
        "--levels-by",
        choices=("taxonomy", "systems"),
        default="taxonomy",
        help="band the factors by their taxonomy's own levels (the six of an AcciMap-coded "
        "review) or by the three systems levels (default: taxonomy)",
    )
    graph.add_argument("--focus", metavar="FINDING", help="svg: one finding's causal chain only")
    graph.add_argument(
        "--levels", type=_words, help="svg: factor levels to draw, e.g. national,local_strategic"
    )
    graph.add_argument("--sources", action="store_true", help="svg: add the sources band")
    graph.add_argument("--width", type=int, default=1600, help="svg: widest in pixels")
    graph.add_argument("-o", "--output", help="file to write (default: standard output)")
    reporter = command("report", _report, "write a review as one self-contained HTML report")
    reporter.add_argument("input", metavar="INPUT", help=input_help)
    reporter.add_argument("--id", help="the review to use, in a dataset of several")
    reporter.add_argument(
        "--redacted", action="store_true", help="leave out restricted events and sources"
    )
    reporter.add_argument("-o", "--output", help="file to write (default: standard output)")


def _synth_arguments(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The arguments of ``synth``."""
    synthetic = command("synth", _synth, "write a seeded synthetic corpus to a dataset folder")
    synthetic.add_argument("output", metavar="DATASET", help="the dataset folder to write")
    synthetic.add_argument("-n", "--reviews", type=int, default=100, help="how many reviews")
    synthetic.add_argument("--seed", type=int, default=0)
    synthetic.add_argument("--mode", choices=("create", "append", "replace"), default="create")
    synthetic.add_argument(
        "--lapses",
        action="store_true",
        help="let a few chronologies break the statutory process rules (SR306, SR307)",
    )


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
        sub.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
        return sub

    input_help = "a review JSON file, a dataset folder, or 'example' (or 'example:NAME')"
    inputs_help = "review JSON files, dataset folders, or 'example' (or 'example:NAME')"
    command("demo", _demo, "summarise the bundled worked example")
    configure_check(command("check", run_check, "check reviews against the integrity rules"))
    configure_rule(command("rule", run_rule, "list the integrity rules, or explain one"))
    configure_repair(command("repair", run_repair, "remove what crashed writers left in a dataset"))
    configure_compact(command("compact", run_compact, "rewrite a dataset's small parts into large"))
    show = command("show", _show, "summarise a review: agencies, episodes, factors, findings")
    show.add_argument("input", metavar="INPUT", help=input_help)
    show.add_argument("--id", help="the review to use, in a dataset of several")
    _picture_commands(command, input_help)
    convert = command(
        "convert",
        _convert,
        "write reviews as a JSON document (one review) or into a Parquet dataset folder",
    )
    convert.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    convert.add_argument(
        "-o", "--output", help="a .json file, or a dataset folder (default: JSON on stdout)"
    )
    convert.add_argument(
        "--mode",
        choices=("create", "append", "replace"),
        default="append",
        help="for a dataset: create a new one, append new reviews, or replace same-id reviews",
    )
    corpus = command("corpus", _corpus, "national analytics over a Parquet dataset folder")
    corpus.add_argument("path", metavar="DATASET", help="a dataset folder")
    corpus.add_argument("analysis", nargs="?", default="summary", choices=("summary", *ANALYSES))
    corpus.add_argument("--kind", action="append", help="review kind (repeatable)")
    corpus.add_argument("--method", action="append", help="review method (repeatable)")
    corpus.add_argument("--year", action="append", type=int, help="year of decision (repeatable)")
    corpus.add_argument("--commissioner", action="append", help="commissioner (repeatable)")
    corpus.add_argument("--review", action="append", help="review id (repeatable)")
    corpus.add_argument(
        "--pattern", action="append", help="any of a finding's patterns (repeatable)"
    )
    corpus.add_argument(
        "--category", action="append", help="a factor's category, or beneath it (repeatable)"
    )
    corpus.add_argument("--level", action="append", help="a factor's level (repeatable)")
    corpus.add_argument("--sector", action="append", help="an agency's sector (repeatable)")
    corpus.add_argument(
        "--by",
        help="pattern|category (cooccurrence, trend), pattern_sector (recurring), "
        "year (response-rate), year|sector|pattern (action-completion), "
        "sector|level|category (factor-placement), "
        "year|kind (process-prevalence, process-gaps)",
    )
    corpus.add_argument("--of", default="pattern_prevalence", help="the analysis a trend follows")
    corpus.add_argument("--min-reviews", type=int, default=2, help="recurring: fewest reviews")
    corpus.add_argument("--min-years", type=int, default=2, help="recurring: fewest years")
    corpus.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="action-completion: the day overdue actions are judged at (default: each "
        "review's latest loop day)",
    )
    corpus.add_argument(
        "--process",
        action="append",
        metavar="CODE",
        help="process-gaps: a statutory process asked about (repeatable; default: the "
        "child protection processes)",
    )
    corpus.add_argument("--format", choices=("table", "csv", "json"), default="table")
    corpus.add_argument("-o", "--output", help="file to write (default: standard output)")
    _synth_arguments(command)
    _versions_and_agreement(command, input_help)
    _verify_arguments(command)
    command("schema", _schema, "print the JSON Schema of the review format").add_argument(
        "-o", "--output", help="file to write (default: standard output)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _demo)
    try:
        return run(args)
    except SystemsReviewError as exc:
        # Library messages name Python calls; here they name the command's flags.
        print(f"systemsreview: error: {command_language(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped reading (`systemsreview show x | head`): no traceback. Python's
        # recipe: point stdout at devnull so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
