"""Node and subgraph ids of the Mermaid and DOT diagrams: distinct, and never a keyword.

An entity id may be any non-blank string, so it may equal a band's subgraph id
(``national``, ``level_accimap_government``), an agency's (``agency_frontline_police``), a
DOT cluster's (``cluster_findings``) or a keyword of the language (``end``, ``node``). The
diagrams must still give every subgraph and every node an id of its own.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview import ACCIMAP, EntityKind, Review, synth
from systemsreview.examples import EXAMPLES, domestic_abuse_review, hidden_child_review
from systemsreview.io._drawn import Drawn
from systemsreview.io._factor_bands import LEVELS_BY
from systemsreview.io.diagram import (
    CASE_KINDS,
    CAUSAL_KINDS,
    CAUSAL_LINKS,
    LOOP_KINDS,
    LOOP_LINKS,
    to_dot,
    to_mermaid,
)

#: Where an id should stand, Mermaid 11 reads these as keywords (measured with its own
#: parser: a node so named fails to parse; ``end_x`` or ``classroom`` do not).
MERMAID_KEYWORDS = frozenset(
    {"style", "linkStyle", "interpolate", "classDef", "class", "graph", "flowchart"}
    | {"subgraph", "end", "call", "href", "click"}
)
_KEYWORD = re.compile(f"(?:{'|'.join(MERMAID_KEYWORDS)})(?![A-Za-z0-9_])")
#: DOT's keywords, in any case.
DOT_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})
#: The entity kinds whose ids the tests rename (links are their only references).
RENAMED = ("episodes", "factors", "findings", "recommendations", "responses", "actions")
PICTURES = (
    (CAUSAL_KINDS, CAUSAL_LINKS),
    (CAUSAL_KINDS | LOOP_KINDS, CAUSAL_LINKS | LOOP_LINKS),
    (CAUSAL_KINDS | LOOP_KINDS | CASE_KINDS, CAUSAL_LINKS | LOOP_LINKS),
)


def _accimap_coded(review: Review) -> Review:
    """``review`` with every factor coded in the AcciMap (its bands are ``level_...``)."""
    factors = []
    for factor in review.factors:
        code = min(code for code in ACCIMAP if ACCIMAP[code].level is factor.level)
        factors.append(attrs.evolve(factor, category=code))
    return attrs.evolve(review, factors=tuple(factors))


@functools.cache
def _base(name: str) -> Review:
    if name in EXAMPLES:
        return EXAMPLES[name]()
    if name.endswith("-accimap"):
        return _accimap_coded(_base(name.removesuffix("-accimap")))
    return synth.review(int(name.removeprefix("synth")))


BASES = (*EXAMPLES, "synth1", "synth2", "domestic-abuse-accimap", "hidden-child-accimap")


def _rename(review: Review, new: dict[str, str]) -> Review:
    """``review`` with the entities (of :data:`RENAMED` kinds) in ``new`` given new ids."""
    changes: dict[str, object] = {
        field: tuple(
            attrs.evolve(entity, id=new.get(entity.id, entity.id))
            for entity in getattr(review, field)
        )
        for field in RENAMED
    }
    changes["links"] = tuple(
        attrs.evolve(
            link, source=new.get(link.source, link.source), target=new.get(link.target, link.target)
        )
        for link in review.links
    )
    return attrs.evolve(review, **changes)


def _targets(review: Review) -> list[str]:
    """Ids that a subgraph of ``review``'s diagrams could take, or that are keywords."""
    bands = {
        key
        for levels_by in LEVELS_BY
        for key, _ in Drawn(
            review, (), (), redacted=False, by_agency=False, levels_by=levels_by
        ).order
    }
    agencies = {f"agency_{key}_{agency.id}" for key in bands for agency in review.agencies}
    plain = bands | agencies
    ids = plain | {f"cluster_{x}" for x in plain} | {f"{x}_2" for x in plain}
    ids |= {f"{x}!" for x in bands} | {f"1{x}" for x in bands} | {f" {x}" for x in bands}
    ids |= {f"\0agency\0{key}\0{agency.id}" for key in bands for agency in review.agencies}
    ids |= MERMAID_KEYWORDS | DOT_KEYWORDS | {"Node", "EDGE", "Graph", "endé", "n_end", "end_2"}
    taken = {entity.id for entity in review.entities()}
    return sorted(ids - taken)


