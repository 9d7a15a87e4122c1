"""Agreement measures equal independent implementations and the papers' worked examples."""

import json
import math
from pathlib import Path

import attrs
import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from statsmodels.stats import inter_rater

from systemsreview import ModelError
from systemsreview.agreement import (
    agreement,
    codings_from_reviews,
    cohen_kappa,
    criterion_validity,
    disagreements,
    fleiss_kappa,
    intra_rater,
    krippendorff_alpha,
    percent_agreement,
)
from systemsreview.cli import main
from systemsreview.examples import domestic_abuse_review, hidden_child_review
from systemsreview.io import json as review_json
from systemsreview.model import Finding, Pattern, Review
from systemsreview.strategies import codings, expected_agreement

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", the nominal example.
K2011 = {
    "A": "1 2 3 3 2 1 4 1 2 . . .",
    "B": "1 2 3 3 2 2 4 1 2 5 . 3",
    "C": ". 3 3 3 2 3 4 2 2 5 1 .",
    "D": "1 2 3 3 2 4 4 1 2 5 1 .",
}


def k2011() -> dict[str, dict[str, str]]:
    return {
        coder: {f"u{i:02d}": v for i, v in enumerate(row.split()) if v != "."}
        for coder, row in K2011.items()
    }


def matrix(data: dict[str, dict[str, str]]) -> tuple[np.ndarray, list[str]]:
    """The reliability matrix the krippendorff package takes (coders x units, NaN missing)."""
    units = sorted({u for coded in data.values() for u in coded})
    codes = sorted({c for coded in data.values() for c in coded.values()})
    index = {c: float(i) for i, c in enumerate(codes)}
    rows = [[index[coded[u]] if u in coded else np.nan for u in units] for coded in data.values()]
    return np.array(rows), codes


