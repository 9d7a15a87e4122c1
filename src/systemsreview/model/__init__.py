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
from systemsreview.model._themes import (
    PATTERN_THEMES,
    PRACTICE_THEMES,
    SUB_PATTERNS,
    SUB_PATTERNS_EXTENSION,
    PracticeTheme,
    SubPattern,
    themes_of,
)
from systemsreview.model._vocab import (
    Appraisal,
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
    "PATTERN_THEMES",
    "PRACTICE_THEMES",
    "SUB_PATTERNS",
    "SUB_PATTERNS_EXTENSION",
    "Agency",
    "Appraisal",
    "Code",
    "ContributoryFactor",
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
    "PracticeTheme",
    "Practitioner",
    "Review",
    "ReviewBuilder",
    "ReviewKind",
    "Reviewer",
    "Sector",
    "Sensitivity",
    "Source",
    "SourceKind",
    "SubPattern",
    "Taxonomy",
    "Valence",
    "crosswalk",
    "find_code",
    "get_taxonomy",
    "register_taxonomy",
    "taxonomies",
    "themes_of",
]