@st.composite
def clashing(draw: st.DrawFn) -> Review:
    """A review some of whose entities have ids equal to subgraph ids or keywords."""
    review = _base(draw(st.sampled_from(BASES)))
    ids = [entity.id for field in RENAMED for entity in getattr(review, field)]
    targets = _targets(review)
    count = draw(st.integers(1, min(len(ids), 20)))
    chosen = draw(st.lists(st.sampled_from(targets), min_size=count, max_size=count, unique=True))
    old = draw(st.permutations(ids))[:count]
    return _rename(review, dict(zip(old, chosen, strict=True)))


options = st.fixed_dictionaries(
    {
        "picture": st.sampled_from(PICTURES),
        "by_agency": st.booleans(),
        "levels_by": st.sampled_from(LEVELS_BY),
    }
)


def _drawn_entities(review: Review, kinds: frozenset[EntityKind]) -> int:
    return len({entity.id for entity in review.entities() if entity.entity_kind in kinds})


def _mermaid_ids(text: str) -> tuple[list[str], list[str]]:
    """The subgraph ids and node ids a Mermaid flowchart declares, in order."""
    subgraphs = re.findall(r"^ *subgraph (\S+?)\[", text, flags=re.M)
    nodes = re.findall(r"^ *(?!subgraph )(\S+?)\[\"", text, flags=re.M)
    return subgraphs, nodes


def _check_mermaid(text: str, drawn: int) -> None:
    subgraphs, nodes = _mermaid_ids(text)
    assert len(set(subgraphs)) == len(subgraphs)
    assert len(set(nodes)) == len(nodes) == drawn
    assert not set(subgraphs) & set(nodes)
    for name in (*subgraphs, *nodes):
        assert re.fullmatch(r"\w+", name), name
        assert _KEYWORD.match(name) is None, name
    for upper, lower in re.findall(r"^  (\S+) ~~~ (\S+)$", text, flags=re.M):
        assert {upper, lower} <= set(subgraphs)
    ends = re.findall(r"^  (\S+) -(?:->|\.->)\|[^|]*\| (\S+)$", text, flags=re.M)
    assert {end for pair in ends for end in pair} <= set(nodes)
    for ids in re.findall(r"^  class (\S+) \w+$", text, flags=re.M):
        assert set(ids.split(",")) <= set(nodes)


def _dot_ids(text: str) -> tuple[list[str], list[str]]:
    """The subgraph (cluster) ids and node ids a DOT digraph declares, in order."""
    subgraphs = re.findall(r'^ *subgraph "([^"]*)" \{$', text, flags=re.M)
    nodes = re.findall(r"^ *(\S+) \[label=", text, flags=re.M)
    return subgraphs, nodes


def _check_dot(text: str, drawn: int) -> tuple[list[str], list[str]]:
    subgraphs, nodes = _dot_ids(text)
    assert len(set(subgraphs)) == len(subgraphs)
    assert len(set(nodes)) == len(nodes) == drawn
    assert not set(subgraphs) & set(nodes)
    assert all(name.startswith("cluster_") for name in subgraphs)
    assert not {name.lower() for name in nodes} & DOT_KEYWORDS
    ends = re.findall(r"^  (\S+) -> (\S+?)[ ;]", text, flags=re.M)
    assert {end for pair in ends for end in pair} <= set(nodes)
    return subgraphs, nodes


@given(clashing(), options)
def test_subgraph_ids_never_equal_node_ids(review: Review, opts: dict[str, object]) -> None:
    kinds, links = opts["picture"]  # type: ignore[misc]
    kw = {"kinds": kinds, "links": links, "by_agency": opts["by_agency"]}
    kw["levels_by"] = opts["levels_by"]
    drawn = _drawn_entities(review, kinds)
    _check_mermaid(to_mermaid(review, **kw), drawn)  # type: ignore[arg-type]
    _check_dot(to_dot(review, **kw), drawn)  # type: ignore[arg-type]


