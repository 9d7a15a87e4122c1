"""systemsreview: a typed, tested data model for systems-approach case reviews.

The public names live here; the submodules hold the layers (``model``, ``graph``, and the
later ``rules``, ``io``, ``query``). Example::

    >>> import systemsreview as sr
    >>> review = sr.examples.domestic_abuse_review()
    >>> review.finding("finding-voice-of-child").pattern
    <Pattern.FAMILY_PROFESSIONAL: 'family_professional'>
"""

from systemsreview import examples
from systemsreview.corpus import Corpus
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

__version__ = "0.1.0"

__all__ = [
    "CROSSWALK",
    "LEARNING_TOGETHER",
    "LONDON_PROTOCOL",
    "SCHEMA",
    "Agency",
    "Appraisal",
    "Code",
    "ContributoryFactor",
    "Corpus",
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
    "Practitioner",
    "Review",
    "ReviewBuilder",
    "ReviewKind",
    "Reviewer",
    "Sector",
    "Sensitivity",
    "Source",
    "SourceKind",
    "SystemsReviewError",
    "Taxonomy",
    "Valence",
    "__version__",
    "crosswalk",
    "examples",
    "from_networkx",
    "get_taxonomy",
    "register_taxonomy",
    "taxonomies",
    "to_networkx",
]
