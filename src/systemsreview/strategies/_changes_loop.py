"""The changes that break the learning-loop rules (SR601-SR605), one per rule.

Like :mod:`._changes`: each takes a valid review and a source of choices and returns it
with one thing broken; the entities added have ids starting ``x-``. The valid reviews draw
every date of their loop after the review's completion (or publication), so ``_start``
below is never later than the day the rules judge at, and nothing added on it moves that
day past a deadline.
"""

from __future__ import annotations

import datetime as dt
from random import Random
from typing import Any

import attrs

from systemsreview.model import (
    Action,
    ActionStatus,
    Agency,
    ContributoryFactor,
    Decision,
    EntityKind,
    Finding,
    Level,
    Link,
    LinkKind,
    Pattern,
    Response,
    Review,
    Sector,
)
from systemsreview.rules import Policy

__all__ = [
    "frontline_only_action",
    "late_response",
    "overdue_action",
    "owner_outside",
    "unanswering_response",
]

_QUESTION = "What would help agencies to see the whole picture?"


def _add(review: Review, **more: Any) -> Review:
    grown: dict[str, Any] = {k: (*getattr(review, k), *v) for k, v in more.items()}
    return attrs.evolve(review, **grown)


def _start(review: Review) -> dt.date:
    """The first day the valid reviews date their loop from."""
    return review.published or review.completed or review.scope.end


def _taking_part(review: Review, rnd: Random) -> str:
    """An agency an episode involves directly (the valid reviews always have one)."""
    involved = sorted(
        {
            link.target
            for episode in review.episodes
            for link in review.links_from(episode.id)
            if link.kind is LinkKind.INVOLVED and review.kind_of(link.target) is EntityKind.AGENCY
        }
    )
    return rnd.choice(involved)


def _finding(ident: str) -> Finding:
    return Finding(
        id=ident, statement="A finding added to break a rule", pattern=Pattern.TOOLS,
        questions=(_QUESTION,),
    )  # fmt: skip


def late_response(review: Review, rnd: Random) -> Review:
    """Publish the review, and answer a new finding after the response days."""
    published = review.published
    if published is None:
        set_ = [d for d in (review.notified, review.decided, review.completed) if d is not None]
        published = max(set_, default=review.scope.end)
    late = published + dt.timedelta(days=Policy().response_days + rnd.randint(1, 60))
    response = Response(
        id="x-response", decision=Decision.ACCEPTED, when=late, answers=(_QUESTION,)
    )
    links = [
        Link("x-finding", rnd.choice(review.episodes).id, LinkKind.EVIDENCED_BY),
        Link("x-response", "x-finding", LinkKind.RESPONDS_TO),
    ]
    review = attrs.evolve(review, published=published)
    return _add(review, findings=[_finding("x-finding")], responses=[response], links=links)


def overdue_action(review: Review, rnd: Random) -> Review:
    """Add a planned action due before a done one was completed."""
    due = _start(review) + dt.timedelta(days=rnd.randint(0, 30))
    actions = [
        Action(id="x-action", what="An action left undone", due=due),
        Action(
            id="x-done",
            what="An action done",
            status=ActionStatus.DONE,
            completed=due + dt.timedelta(days=1),
        ),
    ]
    owner = _taking_part(review, rnd)
    links = [Link(a.id, owner, LinkKind.OWNED_BY) for a in actions]
    return _add(review, actions=actions, links=links)


def owner_outside(review: Review, rnd: Random) -> Review:
    """Add an agency with no part in the case, owning a new dropped action."""
    agency = Agency(id="x-agency", name="An agency not in the case", sector=Sector.OTHER)
    action = Action(id="x-action", what="An action for an outsider", status=ActionStatus.DROPPED)
    link = Link("x-action", "x-agency", LinkKind.OWNED_BY)
    return _add(review, agencies=[agency], actions=[action], links=[link])


def frontline_only_action(review: Review, rnd: Random) -> Review:
    """Add a finding resting on a systemic factor and an action on a frontline factor alone."""
    systemic = [f.id for f in review.factors if f.level is not Level.FRONTLINE]
    frontline = ContributoryFactor(
        id="x-factor",
        description="A frontline factor added to break a rule",
        level=Level.FRONTLINE,
        category="frontline.team.supervision",
    )
    action = Action(id="x-action", what="Train the front line", status=ActionStatus.DROPPED)
    links = [
        Link("x-finding", rnd.choice(review.episodes).id, LinkKind.EVIDENCED_BY),
        Link("x-finding", rnd.choice(systemic), LinkKind.EVIDENCED_BY),
        Link("x-factor", rnd.choice(systemic), LinkKind.CONTRIBUTED_TO),
        Link("x-action", "x-finding", LinkKind.ADDRESSES),
        Link("x-action", "x-factor", LinkKind.ADDRESSES),
        Link("x-action", _taking_part(review, rnd), LinkKind.OWNED_BY),
    ]
    return _add(
        review,
        factors=[frontline],
        findings=[_finding("x-finding")],
        actions=[action],
        links=links,
    )


def unanswering_response(review: Review, rnd: Random) -> Review:
    """Add a response to a finding that quotes none of its questions."""
    finding = rnd.choice(review.findings)
    response = Response(
        id="x-response",
        decision=Decision.NOT_ACCEPTED,
        when=_start(review),
        answers=("Is this a question the finding never asked?",),
    )
    link = Link("x-response", finding.id, LinkKind.RESPONDS_TO)
    return _add(review, responses=[response], links=[link])
