"""Controlled vocabularies of the model, as ``StrEnum``s that compare equal to their JSON strings.

>>> Pattern.TOOLS == "tools"
True
>>> Level("local_strategic").label
'local strategic'

Inside an entity's ``repr`` a member shows as the code that names it, so the repr of a
review pastes back as Python (:func:`member_repr`):

>>> member_repr(Level.FRONTLINE)
'Level.FRONTLINE'
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = [
    "ActionStatus",
    "AgeBand",
    "Appraisal",
    "Decision",
    "EducationStatus",
    "EntityKind",
    "Ethnicity",
    "FamilyRole",
    "IncidentKind",
    "Level",
    "LinkKind",
    "Method",
    "Pattern",
    "ReviewKind",
    "Sector",
    "Sensitivity",
    "Sex",
    "SourceKind",
    "StatutoryStatus",
    "SubjectRole",
    "Valence",
    "member_repr",
    "with_article",
]


class _Vocabulary(enum.StrEnum):
    """A vocabulary whose values are stable snake_case strings, shown in plain words."""

    @property
    def label(self) -> str:
        """The value in plain words, for reports."""
        return _LABELS.get(self.value, self.value.replace("_", " "))


def member_repr(member: enum.Enum) -> str:
    """The Python expression naming ``member``, such as ``Sector.POLICE``.

    Entities use it for their enum fields, so that ``repr`` of a review is code that
    rebuilds it (with the public names of :mod:`systemsreview` and :mod:`datetime` in scope).
    """
    return f"{type(member).__name__}.{member.name}"


def _repr_pretty(member: enum.Enum, printer: Any, cycle: bool) -> None:
    """Show a member as code (``Sector.POLICE``) in IPython's and Hypothesis's pretty output."""
    printer.text(member_repr(member))


# The IPython protocol Hypothesis also follows; set after the class is made because Enum
# reserves _sunder_ names in a class body.
setattr(_Vocabulary, "_repr_pretty_", _repr_pretty)  # noqa: B010


class Sector(_Vocabulary):
    """The sector an agency belongs to."""

    SOCIAL_CARE = "social_care"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    EARLY_YEARS = "early_years"
    PROBATION = "probation"
    HOUSING = "housing"
    ADULT_SOCIAL_CARE = "adult_social_care"
    SUBSTANCE_MISUSE = "substance_misuse"
    VOLUNTARY = "voluntary"
    LEGAL = "legal"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership"
    OTHER = "other"


class ReviewKind(_Vocabulary):
    """The kind of review, which fixes its statutory status and timescale."""

    SERIOUS_CASE_REVIEW = "serious_case_review"
    RAPID_REVIEW = "rapid_review"
    LOCAL_PRACTICE_REVIEW = "local_practice_review"
    NATIONAL_REVIEW = "national_review"
    CHILD_PRACTICE_REVIEW = "child_practice_review"
    SAFEGUARDING_ADULTS_REVIEW = "safeguarding_adults_review"
    PATIENT_SAFETY_INVESTIGATION = "patient_safety_investigation"
    LEARNING_REVIEW = "learning_review"
    NEAR_MISS = "near_miss"
    HEALTH_CHECK = "health_check"

    @property
    def statutory(self) -> bool:
        """Whether the law requires this kind of review (and so an independent lead)."""
        return self in _STATUTORY


_STATUTORY = frozenset(
    {
        ReviewKind.SERIOUS_CASE_REVIEW,
        ReviewKind.RAPID_REVIEW,
        ReviewKind.LOCAL_PRACTICE_REVIEW,
        ReviewKind.NATIONAL_REVIEW,
        ReviewKind.CHILD_PRACTICE_REVIEW,
        ReviewKind.SAFEGUARDING_ADULTS_REVIEW,
    }
)


class Method(_Vocabulary):
    """The review method followed."""

    LEARNING_TOGETHER = "learning_together"
    LONDON_PROTOCOL = "london_protocol"
    SILP = "silp"
    ACCIMAP = "accimap"
    CAST = "cast"
    HFACS = "hfacs"
    INDIVIDUAL_MANAGEMENT_REVIEWS = "individual_management_reviews"
    OTHER = "other"


class IncidentKind(_Vocabulary):
    """What prompted the review."""

    DEATH = "death"
    SERIOUS_HARM = "serious_harm"
    NEAR_MISS = "near_miss"
    HEALTH_CHECK = "health_check"
    OTHER = "other"


class Appraisal(_Vocabulary):
    """The appraisal of an episode's practice, made with hindsight."""

    GOOD = "good"
    PROBLEMATIC = "problematic"
    MIXED = "mixed"


