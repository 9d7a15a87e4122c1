"""SR7xx, the case: the serious incident notified in time, and a case that is consistent.

Anything that would identify a person (a subject's or a family member's id that looks
like a name or holds a date) is refused when the object is built
(:func:`~systemsreview.model.identifying_id`), not reported here: identifying data must
never enter a review, so there is nothing for a rule to find afterwards, and a dataset or
JSON document holding it is refused on reading.
"""

from __future__ import annotations

from collections.abc import Iterator

from systemsreview.model import (
    AgeBand,
    EducationStatus,
    IncidentKind,
    Review,
    StatutoryStatus,
    Subject,
    SubjectRole,
)
from systemsreview.rules._calendar import working_days_between
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._time import delay_advice
from systemsreview.rules._violation import Severity

__all__ = ["NOTIFICATION_WORKING_DAYS", "contradictions"]

#: Working days the local authority has to notify the Panel of a serious incident, from
#: the day it became aware (Working Together to Safeguard Children 2018, ch. 4 para 15;
#: 2023, ch. 5 para 5.8).
NOTIFICATION_WORKING_DAYS = 5

# Five working days never span more than this many calendar days (weekends and at most
# four bank holidays over Christmas and Easter), so a longer gap is late without counting.
_SURELY_LATE = 21


@rule(
    "SR701",
    "late-notification",
    Severity.WARNING,
    "a serious incident is notified within 5 working days of the local authority becoming "
    "aware of it (bank holidays of `policy.nation` excluded)",
)
def late_notification(review: Review, policy: Policy) -> Iterator[Breach]:
    """The Panel hears of a serious incident within five working days.

    The Children Act 2004, s16C (inserted by the Children and Social Work Act 2017, s30),
    requires a local authority in England to notify the Child Safeguarding Practice Review
    Panel of a serious incident; Working Together to Safeguard Children (2018, ch. 4; 2023,
    ch. 5) sets the timescale: within five working days of becoming aware of it.

    A late notification delays the rapid review and the Panel's decisions. The rule needs
    both ``aware`` and ``notified``; working days are Monday to Friday less the bank
    holidays of ``policy.nation``.
    """
    aware, notified = review.aware, review.notified
    if aware is None or notified is None or notified <= aware:
        return
    gap = (notified - aware).days
    if gap > _SURELY_LATE:
        took = f"{gap} calendar days"
    else:
        days = working_days_between(aware, notified, policy.holidays)
        if days <= NOTIFICATION_WORKING_DAYS:
            return
        took = f"{days} working days"
    yield (
        (review.id,),
        f"review {review.id!r}: the serious incident was notified on {notified}, {took} after "
        f"the local authority became aware of it on {aware} (the limit is "
        f"{NOTIFICATION_WORKING_DAYS} working days); "
        + (
            delay_advice(review)
            if review.delay_reason.strip()
            else "record the reason for the delay in Review.delay_reason, or correct the dates"
        ),
    )


_INFANTS = frozenset({AgeBand.UNDER_1, AgeBand.AGE_1_TO_5})
_CHILD_STATUSES = frozenset(
    {
        StatutoryStatus.EARLY_HELP,
        StatutoryStatus.CHILD_IN_NEED,
        StatutoryStatus.CHILD_PROTECTION_PLAN,
        StatutoryStatus.LOOKED_AFTER,
    }
)
_ADULT_STATUSES = frozenset(
    {
        StatutoryStatus.ADULT_CARE_NEEDS_ASSESSED,
        StatutoryStatus.ADULT_CARE_AND_SUPPORT_PLAN,
        StatutoryStatus.ADULT_SAFEGUARDING_ENQUIRY,
    }
)
_DEATHS = frozenset({"sudi", "suicide"})


def contradictions(subject: Subject, incident: IncidentKind) -> list[str]:
    """What in ``subject``'s record contradicts itself, in words (empty when nothing does).

    >>> contradictions(Subject(id="c", age_band="under_1", education="not_in_school"),
    ...                IncidentKind.DEATH)
    ["an infant under 1 cannot have an education status ('not_in_school')"]
    """
    found: list[str] = []
    band, codes = subject.age_band, set(subject.characteristics)
    child = not band.adult and band is not AgeBand.NOT_KNOWN
    status = repr(subject.status.value)
    if band is AgeBand.UNDER_1 and subject.education is not EducationStatus.NOT_APPLICABLE:
        found.append(
            f"an infant under 1 cannot have an education status ({subject.education.value!r})"
        )
    if band.adult and subject.status in _CHILD_STATUSES:
        found.append(f"an adult ({band.label}) cannot have the child status {status}")
    if child and subject.status in _ADULT_STATUSES:
        found.append(f"a child ({band.label}) cannot have the adult status {status}")
    if subject.role is SubjectRole.ADULT_AT_RISK and child:
        found.append(f"an adult at risk cannot be in the age band {band.label!r}")
    young_adult = subject.role is SubjectRole.YOUNG_PERSON and band is AgeBand.AGE_18_TO_24
    if subject.role is not SubjectRole.ADULT_AT_RISK and band.adult and not young_adult:
        found.append(f"a {subject.role.label} cannot be in the adult age band {band.label!r}")
    if "sudi" in codes and band not in _INFANTS and band is not AgeBand.NOT_KNOWN:
        found.append(f"sudden unexpected death in infancy at age {band.label}")
    if "suicide" in codes and band in _INFANTS:
        found.append(f"suicide at age {band.label}")
    if codes >= _DEATHS:
        found.append("both sudden unexpected death in infancy and suicide")
    if codes & _DEATHS and incident not in (IncidentKind.DEATH, IncidentKind.OTHER):
        found.append(f"a death ({', '.join(sorted(codes & _DEATHS))}) in a {incident.label} case")
    return found


@rule(
    "SR702",
    "contradictory-case",
    Severity.ERROR,
    "a subject's age band, statuses and characteristics agree with each other and with "
    "the incident",
)
def contradictory_case(review: Review, policy: Policy) -> Iterator[Breach]:
    """A subject's record does not contradict itself.

    National analyses (the Panel's annual reports) count subjects by age band, status,
    schooling and characteristics; a record that contradicts itself (an infant "not in
    school", a child with an adult's Care Act status, sudden unexpected death in infancy
    at 14, a suicide in a near miss) is a slip that would skew them.

    Education applies from school age (not under 1); Care Act statuses (Care Act 2014, ss9,
    25, 42) apply to adults, child statuses (Children Act 1989, ss17, 47, 31) to children;
    SUDI is a death of an infant (under 2, so the under 1 and 1-5 bands); a death recorded
    as a characteristic needs a death (or an unclassified) incident.
    """
    for subject in review.subjects:
        for problem in contradictions(subject, review.incident):
            yield (
                (subject.id,),
                f"subject {subject.id!r}: {problem}; correct the record",
            )
