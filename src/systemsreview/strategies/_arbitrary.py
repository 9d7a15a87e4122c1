"""``arbitrary_reviews()``: anything the model's constructors accept, sound or not.

For properties that must hold of every review, however broken: lossless round trips
through JSON and Parquet, and rules that report rather than raise. Ids come from a small
pool (so they repeat across entities, SR101) plus occasional fresh ones (so links dangle,
SR102); links join any ids with any kind (schema mismatches, self-links, repeats, cycles);
dates span the whole calendar; optional text is often empty; text is any unicode; half
the reviews carry extension data (any JSON) on some of their objects.
"""

from __future__ import annotations

from hypothesis import strategies as st

from systemsreview.model import (
    CHARACTERISTICS,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    AgeBand,
    Agency,
    Appraisal,
    ContributoryFactor,
    EducationStatus,
    Episode,
    Ethnicity,
    Event,
    FamilyMember,
    FamilyRole,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Pattern,
    Period,
    Practitioner,
    Review,
    ReviewKind,
    Sector,
    Sensitivity,
    Sex,
    Source,
    SourceKind,
    StatutoryStatus,
    Subject,
    SubjectRole,
    Valence,
    identifying_id,
)
from systemsreview.strategies._context import (
    any_methods,
    any_proceedings,
    any_related,
    any_reviewers,
)
from systemsreview.strategies._extensions import with_extensions
from systemsreview.strategies._loop_entities import actions, recommendations, responses
from systemsreview.strategies._text import any_text, non_blank

__all__ = ["arbitrary_reviews"]

_POOL = ("a", "b", "c", "kpe-1", "f-1", "police", "ü", "日本", "x y", " padded ", "a/b.c", "0")
_IDS = st.sampled_from(_POOL) | non_blank()
_TEXT, _NAME = any_text(), non_blank()
_DATES = st.dates()
_OPTIONAL_DATE = st.none() | _DATES


@st.composite
def _ordered_periods(draw: st.DrawFn) -> Period:
    # A composite, not st.builds(helper, ...): Hypothesis would print a value built by a
    # private helper as a call to it, and the falsifying example would not paste back.
    first, second = draw(_DATES), draw(_DATES)
    return Period(min(first, second), max(first, second))


_PERIODS = _ordered_periods()
_CODES = {
    level: sorted(
        code for t in (LEARNING_TOGETHER, LONDON_PROTOCOL) for code in t if t[code].level is level
    )
    for level in Level
}

_AGENCIES = st.builds(Agency, id=_IDS, name=_NAME, sector=st.sampled_from(Sector))
_PRACTITIONERS = st.builds(Practitioner, id=_IDS, role=_NAME)
_EVENTS = st.builds(
    Event, id=_IDS, when=_DATES, description=_NAME, sensitivity=st.sampled_from(Sensitivity)
)
_EPISODES = st.builds(
    Episode,
    id=_IDS,
    title=_NAME,
    period=_PERIODS,
    appraisal=st.sampled_from(Appraisal),
    what_happened=_TEXT,
    view_at_the_time=_TEXT,
    hindsight=_TEXT,
)
_FACTORS = st.sampled_from(Level).flatmap(
    lambda level: st.builds(
        ContributoryFactor,
        id=_IDS,
        description=_NAME,
        level=st.just(level),
        category=st.sampled_from(_CODES[level]),
        valence=st.sampled_from(Valence),
    )
)
_FINDINGS = st.builds(
    Finding,
    id=_IDS,
    statement=_NAME,
    pattern=st.sampled_from(Pattern),
    valence=st.sampled_from(Valence),
    in_this_case=_TEXT,
    why_not_a_one_off=_TEXT,
    prevalence=_TEXT,
    why_it_matters=_TEXT,
    questions=st.lists(_TEXT, max_size=3).map(tuple),
)
_SOURCES = st.builds(
    Source,
    id=_IDS,
    kind=st.sampled_from(SourceKind),
    description=_NAME,
    sensitivity=st.sampled_from(Sensitivity),
)
# A subject's or family member's id never identifies a person (refused on construction).
_ANONYMOUS_IDS = _IDS.filter(lambda ident: identifying_id(ident) is None)
_CASE_CODES = st.lists(st.sampled_from([c.code for c in CHARACTERISTICS]), max_size=3, unique=True)
_SUBJECTS = st.builds(
    Subject,
    id=_ANONYMOUS_IDS,
    role=st.sampled_from(SubjectRole),
    age_band=st.sampled_from(AgeBand),
    sex=st.sampled_from(Sex),
    ethnicity=st.sampled_from(Ethnicity),
    disability=st.booleans(),
    status=st.sampled_from(StatutoryStatus),
    education=st.sampled_from(EducationStatus),
    known_to_social_care=st.booleans(),
    characteristics=_CASE_CODES.map(tuple),
)
_FAMILY = st.builds(
    FamilyMember,
    id=_ANONYMOUS_IDS,
    role=st.sampled_from(FamilyRole),
    characteristics=_CASE_CODES.map(tuple),
)
_LINKS = st.builds(
    Link,
    _IDS,
    _IDS,
    st.sampled_from(LinkKind),
    note=_TEXT,
    locator=st.just("") | _TEXT,
    quote=st.just("") | _TEXT,
)


