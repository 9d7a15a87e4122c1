"""Agreement reports as Arrow tables: per taxonomy depth, with bootstrap intervals.

The three questions of a coding-reliability study (as in Goode et al.'s UPLOADS study,
Applied Ergonomics 2017): do coders agree with one another (inter-rater), does one coder
agree with themself on another occasion (intra-rater), and do coders agree with a
reference coder (criterion validity)? Each is answered at every depth of a hierarchical
taxonomy: the factor's level, its category, and the full code.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

import pyarrow as pa

from systemsreview.agreement._measures import (
    Codings,
    Units,
    prepare,
    weighted_alpha,
    weighted_cohen,
    weighted_fleiss,
    weighted_percent,
)
from systemsreview.errors import ModelError
from systemsreview.model import Finding, Pattern, Review, find_code

__all__ = [
    "DEPTHS",
    "MEASURES",
    "agreement",
    "codings_from_reviews",
    "criterion_validity",
    "disagreements",
    "intra_rater",
]

#: The depths of a hierarchical taxonomy that a report can give, coarsest first.
DEPTHS = ("level", "category", "code")

Measure = Callable[[Units, Sequence[int] | None], float]
#: The measures of a report, by name, each taking the units and their weights.
MEASURES: dict[str, Measure] = {
    "percent_agreement": weighted_percent,
    "cohen_kappa": weighted_cohen,
    "fleiss_kappa": weighted_fleiss,
    "krippendorff_alpha": weighted_alpha,
}

Coded = Literal["factor_category", "finding_pattern", "finding_patterns", "episode_appraisal"]
#: What :func:`codings_from_reviews` can read, in the order the CLI offers them.
CODED: tuple[str, ...] = (
    "factor_category",
    "finding_pattern",
    "finding_patterns",
    "episode_appraisal",
)

_SCHEMA = pa.schema(
    [
        pa.field("depth", pa.string(), metadata={"description": "level, category or code"}),
        pa.field("measure", pa.string()),
        pa.field("value", pa.float64(), metadata={"description": "null when undefined"}),
        pa.field("low", pa.float64(), metadata={"description": "bootstrap interval, low end"}),
        pa.field("high", pa.float64(), metadata={"description": "bootstrap interval, high end"}),
        pa.field("units", pa.int64(), metadata={"description": "units coded by 2+ coders"}),
        pa.field("coders", pa.int64()),
    ]
)


def _at_depth(code: str | None, depth: str) -> str | None:
    """``code`` cut to ``depth``: its level, its category (two steps down), or itself."""
    if code is None or depth == "code":
        return code
    if depth == "level":
        known = find_code(code)
        if known is None:
            msg = f"agreement: {code!r} is not a code of a registered taxonomy, so it has no"
            raise ModelError(f"{msg} level; register the taxonomy, or use depths=('code',)")
        return known.level.value
    return ".".join(code.split(".")[:2])


def _depth(codings: Codings, depth: str) -> dict[str, dict[str, str | None]]:
    if depth not in DEPTHS:
        raise ModelError(f"agreement: depth must be one of {', '.join(DEPTHS)}, got {depth!r}")
    return {
        coder: {unit: _at_depth(code, depth) for unit, code in coded.items()}
        for coder, coded in codings.items()
    }


def _interval(
    units: Units, measure: Measure, resamples: int, confidence: float, seed: int
) -> tuple[float, float]:
    """The percentile bootstrap interval of ``measure``, resampling units."""
    n = len(units)
    if not n or not resamples:
        return math.nan, math.nan
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        weights = [0] * n
        for i in rng.choices(range(n), k=n):
            weights[i] += 1
        value = measure(units, weights)
        if not math.isnan(value):
            values.append(value)
    if not values:
        return math.nan, math.nan
    values.sort()
    tail = (1 - confidence) / 2
    low = values[min(len(values) - 1, math.floor(tail * len(values)))]
    high = values[min(len(values) - 1, math.ceil((1 - tail) * len(values)) - 1)]
    return low, high


def _none(value: float) -> float | None:
    return None if math.isnan(value) else value


def agreement(
    codings: Codings,
    *,
    depths: Sequence[str] = ("code",),
    measures: Sequence[str] | None = None,
    resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> pa.Table:
    """Inter-rater agreement of several coders, one row per depth and measure.

    Args:
        codings: for each coder, the code they gave each unit (``None``: not coded).
        depths: where codes are taxonomy codes, the depths to report: ``"level"`` (the
            factor level the code sits at), ``"category"`` (the code's first two parts,
            ``"frontline.team"``), ``"code"`` (as coded).
        measures: names from :data:`MEASURES` (default: all that apply; Cohen's kappa
            only for two coders).
        resamples: bootstrap resamples of the units for the interval (0: none).
        confidence: the interval's coverage.
        seed: the bootstrap's seed (the same seed gives the same interval).

    Returns:
        Columns ``depth``, ``measure``, ``value`` (null where undefined), ``low``,
        ``high``, ``units`` (units with two or more codes) and ``coders``.
    """
    if not 0 < confidence < 1:
        raise ModelError(f"agreement: confidence must lie between 0 and 1, got {confidence}")
    if resamples < 0:
        raise ModelError(f"agreement: resamples must be 0 or more, got {resamples}")
    names = list(measures) if measures is not None else list(MEASURES)
    for name in names:
        if name not in MEASURES:
            msg = f"agreement: no measure {name!r}; choose from {', '.join(MEASURES)}"
            raise ModelError(msg)
    rows = []
    for depth in depths:
        units = prepare(_depth(codings, depth))
        for name in names:
            if name == "cohen_kappa" and len(units.coders) != 2:
                if measures is not None:
                    raise ModelError("agreement: cohen_kappa takes exactly two coders")
                continue
            measure = MEASURES[name]
            low, high = _interval(units, measure, resamples, confidence, seed)
            rows.append(
                {
                    "depth": depth,
                    "measure": name,
                    "value": _none(measure(units, None)),
                    "low": _none(low),
                    "high": _none(high),
                    "units": len(units),
                    "coders": len(units.coders),
                }
            )
    return pa.Table.from_pylist(rows, schema=_SCHEMA)


def intra_rater(
    first: Mapping[str, str | None],
    second: Mapping[str, str | None],
    **options: object,
) -> pa.Table:
    """One coder's agreement with themself on two occasions (options as :func:`agreement`)."""
    return agreement({"first": first, "second": second}, **options)  # type: ignore[arg-type]


