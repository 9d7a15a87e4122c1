"""The second worked example: a recommendation-style review written from the public record."""

from __future__ import annotations

from pathlib import Path

import pytest

from systemsreview import LinkKind, Method, Pattern, cli
from systemsreview.examples import EXAMPLES, hidden_child_review
from systemsreview.io import diagram, parquet, report
from systemsreview.io import json as review_json
from systemsreview.lint import lint
from systemsreview.rules import Policy, check, redact


def test_check_gives_only_the_warning_a_reviewer_would_agree_with() -> None:
    review = hidden_child_review()
    assert [(v.code, v.subjects) for v in check(review)] == [("SR305", (review.id,))]
    # judged later, the board's missing responses are reported too: nothing was recorded
    late = {v.code for v in check(review, policy=Policy(as_of="2014-06-01"))}
    assert late == {"SR305", "SR601"}


def test_it_is_a_recommendation_style_review_of_a_death() -> None:
    review = hidden_child_review()
    assert review.method is Method.INDIVIDUAL_MANAGEMENT_REVIEWS
    assert review.incident.value == "death"
    assert not any(f.questions for f in review.findings)  # recommendations, not questions
    for finding in review.findings:
        assert any(x.kind is LinkKind.RESTS_ON for x in review.links_to(finding.id))
    assert {f.pattern for f in review.findings} == {
        Pattern.FAMILY_PROFESSIONAL,
        Pattern.INCIDENTS_AND_CRISES,
    }
    assert {f.level.value for f in review.factors} == {"frontline", "local_strategic"}
    assert review.scope.start.year == 2006


def test_roles_never_names() -> None:
    review = hidden_child_review()
    assert {s.id for s in review.subjects} == {"child", "sibling"}
    assert {m.role.value for m in review.family} == {"mother", "mothers_partner"}


def test_round_trips(tmp_path: Path) -> None:
    review = hidden_child_review()
    assert review_json.loads(review_json.dumps(review)) == review
    parquet.write(tmp_path / "ds", review)
    assert parquet.read_review(tmp_path / "ds", review.id) == review


def test_every_bundled_example_is_valid_and_named_on_the_command_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, build in EXAMPLES.items():
        review = build()
        assert not [v for v in check(review) if v.severity.value == "error"], name
        assert cli.main(["check", f"example:{name}"]) == 0
    capsys.readouterr()
    assert cli.main(["show", "example:hidden-child"]) == 0
    assert "lscb-2013-hidden-child" in capsys.readouterr().out


def test_an_unknown_example_says_which_exist(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["show", "example:nope"]) == 2
    err = capsys.readouterr().err
    assert "no bundled example is called 'nope'" in err
    assert "example:hidden-child" in err
    result = lint(["example:nope"], isolated=True)
    assert [d.code for d in result.diagnostics] == ["SR001"]


def test_it_uses_what_format_5_added() -> None:
    review = hidden_child_review()
    precisions = {e.when_precision.value for e in review.events}
    assert precisions == {"day", "month", "year"}  # as the public record gives them
    assert review.scope.start_precision.value == "year"
    processes = [e.process for e in review.events if e.process]
    assert processes == ["referral", "strategy_discussion", "section_47_enquiry"]
    invisible = review.finding("finding-child-invisible")
    assert invisible.patterns == (Pattern.FAMILY_PROFESSIONAL, Pattern.HUMAN_REASONING)
    assert set(invisible.sub_patterns) == {"disguised_compliance", "rule_of_optimism"}
    placed = {(x.source, x.target) for x in review.links if x.kind is LinkKind.SITS_IN}
    assert ("f-school-escalation", "school") in placed
    assert [r.relation.value for r in review.related] == ["analysed_further_in"]
    assert [p.kind.value for p in review.parallel_proceedings] == ["criminal_trial"]
    assert review.delay_reason
    assert review.incident_on is not None
    views = {p.agency_id: p.status.value for p in review.episode("kpe-broken-arm").perspectives}
    assert views == {"hospital": "given", "csc": "given", "police": "not_recorded"}


def test_it_publishes_and_draws() -> None:
    review = hidden_child_review()
    public = redact(review, dates="month")
    assert public.delay_reason == ""
    assert public.incident_on is None
    assert {e.when_precision.value for e in public.events} <= {"month", "year"}
    assert check(public) == check(review)  # coarser dates never break a time rule
    svg = diagram.to_svg(review, loop=True, case=True)
    assert svg.startswith("<svg")
    assert "2006" in svg
    assert "Jan 2011" in svg
    assert "2006-01-01" not in svg
    assert "2011-01-01" not in svg
    page = report.to_html(review)
    assert "Deeper analysis of the case" in page
