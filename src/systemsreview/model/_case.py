"""The case itself: the subjects at the centre of a review and their family.

A :class:`Subject` is the child, young person or adult at risk the review is about (a
review may have several, such as siblings); a :class:`FamilyMember` is a role in the
household or family. Neither ever holds what identifies a person: an age band at the
incident stands for a date of birth, a role for a name, and ids are checked not to look
like a person's name or a date (:func:`identifying_id`).

Relations are links: a family member ``LIVES_WITH`` or ``CARES_FOR`` a subject, and an
episode or a chronology event ``CONCERNS`` the subjects and family members it involves.
Case characteristics (:mod:`._characteristics`) are attached by code.

>>> Subject(id="child-a", age_band="6_10", sex="female").education
<EducationStatus.NOT_APPLICABLE: 'not_applicable'>
>>> Subject(id="Jane Smith", age_band="6_10")
Traceback (most recent call last):
...
systemsreview.errors.ModelError: Subject.id: got 'Jane Smith'; expected an id that does not ...
>>> FamilyMember(id="mother", role="mother", characteristics=["domestic_abus"])
Traceback (most recent call last):
...
systemsreview.errors.ModelError: FamilyMember.characteristics of 'mother': 'domestic_abus' ...
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._characteristics import (
    find_characteristic,
    unknown_characteristic_message,
)
from systemsreview.model._extensions import (
    EMPTY,
    Extensions,
    pretty_with_extensions,
    repr_with_extensions,
    to_extensions,
    valid_extensions,
)
from systemsreview.model._vocab import (
    AgeBand,
    EducationStatus,
    EntityKind,
    Ethnicity,
    FamilyRole,
    Sex,
    StatutoryStatus,
    SubjectRole,
    member_repr,
)

__all__ = [
    "DATE_PATTERN",
    "NAME_PATTERN",
    "FamilyMember",
    "Subject",
    "identifying_id",
    "valid_characteristics",
]

_ROLE_WORDS = (
    "Adult|Baby|Boy|Brother|Carer|Child|Daughter|Father|Girl|Grandfather|Grandmother|"
    "Grandparent|Infant|Mother|Older|Partner|Person|Sibling|Sister|Son|Step|Subject|"
    "Young|Younger"
)
_END = r"(?![\s\S])"  # the end of the text (``$`` would also match before a final newline)
#: A person's name: two or more capitalised words ("Jane Smith", "Mary-Ann O'Neil"), none
#: of them a word of a role ("Child A", "Older Sibling" are how reviews anonymise). One
#: pattern for :func:`identifying_id` and the JSON Schema (Python and ECMA regex alike).
NAME_PATTERN = (
    rf"^(?![\s\S]*(?:^|[ _.])(?:{_ROLE_WORDS})(?:[ _.]|{_END}))"
    rf"[A-Z][a-z'\-]+(?:[ _.][A-Z][a-z'\-]+)+{_END}"
)
#: A date, in the forms records use: 2010-03-04, 04/03/2010, 4.3.10, 20100304.
DATE_PATTERN = (
    r"(?:^|[^0-9])(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.]"
    r"[0-9]{2,4}|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))(?:[^0-9]|"
    + _END
    + ")"
)
_NAME, _DATE = re.compile(NAME_PATTERN), re.compile(DATE_PATTERN)


def identifying_id(value: str) -> str | None:
    """Why an id would identify a person (a name or a date in it), or ``None``.

    >>> identifying_id("child-a"), identifying_id("Jane Smith"), identifying_id("c-2010-03-04")
    (None, 'it looks like a name', 'it holds a date')
    >>> identifying_id("Child A"), identifying_id("Older Sibling")
    (None, None)
    """
    if _NAME.search(value):
        return "it looks like a name"
    if _DATE.search(value):
        return "it holds a date"
    return None


def _anonymous_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    c.non_empty(instance, attribute, value)
    why = identifying_id(str(value))
    if why is not None:
        expected = (
            f"an id that does not identify a person ({why}); use a role or a letter, "
            "such as 'child-a'"
        )
        c.fail(instance, attribute, value, expected)


def valid_characteristics(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a tuple of registered characteristic codes, each at most once."""
    c.strings(instance, attribute, value)
    codes: tuple[str, ...] = value  # type: ignore[assignment]  # a tuple of str by now
    for code in codes:
        if find_characteristic(code) is None:
            msg = f"{c.where(instance, attribute)}: {unknown_characteristic_message(code)}"
            raise ModelError(msg)
    if len(set(codes)) != len(codes):
        twice = next(x for x in codes if codes.count(x) > 1)
        c.fail(instance, attribute, value, f"each code once ({twice!r} is repeated)")


