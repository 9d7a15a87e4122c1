"""The changes that break SR410-SR412 (perspectives, factors placed in agencies)."""

from __future__ import annotations

from random import Random

import attrs

from systemsreview.model import (
    Agency,
    ContributoryFactor,
    Level,
    Link,
    LinkKind,
    Perspective,
    Review,
)
from systemsreview.strategies._changes import _add

__all__ = ["national_factor_in_agency", "uninvolved_perspective", "unknown_perspective"]


def _with_perspective(review: Review, rnd: Random, agency_id: str) -> Review:
    index = rnd.randrange(len(review.episodes))
    episode = review.episodes[index]
    view = Perspective(agency_id, "It seemed the right thing to do at the time.")
    changed = attrs.evolve(episode, perspectives=(*episode.perspectives, view))
    episodes = (*review.episodes[:index], changed, *review.episodes[index + 1 :])
    return attrs.evolve(review, episodes=episodes)


def unknown_perspective(review: Review, rnd: Random) -> Review:
    return _with_perspective(review, rnd, f"x-agency-{rnd.randrange(1000)}")


def uninvolved_perspective(review: Review, rnd: Random) -> Review:
    outsider = Agency(id="x-agency", name="An agency with no part in the case", sector="other")
    return _with_perspective(_add(review, agencies=[outsider]), rnd, outsider.id)


def national_factor_in_agency(review: Review, rnd: Random) -> Review:
    factor = ContributoryFactor(
        id="x-factor",
        description="Statutory guidance silent on talking to children",
        level=Level.NATIONAL,
        category="national.guidance",
    )
    episode = rnd.choice(review.episodes).id
    agency = rnd.choice(review.agencies).id
    links = [
        Link(factor.id, episode, LinkKind.CONTRIBUTED_TO),
        Link(factor.id, agency, LinkKind.SITS_IN),
    ]
    return _add(review, factors=[factor], links=links)
