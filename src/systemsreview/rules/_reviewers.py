"""SR5xx, reviewers: a statutory review is led independently of the agencies it reviews."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from systemsreview.model import Review
from systemsreview.rules._content import involved_agencies
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__: list[str] = []


@rule(
    "SR501",
    "no-independent-lead",
    Severity.ERROR,
    "a statutory review has an independent lead reviewer",
)
def no_independent_lead(review: Review, policy: Policy) -> Iterator[Breach]:
    """Statutory guidance requires a statutory review to be led by someone independent.

    Independence of the case and its agencies is what lets the review be believed. Mark
    a lead reviewer with ``lead=True`` and ``independent=True``.
    """
    if not review.kind.statutory:
        return
    if any(r.lead and r.independent for r in review.reviewers):
        return
    yield (
        (review.id,),
        f"{review.kind.label} {review.id!r} is statutory but has no independent lead "
        "reviewer; appoint one (Reviewer(lead=True, independent=True))",
    )


@rule(
    "SR502",
    "reviewer-conflict",
    Severity.ERROR,
    "no lead reviewer belongs to an agency involved in the case",
)
def reviewer_conflict(review: Review, policy: Policy) -> Iterator[Breach]:
    """A lead reviewer from an agency whose practice is under review is marking their own work.

    An agency counts as involved when an episode or event of the review is linked
    ``INVOLVED`` with it, directly or through a practitioner who works for it. Members of
    the review team other than the leads may (and usually do) come from involved agencies.
    """
    leads = [r for r in review.reviewers if r.lead and r.agency_id is not None]
    if not leads:
        return
    actors = itertools.chain((e.id for e in review.episodes), (e.id for e in review.events))
    involved = involved_agencies(review, actors)
    for lead in leads:
        agency = lead.agency_id
        if agency is not None and agency in involved:
            who = f"{lead.role!r}" + (f" of {lead.organisation!r}" if lead.organisation else "")
            yield (
                (agency,),
                f"lead reviewer {who} belongs to agency {agency!r}, which is involved "
                "in the case; appoint a lead from outside the agencies involved",
            )


@rule(
    "SR503",
    "unknown-reviewer-agency",
    Severity.ERROR,
    "a reviewer's agency is an agency of the review",
)
def unknown_reviewer_agency(review: Review, policy: Policy) -> Iterator[Breach]:
    """A reviewer's ``agency_id`` must name an agency of the review, as a link's ends must.

    ``agency_id`` says which of the case's agencies a reviewer belongs to, so that a lead
    from an involved agency can be found (SR502). An id the review does not hold is a typo
    or a dropped agency, and it hides exactly the conflict SR502 looks for. Correct the id,
    add the agency, or leave ``agency_id`` unset for a reviewer from outside the case.
    """
    agencies = {a.id for a in review.agencies}
    for reviewer in review.reviewers:
        agency = reviewer.agency_id
        if agency is not None and agency not in agencies:
            yield (
                (review.id,),
                f"reviewer {reviewer.role!r} belongs to agency {agency!r}, which is not an "
                "agency of the review; correct the id, add the agency, or leave agency_id unset",
            )
