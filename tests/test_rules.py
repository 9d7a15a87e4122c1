"""The rule registry, check(), select/ignore, Policy and the generated catalogue."""

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import systemsreview as sr
from systemsreview.errors import IntegrityError, ModelError
from systemsreview.examples import domestic_abuse_review
from systemsreview.model import ReviewKind
from systemsreview.rules import (
    DEFAULT_TIMESCALES,
    RULES,
    Policy,
    Severity,
    Timescale,
    Violation,
    catalogue_markdown,
    check,
    check_strict,
    select_rules,
)

DESIGN_CATALOGUE = {
    "SR101": ("duplicate-id", "error"),
    "SR102": ("dangling-link", "error"),
    "SR103": ("link-kind-mismatch", "error"),
    "SR104": ("self-link", "error"),
    "SR105": ("duplicate-link", "warning"),
    "SR201": ("causal-cycle", "error"),
    "SR202": ("effect-before-cause", "error"),
    "SR301": ("outside-scope", "warning"),
    "SR302": ("event-outside-episode", "error"),
    "SR303": ("milestone-order", "error"),
    "SR304": ("timescale", "warning"),
    "SR305": ("untimed", "warning"),
    "SR306": ("enquiry-without-strategy-discussion", "warning"),
    "SR307": ("late-initial-conference", "warning"),
    "SR401": ("finding-without-evidence", "error"),
    "SR402": ("finding-without-questions", "warning"),
    "SR403": ("not-a-question", "warning"),
    "SR404": ("unexplained-episode", "warning"),
    "SR405": ("orphan-factor", "warning"),
    "SR406": ("frontline-only-finding", "warning"),
    "SR407": ("no-good-practice", "warning"),
    "SR408": ("single-agency", "warning"),
    "SR409": ("missing-local-rationality", "warning"),
    "SR410": ("unknown-perspective-agency", "error"),
    "SR411": ("perspective-of-uninvolved-agency", "warning"),
    "SR412": ("national-factor-in-agency", "warning"),
    "SR501": ("no-independent-lead", "error"),
    "SR502": ("reviewer-conflict", "error"),
    "SR503": ("unknown-reviewer-agency", "error"),
    "SR601": ("no-response", "warning"),
    "SR602": ("overdue-action", "warning"),
    "SR603": ("action-owner", "warning"),
    "SR604": ("frontline-only-action", "warning"),
    "SR605": ("response-answers-no-question", "warning"),
    "SR701": ("late-notification", "warning"),
    "SR702": ("contradictory-case", "error"),
}


def test_registry_is_the_design_catalogue():
    assert {c: (r.name, r.severity.value) for c, r in RULES.items()} == DESIGN_CATALOGUE
    assert list(RULES) == sorted(RULES)


@pytest.mark.parametrize("code", sorted(DESIGN_CATALOGUE))
def test_every_rule_has_a_rationale_and_a_fact(code):
    rule = RULES[code]
    assert rule.code == code
    assert len(rule.rationale.split()) >= 12
    assert "\n" not in rule.rationale
    assert rule.holds


def test_public_names_are_re_exported():
    assert sr.check is check
    assert sr.check_strict is check_strict
    assert sr.RULES is RULES
    assert sr.Policy is Policy
    assert sr.Violation is Violation
    assert sr.Severity is Severity
    assert sr.redact is sr.rules.redact


def test_the_worked_example_is_sound():
    assert check(domestic_abuse_review()) == []


# Violation -------------------------------------------------------------------


def test_violation_orders_by_code_then_subjects():
    a = Violation(code="SR201", subjects=("b",), severity="error", message="z")
    b = Violation(code="SR102", subjects=("z",), severity="error", message="a")
    c = Violation(code="SR102", subjects=("a", "b"), severity="warning", message="m")
    assert sorted([a, b, c]) == [c, b, a]


def test_violation_is_frozen_and_readable():
    v = Violation(code="SR102", subjects="kpe-1", severity="error", message="dangles")
    assert v.subjects == ("kpe-1",)
    assert v.severity is Severity.ERROR
    assert str(v) == "SR102 error dangling-link: dangles"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        v.code = "SR101"  # type: ignore[misc]


# select / ignore ----------------------------------------------------------------


