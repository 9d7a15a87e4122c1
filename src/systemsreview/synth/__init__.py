"""A fast, seeded generator of realistic synthetic reviews, for benchmarks and demos.

Pure ``random.Random(seed)``, no Hypothesis: the same seed always gives the same review,
and every review it makes passes :func:`systemsreview.rules.check` with no violation at
all, warnings included (unless ``lapses=True`` asks for the statutory process lapses real
chronologies show). A review holds a few hundred entities; a corpus is a lazy iterator
over as many reviews as asked, decided over the years 2012-2024, in which patterns and
factor categories have skewed prevalence that drifts from year to year and come together
(a pattern brings its typical factor categories), so corpus analyses have something to find.

>>> from systemsreview import synth
>>> reviews = list(synth.corpus(3, seed=1))
>>> [r.id for r in reviews]
['synth-1-000000', 'synth-1-000001', 'synth-1-000002']
>>> list(synth.corpus(3, seed=1)) == reviews
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from systemsreview.errors import ModelError
from systemsreview.model import IncidentKind, Period, Review, ReviewKind
from systemsreview.synth._case import draw_case
from systemsreview.synth._review import FIRST_YEAR, LAST_YEAR, review

__all__ = ["FIRST_YEAR", "LAST_YEAR", "cases", "corpus", "review"]


def corpus(n: int, seed: int = 0, *, lapses: bool = False) -> Iterator[Review]:
    """``n`` synthetic reviews, made one at a time as they are consumed.

    Review ``i`` is ``review(s_i, id=f"synth-{seed}-{i:06d}", lapses=lapses)`` where the
    seeds ``s_i`` come from ``random.Random(seed)``, so a corpus is reproducible and its
    first reviews do not depend on ``n``.

    Args:
        n: how many reviews.
        seed: the seed of the corpus.
        lapses: let a few chronologies break the statutory process rules (SR306, SR307)
            as real ones do; see :func:`review`.

    Raises:
        ModelError: when ``n`` is negative (a ``ValueError``).
    """
    if n < 0:
        msg = f"corpus: got n={n}; expected a number of reviews >= 0"
        raise ModelError(msg)
    seeds = random.Random(seed)
    for i in range(n):
        yield review(seeds.getrandbits(63), id=f"synth-{seed}-{i:06d}", lapses=lapses)


def cases(n: int, seed: int = 0) -> Iterator[Review]:
    """``n`` rapid reviews holding only their case, for Panel-style analyses at scale.

    Each review has a scope, a harm type (two deaths to three serious harms), milestones
    and the case :func:`corpus` draws (one child, a mother and sometimes a father figure,
    characteristics at the Panel's published shares; see ``systemsreview.synth._case``),
    and nothing else: no chronology, episodes or findings, so the content rules (SR4xx)
    report their absence. A thousand take a fraction of a second.

    >>> [r.subjects[0].id for r in cases(2, seed=1)]
    ['child-1', 'child-1']

    Raises:
        ModelError: when ``n`` is negative.
    """
    if n < 0:
        msg = f"cases: got n={n}; expected a number of reviews >= 0"
        raise ModelError(msg)
    rng = random.Random(seed)
    for i in range(n):
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        start = dt.date(year - 1, rng.randint(1, 12), 1)
        end = start + dt.timedelta(days=rng.randint(30, 300))
        notified = end + dt.timedelta(days=rng.randint(0, 20))
        incident = IncidentKind.DEATH if rng.random() < 0.4 else IncidentKind.SERIOUS_HARM
        case = draw_case(rng, incident, notified, [])
        yield Review(
            id=f"case-{seed}-{i:06d}",
            title="Rapid review",
            kind=ReviewKind.RAPID_REVIEW,
            scope=Period(start, end),
            incident=incident,
            characteristics=tuple(case.characteristics),
            aware=case.aware,
            notified=notified,
            decided=notified + dt.timedelta(days=rng.randint(1, 20)),
            subjects=tuple(case.subjects),
            family=tuple(case.family),
            links=tuple(case.links),
        )
