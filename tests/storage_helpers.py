"""Hand-made reviews and a small Hypothesis strategy for the Parquet storage tests.

Until ``systemsreview.strategies`` is on main, ``any_review()`` generates reviews with
everything the model allows (duplicate ids, dangling and self links, empty optional fields,
any unicode text), so the round trip is tested beyond the worked example.
"""

from __future__ import annotations

import datetime as dt
import string

import attrs
from hypothesis import strategies as st

from systemsreview.examples import domestic_abuse_review
from systemsreview.model import (
    Agency,
    Appraisal,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Period,
    Practitioner,
    Review,
    Reviewer,
    ReviewKind,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Valence,
    get_taxonomy,
)

EXAMPLE = domestic_abuse_review()
WEIRD = "é中文🙂\u200f\u0301 \t\n\x00'\"\\"


def variants(n: int, prefix: str = "r") -> list[Review]:
    """``n`` copies of the worked example under distinct ids."""
    return [attrs.evolve(EXAMPLE, id=f"{prefix}{i:04d}") for i in range(n)]


def minimal(review_id: str = "minimal") -> Review:
    """A review with only its required fields: no entities, links, reviewers or milestones."""
    return Review(
        id=review_id,
        title="t",
        kind=ReviewKind.RAPID_REVIEW,
        scope=Period("2020-01-01", "2020-01-01"),
    )


def unicode_review() -> Review:
    """Unicode in ids and texts, long texts, duplicates, dangling and self links."""
    long = "x" * 300_000 + WEIRD
    return Review(
        id=f"ü-{WEIRD}",
        title=WEIRD,
        kind=ReviewKind.LEARNING_REVIEW,
        method=Method.CAST,
        incident=IncidentKind.NEAR_MISS,
        commissioner=WEIRD,
        scope=Period("1999-12-31", "2038-01-20"),
        decided="2000-02-29",
        reviewers=(
            Reviewer(role=WEIRD, agency_id=WEIRD),
            Reviewer(role="chair", organisation="", independent=True, lead=True),
        ),
        agencies=(
            Agency(id=WEIRD, name=WEIRD, sector=Sector.OTHER),
            Agency(id=WEIRD, name="again", sector=Sector.HOUSING),
        ),
        practitioners=(Practitioner(id="p", role="GP"),),
        events=(Event(id="e", when="0001-01-01", description=long),),
        episodes=(
            Episode(
                id="k",
                title=WEIRD,
                period=Period("9999-12-30", "9999-12-31"),
                appraisal=Appraisal.MIXED,
                hindsight=long,
            ),
        ),
        factors=(
            ContributoryFactor(id="f", description="d", level=Level.NATIONAL, category="national"),
        ),
        findings=(
            Finding(id="g", statement="s", pattern=Pattern.TOOLS, questions=(WEIRD, "", "?")),
            Finding(id="g2", statement="s", pattern=Pattern.HUMAN_REASONING),
        ),
        sources=(Source(id="s", kind=SourceKind.FAMILY, description=WEIRD),),
        links=(
            Link("k", "missing", LinkKind.INVOLVED, note=WEIRD),
            Link("k", "k", LinkKind.CONTRIBUTED_TO),
            Link("k", "k", LinkKind.CONTRIBUTED_TO),
        ),
    )


_CODES = {
    level: [c.code for c in get_taxonomy("learning_together").values() if c.level is level]
    for level in Level
}
_ids = st.text(string.ascii_lowercase + "-é中", min_size=1, max_size=4).filter(str.strip)
_texts = st.text(max_size=20)
_words = st.text(min_size=1, max_size=20).filter(str.strip)
_dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))


@st.composite
def _periods(draw: st.DrawFn) -> Period:
    start = draw(_dates)
    return Period(start, start + dt.timedelta(days=draw(st.integers(0, 400))))


@st.composite
def _factors(draw: st.DrawFn) -> ContributoryFactor:
    level = draw(st.sampled_from(Level))
    return ContributoryFactor(
        id=draw(_ids),
        description=draw(_words),
        level=level,
        category=draw(st.sampled_from(_CODES[level])),
        valence=draw(st.sampled_from(Valence)),
    )


def _few(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(strategy, max_size=4).map(tuple)


@st.composite
def any_review(draw: st.DrawFn, review_id: st.SearchStrategy[str] = _ids) -> Review:
    """Any review the model allows, referential problems included."""
    entities = {
        "agencies": _few(st.builds(Agency, id=_ids, name=_words, sector=st.sampled_from(Sector))),
        "practitioners": _few(st.builds(Practitioner, id=_ids, role=_words)),
        "events": _few(
            st.builds(
                Event,
                id=_ids,
                when=_dates,
                description=_words,
                sensitivity=st.sampled_from(Sensitivity),
            )
        ),
        "episodes": _few(
            st.builds(
                Episode,
                id=_ids,
                title=_words,
                period=_periods(),
                appraisal=st.sampled_from(Appraisal),
                what_happened=_texts,
                view_at_the_time=_texts,
                hindsight=_texts,
            )
        ),
        "factors": _few(_factors()),
        "findings": _few(
            st.builds(
                Finding,
                id=_ids,
                statement=_words,
                pattern=st.sampled_from(Pattern),
                valence=st.sampled_from(Valence),
                in_this_case=_texts,
                questions=st.lists(_texts, max_size=3).map(tuple),
            )
        ),
        "sources": _few(
            st.builds(Source, id=_ids, kind=st.sampled_from(SourceKind), description=_words)
        ),
        "links": _few(st.builds(Link, _ids, _ids, st.sampled_from(LinkKind), note=_texts)),
        "reviewers": _few(
            st.builds(
                Reviewer,
                role=_words,
                organisation=_texts,
                independent=st.booleans(),
                lead=st.booleans(),
                agency_id=st.none() | _ids,
            )
        ),
    }
    optional = st.none() | _dates
    return Review(
        id=draw(review_id),
        title=draw(_words),
        kind=draw(st.sampled_from(ReviewKind)),
        method=draw(st.sampled_from(Method)),
        incident=draw(st.sampled_from(IncidentKind)),
        commissioner=draw(_texts),
        scope=draw(_periods()),
        notified=draw(optional),
        decided=draw(optional),
        completed=draw(optional),
        published=draw(optional),
        **{name: draw(strategy) for name, strategy in entities.items()},
    )
