"""The review's context: its team's roles, parallel proceedings and related reviews.

Vocabularies and small frozen records held by :class:`~systemsreview.model.Review` beside
its entities (format 5.0 / JSON version 5). None of them is an entity: they have no id
of their own and no link joins them.

>>> Proceeding("inquest", status="concluded")
Proceeding(kind=ProceedingKind.INQUEST, status=ProceedingStatus.CONCLUDED, note='')
>>> RelatedReview("deeper_analysis_of", review_id="scr-2019-b").relation.label
'deeper analysis of'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._vocab import Method, _Vocabulary, member_repr

__all__ = [
    "Proceeding",
    "ProceedingKind",
    "ProceedingStatus",
    "RelatedReview",
    "ReviewRelation",
    "ReviewerRole",
    "methods_repr",
    "non_blank_texts",
    "reviewer_role",
    "to_methods",
    "valid_methods",
]


class ReviewerRole(_Vocabulary):
    """A member's role in the review team, as statutory guidance names them."""

    CHAIR = "chair"
    LEAD_REVIEWER = "lead_reviewer"
    OVERVIEW_AUTHOR = "overview_author"
    INDEPENDENT_REVIEWER = "independent_reviewer"
    PANEL_MEMBER = "panel_member"
    REVIEW_TEAM_MEMBER = "review_team_member"
    OTHER = "other"


class ProceedingKind(_Vocabulary):
    """A process running beside the review that may shape or delay it."""

    CRIMINAL_INVESTIGATION = "criminal_investigation"
    CRIMINAL_TRIAL = "criminal_trial"
    INQUEST = "inquest"
    CARE_PROCEEDINGS = "care_proceedings"
    DOMESTIC_HOMICIDE_REVIEW = "domestic_homicide_review"
    SAFEGUARDING_ADULTS_REVIEW = "safeguarding_adults_review"
    DISCIPLINARY = "disciplinary"
    PROFESSIONAL_REGULATION = "professional_regulation"
    OTHER = "other"


class ProceedingStatus(_Vocabulary):
    """Where a parallel proceeding stood when the review recorded it."""

    NOT_RECORDED = "not_recorded"
    PENDING = "pending"
    ONGOING = "ongoing"
    CONCLUDED = "concluded"


class ReviewRelation(_Vocabulary):
    """How another review relates to this one (read: *this review* <relation> *the other*)."""

    FOLLOWS_UP = "follows_up"
    FOLLOWED_UP_BY = "followed_up_by"
    DEEPER_ANALYSIS_OF = "deeper_analysis_of"
    ANALYSED_FURTHER_IN = "analysed_further_in"
    EARLIER_REVIEW_OF_FAMILY = "earlier_review_of_family"
    PARALLEL_REVIEW = "parallel_review"
    OTHER = "other"


def _to_role(value: ReviewerRole | str) -> ReviewerRole:
    return c.coerce(ReviewerRole, value)


def _to_kind(value: ProceedingKind | str) -> ProceedingKind:
    return c.coerce(ProceedingKind, value)


def _to_status(value: ProceedingStatus | str) -> ProceedingStatus:
    return c.coerce(ProceedingStatus, value)


def _to_relation(value: ReviewRelation | str) -> ReviewRelation:
    return c.coerce(ReviewRelation, value)


# Role texts of reports (and of format 4.0's free-text role) that name a vocabulary role.
_ROLE_WORDS: dict[str, ReviewerRole] = {
    "chair": ReviewerRole.CHAIR,
    "independent chair": ReviewerRole.CHAIR,
    "panel chair": ReviewerRole.CHAIR,
    "lead reviewer": ReviewerRole.LEAD_REVIEWER,
    "lead": ReviewerRole.LEAD_REVIEWER,
    "independent lead reviewer": ReviewerRole.LEAD_REVIEWER,
    "overview author": ReviewerRole.OVERVIEW_AUTHOR,
    "author": ReviewerRole.OVERVIEW_AUTHOR,
    "independent author": ReviewerRole.OVERVIEW_AUTHOR,
    "independent reviewer": ReviewerRole.INDEPENDENT_REVIEWER,
    "panel member": ReviewerRole.PANEL_MEMBER,
    "review panel member": ReviewerRole.PANEL_MEMBER,
    "review team member": ReviewerRole.REVIEW_TEAM_MEMBER,
    "review team": ReviewerRole.REVIEW_TEAM_MEMBER,
    "other": ReviewerRole.OTHER,
}


