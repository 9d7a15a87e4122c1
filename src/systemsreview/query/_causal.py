"""Causal questions inside one review: what led to an entity, what it led to, and how.

The causal graph of a review is its ``CONTRIBUTED_TO`` links between factors and episodes.
Every function here walks it through the review's O(1) link index, visits each entity at
most once (so a causal cycle, which rule SR201 reports, never makes it loop) and ignores
links that break the schema (SR102, SR103). Results are entity ids, as networkx returns
nodes; ``review.entity(id)`` gives the object.

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> causes(review, "kpe-first-home-visits")
('f-first-home-visit', 'f-throughput-culture', 'f-statutory-timescales')
>>> root_causes(review, "kpe-first-home-visits")
('f-statutory-timescales',)
"""

from __future__ import annotations

from collections.abc import Iterator

from systemsreview.errors import ModelError
from systemsreview.model import EntityKind, Level, Review
from systemsreview.query._common import CAUSAL_KINDS, require, step

__all__ = [
    "causal_paths",
    "causes",
    "effects",
    "root_causes",
    "upstream_ends",
    "wider_system",
]


def _walk(review: Review, start: str, *, upstream: bool, depth: int | None) -> Iterator[str]:
    """Breadth first from ``start``: nearest first, ties in link order, each id once."""
    if depth is not None and depth < 1:
        msg = f"depth must be None (no limit) or at least 1, got {depth!r}"
        raise ModelError(msg)
    require(review, start, CAUSAL_KINDS)
    seen = {start}
    frontier = [start]
    distance = 0
    while frontier and (depth is None or distance < depth):
        distance += 1
        following: list[str] = []
        for node in frontier:
            for other in step(review, node, upstream=upstream):
                if other not in seen:
                    seen.add(other)
                    following.append(other)
                    yield other
        frontier = following


def _at_level(review: Review, ids: Iterator[str], level: Level | str | None) -> tuple[str, ...]:
    if level is None:
        return tuple(ids)
    wanted = Level(level)
    return tuple(
        i
        for i in ids
        if review.kind_of(i) is EntityKind.FACTOR and review.factor(i).level is wanted
    )


def causes(
    review: Review, entity_id: str, *, level: Level | str | None = None, depth: int | None = None
) -> tuple[str, ...]:
    """The factors and episodes upstream of a factor or episode, nearest first.

    Args:
        review: the review to query.
        entity_id: a factor or an episode of the review.
        level: keep only factors at this level (episodes, having none, are then left out);
            the walk still passes through every upstream entity.
        depth: how many ``CONTRIBUTED_TO`` steps to follow (1: direct causes only);
            ``None`` for no limit.

    Returns:
        The ids, by distance from ``entity_id`` and, at equal distance, in link order.

    Raises:
        NotFoundError: when ``entity_id`` is not a factor or episode of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> causes(review, "kpe-school-talks", depth=1)
    ('kpe-contacts-handled-separately', 'f-no-feedback', 'f-school-relationship')
    >>> causes(review, "kpe-school-talks", level="national")
    ('f-statutory-timescales',)
    >>> causes(review, "kpe-shcool-talks")
    Traceback (most recent call last):
    ...
    systemsreview.errors.NotFoundError: review 'lscb-2011-da' has no entity with id
    'kpe-shcool-talks'; closest: 'kpe-school-talks', ...
    """
    return _at_level(review, _walk(review, entity_id, upstream=True, depth=depth), level)


def effects(
    review: Review, entity_id: str, *, level: Level | str | None = None, depth: int | None = None
) -> tuple[str, ...]:
    """The factors and episodes downstream of a factor or episode, nearest first.

    The mirror of :func:`causes`, with the same arguments: ``x in causes(r, y)`` exactly
    when ``y in effects(r, x)``.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> effects(domestic_abuse_review(), "f-throughput-culture")
    ('f-first-home-visit', 'kpe-contacts-handled-separately', 'kpe-first-home-visits',
     'kpe-school-talks')
    """
    return _at_level(review, _walk(review, entity_id, upstream=False, depth=depth), level)


