"""``reviews_violating(code)``: a valid review, then one change that breaks rule ``code``.

Each :class:`Mutation` takes a review from :func:`~systemsreview.strategies.reviews` and
makes one change. None of the changes breaks a second rule, so ``check`` reports exactly
that code (the ``also`` field of a mutation would name any other rule it must break, and is
empty for all of them). The new entities that some changes add have ids with the prefix
``x-``, which the valid reviews never use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from random import Random
from typing import Any

import attrs
from hypothesis import strategies as st

from systemsreview.errors import ModelError
from systemsreview.model import Review, ReviewKind
from systemsreview.rules import DEFAULT_TIMESCALES, RULES
from systemsreview.strategies import _changes as c
from systemsreview.strategies import _changes_chron as chron
from systemsreview.strategies import _changes_loop as loop
from systemsreview.strategies import _changes_placement as placement
from systemsreview.strategies._valid import reviews

__all__ = ["MUTATIONS", "Mutation", "reviews_violating"]


@attrs.frozen
class Mutation:
    """How :func:`reviews_violating` breaks one rule.

    Attributes:
        code: the rule broken.
        how: the change made to a valid review, in words.
        also: other rules the change necessarily breaks too (none, for every code).
        base: keyword arguments for :func:`~systemsreview.strategies.reviews`.
        change: the change itself, given the review and a source of choices.
    """

    code: str
    how: str
    change: Callable[[Review, Random], Review] = attrs.field(repr=False)
    also: tuple[str, ...] = ()
    base: Mapping[str, Any] = attrs.field(factory=dict)


_TIMED = st.sampled_from(sorted(DEFAULT_TIMESCALES))
_STATUTORY = st.sampled_from([kind for kind in ReviewKind if kind.statutory])
_STATEMENT = ("Agencies should share information more effectively.",)

#: How each rule is broken, by code, in code order.
MUTATIONS: Mapping[str, Mutation] = {
    m.code: m
    for m in (
        Mutation("SR101", "add a second agency with an existing agency's id", c.duplicate_id),
        Mutation("SR102", "link an episode evidenced_by an id the review lacks", c.dangling),
        Mutation("SR103", "link an agency works_for another agency", c.mismatch),
        Mutation("SR104", "link an episode evidenced_by itself", c.self_link),
        Mutation("SR105", "repeat one of the links, with a note", c.duplicate_link),
        Mutation("SR201", "reverse a contributed_to link from a factor, closing a cycle", c.cycle),
        Mutation(
            "SR202",
            "add an episode on the day after the scope (widening the scope by that day) "
            "that contributed_to an existing episode",
            c.effect_before_cause,
        ),
        Mutation("SR301", "add an event dated after the scope", c.outside_scope),
        Mutation(
            "SR302",
            "add a one-day episode on the scope's first day, and a later event part_of it",
            c.event_outside_episode,
        ),
        Mutation(
            "SR303",
            "date publication before the milestone before it (in a review with no responses "
            "or actions, whose response deadline would move)",
            c.milestones,
            base={"responses": 0, "actions": 0},
        ),
        Mutation(
            "SR304",
            "complete a review that has a timescale after its deadline (unpublished), "
            "moving its milestones to 2024 when no edition of the guidance times it (in a "
            "review with no responses or actions, whose days would not move with them)",
            c.late,
            base={"kind": _TIMED, "responses": 0, "actions": 0},
        ),
        Mutation(
            "SR305",
            "complete a review that has a timescale, forgetting the milestone its clock "
            "starts from (moving its milestones to 2024 when no edition times it; in a "
            "review with no responses or actions)",
            c.untimed,
            base={"kind": _TIMED, "responses": 0, "actions": 0},
        ),
        Mutation(
            "SR306",
            "add a section 47 enquiry in scope, with no strategy discussion typed as one",
            chron.enquiry_without_discussion,
        ),
        Mutation(
            "SR307",
            "add a strategy discussion on the scope's first day and an initial child "
            "protection conference 30 to 90 days later (widening the scope to it), with no "
            "other strategy discussion typed as one",
            chron.late_conference,
        ),
        Mutation("SR401", "add a finding with no evidence", c.unevidenced),
        Mutation(
            "SR402",
            "add a finding, evidenced by an episode, with no question",
            c.finding_asking(()),
        ),
        Mutation(
            "SR403",
            "add a finding, evidenced by an episode, whose question is a statement",
            c.finding_asking(_STATEMENT),
        ),
        Mutation("SR404", "add a problematic episode that no factor contributed to", c.unexplained),
        Mutation("SR405", "add a factor that contributes to nothing", c.orphan),
        Mutation(
            "SR406",
            "add a frontline factor that contributed_to a new episode, and a finding "
            "evidenced by that episode alone",
            c.frontline_only,
        ),
        Mutation(
            "SR407",
            "appraise good episodes as mixed and make every factor and finding hindering",
            c.no_good_practice,
        ),
        Mutation(
            "SR408",
            "replace the involved links of every episode by one to a single agency (in a "
            "review with no actions, whose owners would take no part)",
            c.single_agency,
            base={"actions": 0},
        ),
        Mutation(
            "SR409",
            "blank the view at the time of one episode, and drop its perspectives",
            c.no_local_rationality,
        ),
        Mutation(
            "SR410",
            "give an episode a perspective of an agency id the review does not hold",
            placement.unknown_perspective,
        ),
        Mutation(
            "SR411",
            "add an agency with no part in the case, and give an episode its perspective",
            placement.uninvolved_perspective,
        ),
        Mutation(
            "SR412",
            "add a national factor contributing to an episode and sitting in an agency",
            placement.national_factor_in_agency,
        ),
        Mutation(
            "SR501",
            "make every lead reviewer of a statutory review not independent",
            c.no_independent_lead,
            base={"kind": _STATUTORY},
        ),
        Mutation(
            "SR502",
            "add a lead reviewer from an agency an episode involved",
            c.conflicted_lead,
        ),
        Mutation(
            "SR503",
            "add a review team member from an agency the review does not hold",
            c.unknown_reviewer_agency,
        ),
        Mutation(
            "SR601",
            "publish the review if it is not, and add a finding first answered after the "
            "response days (in a review with no actions, which would fall overdue)",
            loop.late_response,
            base={"actions": 0},
        ),
        Mutation(
            "SR602",
            "add a planned action due before the completion of another, done action",
            loop.overdue_action,
        ),
        Mutation(
            "SR603",
            "add an agency with no part in the case, owning a new dropped action",
            loop.owner_outside,
        ),
        Mutation(
            "SR604",
            "add a finding resting on a systemic factor, and a dropped action addressing it "
            "and a new frontline factor only",
            loop.frontline_only_action,
        ),
        Mutation(
            "SR605",
            "add a response to a finding quoting a question the finding does not ask",
            loop.unanswering_response,
        ),
        Mutation(
            "SR701",
            "set the day the local authority became aware 22 to 120 days before notification",
            c.late_notification,
        ),
        Mutation(
            "SR702",
            "add a subject under 1 with an education status (an infant not in school)",
            c.infant_not_in_school,
        ),
    )
}


@st.composite
def _violating(draw: st.DrawFn, mutation: Mutation) -> Review:
    review = draw(reviews(**mutation.base))
    return mutation.change(review, draw(st.randoms(use_true_random=False)))


def reviews_violating(code: str) -> st.SearchStrategy[Review]:
    """Reviews that break rule ``code`` (and, for every code, no other rule).

    Each is a review from :func:`reviews` with one change (see :data:`MUTATIONS`).

    >>> from hypothesis import given, settings
    >>> from systemsreview.rules import check
    >>> @settings(max_examples=10, deadline=None)
    ... @given(reviews_violating("SR201"))
    ... def test_cycles_are_found(review):
    ...     assert {v.code for v in check(review)} == {"SR201"}
    >>> test_cycles_are_found()

    Raises:
        ModelError: for a code that is not a rule's.
    """
    mutation = MUTATIONS.get(code)
    if mutation is None:
        msg = f"reviews_violating({code!r}): no rule has that code; codes are {', '.join(RULES)}"
        raise ModelError(msg)
    return _violating(mutation)
