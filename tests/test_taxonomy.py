"""Taxonomies as data: codes, levels, the crosswalk and registration."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import (
    CROSSWALK,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    ContributoryFactor,
    Level,
    ModelError,
    Taxonomy,
    crosswalk,
    get_taxonomy,
    register_taxonomy,
    taxonomies,
)


def test_learning_together_is_the_default_and_has_the_frontline_factor_types() -> None:
    assert taxonomies()[0] is LEARNING_TOGETHER
    frontline = {c.code for c in LEARNING_TOGETHER.children("frontline")}
    assert frontline == {
        "frontline.family",
        "frontline.personal",
        "frontline.role",
        "frontline.work_conditions",
        "frontline.team",
    }
    assert {c.code for c in LEARNING_TOGETHER.children()} == {
        "frontline",
        "local_strategic",
        "national",
    }


def test_every_code_sits_at_its_parents_level_or_below_the_top() -> None:
    for taxonomy in (LEARNING_TOGETHER, LONDON_PROTOCOL):
        for code in taxonomy.values():
            assert code.parent is None or code.parent in taxonomy
    assert LEARNING_TOGETHER.level_of("national.it_systems") is Level.NATIONAL
    assert LONDON_PROTOCOL.level_of("london.institutional.economic") is Level.NATIONAL


def test_the_crosswalk_only_names_existing_codes_at_the_same_level() -> None:
    for lt, lp in CROSSWALK.items():
        assert lt in LEARNING_TOGETHER
        assert lp in LONDON_PROTOCOL
        if lp != "london":
            assert LEARNING_TOGETHER.level_of(lt) is LONDON_PROTOCOL.level_of(lp)


@given(st.sampled_from(sorted(LEARNING_TOGETHER)))
def test_every_learning_together_code_crosses_to_a_london_code_and_back(code: str) -> None:
    london = crosswalk(code)
    assert london in LONDON_PROTOCOL
    back = crosswalk(london, to="learning_together")
    assert back in LEARNING_TOGETHER


@given(st.sampled_from(sorted(LONDON_PROTOCOL)))
def test_every_london_code_crosses_to_learning_together(code: str) -> None:
    assert crosswalk(code, to="learning_together") in LEARNING_TOGETHER
    assert crosswalk(code) == code


def test_crosswalk_examples_and_errors() -> None:
    assert crosswalk("frontline.team.custom_and_practice") == "london.team"
    assert crosswalk("london.organisation.culture", to="learning_together") == (
        "local_strategic.culture"
    )
    with pytest.raises(ModelError, match="not a code"):
        crosswalk("frontline.nope")
    with pytest.raises(ModelError, match="no taxonomy named 'hfacs'"):
        crosswalk("frontline", to="hfacs")


def test_registering_a_local_taxonomy_makes_its_codes_valid_categories() -> None:
    local = Taxonomy.from_tree(
        "test_local",
        "A local taxonomy",
        {"local": ("local", Level.FRONTLINE, {"rota": ("rota gaps", Level.FRONTLINE, {})})},
    )
    with pytest.raises(ModelError, match="not a code"):
        ContributoryFactor(id="f", description="d", level="frontline", category="local.rota")
    register_taxonomy(local)
    assert get_taxonomy("test_local") is local
    factor = ContributoryFactor(id="f", description="d", level="frontline", category="local.rota")
    assert factor.category == "local.rota"


def test_clashing_codes_are_refused() -> None:
    clash = Taxonomy.from_tree("clash", "t", {"frontline": ("x", Level.FRONTLINE, {})})
    with pytest.raises(ModelError, match="already belongs to taxonomy 'learning_together'"):
        register_taxonomy(clash)
    with pytest.raises(ModelError, match="no taxonomy named 'clash'"):
        get_taxonomy("clash")


def test_taxonomy_is_a_read_only_mapping() -> None:
    assert len(LEARNING_TOGETHER) == len(list(LEARNING_TOGETHER))
    assert LEARNING_TOGETHER["frontline.team"].label == "own team"
    with pytest.raises(KeyError):
        LEARNING_TOGETHER["nope"]
