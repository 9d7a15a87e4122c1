"""Strategies for each entity kind, for periods, links and reviewers.

Each builds objects that are valid on their own (the model's validators accept them); how
they fit together in a review is the business of :func:`~systemsreview.strategies.reviews`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from systemsreview.model import (
    LEARNING_TOGETHER,
    Agency,
    Appraisal,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    Level,
    Link,
    LinkKind,
    Pattern,
    Period,
    Practitioner,
    Reviewer,
    ReviewerRole,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Taxonomy,
    Valence,
)
from systemsreview.strategies._text import names, questions, slugs, texts

__all__ = [
    "ROLES",
    "agencies",
    "entity_ids",
    "episodes",
    "events",
    "factors",
    "findings",
    "links",
    "periods",
    "practitioners",
    "reviewers",
    "sources",
]

Strategy = st.SearchStrategy
_FIRST, _LAST = dt.date(1990, 1, 1), dt.date(2035, 12, 31)
ROLES = (
    "duty social worker", "team manager", "response police officer", "health visitor",
    "specialist midwife", "class teacher", "designated safeguarding lead", "GP",
    "consultant paediatrician", "probation officer", "housing officer", "school nurse",
    "independent domestic violence adviser", "early help worker", "A&E nurse",
)  # fmt: skip
_ORGANISATIONS = (
    "independent consultant", "Social Care Institute for Excellence", "safeguarding partnership",
    "neighbouring local authority", "university", "NHS trust", "police force",
)  # fmt: skip


def entity_ids(prefix: str = "e") -> Strategy[str]:
    """Readable ids such as ``kpe-home-visit``, with the given prefix."""
    return slugs.map(lambda slug: f"{prefix}-{slug}")


def _or_default(value: Strategy[Any] | None, default: Strategy[Any]) -> Strategy[Any]:
    return default if value is None else value


@st.composite
def _period(draw: st.DrawFn, within: Period | None, max_days: int) -> Period:
    low, high = (_FIRST, _LAST) if within is None else (within.start, within.end)
    start = draw(st.dates(low, high))
    end = start + dt.timedelta(days=draw(st.integers(0, min(max_days, (high - start).days))))
    return Period(start, end)


def periods(within: Period | None = None, *, max_days: int = 400) -> Strategy[Period]:
    """Periods of up to ``max_days`` extra days, inside ``within`` when given."""
    return _period(within, max_days)


def agencies(
    *, ids: Strategy[str] | None = None, sectors: Strategy[Sector] | None = None
) -> Strategy[Agency]:
    """Agencies with realistic names, of any sector unless ``sectors`` says otherwise."""
    return st.builds(
        Agency,
        id=_or_default(ids, entity_ids("agency")),
        name=names,
        sector=_or_default(sectors, st.sampled_from(Sector)),
    )


def practitioners(*, ids: Strategy[str] | None = None) -> Strategy[Practitioner]:
    """Practitioners by role (never a person's name)."""
    return st.builds(
        Practitioner,
        id=_or_default(ids, entity_ids("role")),
        role=st.sampled_from(ROLES) | texts(long=False),
    )


def events(
    *,
    ids: Strategy[str] | None = None,
    within: Period | None = None,
    sensitivities: Strategy[Sensitivity] | None = None,
) -> Strategy[Event]:
    """Chronology entries dated inside ``within`` when given, public or restricted."""
    low, high = (_FIRST, _LAST) if within is None else (within.start, within.end)
    return st.builds(
        Event,
        id=_or_default(ids, entity_ids("ev")),
        when=st.dates(low, high),
        description=texts(),
        sensitivity=_or_default(sensitivities, st.sampled_from(Sensitivity)),
    )


def episodes(
    *,
    ids: Strategy[str] | None = None,
    within: Period | None = None,
    appraisals: Strategy[Appraisal] | None = None,
) -> Strategy[Episode]:
    """Key practice episodes inside ``within`` when given, each recording the view at the time.

    ``what_happened`` and ``hindsight`` are sometimes empty, as optional fields may be.
    """
    return st.builds(
        Episode,
        id=_or_default(ids, entity_ids("kpe")),
        title=texts(long=False),
        period=periods(within),
        appraisal=_or_default(appraisals, st.sampled_from(Appraisal)),
        what_happened=texts() | st.just(""),
        view_at_the_time=texts(),
        hindsight=texts() | st.just(""),
    )


def _codes(taxonomy: Taxonomy, level: Level) -> tuple[str, ...]:
    return tuple(code for code, entry in taxonomy.items() if entry.level is level)


def factors(
    *,
    ids: Strategy[str] | None = None,
    levels: Strategy[Level] | None = None,
    taxonomy: Taxonomy = LEARNING_TOGETHER,
    valences: Strategy[Valence] | None = None,
) -> Strategy[ContributoryFactor]:
    """Contributory factors whose category is a code of ``taxonomy`` at the factor's level."""

    def at_level(level: Level) -> Strategy[ContributoryFactor]:
        return st.builds(
            ContributoryFactor,
            id=_or_default(ids, entity_ids("f")),
            description=texts(),
            level=st.just(level),
            category=st.sampled_from(_codes(taxonomy, level)),
            valence=_or_default(valences, st.sampled_from(Valence)),
        )

    return _or_default(levels, st.sampled_from(Level)).flatmap(at_level)


def findings(
    *, ids: Strategy[str] | None = None, valences: Strategy[Valence] | None = None
) -> Strategy[Finding]:
    """Findings with a full write-up and one to four board questions."""
    return st.builds(
        Finding,
        id=_or_default(ids, entity_ids("finding")),
        statement=texts(),
        pattern=st.sampled_from(Pattern),
        valence=_or_default(valences, st.sampled_from(Valence)),
        in_this_case=texts(),
        why_not_a_one_off=texts() | st.just(""),
        prevalence=texts() | st.just(""),
        why_it_matters=texts(),
        questions=st.lists(questions(), min_size=1, max_size=4).map(tuple),
    )


def sources(
    *, ids: Strategy[str] | None = None, sensitivities: Strategy[Sensitivity] | None = None
) -> Strategy[Source]:
    """Evidence sources of every kind, public or restricted."""
    return st.builds(
        Source,
        id=_or_default(ids, entity_ids("s")),
        kind=st.sampled_from(SourceKind),
        description=texts(long=False),
        sensitivity=_or_default(sensitivities, st.sampled_from(Sensitivity)),
    )


def reviewers(
    *,
    lead: bool | None = None,
    independent: bool | None = None,
    agency_ids: Strategy[str | None] | None = None,
) -> Strategy[Reviewer]:
    """Members of a review team, of every role and independence (facets ``None`` too).

    Fix ``lead`` or ``independent`` to constrain them: ``independent`` fixes the
    independence of the case and of the agencies (:attr:`Reviewer.independent`).
    """
    return _reviewer(lead, independent, _or_default(agency_ids, st.none()))


@st.composite
def _reviewer(
    draw: st.DrawFn, lead: bool | None, independent: bool | None, agency_ids: Strategy[str | None]
) -> Reviewer:
    # A composite, so that a failing example prints as the Reviewer(...) call it is.
    facet = st.none() | st.booleans()
    of_case, of_agencies = (
        (independent, independent) if independent is not None else (draw(facet), draw(facet))
    )
    return Reviewer(
        role=draw(st.sampled_from(ReviewerRole)),
        role_text=draw(st.just("") | st.sampled_from(_ORGANISATIONS)),
        organisation=draw(st.sampled_from(_ORGANISATIONS) | st.just("")),
        independent_of_case=of_case,
        independent_of_agencies=of_agencies,
        independent_of_board=draw(facet),
        lead=draw(st.booleans()) if lead is None else lead,
        agency_id=draw(agency_ids),
    )


def links(
    *, ids: Strategy[str] | None = None, kinds: Strategy[LinkKind] | None = None
) -> Strategy[Link]:
    """Links between ids drawn from ``ids`` (no schema check: that is a review's business)."""
    ends = _or_default(ids, entity_ids("e"))
    return st.builds(
        Link,
        ends,
        ends,
        _or_default(kinds, st.sampled_from(LinkKind)),
        note=st.just("") | texts(long=False),
        locator=st.just("") | st.sampled_from(("para 4.12", "p. 31", "chronology entry 57")),
        quote=st.just("") | texts(long=False),
    )
