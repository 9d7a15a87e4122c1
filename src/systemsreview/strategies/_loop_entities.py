"""Strategies for the learning loop's entities, one at a time: recommendations, responses, actions.

Like :mod:`._entities`, they build valid objects directly: an action's completed day is
drawn only for a done action, and no due or completed day comes before the agreed day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from systemsreview.model import Action, ActionStatus, Decision, Recommendation, Response
from systemsreview.strategies._entities import entity_ids
from systemsreview.strategies._text import questions, texts

__all__ = ["actions", "recommendations", "responses"]

Strategy = st.SearchStrategy
_DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31))
_ADDRESSEES = st.sampled_from(("", "Department for Education", "Ofsted", "NHS England"))


def _ids(value: Strategy[str] | None, prefix: str) -> Strategy[str]:
    return entity_ids(prefix) if value is None else value


def recommendations(*, ids: Strategy[str] | None = None) -> Strategy[Recommendation]:
    """Recommendations, addressed in words to a national body or to no one beyond the links."""
    return st.builds(
        Recommendation,
        id=_ids(ids, "rec"),
        statement=texts(),
        addressee=_ADDRESSEES | texts(long=False),
    )


def responses(
    *, ids: Strategy[str] | None = None, days: Strategy[dt.date] = _DAYS
) -> Strategy[Response]:
    """Board responses of every decision, answering up to three questions."""
    return st.builds(
        Response,
        id=_ids(ids, "res"),
        decision=st.sampled_from(Decision),
        when=days,
        text=texts() | st.just(""),
        answers=st.lists(questions(), max_size=3).map(tuple),
    )


@st.composite
def _action(draw: st.DrawFn, ids: Strategy[str], days: Strategy[dt.date]) -> Action:
    status = draw(st.sampled_from(ActionStatus))
    agreed = draw(st.none() | days)
    later: Any = days if agreed is None else st.dates(agreed, max(agreed, dt.date(2035, 12, 31)))
    due = draw(st.none() | later)
    completed = draw(st.none() | later) if status is ActionStatus.DONE else None
    return Action(
        id=draw(ids),
        what=draw(texts()),
        status=status,
        agreed=agreed,
        due=due,
        completed=completed,
        evidence=draw(texts() | st.just("")) if status is ActionStatus.DONE else "",
    )


def actions(
    *, ids: Strategy[str] | None = None, days: Strategy[dt.date] = _DAYS
) -> Strategy[Action]:
    """Actions of every status; completed days only on done ones, all days in order."""
    return _action(_ids(ids, "act"), days)