def test_select_by_code_and_prefix():
    assert [r.code for r in select_rules("SR2")] == ["SR201", "SR202"]
    assert [r.code for r in select_rules(["SR101", "SR5"])] == [
        "SR101",
        "SR501",
        "SR502",
        "SR503",
    ]
    assert [r.code for r in select_rules(ignore=["SR1", "SR2", "SR3", "SR4", "SR6"])] == [
        "SR501",
        "SR502",
        "SR503",
        "SR701",
        "SR702",
    ]
    assert len(select_rules()) == 36
    assert select_rules("SR", ignore="SR") == []


@pytest.mark.parametrize(
    ("argument", "value"),
    [("select", "SR8"), ("select", ["SR1", "SR999"]), ("ignore", "E501"), ("select", "sr1")],
)
def test_unknown_codes_are_rejected_clearly(argument, value):
    with pytest.raises(ModelError, match=r"is not a rule code or prefix.*SR101") as info:
        check(domestic_abuse_review(), **{argument: value})
    assert isinstance(info.value, ValueError)


def test_select_and_ignore_filter_the_violations():
    broken = attrs.evolve(domestic_abuse_review(), reviewers=(), completed="2011-01-01")
    assert {v.code for v in check(broken)} == {"SR303", "SR501"}
    assert {v.code for v in check(broken, select="SR3")} == {"SR303"}
    assert {v.code for v in check(broken, ignore="SR303")} == {"SR501"}


# strict -----------------------------------------------------------------------


def test_strict_raises_on_errors_with_every_violation():
    broken = attrs.evolve(domestic_abuse_review(), reviewers=(), completed="2012-01-01")
    with pytest.raises(IntegrityError) as info:
        check_strict(broken)
    assert [v.code for v in info.value.violations] == ["SR304", "SR501"]
    assert "SR501 error no-independent-lead: " in str(info.value)
    with pytest.raises(IntegrityError):
        check(broken, strict=True)


def test_strict_returns_warnings_only():
    late = attrs.evolve(domestic_abuse_review(), completed="2012-01-02", published=None)
    assert [v.code for v in check_strict(late)] == ["SR304"]


# Policy -----------------------------------------------------------------------


def test_policy_overrides_severity():
    late = attrs.evolve(domestic_abuse_review(), completed="2012-01-02", published=None)
    [v] = check(late, policy=Policy(severity={"SR304": "error"}))
    assert v.severity is Severity.ERROR
    with pytest.raises(IntegrityError):
        check_strict(late, policy=Policy(severity={"SR304": Severity.ERROR}))


def test_policy_rejects_unknown_codes_and_severities():
    with pytest.raises(ModelError, match="SR999"):
        check(domestic_abuse_review(), policy=Policy(severity={"SR999": "error"}))
    with pytest.raises(ModelError, match="'error' or 'warning'"):
        Policy(severity={"SR304": "fatal"})


def test_policy_as_of_takes_a_date_or_an_iso_string_and_nothing_else():
    assert Policy(as_of="2011-06-30").as_of == Policy(as_of=dt.date(2011, 6, 30)).as_of
    with pytest.raises(ModelError, match=r"Policy\.as_of: got '2011-13-01'"):
        Policy(as_of="2011-13-01")
    with pytest.raises(ModelError, match=r"Policy\.as_of"):
        Policy(as_of=dt.datetime(2011, 6, 30, 9))


