"""The agreement measures, computed from per-unit code counts so resampling is cheap.

Every measure here is a function of the units' code counts (how many coders gave each code
to each unit), weighted by how often each unit is drawn: 1 for every unit in a plain
estimate, a bootstrap draw's multiplicities in a resample. Pure Python: the sums are
small, and keeping NumPy, SciPy and statsmodels out of the core lets the tests use the
``krippendorff`` package and ``statsmodels`` as independent oracles.

Formulas (nominal data):

* percent agreement: agreeing pairs of codes over all pairs, over units with two or more
  codes (for two coders, the share of units both coded alike);
* Cohen's kappa (Cohen 1960): two coders, units coded by both;
  ``(p_o - p_e) / (1 - p_e)`` with ``p_e`` from each coder's own marginals;
* Fleiss' kappa (Fleiss 1971): units coded by every coder; chance from the pooled
  marginals;
* Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"):
  any units with two or more codes, missing values allowed;
  ``1 - (n - 1) * sum_u D_u / (n**2 - sum_c n_c**2)`` with ``D_u = (m_u**2 - sum_c
  n_uc**2) / (m_u - 1)``, the coincidence-matrix form.

A measure whose chance agreement is total (every code the same) is undefined: ``nan``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from systemsreview.errors import ModelError

__all__ = [
    "Codings",
    "Units",
    "cohen_kappa",
    "fleiss_kappa",
    "krippendorff_alpha",
    "percent_agreement",
    "prepare",
]

#: Codings: for each coder, the code they gave each unit (``None`` or absent: not coded).
Codings = Mapping[str, Mapping[str, str | None]]


@attrs.frozen
class Units:
    """The units two or more coders coded: their codes per coder, and their counts."""

    coders: tuple[str, ...]
    ids: tuple[str, ...]
    codes: tuple[tuple[str | None, ...], ...]  # per unit, one per coder (None: missing)
    counts: tuple[Counter[str], ...]

    def __len__(self) -> int:
        return len(self.ids)


def prepare(codings: Codings, what: str = "codings") -> Units:
    """Check ``codings`` and keep the units at least two coders coded, in a stable order.

    Raises:
        ModelError: ``codings`` is not a mapping of coder -> {unit: code}, or has fewer
            than two coders; the message names the coder and unit at fault.
    """
    if not isinstance(codings, Mapping):
        raise ModelError(f"{what}: expected a mapping of coder -> {{unit: code}}")
    coders = tuple(codings)
    if len(coders) < 2:
        raise ModelError(f"{what}: agreement needs two coders or more, got {len(coders)}")
    units: dict[str, None] = {}
    for coder in coders:
        if not isinstance(coder, str) or not coder:
            raise ModelError(f"{what}: coder {coder!r} is not a non-empty string")
        coded = codings[coder]
        if not isinstance(coded, Mapping):
            raise ModelError(f"{what}: coder {coder!r}: expected a mapping of unit -> code")
        for unit, code in coded.items():
            if not isinstance(unit, str):
                raise ModelError(f"{what}: coder {coder!r}: unit {unit!r} is not a string")
            if code is not None and not isinstance(code, str):
                msg = f"{what}: coder {coder!r}, unit {unit!r}: code {code!r} is not a string"
                raise ModelError(f"{msg} (use None for a unit not coded)")
            units.setdefault(unit, None)
    ids, codes, counts = [], [], []
    for unit in sorted(units):
        row = tuple(codings[c].get(unit) for c in coders)
        given = Counter(code for code in row if code is not None)
        if sum(given.values()) >= 2:
            ids.append(unit)
            codes.append(row)
            counts.append(given)
    return Units(coders, tuple(ids), tuple(codes), tuple(counts))


def _weights(units: Units, weights: Sequence[int] | None) -> Sequence[int]:
    return [1] * len(units) if weights is None else weights


def weighted_percent(units: Units, weights: Sequence[int] | None = None) -> float:
    """Percent agreement (0 to 1) over ``units``, each counted ``weights[i]`` times."""
    agree = pairs = 0
    for w, counts in zip(_weights(units, weights), units.counts, strict=True):
        if w:
            m = sum(counts.values())
            agree += w * sum(n * (n - 1) for n in counts.values())
            pairs += w * m * (m - 1)
    return agree / pairs if pairs else math.nan


def weighted_cohen(units: Units, weights: Sequence[int] | None = None) -> float:
    """Cohen's kappa of the two coders of ``units`` (units both coded)."""
    n = agree = 0
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for w, (a, b) in zip(_weights(units, weights), units.codes, strict=True):
        if w and a is not None and b is not None:
            n += w
            agree += w * (a == b)
            first[a] += w
            second[b] += w
    if not n:
        return math.nan
    p_o = agree / n
    p_e = sum(first[c] * second[c] for c in first) / (n * n)
    return (p_o - p_e) / (1 - p_e) if p_e < 1 else math.nan


