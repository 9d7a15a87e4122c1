"""SR410-SR412: where views and factors sit: agencies' perspectives, factors in agencies.

An episode's perspectives (:class:`~systemsreview.model.Perspective`) give each agency's
own view at the time; a ``SITS_IN`` link places a contributory factor in the agency where it
sits (a school's leadership, a social care team's admin support).
"""

from __future__ import annotations

from collections.abc import Iterator

from systemsreview.model import EntityKind, Level, LinkKind, Review
from systemsreview.rules._content import involved_agencies
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__: list[str] = []


@rule(
    "SR410",
    "unknown-perspective-agency",
    Severity.ERROR,
    "an episode's perspectives are views of agencies of the review",
)
def unknown_perspective_agency(review: Review, policy: Policy) -> Iterator[Breach]:
    """A perspective's ``agency_id`` must name an agency of the review, as a link's ends must.

    The view at the time is an agency's: an id the review does not hold (a typo, a dropped
    agency, a practitioner's id) leaves the view with no one to belong to. Correct the id or
    add the agency.
    """
    for episode in review.episodes:
        for perspective in episode.perspectives:
            agency = perspective.agency_id
            if review.kind_of(agency) is not EntityKind.AGENCY:
                what = "not an entity of the review"
                kind = review.kind_of(agency)
                if kind is not None:
                    what = f"{kind.singular}, not an agency"
                yield (
                    (episode.id, agency),
                    f"episode {episode.id!r} has a perspective of {agency!r}, which is {what}; "
                    "correct the agency id or add the agency",
                )


@rule(
    "SR411",
    "perspective-of-uninvolved-agency",
    Severity.WARNING,
    "an episode's perspectives are views of agencies involved in it",
)
def perspective_of_uninvolved_agency(review: Review, policy: Policy) -> Iterator[Breach]:
    """The view at the time belongs to those who acted in the episode.

    An agency counts as involved when the episode, or an event ``PART_OF`` it, is linked
    ``INVOLVED`` with the agency, directly or through a practitioner who works for it. A
    perspective of another agency is usually a missing ``INVOLVED`` link, or the view of
    an agency commenting from outside (which belongs in the hindsight, not the view then).
    """
    for episode in review.episodes:
        views = [
            p.agency_id
            for p in episode.perspectives
            if review.kind_of(p.agency_id) is EntityKind.AGENCY
        ]
        if not views:
            continue
        parts = [
            link.source
            for link in review.links_to(episode.id)
            if link.kind is LinkKind.PART_OF and review.kind_of(link.source) is EntityKind.EVENT
        ]
        involved = involved_agencies(review, [episode.id, *parts])
        for agency in views:
            if agency not in involved:
                yield (
                    (episode.id, agency),
                    f"episode {episode.id!r} has a perspective of agency {agency!r}, which it "
                    "does not involve; link the episode involved with the agency (or one of "
                    "its practitioners), or move the view out of the perspectives",
                )


@rule(
    "SR412",
    "national-factor-in-agency",
    Severity.WARNING,
    "a factor placed in an agency sits below national level",
)
def national_factor_in_agency(review: Review, policy: Policy) -> Iterator[Breach]:
    """A national factor (law, guidance, inspection, national IT) sits in no one local agency.

    ``SITS_IN`` places a factor in the organisation whose conditions it describes: a team's
    workload, a school's leadership, a board's procedures. A factor at the national level
    placed in a local agency is one or the other: either it is how that agency applies a
    national requirement (a local strategic factor), or it is national and the link should
    go. Where the agency is itself a national body, the warning may be ignored.
    """
    for factor in review.factors:
        if factor.level is not Level.NATIONAL:
            continue
        for link in review.links_from(factor.id):
            if link.kind is LinkKind.SITS_IN:
                yield (
                    (factor.id, link.target),
                    f"national factor {factor.id!r} sits in agency {link.target!r}; make it "
                    "a local strategic factor of that agency, or remove the sits_in link",
                )
