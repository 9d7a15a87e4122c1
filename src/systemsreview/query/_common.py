"""Shared helpers of the query functions: kind-checked lookups and causal steps."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from systemsreview.errors import NotFoundError
from systemsreview.model import Entity, EntityKind, LinkKind, Review

__all__ = ["CAUSAL_KINDS", "require", "step"]

#: The entity kinds a ``CONTRIBUTED_TO`` link may join (the schema's causal nodes).
CAUSAL_KINDS = frozenset({EntityKind.FACTOR, EntityKind.EPISODE})


def require(review: Review, entity_id: str, kinds: Iterable[EntityKind]) -> Entity:
    """The entity with this id, which must be of one of ``kinds``.

    Raises:
        NotFoundError: when the review has no such entity (the message and ``candidates``
            give the closest ids, as :meth:`Review.entity` does), or when the entity is of
            another kind (then the closest ids of the wanted kinds are offered).
    """
    entity = review.entity(entity_id)
    wanted = tuple(kinds)
    if entity.entity_kind in wanted:
        return entity
    pool = [e.id for kind in wanted for e in review.of_kind(kind)]
    close = difflib.get_close_matches(entity_id, pool, n=3, cutoff=0.5)
    names = " or ".join(kind.value for kind in wanted)
    hint = f"; closest: {', '.join(map(repr, close))}" if close else ""
    msg = (
        f"review {review.id!r} has no {names} with id {entity_id!r}: "
        f"{entity_id!r} is {entity.entity_kind.singular}{hint}"
    )
    raise NotFoundError(msg, key=entity_id, candidates=close)


def step(review: Review, entity_id: str, *, upstream: bool) -> list[str]:
    """The direct causes (``upstream``) or effects of an entity, in link order, without repeats.

    Only ``CONTRIBUTED_TO`` links whose other end is a factor or an episode of the review
    count; links breaking the schema (rules SR102, SR103) are ignored.
    """
    links = review.links_to(entity_id) if upstream else review.links_from(entity_id)
    found: dict[str, None] = {}
    for link in links:
        if link.kind is not LinkKind.CONTRIBUTED_TO:
            continue
        other = link.source if upstream else link.target
        if other != entity_id and review.kind_of(other) in CAUSAL_KINDS:
            found.setdefault(other, None)
    return list(found)
