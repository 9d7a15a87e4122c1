"""Which agency each factor is drawn in: the diagrams' one rule for ``SITS_IN`` placements.

A ``SITS_IN`` link places a contributory factor in the agency where it sits. The diagrams
group a factor's box with the other factors of its agency, inside its level band, under the
agency's name as the review records it (:attr:`~systemsreview.model.Agency.name`: an
organisation, never a practitioner or a person of the case). A factor placed in several
agencies (an inter-agency arrangement) is drawn once, in the first of them in the order its
``SITS_IN`` links are recorded, and its box says where else it sits (``also: Police``).

Bad placements never break a picture: a ``SITS_IN`` link whose target is missing (SR102) or
is not an agency (SR103) is left out here, as the rules report it, and a factor with no
placement left is drawn as an unplaced factor.

>>> from systemsreview.examples import hidden_child_review
>>> drawn = placement(hidden_child_review())
>>> drawn["f-incident-by-incident"]
Placement(agency='police', name='Police', also=("Children's social care",))
>>> drawn["f-daily-contact"].name
'Primary school'
"""

from __future__ import annotations

from typing import NamedTuple

from systemsreview.model import Agency, LinkKind, Review

__all__ = ["Placement", "also_text", "placement"]


class Placement(NamedTuple):
    """Where one factor is drawn: the agency's id and name, and the names of the others."""

    agency: str
    name: str
    also: tuple[str, ...] = ()


def placement(review: Review) -> dict[str, Placement]:
    """The agency each placed factor is drawn in (by factor id), with its other agencies."""
    factors = {factor.id for factor in review.factors}
    agencies = {agency.id: agency for agency in review.agencies}
    found: dict[str, list[Agency]] = {}
    for link in review.links:
        if link.kind is not LinkKind.SITS_IN or link.source not in factors:
            continue
        agency = agencies.get(link.target)
        if agency is None or review.get(link.source) is None:
            continue
        where = found.setdefault(link.source, [])
        if agency not in where:
            where.append(agency)
    out: dict[str, Placement] = {}
    for factor_id, where in found.items():
        names = [" ".join(a.name.split()) for a in where]
        others = tuple(dict.fromkeys(n for n in names[1:] if n != names[0]))
        out[factor_id] = Placement(where[0].id, names[0], others)
    return out


def also_text(drawn: Placement) -> str:
    """The note of a factor placed in several agencies (``also: Police``), or ``""``."""
    return f"also: {', '.join(drawn.also)}" if drawn.also else ""