def criterion_validity(codings: Codings, reference: str, **options: object) -> pa.Table:
    """Each coder's agreement with a reference coder, one block of rows per coder.

    Returns the columns of :func:`agreement` after a ``coder`` column.
    """
    if reference not in codings:
        msg = f"criterion_validity: no coder {reference!r} among {', '.join(codings)}"
        raise ModelError(msg)
    tables = []
    for coder in codings:
        if coder == reference:
            continue
        pair = {reference: codings[reference], coder: codings[coder]}
        table = agreement(pair, **options)  # type: ignore[arg-type]
        tables.append(table.add_column(0, "coder", pa.array([coder] * table.num_rows)))
    if not tables:
        raise ModelError("criterion_validity: no coder besides the reference")
    return pa.concat_tables(tables)


def codings_from_reviews(reviews: Mapping[str, Review], coded: Coded) -> dict[str, dict[str, str]]:
    """The codings several coders' versions of one review hold.

    Args:
        reviews: for each coder, their version of the review (entities share ids).
        coded: ``"factor_category"`` (factors into taxonomy codes), ``"finding_pattern"``
            (each finding's primary pattern), ``"finding_patterns"`` (all of a finding's
            patterns as one code, ``"human_reasoning+family_professional"`` in the
            vocabulary's order: coders agree on a finding when they give it the same set) or
            ``"episode_appraisal"``.

    >>> import systemsreview as sr
    >>> review = sr.examples.hidden_child_review()
    >>> [f for f in codings_from_reviews({"ann": review}, "finding_patterns")["ann"].values()
    ...  if "+" in f]
    ['human_reasoning+family_professional', 'incidents_and_crises+longer_term_work']
    """
    pick: dict[str, Callable[[Review], dict[str, str]]] = {
        "factor_category": lambda r: {f.id: f.category for f in r.factors},
        "finding_pattern": lambda r: {f.id: f.pattern.value for f in r.findings},
        "finding_patterns": lambda r: {f.id: _pattern_set(f) for f in r.findings},
        "episode_appraisal": lambda r: {e.id: e.appraisal.value for e in r.episodes},
    }
    if coded not in pick:
        msg = f"codings_from_reviews: coded must be one of {', '.join(map(repr, CODED))}"
        raise ModelError(msg)
    return {coder: pick[coded](review) for coder, review in reviews.items()}


def _pattern_set(finding: Finding) -> str:
    """A finding's patterns as one nominal code, the same whatever order they were given in."""
    return "+".join(p.value for p in Pattern if p in finding.patterns)


def disagreements(codings: Codings) -> pa.Table:
    """The units coders coded differently, with every coder's code.

    Returns columns ``unit``, ``coder`` and ``code``, in unit order then coder order.
    """
    units = prepare(codings)
    rows = [
        {"unit": unit, "coder": coder, "code": code}
        for unit, counts, codes in zip(units.ids, units.counts, units.codes, strict=True)
        if len(counts) > 1
        for coder, code in zip(units.coders, codes, strict=True)
    ]
    schema = pa.schema([("unit", pa.string()), ("coder", pa.string()), ("code", pa.string())])
    return pa.Table.from_pylist(rows, schema=schema)
