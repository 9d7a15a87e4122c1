"""Mermaid and DOT diagrams of a review."""

from __future__ import annotations

import re

import attrs

from systemsreview import Agency, EntityKind, LinkKind
from systemsreview.examples import domestic_abuse_review
from systemsreview.io.diagram import to_dot, to_mermaid


def test_mermaid_draws_every_causal_link_in_level_bands() -> None:
    review = domestic_abuse_review()
    text = to_mermaid(review)
    arrows = re.findall(r"^  (\w+) -->\|", text, flags=re.M)
    causal = [x for x in review.links if x.kind in {LinkKind.CONTRIBUTED_TO}]
    evidence = [
        x
        for x in review.links
        if x.kind is LinkKind.EVIDENCED_BY
        and review.kind_of(x.target) in {EntityKind.EPISODE, EntityKind.FACTOR}
        and review.kind_of(x.source) in {EntityKind.EPISODE, EntityKind.FACTOR, EntityKind.FINDING}
    ]
    assert len(arrows) == len(causal) + len(evidence)
    assert text.index('subgraph national["National"]') < text.index(
        'subgraph frontline["Frontline"]'
    )
    (supportive,) = [line for line in text.splitlines() if line.endswith(" supportive")]
    assert "f_school_relationship" in supportive.split()[1].split(",")


def test_dot_is_balanced_and_names_each_node_once() -> None:
    text = to_dot(domestic_abuse_review(), kinds=set(EntityKind), links=set(LinkKind))
    assert text.count("{") == text.count("}")
    declared = re.findall(r"^    (\w+) \[label=", text, flags=re.M)
    assert len(declared) == len(set(declared)) == domestic_abuse_review().entity_count


def test_ids_that_differ_only_in_punctuation_get_distinct_nodes() -> None:
    review = domestic_abuse_review()
    twins = (
        Agency(id="a-b", name="One", sector="police"),
        Agency(id="a_b", name="Two", sector="police"),
    )
    text = to_mermaid(attrs.evolve(review, agencies=twins), kinds={EntityKind.AGENCY})
    assert 'a_b["One"]' in text
    assert 'a_b_2["Two"]' in text


def test_quotes_in_labels_cannot_break_the_syntax() -> None:
    review = domestic_abuse_review()
    quoted = (Agency(id="q", name='The "best" agency', sector="police"),)
    text = to_dot(attrs.evolve(review, agencies=quoted), kinds={EntityKind.AGENCY})
    assert "label=\"The 'best' agency\"" in text
