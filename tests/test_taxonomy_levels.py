"""Taxonomies that bring their own levels: declaring them, checking them, the AcciMap's six."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from _recoded import ACCIMAP_OF_WORKED
from systemsreview import (
    ACCIMAP,
    ACCIMAP_LEVELS,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    SYSTEMS_LEVELS,
    ContributoryFactor,
    Level,
    ModelError,
    Review,
    Taxonomy,
    TaxonomyLevel,
    check,
    register_taxonomy,
    taxonomies,
    taxonomy_level,
    taxonomy_of,
)
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as srjson
from systemsreview.io import parquet

F, L, N = Level.FRONTLINE, Level.LOCAL_STRATEGIC, Level.NATIONAL

BOARD = TaxonomyLevel("board", "the partnership board", L, "What the board decides.")
TEAM = TaxonomyLevel("team", "the team", F)


def test_the_accimap_ships_rasmussens_six_levels_in_order_mapped_to_systems_levels() -> None:
    assert ACCIMAP in taxonomies()
    assert ACCIMAP.has_own_levels
    assert ACCIMAP.levels == ACCIMAP_LEVELS
    assert [lv.label for lv in ACCIMAP.levels] == [
        "government: policy and budgeting",
        "regulatory bodies and associations",
        "local area government and company management",
        "technical and operational management",
        "physical processes and actor activities",
        "equipment and surroundings",
    ]
    assert [lv.level for lv in ACCIMAP.levels] == [N, N, L, L, F, F]
    for lv in ACCIMAP.levels:
        assert ACCIMAP[lv.code].label == lv.label
        assert ACCIMAP.children(lv.code), f"level {lv.code} holds no codes"


def test_learning_together_declares_the_systems_levels_and_london_its_seven() -> None:
    assert LEARNING_TOGETHER.has_own_levels
    assert LEARNING_TOGETHER.levels == SYSTEMS_LEVELS
    assert [lv.level for lv in SYSTEMS_LEVELS] == list(Level)
    assert LONDON_PROTOCOL.has_own_levels
    assert [lv.code for lv in LONDON_PROTOCOL.levels] == [
        f"london.{key}"
        for key in (
            "patient",
            "task",
            "individual",
            "team",
            "work_environment",
            "organisation",
            "institutional",
        )
    ]
    institutional = LONDON_PROTOCOL.taxonomy_level("london.institutional.economic")
    assert (institutional.code, institutional.level) == ("london.institutional", Level.NATIONAL)
    assert LONDON_PROTOCOL.taxonomy_level("london.team").label == "team factors"
    # the root every level sits under has the systems level it sits at
    assert LONDON_PROTOCOL.taxonomy_level("london") == SYSTEMS_LEVELS[0]
    assert LONDON_PROTOCOL.taxonomy_level("london").level is F


def test_levels_under_a_shared_root_are_checked_like_top_levels() -> None:
    def tree(levels: tuple[TaxonomyLevel, ...], stray: bool = False) -> Taxonomy:
        kids = {"a": ("a", F, {"x": ("x", F, {})}), "b": ("b", N, {})}
        if stray:
            kids["c"] = ("c", F, {})
        return Taxonomy.from_tree("t", "t", {"root": ("root", F, kids)}, levels=levels)

    a, b = TaxonomyLevel("root.a", "a", F), TaxonomyLevel("root.b", "b", N)
    assert tree((a, b)).taxonomy_level("root.a.x") == a
    with pytest.raises(ModelError, match=r"'root\.c' belongs to none of its levels"):
        tree((a, b), stray=True)
    with pytest.raises(ModelError, match="levels cannot nest"):
        tree((TaxonomyLevel("root", "r", F), a, b))
    with pytest.raises(ModelError, match=r"'root\.b' belongs to none of its levels"):
        tree((a,))  # 'root' may sit above the levels, 'root.b' under none of them
    with pytest.raises(ModelError, match="expected a code"):
        TaxonomyLevel("root.", "r", F)


_EVERY_CODE = st.sampled_from(taxonomies()).flatmap(
    lambda t: st.tuples(st.just(t), st.sampled_from(sorted(t)))
)


@given(_EVERY_CODE)
def test_every_registered_code_has_a_level_that_maps_to_the_level_it_sits_at(
    pair: tuple[Taxonomy, str],
) -> None:
    taxonomy, code = pair
    level = taxonomy.taxonomy_level(code)
    assert level.level is taxonomy.level_of(code)
    assert taxonomy_level(code) == level
    assert taxonomy_of(code) is taxonomy
    head = code.partition(".")[0]
    if level not in taxonomy.levels:  # the root every own level sits under ("london")
        assert level in SYSTEMS_LEVELS
        assert all(lv.code.startswith(code + ".") for lv in taxonomy.levels)
    elif taxonomy.has_own_levels:
        assert code == level.code or code.startswith(level.code + ".")
    if head in {lv.value for lv in Level}:
        # Codes whose first segment is a systems level sit at that level.
        assert level.level is Level(head)


def test_a_factors_taxonomy_level_comes_from_its_category() -> None:
    factor = ContributoryFactor(
        id="f", description="d", level="national", category="accimap_regulators.inspection"
    )
    assert taxonomy_level(factor).label == "regulatory bodies and associations"
    assert taxonomy_level(factor).level is factor.level


def test_a_factors_level_must_agree_with_its_accimap_level() -> None:
    with pytest.raises(ModelError, match=r"sits at level 'national' .* make them agree"):
        ContributoryFactor(
            id="f", description="d", level="frontline", category="accimap_government.policy"
        )
    with pytest.raises(ModelError, match=r"did you mean 'accimap_regulators\.inspection'"):
        taxonomy_level("accimap_regulators.inspectio")


def test_from_levels_builds_a_taxonomy_whose_levels_are_top_codes() -> None:
    local = Taxonomy.from_levels(
        "levels_local",
        "A local taxonomy with its own levels",
        (BOARD, TEAM),
        {"board": {"funding": ("funding", {})}, "team": {"rota": ("rota", {"gaps": ("gaps", {})})}},
        {"team.rota.gaps": "Shifts nobody covers."},
    )
    assert [lv.code for lv in local.levels] == ["board", "team"]
    assert local["board"].description == "What the board decides."
    assert local["team.rota.gaps"].description == "Shifts nobody covers."
    assert local.level_of("team.rota.gaps") is F
    assert local.taxonomy_level("team.rota.gaps") is TEAM
    assert local.taxonomy_level("board.funding") is BOARD
    with pytest.raises(KeyError):
        local.taxonomy_level("team.nope")
    register_taxonomy(local)
    factor = ContributoryFactor(id="f", description="d", level="frontline", category="team.rota")
    assert taxonomy_level(factor) is TEAM


def _tree(level: Level = F) -> dict[str, tuple[str, Level, dict[str, object]]]:
    return {"team": ("the team", level, {"rota": ("rota", level, {})})}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Taxonomy.from_tree("bad", "t", _tree(), levels=(TEAM, TEAM)),
            r"Taxonomy 'bad': level 'team' is declared twice; give each level once",
        ),
        (
            lambda: Taxonomy.from_tree("bad", "t", _tree(), levels=(TEAM, BOARD)),
            r"Taxonomy 'bad': level 'board' is not a code of the taxonomy; add a top code "
            r"'board'",
        ),
        (
            lambda: Taxonomy.from_tree(
                "bad", "t", {**_tree(), "other": ("o", F, {})}, levels=(TEAM,)
            ),
            r"Taxonomy 'bad': code 'other' belongs to none of its levels \(team\): it must be "
            r"a level or sit under one; declare a level 'other' or move the code under one",
        ),
        (
            lambda: Taxonomy.from_tree("bad", "t", _tree(N), levels=(TEAM,)),
            r"Taxonomy 'bad': code 'team' sits at 'national' but its level 'team' maps to "
            r"'frontline'; make them agree",
        ),
        (
            lambda: Taxonomy.from_levels("bad", "t", (TEAM,), {"board": {}}),
            r"Taxonomy 'bad': codes given under \['board'\], which are not among its levels "
            r"\(team\); declare those levels or move the codes",
        ),
        (
            lambda: Taxonomy.from_levels(
                "bad", "t", (TEAM, TaxonomyLevel("law", "law", N), TaxonomyLevel("kit", "k", F)), {}
            ),
            r"Taxonomy 'bad': its levels \(team \(frontline\), law \(national\), kit "
            r"\(frontline\)\) do not run in one direction; order them from national down",
        ),
        (
            lambda: Taxonomy.from_tree("bad", "t", _tree(), levels=("team",)),
            r"Taxonomy 'bad': levels must be TaxonomyLevel objects, got 'team'",
        ),
    ],
)
def test_level_sets_that_do_not_fit_the_codes_are_refused(build: object, message: str) -> None:
    assert callable(build)
    with pytest.raises(ModelError, match=message):
        build()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"code": "a..b"}, r"TaxonomyLevel.code: got 'a..b'; expected a code: dot-separated"),
        ({"code": " "}, r"TaxonomyLevel.code: got ' '; expected a non-empty string"),
        ({"label": ""}, r"TaxonomyLevel.label: got ''; expected a non-empty string"),
        ({"level": "regional"}, r"TaxonomyLevel.level: got 'regional'; expected a Level"),
    ],
)
def test_a_bad_taxonomy_level_is_refused(fields: dict[str, str], message: str) -> None:
    given_fields = {"code": "team", "label": "the team", "level": "frontline", **fields}
    with pytest.raises(ModelError, match=message):
        TaxonomyLevel(**given_fields)  # type: ignore[arg-type]


def test_an_accimap_level_code_clashing_with_a_registered_one_is_refused() -> None:
    clash = Taxonomy.from_levels(
        "accimap_copy", "t", (TaxonomyLevel("accimap_government", "g", N),), {}
    )
    with pytest.raises(ModelError, match="already belongs to taxonomy 'accimap'"):
        register_taxonomy(clash)


_RECODED = ACCIMAP_OF_WORKED


def _accimap_review() -> Review:
    example = domestic_abuse_review()
    factors = tuple(attrs.evolve(f, category=_RECODED[f.category]) for f in example.factors)
    return attrs.evolve(example, factors=factors)


def test_a_review_coded_in_the_accimap_passes_check_as_the_original_does() -> None:
    review = _accimap_review()
    assert {taxonomy_of(f.category) for f in review.factors} == {ACCIMAP}
    assert check(review) == check(domestic_abuse_review()) == []
    bands = {taxonomy_level(f).code for f in review.factors}
    assert bands == {
        "accimap_activities",
        "accimap_company",
        "accimap_management",
        "accimap_government",
    }


def test_a_review_coded_in_the_accimap_round_trips_through_json_and_parquet(
    tmp_path: Path,
) -> None:
    review = _accimap_review()
    assert srjson.loads(srjson.dumps(review)) == review
    parquet.write(tmp_path / "corpus", review)
    assert list(parquet.read(tmp_path / "corpus")) == [review]


def test_the_shipped_schema_accepts_an_accimap_coded_review_at_the_right_levels() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    shipped = Path(srjson.__file__).with_name("review.schema.json").read_text()
    validator = jsonschema.Draft202012Validator(json.loads(shipped))
    document = json.loads(srjson.dumps(_accimap_review()))
    assert validator.is_valid(document)
    national = next(f for f in document["factors"] if f["level"] == "national")
    national["category"] = "accimap_activities.contact"  # a frontline code
    assert not validator.is_valid(document)
