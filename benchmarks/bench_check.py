"""Is ``check`` linear? Per-entity cost of checking reviews of 1k, 10k and 100k entities.

Builds one sound review per size (eight entities per unit: agency, practitioner, episode,
two factors, event, finding, source; the episodes form one causal chain through the whole
review, the worst case for the cycle and frontline-only searches), then times ``check`` on
a fresh copy (so the review's id index is built inside the timing), best of several runs.

Beside it, the same table for a reference pass that any linear checker must at least make:
one dict of entities by id, one lookup of both ends of every link, one grouping of links by
source. Its growth in cost per entity is the memory hierarchy's (a 100k-entity review does
not fit in cache), not the algorithm's; ``check`` is compared against it as well.

``check`` runs twice: as a caller gets it by default, with Python's cyclic garbage collector
running (full collections walk the whole heap, so the cost per entity grows with the size
of the review), and inside :func:`systemsreview.gc_paused`, the opt-in pause a caller
checking large reviews can use. The reference pass runs with the collector paused: it is
the floor any linear pass meets.

Run: ``python benchmarks/bench_check.py``. Target (DESIGN.md): the cost per entity at 100k
entities is at most 1.5 times that at 1k (judged on ``check`` inside ``gc_paused``).
"""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time

import attrs

from systemsreview import gc_paused
from systemsreview.model import (
    Agency,
    Appraisal,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    Level,
    Link,
    LinkKind,
    Pattern,
    Period,
    Practitioner,
    Review,
    Reviewer,
    Sector,
    Source,
    SourceKind,
)
from systemsreview.rules import check

SIZES = (1_000, 10_000, 100_000)
TARGET = 1.5
SECTORS = list(Sector)


def build(entities: int) -> Review:
    """A sound review of about ``entities`` entities (eight per unit)."""
    units = max(2, entities // 8)
    start = dt.date(1950, 1, 1)
    agencies, practitioners, events, episodes, factors, findings, sources, links = (
        [] for _ in range(8)
    )
    C, V, W, P, E = (  # noqa: N806 - short names for the link kinds
        LinkKind.CONTRIBUTED_TO,
        LinkKind.INVOLVED,
        LinkKind.WORKS_FOR,
        LinkKind.PART_OF,
        LinkKind.EVIDENCED_BY,
    )
    for i in range(units):
        day = start + dt.timedelta(days=i)
        agencies.append(Agency(id=f"a{i}", name=f"Agency {i}", sector=SECTORS[i % len(SECTORS)]))
        practitioners.append(Practitioner(id=f"p{i}", role="duty social worker"))
        episodes.append(
            Episode(
                id=f"e{i}",
                title=f"Episode {i}",
                period=Period(day, day + dt.timedelta(days=3)),
                appraisal=Appraisal.PROBLEMATIC if i % 3 else Appraisal.GOOD,
                view_at_the_time="It made sense at the time.",
            )
        )
        factors.append(
            ContributoryFactor(
                id=f"l{i}",
                description="Throughput culture",
                level=Level.LOCAL_STRATEGIC,
                category="local_strategic.culture",
            )
        )
        factors.append(
            ContributoryFactor(
                id=f"f{i}",
                description="Custom and practice",
                level=Level.FRONTLINE,
                category="frontline.team.custom_and_practice",
            )
        )
        events.append(Event(id=f"v{i}", when=day, description=f"Concern {i} shared"))
        findings.append(
            Finding(
                id=f"g{i}",
                statement="Concerns are not collated",
                pattern=Pattern.TOOLS,
                questions=("How are concerns collated?",),
            )
        )
        sources.append(Source(id=f"s{i}", kind=SourceKind.RECORD, description="Records"))
        nxt = (i + 1) % units
        links += [
            Link(f"p{i}", f"a{i}", W),
            Link(f"e{i}", f"a{i}", V),
            Link(f"e{i}", f"a{nxt}", V),
            Link(f"e{i}", f"p{i}", V),
            Link(f"l{i}", f"f{i}", C),
            Link(f"f{i}", f"e{i}", C),
            Link(f"v{i}", f"e{i}", P),
            Link(f"v{i}", f"a{i}", V),
            Link(f"v{i}", f"s{i}", E),
            Link(f"g{i}", f"e{i}", E),
        ]
        if i + 1 < units:
            links.append(Link(f"e{i}", f"e{i + 1}", C))
    return Review(
        id=f"bench-{entities}",
        title="Benchmark review",
        kind="serious_case_review",
        scope=Period(start, start + dt.timedelta(days=units + 3)),
        reviewers=(Reviewer(role="lead reviewer", lead=True, independent=True),),
        agencies=agencies,
        practitioners=practitioners,
        events=events,
        episodes=episodes,
        factors=factors,
        findings=findings,
        sources=sources,
        links=links,
    )


def reference(review: Review) -> None:
    """The least a linear checker does: index by id, resolve link ends, group links."""
    by_id = {e.id: e for e in review.entities()}
    [(by_id.get(link.source), by_id.get(link.target)) for link in review.links]
    grouped: dict[str, list[Link]] = {}
    for link in review.links:
        grouped.setdefault(link.source, []).append(link)


def measure(review: Review, task: str) -> float:
    """Best wall time of ``task`` on fresh copies of ``review`` (index built inside)."""
    repeats = max(5, 100_000 // review.entity_count)
    best = float("inf")
    for _ in range(repeats):
        fresh = attrs.evolve(review)
        gc.collect()
        began = time.perf_counter()
        if task == "check":
            violations = check(fresh)
        elif task == "paused":
            with gc_paused():
                violations = check(fresh)
        else:
            with gc_paused():  # the floor: the comparison is of the passes alone
                reference(fresh)
            violations = []
        if violations:
            msg = f"benchmark review is not sound: {violations[:3]}"
            raise SystemExit(msg)
        best = min(best, time.perf_counter() - began)
    return best


def main() -> int:
    """Print the table; exit 1 when the target is missed."""
    reviews = [build(size) for size in SIZES]
    base: dict[str, float] = {}
    ratios: dict[str, float] = {}
    print(
        f"{'task':>9} {'entities':>9} {'links':>8} {'time (s)':>9} {'µs/entity':>10} {'vs 1k':>6}"
    )
    for task in ("check", "paused", "reference"):
        for review in reviews:
            seconds = measure(review, task)
            per = seconds / review.entity_count
            base.setdefault(task, per)
            ratios[task] = per / base[task]
            print(
                f"{task:>9} {review.entity_count:>9,} {len(review.links):>8,} {seconds:>9.4f}"
                f" {per * 1e6:>10.2f} {ratios[task]:>6.2f}"
            )
    verdict = "meets" if ratios["paused"] <= TARGET else "misses"
    print(
        f"check in gc_paused: per-entity cost at 100k is {ratios['paused']:.2f}x that at 1k "
        f"({verdict} the {TARGET}x target); the reference pass grows {ratios['reference']:.2f}x, "
        f"so check grows {ratios['paused'] / ratios['reference']:.2f}x as fast as the memory "
        "hierarchy makes any linear pass grow"
    )
    print(
        f"check with the collector running (the default): {ratios['check']:.2f}x; "
        f"at 100k entities it takes {100 * (ratios['check'] / ratios['paused'] - 1):.0f}% "
        "longer per entity than in gc_paused (relative to each one's 1k cost)"
    )
    return 0 if ratios["paused"] <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
