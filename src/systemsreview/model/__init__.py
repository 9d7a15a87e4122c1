"""The typed review model: frozen attrs classes, vocabularies and factor taxonomies.

The model knows nothing of formats or graphs; it validates each object's own fields and
leaves facts that span a review to :mod:`systemsreview.rules`.
"""

from systemsreview.model._builder import ReviewBuilder
from systemsreview.model._entities import (
    Agency,
    ContributoryFactor,
    Entity,
    Episode,
    Event,
    Finding,
    Link,
    Period,
    Practitioner,
    Source,
)
from systemsreview.model._extensions import Extensions
from systemsreview.model._loop import Action, Recommendation, Response
from systemsreview.model._review import ENTITY_CLASSES, Review, Reviewer
from systemsreview.model._taxonomy import (
    CROSSWALK,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    Code,
    Taxonomy,
    crosswalk,
    find_code,
    get_taxonomy,
    register_taxonomy,
    taxonomies,
)
from systemsreview.model._vocab import (
    ActionStatus,
    Appraisal,
    Decision,
    EntityKind,
    IncidentKind,
    Level,
    LinkKind,
    Method,
    Pattern,
    ReviewKind,
    Sector,
    Sensitivity,
    SourceKind,
    Valence,
)

__all__ = [
    "CROSSWALK",
    "ENTITY_CLASSES",
    "LEARNING_TOGETHER",
    "LONDON_PROTOCOL",
    "Action",
    "ActionStatus",
    "Agency",
    "Appraisal",
    "Code",
    "ContributoryFactor",
    "Decision",
    "Entity",
    "EntityKind",
    "Episode",
    "Event",
    "Extensions",
    "Finding",
    "IncidentKind",
    "Level",
    "Link",
    "LinkKind",
    "Method",
    "Pattern",
    "Period",
    "Practitioner",
    "Recommendation",
    "Response",
    "Review",
    "ReviewBuilder",
    "ReviewKind",
    "Reviewer",
    "Sector",
    "Sensitivity",
    "Source",
    "SourceKind",
    "Taxonomy",
    "Valence",
    "crosswalk",
    "find_code",
    "get_taxonomy",
    "register_taxonomy",
    "taxonomies",
]
