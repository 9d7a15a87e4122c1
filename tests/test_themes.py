"""National practice themes, sub-patterns, their crosswalks, the query and the corpus analysis."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings

import systemsreview as sr
from systemsreview import analytics
from systemsreview.corpus import Corpus
from systemsreview.errors import ModelError
from systemsreview.model import (
    PATTERN_THEMES,
    PRACTICE_THEMES,
    SUB_PATTERNS,
    SUB_PATTERNS_EXTENSION,
    Pattern,
    Review,
    themes_of,
)
from systemsreview.query import practice_themes
from systemsreview.strategies import reviews
from test_analytics import assert_sorted, close, corpora, dataset, prevalence, rows

REVIEW = sr.examples.domestic_abuse_review()
FINDING = REVIEW.findings[0].id


def test_the_vocabulary_is_whole_and_cited():
    assert set(PATTERN_THEMES) == set(Pattern)
    used = {t for themes in PATTERN_THEMES.values() for t in themes}
    assert used == set(PRACTICE_THEMES)  # every theme is reachable from some pattern
    for theme in PRACTICE_THEMES.values():
        assert theme.source.startswith("Child Safeguarding Practice Review Panel")
    for sub in SUB_PATTERNS.values():
        assert set(sub.themes) <= set(PRACTICE_THEMES)
        assert "2008" in sub.source
    assert {"rule_of_optimism", "disguised_compliance"} <= set(SUB_PATTERNS)
    assert SUB_PATTERNS["disguised_compliance"].pattern is Pattern.FAMILY_PROFESSIONAL


@pytest.mark.parametrize(
    ("args", "match"),
    [
        (("not_a_pattern",), "is not a pattern"),
        (("tools", "rule_of_optimsm"), "is not a sub-pattern"),
        (("tools", "rule_of_optimism"), "refines 'human_reasoning', not 'tools'"),
    ],
)
def test_themes_of_refuses_what_it_does_not_know(args, match):
    with pytest.raises(ModelError, match=match):
        themes_of(*args)


def plain_themes(review: Review, *, subs: bool = False) -> dict[str, tuple[str, ...]]:
    """The oracle: every pattern's themes, or (``subs``) its sub-patterns' where it has any."""
    out: dict[str, list[str]] = {}
    for finding in review.findings:
        for pattern in finding.patterns:
            mine = [
                SUB_PATTERNS[s] for s in finding.sub_patterns if SUB_PATTERNS[s].pattern is pattern
            ]
            ids = (
                [t for s in mine for t in (s.themes or PATTERN_THEMES[pattern])]
                if subs and mine
                else PATTERN_THEMES[pattern]
            )
            for theme in ids:
                if finding.id not in out.setdefault(theme, []):
                    out[theme].append(finding.id)
    return {t: tuple(out[t]) for t in PRACTICE_THEMES if t in out}


@given(reviews())
def test_practice_themes_follow_the_crosswalk(review):
    got = practice_themes(review)
    assert got == plain_themes(review)
    assert list(got) == [t for t in PRACTICE_THEMES if t in got]
    assert practice_themes(review, sub_patterns=True) == plain_themes(review, subs=True)


def with_subs(*subs: str, others: tuple[str, ...] = ()) -> Review:
    finding = attrs.evolve(REVIEW.findings[0], other_patterns=others, sub_patterns=subs)
    return attrs.evolve(REVIEW, findings=(finding,))


def test_sub_patterns_are_read_from_the_field_when_asked():
    review = with_subs("disguised_compliance")
    assert practice_themes(review) == {
        "child_daily_life": (FINDING,),
        "reluctant_engagement": (FINDING,),
    }
    assert practice_themes(review, sub_patterns=True) == {"reluctant_engagement": (FINDING,)}


def test_every_pattern_of_a_finding_speaks_to_its_themes():
    review = with_subs("rule_of_optimism", others=("human_reasoning",))
    assert practice_themes(review) == {
        "child_daily_life": (FINDING,),
        "reluctant_engagement": (FINDING,),
        "critical_thinking": (FINDING,),
        "risk_assessment": (FINDING,),
    }
    # the family-professional pattern has no sub-pattern: its own themes stay
    assert practice_themes(review, sub_patterns=True) == {
        "child_daily_life": (FINDING,),
        "reluctant_engagement": (FINDING,),
        "critical_thinking": (FINDING,),
    }


def test_the_old_extension_is_only_extension_data_now():
    finding = attrs.evolve(
        REVIEW.findings[0], extensions={SUB_PATTERNS_EXTENSION: ["disguised_compliance"]}
    )
    review = attrs.evolve(REVIEW, findings=(finding,))
    assert practice_themes(review, sub_patterns=True) == practice_themes(REVIEW)


def themes(r: Review) -> list[str]:
    """Each finding once per theme any of its patterns maps to."""
    return [
        t
        for f in r.findings
        for t in dict.fromkeys(t for p in f.patterns for t in PATTERN_THEMES[p])
    ]


@settings(max_examples=20, deadline=None)
@given(corpora)
def test_theme_prevalence_counts_as_plain_python_does(corpus):
    reviews_, path, tmp = dataset(*corpus)
    with tmp:
        table = analytics.theme_prevalence(path)
        assert table.column_names == ["theme", "reviews", "findings", "share"]
        close(
            rows(table, ["theme"], ["reviews", "findings", "share"]),
            prevalence(reviews_, themes, by_year=False),
        )
        assert_sorted(table, ["theme"])


def test_a_corpus_gives_the_same_table(tmp_path):
    path = tmp_path / "corpus"
    sr.io.parquet.write(path, [REVIEW, attrs.evolve(REVIEW, id="second")])
    assert Corpus.open(path).theme_prevalence().equals(analytics.theme_prevalence(path))


def test_theme_prevalence_of_the_worked_example(tmp_path):
    path = tmp_path / "corpus"
    sr.io.parquet.write(path, [REVIEW])
    table = analytics.theme_prevalence(path)
    assert table.to_pylist() == [
        {"theme": "child_daily_life", "reviews": 1, "findings": 1, "share": 1.0},
        {"theme": "reluctant_engagement", "reviews": 1, "findings": 1, "share": 1.0},
    ]
    assert analytics.crosswalk_table().num_rows == sum(map(len, PATTERN_THEMES.values()))
