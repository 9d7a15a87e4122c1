"""The learning loop of a synthetic review: board responses and agencies' actions.

Drawn from a random generator of its own (seeded from the review's seed), so the rest of
the review is the same as before the loop existed. Valid by construction: a published
review's board answers every finding within 90 days of publication, quoting one of its
questions (SR601, SR605); each action is owned by an agency of the case (SR603), addresses
the finding and a local strategic or national factor the finding rests on (SR604); an
action still open is due after the latest day the loop records (SR602). Unpublished
reviews are answered about half the time, so response rates differ between years.
"""

from __future__ import annotations

import datetime as dt
import random
import re

import attrs

from systemsreview.model import (
    Action,
    ActionStatus,
    Decision,
    EntityKind,
    Level,
    Link,
    LinkKind,
    Response,
    Review,
    Valence,
)

__all__ = ["with_loop"]

_DECISIONS = (Decision.ACCEPTED, Decision.PARTLY_ACCEPTED, Decision.NOT_ACCEPTED)
_STATUSES = (
    ActionStatus.DONE,
    ActionStatus.IN_PROGRESS,
    ActionStatus.PLANNED,
    ActionStatus.DROPPED,
)
_REPEAT = re.compile(r" \(\d+\)$")  # a statement repeated in one review ends " (2)"
#: What an action does about a finding; ``{finding}`` is the whole statement (never cut).
_WHAT = (
    "Audit practice across the partnership on the finding that {finding}, and report to the board",
    "Revise the multi-agency procedure in answer to the finding that {finding}",
    "Commission multi-agency training on the finding that {finding}",
    "Change the performance indicators behind the finding that {finding}",
)


def with_loop(review: Review, seed: int) -> Review:
    """``review`` with board responses and actions drawn from ``seed``."""
    rng = random.Random(f"loop-{seed}")
    start = review.published or review.completed
    if start is None or (review.published is None and rng.random() < 0.5):
        return review
    links: list[Link] = []
    responses, actions = [], []
    agencies = [a.id for a in review.agencies]
    days: list[dt.date] = []
    drafts = []
    for number, finding in enumerate(review.findings, start=1):
        when = start + dt.timedelta(days=rng.randint(5, 90))
        days.append(when)
        decision = rng.choices(_DECISIONS, (7, 2, 1))[0]
        responses.append(
            Response(
                id=f"res-{number}",
                decision=decision,
                when=when,
                text=f"The board {decision.label} the finding.",
                answers=finding.questions[: rng.randint(1, len(finding.questions))],
            )
        )
        links.append(Link(f"res-{number}", finding.id, LinkKind.RESPONDS_TO))
        if decision is Decision.NOT_ACCEPTED or finding.valence is not Valence.HINDERING:
            continue
        systemic = [
            link.target
            for link in review.links_from(finding.id)
            if link.kind is LinkKind.EVIDENCED_BY
            and review.kind_of(link.target) is EntityKind.FACTOR
            and review.factor(link.target).level is not Level.FRONTLINE
        ]
        for _ in range(rng.randint(1, 2)):
            status = rng.choices(_STATUSES, (5, 3, 2, 1))[0]
            completed = when + dt.timedelta(days=rng.randint(30, 300))
            if status is ActionStatus.DONE:
                days.append(completed)
            drafts.append((finding, systemic, status, when, completed))
    judged = max(days, default=start)
    for number, (finding, systemic, status, agreed, completed) in enumerate(drafts, start=1):
        ident = f"act-{number}"
        due_from = judged if status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS) else agreed
        statement = _REPEAT.sub("", finding.statement).rstrip(" .")  # the bank's words
        statement = statement[:1].lower() + statement[1:]
        actions.append(
            Action(
                id=ident,
                what=rng.choice(_WHAT).format(finding=statement),
                status=status,
                agreed=agreed,
                due=due_from + dt.timedelta(days=rng.randint(60, 365)),
                completed=completed if status is ActionStatus.DONE else None,
                evidence="A re-audit found the change in practice."
                if status is ActionStatus.DONE and rng.random() < 0.5
                else "",
            )
        )
        links.append(Link(ident, finding.id, LinkKind.ADDRESSES))
        if systemic:
            links.append(Link(ident, rng.choice(systemic), LinkKind.ADDRESSES))
        links.append(Link(ident, rng.choice(agencies), LinkKind.OWNED_BY))
    return attrs.evolve(
        review, responses=tuple(responses), actions=tuple(actions), links=(*review.links, *links)
    )
