"""Plain graphs: GraphML, GEXF, GML and node-link JSON write them and read them back."""

from __future__ import annotations

import copy
import io
import json

import attrs
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from systemsreview import Link, ModelError, Review, from_networkx, strategies, to_networkx
from systemsreview._plaingraph import decode_text, encode_text
from systemsreview.examples import domestic_abuse_review


def _graphml(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer)
    return nx.read_graphml(io.BytesIO(buffer.getvalue()), force_multigraph=True)


def _gexf(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer)
    return nx.read_gexf(io.BytesIO(buffer.getvalue()))


def _gml(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    buffer = io.BytesIO()
    nx.write_gml(graph, buffer)
    return nx.read_gml(io.BytesIO(buffer.getvalue()))


def _node_link(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    text = json.dumps(nx.node_link_data(graph, edges="edges"))
    return nx.node_link_graph(json.loads(text), edges="edges")


FORMATS = {"graphml": _graphml, "gexf": _gexf, "gml": _gml, "node-link": _node_link}
PLAIN_TYPES = (str, int, float, bool)


def _unique_ids(review: Review) -> bool:
    ids = [entity.id for entity in review.entities()]
    return len(ids) == len(set(ids))


def _assert_plain(graph: nx.MultiDiGraph) -> None:
    assert list(graph.graph) == ["review", "name"]
    assert isinstance(graph.graph["review"], str)
    for _, data in graph.nodes(data=True):
        assert all(isinstance(v, PLAIN_TYPES) for v in data.values()), data
    for _, _, key, data in graph.edges(keys=True, data=True):
        assert type(key) is str
        assert all(isinstance(v, PLAIN_TYPES) for v in data.values()), data


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_example_round_trips_through_every_format(fmt):
    review = domestic_abuse_review()
    graph = to_networkx(review, plain=True)
    _assert_plain(graph)
    before = copy.deepcopy(graph)
    assert from_networkx(FORMATS[fmt](graph)) == review
    assert nx.utils.graphs_equal(graph, before)  # writers leave the graph as it was
    assert graph.graph == before.graph


def test_plain_values_are_what_a_reader_expects():
    review = domestic_abuse_review()
    graph = to_networkx(review, plain=True)
    episode = review.episodes[0]
    data = graph.nodes[episode.id]
    assert data["kind"] == "episode"
    assert data["appraisal"] == episode.appraisal.value
    assert data["period_start"] == episode.period.start.isoformat()
    assert data["period_end"] == episode.period.end.isoformat()
    finding = review.findings[0]
    assert json.loads(graph.nodes[finding.id]["questions"]) == list(finding.questions)
    source = review.sources[0]
    assert graph.nodes[source.id]["source_kind"] == source.kind.value
    assert json.loads(graph.graph["review"])["id"] == review.id
    assert json.loads(graph.graph["review"])["scope"] == {
        "start": review.scope.start.isoformat(),
        "end": review.scope.end.isoformat(),
    }
    assert "agencies" not in json.loads(graph.graph["review"])


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=25, deadline=None)
@given(strategies.reviews(), st.sampled_from(sorted(FORMATS)))
def test_valid_reviews_round_trip(review, fmt):
    graph = to_networkx(review, plain=True)
    _assert_plain(graph)
    assert from_networkx(FORMATS[fmt](graph)) == review


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=40, deadline=None)
@given(strategies.arbitrary_reviews(), st.sampled_from(sorted(FORMATS)))
def test_arbitrary_reviews_round_trip(review, fmt):
    if not _unique_ids(review):
        with pytest.raises(ModelError, match="SR101"):
            to_networkx(review, plain=True)
        return
    graph = to_networkx(review, plain=True)
    _assert_plain(graph)
    assert from_networkx(FORMATS[fmt](graph)) == review


@settings(max_examples=200)
@given(st.text())
def test_text_encoding_round_trips_and_is_safe(text):
    encoded = encode_text(text)
    assert decode_text(encoded, "here") == text
    assert encoded != "[]"
    assert "\r" not in encoded
    assert all(ch in "\t\n" or ord(ch) >= 0x20 for ch in encoded)
    if not encoded.startswith("json:"):
        assert encoded == text


