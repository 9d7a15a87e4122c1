"""The graph schema (which link kinds may join which entity kinds) and the networkx view.

Theory of operation: a review is a typed, directed multigraph. Its nodes are the entities
(agencies, practitioners, events, episodes, factors, findings, sources, the learning loop's
recommendations, responses and actions, and the case's subjects and family members); its
edges are the review's links (:class:`~systemsreview.model.Link`). :data:`SCHEMA` below is
the single table that says which entity kinds each :class:`~systemsreview.model.LinkKind`
may join. Rules (SR103), strategies, docs and queries all read it; nothing else restates it.

:func:`to_networkx` gives a ``networkx.MultiDiGraph`` whose nodes carry ``kind`` (an
:class:`~systemsreview.model.EntityKind`) and ``entity`` (the object), whose edges are keyed
by their link kind and carry ``note``, and whose graph attribute ``review`` holds the
review's own fields (the review without its entities and links). :func:`from_networkx`
reverses it exactly, order included:

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> graph = to_networkx(review)
>>> graph.nodes["f-first-home-visit"]["kind"]
<EntityKind.FACTOR: 'factor'>
>>> from_networkx(graph) == review
True

``to_networkx(review, plain=True)`` gives the same graph with plain attribute values
(strings, numbers, ISO dates) that GraphML, GEXF, GML and node-link JSON all write, the
review's own fields under one graph attribute ``review``; :func:`from_networkx` reads both
(see ``docs/graphs.md``):

>>> import io, networkx as nx
>>> plain = to_networkx(review, plain=True)
>>> plain.nodes["f-first-home-visit"]["kind"], plain.nodes["f-first-home-visit"]["level"]
('factor', 'frontline')
>>> buffer = io.BytesIO()
>>> nx.write_graphml(plain, buffer)
>>> from_networkx(nx.read_graphml(io.BytesIO(buffer.getvalue()))) == review
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs
import networkx as nx

from systemsreview import _plaingraph as plain_values
from systemsreview.errors import ModelError
from systemsreview.model import EntityKind, Link, LinkKind, Review

__all__ = [
    "REVIEW_FIELDS",
    "SCHEMA",
    "Endpoints",
    "allowed",
    "from_networkx",
    "schema_markdown",
    "to_networkx",
]

A, P, EV, EP, F, FI, S, REC, RES, ACT, SU, FM = (
    EntityKind.AGENCY,
    EntityKind.PRACTITIONER,
    EntityKind.EVENT,
    EntityKind.EPISODE,
    EntityKind.FACTOR,
    EntityKind.FINDING,
    EntityKind.SOURCE,
    EntityKind.RECOMMENDATION,
    EntityKind.RESPONSE,
    EntityKind.ACTION,
    EntityKind.SUBJECT,
    EntityKind.FAMILY_MEMBER,
)


@attrs.frozen
class Endpoints:
    """The entity kinds a link kind may start from and end at, and what it means."""

    sources: frozenset[EntityKind]
    targets: frozenset[EntityKind]
    meaning: str


#: The graph schema: the one table of which link kinds join which entity kinds.
SCHEMA: Mapping[LinkKind, Endpoints] = {
    LinkKind.CONTRIBUTED_TO: Endpoints(
        frozenset({F, EP}), frozenset({F, EP}), "causal: the source shaped the target"
    ),
    LinkKind.INVOLVED: Endpoints(frozenset({EP, EV}), frozenset({A, P}), "who acted"),
    LinkKind.WORKS_FOR: Endpoints(frozenset({P}), frozenset({A}), "role belongs to agency"),
    LinkKind.PART_OF: Endpoints(
        frozenset({EV}), frozenset({EP}), "chronology entry belongs to a key practice episode"
    ),
    LinkKind.EVIDENCED_BY: Endpoints(
        frozenset({FI, EP, F, EV}), frozenset({EP, F, S}), "what a claim rests on"
    ),
    LinkKind.RESTS_ON: Endpoints(
        frozenset({REC}), frozenset({FI}), "the findings a recommendation draws on"
    ),
    LinkKind.ADDRESSED_TO: Endpoints(
        frozenset({REC}), frozenset({A}), "the agency a recommendation is addressed to"
    ),
    LinkKind.RESPONDS_TO: Endpoints(
        frozenset({RES}),
        frozenset({FI, REC}),
        "the board's response to a finding or recommendation",
    ),
    LinkKind.ADDRESSES: Endpoints(
        frozenset({ACT}), frozenset({FI, REC, F}), "what an action sets out to change"
    ),
    LinkKind.OWNED_BY: Endpoints(frozenset({ACT}), frozenset({A}), "the agency owning an action"),
    LinkKind.CONCERNS: Endpoints(
        frozenset({EP, EV}), frozenset({SU, FM}), "the subject or family member it involved"
    ),
    LinkKind.LIVES_WITH: Endpoints(
        frozenset({FM}), frozenset({SU}), "the family member lives with the subject"
    ),
    LinkKind.CARES_FOR: Endpoints(
        frozenset({FM}), frozenset({SU}), "the family member cares for the subject"
    ),
}

#: The review's own fields (not entities, not links), kept as graph attributes.
REVIEW_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in attrs.fields(Review)
    if f.name != "links" and f.name not in {k.plural for k in EntityKind}
)


def allowed(kind: LinkKind, source: EntityKind, target: EntityKind) -> bool:
    """Whether the schema lets a ``kind`` link join a ``source`` to a ``target`` kind.

    >>> allowed(LinkKind.WORKS_FOR, EntityKind.PRACTITIONER, EntityKind.AGENCY)
    True
    >>> allowed(LinkKind.WORKS_FOR, EntityKind.AGENCY, EntityKind.PRACTITIONER)
    False
    """
    ends = SCHEMA[kind]
    return source in ends.sources and target in ends.targets


def to_networkx(review: Review, *, plain: bool = False) -> nx.MultiDiGraph[str]:
    """The review as a ``networkx.MultiDiGraph``.

    Nodes are entity ids with attributes ``kind`` and ``entity``; an edge per link, keyed
    by its :class:`~systemsreview.model.LinkKind`, with attributes ``note``, ``position``
    (its place among the review's links) and ``extensions``, and ``locator`` and ``quote``
    when they are set. A link repeated with the same ends and kind (SR105) is kept on the
    same edge under ``repeats`` as ``(position, note, extensions)``, followed by
    ``locator`` and ``quote`` when either is set. A link to an id the review
    lacks (SR102) gives a node whose ``kind`` and ``entity`` are ``None``, so a broken
    review can still be drawn and checked. The review's own fields are one graph attribute,
    ``review``: the review without entities or links (no loose top-level keys, so graph
    writers that take a graph's ``id`` for themselves leave the graph as it was).

    With ``plain=True`` every attribute is a plain value that graph file formats keep:
    nodes carry ``kind`` as a string and the entity's fields (enums as their values, dates
    as ``YYYY-MM-DD``, a period as ``<field>_start`` and ``<field>_end``, board questions
    as a JSON array in a string, extension data as JSON text); edges are keyed by the link
    kind's value and carry ``kind``, ``note``, ``position``, ``locator`` and ``quote`` (when
    set), ``extensions`` (JSON text, when there is any) and ``repeats`` as JSON; the
    review's own fields are one JSON string under the graph attribute ``review`` (and
    ``name``, which GEXF keeps).
    Dangling link ends are nodes with no attributes. Text a format cannot carry is written
    as ``json:`` and a JSON string literal, node ids included (see ``docs/graphs.md``).

    Args:
        review: the review to draw.
        plain: plain attribute values for graph files, instead of the model's objects.

    Raises:
        ModelError: when two entities share an id (SR101): a graph cannot hold both.
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    node = plain_values.encode_text if plain else str
    if plain:
        graph.graph.update(plain_values.review_attributes(review))
    else:
        empty: dict[str, Any] = {kind.plural: () for kind in EntityKind}
        graph.graph["review"] = attrs.evolve(review, **empty, links=())
    for entity in review.entities():
        key = node(entity.id)
        if key in graph:
            msg = (
                f"review {review.id!r}: id {entity.id!r} is used by more than one entity, "
                "so the review has no graph; give each entity its own id (see rule SR101)"
            )
            raise ModelError(msg)
        if plain:
            graph.add_node(key, **plain_values.node_attributes(entity))
        else:
            graph.add_node(key, kind=entity.entity_kind, entity=entity)
    for position, link in enumerate(review.links):
        _add_link(graph, position, link, plain=plain)
    return graph


