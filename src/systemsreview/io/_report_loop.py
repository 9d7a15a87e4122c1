"""The learning loop in the HTML report: each finding's response and actions, and a section.

Private to :mod:`systemsreview.io.report`. An action is marked overdue as rule SR602 judges
it: due before the day the review is judged at (the latest day its loop records) and still
planned or in progress.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from systemsreview.model import Action, ActionStatus, EntityKind, LinkKind, Review
from systemsreview.rules import Policy
from systemsreview.rules._loop import judged_on

__all__ = ["finding_loop", "learning_loop"]

_OPEN = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _sources(review: Review, target: str, kind: LinkKind, of: EntityKind) -> list[str]:
    return [
        link.source
        for link in review.links_to(target)
        if link.kind is kind and review.kind_of(link.source) is of
    ]


def _owners(review: Review, action: Action) -> str:
    names = [
        review.agency(link.target).name
        for link in review.links_from(action.id)
        if link.kind is LinkKind.OWNED_BY and review.kind_of(link.target) is EntityKind.AGENCY
    ]
    return ", ".join(names) or "no owner recorded"


def _state(action: Action, today: dt.date | None) -> str:
    overdue = today is not None and action.status in _OPEN and action.due and action.due < today
    state = action.status.label + (f", due {action.due}" if action.due else "")
    state += f", done {action.completed}" if action.completed else ""
    return f"<strong>overdue</strong> ({state})" if overdue else state


def _action_item(review: Review, action: Action, today: dt.date | None) -> str:
    evidence = f" Evidence: {_e(action.evidence)}" if action.evidence else ""
    return (
        f"<li>{_e(action.what)} — {_e(_owners(review, action))}; "
        f"{_state(action, today)}.{evidence}</li>"
    )


def finding_loop(review: Review, finding_id: str) -> str:
    """The board's response to the finding and the actions addressing it, as HTML."""
    today = judged_on(review, Policy())
    responses = [
        review.response(r)
        for r in _sources(review, finding_id, LinkKind.RESPONDS_TO, EntityKind.RESPONSE)
    ]
    actions = [
        review.action(a)
        for a in _sources(review, finding_id, LinkKind.ADDRESSES, EntityKind.ACTION)
    ]
    said = "".join(
        f"<p><strong>{_e(r.decision.label.capitalize())}</strong> on {_e(r.when)}. "
        f"{_e(r.text)}</p>"
        + (
            "<p>Questions answered:</p><ul>"
            + "".join(f"<li>{_e(q)}</li>" for q in r.answers)
            + "</ul>"
            if r.answers
            else ""
        )
        for r in responses
    )
    done = "".join(_action_item(review, a, today) for a in actions)
    return (
        "<h4>The board's response</h4>"
        + (said or '<p class="missing">No response recorded.</p>')
        + "<h4>Actions</h4>"
        + (f"<ul>{done}</ul>" if done else '<p class="missing">No actions recorded.</p>')
    )


def learning_loop(review: Review) -> str:
    """The section on the learning loop: recommendations, responses, actions and their state."""
    today = judged_on(review, Policy())
    answered = {link.target for link in review.links if link.kind is LinkKind.RESPONDS_TO}
    asked = [(f.id, f.statement) for f in review.findings]
    asked += [(r.id, r.statement) for r in review.recommendations]
    rows = "".join(
        f"<tr><td>{_e(text)}</td><td>{'yes' if ident in answered else 'no'}</td></tr>"
        for ident, text in asked
    )
    counts = {s: sum(a.status is s for a in review.actions) for s in ActionStatus}
    overdue = sum(
        1
        for a in review.actions
        if today is not None and a.status in _OPEN and a.due is not None and a.due < today
    )
    summary = (
        f"<p>{len(review.responses)} board response(s); {len(review.actions)} action(s): "
        + ", ".join(f"{n} {s.label}" for s, n in counts.items() if n)
        + (f"; <strong>{overdue} overdue</strong>" if overdue else "")
        + (f" (judged at {_e(today)}, the latest day the review records)" if today else "")
        + ".</p>"
    )
    recommendations = "".join(f"<li>{_e(r.statement)}</li>" for r in review.recommendations)
    actions = "".join(_action_item(review, a, today) for a in review.actions)
    return (
        summary
        + (f"<h3>Recommendations</h3><ol>{recommendations}</ol>" if recommendations else "")
        + "<table><caption>Answered by the board</caption><thead><tr>"
        '<th scope="col">Finding or recommendation</th><th scope="col">Response</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
        + (f"<h3>Actions</h3><ul>{actions}</ul>" if actions else "")
    )
