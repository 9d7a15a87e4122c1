"""The national practice themes a review's findings speak to, through the pattern crosswalk.

>>> import systemsreview as sr
>>> review = sr.examples.domestic_abuse_review()
>>> for theme, findings in sr.query.practice_themes(review).items():
...     print(theme, findings)
child_daily_life ('finding-voice-of-child',)
reluctant_engagement ('finding-voice-of-child',)
"""

from __future__ import annotations

from systemsreview.errors import ModelError
from systemsreview.model import (
    PRACTICE_THEMES,
    SUB_PATTERNS,
    SUB_PATTERNS_EXTENSION,
    Finding,
    Review,
    themes_of,
)

__all__ = ["practice_themes"]


def _sub_patterns(finding: Finding) -> tuple[str, ...]:
    value = finding.extensions.get(SUB_PATTERNS_EXTENSION)
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        msg = (
            f"finding {finding.id!r}: extension {SUB_PATTERNS_EXTENSION!r} is {value!r}; "
            "expected a list of sub-pattern ids"
        )
        raise ModelError(msg)
    unknown = [i for i in items if i not in SUB_PATTERNS]
    if unknown:
        msg = (
            f"finding {finding.id!r}: {SUB_PATTERNS_EXTENSION!r} names unknown sub-pattern(s) "
            f"{', '.join(map(repr, unknown))}; known: {', '.join(SUB_PATTERNS)}"
        )
        raise ModelError(msg)
    return tuple(items)


def practice_themes(review: Review, *, sub_patterns: bool = False) -> dict[str, tuple[str, ...]]:
    """The national practice themes the review's findings speak to, with those findings.

    Each finding's ``pattern`` is read through :data:`~systemsreview.model.PATTERN_THEMES`.
    With ``sub_patterns=True``, a finding that lists sub-patterns in its extensions under
    :data:`~systemsreview.model.SUB_PATTERNS_EXTENSION` speaks to their themes instead
    (the sub-patterns' own, or their pattern's).

    Returns:
        Theme id -> the ids of the findings that speak to it (in the review's order), for
        the themes some finding speaks to, in the order of
        :data:`~systemsreview.model.PRACTICE_THEMES`.

    Raises:
        ModelError: with ``sub_patterns=True``, for a sub-pattern extension that is not a
            list of known sub-pattern ids, or a sub-pattern of another pattern than the
            finding's.
    """
    found: dict[str, list[str]] = {}
    for finding in review.findings:
        subs = _sub_patterns(finding) if sub_patterns else ()
        try:
            themes = (
                [t for s in subs for t in themes_of(finding.pattern, s)]
                if subs
                else list(themes_of(finding.pattern))
            )
        except ModelError as error:
            msg = f"finding {finding.id!r}: {error}"
            raise ModelError(msg) from None
        for theme in themes:
            ids = found.setdefault(theme.id, [])
            if finding.id not in ids:
                ids.append(finding.id)
    return {t: tuple(found[t]) for t in PRACTICE_THEMES if t in found}