def _add_link(graph: nx.MultiDiGraph[str], position: int, link: Link, *, plain: bool) -> None:
    if not plain:
        for end in (link.source, link.target):
            if end not in graph:
                graph.add_node(end, kind=None, entity=None)
        if graph.has_edge(link.source, link.target, key=link.kind):
            data = graph.edges[link.source, link.target, link.kind]
            repeat: tuple[Any, ...] = (position, link.note, link.extensions)
            if link.locator or link.quote:
                repeat += (link.locator, link.quote)
            data.setdefault("repeats", []).append(repeat)
        else:
            provenance = {n: getattr(link, n) for n in ("locator", "quote") if getattr(link, n)}
            graph.add_edge(
                link.source,
                link.target,
                key=link.kind,
                note=link.note,
                position=position,
                extensions=link.extensions,
                **provenance,
            )
        return
    source, target = plain_values.encode_text(link.source), plain_values.encode_text(link.target)
    graph.add_nodes_from(end for end in (source, target) if end not in graph)
    if graph.has_edge(source, target, key=link.kind.value):
        data = graph.edges[source, target, link.kind.value]
        repeat_plain = plain_values.repeat_attributes(link, position)
        data["repeats"] = json.dumps([*json.loads(data.get("repeats", "[]")), repeat_plain])
    else:
        attributes = plain_values.edge_attributes(link, position)
        graph.add_edge(source, target, key=link.kind.value, **attributes)


