"""How the diagrams name the people of the case: by role and age band, never more.

A subject is drawn as ``Child, aged 6-10``, a family member as ``Mother``. Nothing else of
theirs reaches a picture: not the id (however anonymous), not sex, ethnicity or disability
(which, with a place and a date, can single a child out), not the characteristics. Where
two people would read the same, they are numbered in review order (``Child 1, aged 6-10``,
``Child 2, aged 6-10``), which says only that there were two.

>>> from systemsreview.examples import domestic_abuse_review
>>> case_labels(domestic_abuse_review())
{'child-a': 'Child 1, aged 6-10', 'child-b': 'Child 2, aged 6-10', 'mother': 'Mother'}
"""

from __future__ import annotations

from collections import Counter

from systemsreview.model import AgeBand, FamilyMember, Review, Subject

__all__ = ["case_labels"]


def _role(person: Subject | FamilyMember) -> str:
    label = person.role.label
    return label[:1].upper() + label[1:]


def _age(subject: Subject) -> str:
    if subject.age_band is AgeBand.NOT_KNOWN:
        return "age not known"
    return f"aged {subject.age_band.label}"


def case_labels(review: Review) -> dict[str, str]:
    """Each subject's and family member's label, by id (the first of a repeated id wins)."""
    people: list[tuple[str, str, str]] = []  # id, role, the rest
    seen: set[str] = set()
    everyone: list[Subject | FamilyMember] = [*review.subjects, *review.family]
    for person in everyone:
        if person.id in seen:
            continue
        seen.add(person.id)
        rest = _age(person) if isinstance(person, Subject) else ""
        people.append((person.id, _role(person), rest))
    repeated = Counter((role, rest) for _, role, rest in people)
    numbers: Counter[tuple[str, str]] = Counter()
    labels = {}
    for person_id, role, rest in people:
        name = role
        if repeated[role, rest] > 1:
            numbers[role, rest] += 1
            name = f"{role} {numbers[role, rest]}"
        labels[person_id] = f"{name}, {rest}" if rest else name
    return labels
