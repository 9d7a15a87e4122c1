"""SR304 and SR305 by edition of Working Together: soundness against a plain computation, and
table-driven cases at each edition boundary."""

import datetime as dt

import attrs
import holidays
import numpy as np
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from systemsreview.errors import ModelError
from systemsreview.examples import domestic_abuse_review
from systemsreview.model import Review, ReviewKind
from systemsreview.rules import EDITIONS, Edition, Policy, Timescale, check, edition_for

BASE = domestic_abuse_review()
SCR, LCSPR, RAPID = (
    ReviewKind.SERIOUS_CASE_REVIEW,
    ReviewKind.LOCAL_PRACTICE_REVIEW,
    ReviewKind.RAPID_REVIEW,
)


# the plain computation --------------------------------------------------------------


def plain_deadline(scale: Timescale, start: dt.date, nation: str | None) -> dt.date:
    """The deadline by dateutil (months) and numpy's business-day calendar (working days)."""
    if scale.months:
        return start + relativedelta(months=scale.months)
    subdiv = {"england_and_wales": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}
    bank = (
        []
        if nation is None
        else sorted(
            holidays.country_holidays(
                "GB", subdiv=subdiv[nation], years=range(start.year, start.year + 2)
            )
        )
    )
    found = np.busday_offset(start, scale.working_days, roll="backward", holidays=bank)
    return found.astype(object)


def plain_end(review, scale, deadline, as_of) -> tuple[dt.date | None, bool]:
    """The day to compare with the deadline, and whether the review cannot be timed."""
    if scale.until == "completed":
        if review.completed is None and review.published is not None:
            return None, review.published > deadline
        return review.completed or as_of, False
    if review.published is not None:
        return review.published, False
    if review.completed is not None and review.completed > deadline:
        return review.completed, False
    return as_of, False


def expected(review, as_of, nation) -> str | None:
    """``"SR304"``, ``"SR305"`` or ``None``, reading the rule's statement literally."""
    kind = review.kind
    timed = any(kind in e.timescales for e in EDITIONS)
    finished = review.completed is not None or review.published is not None
    if not timed or not (finished or as_of is not None):
        return None
    on = review.decided or review.notified
    governing = [
        e for e in EDITIONS if on is not None and kind in e.timescales and e.in_force <= on
    ]
    if on is not None and not governing:
        return None
    scale = max(governing, key=lambda e: e.in_force).timescales[kind] if governing else None
    start = None if scale is None else getattr(review, scale.start)
    if start is None:
        return "SR305"
    deadline = plain_deadline(scale, start, nation)
    end, untimed = plain_end(review, scale, deadline, as_of)
    if untimed:
        return "SR305"
    return "SR304" if end is not None and end > deadline else None


milestone = st.one_of(st.none(), st.dates(dt.date(2004, 1, 1), dt.date(2027, 12, 31)))


day_ = st.dates(dt.date(2004, 1, 1), dt.date(2027, 12, 31))


@given(
    kind=st.sampled_from([SCR, LCSPR, RAPID, *ReviewKind]),
    first=day_,
    gaps=st.lists(st.integers(0, 300), min_size=4, max_size=4),
    known=st.lists(st.booleans(), min_size=4, max_size=4),
    as_of=milestone,
    nation=st.sampled_from([None, "england_and_wales", "scotland"]),
)
def test_sr304_and_sr305_fire_exactly_when_the_plain_computation_says(  # noqa: PLR0917 - Hypothesis draws
    kind, first, gaps, known, as_of, nation
):
    # Milestones in order (SR303 is another rule), each known or not.
    dates = [first + dt.timedelta(days=sum(gaps[: i + 1])) for i in range(4)]
    names = ("notified", "decided", "completed", "published")
    milestones = {n: d if k else None for n, d, k in zip(names, dates, known, strict=True)}
    review = attrs.evolve(BASE, kind=kind, **milestones)
    policy = Policy(as_of=as_of, nation=nation)
    found = [v.code for v in check(review, select=["SR304", "SR305"], policy=policy)]
    want = expected(review, as_of, nation)
    assert found == ([] if want is None else [want])


