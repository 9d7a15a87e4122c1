"""A plain-text summary of a review: what a reader needs on one screen.

>>> from systemsreview.examples import domestic_abuse_review
>>> text = summarise(domestic_abuse_review())
>>> print(text.splitlines()[0])
Serious case review: children living with domestic abuse [lscb-2011-da]
"""

from __future__ import annotations

from collections.abc import Iterable

from systemsreview.model import EntityKind, LinkKind, Review
from systemsreview.query import causal_paths, upstream_ends

__all__ = ["causal_chains", "summarise"]


def causal_chains(review: Review, episode_id: str) -> list[list[str]]:
    """Every chain of ``CONTRIBUTED_TO`` links from an upstream end down to ``episode_id``.

    Built from :func:`~systemsreview.query.upstream_ends` and
    :func:`~systemsreview.query.causal_paths`, upstream ends nearest first.
    """
    return [
        list(path)
        for root in upstream_ends(review, episode_id)
        for path in causal_paths(review, root, episode_id)
    ]


def _width(ids: Iterable[str]) -> int:
    """The width of an id column: the longest id, so columns line up whatever the ids."""
    return max((len(i) for i in ids), default=0)


def summarise(review: Review) -> str:
    """The review's agencies, episodes, factors, findings and the chains behind each finding."""
    lines = [f"{review.title} [{review.id}]"]
    lines.append(
        f"{review.kind.label}, {' + '.join(m.label for m in review.methods)}; "
        f"scope {review.scope.start} to "
        f"{review.scope.end}; {review.entity_count} entities, {len(review.links)} links"
    )
    lines.append(f"\nAgencies ({len(review.agencies)})")
    width = _width(a.id for a in review.agencies)
    lines += [f"  {a.id:<{width}} {a.name} ({a.sector.label})" for a in review.agencies]
    lines.append(f"\nKey practice episodes ({len(review.episodes)})")
    width = _width(e.id for e in review.episodes)
    lines += [
        f"  {e.id:<{width}} {e.appraisal.value:<11} {e.period.start}..{e.period.end}  {e.title}"
        for e in review.episodes
    ]
    lines.append(f"\nContributory factors ({len(review.factors)})")
    width = _width(f.id for f in review.factors)
    lines += [
        f"  {f.id:<{width}} {f.level.label:<15} {f.valence.value:<10} {f.category}"
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
