"""SR1xx, structure: ids are unique and every link joins entities the schema lets it join."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from systemsreview.graph import SCHEMA, allowed
from systemsreview.model import EntityKind, Link, Review
from systemsreview.model._vocab import with_article
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__: list[str] = []


def describe(link: Link) -> str:
    """A link as it reads in messages: ``source -[kind]-> target``."""
    return f"{link.source!r} -[{link.kind.value}]-> {link.target!r}"


@rule("SR101", "duplicate-id", Severity.ERROR, "ids are unique across all entities of the review")
def duplicate_id(review: Review, policy: Policy) -> Iterator[Breach]:
    """Links name entities by id, so an id held twice makes every link to it ambiguous.

    Lookups by id find only the first holder, the networkx view refuses the review, and
    storage keeps every holder as written. Give each entity its own id.
    """
    # One plain str per id (a dict of strings is not tracked by the cyclic collector, so a
    # large review does not set off full collections); lists only for the ids held twice.
    first: dict[str, str] = {}
    kinds: dict[str, list[str]] = {}
    for entity in review.entities():
        kind = entity.entity_kind.value
        if entity.id in first:
            kinds.setdefault(entity.id, [first[entity.id]]).append(kind)
        else:
            first[entity.id] = kind
    for entity_id, held_by in kinds.items():
        if len(held_by) > 1:
            what = ", ".join(f"{n} {k}" for k, n in sorted(Counter(held_by).items()))
            yield (
                (entity_id,),
                f"id {entity_id!r} is held by {len(held_by)} entities ({what}); "
                "give each its own id and update the links that should point to the others",
            )


@rule(
    "SR102",
    "dangling-link",
    Severity.ERROR,
    "both ends of every link are entities of the review",
)
def dangling_link(review: Review, policy: Policy) -> Iterator[Breach]:
    """A link to an id the review does not hold points nowhere.

    The claim it records (who acted, what contributed, what a finding rests on) cannot be
    followed. Usually a typo in an id, or an entity removed without its links.
    """
    held = {entity.id for entity in review.entities()}  # a set: cheaper than `in review`
    for link in review.links:
        if link.source in held and link.target in held:
            continue
        missing = [end for end in (link.source, link.target) if end not in held]
        if missing:
            names = " and ".join(repr(end) for end in dict.fromkeys(missing))
            yield (
                (link.source, link.target),
                f"link {describe(link)}: the review has no entity {names}; "
                "fix the id or remove the link",
            )


@rule(
    "SR103",
    "link-kind-mismatch",
    Severity.ERROR,
    "every link joins the kinds its `LinkKind` allows",
)
def link_kind_mismatch(review: Review, policy: Policy) -> Iterator[Breach]:
    """Each kind of link means something only between certain kinds of entity.

    The graph schema says which: an event is part of an episode, never the reverse. A link
    against the schema is usually reversed or of the wrong kind. Links with a missing end
    are left to SR102.
    """
    kinds: dict[str, EntityKind] = {}
    for entity in review.entities():
        kinds.setdefault(entity.id, entity.entity_kind)  # the first holder, as kind_of
    for link in review.links:
        source, target = kinds.get(link.source), kinds.get(link.target)
        if source is None or target is None or allowed(link.kind, source, target):
            continue
        ends = SCHEMA[link.kind]
        froms = ", ".join(sorted(k.value for k in ends.sources))
        tos = ", ".join(sorted(k.value for k in ends.targets))
        yield (
            (link.source, link.target),
            f"link {describe(link)} joins {source.singular} to {target.singular}; "
            f"{with_article(link.kind.value)} link goes from ({froms}) to ({tos}): "
            "reverse it or use the right kind",
        )


@rule("SR104", "self-link", Severity.ERROR, "no link joins an entity to itself")
def self_link(review: Review, policy: Policy) -> Iterator[Breach]:
    """No relation of the model holds between an entity and itself.

    An episode cannot be the evidence for itself, nor a factor its own cause. A self-link
    is a slip in an id. (A causal self-link is reported here, not as a cycle by SR201.)
    """
    for link in review.links:
        if link.source == link.target:
            yield (
                (link.source,),
                f"link {describe(link)} joins {link.source!r} to itself; fix the other end",
            )


@rule("SR105", "duplicate-link", Severity.WARNING, "no (source, target, kind) appears twice")
def duplicate_link(review: Review, policy: Policy) -> Iterator[Breach]:
    """A relation recorded twice adds nothing but noise.

    It also inflates counts in analyses (how many factors contributed, how many agencies
    were involved). Keep one, merging their notes.
    """
    # Keys of plain strings: the collector untracks such tuples instead of promoting them.
    counts = Counter((link.source, link.target, link.kind.value) for link in review.links)
    for (source, target, kind), count in counts.items():
        if count > 1:
            yield (
                (source, target),
                f"link {describe(Link(source, target, kind))} appears {count} times; "
                "keep one and merge the notes",
            )