@given(
    kind=st.sampled_from([SCR, LCSPR, RAPID]),
    dates=st.lists(milestone, min_size=4, max_size=4),
    as_of=milestone,
)
def test_sound_with_milestones_out_of_order_too(kind, dates, as_of):
    review = attrs.evolve(
        BASE,
        kind=kind,
        notified=dates[0],
        decided=dates[1],
        completed=dates[2],
        published=dates[3],
    )
    found = [v.code for v in check(review, select="SR30", policy=Policy(as_of=as_of))]
    want = expected(review, as_of, "england_and_wales")
    assert [c for c in found if c in ("SR304", "SR305")] == ([] if want is None else [want])


# the boundaries of each edition -------------------------------------------------------

CASES = [
    # kind, decided (rapid: notified too), completed, published, expected, edition cited
    (SCR, "2006-03-31", "2030-01-01", None, None, None),  # before 2006: not timed
    (SCR, "2006-04-01", "2006-08-01", None, None, None),  # four months, to the day
    (SCR, "2006-04-01", "2006-08-02", None, "SR304", "(2006)"),
    (SCR, "2010-03-31", "2010-08-01", None, "SR304", "(2006)"),  # the day before 2010
    (SCR, "2010-04-01", "2010-10-01", None, None, None),  # six months from 2010
    (SCR, "2010-04-01", "2010-10-02", None, "SR304", "(2010)"),
    (SCR, "2013-04-14", "2013-10-15", None, "SR304", "(2010)"),
    (SCR, "2013-04-15", "2013-10-16", None, "SR304", "(2013)"),
    (SCR, "2015-03-25", "2015-09-26", None, "SR304", "(2013)"),
    (SCR, "2015-03-26", "2015-09-27", None, "SR304", "(2015)"),
    (SCR, "2019-05-01", "2019-11-01", "2020-12-01", None, None),  # 2015 still: to completion
    (SCR, "2024-01-10", "2024-07-11", None, "SR304", "(2015)"),
    (LCSPR, "2018-06-28", "2030-01-01", "2030-02-01", None, None),  # before 2018: not timed
    (LCSPR, "2018-06-29", "2018-10-01", "2018-12-29", None, None),
    (LCSPR, "2018-06-29", "2018-10-01", "2018-12-30", "SR304", "(2018)"),
    # The case: completed in 5.6 months, published in 13.7 months.
    (LCSPR, "2019-01-10", "2019-06-28", "2020-03-01", "SR304", "(2018)"),
    (LCSPR, "2023-12-14", "2024-01-01", "2024-06-15", "SR304", "(2018)"),
    (LCSPR, "2023-12-15", "2024-01-01", "2024-06-16", "SR304", "(2023)"),
    (LCSPR, "2023-12-15", "2024-01-01", "2024-06-15", None, None),
    (RAPID, "2018-06-28", "2018-09-01", None, None, None),  # before 2018: not timed
    (RAPID, "2018-06-29", "2018-07-20", None, None, None),  # a Friday: three weeks
    (RAPID, "2018-06-29", "2018-07-23", None, "SR304", "(2018)"),
    (RAPID, "2023-12-15", "2024-01-10", None, None, None),  # Christmas and New Year
    (RAPID, "2023-12-15", "2024-01-11", None, "SR304", "(2023)"),
]


@pytest.mark.parametrize(("kind", "decided", "completed", "published", "code", "cites"), CASES)
def test_edition_boundaries(kind, decided, completed, published, code, cites):  # noqa: PLR0917 - one case a row
    review = attrs.evolve(
        BASE,
        kind=kind,
        notified=decided,
        decided=decided,
        completed=completed,
        published=published,
    )
    found = check(review, select="SR3")
    assert [v.code for v in found] == ([] if code is None else [code])
    if cites is not None:
        assert f"Working Together to Safeguard Children {cites}" in found[0].message