def test_timescales_are_data():
    assert DEFAULT_TIMESCALES[ReviewKind.SERIOUS_CASE_REVIEW] == Timescale("decided", months=6)
    assert DEFAULT_TIMESCALES[ReviewKind.LOCAL_PRACTICE_REVIEW] == Timescale(
        "decided", months=6, until="published"
    )
    assert DEFAULT_TIMESCALES[ReviewKind.RAPID_REVIEW] == Timescale("notified", working_days=15)
    late = attrs.evolve(domestic_abuse_review(), completed="2012-01-02", published=None)
    generous = Policy(timescales={ReviewKind.SERIOUS_CASE_REVIEW: Timescale("decided", months=9)})
    assert check(late, policy=generous) == []
    assert check(late, policy=Policy(timescales={"serious_case_review": None})) == []
    assert check(late, policy=Policy(editions=())) == []
    assert [v.code for v in check(late, policy=Policy(timescales={}))] == ["SR304"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"start": "published", "months": 6}, "Timescale.start"),
        ({"start": "decided"}, "exactly one"),
        ({"start": "decided", "months": 6, "working_days": 3}, "exactly one"),
        ({"start": "decided", "months": -1}, "Timescale.months"),
        ({"start": "decided", "months": 6, "until": "decided"}, "Timescale.until"),
    ],
)
def test_bad_timescales_are_rejected(kwargs, match):
    with pytest.raises(ModelError, match=match):
        Timescale(**kwargs)


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        ("2024-03-01", "2024-03-22"),  # Friday: three whole weeks
        ("2024-03-04", "2024-03-25"),  # Monday
        ("2024-03-06", "2024-03-27"),  # Wednesday
        ("2024-03-02", "2024-03-22"),  # Saturday counts from the Friday
        ("2024-03-03", "2024-03-22"),  # Sunday too
    ],
)
def test_fifteen_working_days(start, deadline):
    scale = Timescale("notified", working_days=15)
    assert scale.deadline(dt.date.fromisoformat(start)) == dt.date.fromisoformat(deadline)


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(1, 40))
def test_working_days_skip_weekends(start, days):
    end = Timescale("notified", working_days=days).deadline(start)
    assert end.weekday() < 5
    between = [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(day.weekday() < 5 for day in between) == days


@pytest.mark.parametrize(
    ("start", "deadline"),
    [("2011-05-31", "2011-11-30"), ("2011-08-31", "2012-02-29"), ("2011-09-15", "2012-03-15")],
)
def test_six_calendar_months(start, deadline):
    scale = Timescale("decided", months=6)
    assert scale.deadline(dt.date.fromisoformat(start)) == dt.date.fromisoformat(deadline)


def test_open_reviews_are_judged_as_of_the_policy_date():
    open_review = attrs.evolve(domestic_abuse_review(), completed=None, published=None)
    assert check(open_review) == []
    assert check(open_review, policy=Policy(as_of=dt.date(2011, 11, 30))) == []
    [v] = check(open_review, policy=Policy(as_of=dt.date(2011, 12, 1)))
    assert v.code == "SR304"
    assert "still open on 2011-12-01" in v.message


def test_rapid_review_timescale_counts_working_days():
    rapid = attrs.evolve(
        domestic_abuse_review(),
        kind=ReviewKind.RAPID_REVIEW,
        notified="2024-03-01",
        decided="2024-03-05",
        completed="2024-03-22",
        published=None,
    )
    assert check(rapid, select="SR304") == []
    [v] = check(attrs.evolve(rapid, completed="2024-03-25"), select="SR304")
    assert "16 working days" in v.message


def test_reviews_of_kinds_without_timescale_are_never_late():
    review = attrs.evolve(
        domestic_abuse_review(), kind=ReviewKind.LEARNING_REVIEW, completed="2030-01-01"
    )
    assert check(review, select=["SR304", "SR305"]) == []


def test_a_finished_review_without_a_decision_date_cannot_be_timed():
    undecided = attrs.evolve(
        domestic_abuse_review(), decided=None, completed="2030-01-01", published=None
    )
    assert check(undecided, select="SR304") == []
    [v] = check(undecided, select="SR305")
    assert "cannot be timed" in v.message
    assert "decided" in v.message
    assert check(undecided, ignore="SR305", select="SR3") == []
    [v] = check(undecided, select="SR305", policy=Policy(severity={"SR305": "error"}))
    assert v.severity is Severity.ERROR
    draft = attrs.evolve(undecided, notified=None, completed=None, published=None)
    assert check(draft, select=["SR304", "SR305"]) == []
    [v] = check(draft, select="SR305", policy=Policy(as_of="2012-01-01"))
    assert "neither its decision nor its notification date" in v.message


# the catalogue ------------------------------------------------------------------


def test_docs_catalogue_is_generated_from_the_registry():
    page = Path(__file__).parent.parent / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/rules.md is out of date: regenerate it with `python -m systemsreview.rules`"
    )


def test_catalogue_lists_every_rule():
    page = catalogue_markdown()
    for rule in RULES.values():
        assert f"| {rule.code} | {rule.name} | {rule.severity.value} |" in page
        assert f"### {rule.code} {rule.name}" in page
        assert rule.rationale in page


