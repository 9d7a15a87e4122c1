"""Diagrams grouping the factors placed in an agency (``sits_in``), and findings' patterns."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _browser import render_svg
from systemsreview import Agency, Link, LinkKind, Review, check, synth
from systemsreview.cli import main
from systemsreview.examples import EXAMPLES, domestic_abuse_review, hidden_child_review
from systemsreview.io import _accimap
from systemsreview.io._crossings import crossings
from systemsreview.io._ordering import layout
from systemsreview.io._textwidth import text_width
from systemsreview.io.diagram import to_dot, to_mermaid, to_svg
from systemsreview.model import Pattern, Sector
from systemsreview.strategies import reviews

SVG = "{http://www.w3.org/2000/svg}"
Rect = tuple[float, float, float, float]


def _rect(element: ET.Element) -> Rect:
    return tuple(float(element.attrib[k]) for k in ("x", "y", "width", "height"))  # type: ignore[return-value]


def _boxes(root: ET.Element) -> dict[str, Rect]:
    return {
        g.attrib["data-id"]: _rect(next(g.iter(f"{SVG}rect")))
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class", "").startswith("box ")
    }


def _outlines(root: ET.Element) -> list[tuple[str, Rect]]:
    return [
        (r.attrib["data-agency"], _rect(r))
        for r in root.iter(f"{SVG}rect")
        if r.attrib.get("class") == "agency"
    ]


def _names(root: ET.Element) -> list[list[str]]:
    return [
        ["".join(span.itertext()) for span in t.iter(f"{SVG}tspan")]
        for t in root.iter(f"{SVG}text")
        if t.attrib.get("class") == "agency-name"
    ]


def _inside(inner: Rect, outer: Rect) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox < x and oy < y and x + w < ox + ow and y + h < oy + oh


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def _first_agency(review: Review) -> dict[str, str]:
    """Where each factor should be drawn: the first agency its ``sits_in`` links name."""
    agencies = {a.id for a in review.agencies}
    factors = {f.id for f in review.factors}
    first: dict[str, str] = {}
    for link in review.links:
        if link.kind is LinkKind.SITS_IN and link.source in factors and link.target in agencies:
            first.setdefault(link.source, link.target)
    return first


def _assert_grouped(review: Review, svg: str) -> None:
    """Every placed factor inside an outline of its agency, nothing else inside any, no
    outline overlapping another, every agency's name fitting its outline."""
    root = ET.fromstring(svg)
    boxes, outlines = _boxes(root), _outlines(root)
    first = _first_agency(review)
    width = float(root.attrib["width"])
    for (_, a), (_, b) in itertools.combinations(outlines, 2):
        assert not _overlap(a, b), (a, b)
    for a, b in itertools.combinations(boxes.values(), 2):
        assert not _overlap(a, b), (a, b)
    for agency, outline in outlines:
        assert outline[0] > 0
        assert outline[0] + outline[2] < width
        members = [i for i, box in boxes.items() if _inside(box, outline)]
        assert members, agency  # no empty outline
        assert all(first.get(i) == agency for i in members), (agency, members)
    for entity_id, box in boxes.items():
        mine = [o for a, o in outlines if a == first.get(entity_id) and _inside(box, o)]
        assert len(mine) == (1 if entity_id in first else 0), entity_id
        others = [o for _, o in outlines if o not in mine]
        assert not any(_overlap(box, o) for o in others), entity_id
    names = {a.id: a.name for a in review.agencies}
    for (agency, outline), lines in zip(outlines, _names(root), strict=True):
        assert " ".join(lines) == " ".join(names[agency].split())
        assert all(text_width(line, 11, bold=True) <= outline[2] - 12 for line in lines)


def _strip(review: Review) -> Review:
    return attrs.evolve(review, links=tuple(x for x in review.links if x.kind != "sits_in"))


@st.composite
def _placed(draw: st.DrawFn) -> Review:
    """One of the worked examples with its factors placed anew, some links broken."""
    review = draw(st.sampled_from([domestic_abuse_review(), hidden_child_review()]))
    targets = [a.id for a in review.agencies] + ["nowhere", review.episodes[0].id]
    pairs = st.tuples(st.sampled_from([f.id for f in review.factors]), st.sampled_from(targets))
    links = [Link(f, t, LinkKind.SITS_IN) for f, t in draw(st.lists(pairs, max_size=12))]
    return attrs.evolve(review, links=(*_strip(review).links, *links))


