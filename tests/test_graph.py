"""The graph schema and the networkx view."""

from __future__ import annotations

import attrs
import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import (
    SCHEMA,
    EntityKind,
    Link,
    LinkKind,
    ModelError,
    Review,
    from_networkx,
    strategies,
    to_networkx,
)
from systemsreview.examples import domestic_abuse_review
from systemsreview.graph import REVIEW_FIELDS, allowed


def test_schema_covers_every_link_kind_with_the_designed_ends() -> None:
    assert set(SCHEMA) == set(LinkKind)
    assert allowed(LinkKind.PART_OF, EntityKind.EVENT, EntityKind.EPISODE)
    assert not allowed(LinkKind.PART_OF, EntityKind.EPISODE, EntityKind.EVENT)
    assert allowed(LinkKind.EVIDENCED_BY, EntityKind.FINDING, EntityKind.SOURCE)
    assert not allowed(LinkKind.EVIDENCED_BY, EntityKind.FINDING, EntityKind.FINDING)
    assert allowed(LinkKind.CONTRIBUTED_TO, EntityKind.FACTOR, EntityKind.EPISODE)
    assert not allowed(LinkKind.CONTRIBUTED_TO, EntityKind.FINDING, EntityKind.EPISODE)


def test_the_example_uses_only_links_the_schema_allows() -> None:
    review = domestic_abuse_review()
    for link in review.links:
        source, target = review.kind_of(link.source), review.kind_of(link.target)
        assert source is not None
        assert target is not None
        assert allowed(link.kind, source, target), link


def test_to_networkx_shape() -> None:
    review = domestic_abuse_review()
    graph = to_networkx(review)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == review.entity_count
    assert graph.number_of_edges() == len(review.links)
    assert graph.nodes["police"]["entity"] is review.agency("police")
    assert graph.has_edge("f-first-home-visit", "kpe-first-home-visits", key="contributed_to")
    assert list(graph.graph) == ["review"]  # one key: no loose review fields
    header = graph.graph["review"]
    assert all(getattr(header, name) == getattr(review, name) for name in REVIEW_FIELDS)
    assert header.entity_count == 0
    assert header.links == ()
    assert nx.is_directed_acyclic_graph(
        graph.edge_subgraph(
            [(u, v, k) for u, v, k in graph.edges(keys=True) if k is LinkKind.CONTRIBUTED_TO]
        )
    )


def test_round_trip_of_the_example_is_the_identity() -> None:
    review = domestic_abuse_review()
    assert from_networkx(to_networkx(review)) == review


def test_repeated_and_dangling_links_survive_the_round_trip() -> None:
    review = domestic_abuse_review()
    extra = (
        Link("f-no-feedback", "kpe-paediatric-assessment", "contributed_to", note="again"),
        Link("kpe-school-talks", "ghost-agency", "involved"),
        Link("police-officers", "police", "works_for"),
    )
    broken = attrs.evolve(review, links=(extra[1], *review.links, extra[0], extra[2]))
    graph = to_networkx(broken)
    assert graph.nodes["ghost-agency"] == {"kind": None, "entity": None}
    assert from_networkx(graph) == broken


def test_edits_to_the_graph_show_in_the_rebuilt_review() -> None:
    review = domestic_abuse_review()
    graph = to_networkx(review)
    graph.add_edge("f-police-unsure", "kpe-paediatric-assessment", key=LinkKind.CONTRIBUTED_TO)
    graph.remove_node("f-school-relationship")
    rebuilt = from_networkx(graph)
    assert rebuilt.get("f-school-relationship") is None
    assert rebuilt.links[-1] == Link(
        "f-police-unsure", "kpe-paediatric-assessment", "contributed_to"
    )
    assert all("f-school-relationship" not in (x.source, x.target) for x in rebuilt.links)


def test_duplicate_ids_cannot_become_a_graph() -> None:
    review = domestic_abuse_review()
    twice = attrs.evolve(review, agencies=(*review.agencies, review.agencies[0]))
    with pytest.raises(ModelError, match="SR101"):
        to_networkx(twice)


def test_from_networkx_says_what_is_missing() -> None:
    with pytest.raises(ModelError, match="no review field"):
        from_networkx(nx.MultiDiGraph())
    graph = to_networkx(domestic_abuse_review())
    graph.nodes["police"]["entity"] = "not an entity"
    with pytest.raises(ModelError, match="graph node 'police'"):
        from_networkx(graph)


@given(st.permutations(domestic_abuse_review().links), st.data())
def test_round_trip_is_the_identity_for_any_link_order_and_subset(
    links: list[Link], data: st.DataObject
) -> None:
    review = domestic_abuse_review()
    keep = data.draw(st.integers(0, len(links)))
    episodes = data.draw(st.permutations(review.episodes))
    changed: Review = attrs.evolve(review, links=links[:keep], episodes=episodes)
    assert from_networkx(to_networkx(changed)) == changed


@given(strategies.arbitrary_reviews())
def test_round_trip_is_the_identity_for_anything_the_model_allows(review: Review) -> None:
    ids = [entity.id for entity in review.entities()]
    if len(ids) != len(set(ids)):
        with pytest.raises(ModelError, match="SR101"):
            to_networkx(review)
        return
    graph = to_networkx(review)
    assert graph.number_of_nodes() == len(
        set(ids) | {x.source for x in review.links} | {x.target for x in review.links}
    )
    assert from_networkx(graph) == review


@given(strategies.reviews())
def test_valid_reviews_give_graphs_whose_every_edge_the_schema_allows(review: Review) -> None:
    graph = to_networkx(review)
    for source, target, kind in graph.edges(keys=True):
        assert allowed(kind, graph.nodes[source]["kind"], graph.nodes[target]["kind"])
    assert from_networkx(graph) == review