class Level(_Vocabulary):
    """Where a contributory factor sits in the system."""

    FRONTLINE = "frontline"
    LOCAL_STRATEGIC = "local_strategic"
    NATIONAL = "national"


class Pattern(_Vocabulary):
    """The Learning Together typology of underlying patterns (six kinds of finding)."""

    INCIDENTS_AND_CRISES = "incidents_and_crises"
    LONGER_TERM_WORK = "longer_term_work"
    HUMAN_REASONING = "human_reasoning"
    FAMILY_PROFESSIONAL = "family_professional"
    TOOLS = "tools"
    MANAGEMENT_SYSTEMS = "management_systems"


class Valence(_Vocabulary):
    """Whether a factor or a pattern supports safe practice or hinders it.

    For findings, ``SUPPORTIVE`` is the typology's *constructive* pattern and ``HINDERING``
    its *unsafe* one.
    """

    HINDERING = "hindering"
    SUPPORTIVE = "supportive"


class SourceKind(_Vocabulary):
    """Where a piece of evidence came from."""

    RECORD = "record"
    CONVERSATION = "conversation"
    DOCUMENT = "document"
    AUDIT = "audit"
    INSPECTION = "inspection"
    FAMILY = "family"
    COURT = "court"
    AGENCY_REPORT = "agency_report"
    MEDIA = "media"
    GUIDANCE = "guidance"
    RESEARCH = "research"
    OTHER = "other"


class Sensitivity(_Vocabulary):
    """Whether an entity may appear in the published version of a review."""

    PUBLIC = "public"
    RESTRICTED = "restricted"


class LinkKind(_Vocabulary):
    """The typed relations between entities (see :mod:`systemsreview.graph` for the schema)."""

    CONTRIBUTED_TO = "contributed_to"
    INVOLVED = "involved"
    WORKS_FOR = "works_for"
    PART_OF = "part_of"
    EVIDENCED_BY = "evidenced_by"
    RESTS_ON = "rests_on"
    ADDRESSED_TO = "addressed_to"
    RESPONDS_TO = "responds_to"
    ADDRESSES = "addresses"
    OWNED_BY = "owned_by"
    CONCERNS = "concerns"
    LIVES_WITH = "lives_with"
    CARES_FOR = "cares_for"


class Decision(_Vocabulary):
    """A board's decision on a finding or a recommendation (the learning loop)."""

    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    NOT_ACCEPTED = "not_accepted"


class ActionStatus(_Vocabulary):
    """Where an action agreed in response to a review stands."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class EntityKind(_Vocabulary):
    """The kinds of entity a review holds: the node kinds of its graph."""

    AGENCY = "agency"
    PRACTITIONER = "practitioner"
    EVENT = "event"
    EPISODE = "episode"
    FACTOR = "factor"
    FINDING = "finding"
    SOURCE = "source"
    RECOMMENDATION = "recommendation"
    RESPONSE = "response"
    ACTION = "action"
    SUBJECT = "subject"
    FAMILY_MEMBER = "family_member"

    @property
    def plural(self) -> str:
        """The name of the review field (and of the dataset table) holding this kind."""
        return _PLURALS[self]

    @property
    def singular(self) -> str:
        """The kind with its article, for messages: ``"an agency"``, ``"a factor"``."""
        return with_article(self.value)


class SubjectRole(_Vocabulary):
    """Who a subject of the review is: the person at the centre of the case."""

    CHILD = "child"
    YOUNG_PERSON = "young_person"
    ADULT_AT_RISK = "adult_at_risk"


class AgeBand(_Vocabulary):
    """A subject's age at the incident, in the Panel's bands (never a date of birth)."""

    UNDER_1 = "under_1"
    AGE_1_TO_5 = "1_5"
    AGE_6_TO_10 = "6_10"
    AGE_11_TO_15 = "11_15"
    AGE_16_TO_17 = "16_17"
    AGE_18_TO_24 = "18_24"
    AGE_25_TO_64 = "25_64"
    AGE_65_PLUS = "65_plus"
    NOT_KNOWN = "not_known"

    @property
    def adult(self) -> bool:
        """Whether the band is of adults (18 or over)."""
        return self in (AgeBand.AGE_18_TO_24, AgeBand.AGE_25_TO_64, AgeBand.AGE_65_PLUS)


class Sex(_Vocabulary):
    """A subject's sex as recorded in the notification."""

    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known"


