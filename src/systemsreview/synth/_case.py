"""The case of a synthetic review, drawn to the marginals the Review Panel publishes.

The child, the family and characteristics, at the shares the Child Safeguarding Practice
Review Panel reports.

Sources of the figures (as quoted in issue 13 of this project; the tables cited are the
reports' national analyses of serious incident notifications):

- Child Safeguarding Practice Review Panel, *Annual Report 2020: Patterns in practice,
  key messages and 2021 to 2022 work programme* (2021), analysis of serious incident
  notifications: of 206 child deaths, 17 % maltreatment within the family, 8 %
  extra-familial harm, 31 % sudden unexpected death in infancy, 20 % suicide; domestic
  abuse in 42.6 % of non-fatal incidents, parental mental ill-health in 27.3 %.
- Child Safeguarding Practice Review Panel, *Annual Report 2022 to 2023* (2024), analysis
  of rapid reviews: neglect in over half (taken as 52 %), 11 % of school-age children not
  in school and 29 % regularly absent, three quarters known to children's social care, a
  third ever on a child protection plan (current or previous), a fifth looked after.

A review has one subject (the notified child: the Panel counts notifications per child),
a mother, and sometimes a father or a mother's partner. Everything drawn is consistent
(rule SR702): SUDI only for infants, suicide only for teenagers, both only in deaths.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import TypeVar

from systemsreview.model import (
    AgeBand,
    EducationStatus,
    FamilyMember,
    FamilyRole,
    IncidentKind,
    Link,
    LinkKind,
    Sex,
    StatutoryStatus,
    Subject,
)

__all__ = ["DEATH_CAUSES", "MARGINALS", "STATUSES", "Case", "draw_case"]

#: Among deaths: the characteristic of the cause, and its share (Annual Report 2020).
DEATH_CAUSES: dict[str, float] = {
    "physical_abuse": 0.17,  # maltreatment within the family
    "extra_familial_harm": 0.08,
    "sudi": 0.31,
    "suicide": 0.20,
}
#: Shares of reviews (or of subjects) with a characteristic or a status.
MARGINALS: dict[str, float] = {
    "domestic_abuse": 0.426,  # of non-fatal incidents (Annual Report 2020)
    "parental_mental_health": 0.273,  # of non-fatal incidents (Annual Report 2020)
    "neglect": 0.52,  # "over half" (Annual Report 2022 to 2023)
    "not_in_school": 0.11,  # of school-age children (Annual Report 2022 to 2023)
    "regularly_absent": 0.29,  # of school-age children
    "known_to_social_care": 0.75,  # three quarters
    "ever_on_plan": 0.33,  # a third: on a plan, or previously
    "looked_after": 0.20,  # a fifth
}
#: The statutory status of the child, and its share: plans 18 + 15 = 33 %, looked after 20 %.
STATUSES: dict[StatutoryStatus, float] = {
    StatutoryStatus.CHILD_PROTECTION_PLAN: 0.18,
    StatutoryStatus.PREVIOUSLY_ON_PLAN: 0.15,
    StatutoryStatus.LOOKED_AFTER: 0.20,
    StatutoryStatus.CHILD_IN_NEED: 0.15,
    StatutoryStatus.EARLY_HELP: 0.07,
    StatutoryStatus.NONE: 0.25,
}
_KNOWN_STATUSES = frozenset(STATUSES) - {StatutoryStatus.NONE, StatutoryStatus.EARLY_HELP}
# Known to social care: every child with a plan, looked after or in need (68 %), and of the
# rest (32 %) enough to make three quarters in all.
_KNOWN_OTHERWISE = (MARGINALS["known_to_social_care"] - 0.68) / 0.32
_AGES = {
    AgeBand.UNDER_1: 0.30,
    AgeBand.AGE_1_TO_5: 0.20,
    AgeBand.AGE_6_TO_10: 0.15,
    AgeBand.AGE_11_TO_15: 0.25,
    AgeBand.AGE_16_TO_17: 0.10,
}
_SCHOOL_AGE = frozenset({AgeBand.AGE_6_TO_10, AgeBand.AGE_11_TO_15, AgeBand.AGE_16_TO_17})


T = TypeVar("T")


def _choice(rng: random.Random, weights: Mapping[T, float]) -> T:
    return rng.choices(list(weights), list(weights.values()))[0]


class Case:
    """What :func:`draw_case` adds to a review."""

    def __init__(self) -> None:
        self.characteristics: list[str] = []
        self.subjects: list[Subject] = []
        self.family: list[FamilyMember] = []
        self.links: list[Link] = []
        self.aware: dt.date | None = None


def draw_case(
    rng: random.Random, incident: IncidentKind, notified: dt.date | None, episode_ids: list[str]
) -> Case:
    """The case of one review; ``rng`` is used for nothing else."""
    case = Case()
    codes = case.characteristics
    cause: str | None = None
    if incident is IncidentKind.DEATH:
        left = 1 - sum(DEATH_CAUSES.values())
        causes: dict[str | None, float] = {None: left}
        causes.update(DEATH_CAUSES)
        cause = _choice(rng, causes)
        if cause in ("physical_abuse", "extra_familial_harm"):
            codes.append(cause)
    for code in ("domestic_abuse", "neglect"):
        if rng.random() < MARGINALS[code]:
            codes.append(code)
    if cause == "sudi":
        band = AgeBand.UNDER_1
    elif cause == "suicide":
        band = AgeBand.AGE_11_TO_15 if rng.random() < 0.6 else AgeBand.AGE_16_TO_17
    else:
        band = _choice(rng, _AGES)
    education = EducationStatus.NOT_APPLICABLE
    if band in _SCHOOL_AGE:
        education = _choice(
            rng,
            {
                EducationStatus.NOT_IN_SCHOOL: MARGINALS["not_in_school"],
                EducationStatus.REGULARLY_ABSENT: MARGINALS["regularly_absent"],
                EducationStatus.ELECTIVE_HOME_EDUCATION: 0.02,
                EducationStatus.IN_SCHOOL: 0.58,
            },
        )
    status = _choice(rng, STATUSES)
    known = status in _KNOWN_STATUSES or rng.random() < _KNOWN_OTHERWISE
    child = Subject(
        id="child-1",
        age_band=band,
        sex=Sex.FEMALE if rng.random() < 0.47 else Sex.MALE,
        status=status,
        education=education,
        known_to_social_care=known,
        characteristics=(cause,) if cause in ("sudi", "suicide") else (),
    )
    case.subjects.append(child)
    mother = FamilyMember(
        id="mother",
        role=FamilyRole.MOTHER,
        characteristics=("parental_mental_health",)
        if rng.random() < MARGINALS["parental_mental_health"]
        else (),
    )
    case.family.append(mother)
    case.links += [
        Link("mother", child.id, LinkKind.LIVES_WITH),
        Link("mother", child.id, LinkKind.CARES_FOR),
    ]
    if rng.random() < 0.5:
        other = FamilyMember(
            id="father-figure",
            role=FamilyRole.FATHER if rng.random() < 0.6 else FamilyRole.MOTHERS_PARTNER,
        )
        case.family.append(other)
        case.links.append(Link(other.id, child.id, LinkKind.LIVES_WITH))
    for episode in episode_ids:
        if rng.random() < 0.5:
            case.links.append(Link(episode, child.id, LinkKind.CONCERNS))
    if notified is not None and rng.random() < 0.8:
        case.aware = notified - dt.timedelta(days=rng.randint(0, 5))  # in time (SR701)
    return case