def causal_paths(
    review: Review, source: str, target: str, *, cutoff: int | None = None
) -> tuple[tuple[str, ...], ...]:
    """Every simple chain of ``CONTRIBUTED_TO`` links leading from ``source`` to ``target``.

    Args:
        review: the review to query.
        source: the cause, a factor or episode.
        target: the effect, a factor or episode.
        cutoff: the longest path to report, in links; ``None`` for no limit.

    Returns:
        Each path as ids from ``source`` to ``target``, found depth first in link order.
        No path visits an id twice, so causal cycles end the search instead of repeating.
        A path from an entity to itself is empty.

    Raises:
        NotFoundError: when either end is not a factor or episode of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> causal_paths(review, "f-statutory-timescales", "kpe-school-talks")
    (('f-statutory-timescales', 'f-throughput-culture', 'kpe-contacts-handled-separately',
      'kpe-school-talks'),)
    >>> causal_paths(review, "f-no-feedback", "kpe-school-talks", cutoff=1)
    (('f-no-feedback', 'kpe-school-talks'),)
    """
    require(review, source, CAUSAL_KINDS)
    require(review, target, CAUSAL_KINDS)
    if source == target:
        return ()
    limit = cutoff if cutoff is not None else len(review.episodes) + len(review.factors)
    reach = set(_walk(review, target, upstream=True, depth=None))  # prune dead ends
    paths: list[tuple[str, ...]] = []
    path = [source]
    on_path = {source}
    stack = [iter(step(review, source, upstream=False))]
    while stack:
        following = next(stack[-1], None)
        if following is None:
            stack.pop()
            on_path.discard(path.pop())
        elif following == target:
            if len(path) <= limit:
                paths.append((*path, target))
        elif following in reach and following not in on_path and len(path) < limit:
            path.append(following)
            on_path.add(following)
            stack.append(iter(step(review, following, upstream=False)))
    return tuple(paths)


def upstream_ends(review: Review, entity_id: str | None = None) -> tuple[str, ...]:
    """The factors and episodes with nothing recorded upstream: where the recorded chains start.

    These are *not* root causes in the root-cause-analysis sense: the systems approach
    holds that practice has many interacting causes, and a factor with nothing upstream is
    only one whose own causes the review did not record. A frontline factor among them is a
    prompt to ask what in the wider system shaped it (see :func:`wider_system`).

    Args:
        review: the review to query.
        entity_id: a factor or episode; ``None`` for the whole review.

    Returns:
        With an id, its causes (see :func:`causes`) that have no causes themselves, nearest
        first. Without one, every factor and episode of the review that contributed to
        something and has no causes, in review order. Members of a causal cycle (SR201)
        always have a cause, so none is an upstream end.

    Raises:
        NotFoundError: when ``entity_id`` is not a factor or episode of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> upstream_ends(review, "kpe-school-talks")
    ('f-no-feedback', 'f-school-relationship', 'f-statutory-timescales')
    >>> upstream_ends(review)
    ('f-statutory-timescales', 'f-no-feedback', 'f-school-relationship',
     'f-child-centredness-messages')
    """
    if entity_id is not None:
        found = _walk(review, entity_id, upstream=True, depth=None)
        return tuple(i for i in found if not step(review, i, upstream=True))
    return tuple(
        entity.id
        for kind in (EntityKind.EPISODE, EntityKind.FACTOR)
        for entity in review.of_kind(kind)
        if step(review, entity.id, upstream=False) and not step(review, entity.id, upstream=True)
    )


#: The earlier name of :func:`upstream_ends`, kept working: the same function.
root_causes = upstream_ends


def wider_system(review: Review, entity_id: str) -> tuple[str, ...]:
    """The local strategic and national factors upstream of a factor or episode.

    The question reviewers ask of an episode: what in the wider system (the agencies'
    and the board's arrangements, national law, guidance and inspection) made this
    practice likely? Nearest first, as :func:`causes` orders them.

    Raises:
        NotFoundError: when ``entity_id`` is not a factor or episode of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> wider_system(domestic_abuse_review(), "kpe-first-home-visits")
    ('f-throughput-culture', 'f-statutory-timescales')
    """
    wider = {Level.LOCAL_STRATEGIC, Level.NATIONAL}
    return tuple(
        i
        for i in causes(review, entity_id)
        if review.kind_of(i) is EntityKind.FACTOR and review.factor(i).level in wider
    )