def weighted_fleiss(units: Units, weights: Sequence[int] | None = None) -> float:
    """Fleiss' kappa over the units every coder coded."""
    m = len(units.coders)
    total = 0
    p_sum = 0.0
    pooled: Counter[str] = Counter()
    for w, counts in zip(_weights(units, weights), units.counts, strict=True):
        if w and sum(counts.values()) == m:
            total += w
            p_sum += w * (sum(n * n for n in counts.values()) - m) / (m * (m - 1))
            for code, n in counts.items():
                pooled[code] += w * n
    if not total:
        return math.nan
    p_bar = p_sum / total
    p_e = sum((n / (total * m)) ** 2 for n in pooled.values())
    return (p_bar - p_e) / (1 - p_e) if p_e < 1 else math.nan


def weighted_alpha(units: Units, weights: Sequence[int] | None = None) -> float:
    """Krippendorff's alpha (nominal) over ``units``, missing values allowed."""
    disagreement = 0.0
    totals: Counter[str] = Counter()
    for w, counts in zip(_weights(units, weights), units.counts, strict=True):
        if w:
            m = sum(counts.values())
            disagreement += w * (m * m - sum(n * n for n in counts.values())) / (m - 1)
            for code, n in counts.items():
                totals[code] += w * n
    n_all = sum(totals.values())
    expected = n_all * n_all - sum(n * n for n in totals.values())
    return 1 - (n_all - 1) * disagreement / expected if expected else math.nan


def percent_agreement(codings: Codings) -> float:
    """The share of pairs of codes given to one unit by two coders that agree (0 to 1).

    >>> percent_agreement({"ann": {"u1": "a", "u2": "b"}, "bob": {"u1": "a", "u2": "a"}})
    0.5
    """
    return weighted_percent(prepare(codings))


def cohen_kappa(codings: Codings) -> float:
    """Cohen's kappa of exactly two coders, over the units both coded.

    >>> round(cohen_kappa({"ann": {"1": "a", "2": "b", "3": "b"},
    ...                    "bob": {"1": "a", "2": "b", "3": "a"}}), 3)
    0.4

    Raises:
        ModelError: there are not exactly two coders (use :func:`fleiss_kappa` or
            :func:`krippendorff_alpha` for more).
    """
    units = prepare(codings)
    if len(units.coders) != 2:
        msg = f"cohen_kappa: takes exactly two coders, got {len(units.coders)}"
        raise ModelError(f"{msg}; use fleiss_kappa or krippendorff_alpha for more")
    return weighted_cohen(units)


def fleiss_kappa(codings: Codings) -> float:
    """Fleiss' kappa of two or more coders, over the units every coder coded."""
    return weighted_fleiss(prepare(codings))


def krippendorff_alpha(codings: Codings) -> float:
    """Krippendorff's alpha for nominal codes, missing values allowed.

    The reliability data of Krippendorff (2011), four observers and twelve units:

    >>> data = {
    ...     "A": "1 2 3 3 2 1 4 1 2 . . .",
    ...     "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    ...     "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    ...     "D": "1 2 3 3 2 4 4 1 2 5 1 .",
    ... }
    >>> codings = {
    ...     coder: {f"u{i}": v for i, v in enumerate(row.split()) if v != "."}
    ...     for coder, row in data.items()
    ... }
    >>> round(krippendorff_alpha(codings), 3)
    0.743
    """
    return weighted_alpha(prepare(codings))
