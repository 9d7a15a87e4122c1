"""The JSON path a violation is about, from its subjects and the review's collections.

A :class:`~systemsreview.rules.Violation` names entity ids (its ``subjects``); the review
document holds each entity at ``$.<collection>[<index>]``. Link rules (SR102-SR105) are
about a link, found by its ends and the kind their message names; SR502 is about a lead
reviewer's agency; a milestone rule (SR303, SR304) is about the first milestone its message
names; anything else about the review as a whole is at ``$``.

>>> from systemsreview.examples import domestic_abuse_review
>>> from systemsreview.rules import Violation
>>> review = domestic_abuse_review()
>>> locator = Locator(review)
>>> locator.locate(Violation(code="SR404", severity="warning", message="...",
...                          subjects=(review.episodes[2].id,)))
('$.episodes[2]', 'kpe-school-talks')
>>> locator.locate(Violation(code="SR501", severity="error", message="...",
...                          subjects=(review.id,)))
('$', 'lscb-2011-da')
>>> locator.locate(Violation(code="SR303", severity="error", subjects=(review.id,),
...                          message="review 'r' was completed on 2011-04-01, before ..."))
('$.completed', 'lscb-2011-da')
"""

from __future__ import annotations

import re
from functools import cached_property

from systemsreview.model import EntityKind, Review
from systemsreview.rules import Violation

__all__ = ["COLLECTIONS", "Locator"]

#: The review's entity collections, as named in its JSON document.
COLLECTIONS = tuple(kind.plural for kind in EntityKind)
_LINK_RULES = frozenset({"SR102", "SR103", "SR104", "SR105"})
_LINK_KIND = re.compile(r" -\[(\w+)\]-> ")
_QUESTION = re.compile(r"\bquestion (\d+) of finding\b")
_MILESTONE = re.compile(r"\b(notified|decided|completed|published) on\b")
#: SR305 names the milestone that is missing, not one that is set.
_MISSING = (
    (re.compile(r"\bwhen it was (notified|decided)\b"), None),
    (re.compile(r"\bcompletion date is not recorded\b"), "completed"),
    (re.compile(r"\bneither its decision\b"), "decided"),
)


class Locator:
    """Finds the JSON path of violations in one review (indexes built on first use)."""

    def __init__(self, review: Review) -> None:
        self.review = review

    @cached_property
    def _entities(self) -> dict[str, list[str]]:
        paths: dict[str, list[str]] = {}
        for name in COLLECTIONS:
            for index, entity in enumerate(getattr(self.review, name)):
                paths.setdefault(entity.id, []).append(f"$.{name}[{index}]")
        return paths

    @cached_property
    def _links(self) -> dict[tuple[str, str, str], list[int]]:
        found: dict[tuple[str, str, str], list[int]] = {}
        for index, link in enumerate(self.review.links):
            found.setdefault((link.source, link.target, link.kind.value), []).append(index)
        return found

    def locate(self, violation: Violation) -> tuple[str, str | None]:
        """The JSON path of what ``violation`` is about, and the entity id concerned."""
        subjects = violation.subjects
        if not subjects:
            return "$", None
        path = self._special(violation)
        if path is not None:
            return path, subjects[0]
        for subject in subjects:
            paths = self._entities.get(subject)
            if paths:
                if violation.code == "SR403":
                    return self._question(violation, subject, paths), subject
                # SR101 is about the second holder of an id: the first one is fine.
                duplicate = violation.code == "SR101" and len(paths) > 1
                return paths[1] if duplicate else paths[0], subject
        if len(subjects) > 1:  # ids no entity holds (a cycle through dangling links)
            ends = {subjects[0], subjects[1]}
            for (source, target, _), indexes in self._links.items():
                if {source, target} == ends:
                    return f"$.links[{indexes[0]}]", subjects[0]
        return "$", subjects[0]

    def _special(self, violation: Violation) -> str | None:
        """The path for rules about a link, a lead reviewer or a milestone, if found."""
        subjects = violation.subjects
        if violation.code in _LINK_RULES:
            return self._link(violation)
        if violation.code == "SR502":
            for index, reviewer in enumerate(self.review.reviewers):
                if reviewer.lead and reviewer.agency_id == subjects[0]:
                    return f"$.reviewers[{index}].agency_id"
        if violation.code == "SR305" and subjects == (self.review.id,):
            for pattern, missing in _MISSING:
                match = pattern.search(violation.message)
                if match is not None:
                    return f"$.{missing or match.group(1)}"
        if violation.code in ("SR303", "SR304") and subjects == (self.review.id,):
            milestone = _MILESTONE.search(violation.message)
            if milestone is not None:
                return f"$.{milestone.group(1)}"
        return None

    def _question(self, violation: Violation, subject: str, paths: list[str]) -> str:
        """The path of the question an SR403 message names, in the finding that holds it."""
        match = _QUESTION.search(violation.message)
        if match is None:
            return paths[0]
        index = int(match.group(1)) - 1
        for finding in self.review.findings:
            questions = finding.questions
            if (
                finding.id == subject
                and index < len(questions)
                and repr(questions[index]) in violation.message
            ):
                position = self.review.findings.index(finding)
                return f"$.findings[{position}].questions[{index}]"
        return paths[0]

    def _link(self, violation: Violation) -> str | None:
        source = violation.subjects[0]
        target = violation.subjects[1] if len(violation.subjects) > 1 else source
        match = _LINK_KIND.search(violation.message)
        if match:
            kinds = [match.group(1)]
        else:
            kinds = [k for s, t, k in self._links if (s, t) == (source, target)]
        for kind in kinds:
            indexes = self._links.get((source, target, kind))
            if indexes:
                # SR105 is about the repeats: the first copy is the one to keep.
                repeat = violation.code == "SR105" and len(indexes) > 1
                return f"$.links[{indexes[1] if repeat else indexes[0]}]"
        return None