def to_subject_role(value: SubjectRole | str) -> SubjectRole:
    return c.coerce(SubjectRole, value)


def to_age_band(value: AgeBand | str) -> AgeBand:
    return c.coerce(AgeBand, value)


def to_sex(value: Sex | str) -> Sex:
    return c.coerce(Sex, value)


def to_ethnicity(value: Ethnicity | str) -> Ethnicity:
    return c.coerce(Ethnicity, value)


def to_status(value: StatutoryStatus | str) -> StatutoryStatus:
    return c.coerce(StatutoryStatus, value)


def to_education(value: EducationStatus | str) -> EducationStatus:
    return c.coerce(EducationStatus, value)


def to_family_role(value: FamilyRole | str) -> FamilyRole:
    return c.coerce(FamilyRole, value)


@attrs.frozen(kw_only=True)
class Subject:
    """The child, young person or adult at risk at the centre of the review.

    Attributes:
        role: child, young person or adult at risk.
        age_band: the age at the incident, in bands (never a date of birth).
        sex: as recorded.
        ethnicity: an ONS high-level group, or ``not_recorded``.
        disability: whether the subject had a disability recorded.
        status: the statutory status at the time (for adults, the Care Act equivalents).
        education: the education status at the time (``not_applicable`` out of school age).
        known_to_social_care: whether children's (or adults') social care knew the subject.
        characteristics: codes of registered case characteristics.
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.SUBJECT
    id: str = attrs.field(validator=_anonymous_id)
    role: SubjectRole = attrs.field(
        default=SubjectRole.CHILD,
        converter=to_subject_role,
        validator=c.member_of(SubjectRole),
        repr=member_repr,
    )
    age_band: AgeBand = attrs.field(
        converter=to_age_band, validator=c.member_of(AgeBand), repr=member_repr
    )
    sex: Sex = attrs.field(
        default=Sex.NOT_KNOWN, converter=to_sex, validator=c.member_of(Sex), repr=member_repr
    )
    ethnicity: Ethnicity = attrs.field(
        default=Ethnicity.NOT_RECORDED,
        converter=to_ethnicity,
        validator=c.member_of(Ethnicity),
        repr=member_repr,
    )
    disability: bool = attrs.field(default=False, validator=c.a_bool)
    status: StatutoryStatus = attrs.field(
        default=StatutoryStatus.NONE,
        converter=to_status,
        validator=c.member_of(StatutoryStatus),
        repr=member_repr,
    )
    education: EducationStatus = attrs.field(
        default=EducationStatus.NOT_APPLICABLE,
        converter=to_education,
        validator=c.member_of(EducationStatus),
        repr=member_repr,
    )
    known_to_social_care: bool = attrs.field(default=False, validator=c.a_bool)
    characteristics: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_strings, validator=valid_characteristics
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


@attrs.frozen(kw_only=True)
class FamilyMember:
    """A member of the subject's household or family, by role (never by name).

    Whom they live with or care for are ``LIVES_WITH`` and ``CARES_FOR`` links to subjects;
    the episodes that involve them ``CONCERNS`` links to them.
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.FAMILY_MEMBER
    id: str = attrs.field(validator=_anonymous_id)
    role: FamilyRole = attrs.field(
        converter=to_family_role, validator=c.member_of(FamilyRole), repr=member_repr
    )
    characteristics: tuple[str, ...] = attrs.field(
        default=(), converter=c.to_strings, validator=valid_characteristics
    )
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions
