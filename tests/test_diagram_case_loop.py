"""The opt-in parts of the diagrams: the case (subjects and family) and the learning loop."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from _browser import render_svg
from systemsreview import EntityKind, Link, LinkKind, Review
from systemsreview.cli import main
from systemsreview.examples import domestic_abuse_review, hidden_child_review
from systemsreview.io import _accimap
from systemsreview.io._case_labels import case_labels
from systemsreview.io._ordering import layout
from systemsreview.io.diagram import (
    CASE_KINDS,
    CASE_LINKS,
    CAUSAL_KINDS,
    CAUSAL_LINKS,
    LOOP_KINDS,
    LOOP_LINKS,
    to_dot,
    to_mermaid,
    to_svg,
)
from systemsreview.model import Ethnicity, Sensitivity, Sex, StatutoryStatus
from systemsreview.strategies import reviews

SVG = "{http://www.w3.org/2000/svg}"
_LABEL = re.compile(r"^(Child|Young person|Adult at risk)( \d+)?, (aged \S.*|age not known)$")
_CASE_SVG = {"case": True}


def _boxes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {
        g.attrib["data-id"]: g
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class", "").startswith("box ")
    }


def _text(box: ET.Element) -> list[str]:
    """Each text element of the box, its lines joined by one space."""
    return [" ".join(" ".join(t.itertext()).split()) for t in box.iter(f"{SVG}text")]


def _arrows(svg: str, kind: LinkKind) -> list[ET.Element]:
    """The arrows of ``kind`` in the picture (the legend's left out)."""
    root = ET.fromstring(svg)
    legend = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "legend")
    keys = {id(p) for p in legend.iter(f"{SVG}path")}
    return [
        p
        for p in root.iter(f"{SVG}path")
        if p.attrib.get("class") == kind.value and id(p) not in keys
    ]


def _legend(svg: str) -> str:
    root = ET.fromstring(svg)
    legend = next(g for g in root.iter(f"{SVG}g") if g.attrib.get("class") == "legend")
    return " ".join("".join(t.itertext()) for t in legend.iter(f"{SVG}text"))


# --- Mermaid and DOT -------------------------------------------------------------------


def test_mermaid_draws_the_case_in_two_bands_below_the_episodes() -> None:
    review = domestic_abuse_review()
    text = to_mermaid(review, kinds=CAUSAL_KINDS | CASE_KINDS, links=CAUSAL_LINKS | CASE_LINKS)
    order = [text.index(f"subgraph {key}[") for key in ("episodes", "subjects", "family")]
    assert order == sorted(order)
    assert text.index("subgraph family[") < text.index("subgraph findings[")
    assert 'child_a["Child 1, aged 6-10"]' in text
    assert 'child_b["Child 2, aged 6-10"]' in text
    assert 'mother["Mother"]' in text
    concerns = [x for x in review.links if x.kind is LinkKind.CONCERNS]
    assert text.count("|concerns|") == len(concerns) > 0
    assert text.count("|lives with|") == 2
    assert text.count("|cares for|") == 2
    assert "classDef case fill:#f7e6f0,stroke:#cc79a7" in text
    assert re.search(r"^  class child_a,child_b,mother case$", text, flags=re.M)


def test_the_case_stays_out_unless_asked_for() -> None:
    review = domestic_abuse_review()
    for text in (to_mermaid(review), to_dot(review), to_svg(review)):
        assert "Child 1" not in text
        assert "classDef case" not in text
        assert "Mother" not in text.replace("mother", "")  # an episode's title has 'mother'
    assert "Child or family member" not in _legend(to_svg(review))


def test_dot_draws_the_case_as_ranked_clusters() -> None:
    review = hidden_child_review()
    text = to_dot(review, kinds=CAUSAL_KINDS | CASE_KINDS, links=CAUSAL_LINKS | CASE_LINKS)
    assert 'subgraph "cluster_subjects"' in text
    assert 'subgraph "cluster_family"' in text
    assert 'child [label="Child, aged 1-5", fillcolor="#f7e6f0", color="#cc79a7"' in text
    assert 'mothers_partner [label="Mother\'s partner"' in text
    ties = [x for x in review.links if x.kind in (LinkKind.LIVES_WITH, LinkKind.CARES_FOR)]
    assert sum(f"  {x.source.replace('-', '_')} -> {x.target} [" in text for x in ties) == len(ties)
    assert text.count("{") == text.count("}")


