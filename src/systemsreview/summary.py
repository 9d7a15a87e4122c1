"""A plain-text summary of a review: what a reader needs on one screen.

>>> from systemsreview.examples import domestic_abuse_review
>>> text = summarise(domestic_abuse_review())
>>> print(text.splitlines()[0])
Serious case review: children living with domestic abuse [lscb-2011-da]
"""

from __future__ import annotations

from collections.abc import Iterator

from systemsreview.model import EntityKind, LinkKind, Review

__all__ = ["causal_chains", "summarise"]


def causal_chains(review: Review, episode_id: str) -> list[list[str]]:
    """Every chain of ``CONTRIBUTED_TO`` links ending at ``episode_id``, root first.

    Each chain is a list of ids from a root cause (something nothing else contributed to)
    down to ``episode_id``. Cycles (SR201) are cut where they close.
    """

    def walk(node: str, seen: tuple[str, ...]) -> Iterator[list[str]]:
        upstream = [
            link.source
            for link in review.links_to(node)
            if link.kind is LinkKind.CONTRIBUTED_TO and link.source not in seen
        ]
        if not upstream:
            yield [node]
            return
        for cause in upstream:
            for chain in walk(cause, (*seen, cause)):
                yield [*chain, node]

    return [chain for chain in walk(episode_id, (episode_id,)) if len(chain) > 1]


def summarise(review: Review) -> str:
    """The review's agencies, episodes, factors, findings and the chains behind each finding."""
    lines = [f"{review.title} [{review.id}]"]
    lines.append(
        f"{review.kind.label}, {review.method.label}; scope {review.scope.start} to "
        f"{review.scope.end}; {review.entity_count} entities, {len(review.links)} links"
    )
    lines.append(f"\nAgencies ({len(review.agencies)})")
    lines += [f"  {a.id:<12} {a.name} ({a.sector.label})" for a in review.agencies]
    lines.append(f"\nKey practice episodes ({len(review.episodes)})")
    lines += [
        f"  {e.id:<34} {e.appraisal.value:<11} {e.period.start}..{e.period.end}  {e.title}"
        for e in review.episodes
    ]
    lines.append(f"\nContributory factors ({len(review.factors)})")
    lines += [
        f"  {f.id:<30} {f.level.label:<15} {f.valence.value:<10} {f.category}"
        for f in review.factors
    ]
    lines.append(f"\nFindings ({len(review.findings)})")
    for finding in review.findings:
        lines.append(f"  {finding.id}: {finding.statement}")
        lines.append(f"    pattern: {finding.pattern.label} ({finding.valence.value})")
        for question in finding.questions:
            lines.append(f"    ? {question}")
        evidence = [
            link.target
            for link in review.links_from(finding.id)
            if link.kind is LinkKind.EVIDENCED_BY
            and review.kind_of(link.target) is EntityKind.EPISODE
        ]
        lines.append("    causal chains behind it:")
        for episode_id in evidence:
            chains = causal_chains(review, episode_id)
            if not chains:
                lines.append(f"      {episode_id} (no contributory factor recorded)")
            lines += [f"      {' -> '.join(chain)}" for chain in chains]
    return "\n".join(lines)
