"""The patterns of a synthetic review's findings: a second pattern and sub-patterns.

Drawn from a random generator of its own (seeded from the review's seed), so the rest of
the review is the same as before these existed. A finding statement of the phrase bank
comes with the patterns it often also rests on and the Learning Together sub-patterns it
names (:data:`~systemsreview.synth._texts.FINDING_THEMES`): about :data:`SUB_PATTERN_SHARE`
of findings name one or two of those sub-patterns, and about :data:`SECOND_PATTERN_SHARE`
rest on a second pattern. Valid by construction: a sub-pattern refining another pattern
than the finding's own brings that pattern into ``other_patterns``, so every sub-pattern
refines one of the finding's patterns, and no pattern appears twice.
"""

from __future__ import annotations

import random

import attrs

from systemsreview.model import SUB_PATTERNS, Finding, Pattern, Review
from systemsreview.synth import _texts as tx

__all__ = ["SECOND_PATTERN_SHARE", "SUB_PATTERN_SHARE", "with_patterns"]

#: About this share of findings rest on a second pattern (some of them through a sub-pattern).
SECOND_PATTERN_SHARE = 0.3
#: About this share of findings name Learning Together sub-patterns.
SUB_PATTERN_SHARE = 0.4
#: How often a finding draws a second pattern of its own; a sub-pattern refining another
#: pattern brings that one too, which makes up the rest of SECOND_PATTERN_SHARE.
_SECOND = 0.2


def _statement(finding: Finding) -> str:
    """The phrase-bank statement of a finding (a repeat in one review carries `` (n)``)."""
    text = finding.statement
    if text not in tx.FINDING_THEMES and text.endswith(")"):
        text = text.rpartition(" (")[0]
    return text


def _patterned(rng: random.Random, finding: Finding) -> Finding:
    others, subs = tx.FINDING_THEMES.get(_statement(finding), ((), ()))
    second = rng.random() < _SECOND  # sub-patterns bring the rest of the share
    named = rng.random() < SUB_PATTERN_SHARE
    chosen = sorted(rng.sample(subs, rng.randint(1, len(subs)))) if named and subs else []
    needed = {SUB_PATTERNS[s].pattern for s in chosen} - {finding.pattern}
    if second and others:
        needed.add(rng.choice(others))
    if not needed and not chosen:
        return finding
    return attrs.evolve(
        finding,
        other_patterns=tuple(p for p in Pattern if p in needed),
        sub_patterns=tuple(chosen),
    )


def with_patterns(review: Review, seed: int) -> Review:
    """``review`` with some findings given a second pattern and Learning Together sub-patterns."""
    rng = random.Random(f"patterns-{seed}")
    findings = tuple(_patterned(rng, f) for f in review.findings)
    return attrs.evolve(review, findings=findings)