def test_the_loop_and_the_case_together_in_mermaid() -> None:
    review = domestic_abuse_review()
    text = to_mermaid(
        review,
        kinds=CAUSAL_KINDS | CASE_KINDS | LOOP_KINDS,
        links=CAUSAL_LINKS | CASE_LINKS | LOOP_LINKS,
    )
    shown = re.findall(r"^  subgraph (\w+)\[", text, flags=re.M)
    assert shown == [
        "national",
        "local_strategic",
        "frontline",
        "episodes",
        "subjects",
        "family",
        "findings",
        "loop",
    ]
    pairs = re.findall(r"^  (\w+) ~~~ (\w+)$", text, flags=re.M)
    assert pairs == list(itertools.pairwise(shown))


def test_case_labels_number_only_people_who_would_read_the_same() -> None:
    labels = case_labels(hidden_child_review())
    assert labels == {
        "child": "Child, aged 1-5",
        "sibling": "Child, aged 6-10",
        "mother": "Mother",
        "mothers-partner": "Mother's partner",
    }
    review = domestic_abuse_review()
    twins = attrs.evolve(review, family=(*review.family, attrs.evolve(review.family[0], id="m2")))
    assert case_labels(twins)["mother"] == "Mother 1"
    assert case_labels(twins)["m2"] == "Mother 2"
    unknown = attrs.evolve(review.subjects[0], age_band="not_known")
    assert case_labels(attrs.evolve(review, subjects=(unknown,)))["child-a"] == (
        "Child, age not known"
    )


# --- nothing identifying -----------------------------------------------------------------


def _scrambled(review: Review, data: st.DataObject) -> Review:
    """The review with everything but role and age band of each person changed."""
    subjects = tuple(
        attrs.evolve(
            s,
            sex=data.draw(st.sampled_from(Sex)),
            ethnicity=data.draw(st.sampled_from(Ethnicity)),
            disability=not s.disability,
            status=data.draw(st.sampled_from(StatutoryStatus)),
            known_to_social_care=not s.known_to_social_care,
            characteristics=(),
        )
        for s in review.subjects
    )
    family = tuple(attrs.evolve(m, characteristics=()) for m in review.family)
    return attrs.evolve(review, subjects=subjects, family=family)


@settings(max_examples=8, deadline=None)
@given(review=reviews(subjects=(1, 3), family=(0, 3)), data=st.data())
def test_no_picture_shows_more_of_a_person_than_role_and_age_band(
    review: Review, data: st.DataObject
) -> None:
    other = _scrambled(review, data)
    kinds, links = CAUSAL_KINDS | CASE_KINDS, CAUSAL_LINKS | CASE_LINKS
    assert to_mermaid(review, kinds=kinds, links=links) == to_mermaid(
        other, kinds=kinds, links=links
    )
    assert to_dot(review, kinds=kinds, links=links) == to_dot(other, kinds=kinds, links=links)
    svg = to_svg(review, case=True, width=1000)
    assert svg == to_svg(other, case=True, width=1000)
    labels = case_labels(review)
    boxes = _boxes(svg)
    for person in (*review.subjects, *review.family):
        box = boxes[person.id]
        shown = _text(box)
        assert shown[1:] == [labels[person.id]], shown
        if person in review.subjects:
            assert _LABEL.match(labels[person.id]), labels[person.id]
        assert person.id not in " ".join(shown) or person.id in labels[person.id]


# --- the AcciMap: the case ---------------------------------------------------------------