def close(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_krippendorff_2011_worked_example() -> None:
    assert round(krippendorff_alpha(k2011()), 3) == 0.743


@given(codings(missing=0.3))
def test_alpha_equals_the_krippendorff_package(data: dict[str, dict[str, str]]) -> None:
    reliability, codes = matrix(data)
    pairable = (~np.isnan(reliability)).sum(axis=0) >= 2
    if (
        pairable.sum() == 0
        or len({c for c in reliability[:, pairable].ravel() if not np.isnan(c)}) < 2
    ):
        assert math.isnan(krippendorff_alpha(data))
        return
    expected = krippendorff.alpha(
        reliability_data=reliability, level_of_measurement="nominal", value_domain=range(len(codes))
    )
    assert close(krippendorff_alpha(data), expected)


@given(codings(coders=2))
def test_cohen_equals_statsmodels(data: dict[str, dict[str, str]]) -> None:
    first, second = data.values()
    codes = sorted({*first.values(), *second.values()})
    table = np.zeros((len(codes), len(codes)))
    for unit, code in first.items():
        table[codes.index(code), codes.index(second[unit])] += 1
    ours = cohen_kappa(data)
    if len(codes) == 1:
        assert math.isnan(ours)
        return
    with np.errstate(divide="ignore", invalid="ignore"):
        theirs = inter_rater.cohens_kappa(table, return_results=False)
    assert close(ours, float(theirs))


@given(codings())
def test_fleiss_equals_statsmodels(data: dict[str, dict[str, str]]) -> None:
    units = sorted(next(iter(data.values())))
    rows = [[coded[u] for coded in data.values()] for u in units]
    counts, _ = inter_rater.aggregate_raters(np.array(rows, dtype=object))
    with np.errstate(divide="ignore", invalid="ignore"):
        theirs = inter_rater.fleiss_kappa(counts, method="fleiss")
    assert close(fleiss_kappa(data), float(theirs))


@given(codings())
def test_percent_agreement_counts_agreeing_pairs(data: dict[str, dict[str, str]]) -> None:
    coders = list(data)
    agree = pairs = 0
    for unit in next(iter(data.values())):
        for i, a in enumerate(coders):
            for b in coders[i + 1 :]:
                pairs += 1
                agree += data[a][unit] == data[b][unit]
    assert close(percent_agreement(data), agree / pairs)


@pytest.mark.parametrize("accuracy", [0.0, 0.3, 0.7, 1.0])
def test_codings_hit_the_expected_agreement(accuracy: float) -> None:
    found = []

    @settings(max_examples=5, database=None)
    @given(codings(units=3000, coders=2, accuracy=accuracy))
    def measure(data: dict[str, dict[str, str]]) -> None:
        found.append(percent_agreement(data))

    measure()
    expected = expected_agreement(accuracy, 4)
    assert all(abs(value - expected) < 0.04 for value in found), (found, expected)


def test_agreement_report_per_depth_with_intervals() -> None:
    data = {
        "r1": {"f1": "frontline.team.culture", "f2": "frontline.family", "f3": "national.law"},
        "r2": {"f1": "frontline.team.supervision", "f2": "frontline.role", "f3": "national.law"},
    }
    table = agreement(data, depths=("level", "category", "code"), resamples=200)
    rows = {(r["depth"], r["measure"]): r for r in table.to_pylist()}
    assert rows["level", "percent_agreement"]["value"] == 1.0
    assert rows["category", "percent_agreement"]["value"] == pytest.approx(2 / 3)
    assert rows["code", "percent_agreement"]["value"] == pytest.approx(1 / 3)
    assert rows["level", "cohen_kappa"]["value"] == 1.0
    for row in table.to_pylist():
        assert row["units"] == 3
        assert row["coders"] == 2
        if row["value"] is not None and row["low"] is not None:
            assert row["low"] <= row["high"]
    assert table.equals(agreement(data, depths=("level", "category", "code"), resamples=200))


def test_interval_narrows_with_more_units() -> None:
    def width(units: int) -> float:
        widths = []

        @settings(max_examples=1, database=None)
        @given(codings(units=units, coders=2, accuracy=0.6))
        def measure(data: dict[str, dict[str, str]]) -> None:
            row = agreement(data, measures=["krippendorff_alpha"], resamples=300).to_pylist()[0]
            widths.append(row["high"] - row["low"])

        measure()
        return widths[0]

    assert width(1000) < width(40)


def test_undefined_values_are_null() -> None:
    same = {"a": {"u": "x", "v": "x"}, "b": {"u": "x", "v": "x"}}
    assert percent_agreement(same) == 1.0
    assert math.isnan(krippendorff_alpha(same))
    assert math.isnan(cohen_kappa(same))
    row = agreement(same, measures=["krippendorff_alpha"], resamples=10).to_pylist()[0]
    assert row["value"] is None


def test_intra_rater_and_criterion_validity() -> None:
    first = {"u1": "a", "u2": "b", "u3": "c"}
    second = {"u1": "a", "u2": "b", "u3": "a"}
    table = intra_rater(first, second, resamples=0)
    assert {r["measure"]: r["value"] for r in table.to_pylist()}["percent_agreement"] == 2 / 3
    validity = criterion_validity(
        {"ref": first, "c1": second, "c2": first}, "ref", resamples=0
    ).to_pylist()
    by = {(r["coder"], r["measure"]): r["value"] for r in validity}
    assert by["c1", "percent_agreement"] == 2 / 3
    assert by["c2", "percent_agreement"] == 1.0
    with pytest.raises(ModelError, match="no coder 'gold'"):
        criterion_validity({"ref": first, "c1": second}, "gold")


def test_codings_from_two_coders_versions_of_a_review() -> None:
    review = domestic_abuse_review()
    factor = next(
        f for f in review.factors if f.category != "frontline.personal" and f.level == "frontline"
    )
    recoded = attrs.evolve(factor, category="frontline.personal")
    other = attrs.evolve(
        review, factors=tuple(recoded if f is factor else f for f in review.factors)
    )
    data = codings_from_reviews({"ann": review, "bob": other}, "factor_category")
    assert data["ann"][factor.id] == factor.category
    different = disagreements(data).to_pylist()
    assert different == [
        {"unit": factor.id, "coder": "ann", "code": factor.category},
        {"unit": factor.id, "coder": "bob", "code": "frontline.personal"},
    ]
    patterns = codings_from_reviews({"ann": review, "bob": review}, "finding_pattern")
    assert percent_agreement(patterns) == 1.0


def test_finding_patterns_agree_on_the_same_set_in_any_order() -> None:
    review = hidden_child_review()
    both = next(f for f in review.findings if f.other_patterns)
    swapped = attrs.evolve(both, pattern=both.other_patterns[0], other_patterns=(both.pattern,))
    fewer = attrs.evolve(both, other_patterns=(), sub_patterns=())

    def with_finding(finding: Finding) -> Review:
        return attrs.evolve(
            review, findings=tuple(finding if f.id == both.id else f for f in review.findings)
        )

    same = codings_from_reviews({"ann": review, "bob": with_finding(swapped)}, "finding_patterns")
    assert percent_agreement(same) == 1.0
    # the primary pattern alone sees a disagreement where the set is the same
    primary = codings_from_reviews({"ann": review, "bob": with_finding(swapped)}, "finding_pattern")
    assert percent_agreement(primary) < 1.0
    # one pattern fewer is a disagreement on the set, not on the primary pattern
    sets = codings_from_reviews({"ann": review, "bob": with_finding(fewer)}, "finding_patterns")
    assert [r["code"] for r in disagreements(sets).to_pylist()] == [
        "+".join(p.value for p in Pattern if p in both.patterns),  # in the vocabulary's order
        both.pattern.value,
    ]
    assert (
        percent_agreement(
            codings_from_reviews({"ann": review, "bob": with_finding(fewer)}, "finding_pattern")
        )
        == 1.0
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: percent_agreement({"only": {"u": "a"}}), "two coders or more"),
        (lambda: percent_agreement([("a", {})]), "expected a mapping"),  # type: ignore[arg-type]
        (lambda: percent_agreement({"a": {"u": 1}, "b": {}}), "is not a string"),  # type: ignore[dict-item]
        (lambda: percent_agreement({"a": ["u"], "b": {}}), "mapping of unit"),  # type: ignore[dict-item]
        (lambda: cohen_kappa({"a": {}, "b": {}, "c": {}}), "exactly two coders"),
        (lambda: agreement({"a": {}, "b": {}}, depths=["deep"]), "depth must be one of"),
        (lambda: agreement({"a": {}, "b": {}}, measures=["kappa"]), "no measure 'kappa'"),
        (lambda: agreement({"a": {}, "b": {}}, confidence=1.5), "confidence"),
        (lambda: agreement({"a": {"u": "x"}, "b": {"u": "y"}}, depths=["level"]), "registered"),
        (lambda: codings_from_reviews({}, "colour"), "coded must be one of"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_refused_with_a_reason(call: object, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        call()  # type: ignore[operator]


@given(codings(missing=0.2))
def test_measures_are_bounded(data: dict[str, dict[str, str]]) -> None:
    p = percent_agreement(data)
    assert math.isnan(p) or 0 <= p <= 1
    for value in (fleiss_kappa(data), krippendorff_alpha(data)):
        assert math.isnan(value) or value <= 1 + 1e-12


def test_agreement_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = ["coder,unit,code"] + [
        f"{coder},{unit},{code}" for coder, coded in k2011().items() for unit, code in coded.items()
    ]
    (tmp_path / "k2011.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    args = ["agreement", str(tmp_path / "k2011.csv"), "--resamples", "50", "--format", "json"]
    assert main(args) == 0
    table = {r["measure"]: r for r in json.loads(capsys.readouterr().out)}
    assert round(table["krippendorff_alpha"]["value"], 3) == 0.743
    assert table["krippendorff_alpha"]["units"] == 11
    (tmp_path / "c.json").write_text(json.dumps(k2011()), encoding="utf-8")
    assert (
        main(["agreement", str(tmp_path / "c.json"), "--reference", "A", "--resamples", "0"]) == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == [
        "coder",
        "depth",
        "measure",
        "value",
        "low",
        "high",
        "units",
        "coders",
    ]


def test_agreement_of_review_versions_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = domestic_abuse_review()
    review_json.dump(review, tmp_path / "ann.json")
    review_json.dump(review, tmp_path / "bob.json")
    files = [str(tmp_path / "ann.json"), str(tmp_path / "bob.json")]
    args = ["agreement", *files, "--coded", "factor_category", "--depth", "level"]
    assert main([*args, "--depth", "code", "--format", "csv", "--resamples", "10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == '"depth","measure","value","low","high","units","coders"'
    assert any(line.startswith('"level","percent_agreement",1') for line in lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("coder,unit\nA,u1\n", "needs the columns coder, unit, code"),
        ("coder,unit,code\nA,u1,x\nA,u1,y\n", "codes unit 'u1' twice"),
        ("coder,unit,code\n,u1,x\n", "needs a coder and a unit"),
    ],
)
def test_bad_codings_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["agreement", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_unreadable_codings_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "b.json").write_text("{not json", encoding="utf-8")
    for name, message in (("a.json", "coder -> {unit: code}"), ("b.json", "not a CSV or JSON")):
        assert main(["agreement", str(tmp_path / name)]) == 2
        assert message in capsys.readouterr().err
    assert main(["agreement", str(tmp_path / "none.csv")]) == 2
    assert "cannot read the codings" in capsys.readouterr().err
    (tmp_path / "c.json").write_text(json.dumps(k2011()), encoding="utf-8")
    assert main(["agreement", str(tmp_path / "c.json"), str(tmp_path / "c.json")]) == 2
    assert "appears in an earlier file too" in capsys.readouterr().err
