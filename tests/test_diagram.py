"""Diagrams of a review: the AcciMap SVG, Mermaid and DOT."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview import Agency, EntityKind, Link, LinkKind, Period, Review, synth
from systemsreview.errors import NotFoundError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import _accimap
from systemsreview.io._crossings import crossings
from systemsreview.io._ordering import layout
from systemsreview.io.diagram import to_dot, to_mermaid, to_svg
from systemsreview.strategies import reviews

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def _size(root: ET.Element) -> tuple[float, float]:
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert root.attrib["viewBox"] == f"0 0 {root.attrib['width']} {root.attrib['height']}"
    return width, height


def _texts(root: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def test_mermaid_draws_every_causal_link_in_stacked_bands() -> None:
    review = domestic_abuse_review()
    text = to_mermaid(review)
    solid = re.findall(r"^  (\w+) -->\|", text, flags=re.M)
    dotted = re.findall(r"^  (\w+) -\.->\|", text, flags=re.M)
    causal = [x for x in review.links if x.kind is LinkKind.CONTRIBUTED_TO]
    evidence = [
        x
        for x in review.links
        if x.kind is LinkKind.EVIDENCED_BY
        and review.kind_of(x.target) in {EntityKind.EPISODE, EntityKind.FACTOR}
    ]
    assert len(solid) == len(causal)
    assert len(dotted) == len(evidence)
    assert text.index('subgraph national["National"]') < text.index(
        'subgraph frontline["Frontline"]'
    )
    assert "  national ~~~ local_strategic" in text
    assert "  frontline ~~~ episodes" in text
    (supportive,) = [line for line in text.splitlines() if line.endswith(" supportive")]
    assert "f_school_relationship" in supportive.split()[1].split(",")


def test_mermaid_and_dot_keep_the_whole_text() -> None:
    review = domestic_abuse_review()
    words = review.findings[0].statement.split()
    for text in (to_mermaid(review), to_dot(review)):
        assert "..." not in text
        flat = re.sub(r"<br/>|\\n|\s+", " ", text)
        assert " ".join(words) in re.sub(r"\s+", " ", flat)


def test_dot_is_balanced_ranked_and_names_each_node_once() -> None:
    text = to_dot(domestic_abuse_review(), kinds=set(EntityKind), links=set(LinkKind))
    assert text.count("{") == text.count("}")
    assert "newrank=true" in text
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
    quoted = (Agency(id="q", name='The "best" <b>agency</b>', sector="police"),)
    evolved = attrs.evolve(review, agencies=quoted)
    assert 'label="The \\"best\\" <b>agency</b>"' in to_dot(evolved, kinds={EntityKind.AGENCY})
    mermaid = to_mermaid(evolved, kinds={EntityKind.AGENCY})
    # lines are wrapped for Mermaid's 16 px font; the text between them is whole and escaped
    assert 'q["The #quot;best#quot; #lt;b#gt;agency#lt;/b#gt;"]' in mermaid.replace("<br/>", " ")


def test_svg_is_valid_sized_and_holds_every_text_whole() -> None:
    review = domestic_abuse_review()
    svg = to_svg(review)
    root = _parse(svg)
    width, height = _size(root)
    assert 640 <= width <= 1600
    assert height > 0
    texts = re.sub(r"\s+", " ", _texts(root))
    for factor in review.factors:
        assert factor.description in texts
    for episode in review.episodes:
        assert episode.title in texts
    assert review.findings[0].statement in texts
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert any(review.factors[0].description in t for t in titles)
    for band in ("National", "Local strategic", "Frontline", "Findings"):
        assert band in texts
    assert "Key practice" in texts


def test_svg_text_is_never_smaller_than_11px() -> None:
    root = _parse(to_svg(domestic_abuse_review(), sources=True))
    sizes = [float(e.attrib["font-size"]) for e in root.iter() if "font-size" in e.attrib]
    assert sizes
    assert min(sizes) >= 11


def test_svg_is_deterministic() -> None:
    review = synth.review(3)
    assert to_svg(review) == to_svg(review)


def test_svg_arrows_match_the_causal_and_evidence_links() -> None:
    review = domestic_abuse_review()
    root = _parse(to_svg(review))
    paths = list(root.iter(f"{SVG}path"))
    contributed = [p for p in paths if p.attrib.get("class") == "contributed_to"]
    evidenced = [p for p in paths if p.attrib.get("class") == "evidenced_by"]
    causal = [x for x in review.links if x.kind is LinkKind.CONTRIBUTED_TO]
    rests_on = [
        x
        for x in review.links
        if x.kind is LinkKind.EVIDENCED_BY
        and review.kind_of(x.target) in {EntityKind.EPISODE, EntityKind.FACTOR}
    ]
    # one of each in the legend
    assert len(contributed) == len(causal) + 1
    assert len(evidenced) == len(rests_on) + 1


def test_hostile_text_stays_text() -> None:
    review = domestic_abuse_review()
    factor = attrs.evolve(
        review.factors[0], description='<script>alert("x")</script> & ]]> \x01 "quoted"'
    )
    hostile = attrs.evolve(review, factors=(factor, *review.factors[1:]))
    svg = to_svg(hostile)
    root = _parse(svg)
    assert "<script" not in svg
    assert not list(root.iter(f"{SVG}script"))
    assert '<script>alert("x")</script>' in _texts(root).replace("  ", " ")


@settings(max_examples=15, deadline=None)
@given(review=reviews(), focus=st.booleans(), sources=st.booleans())
def test_any_review_draws_as_valid_svg_within_its_width(
    review: object, focus: bool, sources: bool
) -> None:
    assert isinstance(review, type(domestic_abuse_review()))
    finding = review.findings[0].id if focus and review.findings else None
    svg = to_svg(review, focus=finding, sources=sources, width=900)
    width, _ = _size(_parse(svg))
    assert width <= 900


@pytest.mark.parametrize("seed", range(4))
def test_a_big_review_wraps_into_rows_within_1600px(seed: int) -> None:
    review = synth.review(seed)
    bands, _ = _accimap.select(review)
    assert sum(len(b) for b in bands.values()) >= 39
    svg = to_svg(review)
    width, height = _size(_parse(svg))
    assert width <= 1600
    assert height > width / 2


def test_focus_draws_one_findings_chain_only() -> None:
    review = synth.review(0)
    finding = review.findings[0]
    root = _parse(to_svg(review, focus=finding.id))
    shown = {g.attrib["data-id"] for g in root.iter(f"{SVG}g") if "data-id" in g.attrib}
    assert finding.id in shown
    assert not shown & {f.id for f in review.findings[1:]}
    evidence = {x.target for x in review.links_from(finding.id)}
    assert evidence & {e.id for e in review.episodes} <= shown


def test_levels_limit_the_factor_bands() -> None:
    review = domestic_abuse_review()
    root = _parse(to_svg(review, levels=("national", "local_strategic")))
    texts = _texts(root)
    assert "National" in texts
    assert "Frontline" not in texts
    shown = {g.attrib["data-id"] for g in root.iter(f"{SVG}g") if "data-id" in g.attrib}
    assert not shown & {f.id for f in review.factors if f.level.value == "frontline"}


def test_bad_options_say_what_to_do() -> None:
    review = domestic_abuse_review()
    with pytest.raises(NotFoundError, match="finding-voice-of-child"):
        to_svg(review, focus="kpe-police-callouts")
    with pytest.raises(ValueError, match="at least 640"):
        to_svg(review, width=200)
    with pytest.raises(ValueError, match="level"):
        to_svg(review, levels=("regional",))


def test_ordering_never_adds_crossings() -> None:
    for seed in range(3):
        review = synth.review(seed)
        bands, edges = _accimap.select(review)
        before = _accimap.place(bands, edges, 1600.0)
        _accimap.route(before, gaps=True)
        unordered = crossings(edges)
        layout(bands, edges, 1600.0)
        assert crossings(edges) <= unordered


def _three_episodes() -> Review:
    """Episodes e1 and e2 start in January, e3 in March; factor a shaped e1 and e3, b e2.

    In the order e1, e2, e3 the arrow b -> e2 must cross one of a's; with e2 first, none
    crosses. Only the two January episodes may trade places.
    """
    review = domestic_abuse_review()
    base = review.episodes[0]
    day = dt.date
    episodes = tuple(
        attrs.evolve(base, id=name, title=name, period=Period(day(2010, month, d), day(2010, 6, 1)))
        for name, month, d in (("e1", 1, 3), ("e2", 1, 20), ("e3", 3, 1))
    )
    factors = tuple(attrs.evolve(review.factors[0], id=name) for name in ("fa", "fb"))
    links = tuple(
        Link(source, target, LinkKind.CONTRIBUTED_TO)
        for source, target in (("fa", "e1"), ("fa", "e3"), ("fb", "e2"))
    )
    return attrs.evolve(
        review, episodes=episodes, factors=factors, findings=(), events=(), links=links
    )


def test_episodes_of_one_start_month_trade_places_to_cross_less() -> None:
    review = _three_episodes()
    bands, edges = _accimap.select(review)
    assert [b.id for b in bands["episodes"]] == ["e1", "e2", "e3"]
    placed = _accimap.place(bands, edges, 1600.0)
    _accimap.route(placed, gaps=True)
    assert crossings(edges) == 1
    layout(bands, edges, 1600.0)
    assert [b.id for b in bands["episodes"]] == ["e2", "e1", "e3"]
    assert crossings(edges) == 0


@settings(max_examples=15, deadline=None)
@given(review=reviews())
def test_episodes_stay_in_time_order_by_start_month(review: object) -> None:
    assert isinstance(review, type(domestic_abuse_review()))
    bands, edges = _accimap.select(review)
    layout(bands, edges, 900.0)
    started = {e.id: (e.period.start.year, e.period.start.month) for e in review.episodes}
    months = [started[box.id] for box in bands["episodes"]]
    assert months == sorted(months)
    assert {box.id for box in bands["episodes"]} == set(started)


def test_dot_asks_for_time_order_between_months_only() -> None:
    text = to_dot(_three_episodes())
    assert "remincross=false" in text
    flat = re.findall(r"^  (\w+) -> (\w+) \[style=invis\];$", text, flags=re.MULTILINE)
    assert sorted(flat) == [("e1", "e3"), ("e2", "e3")]


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize("seed", range(3))
def test_dot_keeps_the_episodes_in_time_order(seed: int) -> None:
    review = synth.review(seed)
    plain = subprocess.run(
        ["dot", "-Tplain"], input=to_dot(review), capture_output=True, text=True, check=True
    ).stdout
    x = {
        line.split(" ")[1]: float(line.split(" ")[2])
        for line in plain.splitlines()
        if line.startswith("node ")
    }
    flat = re.findall(r"^  (\w+) -> (\w+) \[style=invis\];$", to_dot(review), flags=re.MULTILINE)
    assert flat
    assert all(x[a] < x[b] for a, b in flat)