def reviewer_role(text: str) -> tuple[ReviewerRole, str]:
    """The vocabulary role a free-text role names, and the text to keep beside it.

    A text that is a role's value or its words (``"lead reviewer"``, ``"Chair"``) gives
    that role and no text; any other text gives :attr:`ReviewerRole.OTHER` and keeps the
    text. Format 4.0 datasets and JSON version 4 documents are migrated with it.

    >>> [(role.value, text) for role, text in map(reviewer_role, ["Lead reviewer", "consultant"])]
    [('lead_reviewer', ''), ('other', 'consultant')]
    """
    words = " ".join(text.replace("_", " ").split()).lower()
    found = _ROLE_WORDS.get(words)
    if found is not None and words == found.label:
        return found, ""
    if found is not None:
        return found, text
    return ReviewerRole.OTHER, text


def to_methods(value: Method | str | Iterable[Method | str]) -> tuple[Method, ...]:
    """One method or several as a tuple of :class:`Method` (unknown values left to refuse)."""
    items: Iterable[Any] = (value,) if isinstance(value, str) else value
    try:
        return tuple(c.coerce(Method, item) for item in items)
    except TypeError:
        return value  # type: ignore[return-value]  # left for the validator to reject


def methods_repr(value: tuple[Method, ...]) -> str:
    """The methods as code: ``(Method.SILP, Method.ACCIMAP)``."""
    items = [member_repr(m) if isinstance(m, Method) else repr(m) for m in value]
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def valid_methods(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """At least one :class:`Method`, none twice."""
    allowed = ", ".join(repr(m.value) for m in Method)
    if not isinstance(value, tuple) or not value:
        c.fail(instance, attribute, value, f"one or more Methods, from {allowed}")
    items: tuple[object, ...] = value  # type: ignore[assignment]  # a tuple by now
    for i, item in enumerate(items):
        if not isinstance(item, Method):
            c.fail(instance, attribute, item, f"a Method at position {i}, one of {allowed}")
    if len(set(items)) != len(items):
        c.fail(instance, attribute, value, "each method once")


def non_blank_texts(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a tuple of strings, none empty or blank."""
    c.strings(instance, attribute, value)
    items: tuple[str, ...] = value  # type: ignore[assignment]  # checked just above
    for i, item in enumerate(items):
        if not item.strip():
            c.fail(instance, attribute, item, f"a non-empty string at position {i}")


@attrs.frozen
class Proceeding:
    """A process running beside the review: a criminal trial, an inquest, care proceedings.

    Attributes:
        kind: what kind of proceeding it is.
        status: where it stood when the review recorded it (``not_recorded`` by default).
        note: free text, such as what it meant for the review's timing (may be empty).
    """

    kind: ProceedingKind = attrs.field(
        converter=_to_kind, validator=c.member_of(ProceedingKind), repr=member_repr
    )
    status: ProceedingStatus = attrs.field(
        default=ProceedingStatus.NOT_RECORDED,
        kw_only=True,
        converter=_to_status,
        validator=c.member_of(ProceedingStatus),
        repr=member_repr,
    )
    note: str = attrs.field(default="", kw_only=True, validator=c.text)


def _named(instance: RelatedReview, attribute: attrs.Attribute[Any], value: str) -> None:
    c.text(instance, attribute, value)
    if value and not value.strip():
        c.fail(instance, attribute, value, "a non-blank string, or '' when unknown")
    if attribute.name == "title" and not (instance.review_id or value):
        msg = (
            "RelatedReview: neither review_id nor title is given; name the other review "
            "by its id, its title or both"
        )
        raise ModelError(msg)


@attrs.frozen
class RelatedReview:
    """Another review this one relates to, by its id (in a corpus), its title or both.

    Attributes:
        relation: how this review relates to the other one.
        review_id: the other review's id, or ``""`` when it is not in any corpus at hand.
        title: the other review's title, or ``""`` (one of the two must be given).
        note: free text about the relation (may be empty).
    """

    relation: ReviewRelation = attrs.field(
        converter=_to_relation, validator=c.member_of(ReviewRelation), repr=member_repr
    )
    review_id: str = attrs.field(default="", kw_only=True, validator=_named)
    title: str = attrs.field(default="", kw_only=True, validator=_named)
    note: str = attrs.field(default="", kw_only=True, validator=c.text)
