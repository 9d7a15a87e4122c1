"""A synthetic review's context: agencies' own views, several methods, proceedings, relations.

Drawn from a random generator of its own (seeded from the review's seed), so the rest of
the review is the same as before these existed. Valid by construction:

- about :data:`PERSPECTIVE_REVIEWS` of the reviews record agencies' own views (a review
  team's way of writing up), and in those about :data:`PERSPECTIVE_SHARE` of the episodes
  that involve two or more agencies give each of those agencies' own view at the time
  (a :class:`~systemsreview.model.Perspective`, mostly given, now and then unknown or not
  recorded, some restricted), only of agencies the episode involves (SR410, SR411);
- some reviews follow several methods, the main one first and unchanged: serious case
  reviews often were hybrids that still asked for individual management reviews, others
  add an AcciMap or the London Protocol;
- parallel proceedings as a child's death or serious harm brings them: an inquest after
  most deaths, a criminal investigation or trial in some cases, care proceedings where
  the chronology records them;
- a rapid review is sometimes followed up by a local practice review of the same child
  (and that review follows it up), and now and then a review names an earlier review of
  the same family; related reviews are named by title, as they sit in no corpus at hand.
"""

from __future__ import annotations

import random

import attrs

from systemsreview.model import (
    Episode,
    IncidentKind,
    LinkKind,
    Method,
    Perspective,
    Proceeding,
    ProceedingKind,
    ProceedingStatus,
    RelatedReview,
    Review,
    ReviewKind,
    ReviewRelation,
    Sensitivity,
    ViewStatus,
)
from systemsreview.synth import _texts as tx

__all__ = ["PERSPECTIVE_REVIEWS", "PERSPECTIVE_SHARE", "with_context"]

#: About this share of reviews record agencies' own views at the time of some episodes.
PERSPECTIVE_REVIEWS = 0.4
#: In those, about this share of multi-agency episodes record each agency's own view.
PERSPECTIVE_SHARE = 0.5
_STATUSES = (ViewStatus.GIVEN, ViewStatus.UNKNOWN, ViewStatus.NOT_RECORDED)
_PROCEEDING_STATUSES = (
    ProceedingStatus.PENDING,
    ProceedingStatus.ONGOING,
    ProceedingStatus.CONCLUDED,
)


def _involvement(review: Review) -> dict[str, set[str]]:
    """Episode id -> the agencies it is ``INVOLVED`` with (one pass, no index built)."""
    agencies = {a.id for a in review.agencies}
    found: dict[str, set[str]] = {e.id: set() for e in review.episodes}
    for link in review.links:
        if link.kind is LinkKind.INVOLVED and link.source in found and link.target in agencies:
            found[link.source].add(link.target)
    return found


def _perspectives(
    rng: random.Random, review: Review, episode: Episode, involved: set[str]
) -> Episode:
    agencies = [a for a in review.agencies if a.id in involved]
    if len(agencies) < 2 or rng.random() >= PERSPECTIVE_SHARE:  # two agencies
        return episode
    views = []
    for agency in agencies:
        status = rng.choices(_STATUSES, (17, 2, 1))[0]
        views.append(
            Perspective(
                agency.id,
                rng.choice(tx.SECTOR_VIEWS[agency.sector]) if status is ViewStatus.GIVEN else "",
                status=status,
                sensitivity=Sensitivity.RESTRICTED if rng.random() < 0.3 else Sensitivity.PUBLIC,
            )
        )
    return attrs.evolve(episode, perspectives=tuple(views))


def _methods(rng: random.Random, review: Review) -> tuple[Method, ...]:
    main = review.methods[0]
    draw = rng.random()
    if review.kind is ReviewKind.SERIOUS_CASE_REVIEW and draw < 0.2:
        extra = Method.INDIVIDUAL_MANAGEMENT_REVIEWS
    elif draw < 0.08:
        extra = rng.choice((Method.ACCIMAP, Method.LONDON_PROTOCOL))
    else:
        return review.methods
    return review.methods if extra is main else (main, extra)


def _proceedings(rng: random.Random, review: Review) -> tuple[Proceeding, ...]:
    found = []
    if review.incident is IncidentKind.DEATH and rng.random() < 0.7:
        found.append(Proceeding(ProceedingKind.INQUEST, status=rng.choice(_PROCEEDING_STATUSES)))
    if rng.random() < (0.4 if review.incident is IncidentKind.DEATH else 0.25):
        kind = rng.choice((ProceedingKind.CRIMINAL_INVESTIGATION, ProceedingKind.CRIMINAL_TRIAL))
        found.append(
            Proceeding(
                kind,
                status=rng.choice(_PROCEEDING_STATUSES),
                note="The review waited for the criminal process before talking to the family."
                if rng.random() < 0.3
                else "",
            )
        )
    if any(e.process == "care_proceedings" for e in review.events):
        found.append(Proceeding(ProceedingKind.CARE_PROCEEDINGS, status=ProceedingStatus.CONCLUDED))
    return (*review.parallel_proceedings, *found)


def _related(rng: random.Random, review: Review) -> tuple[RelatedReview, ...]:
    child = review.title.partition(": ")[2] or review.title
    draw = rng.random()
    if review.kind is ReviewKind.RAPID_REVIEW and draw < 0.3:
        title = f"{ReviewKind.LOCAL_PRACTICE_REVIEW.label.capitalize()}: {child}"
        found = RelatedReview(ReviewRelation.FOLLOWED_UP_BY, title=title)
    elif review.kind is ReviewKind.LOCAL_PRACTICE_REVIEW and draw < 0.3:
        title = f"{ReviewKind.RAPID_REVIEW.label.capitalize()}: {child}"
        found = RelatedReview(ReviewRelation.FOLLOWS_UP, title=title)
    elif draw > 0.96:  # one review in 25
        title = f"{ReviewKind.SERIOUS_CASE_REVIEW.label.capitalize()}: {child} (sibling)"
        found = RelatedReview(
            ReviewRelation.EARLIER_REVIEW_OF_FAMILY,
            title=title,
            note="An earlier review of a sibling made findings about the same agencies.",
        )
    else:
        return review.related
    return (*review.related, found)


def with_context(review: Review, seed: int) -> Review:
    """``review`` with perspectives, methods, parallel proceedings and related reviews drawn."""
    rng = random.Random(f"context-{seed}")
    episodes = review.episodes
    if rng.random() < PERSPECTIVE_REVIEWS:
        involved = _involvement(review)
        episodes = tuple(_perspectives(rng, review, e, involved[e.id]) for e in episodes)
    return attrs.evolve(
        review,
        episodes=episodes,
        methods=_methods(rng, review),
        parallel_proceedings=_proceedings(rng, review),
        related=_related(rng, review),
    )
