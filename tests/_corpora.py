"""Test helpers: seeded random corpora of valid-shaped reviews, and a plain dataset writer.

``random_reviews`` varies exactly what the analyses count (patterns, several on some
findings, factor categories,
sectors, years, the links between findings, episodes, events, practitioners and agencies),
with repeats, undated reviews and empty reviews. ``write_dataset`` writes the fixed dataset
layout (``<folder>/<table>/part-0.parquet``, enums dictionary-encoded, dates ``date32``)
with plain pyarrow, independently of the library's own writer.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq

from systemsreview.model import (
    LEARNING_TOGETHER,
    Agency,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    Link,
    Method,
    Pattern,
    Period,
    Practitioner,
    Review,
    ReviewKind,
    Sector,
    Source,
)

CODES = [(code, LEARNING_TOGETHER[code].level) for code in LEARNING_TOGETHER.keys()]  # noqa: SIM118
COMMISSIONERS = ["Board A", "Board B", "Panel"]


def random_review(rng: random.Random, number: int) -> Review:
    rid = f"r{number:05d}"
    start = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(0, 5 * 365))
    decided = None if rng.random() < 0.15 else start + dt.timedelta(days=rng.randrange(30, 400))
    agencies = [
        Agency(id=f"a{i}", name=f"agency {i}", sector=rng.choice(list(Sector)[:6]))
        for i in range(rng.randrange(0, 5))
    ]
    practitioners = [Practitioner(id=f"p{i}", role="role") for i in range(rng.randrange(0, 4))]
    episodes = [
        Episode(id=f"k{i}", title="t", period=Period(start, start), appraisal="problematic")
        for i in range(rng.randrange(0, 5))
    ]
    events = [Event(id=f"e{i}", when=start, description="d") for i in range(rng.randrange(0, 5))]
    factors = []
    for i in range(rng.randrange(0, 6)):
        code, level = rng.choice(CODES[:8] if rng.random() < 0.7 else CODES)
        factors.append(ContributoryFactor(id=f"f{i}", description="d", level=level, category=code))
    patterns = list(Pattern)
    findings = [
        Finding(id=f"g{i}", statement="s", pattern=rng.choice(patterns[: rng.randrange(1, 7)]))
        for i in range(rng.randrange(0, 5))
    ]
    sources = [Source(id="s0", kind="record", description="d")]
    links: list[Link] = []

    def some(ids: list[str], most: int) -> list[str]:
        return [rng.choice(ids) for _ in range(rng.randrange(0, most + 1))] if ids else []

    a_ids = [a.id for a in agencies]
    p_ids = [p.id for p in practitioners]
    k_ids = [k.id for k in episodes]
    for p in p_ids:
        links += [Link(p, a, "works_for") for a in some(a_ids, 1)]
    for k in k_ids:
        links += [Link(k, x, "involved") for x in some(a_ids + p_ids, 2)]
    for e in (e.id for e in events):
        links += [Link(e, k, "part_of") for k in some(k_ids, 1)]
        links += [Link(e, x, "involved") for x in some(a_ids + p_ids, 2)]
    for g in findings:
        links += [Link(g.id, k, "evidenced_by") for k in some(k_ids, 3)]
        links += [Link(g.id, f.id, "evidenced_by") for f in some(factors, 1)]  # type: ignore[arg-type]
        links.append(Link(g.id, "s0", "evidenced_by"))
    rng.shuffle(links)
    # Last, so the draws above stay as they were: some findings rest on further patterns
    # (format 5.0), which every analysis counts them under too.
    more = random.Random(rng.random())
    findings = [
        attrs.evolve(
            g,
            other_patterns=more.sample(
                [p for p in patterns[:4] if p is not g.pattern], more.choice((0, 0, 1, 2))
            ),
        )
        for g in findings
    ]
    return Review(
        id=rid,
        title=f"review {number}",
        kind=rng.choice(list(ReviewKind)[:3]),
        methods=(rng.choice(list(Method)[:2]),),
        commissioner=rng.choice(COMMISSIONERS),
        scope=Period(start, start + dt.timedelta(days=30)),
        decided=decided,
        agencies=agencies,
        practitioners=practitioners,
        events=events,
        episodes=episodes,
        factors=factors,
        findings=findings,
        sources=sources,
        links=links,
    )


def random_reviews(seed: int, n: int) -> list[Review]:
    rng = random.Random(seed)
    return [random_review(rng, i) for i in range(n)]


def _s(values: list[str]) -> pa.Array:
    return pa.array(values, pa.string())


def _enum(values: list[str]) -> pa.Array:
    return pa.array(values, pa.string()).dictionary_encode()


def write_dataset(reviews: list[Review], folder: Path) -> Path:
    """The reviews in the dataset layout, with the columns analyses read (and a few more)."""
    tables = {
        "reviews": pa.table(
            {
                "review_id": _s([r.id for r in reviews]),
                "title": _s([r.title for r in reviews]),
                "kind": _enum([r.kind.value for r in reviews]),
                "methods": pa.array(
                    [[m.value for m in r.methods] for r in reviews], pa.list_(pa.string())
                ),
                "commissioner": _s([r.commissioner for r in reviews]),
                "decided": pa.array([r.decided for r in reviews], pa.date32()),
            }
        ),
        "agencies": pa.table(
            {
                "review_id": _s([r.id for r in reviews for _ in r.agencies]),
                "id": _s([a.id for r in reviews for a in r.agencies]),
                "sector": _enum([a.sector.value for r in reviews for a in r.agencies]),
            }
        ),
        "findings": pa.table(
            {
                "review_id": _s([r.id for r in reviews for _ in r.findings]),
                "id": _s([f.id for r in reviews for f in r.findings]),
                "pattern": _enum([f.pattern.value for r in reviews for f in r.findings]),
                "other_patterns": pa.array(
                    [[p.value for p in f.other_patterns] for r in reviews for f in r.findings],
                    pa.list_(pa.string()),
                ),
            }
        ),
        "factors": pa.table(
            {
                "review_id": _s([r.id for r in reviews for _ in r.factors]),
                "id": _s([f.id for r in reviews for f in r.factors]),
                "level": _enum([f.level.value for r in reviews for f in r.factors]),
                "category": _s([f.category for r in reviews for f in r.factors]),
            }
        ),
        "links": pa.table(
            {
                "review_id": _s([r.id for r in reviews for _ in r.links]),
                "src": _s([k.source for r in reviews for k in r.links]),
                "dst": _s([k.target for r in reviews for k in r.links]),
                "kind": _enum([k.kind.value for r in reviews for k in r.links]),
                "note": _s([k.note for r in reviews for k in r.links]),
            }
        ),
    }
    for name in ("practitioners", "events", "episodes", "sources"):
        tables[name] = pa.table(
            {
                "review_id": pa.array(
                    [r.id for r in reviews for _ in getattr(r, name)], pa.string()
                ),
                "id": pa.array([e.id for r in reviews for e in getattr(r, name)], pa.string()),
            }
        )
    for name, table in tables.items():
        (folder / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / name / "part-0.parquet")
    return folder
