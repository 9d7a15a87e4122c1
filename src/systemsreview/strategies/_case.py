"""The case in generated reviews: subjects, their family and characteristics, consistent.

:func:`build_case` adds the case to a review under construction (:mod:`._valid`): one
block of bytes per subject and per family member, every decision shrinking toward the
plainest record (a child under 1, sex not known, no status, no characteristics). What is
drawn never contradicts itself (rule SR702): education only from school age, child
statuses for children and Care Act statuses for adults, sudden unexpected death in
infancy only for infants and suicide only for older subjects, both only in a death.
:func:`subjects` and :func:`family_members` give single objects, for ``st.from_type``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from hypothesis import strategies as st

from systemsreview.model import (
    CHARACTERISTICS,
    AgeBand,
    EducationStatus,
    Ethnicity,
    FamilyMember,
    FamilyRole,
    IncidentKind,
    LinkKind,
    Sex,
    StatutoryStatus,
    Subject,
    SubjectRole,
)
from systemsreview.strategies._choices import Choices

__all__ = ["build_case", "family_members", "subjects"]

_BANDS = tuple(b for b in AgeBand)
_INFANTS = (AgeBand.UNDER_1, AgeBand.AGE_1_TO_5)
_CHILD_STATUSES = (
    StatutoryStatus.NONE,
    StatutoryStatus.EARLY_HELP,
    StatutoryStatus.CHILD_IN_NEED,
    StatutoryStatus.CHILD_PROTECTION_PLAN,
    StatutoryStatus.LOOKED_AFTER,
    StatutoryStatus.PREVIOUSLY_ON_PLAN,
)
_ADULT_STATUSES = (
    StatutoryStatus.NONE,
    StatutoryStatus.PREVIOUSLY_ON_PLAN,
    StatutoryStatus.CARE_LEAVER,
    StatutoryStatus.ADULT_CARE_NEEDS_ASSESSED,
    StatutoryStatus.ADULT_CARE_AND_SUPPORT_PLAN,
    StatutoryStatus.ADULT_SAFEGUARDING_ENQUIRY,
)
_SCHOOLING = tuple(EducationStatus)[::-1]  # not applicable first: the plainest
_ETHNICITIES = tuple(Ethnicity)[::-1]  # not recorded first
_DEATHS = ("sudi", "suicide")
_OTHER_CODES = tuple(c.code for c in CHARACTERISTICS if c.code not in _DEATHS)
_FAMILY_CODES = (
    "domestic_abuse",
    "parental_mental_health",
    "parental_substance_misuse",
    "parental_learning_disability",
)


def subject(c: Choices, ident: str, incident: IncidentKind) -> Subject:
    """One consistent subject, from one block of bytes."""
    c.start(9)
    band = c.pick(_BANDS)
    adult = band.adult
    if adult:
        role = SubjectRole.ADULT_AT_RISK
    elif band in (AgeBand.AGE_16_TO_17, AgeBand.AGE_11_TO_15):
        role = c.pick((SubjectRole.CHILD, SubjectRole.YOUNG_PERSON))
    else:
        role = SubjectRole.CHILD
    statuses: Sequence[StatutoryStatus] = _ADULT_STATUSES if adult else _CHILD_STATUSES
    if band is AgeBand.NOT_KNOWN:
        statuses = (StatutoryStatus.NONE, StatutoryStatus.PREVIOUSLY_ON_PLAN)
    schooled = not adult and band is not AgeBand.UNDER_1
    codes = c.some(_OTHER_CODES, 3)
    if incident is IncidentKind.DEATH and c.chance():
        death = "sudi" if band in _INFANTS else "suicide"
        if band is not AgeBand.NOT_KNOWN:
            codes.append(death)
    return Subject(
        id=ident,
        role=role,
        age_band=band,
        sex=c.pick((Sex.NOT_KNOWN, Sex.FEMALE, Sex.MALE)),
        ethnicity=c.pick(_ETHNICITIES),
        disability=c.chance(),
        status=c.pick(statuses),
        education=c.pick(_SCHOOLING) if schooled else EducationStatus.NOT_APPLICABLE,
        known_to_social_care=c.chance(),
        characteristics=tuple(codes),
    )


def family_member(c: Choices, ident: str) -> FamilyMember:
    """One family member by role, from one block of bytes."""
    c.start(3)
    return FamilyMember(
        id=ident, role=c.pick(tuple(FamilyRole)), characteristics=tuple(c.some(_FAMILY_CODES, 2))
    )


def build_case(
    c: Choices,
    counts: dict[str, int],
    incident: IncidentKind,
    add: Callable[[str, str, LinkKind], None],
    episode_ids: list[str],
) -> tuple[list[Subject], list[FamilyMember]]:
    """Subjects and family members, linked to each other and to the episodes.

    Each member lives with (and may care for) a subject; episodes concern the subjects
    and members they involve.

    ``add(source, target, kind)`` adds one link (the builder's, which keeps each once).
    """
    link = add
    found = [subject(c, ident, incident) for ident in _ids("child", counts["subjects"])]
    family = [family_member(c, ident) for ident in _ids("member", counts["family"])]
    subject_ids = [s.id for s in found]
    for member in family:
        if not subject_ids:
            break
        c.start(3)
        target = c.pick(subject_ids)
        link(member.id, target, LinkKind.LIVES_WITH)
        if c.chance():
            link(member.id, target, LinkKind.CARES_FOR)
    people = subject_ids + [m.id for m in family]
    for episode in episode_ids if people else ():
        c.start(2)
        if c.chance():
            link(episode, c.pick(people), LinkKind.CONCERNS)
    return found, family


def aware_before(c: Choices, notified: dt.date) -> dt.date | None:
    """The day the local authority became aware, or ``None``.

    Up to five calendar days before notification, so within five working days (SR701).
    """
    c.start(2)
    if not c.chance():
        return None
    return notified - dt.timedelta(days=c.below(6))


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{i}" for i in range(1, count + 1)]


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    """Single consistent subjects (registered for ``st.from_type(Subject)``)."""
    c = Choices(draw)
    c.start(2)
    incident = c.pick(tuple(IncidentKind))
    return subject(c, f"child-{c.between(1, 99)}", incident)


@st.composite
def family_members(draw: st.DrawFn) -> FamilyMember:
    """Single family members (registered for ``st.from_type(FamilyMember)``)."""
    c = Choices(draw)
    c.start(1)
    return family_member(c, f"member-{c.between(1, 99)}")
