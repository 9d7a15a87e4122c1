"""The review's context in generated reviews, and the provenance of its evidence links.

Methods, terms of reference, the incident day, a delay's reason, parallel proceedings,
related reviews and the team. Two forms, as elsewhere: Hypothesis strategies for
:func:`arbitrary_reviews` (anything the constructors accept) and drawing functions over
:class:`Choices` for :func:`reviews` (sound values, consistent with the milestones so that
SR303 holds).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from hypothesis import strategies as st

from systemsreview.model import (
    Link,
    LinkKind,
    Method,
    Proceeding,
    ProceedingKind,
    ProceedingStatus,
    RelatedReview,
    Reviewer,
    ReviewerRole,
    ReviewRelation,
)
from systemsreview.strategies._choices import Choices
from systemsreview.strategies._text import any_text, non_blank

__all__ = [
    "Context",
    "any_methods",
    "any_proceedings",
    "any_related",
    "any_reviewers",
    "draw_context",
    "with_provenance",
]

_TEXT, _NAME = any_text(), non_blank()
_FACET = st.none() | st.booleans()


def any_methods() -> st.SearchStrategy[tuple[Method, ...]]:
    """One or more methods, each once."""
    return st.lists(st.sampled_from(Method), min_size=1, max_size=3, unique=True).map(tuple)


def any_reviewers(ids: st.SearchStrategy[str]) -> st.SearchStrategy[Reviewer]:
    """Any member of a review team: any role and wording, any facets (or none recorded)."""
    return st.builds(
        Reviewer,
        role=st.sampled_from(ReviewerRole),
        role_text=_TEXT,
        organisation=_TEXT,
        independent_of_case=_FACET,
        independent_of_agencies=_FACET,
        independent_of_board=_FACET,
        lead=st.booleans(),
        agency_id=st.none() | ids,
    )


def any_proceedings() -> st.SearchStrategy[Proceeding]:
    """Any parallel proceeding."""
    return st.builds(
        Proceeding,
        st.sampled_from(ProceedingKind),
        status=st.sampled_from(ProceedingStatus),
        note=_TEXT,
    )


def any_related(ids: st.SearchStrategy[str]) -> st.SearchStrategy[RelatedReview]:
    """Any related review, named by its id, its title or both."""
    named = st.one_of(
        st.tuples(ids, st.just("") | _NAME),
        st.tuples(st.just(""), _NAME),
    )
    return st.builds(
        lambda relation, pair, note: RelatedReview(
            relation, review_id=pair[0], title=pair[1], note=note
        ),
        st.sampled_from(ReviewRelation),
        named,
        _TEXT,
    )


_TERMS = (
    "How agencies shared information about the family",
    "Whether the children's views were sought and heard",
    "How domestic abuse was recognised and assessed",
    "How practitioners were supported and supervised",
    "What helped practitioners to work well",
)
_DELAYS = (
    "The criminal trial had to conclude first",
    "The lead reviewer was replaced part way through",
    "The family asked for more time to take part",
)
_OTHER_TITLES = (
    "Serious case review: Child B (2016)",
    "Domestic homicide review: Adult D",
    "Rapid review of the same incident",
)
_LOCATORS = ("para 4.12", "p. 31", "chronology entry 57", "section 3", "appendix B")
_QUOTES = (
    "",
    "No one asked the children how things were at home.",
    "The visit was recorded as a first home visit.",
)
_OTHER_METHODS = tuple(m for m in Method if m is not Method.OTHER)
_PROCEEDING_KINDS, _STATUSES = tuple(ProceedingKind), tuple(ProceedingStatus)
_RELATIONS = tuple(ReviewRelation)


class Context(NamedTuple):
    """The context fields of a generated review."""

    methods: tuple[Method, ...]
    terms_of_reference: tuple[str, ...]
    incident_on: dt.date | None
    delay_reason: str
    parallel_proceedings: tuple[Proceeding, ...]
    related: tuple[RelatedReview, ...]


def draw_context(
    c: Choices, main: Method, aware: dt.date | None, notified: dt.date, *, late: bool
) -> Context:
    """Sound context fields of a review.

    The incident day comes on or before ``aware`` (or ``notified``), so SR303 holds; a
    delay's reason is given only for a review that may be ``late``.
    """
    c.start(16)
    others = [m for m in _OTHER_METHODS if m is not main]
    methods = (main, *c.some(others, 2))
    terms = tuple(c.some(_TERMS, 3))
    first = aware or notified
    incident_on = first - dt.timedelta(days=c.below(30)) if c.chance() else None
    delay = c.pick(_DELAYS) if late and c.chance() else ""
    proceedings = tuple(
        Proceeding(c.pick(_PROCEEDING_KINDS), status=c.pick(_STATUSES)) for _ in range(c.below(3))
    )
    related = tuple(
        RelatedReview(
            c.pick(_RELATIONS),
            review_id=f"review-{c.between(1, 9999)}-earlier" if c.chance() else "",
            title=c.pick(_OTHER_TITLES),
        )
        for _ in range(c.below(3))
    )
    return Context(methods, terms, incident_on, delay, proceedings, related)


def with_provenance(c: Choices, links: list[Link]) -> list[Link]:
    """The links, some evidence links given a locator and a quote."""
    out = []
    for link in links:
        if link.kind is LinkKind.EVIDENCED_BY:
            c.start(2)
            if c.chance():
                out.append(
                    Link(
                        link.source,
                        link.target,
                        link.kind,
                        note=link.note,
                        locator=c.pick(_LOCATORS),
                        quote=c.pick(_QUOTES),
                        extensions=link.extensions,
                    )
                )
                continue
        out.append(link)
    return out
