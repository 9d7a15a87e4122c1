"""The worked example says what DOMAIN.md says the case was."""

from __future__ import annotations

import subprocess
import sys

from systemsreview import Appraisal, EntityKind, Level, LinkKind, Pattern, Valence
from systemsreview.examples import domestic_abuse_review
from systemsreview.summary import causal_chains, summarise


def test_the_case_is_complete() -> None:
    review = domestic_abuse_review()
    assert review.scope.days > 365  # 16 months under review
    assert len(review.events) == 11  # 11 sets of concerns
    roles = {p.role for p in review.practitioners}
    assert {"response police officers", "substance misuse specialist midwife"} <= roles
    assert {"class teachers", "consultant paediatrician", "duty social workers"} <= roles
    assert all(e.view_at_the_time for e in review.episodes)
    assert {e.appraisal for e in review.episodes} >= {Appraisal.PROBLEMATIC, Appraisal.MIXED}
    assert {f.level for f in review.factors} == set(Level)
    assert any(f.valence is Valence.SUPPORTIVE for f in review.factors)
    categories = {f.category for f in review.factors}
    assert "frontline.team.custom_and_practice" in categories  # the first home visit custom
    assert "local_strategic.performance_indicators" in categories  # the throughput culture
    (finding,) = review.findings
    assert finding.pattern is Pattern.FAMILY_PROFESSIONAL
    assert all(
        (
            finding.in_this_case,
            finding.why_not_a_one_off,
            finding.prevalence,
            finding.why_it_matters,
        )
    )
    assert len(finding.questions) == 5
    assert all(q.endswith("?") for q in finding.questions)
    assert any("what gets praised" in q for q in finding.questions)
    assert review.sources


def test_every_practitioner_works_for_an_agency_and_every_event_is_part_of_an_episode() -> None:
    review = domestic_abuse_review()
    for practitioner in review.practitioners:
        assert [x.kind for x in review.links_from(practitioner.id)] == [LinkKind.WORKS_FOR]
    for event in review.events:
        (episode,) = [x.target for x in review.links_from(event.id) if x.kind is LinkKind.PART_OF]
        assert event.when in review.episode(episode).period


def test_causal_chains_reach_local_strategic_and_national_factors() -> None:
    review = domestic_abuse_review()
    chains = causal_chains(review, "kpe-first-home-visits")
    assert [
        "f-statutory-timescales",
        "f-throughput-culture",
        "f-first-home-visit",
        "kpe-first-home-visits",
    ] in chains
    for chain in chains:
        assert review.kind_of(chain[0]) is EntityKind.FACTOR


def test_summary_names_every_agency_episode_factor_and_finding() -> None:
    review = domestic_abuse_review()
    text = summarise(review)
    for entity in (*review.agencies, *review.episodes, *review.factors, *review.findings):
        assert entity.id in text
    assert "f-statutory-timescales -> f-throughput-culture" in text


def test_python_dash_m_prints_the_summary() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "systemsreview"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("Serious case review: children living with domestic abuse")
    assert "causal chains behind it" in result.stdout