@st.composite
def _links_with_reversals(draw: st.DrawFn) -> tuple[Link, ...]:
    """Links, some followed by their reverse (so cycles are common); a composite, as above."""
    out: list[Link] = []
    for link, reverse in draw(st.lists(st.tuples(_LINKS, st.booleans()), max_size=10)):
        out.append(link)
        if reverse:
            out.append(
                Link(
                    link.target,
                    link.source,
                    link.kind,
                    note=link.note,
                    locator=link.locator,
                    quote=link.quote,
                )
            )
    return tuple(out)


_REVIEWERS = any_reviewers(_IDS)
_REVIEWS = st.builds(
    Review,
    id=_NAME,
    title=_NAME,
    kind=st.sampled_from(ReviewKind),
    scope=_PERIODS,
    methods=any_methods(),
    incident=st.sampled_from(IncidentKind),
    characteristics=_CASE_CODES.map(tuple),
    commissioner=_TEXT,
    terms_of_reference=st.lists(_NAME, max_size=3).map(tuple),
    incident_on=_OPTIONAL_DATE,
    aware=_OPTIONAL_DATE,
    notified=_OPTIONAL_DATE,
    decided=_OPTIONAL_DATE,
    completed=_OPTIONAL_DATE,
    published=_OPTIONAL_DATE,
    delay_reason=_TEXT,
    reviewers=st.lists(_REVIEWERS, max_size=4).map(tuple),
    parallel_proceedings=st.lists(any_proceedings(), max_size=3).map(tuple),
    related=st.lists(any_related(_IDS), max_size=3).map(tuple),
    agencies=st.lists(_AGENCIES, max_size=4).map(tuple),
    practitioners=st.lists(_PRACTITIONERS, max_size=4).map(tuple),
    events=st.lists(_EVENTS, max_size=4).map(tuple),
    episodes=st.lists(_EPISODES, max_size=4).map(tuple),
    factors=st.lists(_FACTORS, max_size=4).map(tuple),
    findings=st.lists(_FINDINGS, max_size=4).map(tuple),
    sources=st.lists(_SOURCES, max_size=4).map(tuple),
    recommendations=st.lists(recommendations(ids=_IDS), max_size=2).map(tuple),
    responses=st.lists(responses(ids=_IDS, days=_DATES), max_size=2).map(tuple),
    actions=st.lists(actions(ids=_IDS, days=_DATES), max_size=2).map(tuple),
    subjects=st.lists(_SUBJECTS, max_size=3).map(tuple),
    family=st.lists(_FAMILY, max_size=3).map(tuple),
    links=_links_with_reversals(),
)


def arbitrary_reviews() -> st.SearchStrategy[Review]:
    """Reviews with anything the model allows: duplicate ids, dangling links, cycles, no links.

    Every object passes its own constructor's checks, nothing more; ``check`` usually
    reports violations. Use it for properties that must hold of any review (round trips,
    rules that never raise), and :func:`reviews` for sound ones.

    >>> from hypothesis import given, settings
    >>> from systemsreview.rules import check
    >>> @settings(max_examples=10, deadline=None)
    ... @given(arbitrary_reviews())
    ... def test_check_never_raises(review):
    ...     check(review)
    >>> test_check_never_raises()
    """
    return _WITH_EXTENSIONS


_WITH_EXTENSIONS = with_extensions(_REVIEWS)  # extension data on some objects of half of them
