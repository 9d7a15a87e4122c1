"""systemsreview: a typed, tested data model for systems-approach case reviews.

The public names live here; the submodules hold the layers (``model``, ``graph``, and the
later ``rules``, ``io``, ``query``). Example::

    >>> import systemsreview as sr
    >>> review = sr.examples.domestic_abuse_review()
    >>> review.finding("finding-voice-of-child").pattern
    <Pattern.FAMILY_PROFESSIONAL: 'family_professional'>
"""

from systemsreview import examples
from systemsreview.errors import (
    FormatError,
    FormatVersionError,
    IntegrityError,
    ModelError,
    NotFoundError,
    SystemsReviewError,
)
from systemsreview.graph import SCHEMA, from_networkx, to_networkx
from systemsreview.model import (
    CROSSWALK,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    Agency,
    Appraisal,
    Code,
    ContributoryFactor,
    Entity,
    EntityKind,
    Episode,
    Event,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Period,
    Practitioner,
    Review,
    ReviewBuilder,
    Reviewer,
    ReviewKind,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Taxonomy,
    Valence,
    crosswalk,
    get_taxonomy,
    register_taxonomy,
    taxonomies,
)
from systemsreview.rules import RULES, Policy, Severity, Violation, check, check_strict, redact

__version__ = "0.1.0"

__all__ = [
    "CROSSWALK",
    "LEARNING_TOGETHER",
    "LONDON_PROTOCOL",
    "RULES",
    "SCHEMA",
    "Agency",
    "Appraisal",
    "Code",
    "ContributoryFactor",
    "Entity",
    "EntityKind",
    "Episode",
    "Event",
    "Finding",
    "FormatError",
    "FormatVersionError",
    "IncidentKind",
    "IntegrityError",
    "Level",
    "Link",
    "LinkKind",
    "Method",
    "ModelError",
    "NotFoundError",
    "Pattern",
    "Period",
    "Policy",
    "Practitioner",
    "Review",
    "ReviewBuilder",
    "ReviewKind",
    "Reviewer",
    "Sector",
    "Sensitivity",
    "Severity",
    "Source",
    "SourceKind",
    "SystemsReviewError",
    "Taxonomy",
    "Valence",
    "Violation",
    "__version__",
    "check",
    "check_strict",
    "crosswalk",
    "examples",
    "from_networkx",
    "get_taxonomy",
    "redact",
    "register_taxonomy",
    "taxonomies",
    "to_networkx",
]