def from_networkx(graph: nx.MultiDiGraph[str]) -> Review:
    """Rebuild the :class:`Review` that :func:`to_networkx` made, with any edits made since.

    Entities come from the nodes' ``entity`` attributes, in node order within each kind;
    links from the edges, in ``position`` order (edges added without one come after, in
    edge order). Nodes with no entity (dangling link ends) are skipped.

    A plain graph (``to_networkx(review, plain=True)``, or one read back from GraphML,
    GEXF, GML or node-link JSON) is recognised by its ``review`` graph attribute; its
    entities are rebuilt from the nodes' plain attributes, accepting the types readers give
    back (a position as a string or a float, for instance). The graph is never modified.

    Raises:
        ModelError: when the graph lacks the review's fields or a node's entity does not
            match its id or kind, or a plain attribute does not fit the model.
    """
    if plain_values.is_plain(graph.graph):
        return _from_plain(graph)
    header = graph.graph.get("review")
    if isinstance(header, Review):
        fields = {name: getattr(header, name) for name in REVIEW_FIELDS}
    else:
        fields = {name: graph.graph[name] for name in REVIEW_FIELDS if name in graph.graph}
    missing = [name for name in ("id", "title", "kind", "scope") if name not in fields]
    if missing:
        msg = (
            f"graph has no review field(s) {', '.join(missing)}: build it with "
            "to_networkx(review), or set graph.graph['review'] to a Review holding them"
        )
        raise ModelError(msg)
    buckets: dict[EntityKind, list[Any]] = {kind: [] for kind in EntityKind}
    for node, data in graph.nodes(data=True):
        entity = data.get("entity")
        if entity is None:
            continue
        kind = getattr(entity, "entity_kind", None)
        if kind is None or getattr(entity, "id", None) != node:
            msg = f"graph node {node!r}: its 'entity' attribute is not an entity with id {node!r}"
            raise ModelError(msg)
        buckets[kind].append(entity)
    numbered: list[tuple[float, int, Link]] = []
    for order, (source, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        position = data.get("position", float("inf"))
        note, extensions = data.get("note", ""), data.get("extensions")
        locator, quote = data.get("locator", ""), data.get("quote", "")
        link = Link(
            source, target, key, note=note, locator=locator, quote=quote, extensions=extensions
        )
        numbered.append((position, order, link))
        for repeat_position, note, *more in data.get("repeats", ()):
            located, quoted = [*more[1:3], "", ""][:2]
            link = Link(
                source,
                target,
                key,
                note=note,
                locator=located,
                quote=quoted,
                extensions=more[0] if more else None,
            )
            numbered.append((repeat_position, order, link))
    numbered.sort(key=lambda item: (item[0], item[1]))
    return Review(
        **fields,
        **{kind.plural: tuple(items) for kind, items in buckets.items()},  # type: ignore[arg-type]
        links=tuple(link for _, _, link in numbered),
    )


def _from_plain(graph: nx.MultiDiGraph[str]) -> Review:
    fields = plain_values.decode_review_fields(graph.graph)
    buckets: dict[EntityKind, list[Any]] = {kind: [] for kind in EntityKind}
    for node, data in graph.nodes(data=True):
        entity = plain_values.decode_node(
            plain_values.decode_text(node, f"graph node {node!r}"), data
        )
        if entity is not None:
            buckets[entity.entity_kind].append(entity)
    numbered: list[tuple[float, int, Link]] = []
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for order, edge in enumerate(edges):
        source, target, key, data = edge if len(edge) == 4 else (edge[0], edge[1], None, edge[2])
        numbered += plain_values.decode_edge(
            plain_values.decode_text(source, f"graph node {source!r}"),
            plain_values.decode_text(target, f"graph node {target!r}"),
            key,
            data,
            order,
        )
    numbered.sort(key=lambda item: (item[0], item[1]))
    return Review(
        **fields,
        **{kind.plural: tuple(items) for kind, items in buckets.items()},  # type: ignore[arg-type]
        links=tuple(link for _, _, link in numbered),
    )


def schema_markdown() -> str:
    """The graph schema as a Markdown table, for the docs (generated, never written by hand).

    >>> print(schema_markdown().splitlines()[2])
    | `contributed_to` | episode, factor | episode, factor | causal: the source shaped the target |
    """
    rows = [
        "| link kind | from | to | meaning |",
        "|---|---|---|---|",
    ]
    order = list(EntityKind)
    for kind, ends in SCHEMA.items():
        sources = ", ".join(k.value for k in sorted(ends.sources, key=order.index))
        targets = ", ".join(k.value for k in sorted(ends.targets, key=order.index))
        rows.append(f"| `{kind.value}` | {sources} | {targets} | {ends.meaning} |")
    return "\n".join(rows) + "\n"