# --- the AcciMap ---------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(review=_placed(), width=st.sampled_from([640, 1000, 1600]), case=st.booleans())
def test_placed_factors_are_drawn_inside_their_agency_only(
    review: Review, width: int, case: bool
) -> None:
    svg = to_svg(review, width=width, case=case)
    _assert_grouped(review, svg)
    assert float(ET.fromstring(svg).attrib["width"]) <= width


@settings(max_examples=10, deadline=None)
@given(review=reviews())
def test_any_review_draws_its_agencies_without_overlaps(review: Review) -> None:
    _assert_grouped(review, to_svg(review, width=900))


@settings(max_examples=10, deadline=None)
@given(review=_placed(), loop=st.booleans())
def test_grouping_off_draws_what_a_review_without_placements_draws(
    review: Review, loop: bool
) -> None:
    plain = to_svg(_strip(review), loop=loop)
    assert to_svg(review, loop=loop, by_agency=False) == plain
    assert to_svg(_strip(review), loop=loop, by_agency=True) == plain
    assert 'class="agency"' not in plain
    for draw in (to_mermaid, to_dot):
        assert draw(review, by_agency=False) == draw(_strip(review))


@pytest.mark.parametrize("seed", range(2))
def test_big_reviews_group_their_factors_within_1600px(seed: int) -> None:
    review = synth.review(seed)
    assert _first_agency(review)
    svg = to_svg(review)
    _assert_grouped(review, svg)
    assert float(ET.fromstring(svg).attrib["width"]) <= 1600


