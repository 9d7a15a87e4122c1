"""SR6xx, the learning loop: findings are answered, actions owned, followed up and systemic.

The day these rules judge at is ``policy.as_of``; without it, the latest day the review
records of its learning loop (a response's date, an action's agreed or completed date),
since a record is at least as recent as the latest day it holds. A review that records
neither is not judged by SR601 and SR602.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from systemsreview.model import (
    Action,
    ActionStatus,
    EntityKind,
    Level,
    LinkKind,
    Review,
    Sector,
)
from systemsreview.rules._content import downstream, involved_agencies
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__ = ["judged_on", "responded"]


def _ends(review: Review, entity_id: str, kind: LinkKind, end: EntityKind) -> list[str]:
    return [
        link.target
        for link in review.links_from(entity_id)
        if link.kind is kind and review.kind_of(link.target) is end
    ]


def _starts(review: Review, entity_id: str, kind: LinkKind, start: EntityKind) -> list[str]:
    return [
        link.source
        for link in review.links_to(entity_id)
        if link.kind is kind and review.kind_of(link.source) is start
    ]


def judged_on(review: Review, policy: Policy) -> dt.date | None:
    """The day the learning-loop rules judge ``review`` at (see the module's docstring)."""
    if policy.as_of is not None:
        return policy.as_of
    days = [r.when for r in review.responses]
    days += [d for a in review.actions for d in (a.agreed, a.completed) if d is not None]
    return max(days, default=None)


def responded(review: Review, entity_id: str) -> dt.date | None:
    """The first day a response answered ``entity_id``, or ``None``.

    A finding is answered too by a response to a recommendation resting on it.
    """
    targets = [entity_id]
    if review.kind_of(entity_id) is EntityKind.FINDING:
        targets += _starts(review, entity_id, LinkKind.RESTS_ON, EntityKind.RECOMMENDATION)
    days = [
        review.response(r).when
        for target in targets
        for r in _starts(review, target, LinkKind.RESPONDS_TO, EntityKind.RESPONSE)
    ]
    return min(days, default=None)


@rule(
    "SR601",
    "no-response",
    Severity.WARNING,
    "every finding and recommendation of a published review has a board response within "
    "`policy.response_days` (90) of publication",
)
def no_response(review: Review, policy: Policy) -> Iterator[Breach]:
    """A review is published so that the board answers it, and says so in public.

    Working Together to Safeguard Children (2018, ch. 4; 2023, ch. 5) has the safeguarding
    partners publish a local review with their response to its findings and the actions
    they will take; ICAO Annex 13 (6.10) gives a State 90 days to reply to a safety
    recommendation, the analogue used here. A finding counts as answered when a response
    ``RESPONDS_TO`` it or to a recommendation that ``RESTS_ON`` it. Judged at
    ``policy.as_of`` (or the latest day the review records), from the ``published`` date.
    """
    if review.published is None:
        return
    try:
        deadline = review.published + dt.timedelta(days=policy.response_days)
    except OverflowError:  # due after the end of the calendar (year 9999): never late
        return
    today = judged_on(review, policy)
    asked = [("finding", f.id) for f in review.findings]
    asked += [("recommendation", r.id) for r in review.recommendations]
    for what, ident in asked:
        first = responded(review, ident)
        if first is not None and first > deadline:
            yield (
                (ident,),
                f"{what} {ident!r} was first answered on {first}, after the "
                f"{policy.response_days} days from publication on {review.published} "
                f"(by {deadline}); record why the response was late",
            )
        elif first is None and today is not None and today > deadline:
            yield (
                (ident,),
                f"{what} {ident!r} has no board response {(today - review.published).days} "
                f"days after publication on {review.published} (due by {deadline}); record "
                "the board's response and link it responds_to",
            )


@rule(
    "SR602",
    "overdue-action",
    Severity.WARNING,
    "no action is past its due date and neither done nor dropped",
)
def overdue_action(review: Review, policy: Policy) -> Iterator[Breach]:
    """An action past its due date and not done is where learning stalls.

    National reviews (the Child Safeguarding Practice Review Panel's annual reports, and
    the repetition of findings across serious case reviews) show lessons agreed and not
    followed through. Judged at ``policy.as_of`` (or the latest day the review records):
    an action is overdue when its due day is before that day and its status is planned or
    in progress.
    """
    today = judged_on(review, policy)
    if today is None:
        return
    for action in review.actions:
        open_ = action.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
        if open_ and action.due is not None and action.due < today:
            yield (
                (action.id,),
                f"action {action.id!r} was due on {action.due} and is still "
                f"{action.status.label} on {today}; mark it done or dropped, or agree a "
                "new due date",
            )


def _part_of_review(review: Review) -> set[str]:
    """The agencies that took part: involved, employing a practitioner, reviewing, addressed."""
    actors = [e.id for e in review.episodes] + [e.id for e in review.events]
    taking_part = involved_agencies(review, actors)
    for practitioner in review.practitioners:
        taking_part.update(_ends(review, practitioner.id, LinkKind.WORKS_FOR, EntityKind.AGENCY))
    taking_part.update(r.agency_id for r in review.reviewers if r.agency_id is not None)
    for recommendation in review.recommendations:
        taking_part.update(
            _ends(review, recommendation.id, LinkKind.ADDRESSED_TO, EntityKind.AGENCY)
        )
    taking_part.update(a.id for a in review.agencies if a.sector is Sector.SAFEGUARDING_PARTNERSHIP)
    return taking_part


@rule(
    "SR603",
    "action-owner",
    Severity.WARNING,
    "every action is `OWNED_BY` an agency that took part in the review",
)
def action_owner(review: Review, policy: Policy) -> Iterator[Breach]:
    """An action nobody owns, or owned by an agency the review never looked at, is not followed up.

    Working Together (2018, 2023) holds the safeguarding partners to account for the
    improvements a review calls for, agency by agency; ICAO Annex 13 addresses each safety
    recommendation to a named authority. An agency takes part when an episode or event
    involves it, a practitioner works for it, a reviewer belongs to it, a recommendation
    is addressed to it, or it is the safeguarding partnership itself.
    """
    if not review.actions:
        return
    taking_part = _part_of_review(review)
    for action in review.actions:
        owners = _ends(review, action.id, LinkKind.OWNED_BY, EntityKind.AGENCY)
        if not owners:
            yield (
                (action.id,),
                f"action {action.id!r} has no owner; link it owned_by the agency responsible",
            )
        for owner in owners:
            if owner not in taking_part:
                yield (
                    (action.id, owner),
                    f"action {action.id!r} is owned by agency {owner!r}, which took no part "
                    "in the review; link the agency to the episodes it was involved in, or "
                    "give the action to an agency of the review",
                )


def _answered_findings(review: Review, action: Action) -> set[str]:
    findings = set(_ends(review, action.id, LinkKind.ADDRESSES, EntityKind.FINDING))
    for recommendation in _ends(review, action.id, LinkKind.ADDRESSES, EntityKind.RECOMMENDATION):
        findings.update(_ends(review, recommendation, LinkKind.RESTS_ON, EntityKind.FINDING))
    return findings


def _systemic_findings(review: Review) -> set[str]:
    """Findings explained by a local strategic or national factor (as SR406 reads them)."""
    systemic = [f.id for f in review.factors if f.level is not Level.FRONTLINE]
    reached = downstream(review, systemic).union(systemic)
    found = set()
    for finding in review.findings:
        evidence = (
            link.target
            for link in review.links_from(finding.id)
            if link.kind is LinkKind.EVIDENCED_BY
        )
        if any(t in reached for t in evidence):
            found.add(finding.id)
    return found


@rule(
    "SR604",
    "frontline-only-action",
    Severity.WARNING,
    "an action answering a finding that rests on local strategic or national factors does "
    "not address frontline factors alone",
)
def frontline_only_action(review: Review, policy: Policy) -> Iterator[Breach]:
    """Training the front line for a problem made by the system changes nothing.

    Reviews' lessons were "predictable, banal and repetitive" (see staff, share
    information, more training) when the actions stopped at the front line although the
    findings pointed at management systems, tools or national conditions (Munro 2011;
    Fish, Munro and Bairstow 2008). An action that addresses factors, all of them
    frontline, while a finding it answers (directly or through a recommendation) is
    explained by a local strategic or national factor, is reported.
    """
    if not review.actions:
        return
    systemic = _systemic_findings(review)
    for action in review.actions:
        factors = _ends(review, action.id, LinkKind.ADDRESSES, EntityKind.FACTOR)
        if not factors or any(review.factor(f).level is not Level.FRONTLINE for f in factors):
            continue
        deeper = sorted(_answered_findings(review, action) & systemic)
        if deeper:
            yield (
                (action.id, *deeper),
                f"action {action.id!r} addresses frontline factors only, but finding(s) "
                f"{', '.join(map(repr, deeper))} rest on local strategic or national "
                "factors; address those too",
            )


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


@rule(
    "SR605",
    "response-answers-no-question",
    Severity.WARNING,
    "a response to a finding with board questions answers at least one of them",
)
def response_answers_no_question(review: Review, policy: Policy) -> Iterator[Breach]:
    """The board's questions are the finding's point; a response that skips them all misses it.

    Learning Together (Fish, Munro and Bairstow 2008) ends each finding with issues for the
    board to consider, and Working Together (2018, 2023) asks the partners to set out how
    they respond to the findings. A response answers a question when its ``answers`` quote
    it (spacing and case aside).
    """
    for response in review.responses:
        findings = _ends(review, response.id, LinkKind.RESPONDS_TO, EntityKind.FINDING)
        questions = {_words(q) for f in findings for q in review.finding(f).questions}
        if questions and not any(_words(a) in questions for a in response.answers):
            yield (
                (response.id, *findings),
                f"response {response.id!r} answers none of the questions of finding(s) "
                f"{', '.join(map(repr, findings))}; list the questions it answers in "
                "its answers",
            )
