"""The publishable version of a review: :func:`redact`."""

from __future__ import annotations

import attrs

from systemsreview.model import EntityKind, Ethnicity, Review, Sensitivity, Sex, Subject
from systemsreview.rules._extensions import registered_extensions, strip_restricted

__all__ = ["anonymise_subject", "redact", "redact_context"]


def redact(review: Review) -> Review:
    """The review without its restricted entities and every link that touches one.

    Fields of registered extensions marked restricted
    (:func:`~systemsreview.extensions.register_extension`) are removed from every entity,
    link and the review; extension data of unregistered extensions is kept as it is.
    Events and sources marked :attr:`~systemsreview.model.Sensitivity.RESTRICTED` are
    dropped (with any event or source sharing their id), together with each link whose
    source or target has a restricted entity's id;
    everything else (findings, their board questions, the board's responses and the
    actions included) is kept, in order. No
    text of a restricted entity survives in the result.

    The case is kept for learning, generalised (:func:`anonymise_subject`): a subject's
    sex, ethnicity and disability are removed (set to not known, not recorded and
    ``False``), since with an age band, a place and a date they can single a child out;
    the age band, statuses, schooling and characteristics stay, as the Panel publishes
    them. The ``aware`` day is kept: it is the local authority's, not the family's.

    The review's context is kept as types, its free text removed (:func:`redact_context`):
    the incident day goes (with a place it dates the family's harm), and so do the reason
    for a delay and the notes on parallel proceedings and related reviews, which name
    courts, trials and families; the kinds and statuses of proceedings, the relations,
    ids and titles of related reviews (published reports' own) and the terms of reference
    stay. A link's quote goes with the link when its source is restricted.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> public = redact(review)
    >>> [s.id for s in review.sources if s not in public.sources]
    ['s-police-records', 's-csc-records']
    >>> public.findings == review.findings
    True
    >>> len(review.links) - len(public.links)
    15
    >>> {(s.sex.value, s.ethnicity.value) for s in public.subjects}
    {('not_known', 'not_recorded')}
    """
    review = redact_context(_strip_extensions(review))
    subjects = tuple(map(anonymise_subject, review.subjects))
    if subjects != review.subjects:
        review = attrs.evolve(review, subjects=subjects)
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


def redact_context(review: Review) -> Review:
    """``review`` without its incident day and the free text of its context (or itself)."""
    proceedings = tuple(attrs.evolve(p, note="") for p in review.parallel_proceedings)
    related = tuple(attrs.evolve(r, note="") for r in review.related)
    plain = attrs.evolve(
        review,
        incident_on=None,
        delay_reason="",
        parallel_proceedings=proceedings,
        related=related,
    )
    return review if plain == review else plain


def anonymise_subject(subject: Subject) -> Subject:
    """``subject`` without sex, ethnicity and disability (itself if none was recorded)."""
    plain = attrs.evolve(
        subject, sex=Sex.NOT_KNOWN, ethnicity=Ethnicity.NOT_RECORDED, disability=False
    )
    return subject if plain == subject else plain


def _strip_extensions(review: Review) -> Review:
    """The review without restricted fields of registered extensions (itself if none)."""
    if not any(e.restricted for e in registered_extensions().values()):
        return review
    changes: dict[str, object] = {}
    for kind in EntityKind:
        entities = review.of_kind(kind)
        stripped = tuple(map(strip_restricted, entities))
        if any(a is not b for a, b in zip(stripped, entities, strict=True)):
            changes[kind.plural] = stripped
    links = tuple(map(strip_restricted, review.links))
    if any(a is not b for a, b in zip(links, review.links, strict=True)):
        changes["links"] = links
    review = strip_restricted(review)
    return attrs.evolve(review, **changes) if changes else review  # type: ignore[arg-type]
