"""Where factors sit and what each agency thought: factors by agency, views by agency.

A ``SITS_IN`` link places a contributory factor in the agency where it sits (a social care
team's workload, a school's leadership); an episode's perspectives give each agency's own
view at the time. These group both by agency, so a review (or a board) can read, agency
by agency, the conditions that shaped its practice and the reasons it gave.

>>> import attrs
>>> import systemsreview as sr
>>> review = sr.examples.domestic_abuse_review()
>>> placed = attrs.evolve(review, links=(*review.links,
...     sr.Link("f-throughput-culture", "csc", "sits_in"),
...     sr.Link("f-first-home-visit", "csc", "sits_in"),
...     sr.Link("f-police-unsure", "police", "sits_in")))
>>> factors_by_agency(placed)
{'csc': ('f-throughput-culture', 'f-first-home-visit'), 'police': ('f-police-unsure',)}
"""

from __future__ import annotations

from systemsreview.model import EntityKind, LinkKind, Perspective, Review
from systemsreview.query._common import require

__all__ = ["factors_by_agency", "perspectives_of"]


def factors_by_agency(review: Review) -> dict[str, tuple[str, ...]]:
    """The factors sitting in each agency (``SITS_IN``), agencies and factors in review order.

    Agencies no factor sits in are left out, as are links that break the schema (SR103) or
    dangle (SR102). A factor may sit in several agencies (an inter-agency arrangement).
    """
    placed: dict[str, set[str]] = {}
    for factor in review.factors:
        for link in review.links_from(factor.id):
            if link.kind is LinkKind.SITS_IN and review.kind_of(link.target) is EntityKind.AGENCY:
                placed.setdefault(link.target, set()).add(factor.id)
    return {
        a.id: tuple(f.id for f in review.factors if f.id in placed[a.id])
        for a in review.agencies
        if a.id in placed
    }


def perspectives_of(review: Review, agency_id: str) -> tuple[tuple[str, Perspective], ...]:
    """The agency's views at the time: ``(episode id, perspective)`` in episode order.

    Raises:
        NotFoundError: when the review has no agency ``agency_id`` (naming the closest).
    """
    require(review, agency_id, (EntityKind.AGENCY,))
    return tuple(
        (episode.id, view)
        for episode in review.episodes
        for view in episode.perspectives
        if view.agency_id == agency_id
    )
