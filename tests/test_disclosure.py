"""Statistical disclosure control: no small count is published, nor one that reveals it."""

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import ModelError
from systemsreview.analytics import disclose

counts = st.lists(st.integers(0, 40), min_size=1, max_size=12)


@st.composite
def crosstab(draw: st.DrawFn) -> pa.Table:
    years = draw(st.integers(1, 4))
    bands = draw(st.integers(1, 5))
    cells = draw(st.lists(st.integers(0, 20), min_size=years * bands, max_size=years * bands))
    return pa.table(
        {
            "year": [2019 + i // bands for i in range(years * bands)],
            "band": [f"b{i % bands}" for i in range(years * bands)],
            "reviews": pa.array(cells, pa.int64()),
        }
    )


@given(counts, st.integers(1, 10))
def test_no_small_count_is_published(values: list[int], threshold: int) -> None:
    table = pa.table({"key": [str(i) for i in range(len(values))], "n": values})
    out = disclose(table, counts=["n"], threshold=threshold)
    for before, after, hidden in zip(
        values, out["n"].to_pylist(), out["suppressed"].to_pylist(), strict=True
    ):
        assert hidden == (0 < before < threshold)
        assert after == (None if hidden else before)


@given(crosstab())
def test_secondary_suppression_leaves_no_group_with_one_hidden_cell(table: pa.Table) -> None:
    out = disclose(table, counts=["reviews"], groups=[["year"], ["band"]])
    rows = out.to_pylist()
    for key in ("year", "band"):
        for value in {r[key] for r in rows}:
            hidden = [r for r in rows if r[key] == value and r["suppressed"]]
            shown = [r for r in rows if r[key] == value and not r["suppressed"]]
            assert len(hidden) != 1 or not shown
    for before, after in zip(table.to_pylist(), rows, strict=True):
        if 0 < before["reviews"] < 5:
            assert after["suppressed"]
        if not after["suppressed"]:
            assert after["reviews"] == before["reviews"]
    again = disclose(table, counts=["reviews"], groups=[["year"], ["band"]])
    assert again.equals(out)


def test_derived_columns_go_with_their_counts() -> None:
    table = pa.table({"pattern": ["a", "b"], "reviews": [2, 30], "share": [0.02, 0.3]})
    out = disclose(table, counts=["reviews"], derived=["share"]).to_pylist()
    assert out == [
        {"pattern": "a", "reviews": None, "share": None, "suppressed": True},
        {"pattern": "b", "reviews": 30, "share": 0.3, "suppressed": False},
    ]


def test_a_row_goes_whole_when_any_count_is_small() -> None:
    table = pa.table({"k": ["x"], "reviews": [3], "findings": [12]})
    assert disclose(table, counts=["reviews", "findings"]).to_pylist() == [
        {"k": "x", "reviews": None, "findings": None, "suppressed": True}
    ]


def test_zeros_are_published_unless_asked() -> None:
    table = pa.table({"k": ["x", "y"], "n": [0, 9]})
    assert disclose(table, counts=["n"])["n"].to_pylist() == [0, 9]
    assert disclose(table, counts=["n"], zeros_safe=False)["n"].to_pylist() == [None, 9]


def test_rounding_to_a_base() -> None:
    table = pa.table({"k": list("abcde"), "n": [0, 2, 3, 7, 12], "share": [0.0] * 5})
    out = disclose(table, counts=["n"], derived=["share"], method="round")
    assert out.column_names == ["k", "n"]
    assert out["n"].to_pylist() == [0, 0, 5, 5, 10]
    assert out.schema.field("n").type == pa.int64()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"counts": []}, "name the count columns"),
        ({"counts": ["m"]}, "count column 'm' is not in the table"),
        ({"counts": ["k"]}, "not whole numbers"),
        ({"counts": ["n"], "derived": ["share"]}, "derived column 'share'"),
        ({"counts": ["n"], "groups": [["year"]]}, "group column 'year'"),
        ({"counts": ["n"], "threshold": 0}, "threshold and base"),
        ({"counts": ["n"], "method": "blur"}, "method must be"),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], message: str) -> None:
    table = pa.table({"k": ["x"], "n": [1]})
    with pytest.raises(ModelError, match=message):
        disclose(table, **options)  # type: ignore[arg-type]
