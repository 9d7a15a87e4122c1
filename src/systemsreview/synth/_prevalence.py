"""How common each pattern and factor category is, by year: skewed, drifting, co-occurring.

Patterns follow :data:`~systemsreview.synth._texts.PATTERN_TREND`: a base weight and a
log-linear slope over the years, so some patterns grow more common and others rarer.
Factor categories (the leaf codes of Learning Together at each level) get a fixed, seeded
Zipf-like skew and a drift of their own; a category that goes with a pattern found in the
review (:data:`~systemsreview.synth._texts.PATTERN_AFFINITY`) is ``BOOST`` times likelier.
"""

from __future__ import annotations

import math
import random

from systemsreview.model import LEARNING_TOGETHER, Level, Pattern
from systemsreview.synth import _texts as tx

__all__ = ["BOOST", "FIRST_YEAR", "LAST_YEAR", "categories", "patterns"]

FIRST_YEAR, LAST_YEAR = 2012, 2024

#: Codes added to the taxonomy after the generator's weights were set (issue 14). They are
#: left out, so that adding codes leaves every seeded synthetic corpus exactly as it was.
_LATER = frozenset(
    {
        "frontline.family.disguised_compliance",
        "frontline.personal.training",
        "frontline.team.management_oversight",
        "local_strategic.management_oversight",
        "local_strategic.training",
    }
)
_CODES: dict[Level, list[str]] = {level: [] for level in Level}
for _code in LEARNING_TOGETHER.values():
    if not LEARNING_TOGETHER.children(_code.code) and _code.code not in _LATER:
        _CODES[_code.level].append(_code.code)
# A fixed, seeded skew: a few categories are common, most are rare; each drifts over time.
_skew = random.Random(2008)
_CATEGORY_WEIGHT = {
    code: (1.0 / (rank + 1), _skew.uniform(-1.2, 1.2))
    for codes in _CODES.values()
    for rank, code in enumerate(_skew.sample(codes, len(codes)))
}
BOOST = 10.0  # how much likelier a category is when a pattern it goes with is found


def _when(year: int) -> float:
    """Where a year sits in the generator's span, from -1 (first) to 1 (last)."""
    return 2 * (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR) - 1


def patterns(rng: random.Random, year: int, count: int) -> list[Pattern]:
    """``count`` patterns drawn with the weights of ``year`` (repeats allowed)."""
    t = _when(year)
    names = list(tx.PATTERN_TREND)
    weights = [base * math.exp(slope * t) for base, slope in tx.PATTERN_TREND.values()]
    return rng.choices(names, weights, k=count)


def categories(rng: random.Random, level: Level, year: int, boost: set[str], k: int) -> list[str]:
    """``k`` factor categories at ``level``, weighted for ``year``, ``boost`` ones likelier."""
    t = _when(year)
    codes = _CODES[level]
    weights = [
        _CATEGORY_WEIGHT[c][0]
        * math.exp(_CATEGORY_WEIGHT[c][1] * t)
        * (BOOST if c in boost else 1.0)
        for c in codes
    ]
    return rng.choices(codes, weights, k=k)
