"""The evidence trail of a finding: the episodes it rests on, their causes and their sources.

:func:`evidence_trail` returns a small tree of frozen :class:`TrailNode` objects that a tool
can walk or draw; :meth:`TrailNode.render` draws it as text. The root is the finding; below
it hang what it is ``EVIDENCED_BY`` (episodes, factors, sources); below each episode or
factor, its own evidence and then its causes (``CONTRIBUTED_TO`` links, upstream), and so
on to where the recorded chains start. Each episode or factor is expanded once, where it
first appears; later appearances are leaves marked ``repeated``, so the tree stays as small
as the review and a causal cycle (SR201) cannot make it infinite.

>>> from systemsreview.examples import domestic_abuse_review
>>> trail = evidence_trail(domestic_abuse_review(), "finding-voice-of-child")
>>> print(trail.render(width=76))  # doctest: +ELLIPSIS
finding finding-voice-of-child [family-professional interactions]: Professi…
├── evidenced by episode kpe-police-callouts [problematic]: Police respond …
│   ├── evidenced by source s-police-records [record]: Police domestic abus…
│   ├── evidenced by source s-case-group [conversation]: Structured convers…
│   └── caused by factor f-police-unsure [frontline]: Officers unsure wheth…
│       ├── evidenced by source s-case-group [conversation]: Structured con…
│       └── caused by factor f-child-centredness-messages [local strategic]…
│           └── evidenced by source s-case-group [conversation]: Structured…
├── evidenced by episode kpe-midwife-visits [problematic]: Specialist midwi…
│   ├── evidenced by source s-case-group [conversation]: Structured convers…
│   └── caused by factor f-mother-as-client [frontline]: The midwife's role…
│       ├── evidenced by source s-case-group [conversation]: Structured con…
│       └── caused by factor f-child-centredness-messages (see above)
...
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from systemsreview.model import Entity, EntityKind, LinkKind, Review
from systemsreview.query._common import require, step

__all__ = ["TrailNode", "evidence_trail"]


@attrs.frozen
class TrailNode:
    """One entity of an evidence trail, with what hangs below it.

    Attributes:
        id: the entity id.
        kind: its kind (finding, episode, factor or source).
        relation: how it hangs from its parent: ``"evidenced by"`` or ``"caused by"``
            (empty for the root).
        detail: a short qualifier: the pattern, appraisal, level or source kind.
        label: the statement, title or description.
        children: the nodes below, evidence first, then causes, each in link order.
        repeated: whether this episode or factor was already expanded higher in the tree
            (its children are then left out).
        locator, quote: where in a source the evidence sits and what it says, as the
            evidence link records them (empty when it does not).
    """

    id: str
    kind: EntityKind
    relation: str
    detail: str
    label: str
    children: tuple[TrailNode, ...] = ()
    repeated: bool = False
    locator: str = ""
    quote: str = ""

    def walk(self) -> Iterator[tuple[int, TrailNode]]:
        """Every node with its depth (the root at 0), depth first, in display order."""
        stack: list[tuple[int, TrailNode]] = [(0, self)]
        while stack:
            depth, node = stack.pop()
            yield depth, node
            stack.extend((depth + 1, child) for child in reversed(node.children))

    def line(self) -> str:
        """This node as one line of text, without the tree drawing."""
        head = f"{self.relation} " if self.relation else ""
        if self.repeated:
            return f"{head}{self.kind.value} {self.id} (see above){self.provenance()}"
        return f"{head}{self.kind.value} {self.id} [{self.detail}]: {self.label}{self.provenance()}"

    def provenance(self) -> str:
        """Where in its source the evidence sits and its quotation, as ``" (para 4.12: "...")"``."""
        said = f'"{self.quote}"' if self.quote else ""
        inside = ": ".join(part for part in (self.locator, said) if part)
        return f" ({inside})" if inside else ""

    def render(self, width: int | None = None) -> str:
        """The tree as text, one node a line, drawn with box characters.

        Args:
            width: cut longer lines to this many characters (ending in "…").
        """
        lines: list[str] = []

        def draw(node: TrailNode, prefix: str, branch: str) -> None:
            text = prefix + branch + node.line()
            if width is not None and len(text) > width:
                text = text[: width - 1] + "…"
            lines.append(text)
            below = prefix + {"": "", "├── ": "│   ", "└── ": "    "}[branch]
            for n, child in enumerate(node.children):
                draw(child, below, "└── " if n == len(node.children) - 1 else "├── ")

        draw(self, "", "")
        return "\n".join(lines)


def _describe(entity: Entity) -> tuple[str, str]:
    kind = entity.entity_kind
    if kind is EntityKind.FINDING:
        return entity.pattern.label, entity.statement  # type: ignore[union-attr]
    if kind is EntityKind.EPISODE:
        return entity.appraisal.label, entity.title  # type: ignore[union-attr]
    if kind is EntityKind.FACTOR:
        return entity.level.label, entity.description  # type: ignore[union-attr]
    if kind is EntityKind.SOURCE:
        return entity.kind.label, entity.description  # type: ignore[union-attr]
    return "", entity.id


_EXPANDED = frozenset({EntityKind.EPISODE, EntityKind.FACTOR})


def evidence_trail(review: Review, finding_id: str) -> TrailNode:
    """The tree of evidence behind a finding, down to where the recorded chains start.

    Raises:
        NotFoundError: when ``finding_id`` is not a finding of the review.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> trail = evidence_trail(domestic_abuse_review(), "finding-voice-of-child")
    >>> [child.id for child in trail.children][:2]
    ['kpe-police-callouts', 'kpe-midwife-visits']
    >>> sum(1 for _ in trail.walk())
    37
    >>> [node.id for _, node in trail.walk() if node.repeated]
    ['f-child-centredness-messages', 'f-throughput-culture', 'f-no-feedback', 'f-no-feedback']
    """
    require(review, finding_id, (EntityKind.FINDING,))
    expanded: set[str] = set()

    def node(entity_id: str, relation: str, where: tuple[str, str] = ("", "")) -> TrailNode:
        entity = review.entity(entity_id)
        detail, label = _describe(entity)
        kind = entity.entity_kind
        locator, quote = where
        if kind in _EXPANDED and entity_id in expanded:
            return TrailNode(
                entity_id,
                kind,
                relation,
                detail,
                label,
                repeated=True,
                locator=locator,
                quote=quote,
            )
        expanded.add(entity_id)
        children = [
            node(i, "evidenced by", found) for i, found in _evidence(review, entity_id).items()
        ]
        if kind in _EXPANDED:
            children += [node(i, "caused by") for i in step(review, entity_id, upstream=True)]
        return TrailNode(
            entity_id, kind, relation, detail, label, tuple(children), locator=locator, quote=quote
        )

    return node(finding_id, "")


def _evidence(review: Review, entity_id: str) -> dict[str, tuple[str, str]]:
    """The evidence of an entity, in link order, with the first locator and quote given."""
    found: dict[str, tuple[str, str]] = {}
    for link in review.links_from(entity_id):
        evidence = link.kind is LinkKind.EVIDENCED_BY and review.kind_of(link.target) in _TARGETS
        if evidence and found.get(link.target, ("", "")) == ("", ""):
            found[link.target] = (link.locator, link.quote)
    return found


_TARGETS = frozenset({EntityKind.EPISODE, EntityKind.FACTOR, EntityKind.SOURCE})
