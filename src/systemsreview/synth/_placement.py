"""Where a synthetic review's factors sit: ``SITS_IN`` links from factors to agencies.

Drawn from a random generator of its own (seeded from the review's seed), so the rest of the
review is the same as before placements existed. Valid by construction: national factors sit
in no agency (SR412). About four in five frontline factors sit in one agency, preferring one
involved in an episode the factor shapes (a team's workload sits with the team that acted);
about two in three local strategic factors sit in one agency, and some of those in a second
(an inter-agency arrangement); the rest stay unplaced, as reviews often leave them.
"""

from __future__ import annotations

import random

import attrs

from systemsreview.model import EntityKind, Level, Link, LinkKind, Review

__all__ = ["with_placement"]


def _involved(review: Review, factor_id: str) -> list[str]:
    """The agencies involved in the episodes the factor contributes to, in review order."""
    episodes = {
        link.target
        for link in review.links_from(factor_id)
        if link.kind is LinkKind.CONTRIBUTED_TO
        and review.kind_of(link.target) is EntityKind.EPISODE
    }
    found = {
        link.target
        for episode in episodes
        for link in review.links_from(episode)
        if link.kind is LinkKind.INVOLVED and review.kind_of(link.target) is EntityKind.AGENCY
    }
    return [a.id for a in review.agencies if a.id in found]


def with_placement(review: Review, seed: int) -> Review:
    """``review`` with its frontline and local strategic factors placed in agencies."""
    rng = random.Random(f"placement-{seed}")
    agencies = [a.id for a in review.agencies]
    links: list[Link] = []
    for factor in review.factors:
        if factor.level is Level.NATIONAL or not agencies:
            continue
        if factor.level is Level.FRONTLINE:
            if rng.random() < 0.8:
                pool = _involved(review, factor.id) or agencies
                links.append(Link(factor.id, rng.choice(pool), LinkKind.SITS_IN))
        elif rng.random() < 0.65:
            count = 2 if rng.random() < 0.25 and len(agencies) > 1 else 1
            for agency in rng.sample(agencies, count):
                links.append(Link(factor.id, agency, LinkKind.SITS_IN))
    return attrs.evolve(review, links=(*review.links, *links))