def test_svg_case_bands_hold_every_person_and_their_arrows() -> None:
    review = domestic_abuse_review()
    svg = to_svg(review, case=True)
    boxes = _boxes(svg)
    assert _text(boxes["child-a"]) == ["SUBJECT", "Child 1, aged 6-10"]
    assert _text(boxes["mother"]) == ["FAMILY", "Mother"]
    concerns = [x for x in review.links if x.kind is LinkKind.CONCERNS]
    assert len(_arrows(svg, LinkKind.CONCERNS)) == len(concerns)
    # lives with and cares for the same child: one arrow, both ties in its tooltip
    ties = [t.findtext(f"{SVG}title") for t in _arrows(svg, LinkKind.LIVES_WITH)]
    assert ties == ["lives with, cares for"] * 2
    assert not _arrows(svg, LinkKind.CARES_FOR)
    # the same arrow whatever order the ties are recorded in (cares for before lives with)
    reordered = attrs.evolve(review, links=tuple(reversed(review.links)))
    assert to_svg(reordered, case=True).count("lives with, cares for</title>") == 2
    assert not _arrows(to_svg(reordered, case=True), LinkKind.CARES_FOR)
    legend = _legend(svg)
    assert "Child or family member" in legend
    assert "concerns" in legend
    assert "Recommendation" not in legend
    texts = " ".join(_text(ET.fromstring(svg)))  # band titles wrap into lines
    assert "At the centre of the review" in texts
    assert "The family" in texts


def test_svg_case_sits_between_the_episodes_and_the_findings() -> None:
    bands, edges = _accimap.select(domestic_abuse_review(), case=True, loop=True)
    result = _accimap.place(bands, edges, 1600)
    tops = [result.band_top[key] for key, _ in _accimap.BANDS if key in result.band_top]
    assert tops == sorted(tops)
    assert (
        result.band_top["episodes"]
        < result.band_top["subjects"]
        < result.band_top["family"]
        < result.band_top["findings"]
        < result.band_top["responses"]
        < result.band_top["actions"]
    )


# --- the AcciMap: the learning loop -----------------------------------------------------


def test_svg_loop_shows_decisions_statuses_dates_and_owners() -> None:
    review = domestic_abuse_review()
    svg = to_svg(review, loop=True)
    boxes = _boxes(svg)
    response = _text(boxes["res-board-voice-of-child"])
    assert response[:2] == ["ACCEPTED", "Board response, Mar 2012"]
    done = " ".join(_text(boxes["act-audit-engagement"]))
    assert done.startswith("DONE Action, due Sep 2012, completed Sep")
    assert "owned by Children's social care" in done.replace("\n", " ")
    progress = _text(boxes["act-first-home-visits"])
    assert progress[0] == "IN PROGRESS"
    addresses = [x for x in review.links if x.kind is LinkKind.ADDRESSES]
    assert len(_arrows(svg, LinkKind.ADDRESSES)) == len(addresses)
    assert len(_arrows(svg, LinkKind.RESPONDS_TO)) == 1
    assert "Board responses" in svg
    assert ">Actions<" in svg
    assert "Recommendation, board response or action" in _legend(svg)
    assert "Child or family member" not in _legend(svg)


def test_svg_loop_names_to_whom_each_recommendation_is_addressed() -> None:
    review = hidden_child_review()
    svg = to_svg(review, loop=True)
    boxes = _boxes(svg)
    for recommendation in review.recommendations:
        shown = " ".join(_text(boxes[recommendation.id]))
        assert shown.startswith("RECOMMENDATION to ")
        assert " ".join(recommendation.addressee.split()) in shown
    rests_on = [x for x in review.links if x.kind is LinkKind.RESTS_ON]
    assert len(_arrows(svg, LinkKind.RESTS_ON)) == len(rests_on)
    # an unnamed addressee falls back on the agencies the links name
    bare = attrs.evolve(review.recommendations[0], addressee="")
    plain = attrs.evolve(review, recommendations=(bare, *review.recommendations[1:]))
    shown = " ".join(_text(_boxes(to_svg(plain, loop=True))[bare.id]))
    assert "to Primary school" in shown


def test_svg_band_titles_fit_their_column() -> None:
    svg = to_svg(hidden_child_review(), loop=True, case=True)
    root = ET.fromstring(svg)
    titles = [
        t
        for t in root.iter(f"{SVG}text")
        if t.attrib.get("font-weight") == "bold" and t.find(f"{SVG}tspan") is not None
    ]
    words = {"".join(t.itertext()) for t in titles}
    assert "Recommendations" in words  # whole, never split between characters
    assert all(float(t.attrib["font-size"]) >= 11 for t in titles)