def test_the_hidden_child_groups_school_police_and_says_where_else() -> None:
    review = hidden_child_review()
    svg = to_svg(review)
    _assert_grouped(review, svg)
    root = ET.fromstring(svg)
    outlines = _outlines(root)
    assert sorted(a for a, _ in outlines) == ["police", "school", "school"]  # two bands
    boxes = _boxes(root)
    assert not any(_overlap(boxes["f-not-shared"], o) for _, o in outlines)
    texts = [" ".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "also: Children's social care" in texts
    assert ["Police"] in _names(root)
    assert "Agency the factors sit in" in svg
    assert "factors grouped in 2 agencies" in svg


def test_the_first_example_has_no_placement_and_draws_as_before() -> None:
    review = domestic_abuse_review()
    assert to_svg(review) == to_svg(review, by_agency=False)
    assert "Agency the factors sit in" not in to_svg(review)


def test_a_factor_in_two_agencies_is_drawn_in_the_first_recorded() -> None:
    review = _strip(hidden_child_review())
    factor = "f-not-shared"
    for order in (("gp", "hospital"), ("hospital", "gp")):
        links = [Link(factor, a, LinkKind.SITS_IN) for a in order]
        placed = attrs.evolve(review, links=(*review.links, *links))
        svg = to_svg(placed)
        _assert_grouped(placed, svg)
        (outline,) = _outlines(ET.fromstring(svg))
        assert outline[0] == order[0]
        other = next(a.name for a in review.agencies if a.id == order[1])
        assert f"also: {other}" in svg
        assert f"(also: {other})" in to_mermaid(placed).replace("<br/>", " ")
        assert f"(also: {other})" in to_dot(placed).replace("\\n", " ")


# --- bad input ---------------------------------------------------------------------------


def test_broken_placements_leave_the_factor_unplaced_and_the_rules_report_them() -> None:
    review = _strip(hidden_child_review())
    broken = attrs.evolve(
        review,
        links=(
            *review.links,
            Link("f-not-shared", "no-such-agency", LinkKind.SITS_IN),  # dangles (SR102)
            Link("f-language", "kpe-no-voice", LinkKind.SITS_IN),  # not an agency (SR103)
            Link("f-deception", "police", LinkKind.SITS_IN),
            Link("f-deception", "police", LinkKind.SITS_IN),  # repeated (SR105)
        ),
    )
    codes = {v.code for v in check(broken)}
    assert {"SR102", "SR103", "SR105"} <= codes
    for by_agency in (True, False):
        svg = to_svg(broken, by_agency=by_agency)
        assert "no-such-agency" not in svg
        if by_agency:
            _assert_grouped(broken, svg)
    outlines = _outlines(ET.fromstring(to_svg(broken)))
    assert [a for a, _ in outlines] == ["police"]
    assert "also:" not in to_svg(broken)
    for text in (to_mermaid(broken), to_dot(broken)):
        assert "no_such_agency" not in text
        assert text.count("agency_frontline_police") == 1


def test_hostile_agency_names_stay_text() -> None:
    review = hidden_child_review()
    hostile = '<script>alert("x")</script> & "Co" {cluster} #1'
    agencies = tuple(
        attrs.evolve(a, name=hostile) if a.id == "school" else a for a in review.agencies
    )
    review = attrs.evolve(review, agencies=agencies)
    svg = to_svg(review)
    assert "<script" not in svg
    assert any(hostile in " ".join(lines) for lines in _names(ET.fromstring(svg)))
    mermaid = to_mermaid(review)
    assert "<script" not in mermaid
    (line,) = [x for x in mermaid.splitlines() if "agency_frontline_school[" in x]
    assert line.count('"') == 2
    dot = to_dot(review)
    assert '\\"Co\\"' in dot
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg"], input=dot, text=True, capture_output=True, check=True)


def test_an_agency_named_like_a_node_gets_its_own_cluster_name() -> None:
    review = _strip(hidden_child_review())
    clash = Agency(id="x", name="Clash", sector=Sector.OTHER)
    factor = attrs.evolve(review.factors[0], id="agency_frontline_x")
    review = attrs.evolve(
        review,
        agencies=(*review.agencies, clash),
        factors=(factor, *review.factors[1:]),
        links=(*review.links, Link("agency_frontline_x", "x", LinkKind.SITS_IN)),
    )
    text = to_mermaid(review, by_agency=True)
    names = re.findall(r"^\s+subgraph (\w+)\[", text, flags=re.M)
    nodes = re.findall(r"^\s+(\w+)\[\"", text, flags=re.M)
    assert len(set(names)) == len(names)
    assert not set(names) & set(nodes)


# --- Mermaid and DOT -----------------------------------------------------------------------


def _mermaid_parents(text: str) -> dict[str, list[str]]:
    """Each node's enclosing subgraphs, outermost first, read from the indented text."""
    stack: list[str] = []
    parents: dict[str, list[str]] = {}
    for line in text.splitlines():
        opened = re.match(r"^\s*subgraph (\w+)\[", line)
        if opened:
            stack.append(opened.group(1))
        elif line.strip() == "end":
            stack.pop()
        else:
            node = re.match(r'^\s+(\w+)\["', line)
            if node:
                parents[node.group(1)] = list(stack)
    assert not stack
    return parents


def test_mermaid_puts_placed_factors_in_an_agency_subgraph_of_their_band() -> None:
    text = to_mermaid(hidden_child_review())
    parents = _mermaid_parents(text)
    assert parents["f_daily_contact"] == ["frontline", "agency_frontline_school"]
    assert parents["f_school_escalation"] == ["local_strategic", "agency_local_strategic_school"]
    assert parents["f_incident_by_incident"] == [
        "local_strategic",
        "agency_local_strategic_police",
    ]
    assert parents["f_not_shared"] == ["local_strategic"]
    assert 'subgraph agency_frontline_school["Primary school"]' in text
    assert "subgraph agency" not in to_mermaid(hidden_child_review(), by_agency=False)


def _dot_layout(text: str) -> ET.Element:
    out = subprocess.run(
        ["dot", "-Tsvg"], input=text, text=True, capture_output=True, check=True
    ).stdout
    return ET.fromstring(out)


def _points(g: ET.Element) -> list[tuple[float, float]]:
    shape = next(e for e in g if e.tag in (f"{SVG}polygon", f"{SVG}path"))
    values = re.findall(r"-?\d+(?:\.\d+)?", shape.attrib.get("points") or shape.attrib["d"])
    return list(zip(map(float, values[::2]), map(float, values[1::2]), strict=False))


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize(
    "review",
    [*(make() for make in EXAMPLES.values()), synth.review(0)],
    ids=[*EXAMPLES, "synth-0"],
)
def test_dot_draws_each_placed_factor_inside_its_agency_cluster(review: Review) -> None:
    root = _dot_layout(to_dot(review))
    clusters: dict[str, list[tuple[float, float]]] = {}
    nodes: dict[str, list[tuple[float, float]]] = {}
    for g in root.iter(f"{SVG}g"):
        title = next(g.iter(f"{SVG}title"), None)
        if title is None or title.text is None:
            continue
        if g.attrib.get("class") == "cluster":
            clusters[title.text] = _points(g)
        elif g.attrib.get("class") == "node":
            nodes[title.text] = _points(g)
    first = _first_agency(review)
    for factor, agency in first.items():
        node = re.sub(r"\W", "_", factor)
        level = next(f.level.value for f in review.factors if f.id == factor)
        safe = re.sub(r"\W", "_", agency)
        box = clusters[f"cluster_agency_{level}_{safe}"]
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        for x, y in nodes[node]:
            assert min(xs) <= x <= max(xs)
            assert min(ys) <= y <= max(ys)
    assert len([c for c in clusters if c.startswith("cluster_agency_")]) == len(
        {(a, next(f.level for f in review.factors if f.id == i)) for i, a in first.items()}
    )


# --- findings' patterns --------------------------------------------------------------------


def test_findings_name_all_their_patterns_briefly() -> None:
    review = hidden_child_review()
    root = ET.fromstring(to_svg(review))
    drawn = {
        g.attrib["data-id"]: " ".join(" ".join(t.itertext()) for t in g.iter(f"{SVG}text"))
        for g in root.iter(f"{SVG}g")
        if g.attrib.get("class") == "box finding"
    }
    drawn = {key: " ".join(text.split()) for key, text in drawn.items()}
    assert "family-professional interactions + human reasoning" in drawn["finding-child-invisible"]
    assert "incidents and crises + assessment and longer-term work" in drawn["finding-fragments"]
    one = domestic_abuse_review()
    texts = {" ".join(t.itertext()) for t in ET.fromstring(to_svg(one)).iter(f"{SVG}text")}
    assert Pattern.FAMILY_PROFESSIONAL.label in texts


@settings(max_examples=15, deadline=None)
@given(patterns=st.lists(st.sampled_from(list(Pattern)), min_size=1, max_size=6, unique=True))
def test_a_finding_note_lists_every_pattern_primary_first(patterns: list[Pattern]) -> None:
    base = domestic_abuse_review().findings[0]
    finding = attrs.evolve(base, pattern=patterns[0], other_patterns=tuple(patterns[1:]))
    note = _accimap.patterns_note(finding)
    if len(patterns) == 1:
        assert note == patterns[0].label
    else:
        parts = note.split(" + ")
        assert len(parts) == len(patterns)
        assert all(part in p.label for part, p in zip(parts, patterns, strict=True))
    box = _accimap.make_box(finding, "findings", {}, {})
    assert " ".join(box.notes).split() == note.split()  # wrapped, never cut
    assert all(text_width(line, 11) <= box.w - 2 * _accimap.PAD for line in box.notes)


# --- ordering and the command line ---------------------------------------------------------


def test_ordering_with_agencies_never_adds_crossings_and_keeps_them_together() -> None:
    for seed in range(2):
        review = synth.review(seed)
        bands, edges = _accimap.select(review)
        before = _accimap.place(bands, edges, 1600.0)
        _accimap.route(before, gaps=True)
        unordered = crossings(edges)
        result = layout(bands, edges, 1600.0)
        assert crossings(edges) <= unordered
        for row in result.rows:
            clusters = [b.cluster for b in row if b.cluster]
            runs = [key for key, _ in itertools.groupby(clusters)]
            assert len(runs) == len(set(runs)), [b.id for b in row]


def test_cli_groups_by_agency_unless_told_not_to(tmp_path: Path) -> None:
    out = tmp_path / "a.svg"
    assert main(["graph", "example:hidden-child", "--format", "svg", "-o", str(out)]) == 0
    assert 'data-agency="school"' in out.read_text(encoding="utf-8")
    args = ["graph", "example:hidden-child", "--format", "svg", "--no-by-agency", "-o", str(out)]
    assert main(args) == 0
    assert 'class="agency"' not in out.read_text(encoding="utf-8")
    for fmt, marker in (("mermaid", "subgraph agency_"), ("dot", "cluster_agency_")):
        assert main(["graph", "example:hidden-child", "--format", fmt, "-o", str(out)]) == 0
        assert marker in out.read_text(encoding="utf-8")
        args = ["graph", "example:hidden-child", "--format", fmt, "--no-by-agency"]
        assert main([*args, "-o", str(out)]) == 0
        assert marker not in out.read_text(encoding="utf-8")


def test_chromium_draws_each_agency_outline_where_the_svg_says(tmp_path: Path) -> None:
    svg = to_svg(hidden_child_review())
    root = ET.fromstring(svg)
    width, _, pixels_ = render_svg(svg, tmp_path)

    def darkest(x: float, y: float) -> int:
        """The darkest channel near (x, y): an outline's 1.2 px grey stroke is below 200."""
        near = [
            pixels_[(round(y) + dy) * width + round(x) + dx][:3]
            for dy in (-1, 0, 1)
            for dx in (-1, 0, 1)
        ]
        return min(min(p) for p in near)

    for _, (x, y, w, h) in _outlines(root):
        assert darkest(x + w / 2, y) < 200  # top edge, mid-way (clear of the name)
        assert darkest(x, y + h / 2) < 200  # left edge
        assert darkest(x + w / 2, y + h) < 200  # bottom edge
