"""Synthetic cases recover the Panel's published marginals through the corpus analyses."""

from __future__ import annotations

import pytest

from systemsreview import check, synth
from systemsreview.corpus import Corpus
from systemsreview.io import parquet
from systemsreview.synth._case import DEATH_CAUSES, MARGINALS

TOLERANCE = 0.02  # two percentage points


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    path = tmp_path_factory.mktemp("cases") / "corpus"
    parquet.write(path, synth.cases(10_000, seed=2026))
    return Corpus.open(path)


def _share(table: object, **where: object) -> float:
    listed = table.to_pylist()  # type: ignore[attr-defined]
    rows = [r for r in listed if all(r[k] == v for k, v in where.items())]
    assert len(rows) == 1, where
    return float(rows[0]["share"])


def test_characteristics_recover_the_panels_shares(corpus: Corpus) -> None:
    assert len(corpus) == 10_000
    by_incident = corpus.characteristic_prevalence("incident")
    for code, share in DEATH_CAUSES.items():
        got = _share(by_incident, incident="death", characteristic=code)
        assert abs(got - share) <= TOLERANCE, code
    for code in ("domestic_abuse", "parental_mental_health"):
        got = _share(by_incident, incident="serious_harm", characteristic=code)
        assert abs(got - MARGINALS[code]) <= TOLERANCE, code
    overall = corpus.characteristic_prevalence()
    assert abs(_share(overall, characteristic="neglect") - MARGINALS["neglect"]) <= TOLERANCE


def test_statuses_and_schooling_recover_the_panels_shares(corpus: Corpus) -> None:
    known = corpus.known_to_services().to_pylist()
    shares = {(r["status"], r["known_to_social_care"]): r["share"] for r in known}
    assert abs(sum(v for (_, k), v in shares.items() if k) - 0.75) <= TOLERANCE
    on_plan = ("child_protection_plan", "previously_on_plan")
    plans = sum(v for (s, _), v in shares.items() if s in on_plan)
    assert abs(plans - MARGINALS["ever_on_plan"]) <= TOLERANCE
    looked_after = sum(v for (s, _), v in shares.items() if s == "looked_after")
    assert abs(looked_after - MARGINALS["looked_after"]) <= TOLERANCE
    subjects = corpus.table("subjects", ["age_band", "education"]).to_pylist()
    school_age = {"6_10", "11_15", "16_17"}
    education = [str(s["education"]) for s in subjects if str(s["age_band"]) in school_age]
    for status in ("not_in_school", "regularly_absent"):
        share = sum(str(e) == status for e in education) / len(education)
        assert abs(share - MARGINALS[status]) <= TOLERANCE, status


def test_synthetic_reviews_carry_a_consistent_case() -> None:
    for review in synth.corpus(20, seed=9):
        assert len(review.subjects) == 1
        assert review.family[0].role.value == "mother"
        assert check(review) == []
    assert list(synth.cases(5, seed=3)) == list(synth.cases(5, seed=3))
    assert all(check(r, select=["SR7", "SR1"]) == [] for r in synth.cases(200, seed=4))
