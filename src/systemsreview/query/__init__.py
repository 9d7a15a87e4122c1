"""Questions asked of one review: causes and effects, who acted, when, and on what evidence.

Every function takes the review first, as networkx functions take the graph, and answers
with entity ids (``review.entity(id)`` gives the object) or with small frozen structures.
They walk the review's O(1) link index, visit each entity at most once, so causal cycles
(rule SR201) never make them loop, and ignore links that break the schema (SR102, SR103).
Ids the review lacks raise :class:`~systemsreview.errors.NotFoundError` naming the closest.

>>> import systemsreview as sr
>>> review = sr.examples.domestic_abuse_review()
>>> sr.upstream_ends(review, "kpe-first-home-visits")
('f-statutory-timescales',)
"""

from systemsreview.query._agencies import (
    agencies_involved,
    episodes_involving,
    findings_evidenced_by,
)
from systemsreview.query._causal import (
    causal_paths,
    causes,
    effects,
    root_causes,
    upstream_ends,
    wider_system,
)
from systemsreview.query._evidence import TrailNode, evidence_trail
from systemsreview.query._interactions import Interaction, InteractionMatrix, interaction_matrix
from systemsreview.query._placement import factors_by_agency, perspectives_of
from systemsreview.query._processes import (
    CHILD_PROTECTION,
    processes_not_recorded,
    statutory_processes,
)
from systemsreview.query._themes import practice_themes
from systemsreview.query._timeline import TimelineEntry, timeline

__all__ = [
    "CHILD_PROTECTION",
    "Interaction",
    "InteractionMatrix",
    "TimelineEntry",
    "TrailNode",
    "agencies_involved",
    "causal_paths",
    "causes",
    "effects",
    "episodes_involving",
    "evidence_trail",
    "factors_by_agency",
    "findings_evidenced_by",
    "interaction_matrix",
    "perspectives_of",
    "practice_themes",
    "processes_not_recorded",
    "root_causes",
    "statutory_processes",
    "timeline",
    "upstream_ends",
    "wider_system",
]
