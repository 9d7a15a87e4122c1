"""Diagrams banding the factors by their taxonomy's own levels (the AcciMap's six)."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _recoded import ACCIMAP_OF_WORKED
from systemsreview import (
    ACCIMAP,
    ACCIMAP_LEVELS,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    ContributoryFactor,
    Level,
    ModelError,
    Review,
    Taxonomy,
    TaxonomyLevel,
    taxonomy_level,
)
from systemsreview.cli import main
from systemsreview.examples import domestic_abuse_review, hidden_child_review
from systemsreview.io import _accimap
from systemsreview.io import json as srjson
from systemsreview.io._factor_bands import band_key, factor_bands
from systemsreview.io._ordering import layout
from systemsreview.io.diagram import to_dot, to_mermaid, to_svg
from systemsreview.model import _taxonomy
from systemsreview.strategies import reviews

#: The band keys of the AcciMap's six levels, top to bottom.
SIX = [f"level_{lv.code}" for lv in ACCIMAP_LEVELS]
THREE = ["national", "local_strategic", "frontline"]


def _codes(taxonomy: Taxonomy, level: Level) -> list[str]:
    return sorted(code for code in taxonomy if taxonomy[code].level is level)


_WORKED = ACCIMAP_OF_WORKED


def _recoded(review: Review, pick: st.DataObject | None = None) -> Review:
    """``review`` with every factor coded in the AcciMap, at the level it records."""
    factors = []
    for factor in review.factors:
        codes = _codes(ACCIMAP, factor.level)
        code = codes[0] if pick is None else pick.draw(st.sampled_from(codes))
        code = _WORKED.get(factor.category, code) if pick is None else code
        factors.append(attrs.evolve(factor, category=code))
    return attrs.evolve(review, factors=tuple(factors))


def _by_own_levels(review: Review) -> bool:
    """Whether every factor sits under a level of one taxonomy with levels of its own."""
    categories = {f.category for f in review.factors}
    return bool(categories) and any(
        categories <= set(t) and all(t.taxonomy_level(c) in t.levels for c in categories)
        for t in (ACCIMAP, LONDON_PROTOCOL)
    )


SVG = "{http://www.w3.org/2000/svg}"


def _titles(svg: str) -> list[str]:
    """The band titles of an AcciMap, top to bottom (each one's wrapped lines joined)."""
    root = ET.fromstring(svg)
    return [
        " ".join("".join(span.itertext()) for span in spans)
        for text in root.iter(f"{SVG}text")
        if (spans := list(text.iter(f"{SVG}tspan"))) and text.attrib.get("font-weight") == "bold"
    ]


def _factor_keys(bands: dict[str, list[_accimap.Box]]) -> list[str]:
    return list(itertools.takewhile(lambda key: key != "episodes", bands))


_SMALL = reviews(episodes=(1, 4), factors=(1, 8), findings=(1, 2), events=(0, 3))


@settings(max_examples=25, deadline=None)
@given(_SMALL, st.data())
def test_an_accimap_coded_review_draws_each_factor_in_its_levels_band(
    review: Review, data: st.DataObject
) -> None:
    review = _recoded(review, data)
    bands, edges = _accimap.select(review, loop=True, case=True)
    assert _factor_keys(bands) == SIX
    for factor in review.factors:
        (band,) = [key for key, boxes in bands.items() if factor.id in {b.id for b in boxes}]
        assert band == f"level_{taxonomy_level(factor).code}"
    result = layout(bands, edges, 1600.0)
    drawn = [key for key in SIX if key in result.band_top]
    assert drawn == [key for key in SIX if bands[key]]
    assert list(result.band_top)[: len(drawn)] == drawn  # in the taxonomy's order
    tops = [result.band_top[key] for key in result.band_top]
    assert tops == sorted(tops)
    for upper, lower in itertools.pairwise(result.band_top):
        assert result.band_bottom[upper] < result.band_top[lower]
    for key, boxes in bands.items():
        for box in boxes:  # inside its band
            assert result.band_top[key] <= box.y
            assert box.y + box.h <= result.band_bottom[key]
    every = [box for boxes in bands.values() for box in boxes]
    for a, b in itertools.combinations(every, 2):  # no two boxes overlap
        apart_x = a.x + a.w <= b.x or b.x + b.w <= a.x
        apart_y = a.y + a.h <= b.y or b.y + b.h <= a.y
        assert apart_x or apart_y, (a.id, b.id)
    titles = _titles(to_svg(review))
    wanted = [lv.label for lv in ACCIMAP_LEVELS if bands[f"level_{lv.code}"]]
    assert [t.lower() for t in titles[: len(wanted)]] == wanted


@settings(max_examples=20, deadline=None)
@given(_SMALL)
def test_a_review_not_coded_in_levels_of_its_own_draws_exactly_as_by_systems_levels(
    review: Review,
) -> None:
    if _by_own_levels(review):
        review = attrs.evolve(
            review,
            factors=tuple(
                attrs.evolve(f, category=_codes(LEARNING_TOGETHER, f.level)[0])
                for f in review.factors
            ),
        )
    bands, _ = _accimap.select(review)
    assert _factor_keys(bands) == THREE
    assert to_svg(review) == to_svg(review, levels_by="systems")
    assert to_mermaid(review) == to_mermaid(review, levels_by="systems")
    assert to_dot(review) == to_dot(review, levels_by="systems")


def test_levels_by_systems_draws_an_accimap_coded_review_in_three_bands() -> None:
    review = _recoded(domestic_abuse_review())
    bands, _ = _accimap.select(review, levels_by="systems")
    assert _factor_keys(bands) == THREE
    for factor in review.factors:
        assert factor.id in {box.id for box in bands[factor.level.value]}
    assert _titles(to_svg(review, levels_by="systems"))[0] == "National"


def test_the_accimap_bands_are_titled_with_the_levels_labels_in_the_svg() -> None:
    review = _recoded(domestic_abuse_review())
    svg = to_svg(review)
    assert _titles(svg)[:5] == [
        "Government: policy and budgeting",
        "Local area government and company management",
        "Technical and operational management",
        "Physical processes and actor activities",
        "Key practice episodes",
    ]
    assert "the 6 levels of taxonomy accimap" in svg
    assert _titles(to_svg(review, levels_by="systems"))[:3] == [
        "National",
        "Local strategic",
        "Frontline",
    ]


def test_levels_filter_taxonomy_bands_by_systems_level_or_by_level_code() -> None:
    review = _recoded(domestic_abuse_review())
    national, _ = _accimap.select(review, levels=("national",))
    assert [k for k in SIX if national[k]] == ["level_accimap_government"]
    assert {b.id for k in SIX for b in national[k]} == {
        f.id for f in review.factors if f.level is Level.NATIONAL
    }
    one, _ = _accimap.select(review, levels=("accimap_company",))
    assert [k for k in SIX if one[k]] == ["level_accimap_company"]
    with pytest.raises(ModelError, match=r"'regional' is not a level; choose from .*accimap_"):
        to_svg(review, levels=("regional",))
    with pytest.raises(ModelError, match="'accimap_company' is not a level"):
        to_svg(review, levels=("accimap_company",), levels_by="systems")


@pytest.mark.parametrize("draw", [to_svg, to_mermaid, to_dot])
def test_an_unknown_levels_by_is_refused_with_the_choices(draw: object) -> None:
    with pytest.raises(ModelError, match=r"levels_by='six' .* choose from 'taxonomy', 'systems'"):
        draw(domestic_abuse_review(), levels_by="six")  # type: ignore[operator]


def test_mermaid_and_dot_draw_one_subgraph_per_accimap_level_in_order() -> None:
    review = _recoded(domestic_abuse_review())
    mermaid = to_mermaid(review)
    heads = [line.split("[")[0].split()[-1] for line in mermaid.splitlines() if "subgraph" in line]
    factor_heads = [h for h in heads if h.startswith("level_")]
    assert factor_heads == [k for k in SIX if k in factor_heads]
    assert len(factor_heads) == 4
    assert 'subgraph level_accimap_government["Government: policy and budgeting"]' in mermaid
    assert "subgraph national[" in to_mermaid(review, levels_by="systems")
    dot = to_dot(review)
    clusters = [line for line in dot.splitlines() if 'subgraph "cluster_level_' in line]
    assert [c.split('"')[1] for c in clusters] == [f"cluster_{k}" for k in factor_heads]
    assert 'label="Government: policy and budgeting"' in dot
    assert 'subgraph "cluster_national"' in to_dot(review, levels_by="systems")


def test_agencies_stay_grouped_inside_the_accimap_bands() -> None:
    review = _recoded(hidden_child_review())
    bands, edges = _accimap.select(review)
    result = layout(bands, edges, 1600.0)
    assert result.clusters
    for cluster in result.clusters:
        assert cluster.band in SIX
        assert all(box.band == cluster.band for box in cluster.members)
        assert result.band_top[cluster.band] <= cluster.y
        assert cluster.y + cluster.h <= result.band_bottom[cluster.band]
    svg = to_svg(review)
    assert 'data-agency="school"' in svg
    assert "subgraph agency_level_accimap_" in to_mermaid(review)
    assert 'subgraph "cluster_agency_level_accimap_' in to_dot(review)


def _register(monkeypatch: pytest.MonkeyPatch, taxonomy: Taxonomy) -> None:
    monkeypatch.setitem(_taxonomy._REGISTRY, taxonomy.name, taxonomy)


_LADDER = Taxonomy.from_levels(
    "ladder",
    "a taxonomy declared frontline up",
    (
        TaxonomyLevel("ladder_floor", "the floor", Level.FRONTLINE),
        TaxonomyLevel("ladder_office", "the office", Level.LOCAL_STRATEGIC),
        TaxonomyLevel("ladder_state", "the state", Level.NATIONAL),
    ),
    {
        "ladder_floor": {"work": ("work", {})},
        "ladder_office": {"plans": ("plans", {})},
        "ladder_state": {"laws": ("laws", {})},
    },
)
_LADDER_CODES = {
    Level.FRONTLINE: "ladder_floor.work",
    Level.LOCAL_STRATEGIC: "ladder_office.plans",
    Level.NATIONAL: "ladder_state.laws",
}


def _in_ladder(review: Review) -> Review:
    factors = tuple(attrs.evolve(f, category=_LADDER_CODES[f.level]) for f in review.factors)
    return attrs.evolve(review, factors=factors)


def test_a_taxonomy_declared_frontline_up_is_drawn_national_at_the_top(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _register(monkeypatch, _LADDER)
    review = _in_ladder(domestic_abuse_review())
    bands, _ = _accimap.select(review)
    assert _factor_keys(bands) == [
        "level_ladder_state",
        "level_ladder_office",
        "level_ladder_floor",
    ]
    assert [t for _, t in factor_bands(review).bands] == ["The state", "The office", "The floor"]


def test_a_review_mixing_taxonomies_falls_back_to_the_systems_levels() -> None:
    review = _recoded(domestic_abuse_review())
    first = review.factors[0]
    mixed = attrs.evolve(
        review,
        factors=(
            attrs.evolve(first, category=_codes(LEARNING_TOGETHER, first.level)[0]),
            *review.factors[1:],
        ),
    )
    bands, _ = _accimap.select(mixed)
    assert _factor_keys(bands) == THREE
    assert to_svg(mixed) == to_svg(mixed, levels_by="systems")
    assert "subgraph national[" in to_mermaid(mixed)


def test_a_category_no_registered_taxonomy_holds_is_drawn_by_its_recorded_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with monkeypatch.context() as patch:
        _register(patch, _LADDER)  # the factors are built while it is registered ...
        review = _in_ladder(domestic_abuse_review())
    assert "ladder" not in _taxonomy._REGISTRY  # ... and drawn after it is gone
    assert factor_bands(review).taxonomy is None
    bands, _ = _accimap.select(review)
    assert _factor_keys(bands) == THREE
    for factor in review.factors:
        assert factor.id in {box.id for box in bands[factor.level.value]}
    assert _titles(to_svg(review))[:3] == ["National", "Local strategic", "Frontline"]
    assert "subgraph frontline[" in to_mermaid(review)
    assert 'subgraph "cluster_frontline"' in to_dot(review)
    half = attrs.evolve(review, factors=_recoded(review).factors[:2] + review.factors[2:])
    assert _factor_keys(_accimap.select(half)[0]) == THREE  # one unknown code: systems too


def test_a_factor_whose_level_disagrees_with_its_code_is_drawn_without_a_crash() -> None:
    review = _recoded(domestic_abuse_review())
    factor = review.factors[0]
    odd = ContributoryFactor.__new__(ContributoryFactor)
    for field in attrs.fields(ContributoryFactor):
        object.__setattr__(odd, field.name, getattr(factor, field.name))
    other = next(level for level in Level if level is not factor.level)
    object.__setattr__(odd, "level", other)  # the rules report it; the picture still draws
    broken = attrs.evolve(review, factors=(odd, *review.factors[1:]))
    bands, _ = _accimap.select(broken)
    assert factor.id in {box.id for box in bands[f"level_{taxonomy_level(factor).code}"]}
    assert to_svg(broken).startswith("<svg")


def test_the_cli_draws_the_accimap_levels_and_takes_levels_by(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "accimap.json"
    srjson.dump(_recoded(domestic_abuse_review()), path)
    assert main(["graph", str(path), "--format", "svg"]) == 0
    assert _titles(capsys.readouterr().out)[0] == "Government: policy and budgeting"
    assert main(["graph", str(path), "--format", "svg", "--levels-by", "systems"]) == 0
    assert _titles(capsys.readouterr().out)[0] == "National"
    for fmt, marker in (("mermaid", "subgraph level_accimap_"), ("dot", "cluster_level_")):
        assert main(["graph", str(path), "--format", fmt]) == 0
        assert marker in capsys.readouterr().out
        assert main(["graph", str(path), "--format", fmt, "--levels-by", "systems"]) == 0
        assert marker not in capsys.readouterr().out
    svg = tmp_path / "one.svg"
    one = ["graph", str(path), "--format", "svg", "--levels", "accimap_company", "-o", str(svg)]
    assert main(one) == 0
    assert _titles(svg.read_text())[0] == "Local area government and company management"
    with pytest.raises(SystemExit):
        main(["graph", str(path), "--levels-by", "six"])
    assert "invalid choice: 'six'" in capsys.readouterr().err
    assert main(["graph", str(path), "--format", "svg", "--levels", "regional"]) == 2
    assert "'regional' is not a level" in capsys.readouterr().err
    assert json.loads(path.read_text())["id"]


def test_a_london_protocol_review_draws_its_seven_levels_national_end_on_top() -> None:
    review = domestic_abuse_review()
    london = attrs.evolve(
        review,
        factors=tuple(
            attrs.evolve(f, category=_codes(LONDON_PROTOCOL, f.level)[-1]) for f in review.factors
        ),
    )
    bands, _ = _accimap.select(london)
    keys = [band_key(lv.code) for lv in reversed(LONDON_PROTOCOL.levels)]
    assert _factor_keys(bands) == keys  # declared from the patient up: drawn national on top
    for factor in london.factors:
        code = LONDON_PROTOCOL.taxonomy_level(factor.category).code
        assert any(box.id == factor.id for box in bands[band_key(code)])
    # a factor coded at the root every level sits under belongs to no one level
    rooted = attrs.evolve(
        london,
        factors=tuple(
            attrs.evolve(f, category="london") if f.level is Level.FRONTLINE else f
            for f in london.factors
        ),
    )
    assert _factor_keys(_accimap.select(rooted)[0]) == THREE
    # the level codes' dots never reach a Mermaid or DOT identifier
    ids = re.findall(r"^\s*subgraph (\S+?)\[", to_mermaid(london), flags=re.MULTILINE)
    assert "level_london__institutional" in ids
    assert all(re.fullmatch(r"\w+", i) for i in ids), ids
    assert "cluster_level_london__institutional" in to_dot(london)