def test_focus_brings_the_loop_and_people_of_that_finding_only() -> None:
    review = hidden_child_review()
    finding = "finding-fragments"
    boxes = _boxes(to_svg(review, focus=finding, loop=True, case=True))
    resting = {
        x.source for x in review.links if x.kind is LinkKind.RESTS_ON and x.target == finding
    }
    shown = {r.id for r in review.recommendations if r.id in boxes}
    assert shown == resting
    assert "finding-child-invisible" not in boxes
    episodes = {e.id for e in review.episodes if e.id in boxes}
    concerned = {
        x.target for x in review.links if x.kind is LinkKind.CONCERNS and x.source in episodes
    }
    people = {p.id for p in (*review.subjects, *review.family) if p.id in boxes}
    assert people == concerned


def test_loop_and_case_on_a_review_without_them_draw_the_causal_picture() -> None:
    review = attrs.evolve(
        domestic_abuse_review(),
        subjects=(),
        family=(),
        responses=(),
        actions=(),
        links=tuple(
            x
            for x in domestic_abuse_review().links
            if x.kind not in CASE_LINKS | LOOP_LINKS | {LinkKind.OWNED_BY}
        ),
    )
    svg = to_svg(review, loop=True, case=True)
    assert "Child or family member" not in _legend(svg)
    assert "Recommendation" not in _legend(svg)
    assert 'id="sr-loop"' not in svg
    assert 'id="sr-case"' not in svg


def test_broken_links_do_not_break_the_picture() -> None:
    review = domestic_abuse_review()
    broken = attrs.evolve(
        review,
        links=(
            *review.links,
            Link("act-audit-engagement", "nowhere", LinkKind.ADDRESSES),
            Link("act-audit-engagement", "nobody", LinkKind.OWNED_BY),
            Link("mother", "child-a", LinkKind.LIVES_WITH),  # repeated (SR105)
            Link("mother", "mother", LinkKind.CARES_FOR),  # a self-link (SR104)
        ),
    )
    svg = to_svg(broken, loop=True, case=True)
    assert "nowhere" not in svg
    assert "nobody" not in svg
    assert len(_arrows(svg, LinkKind.LIVES_WITH)) == 2


# --- redaction ---------------------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(review=reviews(sources=(1, 4), events=(1, 5)))
def test_redacted_pictures_hold_nothing_restricted(review: Review) -> None:
    restricted = {e.id for e in review.events if e.sensitivity is Sensitivity.RESTRICTED}
    restricted |= {s.id for s in review.sources if s.sensitivity is Sensitivity.RESTRICTED}
    boxes = _boxes(to_svg(review, sources=True, loop=True, case=True, redacted=True))
    assert not restricted & set(boxes)
    everything = set(EntityKind)
    text = to_mermaid(review, kinds=everything, links=set(LinkKind), redacted=True)
    dot = to_dot(review, kinds=everything, links=set(LinkKind), redacted=True)
    for entity in (*review.events, *review.sources):
        if entity.id in restricted:
            node = re.sub(r"\W", "_", entity.id)
            assert not re.search(rf"^    {re.escape(node)}(_\d+)?\[", text, flags=re.M)
            assert not re.search(rf"^    {re.escape(node)}(_\d+)? \[", dot, flags=re.M)


def test_redacted_svg_drops_restricted_sources_of_the_example() -> None:
    review = domestic_abuse_review()
    assert "s-police-records" in _boxes(to_svg(review, sources=True))
    assert "s-police-records" not in _boxes(to_svg(review, sources=True, redacted=True))


# --- any review ---------------------------------------------------------------------------


def _overlap(a: ET.Element, b: ET.Element) -> bool:
    ra, rb = a.find(f"{SVG}rect"), b.find(f"{SVG}rect")
    assert ra is not None
    assert rb is not None
    ax, ay, aw, ah = (float(ra.attrib[k]) for k in ("x", "y", "width", "height"))
    bx, by, bw, bh = (float(rb.attrib[k]) for k in ("x", "y", "width", "height"))
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


