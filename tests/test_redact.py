"""redact(): the publishable review keeps no trace of a restricted entity."""

import datetime as dt
from collections.abc import Iterator

import attrs
from hypothesis import given
from hypothesis import strategies as st

from systemsreview.examples import domestic_abuse_review
from systemsreview.model import Event, Link, Review, Sensitivity, Source
from systemsreview.rules import check, redact
from systemsreview.strategies import arbitrary_reviews, reviews


def strings(value: object) -> Iterator[str]:
    """Every string anywhere inside ``value``: fields, tuples, nested attrs objects."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from strings(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from strings(getattr(value, field.name))


def restricted(review: Review) -> list[Event | Source]:
    return [e for e in (*review.events, *review.sources) if e.sensitivity is Sensitivity.RESTRICTED]


@st.composite
def marked(draw: st.DrawFn, base: st.SearchStrategy[Review]) -> Review:
    """A review whose restricted texts carry markers no public text can contain."""
    review = draw(base)

    def mark(entity, number):
        if entity.sensitivity is not Sensitivity.RESTRICTED:
            return entity
        return attrs.evolve(entity, description=f"\u2983secret-{number}\u2984 {entity.description}")

    return attrs.evolve(
        review,
        events=tuple(mark(e, i) for i, e in enumerate(review.events)),
        sources=tuple(mark(s, 1000 + i) for i, s in enumerate(review.sources)),
    )


def test_the_worked_example_loses_its_restricted_records():
    review = domestic_abuse_review()
    public = redact(review)
    assert [s.id for s in public.sources] == [
        "s-case-group",
        "s-duty-team",
        "s-procedures",
        "s-performance",
    ]
    assert public.findings == review.findings
    assert public.findings[0].questions == review.findings[0].questions
    assert public.events == review.events  # the chronology itself is public here
    hidden = {"s-police-records", "s-csc-records"}
    assert not any({link.source, link.target} & hidden for link in public.links)
    assert check(public) == []


def test_restricted_events_go_with_their_links():
    review = domestic_abuse_review()
    secret = attrs.evolve(review.events[0], sensitivity="restricted")
    review = attrs.evolve(review, events=(secret, *review.events[1:]))
    public = redact(review)
    assert "ev-01" not in public
    assert [link for link in public.links if "ev-01" in (link.source, link.target)] == []
    assert len(public.events) == len(review.events) - 1
    assert check(public) == []


def test_a_public_review_is_returned_as_it_is():
    review = attrs.evolve(domestic_abuse_review(), sources=(), links=())
    assert redact(review) is review


def test_sharing_an_id_with_a_restricted_entity_is_not_a_way_to_leak():
    review = domestic_abuse_review()
    twin = Event(id="s-csc-records", when=dt.date(2010, 5, 1), description="Public but same id")
    public = redact(attrs.evolve(review, events=(*review.events, twin)))
    assert "s-csc-records" not in {e.id for e in public.entities()}


@given(marked(reviews()) | marked(arbitrary_reviews()))
def test_no_text_of_a_restricted_entity_survives(review):
    public = redact(review)
    assert restricted(public) == []
    assert not [s for s in strings(public) if "\u2983secret-" in s]


@given(reviews() | arbitrary_reviews())
def test_no_restricted_view_survives(review):
    public = redact(review)
    kept = [p for e in public.episodes for p in e.perspectives]
    assert all(p.sensitivity is Sensitivity.PUBLIC for p in kept)
    assert len(kept) == sum(
        p.sensitivity is Sensitivity.PUBLIC for e in review.episodes for p in e.perspectives
    )


@given(reviews())
def test_no_id_of_a_restricted_entity_survives(review):
    hidden = {e.id for e in restricted(review)}
    assert hidden.isdisjoint(strings(redact(review)))


@given(reviews() | arbitrary_reviews())
def test_redact_keeps_the_rest_in_order_and_is_idempotent(review):
    public = redact(review)
    hidden = {e.id for e in restricted(review)}
    assert public.findings == review.findings
    assert public.episodes == tuple(  # less their restricted views
        attrs.evolve(
            e,
            perspectives=[p for p in e.perspectives if p.sensitivity is not Sensitivity.RESTRICTED],
        )
        for e in review.episodes
    )
    assert public.agencies == review.agencies
    assert public.factors == review.factors
    assert public.reviewers == review.reviewers
    assert public.events == tuple(e for e in review.events if e.id not in hidden)
    assert public.links == tuple(
        link for link in review.links if not {link.source, link.target} & hidden
    )
    assert redact(public) == public


def test_links_between_public_entities_survive():
    review = domestic_abuse_review()
    kept = Link("kpe-police-callouts", "s-case-group", "evidenced_by")
    assert kept in redact(review).links
