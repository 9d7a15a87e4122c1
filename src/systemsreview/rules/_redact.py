"""The publishable version of a review: :func:`redact`."""

from __future__ import annotations

import attrs

from systemsreview.model import Review, Sensitivity

__all__ = ["redact"]


def redact(review: Review) -> Review:
    """The review without its restricted entities and every link that touches one.

    Events and sources marked :attr:`~systemsreview.model.Sensitivity.RESTRICTED` are
    dropped (with any event or source sharing their id), together with each link whose
    source or target has a restricted entity's id;
    everything else (findings and their board questions included) is kept, in order. No
    text of a restricted entity survives in the result.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> public = redact(review)
    >>> [s.id for s in review.sources if s not in public.sources]
    ['s-police-records', 's-csc-records']
    >>> public.findings == review.findings
    True
    >>> len(review.links) - len(public.links)
    15
    """
    restricted = {e.id for e in review.events if e.sensitivity is Sensitivity.RESTRICTED}
    restricted |= {s.id for s in review.sources if s.sensitivity is Sensitivity.RESTRICTED}
    if not restricted:
        return review
    links = tuple(
        link
        for link in review.links
        if link.source not in restricted and link.target not in restricted
    )
    return attrs.evolve(
        review,
        events=tuple(e for e in review.events if e.id not in restricted),
        sources=tuple(s for s in review.sources if s.id not in restricted),
        links=links,
    )