def test_edition_is_chosen_by_the_decision_date_then_the_notification_date():
    review = attrs.evolve(
        BASE, notified="2010-03-20", decided="2010-04-02", completed="2010-09-01", published=None
    )
    assert check(review, select="SR3") == []  # 2010: six months
    forgotten = attrs.evolve(review, decided=None)
    [v] = check(forgotten, select="SR3")  # the notification chooses 2006, whose clock needs
    assert v.code == "SR305"  # the decision date
    assert "(2006)" in v.message


def test_published_without_completion_is_not_still_open():
    review = attrs.evolve(BASE, completed=None)  # published 2012-01-23, deadline 2011-11-30
    [v] = check(review, select="SR3", policy=Policy(as_of="2013-01-01"))
    assert v.code == "SR305"
    assert "still open" not in v.message
    assert "completion date is not recorded" in v.message
    in_time = attrs.evolve(review, published="2011-11-30")
    assert check(in_time, select="SR3", policy=Policy(as_of="2013-01-01")) == []


def practice_review(published: str | None) -> Review:
    """A local practice review decided on 10 January 2019, completed in 5.6 months."""
    return attrs.evolve(
        BASE,
        kind=LCSPR,
        notified="2019-01-02",
        decided="2019-01-10",
        completed="2019-06-28",
        published=published,
    )


def test_open_practice_reviews_are_judged_on_publication():
    review = practice_review(published=None)
    assert check(review, select="SR3") == []  # not published, no date to judge it at
    [v] = check(review, select="SR3", policy=Policy(as_of="2019-08-01"))
    assert "completed on 2019-06-28 but not yet published on 2019-08-01" in v.message
    assert check(review, select="SR3", policy=Policy(as_of="2019-07-10")) == []
    late = attrs.evolve(review, completed="2019-08-01")  # late whenever it is published
    [v] = check(late, select="SR3")
    assert "completed on 2019-08-01 and not yet published" in v.message


def test_the_delay_advice_names_the_field_or_quotes_it():
    late = attrs.evolve(BASE, completed="2012-01-02", published=None)
    [v] = check(late)
    assert v.message.endswith("record the reason for the delay in Review.delay_reason")
    [v] = check(attrs.evolve(late, delay_reason="  The trial came first "))
    assert v.message.endswith("the reason for the delay: 'The trial came first'")


def test_overrides_win_over_the_editions():
    review = practice_review(published="2020-03-01")  # published in 13.7 months
    assert check(review, select="SR304", policy=Policy(timescales={LCSPR: None})) == []
    completion = Policy(timescales={"local_practice_review": Timescale("decided", months=6)})
    assert check(review, select="SR304", policy=completion) == []
    assert Policy(timescales={LCSPR: None}).timed(LCSPR) is False
    assert Policy(editions=()).timed(SCR) is False


def test_editions_are_data_in_order_with_sources():
    assert [e.id for e in EDITIONS] == ["wt2006", "wt2010", "wt2013", "wt2015", "wt2018", "wt2023"]
    assert [e.in_force for e in EDITIONS] == sorted(e.in_force for e in EDITIONS)
    assert all(e.source and e.title.startswith("Working Together") for e in EDITIONS)
    assert EDITIONS[0].timescales[SCR] == Timescale("decided", months=4)
    assert EDITIONS[4].kinds == {LCSPR, RAPID}
    assert edition_for(SCR, dt.date(2005, 1, 1)) is None


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ({"not_a_kind": None}, r"Policy\.timescales: got"),
        ({SCR: "six months"}, r"Policy\.timescales\['serious_case_review'\]"),
        ([SCR], r"Policy\.timescales"),
    ],
)
def test_bad_overrides_are_refused(value, match):
    with pytest.raises(ModelError, match=match):
        Policy(timescales=value)


@pytest.mark.parametrize("value", [None, "wt2018", [EDITIONS[0], "wt2018"]])
def test_bad_editions_are_refused(value):
    with pytest.raises(ModelError, match=r"Policy\.editions"):
        Policy(editions=value)


def test_bad_edition_data_is_refused():
    with pytest.raises(ModelError, match=r"Edition\.timescales"):
        Edition(
            id="x",
            title="X",
            in_force=dt.date(2020, 1, 1),
            source="s",
            timescales={"nope": Timescale("decided", months=1)},
        )
