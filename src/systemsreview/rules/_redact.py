"""The publishable version of a review: :func:`redact`."""

from __future__ import annotations

import datetime as dt

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import (
    DatePrecision,
    EntityKind,
    Ethnicity,
    Period,
    Review,
    Sensitivity,
    Sex,
    Subject,
)
from systemsreview.model._dates import normalised, to_precision
from systemsreview.rules._extensions import registered_extensions, strip_restricted

__all__ = ["anonymise_subject", "coarsen_dates", "redact", "redact_context"]


def redact(review: Review, *, dates: DatePrecision | str | None = None) -> Review:
    """The review without its restricted entities and every link that touches one.

    Fields of registered extensions marked restricted
    (:func:`~systemsreview.extensions.register_extension`) are removed from every entity,
    link and the review; extension data of unregistered extensions is kept as it is.
    An episode's perspectives marked restricted are dropped from it.
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

    With ``dates="month"`` (or ``"year"``) the chronology's dates are published no more
    precisely than that (:func:`coarsen_dates`): with a place, a day can single a family
    out. The time rules read a coarse date as every day it stands for, so this never
    makes a sound review break one.

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
    if dates is not None:
        review = coarsen_dates(review, dates)
    subjects = tuple(map(anonymise_subject, review.subjects))
    if subjects != review.subjects:
        review = attrs.evolve(review, subjects=subjects)
    review = _drop_restricted_views(review)
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


_ORDER = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR)


def _coarser(
    day: dt.date, given: DatePrecision, most: DatePrecision
) -> tuple[dt.date, DatePrecision]:
    """``day`` at ``most`` when that is coarser than the precision ``given``."""
    if _ORDER.index(given) >= _ORDER.index(most):
        return day, given
    return normalised(day, most), most


def coarsen_dates(review: Review, precision: DatePrecision | str) -> Review:
    """``review`` with its events and episode periods given no more precisely than ``precision``.

    A date finer than ``precision`` becomes the month or year it falls in; a coarser one
    stays. The review's scope and milestones are the review's own and stay as they are.

    Raises:
        ModelError: ``precision`` is not a :class:`~systemsreview.model.DatePrecision`.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = coarsen_dates(domestic_abuse_review(), "month")
    >>> review.events[0].when, review.events[0].when_precision.value
    (datetime.date(2010, 2, 1), 'month')
    """
    most = to_precision(precision)
    if not isinstance(most, DatePrecision):
        allowed = ", ".join(repr(p.value) for p in DatePrecision)
        raise ModelError(f"coarsen_dates: got {precision!r}; expected one of {allowed}")
    events = []
    for event in review.events:
        when, given = _coarser(event.when, event.when_precision, most)
        events.append(attrs.evolve(event, when=when, when_precision=given))
    episodes = []
    for episode in review.episodes:
        period = episode.period
        start, first = _coarser(period.start, period.start_precision, most)
        end, last = _coarser(period.end, period.end_precision, most)
        coarse = Period(start, end, start_precision=first, end_precision=last)
        episodes.append(attrs.evolve(episode, period=coarse))
    return attrs.evolve(review, events=tuple(events), episodes=tuple(episodes))


def _drop_restricted_views(review: Review) -> Review:
    """The review without its episodes' restricted perspectives (itself if none)."""
    if not any(
        p.sensitivity is Sensitivity.RESTRICTED for e in review.episodes for p in e.perspectives
    ):
        return review
    episodes = tuple(
        attrs.evolve(
            e,
            perspectives=[p for p in e.perspectives if p.sensitivity is not Sensitivity.RESTRICTED],
        )
        for e in review.episodes
    )
    return attrs.evolve(review, episodes=episodes)


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
