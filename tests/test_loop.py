"""The learning loop: recommendations, board responses and actions, and rules SR601-SR605."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemsreview import (
    Action,
    ActionStatus,
    Agency,
    Decision,
    Link,
    LinkKind,
    ModelError,
    Policy,
    Recommendation,
    Response,
    check,
    redact,
)
from systemsreview.examples import domestic_abuse_review
from systemsreview.graph import SCHEMA, allowed
from systemsreview.io.diagram import (
    CAUSAL_KINDS,
    CAUSAL_LINKS,
    LOOP_KINDS,
    LOOP_LINKS,
    to_dot,
    to_mermaid,
)
from systemsreview.io.report import to_html
from systemsreview.model import EntityKind
from systemsreview.rules._loop import judged_on, responded

REVIEW = domestic_abuse_review()
D = dt.date


def add(review, **more):
    return attrs.evolve(review, **{k: (*getattr(review, k), *v) for k, v in more.items()})


# --- model ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["planned", "in_progress", "dropped"])
def test_a_completed_day_belongs_to_a_done_action_only(status: str) -> None:
    with pytest.raises(ModelError, match=r"Action.completed of 'a': .* a done action only"):
        Action(id="a", what="w", status=status, completed="2012-01-01")
    assert Action(id="a", what="w", status="done", completed="2012-01-01").completed


@pytest.mark.parametrize("field", ["due", "completed"])
def test_an_action_s_days_do_not_come_before_it_was_agreed(field: str) -> None:
    with pytest.raises(ModelError, match=rf"Action.{field} of 'a': 2011-12-31 is before"):
        Action(id="a", what="w", status="done", agreed="2012-01-01", **{field: "2011-12-31"})
    same = Action(id="a", what="w", status="done", agreed="2012-01-01", **{field: "2012-01-01"})
    assert getattr(same, field) == D(2012, 1, 1)


@pytest.mark.parametrize(
    ("cls", "fields", "match"),
    [
        (Response, {"id": "r", "decision": "noted", "when": "2012-01-01"}, "Response.decision"),
        (Response, {"id": "r", "decision": "accepted", "when": "20120101"}, "Response.when"),
        (
            Response,
            {"id": "r", "decision": "accepted", "when": "2012-01-01", "answers": 3},
            "answers",
        ),
        (Action, {"id": "a", "what": " "}, "Action.what"),
        (Action, {"id": "a", "what": "w", "status": "finished"}, "Action.status"),
        (Action, {"id": "a", "what": "w", "due": dt.datetime(2012, 1, 1)}, "Action.due"),
        (Recommendation, {"id": "x", "statement": ""}, "Recommendation.statement"),
        (Recommendation, {"id": "x", "statement": "s", "addressee": None}, "addressee"),
    ],
)
def test_bad_loop_fields_are_refused_naming_the_field(cls: type, fields: dict, match: str) -> None:
    with pytest.raises(ModelError, match=match):
        cls(**fields)


def test_vocabularies_and_lookups() -> None:
    assert [d.value for d in Decision] == ["accepted", "partly_accepted", "not_accepted"]
    assert [s.value for s in ActionStatus] == ["planned", "in_progress", "done", "dropped"]
    assert REVIEW.response("res-board-voice-of-child").decision is Decision.ACCEPTED
    assert REVIEW.action("act-audit-engagement").status is ActionStatus.DONE
    assert REVIEW.kind_of("act-first-home-visits") is EntityKind.ACTION
    assert [k.plural for k in EntityKind][-5:-2] == ["recommendations", "responses", "actions"]


def test_the_schema_joins_the_loop_as_its_link_names_say() -> None:
    res, fi, act = EntityKind.RESPONSE, EntityKind.FINDING, EntityKind.ACTION
    assert allowed(LinkKind.RESPONDS_TO, res, fi)
    assert allowed(LinkKind.RESPONDS_TO, res, EntityKind.RECOMMENDATION)
    assert allowed(LinkKind.ADDRESSES, act, EntityKind.FACTOR)
    assert allowed(LinkKind.OWNED_BY, act, EntityKind.AGENCY)
    assert allowed(LinkKind.RESTS_ON, EntityKind.RECOMMENDATION, fi)
    assert allowed(LinkKind.ADDRESSED_TO, EntityKind.RECOMMENDATION, EntityKind.AGENCY)
    assert not allowed(LinkKind.OWNED_BY, res, EntityKind.AGENCY)
    assert not allowed(LinkKind.RESPONDS_TO, act, fi)
    assert set(SCHEMA) == set(LinkKind)


def test_a_link_of_the_wrong_kinds_is_sr103() -> None:
    broken = add(REVIEW, links=[Link("res-board-voice-of-child", "police", LinkKind.OWNED_BY)])
    assert [v.code for v in check(broken)] == ["SR103"]


# --- rules ------------------------------------------------------------------------------------


def test_the_example_is_judged_at_its_latest_day_or_the_policy_s() -> None:
    assert judged_on(REVIEW, Policy()) == D(2012, 9, 14)
    assert judged_on(REVIEW, Policy(as_of="2013-06-01")) == D(2013, 6, 1)
    bare = attrs.evolve(REVIEW, responses=(), actions=())
    assert judged_on(bare, Policy()) is None
    assert check(bare, select="SR6") == []  # no day to judge at: nothing is late


def test_overdue_only_after_the_due_day_and_only_while_open() -> None:
    assert check(REVIEW, policy=Policy(as_of="2012-12-31"), select="SR602") == []
    [late] = check(REVIEW, policy=Policy(as_of="2013-01-01"), select="SR602")
    assert late.subjects == ("act-first-home-visits",)
    for status in ("done", "dropped"):
        closed = attrs.evolve(
            REVIEW,
            actions=tuple(
                attrs.evolve(a, status=status) if a.id == "act-first-home-visits" else a
                for a in REVIEW.actions
            ),
        )
        assert check(closed, policy=Policy(as_of="2013-01-01"), select="SR602") == []


def test_response_days_are_policy_data() -> None:
    assert Policy().response_days == 90
    # The response came 52 days after publication.
    assert check(REVIEW, select="SR601") == []
    [late] = check(REVIEW, policy=Policy(response_days=30), select="SR601")
    assert "first answered on 2012-03-15, after the 30 days" in late.message
    with pytest.raises(ModelError, match=r"Policy\.response_days"):
        Policy(response_days=-1)
    with pytest.raises(ModelError, match=r"Policy\.response_days"):
        Policy(response_days=True)


def test_severities_of_the_loop_rules_can_be_raised() -> None:
    policy = Policy(as_of="2013-06-01", severity={"SR602": "error"})
    [v] = check(REVIEW, policy=policy)
    assert (v.code, v.severity.value) == ("SR602", "error")


def test_an_unpublished_review_owes_no_response() -> None:
    unpublished = attrs.evolve(REVIEW, published=None, responses=())
    assert check(unpublished, policy=Policy(as_of="2030-01-01"), select="SR601") == []


def test_a_recommendation_answered_answers_the_findings_it_rests_on() -> None:
    rec = Recommendation(id="rec-1", statement="Praise direct work with children")
    response = Response(id="res-2", decision="partly_accepted", when="2012-02-01")
    review = add(
        attrs.evolve(
            REVIEW,
            responses=(),
            links=tuple(k for k in REVIEW.links if k.kind is not LinkKind.RESPONDS_TO),
        ),
        recommendations=[rec],
        responses=[response],
        links=[
            Link("rec-1", "finding-voice-of-child", LinkKind.RESTS_ON),
            Link("res-2", "rec-1", LinkKind.RESPONDS_TO),
        ],
    )
    assert responded(review, "finding-voice-of-child") == D(2012, 2, 1)
    assert responded(review, "rec-1") == D(2012, 2, 1)
    assert check(review) == []  # a response to a recommendation quotes no question


def test_the_partnership_itself_may_own_an_action() -> None:
    board = Agency(id="lscb", name="Safeguarding board", sector="safeguarding_partnership")
    action = Action(id="act-3", what="Publish the learning", status="dropped")
    review = add(
        REVIEW,
        agencies=[board],
        actions=[action],
        links=[Link("act-3", "lscb", LinkKind.OWNED_BY)],
    )
    assert check(review) == []
    unowned = add(REVIEW, actions=[action])
    [v] = check(unowned)
    assert (v.code, v.subjects) == ("SR603", ("act-3",))


def test_question_matching_ignores_spacing_and_case() -> None:
    finding = REVIEW.finding("finding-voice-of-child")
    loose = "  " + finding.questions[2].upper().replace(" ", "   ") + " "
    review = attrs.evolve(
        REVIEW,
        responses=tuple(attrs.evolve(r, answers=(loose,)) for r in REVIEW.responses),
    )
    assert check(review, select="SR605") == []


@settings(max_examples=25, deadline=None)
@given(st.from_type(Action), st.from_type(Response), st.from_type(Recommendation))
def test_from_type_builds_valid_loop_entities(a: Action, r: Response, c: Recommendation) -> None:
    if a.completed is not None:
        assert a.status is ActionStatus.DONE
    for day in (a.due, a.completed):
        assert a.agreed is None or day is None or a.agreed <= day
    assert isinstance(r.answers, tuple)
    assert c.statement.strip()


# --- publishing -------------------------------------------------------------------------------


def test_redaction_keeps_the_loop() -> None:
    public = redact(REVIEW)
    assert public.responses == REVIEW.responses
    assert public.actions == REVIEW.actions
    assert {k for k in REVIEW.links if k.kind is LinkKind.ADDRESSES} <= set(public.links)


def test_diagrams_mark_the_loop_beside_the_findings() -> None:
    plain = to_mermaid(REVIEW)
    assert "act_" not in plain
    assert "classDef loop" not in plain
    loop = to_mermaid(REVIEW, kinds=CAUSAL_KINDS | LOOP_KINDS, links=CAUSAL_LINKS | LOOP_LINKS)
    assert 'subgraph loop["Learning loop' in loop
    assert "Action (in progress, due 2012-12-31)" in loop.replace("<br/>", " ")
    assert "class res_board_voice_of_child,act_audit_engagement,act_first_home_visits loop" in loop
    dot = to_dot(REVIEW, kinds=CAUSAL_KINDS | LOOP_KINDS, links=CAUSAL_LINKS | LOOP_LINKS)
    assert "cluster_loop" in dot
    assert "act_first_home_visits -> f_throughput_culture [style=dashed];" in dot


def test_the_report_shows_each_finding_s_response_and_actions() -> None:
    page = to_html(REVIEW)
    assert '<section id="loop"' in page
    assert "<strong>Accepted</strong> on 2012-03-15" in page
    assert "in progress, due 2012-12-31" in page
    assert "overdue" not in page  # not at the latest day the review records
    late = attrs.evolve(
        REVIEW,
        actions=tuple(
            attrs.evolve(a, due=D(2012, 6, 30)) if a.id == "act-first-home-visits" else a
            for a in REVIEW.actions
        ),
    )
    assert "<strong>overdue</strong>" in to_html(late)
    bare = attrs.evolve(REVIEW, responses=(), actions=())
    assert "No response recorded." in to_html(bare)


def test_the_response_days_can_be_configured() -> None:
    from systemsreview.lint._config import ConfigError, parse_config  # noqa: PLC0415

    assert parse_config({"response-days": 30}, None, "pyproject.toml").policy.response_days == 30
    assert parse_config({}, None, "pyproject.toml").policy.response_days == 90
    for bad in (-1, "90", True):
        with pytest.raises(ConfigError, match="response-days"):
            parse_config({"response_days": bad}, None, "pyproject.toml")


def test_a_response_deadline_past_the_end_of_the_calendar_is_never_late() -> None:
    """Publication in the last days of year 9999: the deadline overflows, nothing is late."""
    review = attrs.evolve(domestic_abuse_review(), published=dt.date(9999, 12, 1), responses=())
    assert "SR601" not in {v.code for v in check(review, select="SR6")}
