"""Strategies for a finding's patterns and sub-patterns, and for episodes' perspectives.

:func:`pattern_sets` draws what a :class:`~systemsreview.model.Finding` accepts: a primary
pattern, up to two others, and up to two sub-patterns refining one of those patterns.
:func:`perspectives` draws an episode's per-agency views, each agency at most once, with
every :class:`~systemsreview.model.ViewStatus` (a view is written whenever it is given).
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from systemsreview.model import SUB_PATTERNS, Pattern, Perspective, Sensitivity, ViewStatus
from systemsreview.strategies._text import texts

__all__ = ["PatternSet", "pattern_sets", "perspectives", "subs_of"]

#: A finding's ``(pattern, other_patterns, sub_patterns)``.
PatternSet = tuple[Pattern, tuple[Pattern, ...], tuple[str, ...]]


def subs_of(patterns: Sequence[Pattern]) -> list[str]:
    """The ids of the sub-patterns refining one of ``patterns``, in catalogue order."""
    return [s.id for s in SUB_PATTERNS.values() if s.pattern in patterns]


@st.composite
def pattern_sets(draw: st.DrawFn) -> PatternSet:
    """A primary pattern, up to two other patterns and up to two fitting sub-patterns."""
    pattern = draw(st.sampled_from(Pattern))
    rest = [p for p in Pattern if p is not pattern]
    others = tuple(draw(st.lists(st.sampled_from(rest), max_size=2, unique=True)))
    fitting = subs_of([pattern, *others])
    subs = tuple(draw(st.lists(st.sampled_from(fitting), max_size=2, unique=True)))
    return pattern, others, subs


def _perspective(agency_id: str) -> st.SearchStrategy[Perspective]:
    sensitivities = st.sampled_from(Sensitivity)
    given = st.builds(
        Perspective, agency_id=st.just(agency_id), view=texts(), sensitivity=sensitivities
    )
    missing = st.builds(
        Perspective,
        agency_id=st.just(agency_id),
        view=texts() | st.just(""),
        status=st.sampled_from([ViewStatus.UNKNOWN, ViewStatus.NOT_RECORDED]),
        sensitivity=sensitivities,
    )
    return given | missing


def perspectives(agency_ids: Sequence[str]) -> st.SearchStrategy[tuple[Perspective, ...]]:
    """Views of some of ``agency_ids`` (each at most once), in the order drawn."""
    if not agency_ids:
        return st.just(())
    chosen = st.lists(st.sampled_from(list(agency_ids)), max_size=3, unique=True)
    return chosen.flatmap(lambda ids: st.tuples(*(_perspective(i) for i in ids)))
