"""systemsreview.lint: positions, locations, configuration and the linter, in-process."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json
from systemsreview.io import parquet
from systemsreview.lint import (
    DOCS_URL,
    LOAD_CODES,
    Config,
    ConfigError,
    Locator,
    Overrides,
    PositionMap,
    find_config,
    help_url,
    lint,
    load_config,
)
from systemsreview.lint._positions import child_path
from systemsreview.model import Review, ReviewKind
from systemsreview.rules import RULES, Severity, check, select_rules
from systemsreview.strategies import arbitrary_reviews, reviews_violating

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def walk(value: Any, path: str = "$") -> list[tuple[str, Any]]:
    """Every (path, value) of a JSON value, containers first."""
    found = [(path, value)]
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += walk(item, child_path(path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            found += walk(item, child_path(path, key))
    return found


def offset(text: str, line: int, column: int) -> int:
    return sum(len(row) + 1 for row in text.split("\n")[: line - 1]) + column - 1


@given(JSON, st.sampled_from([None, 0, 2, 4]), st.booleans())
def test_every_value_is_found_where_it_starts(value: Any, indent: int | None, ascii_: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_)
    positions = PositionMap(text)
    decoder = json.JSONDecoder()
    for path, item in walk(value):
        if isinstance(item, dict) and len({*item}) != len(item):
            continue
        where = positions.find(path)
        assert where is not None, path
        parsed, _ = decoder.raw_decode(text, offset(text, *where))
        assert json.dumps(parsed, sort_keys=True) == json.dumps(item, sort_keys=True)


def test_positions_survive_text_that_is_not_json() -> None:
    positions = PositionMap('{"a": [1, 2, @]}')
    assert positions.find("$.a[1]") == (1, 11)
    assert positions.find("$.a[2]") == (1, 14)  # where the bad value starts
    assert positions.find("$.a[3]") == (1, 7)  # not recorded: its parent
    assert PositionMap("").find("$") is None


def resolve(document: Any, path: str) -> Any:
    for step in path[1:].replace("[", ".[").split("."):
        if step:
            document = document[int(step[1:-1])] if step.startswith("[") else document[step]
    return document


def assert_located(review: Review) -> None:
    document = json.loads(review_json.dumps(review))
    locator = Locator(review)
    for violation in check(review):
        path, entity = locator.locate(violation)
        target = resolve(document, path)  # the path exists in the document
        if path.startswith("$.links["):
            assert set(violation.subjects[:2]) == {target["source"], target["target"]}
        elif path == "$":  # the review, or ids that no entity holds
            assert violation.subjects == (review.id,) or not any(
                subject in review for subject in violation.subjects
            )
        elif path.startswith(("$.notified", "$.decided", "$.completed")):
            assert violation.subjects == (review.id,)
        elif ".questions[" in path:
            assert repr(target) in violation.message
        elif path.startswith("$.reviewers["):
            assert target == violation.subjects[0]
        elif path.count("[") == 1:
            assert target["id"] == entity
            assert entity in violation.subjects


@pytest.mark.parametrize("code", list(RULES))
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_every_rule_is_located_at_what_it_is_about(code: str, data: st.DataObject) -> None:
    assert_located(data.draw(reviews_violating(code)))


@given(arbitrary_reviews())
def test_arbitrary_reviews_are_located(review: Review) -> None:
    assert_located(review)


@settings(max_examples=10, deadline=None)
@given(
    st.sampled_from(list(RULES)).flatmap(
        lambda code: st.tuples(st.just(code), reviews_violating(code))
    )
)
def test_a_file_reports_what_check_finds_at_the_right_line(
    tmp_path_factory: pytest.TempPathFactory, case: tuple[str, Review]
) -> None:
    _code, review = case
    path = tmp_path_factory.mktemp("lint") / "review.json"
    review_json.dump(review, path)
    result = lint([str(path)], isolated=True)
    assert [d.code for d in result.diagnostics] == [v.code for v in check(review)]
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    document = json.loads(text)
    for d in result.diagnostics:
        assert d.location.line is not None
        assert d.location.column is not None
        value, _ = decoder.raw_decode(text, offset(text, d.location.line, d.location.column))
        assert value == resolve(document, d.location.json_path)
    assert result.summary.reviews == 1


@given(
    st.lists(st.sampled_from(["SR1", "SR10", "SR102", "SR2", "SR4", "SR40", "SR501"]), max_size=3),
    st.lists(st.sampled_from(["SR1", "SR105", "SR3", "SR40", "SR409"]), max_size=3),
    st.booleans(),
)
def test_config_selection_is_the_rules_selection(
    select: list[str], ignore: list[str], all_: bool
) -> None:
    config = Config(select=None if all_ else tuple(select), ignore=tuple(ignore))
    expected = {r.code for r in select_rules(None if all_ else select, ignore)}
    assert config.codes(None, "r") == expected


def test_per_file_and_per_review_ignores(tmp_path: Path) -> None:
    (tmp_path / "systemsreview.toml").write_text(
        'per-file-ignores = { "legacy/*.json" = ["SR3"] }\n'
        'per-review-ignores = { "rapid-*" = ["SR407", "SR1"] }\n'
    )
    config = load_config(tmp_path / "systemsreview.toml")
    everything = frozenset(RULES)
    legacy = str(tmp_path / "legacy" / "a.json")
    assert config.codes(legacy, "x") == everything - {c for c in RULES if c.startswith("SR3")}
    assert {"SR301", "SR305", "SR307"} <= {c for c in RULES if c.startswith("SR3")}
    assert config.codes(str(tmp_path / "new" / "a.json"), "x") == everything
    assert "SR407" not in config.codes(None, "rapid-7")
    assert not {c for c in config.codes(None, "rapid-7") if c.startswith("SR1")}


def test_configuration_is_found_walking_up(tmp_path: Path) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[tool.systemsreview]\nignore = ['SR4']\n")
    (tmp_path / "a" / "pyproject.toml").write_text("[project]\nname = 'unrelated'\n")
    assert find_config(deep / "r.json") == tmp_path / "pyproject.toml"
    (deep / "systemsreview.toml").write_text("")
    assert find_config(deep / "r.json") == deep / "systemsreview.toml"


def write_late(folder: Path) -> Path:
    late = attrs.evolve(domestic_abuse_review(), completed="2012-01-02", published=None)
    path = folder / "late.json"
    review_json.dump(late, path)
    return path


def test_configuration_sets_policy_severity_and_acceptance(tmp_path: Path) -> None:
    path = write_late(tmp_path)
    [found] = lint([str(path)], isolated=True).diagnostics
    assert (found.code, found.severity, found.location.json_path) == (
        "SR304",
        Severity.WARNING,
        "$.completed",
    )
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[tool.systemsreview]\nseverity = { SR304 = 'error' }\n"
        "[[tool.systemsreview.accept]]\nreview = 'lscb-*'\ncode = 'SR304'\n"
        "reason = 'delayed by the criminal trial'\n"
    )
    [found] = lint([str(path)]).diagnostics
    assert found.severity is Severity.ERROR
    assert found.accepted == "delayed by the criminal trial"
    config.write_text(
        "[tool.systemsreview.timescales]\n"
        "serious_case_review = { start = 'decided', months = 12 }\n"
    )
    assert lint([str(path)]).diagnostics == []
    config.write_text("[tool.systemsreview.timescales]\nserious_case_review = false\n")
    assert lint([str(path)]).diagnostics == []
    config.write_text(
        "[tool.systemsreview.timescales]\n"
        "serious_case_review = { start = 'decided', months = 6, until = 'published' }\n"
    )
    assert load_config(config).policy.timescales[ReviewKind.SERIOUS_CASE_REVIEW].until == (
        "published"
    )
    assert lint([str(path)], overrides=Overrides(ignore=("SR3",)), isolated=True).diagnostics == []


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"decided": None}, "$.decided"),
        ({"completed": None}, "$.completed"),  # published after the deadline
        ({"decided": None, "notified": None}, "$.decided"),
    ],
)
def test_untimed_reviews_point_at_the_missing_milestone(
    tmp_path: Path, changes: dict[str, Any], where: str
) -> None:
    path = tmp_path / "r.json"
    review_json.dump(attrs.evolve(domestic_abuse_review(), **changes), path)
    [found] = lint([str(path)], isolated=True).diagnostics
    assert (found.code, found.location.json_path) == ("SR305", where)


def test_accepting_by_subjects_is_precise(tmp_path: Path) -> None:
    review = domestic_abuse_review()
    broken = attrs.evolve(
        review, episodes=tuple(attrs.evolve(e, view_at_the_time="") for e in review.episodes)
    )
    path = tmp_path / "r.json"
    review_json.dump(broken, path)
    first = broken.episodes[0].id
    (tmp_path / "systemsreview.toml").write_text(
        f"[[accept]]\nreview = '{broken.id}'\ncode = 'SR409'\nreason = 'not recorded'\n"
        f"subjects = ['{first}']\n"
    )
    diagnostics = lint([str(path)]).diagnostics
    accepted = [d for d in diagnostics if d.accepted]
    assert [d.subjects for d in accepted] == [(first,)]
    assert len(diagnostics) == len(broken.episodes)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("selec = ['SR1']", "unknown key 'selec'; did you mean 'select'?"),
        ("select = ['SR9']", "'SR9' is not a rule code or prefix"),
        ("ignore = 'SR1O'", "not a rule code or prefix; did you mean"),
        ("severity = { SR102 = 'fatal' }", "expected 'error' or 'warning'"),
        ("severity = { SR1 = 'error' }", "give full codes"),
        ("as-of = 'soon'", "expected a date"),
        ("strict = 'yes'", "expected true or false"),
        ("[timescales]\nrapid_reveiw = false", "did you mean 'rapid_review'?"),
        ("[timescales]\nrapid_review = { start = 'decided' }", "give exactly one"),
        ("[timescales.rapid_review]\nstart = 'notified'\nweeks = 3", "unknown key 'weeks'"),
        (
            "[timescales]\nrapid_review = { start = 'notified', working-days = 15, until = 'x' }",
            "timescales.rapid_review.until: got 'x'",
        ),
        ("[[accept]]\nreview = 'r'\ncode = 'SR408'", "reason missing"),
        ("[[accept]]\nreview = 'r'\ncode = 'SR48'\nreason = 'x'", "not a rule code"),
        ("select = [", "not valid TOML"),
    ],
)
def test_bad_configuration_is_refused_clearly(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "systemsreview.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert words in str(caught.value)
    assert str(path) in str(caught.value)
    with pytest.raises(ConfigError):
        lint([str(write_late(tmp_path))])


def test_missing_configuration_file() -> None:
    with pytest.raises(ConfigError, match="cannot read configuration"):
        lint(["example"], config="no/such/pyproject.toml")


def test_inputs_folders_globs_and_datasets(tmp_path: Path) -> None:
    write_late(tmp_path)
    (tmp_path / "sub").mkdir()
    review_json.dump(domestic_abuse_review(), tmp_path / "sub" / "clean.json")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.json").write_text("not json")
    parquet.write(
        tmp_path / "corpus", [attrs.evolve(domestic_abuse_review(), completed="2011-04-01")]
    )
    result = lint([str(tmp_path)], isolated=True)
    assert result.summary.sources == 3
    assert result.summary.reviews == 3
    by_source = {Path(d.location.source).name: d for d in result.diagnostics}
    assert by_source["corpus"].location.dataset
    assert by_source["corpus"].location.review_id == "lscb-2011-da"
    assert str(by_source["corpus"].location).startswith(f"{tmp_path / 'corpus'}:lscb-2011-da:")
    globbed = lint([str(tmp_path / "**" / "*.json")], isolated=True)
    # The glob matches the dataset's manifest: the dataset is checked, not its manifest.
    assert (globbed.summary.sources, globbed.summary.reviews) == (3, 3)
    assert globbed.summary.unreadable == 0


@pytest.mark.parametrize(
    ("content", "code", "words"),
    [
        (b'{"format_version": 1, "id": ', "SR002", "not valid JSON"),
        (b"\xff\xfe{}", "SR002", "not UTF-8"),
        (b"[1, 2]", "SR003", "not a JSON object"),
        (b'{"id": "x"}', "SR003", "format_version"),
        (b'{"format_version": 99}', "SR003", "newer than version"),
    ],
)
def test_unreadable_documents_are_diagnostics(
    tmp_path: Path, content: bytes, code: str, words: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    [found] = lint([str(path)], isolated=True).diagnostics
    assert (found.code, found.severity, found.is_load_error) == (code, Severity.ERROR, True)
    assert words in found.message


def test_review_problems_are_each_located(tmp_path: Path) -> None:
    document = json.loads(review_json.dumps(domestic_abuse_review(), indent=2))
    document["episodes"][2]["appraisal"] = "so-so"
    document["agencies"][0]["sector"] = "space"
    path = tmp_path / "invalid.json"
    path.write_text(json.dumps(document, indent=2))
    found = lint([str(path)], isolated=True).diagnostics
    assert {d.location.json_path for d in found} == {
        "$.episodes[2].appraisal",
        "$.agencies[0].sector",
    }
    lines = path.read_text().splitlines()
    for d in found:
        assert d.code == "SR003"
        assert d.location.line is not None
        assert d.location.json_path.rsplit(".", 1)[1] in lines[d.location.line - 1]


def test_help_urls_point_at_real_headings_of_the_documentation_site() -> None:
    root = Path(__file__).parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert DOCS_URL.startswith(project["project"]["urls"]["Documentation"])

    def anchors(page: str) -> set[str]:
        text = (root / "docs" / f"{page}.md").read_text(encoding="utf-8")
        headings = re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
        return {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}

    for code in [*RULES, *LOAD_CODES]:
        page, anchor = help_url(code).removeprefix(DOCS_URL + "/").split("/#")
        assert anchor in anchors(page), code
