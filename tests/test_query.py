"""Tests of systemsreview.query: properties on generated reviews, errors on bad ids."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import systemsreview as sr
from systemsreview import strategies
from systemsreview.examples import domestic_abuse_review
from systemsreview.model import (
    Agency,
    ContributoryFactor,
    EntityKind,
    Episode,
    Event,
    Finding,
    Link,
    LinkKind,
    Period,
    Practitioner,
    Review,
    Source,
)
from systemsreview.query import (
    agencies_involved,
    causal_paths,
    causes,
    effects,
    episodes_involving,
    evidence_trail,
    interaction_matrix,
    root_causes,
    timeline,
)

DAY = dt.date(2020, 1, 1)


@st.composite
def graphs(draw: st.DrawFn) -> Review:
    """Small reviews with arbitrary (possibly cyclic, repeated) links of every kind."""
    n = {kind: draw(st.integers(0, 5)) for kind in EntityKind}
    n[EntityKind.EPISODE] = max(1, n[EntityKind.EPISODE])
    ids = {kind: [f"{kind.value[:3]}{i}" for i in range(n[kind])] for kind in EntityKind}
    start = draw(st.lists(st.integers(0, 60), min_size=n[EntityKind.EPISODE] * 2 + 10))
    agencies = [Agency(id=i, name=i, sector="police") for i in ids[EntityKind.AGENCY]]
    practitioners = [Practitioner(id=i, role="role") for i in ids[EntityKind.PRACTITIONER]]
    events = [
        Event(id=i, when=DAY + dt.timedelta(days=start[k]), description=f"event {i}")
        for k, i in enumerate(ids[EntityKind.EVENT])
    ]
    episodes = [
        Episode(
            id=i,
            title=f"episode {i}",
            period=Period(
                DAY + dt.timedelta(days=start[k]), DAY + dt.timedelta(days=start[k] + start[-k - 1])
            ),
            appraisal="problematic",
        )
        for k, i in enumerate(ids[EntityKind.EPISODE])
    ]
    levels = [("frontline", "frontline.team"), ("national", "national.targets")]
    factors = []
    for i in ids[EntityKind.FACTOR]:
        level, category = draw(st.sampled_from(levels))
        factors.append(ContributoryFactor(id=i, description=i, level=level, category=category))
    findings = [
        Finding(id=i, statement=i, pattern=draw(st.sampled_from(sr.Pattern)))
        for i in ids[EntityKind.FINDING]
    ]
    sources = [Source(id=i, kind="record", description=i) for i in ids[EntityKind.SOURCE]]

    def links(kind: LinkKind, sources_: list[str], targets: list[str]) -> list[Link]:
        if not sources_ or not targets:
            return []
        pairs = st.tuples(st.sampled_from(sources_), st.sampled_from(targets))
        return [Link(a, b, kind) for a, b in draw(st.lists(pairs, max_size=12))]

    causal = ids[EntityKind.FACTOR] + ids[EntityKind.EPISODE]
    all_links = (
        links(LinkKind.CONTRIBUTED_TO, causal, causal)
        + links(LinkKind.WORKS_FOR, ids[EntityKind.PRACTITIONER], ids[EntityKind.AGENCY])
        + links(
            LinkKind.INVOLVED,
            ids[EntityKind.EPISODE] + ids[EntityKind.EVENT],
            ids[EntityKind.AGENCY] + ids[EntityKind.PRACTITIONER],
        )
        + links(LinkKind.PART_OF, ids[EntityKind.EVENT], ids[EntityKind.EPISODE])
        + links(
            LinkKind.EVIDENCED_BY,
            ids[EntityKind.FINDING] + causal,
            causal + ids[EntityKind.SOURCE],
        )
        + links(LinkKind.CONTRIBUTED_TO, causal, ["missing"])  # dangling: ignored
    )
    return Review(
        id="r",
        title="generated",
        kind="rapid_review",
        scope=Period(DAY, DAY + dt.timedelta(days=200)),
        agencies=agencies,
        practitioners=practitioners,
        events=events,
        episodes=episodes,
        factors=factors,
        findings=findings,
        sources=sources,
        links=draw(st.permutations(all_links)),
    )


def causal_graph(review: Review) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(e.id for e in (*review.episodes, *review.factors))
    graph.add_edges_from(
        (link.source, link.target)
        for link in review.links
        if link.kind is LinkKind.CONTRIBUTED_TO
        and link.source != link.target
        and link.target in graph
        and link.source in graph
    )
    return graph


def causal_ids(review: Review) -> list[str]:
    return [e.id for e in (*review.episodes, *review.factors)]


@given(graphs())
def test_causes_and_effects_match_networkx_ancestors(review: Review) -> None:
    graph = causal_graph(review)
    for node in causal_ids(review):
        assert set(causes(review, node)) == nx.ancestors(graph, node)
        assert set(effects(review, node)) == nx.descendants(graph, node)
        assert len(set(causes(review, node))) == len(causes(review, node))
        assert set(causes(review, node, depth=1)) == set(graph.predecessors(node))


@given(graphs())
def test_x_causes_y_iff_y_is_an_effect_of_x(review: Review) -> None:
    nodes = causal_ids(review)
    for x in nodes:
        for y in nodes:
            assert (x in causes(review, y)) == (y in effects(review, x))


@given(graphs(), st.integers(1, 3))
def test_depth_bounds_the_distance(review: Review, depth: int) -> None:
    graph = causal_graph(review)
    for node in causal_ids(review):
        distance = nx.single_source_shortest_path_length(graph.reverse(), node, cutoff=depth)
        assert set(causes(review, node, depth=depth)) == set(distance) - {node}
        # nearest first
        found = causes(review, node, depth=depth)
        assert [distance[i] for i in found] == sorted(distance[i] for i in found)


@given(graphs())
def test_level_keeps_only_factors_at_that_level(review: Review) -> None:
    for node in causal_ids(review):
        national = causes(review, node, level="national")
        assert national == tuple(
            i
            for i in causes(review, node)
            if review.kind_of(i) is EntityKind.FACTOR and review.factor(i).level == "national"
        )


@given(graphs())
def test_causal_paths_are_the_simple_paths_along_links(review: Review) -> None:
    graph = causal_graph(review)
    contributed = {
        (link.source, link.target) for link in review.links if link.kind is LinkKind.CONTRIBUTED_TO
    }
    nodes = causal_ids(review)[:4]
    for source in nodes:
        for target in nodes:
            paths = causal_paths(review, source, target)
            for path in paths:
                assert path[0] == source
                assert path[-1] == target
                assert len(set(path)) == len(path)
                assert all(pair in contributed for pair in itertools.pairwise(path))
            expected = (
                set()
                if source == target
                else set(map(tuple, nx.all_simple_paths(graph, source, target)))
            )
            assert set(paths) == expected
            assert len(paths) == len(set(paths))
            short = causal_paths(review, source, target, cutoff=2)
            assert set(short) == {p for p in expected if len(p) <= 3}


@given(graphs())
def test_root_causes_have_no_causes(review: Review) -> None:
    for root in root_causes(review):
        assert causes(review, root) == ()
        assert effects(review, root) != ()
    for node in causal_ids(review):
        roots = root_causes(review, node)
        assert set(roots) <= set(causes(review, node))
        assert all(causes(review, root) == () for root in roots)
        assert set(roots) == {c for c in causes(review, node) if not causes(review, c, depth=1)}


@given(graphs(), st.booleans())
def test_agencies_involved_and_episodes_involving_agree(review: Review, through: bool) -> None:
    for episode in review.episodes:
        involved = agencies_involved(review, episode.id, through_events=through)
        for agency in review.agencies:
            assert (agency.id in involved) == (
                episode.id in episodes_involving(review, agency.id, through_events=through)
            )


def _expected_agencies(review: Review, entity_id: str, through: bool) -> set[str]:
    """Plain re-statement of the definition, by scanning all links."""

    def direct(actor: str) -> set[str]:
        found = set()
        for link in review.links:
            if link.source != actor or link.kind is not LinkKind.INVOLVED:
                continue
            if review.kind_of(link.target) is EntityKind.AGENCY:
                found.add(link.target)
            for works in review.links:
                if (
                    works.source == link.target
                    and works.kind is LinkKind.WORKS_FOR
                    and review.kind_of(link.target) is EntityKind.PRACTITIONER
                    and review.kind_of(works.target) is EntityKind.AGENCY
                ):
                    found.add(works.target)
        return found

    result = direct(entity_id)
    if through and review.kind_of(entity_id) is EntityKind.EPISODE:
        for link in review.links:
            if link.kind is LinkKind.PART_OF and link.target == entity_id:
                result |= direct(link.source)
    return result


@given(graphs(), st.booleans())
def test_agencies_involved_follows_the_definition(review: Review, through: bool) -> None:
    order = [a.id for a in review.agencies]
    for entity in (*review.episodes, *review.events):
        found = agencies_involved(review, entity.id, through_events=through)
        assert set(found) == _expected_agencies(review, entity.id, through)
        assert list(found) == sorted(found, key=order.index)


@given(graphs())
def test_interaction_matrix_is_symmetric_and_counts_shared_episodes(review: Review) -> None:
    matrix = interaction_matrix(review)
    direct = interaction_matrix(review, through_factors=False)
    counts = matrix.counts()
    for i, a in enumerate(matrix.agencies):
        for j, b in enumerate(matrix.agencies):
            shared = set(episodes_involving(review, a)) & set(episodes_involving(review, b))
            assert counts[i][j] == counts[j][i] == len(shared)
            assert set(matrix[a, b].episodes) == shared
            upstream = shared.union(*(causes(review, e) for e in shared))
            for found, evidence in ((direct, shared), (matrix, upstream)):
                findings = {
                    link.source
                    for link in review.links
                    if link.kind is LinkKind.EVIDENCED_BY
                    and link.target in evidence
                    and review.kind_of(link.source) is EntityKind.FINDING
                }
                assert set(found[a, b].findings) == findings
                patterns = {review.finding(f).pattern for f in findings}
                assert set(found[a, b].patterns) == patterns
    assert all(interaction.episodes for interaction in matrix.interactions)
    table = matrix.to_arrow()
    assert table.num_rows == len(matrix.interactions)
    assert table.column("episodes").to_pylist() == [len(i.episodes) for i in matrix.interactions]


@given(graphs())
def test_timeline_holds_every_event_and_episode_in_order(review: Review) -> None:
    entries = timeline(review)
    assert sorted(e.id for e in entries) == sorted(e.id for e in (*review.events, *review.episodes))
    starts = [e.start for e in entries]
    assert starts == sorted(starts)
    for entry in entries:
        assert entry.agencies == agencies_involved(review, entry.id)


@given(graphs())
def test_evidence_trail_follows_links_and_expands_each_entity_once(review: Review) -> None:
    links = {(link.source, link.target, link.kind) for link in review.links}
    for finding in review.findings:
        trail = evidence_trail(review, finding.id)
        assert trail.id == finding.id
        expanded = [
            node.id
            for _, node in trail.walk()
            if node.kind in {EntityKind.EPISODE, EntityKind.FACTOR} and not node.repeated
        ]
        assert len(expanded) == len(set(expanded))
        for _, node in trail.walk():
            for child in node.children:
                if child.relation == "evidenced by":
                    assert (node.id, child.id, LinkKind.EVIDENCED_BY) in links
                else:
                    assert child.relation == "caused by"
                    assert (child.id, node.id, LinkKind.CONTRIBUTED_TO) in links
        # everything the finding rests on, and all their causes, appear in the trail
        reached = {node.id for _, node in trail.walk()}
        for _, node in trail.walk():
            if node.kind in {EntityKind.EPISODE, EntityKind.FACTOR}:
                assert set(causes(review, node.id)) <= reached
        assert len(trail.render().splitlines()) == sum(1 for _ in trail.walk())


def test_a_causal_cycle_ends_every_walk() -> None:
    review = Review(
        id="loop",
        title="cycle",
        kind="rapid_review",
        scope=Period(DAY, DAY),
        episodes=[Episode(id="e", title="e", period=Period(DAY, DAY), appraisal="good")],
        factors=[
            ContributoryFactor(id=i, description=i, level="frontline", category="frontline.team")
            for i in ("a", "b")
        ],
        findings=[Finding(id="x", statement="x", pattern="tools")],
        links=[
            Link("a", "b", "contributed_to"),
            Link("b", "a", "contributed_to"),
            Link("b", "e", "contributed_to"),
            Link("x", "e", "evidenced_by"),
        ],
    )
    assert causes(review, "e") == ("b", "a")
    assert causes(review, "a") == ("b",)
    assert effects(review, "a") == ("b", "e")
    assert causal_paths(review, "a", "e") == (("a", "b", "e"),)
    assert root_causes(review, "e") == ()
    assert root_causes(review) == ()
    trail = evidence_trail(review, "x")
    assert [(d, n.id, n.repeated) for d, n in trail.walk()] == [
        (0, "x", False),
        (1, "e", False),
        (2, "b", False),
        (3, "a", False),
        (4, "b", True),
    ]


def test_the_worked_example() -> None:
    review = domestic_abuse_review()
    assert sr.causes is causes
    assert causes(review, "kpe-first-home-visits", level="local_strategic") == (
        "f-throughput-culture",
    )
    assert episodes_involving(review, "csc") == (
        "kpe-first-home-visits",
        "kpe-contacts-handled-separately",
    )
    assert agencies_involved(review, "kpe-contacts-handled-separately", through_events=False) == (
        "csc",
        "police",
        "school",
    )
    assert timeline(review)[0].id == "kpe-police-callouts"


@pytest.mark.parametrize(
    ("call", "key", "closest"),
    [
        (lambda r: causes(r, "kpe-police-callout"), "kpe-police-callout", "kpe-police-callouts"),
        (lambda r: effects(r, "f-no-feedbak"), "f-no-feedbak", "f-no-feedback"),
        (lambda r: causal_paths(r, "f-no-feedback", "kpe-x"), "kpe-x", None),
        (lambda r: root_causes(r, "kpe-school-talk"), "kpe-school-talk", "kpe-school-talks"),
        (lambda r: agencies_involved(r, "kpe-school"), "kpe-school", "kpe-school-talks"),
        (lambda r: episodes_involving(r, "polize"), "polize", "police"),
        (lambda r: evidence_trail(r, "finding-voice"), "finding-voice", None),
        (lambda r: interaction_matrix(r)["csc", "polize"], "polize", "police"),
    ],
)
def test_unknown_ids_raise_not_found_with_the_closest(call, key, closest) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(sr.NotFoundError) as raised:
        call(domestic_abuse_review())
    assert raised.value.key == key
    assert key in str(raised.value)
    assert isinstance(raised.value, KeyError)
    if closest is not None:
        assert raised.value.candidates[0] == closest
        assert closest in str(raised.value)


@pytest.mark.parametrize(
    ("call", "kind"),
    [
        (lambda r: causes(r, "police"), "agency"),
        (lambda r: episodes_involving(r, "kpe-school-talks"), "episode"),
        (lambda r: evidence_trail(r, "kpe-school-talks"), "episode"),
        (lambda r: agencies_involved(r, "f-no-feedback"), "factor"),
    ],
)
def test_ids_of_the_wrong_kind_raise_not_found_saying_what_they_are(call, kind) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(sr.NotFoundError, match=f"is {sr.EntityKind(kind).singular}"):
        call(domestic_abuse_review())


def test_bad_depth_is_refused() -> None:
    with pytest.raises(sr.ModelError, match="depth"):
        causes(domestic_abuse_review(), "kpe-school-talks", depth=0)


@settings(max_examples=20, deadline=None)
@given(strategies.reviews())
def test_properties_on_sound_reviews(review: Review) -> None:
    nodes = causal_ids(review)
    graph = causal_graph(review)
    for node in nodes:
        assert set(causes(review, node)) == nx.ancestors(graph, node)
        for root in root_causes(review, node):
            assert causes(review, root) == ()
    contributed = {(k.source, k.target) for k in review.links if k.kind is LinkKind.CONTRIBUTED_TO}
    for x in nodes[:6]:
        for y in nodes[:6]:
            assert (x in causes(review, y)) == (y in effects(review, x))
            for path in causal_paths(review, x, y):
                assert set(itertools.pairwise(path)) <= contributed
    for episode in review.episodes:
        for agency in agencies_involved(review, episode.id):
            assert episode.id in episodes_involving(review, agency)
    for finding in review.findings:
        assert evidence_trail(review, finding.id).id == finding.id


@settings(max_examples=30, deadline=None)
@given(strategies.arbitrary_reviews())
def test_every_query_ends_on_any_review(review: Review) -> None:
    """Duplicate ids, dangling links, cycles: every query answers and terminates."""
    for entity in (*review.episodes, *review.factors):
        if review.kind_of(entity.id) is not entity.entity_kind:
            continue  # a duplicate id: the review's index holds the other entity
        causes(review, entity.id)
        effects(review, entity.id)
        root_causes(review, entity.id)
    root_causes(review)
    timeline(review)
    for finding in review.findings:
        if review.kind_of(finding.id) is EntityKind.FINDING:
            trail = evidence_trail(review, finding.id)
            assert sum(1 for _ in trail.walk()) <= 1 + 2 * len(review.links)
    interaction_matrix(review)