def test_write_catalogue(tmp_path):
    target = sr.rules.write_catalogue(tmp_path / "rules.md")
    assert target.read_text(encoding="utf-8") == catalogue_markdown()


# bank holidays ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nation", "start", "deadline"),
    [
        # Christmas 2020: 25 Dec (Fri), Boxing Day observed 28 Dec, New Year's Day 1 Jan.
        ("england_and_wales", "2020-12-18", "2021-01-13"),
        ("northern_ireland", "2020-12-18", "2021-01-13"),
        # Scotland adds 2 January (a Saturday in 2021, observed on Monday 4 January).
        ("scotland", "2020-12-18", "2021-01-14"),
        (None, "2020-12-18", "2021-01-08"),
        # Easter 2020: Good Friday 10 April everywhere; Easter Monday 13 April not in Scotland.
        ("england_and_wales", "2020-04-01", "2020-04-24"),
        ("scotland", "2020-04-01", "2020-04-23"),
        # St Patrick's Day (Tuesday 17 March 2020) only in Northern Ireland.
        ("northern_ireland", "2020-03-02", "2020-03-24"),
        ("england_and_wales", "2020-03-02", "2020-03-23"),
        # One-off: the state funeral of Queen Elizabeth II, Monday 19 September 2022.
        ("england_and_wales", "2022-09-09", "2022-10-03"),
        (None, "2022-09-09", "2022-09-30"),
    ],
)
def test_rapid_review_deadlines_know_bank_holidays(nation, start, deadline):
    policy = Policy(nation=nation)
    got = policy.deadline(ReviewKind.RAPID_REVIEW, dt.date.fromisoformat(start))
    assert got == dt.date.fromisoformat(deadline)
    rapid = attrs.evolve(
        domestic_abuse_review(),
        kind=ReviewKind.RAPID_REVIEW,
        notified=start,
        decided=None,
        completed=deadline,
        published=None,
    )
    assert check(rapid, select="SR304", policy=policy) == []
    late = attrs.evolve(rapid, completed=got + dt.timedelta(days=1))
    [v] = check(late, select="SR304", policy=policy)
    assert f"past its deadline {deadline}" in v.message


def test_default_nation_is_england_and_wales():
    assert Policy().nation == "england_and_wales"
    assert dt.date(2020, 12, 28) in Policy().holidays
    assert dt.date(2020, 12, 28) not in Policy(nation=None).holidays
    assert set(sr.rules.NATIONS) == {"england_and_wales", "scotland", "northern_ireland"}


def test_working_days_taken_exclude_bank_holidays():
    rapid = attrs.evolve(
        domestic_abuse_review(),
        kind=ReviewKind.RAPID_REVIEW,
        notified="2020-12-18",
        decided=None,
        completed="2021-01-15",
        published=None,
    )
    [v] = check(rapid, select="SR304")
    assert "it took 17 working days" in v.message  # 20 weekdays, 3 of them bank holidays
    [v] = check(rapid, select="SR304", policy=Policy(nation=None))
    assert "it took 20 working days" in v.message


@pytest.mark.parametrize("nation", ["wales", "England", "", "uk", 3, b"scotland"])
def test_unknown_nation_is_refused(nation):
    expected = r"Policy\.nation: got .*expected one of 'england_and_wales'"
    with pytest.raises(ModelError, match=expected):
        Policy(nation=nation)
    with pytest.raises(ModelError, match=r"BankHolidays\.nation"):
        sr.rules.BankHolidays(nation)
    with pytest.raises(ModelError, match=r"BankHolidays\.nation"):
        sr.rules.BankHolidays(None)


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.integers(1, 40),
    st.sampled_from([None, *sr.rules.NATIONS]),
)
def test_deadline_is_the_nth_working_day(start, days, nation):
    policy = Policy(nation=nation)
    end = Timescale("notified", working_days=days).deadline(start, policy.holidays)
    assert end.weekday() < 5
    assert end not in policy.holidays
    assert sr.rules.working_days_between(start, end, policy.holidays) == days
    assert sr.rules.working_days_between(start, end - dt.timedelta(days=1), policy.holidays) == (
        days - 1
    )