def _render(dot: str) -> str:
    done = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@settings(max_examples=10)
@given(clashing(), st.booleans())
def test_dot_renders_every_node_and_cluster_despite_clashing_ids(
    review: Review, by_agency: bool
) -> None:
    text = to_dot(review, by_agency=by_agency)
    subgraphs, nodes = _check_dot(text, _drawn_entities(review, CAUSAL_KINDS))
    svg = _render(text)
    assert svg.count('class="node"') == len(nodes)
    assert svg.count('class="cluster"') == len(subgraphs)


def test_an_entity_named_like_a_band_gets_an_id_of_its_own() -> None:
    review = domestic_abuse_review()
    factor, finding = review.factors[0], review.findings[0]
    clashing_review = _rename(review, {factor.id: "national", finding.id: "cluster_episodes"})
    mermaid = to_mermaid(clashing_review)
    assert 'subgraph national["National"]' in mermaid
    assert "\n    national_2[" in mermaid
    assert "\n    cluster_episodes[" in mermaid  # no clash in Mermaid: its bands are unprefixed
    dot = to_dot(clashing_review)
    assert 'subgraph "cluster_national" {' in dot
    assert "\n    national [label=" in dot  # no clash in DOT: its clusters are prefixed
    assert "\n    cluster_episodes_2 [label=" in dot
    assert 'subgraph "cluster_episodes" {' in dot


def test_an_entity_named_like_an_agency_cluster_gets_an_id_of_its_own() -> None:
    review = hidden_child_review()
    text = to_mermaid(review)
    cluster = re.findall(r"^    subgraph (agency_\w+)\[", text, flags=re.M)[0]
    clashing_review = _rename(review, {review.episodes[0].id: cluster})
    renamed = to_mermaid(clashing_review)
    assert f"\n    {cluster}[" in renamed  # the entity keeps its id: nodes are named first
    assert f"\n    subgraph {cluster}_2[" in renamed
    _check_mermaid(renamed, _drawn_entities(clashing_review, CAUSAL_KINDS))


@pytest.mark.parametrize(
    ("entity_id", "mermaid_id", "dot_id"),
    [
        ("end", "n_end", "end"),
        ("click", "n_click", "click"),
        ("class", "n_class", "class"),
        ("endé", "n_endé", "endé"),
        ("node", "node", "n_node"),
        ("Graph", "Graph", "n_Graph"),
        ("subgraph", "n_subgraph", "n_subgraph"),
        ("end_x", "end_x", "end_x"),
        ("classroom", "classroom", "classroom"),
        ("nodes", "nodes", "nodes"),
    ],
)
def test_an_entity_named_like_a_keyword_is_prefixed(
    entity_id: str, mermaid_id: str, dot_id: str
) -> None:
    review = domestic_abuse_review()
    renamed = _rename(review, {review.factors[0].id: entity_id})
    assert f"\n    {mermaid_id}[" in to_mermaid(renamed)
    assert f"\n    {dot_id} [label=" in to_dot(renamed)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_dot_draws_an_entity_named_node() -> None:
    review = domestic_abuse_review()
    renamed = _rename(review, {review.factors[0].id: "node", review.factors[1].id: "EDGE"})
    svg = _render(to_dot(renamed))
    assert svg.count('class="node"') == _drawn_entities(review, CAUSAL_KINDS)


def test_ordinary_reviews_keep_their_entity_ids_and_band_ids() -> None:
    for make in EXAMPLES.values():
        review = make()
        subgraphs, nodes = _mermaid_ids(to_mermaid(review))
        drawn = {
            re.sub(r"\W", "_", entity.id)  # punctuation becomes _, as it always did
            for entity in review.entities()
            if entity.entity_kind in CAUSAL_KINDS
        }
        assert set(nodes) == drawn
        assert {"frontline", "episodes", "findings"} <= set(subgraphs)
        dot_subgraphs, dot_nodes = _dot_ids(to_dot(review))
        assert set(dot_nodes) == drawn
        assert {f"cluster_{key}" for key in subgraphs} == set(dot_subgraphs)
