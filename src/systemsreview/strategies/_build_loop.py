"""The learning loop of one valid review: recommendations, responses, actions (see :mod:`._valid`).

Theory of operation: every date of the loop (a response's day, an action's agreed and
completed days) is drawn in one window that starts when the review was completed (or the
case's scope ended, for an open review). For a published review the window is the
``response_days`` after publication, and every finding and recommendation gets a response
whenever there is one, so none is left unanswered past the deadline (SR601). The latest of
those days is the day the rules judge at; an action still planned or in progress is due on
or after it (SR602). Actions are owned by an agency that took part (SR603), address a
systemic factor whenever they address factors and there is one (SR604), and a response to
findings quotes at least one of their questions (SR605).
"""

from __future__ import annotations

import datetime as dt

from systemsreview.model import (
    Action,
    ActionStatus,
    ContributoryFactor,
    Decision,
    Finding,
    Level,
    LinkKind,
    Recommendation,
    Response,
)
from systemsreview.strategies._build import Build
from systemsreview.strategies._text import SHORT_TEXTS

__all__ = ["loop", "window"]

_DECISIONS, _STATUSES = tuple(Decision), tuple(ActionStatus)
_OPEN = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
_ADDRESSEES = ("", "Department for Education", "Ofsted", "NHS England", *SHORT_TEXTS[:2])
_RESPONSE_DAYS = 90  # the default policy's


def window(milestones: dict[str, dt.date | None], scope_end: dt.date) -> tuple[dt.date, dt.date]:
    """The days the loop's dates are drawn from (see the module's docstring)."""
    published = milestones["published"]
    if published is not None:
        return published, published + dt.timedelta(days=_RESPONSE_DAYS)
    start = milestones["completed"] or scope_end
    return start, start + dt.timedelta(days=365)


def loop(
    b: Build,
    days: tuple[dt.date, dt.date],
    *,
    findings: list[Finding],
    factors: list[ContributoryFactor],
    taking_part: list[str],
    agency_ids: list[str],
) -> tuple[list[Recommendation], list[Response], list[Action]]:
    """The review's recommendations, responses and actions, with their links."""
    c, add = b.c, b.links.add
    low, high = days
    finding_ids = [f.id for f in findings]
    recommendations = []
    for i in range(1, b.n["recommendations"] + 1):
        c.start(6)
        ident, words = f"rec{i}", c.wording()
        recommendations.append(
            Recommendation(id=ident, statement=words.text(), addressee=c.pick(_ADDRESSEES))
        )
        for finding in c.some(finding_ids, 2, least=1):
            add(ident, finding, LinkKind.RESTS_ON)
        for agency in c.some(agency_ids, 2):
            add(ident, agency, LinkKind.ADDRESSED_TO)
    answerable = finding_ids + [r.id for r in recommendations]
    questions = {f.id: f.questions for f in findings}
    responses = []
    count = b.n["responses"]
    for i in range(1, count + 1):
        c.start(8)
        ident, words = f"res{i}", c.wording()
        # Response i answers every i-th target (so all are answered), and maybe another.
        targets = answerable[i - 1 :: count] + c.some(answerable, 1)
        answers = [q for t in targets for q in questions.get(t, ())[:1]]
        responses.append(
            Response(
                id=ident,
                decision=c.pick(_DECISIONS),
                when=c.day(low, high),
                text=words.optional(),
                answers=tuple(dict.fromkeys(answers)),
            )
        )
        for target in targets:
            add(ident, target, LinkKind.RESPONDS_TO)
    drawn = []
    for _ in range(b.n["actions"]):
        c.start(12)
        status = c.pick(_STATUSES)
        agreed = c.day(low, high) if c.chance() else None
        completed = None
        if status is ActionStatus.DONE and c.chance():
            completed = c.day(agreed or low, high)
        drawn.append((status, agreed, completed, c.wording(), c.mark()))
    latest = [r.when for r in responses] + [d for a in drawn for d in a[1:3] if d is not None]
    judged = max(latest, default=low)
    systemic = [f.id for f in factors if f.level is not Level.FRONTLINE]
    factor_ids = [f.id for f in factors]
    actions = []
    for i, (status, agreed, completed, words, mark) in enumerate(drawn, start=1):
        c.resume(mark)
        ident = f"act{i}"
        first = judged if status in _OPEN else (agreed or low)
        first = max(first, agreed or first)
        due = (
            c.day(first, first + dt.timedelta(days=400)) if c.chance() or status in _OPEN else None
        )
        actions.append(
            Action(
                id=ident,
                what=words.text(),
                status=status,
                agreed=agreed,
                due=due,
                completed=completed,
                evidence=words.optional() if status is ActionStatus.DONE else "",
            )
        )
        for target in c.some(answerable, 2, least=1):
            add(ident, target, LinkKind.ADDRESSES)
        chosen = c.some(factor_ids, 2)
        if chosen and systemic and not set(chosen) & set(systemic):
            chosen.append(c.pick(systemic))
        for factor in chosen:
            add(ident, factor, LinkKind.ADDRESSES)
        if taking_part:
            add(ident, c.pick(taking_part), LinkKind.OWNED_BY)
    return recommendations, responses, actions
