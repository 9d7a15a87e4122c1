"""diff and patch: patch(a, diff(a, b)) == b, a stable JSON form, and clear refusals."""

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from systemsreview import ConflictError, FormatError, ModelError, diff, patch
from systemsreview.cli import main
from systemsreview.examples import domestic_abuse_review
from systemsreview.io import json as review_json
from systemsreview.model import Link, LinkKind, Review
from systemsreview.strategies import arbitrary_reviews, reviews
from systemsreview.versions import Change, Diff

COLLECTIONS = (
    "agencies",
    "practitioners",
    "events",
    "episodes",
    "factors",
    "findings",
    "sources",
    "links",
)


def plain(value: object) -> bool:
    """Whether ``value`` is built of JSON's own types only (no enum members, no dates)."""
    if isinstance(value, dict):
        return all(type(k) is str and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


@st.composite
def related(draw: st.DrawFn) -> tuple[Review, Review]:
    """Two versions of one review: items dropped, borrowed, edited and shuffled."""
    a = draw(arbitrary_reviews())
    other = draw(arbitrary_reviews())
    fields: dict[str, Any] = {}
    for name in COLLECTIONS:
        mine = [x for x in getattr(a, name) if draw(st.booleans()) or draw(st.booleans())]
        theirs = [x for x in getattr(other, name) if draw(st.booleans())]
        edited = []
        for original in mine:
            item = original
            if theirs and draw(st.booleans()):
                donor = draw(st.sampled_from(theirs))
                keep = {"source", "target", "kind"} if isinstance(item, Link) else {"id"}
                changes = {
                    f.name: getattr(donor, f.name)
                    for f in attrs.fields(type(item))
                    if f.name not in keep and draw(st.booleans())
                }
                try:
                    item = attrs.evolve(item, **changes)
                except ModelError:  # a level and a category that do not agree
                    item = original
            edited.append(item)
        merged = edited + theirs
        fields[name] = tuple(draw(st.permutations(merged)) if draw(st.booleans()) else merged)
    if draw(st.booleans()):
        fields["title"] = other.title
        fields["scope"] = other.scope
        fields["reviewers"] = other.reviewers
    return a, attrs.evolve(a, **fields)


@given(arbitrary_reviews(), arbitrary_reviews())
def test_patch_rebuilds_any_review_from_any_other(a: Review, b: Review) -> None:
    assert patch(a, diff(a, b)) == b


@given(related())
def test_patch_rebuilds_edited_versions(pair: tuple[Review, Review]) -> None:
    a, b = pair
    changes = diff(a, b)
    assert patch(a, changes) == b
    # through JSON text and back, as a review tool would store it
    assert patch(a, Diff.from_json(json.loads(json.dumps(changes.to_json())))) == b
    assert patch(a, changes.to_json()) == b
    # plain JSON values only: the document reads back equal, with no enum members in it
    assert json.loads(json.dumps(changes.to_json())) == changes.to_json()
    assert plain(changes.to_json())


@given(arbitrary_reviews())
def test_a_review_does_not_differ_from_itself(review: Review) -> None:
    assert not diff(review, review)
    assert patch(review, diff(review, review)) == review


@given(related())
def test_diff_is_stable_and_ordered(pair: tuple[Review, Review]) -> None:
    a, b = pair
    changes = diff(a, b)
    assert diff(a, b) == changes
    order = ["review", *COLLECTIONS]
    positions = [order.index(c.collection) for c in changes]
    assert positions == sorted(positions)
    ops = {"changed": 0, "removed": 0, "added": 1, "reordered": 2}
    for name in order:
        in_collection = [c for c in changes if c.collection == name]
        removed_first = [c.op == "removed" for c in in_collection]
        assert removed_first == sorted(removed_first, reverse=True)
        rank = [ops[c.op] for c in in_collection if c.op != "removed"]
        assert rank == sorted(rank)


@given(reviews())
def test_field_changes_are_field_by_field(review: Review) -> None:
    episode = review.episodes[0]
    edited = attrs.evolve(episode, title=episode.title + " (revised)", hindsight="Seen later.")
    b = attrs.evolve(review, episodes=(edited, *review.episodes[1:]))
    changes = diff(review, b)
    assert [(c.op, c.key, c.field) for c in changes] == [
        ("changed", (episode.id,), f)
        for f in ("title", "hindsight")
        if getattr(episode, f) != getattr(edited, f)
    ]


def test_worked_example_changes_read_as_text() -> None:
    a = domestic_abuse_review()
    link = a.links[0]
    b = attrs.evolve(
        a,
        commissioner="Another board",
        links=(attrs.evolve(link, note="confirmed at interview"), *a.links[1:]),
        sources=a.sources[::-1],
    )
    text = diff(a, b).render().splitlines()
    assert (
        text[0] == "~ review commissioner: 'Local Safeguarding Children Board' -> 'Another board'"
    )
    assert any(line.startswith("~ links ") and "note:" in line for line in text)
    assert any(line.startswith("^ sources: new order ") for line in text)


def test_repeated_keys_match_by_occurrence() -> None:
    a = domestic_abuse_review()
    link = a.links[0]
    twice = attrs.evolve(a, links=(*a.links, link))
    changes = diff(a, twice)
    assert [(c.op, c.occurrence, c.index) for c in changes] == [("added", 1, len(a.links))]
    assert patch(a, changes) == twice
    assert patch(twice, diff(twice, a)) == a


def test_patch_refuses_a_diff_made_for_another_version() -> None:
    a = domestic_abuse_review()
    b = attrs.evolve(a, title="Second draft", episodes=a.episodes[1:])
    changes = diff(a, b)
    with pytest.raises(ConflictError, match=r"title.*another version"):
        patch(b, changes)
    without = attrs.evolve(a, episodes=a.episodes[1:])
    only_removal = Diff(tuple(c for c in changes if c.collection == "episodes"))
    with pytest.raises(ConflictError, match=f"no episodes item {a.episodes[0].id}"):
        patch(without, only_removal)


def test_patch_refuses_a_value_the_field_cannot_hold() -> None:
    a = domestic_abuse_review()
    episode = a.episodes[0]
    bad = Change(
        op="changed",
        collection="episodes",
        key=(episode.id,),
        field="appraisal",
        old=episode.appraisal.value,
        new="so-so",
    )
    with pytest.raises(FormatError, match="appraisal"):
        patch(a, [bad.to_json()])
    unknown = attrs.evolve(bad, field="colour", new="red")
    with pytest.raises(FormatError, match="no field 'colour'"):
        patch(a, Diff((unknown,)))


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({"op": "changed"}, "JSON array"),
        ([1], r"change \[0\]: expected a JSON object"),
        ([{"op": "moved", "collection": "links"}], "'op' must be one of"),
        ([{"op": "removed", "collection": "people"}], "'collection' must be one of"),
        ([{"op": "removed", "collection": "links", "key": "a"}], "'key' must be an array"),
        (
            [{"op": "removed", "collection": "links", "key": [], "occurrence": -1}],
            "'occurrence' must be",
        ),
        ([{"op": "added", "collection": "links", "key": ["a"]}], "needs an 'index'"),
        ([{"op": "changed", "collection": "review", "key": []}], "needs the 'field'"),
    ],
)
def test_from_json_refuses_malformed_diffs(doc: object, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        Diff.from_json(doc)


def test_an_added_item_must_be_an_item_of_its_collection() -> None:
    a = domestic_abuse_review()
    added = Change(
        op="added",
        collection="links",
        key=("x", "y", "involved"),
        index=0,
        new={"source": "x", "target": "y", "kind": "no-such-kind", "note": ""},
    )
    with pytest.raises(FormatError, match="not a Link"):
        patch(a, Diff((added,)))
    far = attrs.evolve(
        added,
        index=10_000,
        new={"source": "x", "target": "y", "kind": LinkKind.INVOLVED.value, "note": ""},
    )
    with pytest.raises(ConflictError, match="cannot add at position 10000"):
        patch(a, Diff((far,)))


def test_diff_takes_reviews_only() -> None:
    with pytest.raises(ModelError, match="b must be a Review"):
        diff(domestic_abuse_review(), "review.json")  # type: ignore[arg-type]


def test_diff_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = domestic_abuse_review()
    b = attrs.evolve(a, title="Second draft", sources=a.sources[:-1])
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    review_json.dump(a, old)
    review_json.dump(b, new)
    assert main(["diff", str(old), str(old)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["diff", str(old), str(new)]) == 1
    assert capsys.readouterr().out == diff(a, b).render() + "\n"
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    assert patch(a, json.loads(capsys.readouterr().out)) == b
    assert main(["diff", str(old), str(tmp_path / "missing.json")]) == 2
    assert "missing.json" in capsys.readouterr().err