@settings(max_examples=8, deadline=None)
@given(review=reviews(subjects=(0, 3), family=(0, 2)), width=st.sampled_from([700, 1200]))
def test_any_review_draws_its_loop_and_case_within_its_width(review: Review, width: int) -> None:
    svg = to_svg(review, loop=True, case=True, width=width)
    root = ET.fromstring(svg)
    assert float(root.attrib["width"]) <= width
    boxes = _boxes(svg)
    drawn = (*review.subjects, *review.family, *review.recommendations)
    drawn += (*review.responses, *review.actions)
    assert {e.id for e in drawn} <= set(boxes)
    for a, b in itertools.combinations(boxes.values(), 2):
        assert not _overlap(a, b)
    for kind in CASE_LINKS | LOOP_LINKS:
        wanted = {
            (x.source, x.target)
            for x in review.links
            if x.kind is kind and x.source in boxes and x.target in boxes
        }
        if kind is LinkKind.CARES_FOR:  # drawn on the lives-with arrow where there is one
            wanted -= {(x.source, x.target) for x in review.links if x.kind is LinkKind.LIVES_WITH}
        assert len(_arrows(svg, kind)) == len(wanted), kind


def test_no_arrow_runs_behind_a_box_of_the_examples() -> None:
    for review in (domestic_abuse_review(), hidden_child_review()):
        bands, edges = _accimap.select(review, loop=True, case=True)
        result = layout(bands, edges, 1600.0)
        boxes = [box for band in result.bands.values() for box in band]
        for edge in result.edges:
            points = edge.points
            samples = [
                p
                for i in range(0, len(points) - 3, 3)
                for p in _accimap.bezier(points[i : i + 4], 24)
            ]
            for box in boxes:
                if box is edge.source or box is edge.target:
                    continue
                inside = [
                    (x, y)
                    for x, y in samples
                    if box.x + 2 < x < box.x + box.w - 2 and box.y + 2 < y < box.y + box.h - 2
                ]
                assert not inside, (review.id, edge.source.id, edge.target.id, box.id)


# --- the command line ---------------------------------------------------------------------


def test_cli_draws_the_loop_and_the_case(tmp_path: Path) -> None:
    out = tmp_path / "a.svg"
    assert main(["graph", "example", "--format", "svg", "--loop", "--case", "-o", str(out)]) == 0
    boxes = _boxes(out.read_text(encoding="utf-8"))
    assert {"child-a", "mother", "act-audit-engagement"} <= set(boxes)
    mermaid = tmp_path / "a.mmd"
    assert main(["graph", "example", "--case", "--loop", "-o", str(mermaid)]) == 0
    text = mermaid.read_text(encoding="utf-8")
    assert "subgraph subjects[" in text
    assert "subgraph loop[" in text
    dot = tmp_path / "a.dot"
    assert main(["graph", "example:hidden-child", "--format", "dot", "--case", "-o", str(dot)]) == 0
    assert 'subgraph "cluster_family"' in dot.read_text(encoding="utf-8")
    plain = tmp_path / "b.mmd"
    assert main(["graph", "example", "-o", str(plain)]) == 0
    assert "subgraph subjects[" not in plain.read_text(encoding="utf-8")


def test_cli_redacted_graph_leaves_restricted_sources_out(tmp_path: Path) -> None:
    out = tmp_path / "a.svg"
    args = ["graph", "example", "--format", "svg", "--sources", "--redacted", "-o", str(out)]
    assert main(args) == 0
    assert "s-police-records" not in _boxes(out.read_text(encoding="utf-8"))
    mermaid = tmp_path / "a.mmd"
    assert main(["graph", "example", "--all", "--redacted", "-o", str(mermaid)]) == 0
    assert "s_police_records" not in mermaid.read_text(encoding="utf-8")


# --- in a browser -------------------------------------------------------------------------


def _near(pixel: tuple[int, ...], colour: str) -> bool:
    target = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return all(abs(a - b) <= 12 for a, b in zip(pixel[:3], target, strict=True))


def test_chromium_renders_the_loop_and_the_case(tmp_path: Path) -> None:
    svg = to_svg(domestic_abuse_review(), loop=True, case=True, width=1200)
    _, _, rows = render_svg(svg, tmp_path)
    assert sum(_near(p, "#d9f2ea") for p in rows) > 5000, "no learning-loop box drawn"
    assert sum(_near(p, "#f7e6f0") for p in rows) > 1500, "no child or family box drawn"
