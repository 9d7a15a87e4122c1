"""SR2xx, causal: the ``CONTRIBUTED_TO`` graph is acyclic and runs forward in time."""

from __future__ import annotations

from collections.abc import Iterator

from systemsreview.model import Episode, LinkKind, Review, edtf
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__ = ["causal_successors", "strongly_connected"]


def causal_successors(review: Review, node: str) -> list[str]:
    """The ids ``node`` contributed to (self-links left out: SR104 reports them)."""
    return [
        link.target
        for link in review.links_from(node)
        if link.kind is LinkKind.CONTRIBUTED_TO and link.target != node
    ]


def strongly_connected(review: Review) -> list[list[str]]:
    """The strongly connected components of the causal graph with two ids or more.

    Tarjan's algorithm, iterative (no recursion limit), linear in nodes and links.
    """
    roots = dict.fromkeys(
        link.source for link in review.links if link.kind is LinkKind.CONTRIBUTED_TO
    )
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in roots:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(causal_successors(review, root)))]
        while work:
            node, successors = work[-1]
            pushed = False
            for succ in successors:
                if succ not in index:
                    index[succ] = low[succ] = len(index)
                    stack.append(succ)
                    on_stack.add(succ)
                    work.append((succ, iter(causal_successors(review, succ))))
                    pushed = True
                    break
                if succ in on_stack:
                    low[node] = min(low[node], index[succ])
            if pushed:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


@rule("SR201", "causal-cycle", Severity.ERROR, "the `CONTRIBUTED_TO` subgraph is acyclic")
def causal_cycle(review: Review, policy: Policy) -> Iterator[Breach]:
    """A cause cannot be its own effect, however many steps away.

    A cycle of contributions has no place where the chain starts and makes causal queries
    (upstream ends, causal paths) meaningless. Usually one link is reversed: the earlier
    condition shaped the later one, not the other way round.
    """
    for component in strongly_connected(review):
        yield (
            tuple(component),
            f"{', '.join(map(repr, component))} contribute to each other in a cycle; "
            "find the reversed contributed_to link among them and turn it round",
        )


@rule(
    "SR202",
    "effect-before-cause",
    Severity.ERROR,
    "no episode contributes to an episode that ended before it began",
)
def effect_before_cause(review: Review, policy: Policy) -> Iterator[Breach]:
    """Practice can only shape what comes after it.

    An episode said to contribute to one that was over before it began has its direction
    or its dates wrong. Ends given to the month or the year stand for all their days: the
    effect must have ended before the cause began on every reading.
    """
    for link in review.links:
        if link.kind is not LinkKind.CONTRIBUTED_TO:
            continue
        cause, effect = review.get(link.source), review.get(link.target)
        if not (isinstance(cause, Episode) and isinstance(effect, Episode)):
            continue
        if effect.period.last < cause.period.first:
            start = edtf(cause.period.start, cause.period.start_precision)
            end = edtf(effect.period.end, effect.period.end_precision)
            yield (
                (link.source, link.target),
                f"episode {link.source!r} (from {start}) contributed to {link.target!r}, "
                f"which ended on {end}; reverse the link or fix the dates",
            )