class Ethnicity(_Vocabulary):
    """The ONS high-level ethnic groups (2021 Census), or not recorded."""

    ASIAN = "asian"
    BLACK = "black"
    MIXED = "mixed"
    WHITE = "white"
    OTHER = "other"
    NOT_RECORDED = "not_recorded"


class StatutoryStatus(_Vocabulary):
    """A subject's statutory status at the time of the incident.

    For adults the Care Act 2014 equivalents: assessed as having care and support needs
    (s9), a care and support plan (s25), a safeguarding enquiry (s42).
    """

    NONE = "none"
    EARLY_HELP = "early_help"
    CHILD_IN_NEED = "child_in_need"
    CHILD_PROTECTION_PLAN = "child_protection_plan"
    LOOKED_AFTER = "looked_after"
    PREVIOUSLY_ON_PLAN = "previously_on_plan"
    CARE_LEAVER = "care_leaver"
    ADULT_CARE_NEEDS_ASSESSED = "adult_care_needs_assessed"
    ADULT_CARE_AND_SUPPORT_PLAN = "adult_care_and_support_plan"
    ADULT_SAFEGUARDING_ENQUIRY = "adult_safeguarding_enquiry"


class EducationStatus(_Vocabulary):
    """A subject's education at the time (``not_applicable`` below or above school age)."""

    IN_SCHOOL = "in_school"
    REGULARLY_ABSENT = "regularly_absent"
    NOT_IN_SCHOOL = "not_in_school"
    ELECTIVE_HOME_EDUCATION = "elective_home_education"
    NOT_APPLICABLE = "not_applicable"


class FamilyRole(_Vocabulary):
    """A family member's role in the household or family (never a name)."""

    MOTHER = "mother"
    FATHER = "father"
    MOTHERS_PARTNER = "mothers_partner"
    FATHERS_PARTNER = "fathers_partner"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    OTHER_CARER = "other_carer"


def with_article(word: str) -> str:
    """``word`` after "a" or "an", as it is spoken: ``"an episode"``, ``"a finding"``.

    >>> with_article("episode"), with_article("factor")
    ('an episode', 'a factor')
    """
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


_PLURALS = {
    EntityKind.AGENCY: "agencies",
    EntityKind.PRACTITIONER: "practitioners",
    EntityKind.EVENT: "events",
    EntityKind.EPISODE: "episodes",
    EntityKind.FACTOR: "factors",
    EntityKind.FINDING: "findings",
    EntityKind.SOURCE: "sources",
    EntityKind.RECOMMENDATION: "recommendations",
    EntityKind.RESPONSE: "responses",
    EntityKind.ACTION: "actions",
    EntityKind.SUBJECT: "subjects",
    EntityKind.FAMILY_MEMBER: "family",
}

#: Plain words where the value's own words would mislead (looked up by value).
_LABELS: dict[str, str] = {
    Pattern.INCIDENTS_AND_CRISES.value: "multi-agency working in response to incidents and crises",
    Pattern.LONGER_TERM_WORK.value: "multi-agency working in assessment and longer-term work",
    Pattern.HUMAN_REASONING.value: "human reasoning: cognitive and emotional biases",
    Pattern.FAMILY_PROFESSIONAL.value: "family-professional interactions",
    Pattern.TOOLS.value: "tools",
    Pattern.MANAGEMENT_SYSTEMS.value: "management systems",
    Method.SILP.value: "significant incident learning process",
    "agency_report": "agency report (such as an IMR)",
    "court": "court or trial evidence",
    Method.HFACS.value: "human factors analysis and classification system",
    Method.CAST.value: "causal analysis based on STAMP",
    Method.ACCIMAP.value: "AcciMap",
    AgeBand.AGE_1_TO_5.value: "1-5",
    AgeBand.AGE_6_TO_10.value: "6-10",
    AgeBand.AGE_11_TO_15.value: "11-15",
    AgeBand.AGE_16_TO_17.value: "16-17",
    AgeBand.AGE_18_TO_24.value: "18-24",
    AgeBand.AGE_25_TO_64.value: "25-64",
    AgeBand.AGE_65_PLUS.value: "65 and over",
    FamilyRole.MOTHERS_PARTNER.value: "mother's partner",
    FamilyRole.FATHERS_PARTNER.value: "father's partner",
}
