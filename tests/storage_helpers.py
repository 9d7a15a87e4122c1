"""Hand-made reviews for the Parquet storage tests (generated ones come from
:mod:`systemsreview.strategies`)."""

from __future__ import annotations

import json
from pathlib import Path

import attrs

from systemsreview.examples import domestic_abuse_review
from systemsreview.model import (
    Agency,
    Appraisal,
    ContributoryFactor,
    Episode,
    Event,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Period,
    Practitioner,
    Review,
    Reviewer,
    ReviewKind,
    Sector,
    Source,
    SourceKind,
)

EXAMPLE = domestic_abuse_review()
WEIRD = "é中文🙂\u200f\u0301 \t\n\x00'\"\\"


def variants(n: int, prefix: str = "r") -> list[Review]:
    """``n`` copies of the worked example under distinct ids."""
    return [attrs.evolve(EXAMPLE, id=f"{prefix}{i:04d}") for i in range(n)]


def minimal(review_id: str = "minimal") -> Review:
    """A review with only its required fields: no entities, links, reviewers or milestones."""
    return Review(
        id=review_id,
        title="t",
        kind=ReviewKind.RAPID_REVIEW,
        scope=Period("2020-01-01", "2020-01-01"),
    )


def unicode_review() -> Review:
    """Unicode in ids and texts, long texts, duplicates, dangling and self links."""
    long = "x" * 300_000 + WEIRD
    return Review(
        id=f"ü-{WEIRD}",
        title=WEIRD,
        kind=ReviewKind.LEARNING_REVIEW,
        methods=(Method.CAST,),
        incident=IncidentKind.NEAR_MISS,
        commissioner=WEIRD,
        scope=Period("1999-12-31", "2038-01-20"),
        decided="2000-02-29",
        reviewers=(
            Reviewer(role=WEIRD, agency_id=WEIRD),
            Reviewer(role="chair", organisation="", independent=True, lead=True),
        ),
        agencies=(
            Agency(id=WEIRD, name=WEIRD, sector=Sector.OTHER),
            Agency(id=WEIRD, name="again", sector=Sector.HOUSING),
        ),
        practitioners=(Practitioner(id="p", role="GP"),),
        events=(Event(id="e", when="0001-01-01", description=long),),
        episodes=(
            Episode(
                id="k",
                title=WEIRD,
                period=Period("9999-12-30", "9999-12-31"),
                appraisal=Appraisal.MIXED,
                hindsight=long,
            ),
        ),
        factors=(
            ContributoryFactor(id="f", description="d", level=Level.NATIONAL, category="national"),
        ),
        findings=(
            Finding(id="g", statement="s", pattern=Pattern.TOOLS, questions=(WEIRD, "", "?")),
            Finding(id="g2", statement="s", pattern=Pattern.HUMAN_REASONING),
        ),
        sources=(Source(id="s", kind=SourceKind.FAMILY, description=WEIRD),),
        links=(
            Link("k", "missing", LinkKind.INVOLVED, note=WEIRD),
            Link("k", "k", LinkKind.CONTRIBUTED_TO),
            Link("k", "k", LinkKind.CONTRIBUTED_TO),
        ),
    )


def without_checksums(path: Path) -> None:
    """Drop the files' sizes and SHA-256 from the manifest, as a format-1.0 manifest has none.

    Tests that craft damaged files to reach the structural checks call this first, so that
    the size check (which would catch most crafted files first) does not hide them.
    """
    manifest = path / "_systemsreview.json"
    doc = json.loads(manifest.read_text(encoding="utf-8"))
    for part in doc["parts"]:
        part.pop("files", None)
    manifest.write_text(json.dumps(doc), encoding="utf-8")
