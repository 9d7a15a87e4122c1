"""Who acted: the agencies involved in episodes, and how agencies met across episodes.

An agency is *involved* in an episode (or a chronology event) when any of these links says
so, and this is the one definition every function here uses:

1. the episode is ``INVOLVED`` with the agency itself;
2. the episode is ``INVOLVED`` with a practitioner who ``WORKS_FOR`` the agency;
3. (``through_events=True``, the default) an event ``PART_OF`` the episode is involved with
   the agency in either of those two ways.

So ``agency in agencies_involved(r, episode)`` exactly when
``episode in episodes_involving(r, agency)``, with the same ``through_events``.

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> agencies_involved(review, "kpe-contacts-handled-separately")
('csc', 'police', 'school')
>>> episodes_involving(review, "school")
('kpe-school-talks', 'kpe-contacts-handled-separately')
"""

from __future__ import annotations

from collections.abc import Iterable

from systemsreview.model import EntityKind, LinkKind, Review
from systemsreview.query._common import require

__all__ = ["agencies_involved", "episodes_involving", "findings_evidenced_by"]

_A, _P, _EV, _EP = EntityKind.AGENCY, EntityKind.PRACTITIONER, EntityKind.EVENT, EntityKind.EPISODE


def _ordered(review: Review, ids: Iterable[str], kind: EntityKind) -> tuple[str, ...]:
    wanted = set(ids)
    return tuple(e.id for e in review.of_kind(kind) if e.id in wanted)


def _direct(review: Review, actor: str) -> Iterable[str]:
    """The agencies an episode or event is involved with directly or through practitioners."""
    for link in review.links_from(actor):
        if link.kind is not LinkKind.INVOLVED:
            continue
        kind = review.kind_of(link.target)
        if kind is _A:
            yield link.target
        elif kind is _P:
            for works in review.links_from(link.target):
                if works.kind is LinkKind.WORKS_FOR and review.kind_of(works.target) is _A:
                    yield works.target


def _events_of(review: Review, episode: str) -> Iterable[str]:
    for link in review.links_to(episode):
        if link.kind is LinkKind.PART_OF and review.kind_of(link.source) is _EV:
            yield link.source


def agencies_of(review: Review, entity_id: str, *, through_events: bool = True) -> set[str]:
    """The involved agencies of an episode or event, unordered (no kind check)."""
    found = set(_direct(review, entity_id))
    if through_events and review.kind_of(entity_id) is _EP:
        for event in _events_of(review, entity_id):
            found.update(_direct(review, event))
    return found


def agencies_involved(
    review: Review, entity_id: str, *, through_events: bool = True
) -> tuple[str, ...]:
    """The agencies involved in an episode (or a chronology event), in review order.

    Args:
        review: the review to query.
        entity_id: an episode or an event of the review.
        through_events: whether an episode also involves the agencies of its events
            (``PART_OF`` links); events themselves have no events.

    Raises:
        NotFoundError: when ``entity_id`` is not an episode or event of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> agencies_involved(review, "kpe-first-home-visits")
    ('csc',)
    >>> agencies_involved(review, "ev-01")
    ('police',)
    >>> agencies_involved(review, "police")
    Traceback (most recent call last):
    ...
    systemsreview.errors.NotFoundError: review 'lscb-2011-da' has no episode or event with id
    'police': 'police' is an agency...
    """
    require(review, entity_id, (_EP, _EV))
    return _ordered(review, agencies_of(review, entity_id, through_events=through_events), _A)


def episodes_involving(
    review: Review, agency_id: str, *, through_events: bool = True
) -> tuple[str, ...]:
    """The episodes an agency was involved in, in review order (see the module's definition).

    Raises:
        NotFoundError: when ``agency_id`` is not an agency of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> episodes_involving(domestic_abuse_review(), "police")
    ('kpe-police-callouts', 'kpe-contacts-handled-separately')
    """
    require(review, agency_id, (_A,))
    actors = [agency_id] + [
        link.source
        for link in review.links_to(agency_id)
        if link.kind is LinkKind.WORKS_FOR and review.kind_of(link.source) is _P
    ]
    found: set[str] = set()
    for actor in actors:
        for link in review.links_to(actor):
            if link.kind is not LinkKind.INVOLVED:
                continue
            kind = review.kind_of(link.source)
            if kind is _EP:
                found.add(link.source)
            elif kind is _EV and through_events:
                found.update(
                    part.target
                    for part in review.links_from(link.source)
                    if part.kind is LinkKind.PART_OF and review.kind_of(part.target) is _EP
                )
    return _ordered(review, found, _EP)


def findings_evidenced_by(review: Review, entity_id: str) -> tuple[str, ...]:
    """The findings with an ``EVIDENCED_BY`` link to this entity, in link order.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> findings_evidenced_by(domestic_abuse_review(), "kpe-paediatric-assessment")
    ('finding-voice-of-child',)
    """
    found: dict[str, None] = {}
    for link in review.links_to(entity_id):
        if link.kind is LinkKind.EVIDENCED_BY and review.kind_of(link.source) is EntityKind.FINDING:
            found.setdefault(link.source, None)
    return tuple(found)