@pytest.mark.parametrize(
    "text",
    ["", "[]", "json:", "json:[1]", "a\x00b", "line\r\nbreak", "\x85", "\ufffe", "🏠", "tab\there"],
)
def test_awkward_text_survives_every_format(text):
    review = domestic_abuse_review()
    agency = attrs.evolve(review.agencies[0], name=f"Agency {text}")
    link = attrs.evolve(review.links[0], note=text)
    awkward = attrs.evolve(
        review,
        title=f"Review {text}",
        agencies=(agency, *review.agencies[1:]),
        links=(link, *review.links[1:]),
    )
    graph = to_networkx(awkward, plain=True)
    for fmt, roundtrip in FORMATS.items():
        assert from_networkx(roundtrip(graph)) == awkward, fmt


def test_awkward_ids_and_dangling_ends_survive():
    review = domestic_abuse_review()
    odd = "police\x01\r"
    agencies = (attrs.evolve(review.agencies[0], id=odd), *review.agencies[1:])
    links = (
        *review.links,
        Link("kpe-first-home-visits", odd, "involved"),
        Link("kpe-first-home-visits", "nowhere\x02", "involved", note="dangling"),
        Link("kpe-first-home-visits", "nowhere\x02", "involved", note="twice"),
    )
    awkward = attrs.evolve(review, agencies=agencies, links=links)
    graph = to_networkx(awkward, plain=True)
    for fmt, roundtrip in FORMATS.items():
        assert from_networkx(roundtrip(graph)) == awkward, fmt


def test_readers_changing_types_are_accepted():
    review = domestic_abuse_review()
    graph = to_networkx(review, plain=True)
    for _, _, data in graph.edges(data=True):
        data["position"] = str(data["position"])  # a reader that gives strings
    assert from_networkx(graph) == review
    for _, _, data in graph.edges(data=True):
        data["position"] = float(data["position"])
    assert from_networkx(graph) == review


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "gml"])
def test_writers_leave_the_rich_graph_as_it_was(fmt):
    """The rich graph holds objects that files refuse; a failed write must not change it."""
    review = domestic_abuse_review()
    graph = to_networkx(review)
    before = copy.deepcopy(graph)
    writer = {"graphml": nx.write_graphml, "gexf": nx.write_gexf, "gml": nx.write_gml}[fmt]
    with pytest.raises((nx.NetworkXError, TypeError, ValueError)):
        writer(graph, io.BytesIO())
    assert nx.utils.graphs_equal(graph, before)  # nodes, edges and all their attributes
    assert graph.graph == before.graph
    assert from_networkx(graph) == review


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda g: g.graph.update(review="{"), "graph attribute 'review'"),
        (lambda g: g.graph.update(review='{"id": "x", "colour": "red"}'), "'colour'"),
        (lambda g: g.graph.update(review='{"id": "x", "scope": 3}'), "do not fit"),
        (lambda g: g.nodes["police"].update(kind="dog"), "kind 'dog'"),
        (lambda g: g.nodes["police"].pop("name"), "needs every field"),
        (lambda g: g.nodes["police"].update(name=3), "expected a string"),
        (lambda g: g.nodes["police"].update(name='json:"x'), "JSON string"),
        (lambda g: g.nodes["f-first-home-visit"].update(level="cosmic"), "node .*level"),
        (lambda g: g.nodes["kpe-first-home-visits"].update(period_end="2000-01-01"), "before"),
        (lambda g: g.nodes["kpe-first-home-visits"].update(period_end="20100101"), "YYYY-MM-DD"),
        (lambda g: g.nodes["kpe-first-home-visits"].pop("period_start"), "needs every"),
        (
            lambda g: g.nodes["finding-voice-of-child"].update(questions="not json"),
            "JSON array of strings",
        ),
        (lambda g: next(iter(g.edges.values())).update(position="first"), "whole number"),
        (lambda g: next(iter(g.edges.values())).update(kind="likes"), "kind 'likes'"),
    ],
)
def test_bad_plain_graphs_are_refused_with_a_model_error(edit, match):
    graph = to_networkx(domestic_abuse_review(), plain=True)
    edit(graph)
    with pytest.raises(ModelError, match=match):
        from_networkx(graph)
