"""The national practice themes a review's findings speak to, through the pattern crosswalk.

>>> import systemsreview as sr
>>> review = sr.examples.domestic_abuse_review()
>>> for theme, findings in sr.query.practice_themes(review).items():
...     print(theme, findings)
child_daily_life ('finding-voice-of-child',)
reluctant_engagement ('finding-voice-of-child',)
"""

from __future__ import annotations

from systemsreview.model import (
    PRACTICE_THEMES,
    SUB_PATTERNS,
    Finding,
    PracticeTheme,
    Review,
    themes_of,
)

__all__ = ["practice_themes"]


def _themes(finding: Finding, sub_patterns: bool) -> list[PracticeTheme]:
    """The themes of every pattern of the finding; with ``sub_patterns``, through them."""
    themes: list[PracticeTheme] = []
    for pattern in finding.patterns:
        subs = [s for s in finding.sub_patterns if SUB_PATTERNS[s].pattern is pattern]
        if sub_patterns and subs:
            themes += [t for s in subs for t in themes_of(pattern, s)]
        else:
            themes += themes_of(pattern)
    return themes


def practice_themes(review: Review, *, sub_patterns: bool = False) -> dict[str, tuple[str, ...]]:
    """The national practice themes the review's findings speak to, with those findings.

    Every pattern of a finding (its ``pattern`` and its ``other_patterns``) is read through
    :data:`~systemsreview.model.PATTERN_THEMES`. With ``sub_patterns=True``, a pattern the
    finding refines with sub-patterns (``Finding.sub_patterns``) speaks to their themes
    instead (the sub-patterns' own, or their pattern's).

    Returns:
        Theme id -> the ids of the findings that speak to it (in the review's order), for
        the themes some finding speaks to, in the order of
        :data:`~systemsreview.model.PRACTICE_THEMES`.
    """
    found: dict[str, list[str]] = {}
    for finding in review.findings:
        for theme in _themes(finding, sub_patterns):
            ids = found.setdefault(theme.id, [])
            if finding.id not in ids:
                ids.append(finding.id)
    return {t: tuple(found[t]) for t in PRACTICE_THEMES if t in found}
