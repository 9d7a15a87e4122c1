"""The graph schema (which link kinds may join which entity kinds) and the networkx view.

Theory of operation: a review is a typed, directed multigraph. Its nodes are the entities
(agencies, practitioners, events, episodes, factors, findings, sources); its edges are the
review's links (:class:`~systemsreview.model.Link`). :data:`SCHEMA` below is the single table
that says which entity kinds each :class:`~systemsreview.model.LinkKind` may join. Rules
(SR103), strategies, docs and queries all read it; nothing else restates it.

:func:`to_networkx` gives a ``networkx.MultiDiGraph`` whose nodes carry ``kind`` (an
:class:`~systemsreview.model.EntityKind`) and ``entity`` (the object), whose edges are keyed
by their link kind and carry ``note``, and whose graph attributes hold the review's own
fields. :func:`from_networkx` reverses it exactly, order included:

>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> graph = to_networkx(review)
>>> graph.nodes["f-first-home-visit"]["kind"]
<EntityKind.FACTOR: 'factor'>
>>> from_networkx(graph) == review
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import networkx as nx

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

A, P, EV, EP, F, FI, S = (
    EntityKind.AGENCY,
    EntityKind.PRACTITIONER,
    EntityKind.EVENT,
    EntityKind.EPISODE,
    EntityKind.FACTOR,
    EntityKind.FINDING,
    EntityKind.SOURCE,
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


def to_networkx(review: Review) -> nx.MultiDiGraph[str]:
    """The review as a ``networkx.MultiDiGraph``.

    Nodes are entity ids with attributes ``kind`` and ``entity``; an edge per link, keyed
    by its :class:`~systemsreview.model.LinkKind`, with attributes ``note``, ``position``
    (its place among the review's links) and ``extensions``; the review's own fields,
    ``extensions`` included, are graph attributes. A link repeated with the same ends and
    kind (SR105) is kept on the same edge under ``repeats`` as ``(position, note,
    extensions)``. A link to an id the review lacks (SR102) gives a node whose ``kind`` and
    ``entity`` are ``None``, so a broken review can still be drawn and checked.

    Raises:
        ModelError: when two entities share an id (SR101): a graph cannot hold both.
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph.update({name: getattr(review, name) for name in REVIEW_FIELDS})
    for entity in review.entities():
        if entity.id in graph:
            msg = (
                f"review {review.id!r}: id {entity.id!r} is used by more than one entity, "
                "so the review has no graph; give each entity its own id (see rule SR101)"
            )
            raise ModelError(msg)
        graph.add_node(entity.id, kind=entity.entity_kind, entity=entity)
    for position, link in enumerate(review.links):
        for end in (link.source, link.target):
            if end not in graph:
                graph.add_node(end, kind=None, entity=None)
        if graph.has_edge(link.source, link.target, key=link.kind):
            data = graph.edges[link.source, link.target, link.kind]
            data.setdefault("repeats", []).append((position, link.note, link.extensions))
        else:
            graph.add_edge(
                link.source,
                link.target,
                key=link.kind,
                note=link.note,
                position=position,
                extensions=link.extensions,
            )
    return graph


def from_networkx(graph: nx.MultiDiGraph[str]) -> Review:
    """Rebuild the :class:`Review` that :func:`to_networkx` made, with any edits made since.

    Entities come from the nodes' ``entity`` attributes, in node order within each kind;
    links from the edges, in ``position`` order (edges added without one come after, in
    edge order). Nodes with no entity (dangling link ends) are skipped.

    Raises:
        ModelError: when the graph lacks the review's fields or a node's entity does not
            match its id or kind.
    """
    missing = [name for name in ("id", "title", "kind", "scope") if name not in graph.graph]
    if missing:
        msg = (
            f"graph has no review field(s) {', '.join(missing)}: build it with "
            "to_networkx(review), or set graph.graph[...] for each review field"
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
        numbered.append(
            (position, order, Link(source, target, key, note=note, extensions=extensions))
        )
        for repeat_position, note, *more in data.get("repeats", ()):
            link = Link(source, target, key, note=note, extensions=more[0] if more else None)
            numbered.append((repeat_position, order, link))
    numbered.sort(key=lambda item: (item[0], item[1]))
    fields: dict[str, Any] = {
        name: graph.graph[name] for name in REVIEW_FIELDS if name in graph.graph
    }
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
