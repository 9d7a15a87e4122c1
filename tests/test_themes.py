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


def plain_themes(review: Review) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for finding in review.findings:
        for theme in PATTERN_THEMES[finding.pattern]:
            if finding.id not in out.setdefault(theme, []):
                out[theme].append(finding.id)
    return {t: tuple(out[t]) for t in PRACTICE_THEMES if t in out}


@given(reviews())
def test_practice_themes_follow_the_crosswalk(review):
    got = practice_themes(review)
    assert got == plain_themes(review)
    assert list(got) == [t for t in PRACTICE_THEMES if t in got]
    assert practice_themes(review, sub_patterns=True) == got  # no extension: the same


def with_subs(value: object) -> Review:
    finding = attrs.evolve(REVIEW.findings[0], extensions={SUB_PATTERNS_EXTENSION: value})
    return attrs.evolve(REVIEW, findings=(finding,))


def test_sub_patterns_are_read_from_the_extension_when_asked():
    review = with_subs(["disguised_compliance"])
    assert practice_themes(review) == {
        "child_daily_life": (FINDING,),
        "reluctant_engagement": (FINDING,),
    }
    assert practice_themes(review, sub_patterns=True) == {"reluctant_engagement": (FINDING,)}


@pytest.mark.parametrize(
    ("value", "match"),
    [
        (["rule_of_optimsm"], "unknown sub-pattern"),
        ([3], "expected a list of sub-pattern ids"),
        ({"a": 1}, "expected a list of sub-pattern ids"),
        (["rule_of_optimism"], "refines 'human_reasoning', not 'family_professional'"),
    ],
)
def test_bad_sub_pattern_extensions_are_refused_with_the_finding(value, match):
    with pytest.raises(ModelError, match=match) as info:
        practice_themes(with_subs(value), sub_patterns=True)
    assert FINDING in str(info.value)
    assert practice_themes(with_subs(value)) == practice_themes(REVIEW)  # not read unasked


def themes(r: Review) -> list[str]:
    return [t for f in r.findings for t in PATTERN_THEMES[f.pattern]]


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
