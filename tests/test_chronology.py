"""The chronology of format 5: dates to the day, month or year, and typed statutory processes."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import attrs
import networkx as nx
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import systemsreview as sr
from systemsreview.errors import FormatError, ModelError, NotFoundError
from systemsreview.examples import domestic_abuse_review
from systemsreview.graph import from_networkx, to_networkx
from systemsreview.io import parquet as pqds
from systemsreview.io._arrow import Where, decode, encode
from systemsreview.io._migrate import migrate
from systemsreview.io.json import dumps, loads
from systemsreview.io.report import to_html
from systemsreview.model import (
    DatePrecision,
    Episode,
    Event,
    Period,
    Review,
    ReviewBuilder,
    date_bounds,
    edtf,
    in_words,
    parse_edtf,
    register_process,
)
from systemsreview.model._dates import normalised
from systemsreview.rules import Policy, check, coarsen_dates, redact, working_days_between
from systemsreview.strategies import reviews, reviews_violating
from systemsreview.summary import summarise

FIXTURES = Path(__file__).with_name("fixtures")
EXAMPLE = domestic_abuse_review()
LOOP_KINDS = {"responds_to", "addresses", "owned_by", "rests_on", "addressed_to"}
# The case analysis without its learning loop (whose response deadlines move with dates).
REVIEW = attrs.evolve(
    EXAMPLE,
    recommendations=(),
    responses=(),
    actions=(),
    links=tuple(link for link in EXAMPLE.links if link.kind not in LOOP_KINDS),
)
PRECISIONS = st.sampled_from(DatePrecision)


def event(ident: str, when: str, process: str | None = None, precision: str = "day") -> Event:
    return Event(id=ident, when=when, when_precision=precision, description=ident, process=process)


def with_events(review: Review, *events: Event) -> Review:
    return attrs.evolve(review, events=(*review.events, *events))


# --- the model ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day", "precision", "words"),
    [
        ("2006", dt.date(2006, 1, 1), "year", "2006"),
        ("2011-01", dt.date(2011, 1, 1), "month", "January 2011"),
        ("2011-01-04", dt.date(2011, 1, 4), "day", "4 January 2011"),
    ],
)
def test_edtf_dates_read_and_write(text: str, day: dt.date, precision: str, words: str) -> None:
    assert parse_edtf(text) == (day, precision)
    assert edtf(day, precision) == text
    assert in_words(day, precision) == words


@pytest.mark.parametrize("text", ["2011-1", "11-01", "2011-02-30", "2011-00", "", "x", "cake"])
def test_parse_edtf_refuses_what_is_not_a_level_0_date(text: str) -> None:
    with pytest.raises(ModelError, match=r"is not a date; write YYYY, YYYY-MM or YYYY-MM-DD$"):
        parse_edtf(text)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2011~", "approximate or uncertain date.*record the precision the sources stand"),
        ("2011-06?", "approximate or uncertain"),
        ("2011-06-01%", "approximate or uncertain"),
        ("c. 2011", "approximate or uncertain"),
        ("circa 2011", "approximate or uncertain"),
        ("201X", "unspecified digits; record the coarser precision"),
        ("2011-XX", "unspecified digits"),
        ("2011-01/2012", r"an interval, not a date; give it as a Period \(Period.from_edtf"),
        ("2011/..", "an interval"),
        (" 2011", "without spaces"),
    ],
)
def test_parse_edtf_says_what_to_record_instead_of_a_qualified_date(text: str, says: str) -> None:
    with pytest.raises(ModelError, match=says):
        parse_edtf(text)


@given(st.dates(), PRECISIONS, st.dates(), PRECISIONS)
def test_an_edtf_interval_round_trips_through_a_period(
    a: dt.date, p: DatePrecision, b: dt.date, q: DatePrecision
) -> None:
    start, end = sorted((normalised(a, p), normalised(b, q)))
    text = f"{edtf(start, p)}/{edtf(end, q)}"
    period = Period.from_edtf(text)  # sorted ends: the end never falls before the start
    assert (period.start_precision, period.end_precision) == (p, q)
    assert period.edtf == text
    assert Period.from_edtf(period.edtf) == period


@pytest.mark.parametrize(
    "text", ["2011", "2011/", "/2012", "2011/../2012", "2011~/2012", "../2012"]
)
def test_period_from_edtf_refuses_what_is_not_two_dates(text: str) -> None:
    with pytest.raises(ModelError, match="is not an interval of two dates; write START/END"):
        Period.from_edtf(text)


def test_the_builder_takes_edtf_intervals_and_refuses_circa() -> None:
    builder = ReviewBuilder(
        id="r", title="t", kind="rapid_review", scope=Period("2005-01-01", "2012-12-31")
    )
    builder.episode("ep", "Enquiry", "2006/2008-03", "good")
    built = builder.build().episodes[0].period
    assert (built.first, built.last) == (dt.date(2006, 1, 1), dt.date(2008, 3, 31))
    with pytest.raises(ModelError, match="approximate or uncertain"):
        builder.event("ev", "circa 2007", "A referral")


@given(st.dates(), PRECISIONS)
def test_a_coarse_date_stands_for_an_interval_holding_its_days(day: dt.date, p: DatePrecision):
    first, last = date_bounds(normalised(day, p), p)
    assert first <= day <= last
    assert parse_edtf(edtf(first, p)) == (first, p)
    assert first == normalised(last, p)


def test_a_coarse_date_must_be_the_first_day_it_stands_for() -> None:
    with pytest.raises(ModelError, match=r"Event.when_precision of 'e': when 2011-01-17 is given"):
        event("e", "2011-01-17", precision="month")
    with pytest.raises(ModelError, match=r"must be the first day it stands for \(2011-01-01"):
        Period("2011-03-01", "2012-01-01", start_precision="year")
    with pytest.raises(ModelError, match=r"Period.end_precision: end 2012-02-02 is given"):
        Period("2011-03-01", "2012-02-02", end_precision="month")
    with pytest.raises(ModelError, match="expected a DatePrecision, one of 'day', 'month'"):
        event("e", "2011-01-01", precision="decade")


def test_a_period_may_end_in_the_month_or_year_it_starts_in() -> None:
    period = Period("2011-01-15", "2011-01-01", end_precision="month")
    assert (period.first, period.last, period.days) == (
        dt.date(2011, 1, 15),
        dt.date(2011, 1, 31),
        17,
    )
    assert Period("2011-06-15", "2011-01-01", end_precision="year").last == dt.date(2011, 12, 31)
    with pytest.raises(ModelError, match="Period: ends 2010-01-01, before it starts 2011-01-15"):
        Period("2011-01-15", "2010-01-01", end_precision="year")


def test_statutory_processes_are_registered_codes() -> None:
    assert event("e", "2011-01-01", "section_47_enquiry").process == "section_47_enquiry"
    with pytest.raises(ModelError, match="did you mean 'section_47_enquiry'"):
        event("e", "2011-01-01", "section_47")
    with pytest.raises(ModelError, match=r"Event\.process of 'e': got ''; expected a non-empty"):
        event("e", "2011-01-01", "")
    with pytest.raises(ModelError, match="registered already as 'strategy discussion'"):
        register_process("strategy_discussion", "strategy meeting")
    with pytest.raises(ModelError, match="register its parent 'core_group_x' first"):
        register_process("core_group_x.first", "first core group")
    with pytest.raises(NotFoundError):
        sr.get_process("s47")
    for process in sr.processes():
        assert process.description.strip() or "." in process.code, process.code


def test_every_shipped_process_cites_its_source() -> None:
    sources = ("Working Together", "Children Act", "Care Act", "Practice Direction")
    for process in sr.model.PROCESSES:
        assert any(s in process.description for s in sources), process.code


def test_the_repr_names_precision_and_process_only_when_set() -> None:
    plain = event("e", "2011-01-04")
    assert "precision" not in repr(plain)
    assert "process" not in repr(plain)
    coarse = event("e", "2011-01-01", "referral", "month")
    assert "when_precision=DatePrecision.MONTH" in repr(coarse)
    assert eval(repr(coarse), vars(sr) | {"datetime": dt}) == coarse


# --- the rules: a coarse date is every day it stands for ----------------------------------------


def _coarsen(draw: st.DrawFn, review: Review) -> Review:
    """The review with some of its event and episode dates made coarser (never finer)."""
    events = []
    for e in review.events:
        p = draw(PRECISIONS)
        if p is DatePrecision.DAY or e.when_precision is not DatePrecision.DAY:
            events.append(e)
        else:
            events.append(attrs.evolve(e, when=normalised(e.when, p), when_precision=p))
    episodes = []
    for episode in review.episodes:
        period = episode.period
        first, last = draw(PRECISIONS), draw(PRECISIONS)
        if period.exact:
            period = Period(
                normalised(period.start, first),
                normalised(period.end, last),
                start_precision=first,
                end_precision=last,
            )
        episodes.append(attrs.evolve(episode, period=period))
    return attrs.evolve(review, events=tuple(events), episodes=tuple(episodes))


def _found(review: Review) -> set[tuple[str, tuple[str, ...]]]:
    return {(v.code, v.subjects) for v in check(review, select=["SR2", "SR3"])}


@given(st.data())
def test_coarsening_a_valid_review_never_creates_a_time_violation(data: st.DataObject) -> None:
    review = data.draw(reviews())
    assert _found(_coarsen(data.draw, review)) <= _found(review)


@pytest.mark.parametrize("code", ["SR202", "SR301", "SR302", "SR306", "SR307"])
@given(data=st.data())
def test_coarsening_a_broken_review_never_adds_a_violation(code: str, data: st.DataObject):
    review = data.draw(reviews_violating(code))
    assert _found(_coarsen(data.draw, review)) <= _found(review)


@given(reviews(), st.sampled_from(["month", "year"]))
def test_redacted_dates_keep_a_valid_review_valid(review: Review, precision: str) -> None:
    public = redact(review, dates=precision)
    assert all(e.when_precision is not DatePrecision.DAY for e in public.events)
    assert _found(public) <= _found(review)


def test_coarsen_dates_refuses_an_unknown_precision() -> None:
    with pytest.raises(ModelError, match="coarsen_dates: got 'week'; expected one of 'day'"):
        coarsen_dates(EXAMPLE, "week")


def test_an_event_in_the_year_the_scope_starts_is_not_outside_it() -> None:
    scope_start = REVIEW.scope.start  # 2010-01-01
    before = event("ev-x", "2009-01-01", precision="year")
    assert [v.code for v in check(with_events(REVIEW, before), select="SR3")] == ["SR301"]
    late_2009 = attrs.evolve(REVIEW, scope=Period(dt.date(2009, 12, 1), REVIEW.scope.end))
    assert check(with_events(late_2009, before), select="SR3") == []
    assert scope_start == dt.date(2010, 1, 1)


def test_messages_give_coarse_dates_as_edtf() -> None:
    [v] = check(with_events(REVIEW, event("ev-x", "2009-01-01", precision="year")), select="SR301")
    assert "event 'ev-x' on 2009 falls outside the scope 2010-01-01 to 2011-04-30" in v.message


# --- SR306 and SR307 ----------------------------------------------------------------------------

SD, S47, ICPC = "strategy_discussion", "section_47_enquiry", "initial_child_protection_conference"


@pytest.mark.parametrize(
    ("discussion", "enquiry", "broken"),
    [
        (None, event("e47", "2010-06-01", S47), True),
        (event("sd", "2010-06-02", SD), event("e47", "2010-06-01", S47), True),
        (event("sd", "2010-06-01", SD), event("e47", "2010-06-01", S47), False),
        (event("sd", "2010-06-01", SD, "month"), event("e47", "2010-06-01", S47), False),
        (event("sd", "2010-01-01", SD, "year"), event("e47", "2010-03-04", S47), False),
        (event("sd", "2010-06-09", SD), event("e47", "2010-06-01", S47, "month"), False),
        (event("sd", "2010-07-01", SD, "month"), event("e47", "2010-06-01", S47, "month"), True),
    ],
)
def test_sr306_an_enquiry_needs_a_discussion_that_can_precede_it(
    discussion: Event | None, enquiry: Event, broken: bool
) -> None:
    events = [enquiry] if discussion is None else [discussion, enquiry]
    found = check(with_events(REVIEW, *events), select="SR306")
    assert [v.subjects for v in found] == ([("e47",)] if broken else [])


def test_sr306_counts_a_registered_sub_process_of_the_discussion() -> None:
    register_process("strategy_discussion.meeting", "strategy meeting")
    review = with_events(
        REVIEW,
        event("sd", "2010-06-01", "strategy_discussion.meeting"),
        event("e47", "2010-06-02", S47),
    )
    assert check(review, select="SR306") == []
    assert sr.statutory_processes(review, SD)[0].id == "sd"


@pytest.mark.parametrize(
    ("held", "precision", "late"),
    [
        ("2010-12-23", "day", False),  # 15 working days after Thursday 2 December 2010
        ("2010-12-24", "day", True),  # 16
        ("2010-12-01", "month", False),  # December 2010: could be the 3rd
        ("2011-01-01", "month", True),  # January 2011: the 4th at the soonest, 20 working days
        ("2010-01-01", "year", False),  # 2010: cannot be timed
    ],
)
def test_sr307_times_the_conference_at_its_soonest(held: str, precision: str, late: bool) -> None:
    review = with_events(
        REVIEW, event("sd", "2010-12-02", SD), event("icpc", held, ICPC, precision)
    )
    found = check(review, select="SR307")
    assert [v.subjects for v in found] == ([("icpc",)] if late else [])


def test_sr307_counts_bank_holidays_of_the_policys_nation() -> None:
    # Friday 18 December 2020 + 15 working days: 13 January in England and Wales, 8 January
    # counting weekdays only.
    review = with_events(REVIEW, event("sd", "2020-12-18", SD), event("icpc", "2021-01-12", ICPC))
    review = attrs.evolve(review, scope=Period(REVIEW.scope.start, dt.date(2021, 2, 1)))
    assert check(review, select="SR307") == []
    [v] = check(review, select="SR307", policy=Policy(nation=None))
    assert "at least 17 working days" in v.message  # 14 in England and Wales


def test_sr307_needs_a_discussion_before_the_conference() -> None:
    after = with_events(REVIEW, event("icpc", "2010-06-01", ICPC), event("sd", "2010-09-01", SD))
    assert check(after, select="SR3") == []
    alone = with_events(REVIEW, event("icpc", "2010-06-01", ICPC))
    assert check(alone, select="SR3") == []


def about(review: Review, *pairs: tuple[str, str]) -> Review:
    """``review`` with two children, and each (event, child) pair as a ``concerns`` link."""
    children = tuple(sr.Subject(id=c, role="child", age_band="1_5") for c in ("child-a", "child-b"))
    links = tuple(sr.Link(e, c, "concerns") for e, c in pairs)
    return attrs.evolve(review, subjects=children, links=(*review.links, *links))


def test_sr306_sr307_match_each_child_with_the_discussions_about_that_child() -> None:
    events = (
        event("sd-a", "2010-06-01", SD),
        event("sd-b", "2010-07-01", SD),
        event("e47-a", "2010-06-02", S47),
        event("e47-b", "2010-06-02", S47),
        event("icpc-a", "2010-07-05", ICPC),
    )
    review = with_events(REVIEW, *events)
    # across the review: every enquiry has a discussion before it, the conference is prompt
    assert check(review, select=["SR306", "SR307"]) == []
    # per child: child B's enquiry came before child B's discussion; child A's conference was
    # 24 working days after child A's discussion (child B's does not time it)
    per_child = about(
        review,
        ("sd-a", "child-a"),
        ("sd-b", "child-b"),
        ("e47-a", "child-a"),
        ("e47-b", "child-b"),
        ("icpc-a", "child-a"),
    )
    found = check(per_child, select=["SR306", "SR307"])
    assert sorted((v.code, v.subjects) for v in found) == [
        ("SR306", ("e47-b",)),
        ("SR307", ("icpc-a",)),
    ]
    # a discussion about the household (no child named) counts for every child
    household = about(
        with_events(review, event("sd-all", "2010-06-01", SD)),
        ("sd-a", "child-a"),
        ("sd-b", "child-b"),
        ("e47-b", "child-b"),
    )
    assert check(household, select="SR306") == []
    # an event about both children is matched with either child's discussions
    both = about(review, ("sd-b", "child-b"), ("icpc-a", "child-a"), ("icpc-a", "child-b"))
    assert check(both, select="SR307") == []


@given(st.dates(dt.date(2010, 1, 1), dt.date(2010, 12, 1)), st.integers(0, 60), st.booleans())
def test_sr307_agrees_with_counting_working_days(held: dt.date, gap: int, later: bool) -> None:
    """Exact dates: late exactly when the latest discussion before is > 15 working days back."""
    discussions = [event("sd-1", held.isoformat(), SD)]
    if later:
        discussions.append(event("sd-2", (held + dt.timedelta(days=gap // 2)).isoformat(), SD))
    conference = held + dt.timedelta(days=gap)
    review = with_events(REVIEW, *discussions, event("icpc", conference.isoformat(), ICPC))
    review = attrs.evolve(review, scope=Period(REVIEW.scope.start, dt.date(2011, 4, 30)))
    policy = Policy()
    latest = max(d.when for d in discussions)
    expected = working_days_between(latest, conference, policy.holidays) > 15
    assert bool(check(review, select="SR307", policy=policy)) is expected


# --- queries ----------------------------------------------------------------------------------


def test_statutory_processes_in_time_order_and_what_was_not_recorded() -> None:
    review = with_events(
        REVIEW,
        event("icpc", "2010-12-01", ICPC, "month"),
        event("sd", "2010-11-03", SD),
        event("ref", "2010-01-01", "referral", "year"),
    )
    entries = sr.statutory_processes(review)
    assert [(e.id, e.when, e.process) for e in entries] == [
        ("ref", "2010", "referral"),
        ("sd", "2010-11-03", SD),
        ("icpc", "2010-12", ICPC),
    ]
    assert [e.id for e in sr.statutory_processes(review, SD)] == ["sd"]
    assert sr.processes_not_recorded(review) == (S47,)
    assert sr.processes_not_recorded(review, ["core_group", "referral"]) == ("core_group",)
    with pytest.raises(NotFoundError, match="'s47' is not a registered statutory process"):
        sr.statutory_processes(review, "s47")
    with pytest.raises(NotFoundError):
        sr.processes_not_recorded(review, ["s47"])


def test_the_timeline_and_show_give_coarse_dates_as_edtf() -> None:
    episode = REVIEW.episodes[0]
    coarse = attrs.evolve(
        episode,
        period=Period("2010-01-01", "2011-01-01", start_precision="year", end_precision="month"),
    )
    review = attrs.evolve(
        with_events(REVIEW, event("ref", "2010-01-01", "referral", "month")),
        episodes=(coarse, *REVIEW.episodes[1:]),
    )
    lines = [str(e) for e in sr.timeline(review)]
    assert "2010..2011-01          episode kpe-police-callouts [police]" in lines
    assert any(
        line.startswith("2010-01                event   ref [] <referral>") for line in lines
    )
    assert "2010..2011-01  " in summarise(review)
    html = to_html(review)
    assert "2010 to January 2011" in html
    assert "January 2010" in html
    assert ">Referral</span>" in html


# --- formats ------------------------------------------------------------------------------------


def _coarse_review() -> Review:
    episode = REVIEW.episodes[1]
    period = Period(
        normalised(episode.period.start, "month"),
        normalised(episode.period.end, "year"),
        start_precision="month",
        end_precision="year",
    )
    review = attrs.evolve(
        REVIEW,
        scope=attrs.evolve(REVIEW.scope, start_precision="year"),
        episodes=(REVIEW.episodes[0], attrs.evolve(episode, period=period), *REVIEW.episodes[2:]),
    )
    return with_events(
        review,
        event("sd", "2010-11-01", SD, "month"),
        event("ref", "2010-01-01", "referral", "year"),
        event("e47", "2010-11-15", S47),
    )


def test_json_writes_precision_and_process_only_when_set() -> None:
    review = _coarse_review()
    doc = json.loads(dumps(review))
    assert doc["format_version"] == 5
    assert doc["scope"] == {"start": "2010-01-01", "end": "2011-04-30", "start_precision": "year"}
    assert doc["events"][-3] == {
        "id": "sd",
        "when": "2010-11-01",
        "when_precision": "month",
        "description": "sd",
        "sensitivity": "public",
        "process": SD,
    }
    assert "when_precision" not in doc["events"][0]
    assert "process" not in doc["events"][0]
    assert loads(dumps(review)) == review


@pytest.mark.parametrize(
    "where",
    [
        ("events", 0, "when_precision"),
        ("events", 0, "process"),
        ("scope", "start_precision"),
        ("episodes", 1, "period", "end_precision"),
    ],
)
def test_a_version_4_document_holding_version_5_fields_is_refused(where: tuple[Any, ...]):
    doc = json.loads(dumps(REVIEW))
    doc["format_version"] = 4
    doc["method"] = doc.pop("methods")[0]  # the review's part of version 5
    assert loads(json.dumps(doc)) == REVIEW
    target = doc
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = "day" if where[-1].endswith("precision") else "referral"
    path = "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in where)
    message = re.escape(f"v4.json: ${path}: a JSON format version 4 document")
    with pytest.raises(FormatError, match=message):
        loads(json.dumps(doc), name="v4.json")


def test_the_version_4_document_reads_as_day_dates_and_no_processes() -> None:
    review = sr.io.json.load(FIXTURES / "review-v4.json")
    assert {e.when_precision for e in review.events} <= {DatePrecision.DAY}
    assert all(e.process is None for e in review.events)
    assert review.scope.exact
    assert all(e.period.exact for e in review.episodes)


def _decode(tables: dict[str, pa.Table]) -> list[Review]:
    return decode(tables, {name: Where("<memory>", name) for name in tables})


def test_parquet_keeps_precision_and_process() -> None:
    review = _coarse_review()
    tables = encode([review])
    assert tables["events"].column("process").to_pylist()[-3:] == [SD, "referral", S47]
    assert tables["episodes"].column("period_end_precision").to_pylist()[1] == "year"
    assert tables["reviews"].column("scope_start_precision").to_pylist() == ["year"]
    assert _decode(tables) == [review]


def _replace(tables: dict[str, pa.Table], table: str, column: str, values: list[Any]):
    data = tables[table]
    i = data.column_names.index(column)
    field = data.schema.field(i)
    array = (
        pa.array(values, pa.string()).dictionary_encode()
        if pa.types.is_dictionary(field.type)
        else pa.array(values, field.type)
    )
    return {**tables, table: data.set_column(i, field.name, array)}


@pytest.mark.parametrize(
    ("table", "column", "change", "problem"),
    [
        ("events", "when_precision", lambda n: ["month"] * n, "is given to the month, so it"),
        ("events", "when_precision", lambda n: ["decade"] * n, "unknown DatePrecision 'decade'"),
        ("events", "process", lambda n: ["s47"] * n, "'s47' is not a registered statutory"),
        ("events", "process", lambda n: [" "] * n, "got ' '; expected a non-empty string"),
        ("episodes", "period_start_precision", lambda n: ["year"] * n, "is given to the year"),
    ],
)
def test_parquet_refuses_bad_chronology_columns(table, column, change, problem) -> None:
    tables = encode([REVIEW])
    bad = _replace(tables, table, column, change(tables[table].num_rows))
    with pytest.raises(FormatError, match=rf"table '{table}', row 0 .*{problem}"):
        _decode(bad)


def test_parquet_refuses_a_coarse_period_ending_before_it_starts() -> None:
    review = attrs.evolve(
        REVIEW,
        episodes=(
            attrs.evolve(
                REVIEW.episodes[0],
                period=Period("2010-02-13", "2010-02-01", end_precision="month"),
            ),
            *REVIEW.episodes[1:],
        ),
    )
    tables = encode([review])
    assert _decode(tables) == [review]  # ends in the month it starts in: sound
    n = tables["episodes"].num_rows
    early = _replace(tables, "episodes", "period_end", [dt.date(2010, 1, 1)] * n)
    with pytest.raises(FormatError, match="column 'period_end': the period ends 2010-01 before"):
        _decode(early)


@pytest.fixture
def format4(tmp_path: Path) -> Path:
    path = tmp_path / "format4"
    shutil.copytree(FIXTURES / "format4", path)
    return path


def test_the_format4_fixture_migrates_to_day_dates_and_no_processes(format4: Path) -> None:
    found = list(pqds.read(format4))
    assert found
    for review in found:
        assert all(
            e.when_precision is DatePrecision.DAY and e.process is None for e in review.events
        )
        assert review.scope.exact
        assert all(e.period.exact for e in review.episodes)
    events = pa.table({"review_id": ["r"], "id": ["e"], "when": [dt.date(2010, 1, 4)]})
    migrated = migrate("events", "4.0", events)
    assert migrated.column_names[-2:] == ["when_precision", "process"]
    assert migrated.column("when_precision").to_pylist() == ["day"]
    assert migrated.column("process").to_pylist() == [None]


def test_a_dataset_round_trips_coarse_dates(tmp_path: Path) -> None:
    review = _coarse_review()
    pqds.write(tmp_path / "ds", [review])
    assert pqds.read_review(tmp_path / "ds", review.id) == review


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "gml"])
def test_plain_graph_files_keep_precision_and_process(fmt: str) -> None:
    review = _coarse_review()
    buffer = io.BytesIO()
    getattr(nx, f"write_{fmt}")(to_networkx(review, plain=True), buffer)
    buffer.seek(0)
    read = getattr(nx, f"read_{fmt}")(buffer)
    assert from_networkx(read) == review


def test_a_plain_graph_refuses_a_bad_precision() -> None:
    graph = to_networkx(_coarse_review(), plain=True)
    graph.nodes["sd"]["when_precision"] = "week"
    with pytest.raises(ModelError, match=r"graph node 'sd': Event\.when_precision of 'sd': got"):
        from_networkx(graph)


def test_coarse_episodes_can_be_built_through_the_builder_or_directly() -> None:
    episode = Episode(
        id="kpe-x",
        title="Years of neglect",
        period=Period(*(parse_edtf(t)[0] for t in ("2006", "2008-03")),
                      start_precision="year", end_precision="month"),
        appraisal="problematic",
    )  # fmt: skip
    assert edtf(episode.period.start, episode.period.start_precision) == "2006"
    assert episode.period.last == dt.date(2008, 3, 31)


def test_the_builder_takes_dates_as_the_sources_give_them() -> None:
    b = sr.ReviewBuilder(
        id="r", title="t", kind="learning_review", method="learning_together",
        incident="serious_harm", scope=Period("2006-01-01", "2008-12-31"),
    )  # fmt: skip
    b.event("ev-1", "2006", "Referral from the school", process="referral")
    b.event("ev-2", "2007-03", "Strategy discussion", process=SD)
    b.event("ev-3", "2007-03-05", "Section 47 enquiry", process=S47)
    b.episode("kpe-1", "Years of neglect", ("2006", "2008-03"), "problematic")
    review = b.build()
    assert [(e.when, e.when_precision.value) for e in review.events] == [
        (dt.date(2006, 1, 1), "year"),
        (dt.date(2007, 3, 1), "month"),
        (dt.date(2007, 3, 5), "day"),
    ]
    assert review.episodes[0].period.last == dt.date(2008, 3, 31)
    assert check(review, select=["SR3"]) == []
    with pytest.raises(ModelError, match="'2007-13' is not a date"):
        b.event("ev-4", "2007-13", "Bad month")
