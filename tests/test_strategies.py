"""The public Hypothesis strategies: what they build, their sizes, variety and registration."""

import datetime as dt
import importlib
import os
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisWarning
from hypothesis.vendor.pretty import pretty

import systemsreview
import systemsreview.strategies as srs
from systemsreview._hypothesis_plugin import STRATEGIES
from systemsreview.errors import ModelError
from systemsreview.model import (
    ACCIMAP,
    LEARNING_TOGETHER,
    LONDON_PROTOCOL,
    Action,
    Agency,
    Appraisal,
    ContributoryFactor,
    EntityKind,
    Episode,
    Event,
    FamilyMember,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Period,
    Practitioner,
    Recommendation,
    Response,
    Review,
    Reviewer,
    ReviewKind,
    Sector,
    Sensitivity,
    Source,
    Subject,
)
from systemsreview.rules import RULES, check
from systemsreview.summary import causal_chains

ROOT = Path(__file__).parent.parent


def texts_of(review: Review) -> list[str]:
    strings = [review.title]
    for entity in review.entities():
        for field in ("name", "role", "description", "title", "statement", "what_happened"):
            value = getattr(entity, field, None)
            if isinstance(value, str):
                strings.append(value)
    return strings


def reaches(strategy, condition, max_examples):
    """Whether some generated example meets ``condition`` (no shrinking: only the fact)."""
    run = settings(database=None, max_examples=max_examples, phases=[Phase.generate])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisWarning)  # the found example's large repr
        find(strategy, condition, settings=run)


def depth(review: Review) -> int:
    return max(
        (len(chain) for ep in review.episodes for chain in causal_chains(review, ep.id)),
        default=0,
    )


# registration ---------------------------------------------------------------------

CLASSES = [
    Review, Agency, Practitioner, Event, Episode, ContributoryFactor, Finding, Source,
    Recommendation, Response, Action, Subject, FamilyMember, Period, Link, Reviewer,
]  # fmt: skip


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_from_type_builds_every_class(cls, data):
    assert isinstance(data.draw(st.from_type(cls)), cls)


@given(st.from_type(Review))
def test_from_type_review_is_valid(review):
    assert check(review) == []


def test_the_hypothesis_entry_point_is_declared_and_callable():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    target = project["project"]["entry-points"]["hypothesis"]["_"]
    module, _, name = target.partition(":")
    assert module == "systemsreview._hypothesis_plugin"
    getattr(importlib.import_module(module), name)()  # registering twice is harmless
    assert {cls.__name__ for cls in CLASSES} == set(STRATEGIES)


# entity strategies -----------------------------------------------------------------


@given(srs.factors(taxonomy=LONDON_PROTOCOL))
def test_factor_categories_sit_at_their_level(factor):
    assert LONDON_PROTOCOL[factor.category].level is factor.level


@given(srs.factors(taxonomy=ACCIMAP))
def test_accimap_factors_sit_at_the_level_their_accimap_level_maps_to(factor):
    assert ACCIMAP.taxonomy_level(factor.category).level is factor.level


@given(srs.episodes(within=Period("2020-01-01", "2020-03-31")))
def test_episodes_fall_within_the_period_given(episode):
    assert episode.period in Period("2020-01-01", "2020-03-31")
    assert episode.view_at_the_time.strip()


@given(srs.findings())
def test_findings_ask_questions(finding):
    assert 1 <= len(finding.questions) <= 4
    assert all(q.endswith("?") for q in finding.questions)


@given(srs.events(within=Period("2020-01-01", "2020-01-01"), sensitivities=st.just("restricted")))
def test_events_take_constraints(event):
    assert event.when.isoformat() == "2020-01-01"
    assert event.sensitivity is Sensitivity.RESTRICTED


# reviews(): sizes and validity ----------------------------------------------------


@given(srs.reviews(agencies=3, episodes=(2, 3), factors=0, findings=0, events=5, sources=(1, 2)))
def test_sizes_are_respected(review):
    assert len(review.agencies) == 3
    assert 2 <= len(review.episodes) <= 3
    assert review.factors == review.findings == ()
    assert len(review.events) == 5
    assert 1 <= len(review.sources) <= 2
    assert all(ep.appraisal is not Appraisal.PROBLEMATIC for ep in review.episodes)
    assert check(review) == []


@given(srs.reviews(agencies=2, episodes=1, factors=1, findings=1))
def test_the_smallest_reviews_are_valid(review):
    assert check(review) == []


@given(srs.reviews(kind="rapid_review"))
def test_kind_can_be_fixed(review):
    assert review.kind == "rapid_review"


@pytest.mark.parametrize(
    "sizes",
    [{"agencies": 1}, {"episodes": 0}, {"factors": (3, 2)}, {"findings": -1}, {"events": "5"}],
)
def test_impossible_sizes_are_rejected(sizes):
    with pytest.raises(ModelError, match=r"reviews\("):
        srs.reviews(**sizes)


@given(srs.reviews())
def test_reviews_are_realistic(review):
    sectors = [a.sector for a in review.agencies]
    assert len(set(sectors)) == len(sectors)  # distinct sectors
    taxonomy = {Method.LONDON_PROTOCOL: LONDON_PROTOCOL, Method.ACCIMAP: ACCIMAP}.get(
        review.method, LEARNING_TOGETHER
    )
    assert all(f.category in taxonomy for f in review.factors)
    assert any(f.level is not Level.FRONTLINE for f in review.factors)
    ids = [e.id for e in review.entities()]
    assert len(ids) == len(set(ids))


# reviews(): variety, found with a search rather than assumed ---------------------


def test_reviews_reach_all_the_variety_promised():
    reaches(srs.reviews(), lambda r: depth(r) >= 4, 500)
    reaches(srs.reviews(), lambda r: {f.level for f in r.factors} == set(Level), 500)
    reaches(
        srs.reviews(),
        lambda r: {Appraisal.GOOD, Appraisal.PROBLEMATIC} <= {e.appraisal for e in r.episodes},
        500,
    )
    reaches(srs.reviews(), lambda r: {e.sensitivity for e in r.events} == set(Sensitivity), 500)
    reaches(srs.reviews(), lambda r: any(not t.isascii() for t in texts_of(r)), 500)
    reaches(srs.reviews(), lambda r: any(len(t) > 600 for t in texts_of(r)), 500)
    reaches(srs.reviews(), lambda r: r.completed is None, 500)
    reaches(srs.reviews(), lambda r: len(r.agencies) >= 5, 500)


# arbitrary_reviews(): the broken shapes really occur ---------------------------------


def test_arbitrary_reviews_reach_every_broken_shape():
    arbitrary = srs.arbitrary_reviews()
    for code in ("SR101", "SR102", "SR103", "SR104", "SR105", "SR201", "SR303"):
        reaches(arbitrary, lambda r, code=code: code in {v.code for v in check(r)}, 300)
    reaches(arbitrary, lambda r: r.links == () and r.entity_count > 0, 300)
    reaches(arbitrary, lambda r: any(e.view_at_the_time == "" for e in r.episodes), 300)


@given(srs.arbitrary_reviews())
def test_arbitrary_reviews_are_reviews(review):
    assert isinstance(review, Review)
    assert all(isinstance(link.kind, LinkKind) for link in review.links)
    assert all(review.of_kind(kind) is not None for kind in EntityKind)


# reviews_violating ------------------------------------------------------------------


def test_there_is_a_breaker_for_every_rule():
    assert list(srs.MUTATIONS) == list(RULES)
    for code, mutation in srs.MUTATIONS.items():
        assert mutation.code == code
        assert mutation.how
        assert mutation.also == ()


def test_unknown_codes_have_no_breaker():
    with pytest.raises(ModelError, match="SR101"):
        srs.reviews_violating("SR999")


@given(srs.reviews_violating("SR304"))
def test_late_reviews_have_a_timescale(review):
    assert review.kind in {"serious_case_review", "local_practice_review", "rapid_review"}


@given(srs.reviews_violating("SR501"))
def test_reviews_without_independent_lead_are_statutory(review):
    assert review.kind.statutory


# shrinking: counts first, toward the smallest valid review --------------------------

PLAIN = "Concerns were shared but not collated"
QUESTION = "How does the board know that children are spoken to on their own?"
JAN_1995 = dt.date(1995, 1, 1)


def plain_review(episodes: int) -> Review:
    """The smallest valid review with ``episodes`` episodes: what failures shrink to."""
    agencies = ("ag1", "ag2")
    involved = [("kpe1", a) for a in agencies] if episodes == 1 else []
    involved += [(f"kpe{i}", agencies[(i - 1) % 2]) for i in range(1, episodes + 1) if episodes > 1]
    return Review(
        id="review-1",
        title=PLAIN,
        kind=ReviewKind.SERIOUS_CASE_REVIEW,
        scope=Period(JAN_1995, dt.date(1995, 1, 31)),
        methods=(Method.LEARNING_TOGETHER,),
        incident=IncidentKind.DEATH,
        notified=dt.date(1995, 1, 31),
        decided=dt.date(1995, 1, 31),
        reviewers=[
            Reviewer(
                role="lead reviewer",
                organisation="independent consultant",
                independent=True,
                lead=True,
            )
        ],
        agencies=[
            Agency(id="ag1", name="Northshire social care", sector=Sector.SOCIAL_CARE),
            Agency(id="ag2", name="Northshire police", sector=Sector.POLICE),
        ],
        episodes=[
            Episode(
                id=f"kpe{i}",
                title=PLAIN,
                period=Period(JAN_1995, JAN_1995),
                appraisal=Appraisal.GOOD,
                view_at_the_time=PLAIN,
            )
            for i in range(1, episodes + 1)
        ],
        factors=[
            ContributoryFactor(
                id="f1", description=PLAIN, level=Level.LOCAL_STRATEGIC, category="local_strategic"
            )
        ],
        findings=[
            Finding(
                id="finding1",
                statement=PLAIN,
                pattern=Pattern.INCIDENTS_AND_CRISES,
                in_this_case=PLAIN,
                why_it_matters=PLAIN,
                questions=(QUESTION,),
            )
        ],
        links=[
            *(Link(source, target, LinkKind.INVOLVED) for source, target in involved),
            Link("f1", "kpe1", LinkKind.CONTRIBUTED_TO),
            Link("finding1", "kpe1", LinkKind.EVIDENCED_BY),
        ],
    )


def shrunk(strategy, condition):
    """The example Hypothesis shrinks to, among those meeting ``condition``."""
    return find(strategy, condition, settings=settings(database=None, max_examples=200))


def test_the_smallest_valid_review_is_the_plainest():
    assert check(plain_review(1)) == []
    assert check(plain_review(4)) == []


def test_any_review_shrinks_to_the_smallest_valid_review():
    assert shrunk(srs.reviews(), lambda r: True) == plain_review(1)


def test_a_failure_on_a_count_shrinks_that_count_and_nothing_else():
    assert shrunk(srs.reviews(), lambda r: len(r.episodes) > 3) == plain_review(4)


def test_a_failure_on_a_date_shrinks_to_the_least_date():
    review = shrunk(srs.reviews(), lambda r: any(e.period.days > 10 for e in r.episodes))
    assert [e.period for e in review.episodes] == [Period(JAN_1995, dt.date(1995, 1, 11))]
    assert len(review.agencies) == 2
    assert review.events == review.practitioners == ()


def test_sizes_asked_for_bound_the_shrink():
    review = shrunk(srs.reviews(agencies=(4, 6), events=3), lambda r: True)
    assert (len(review.agencies), len(review.events), len(review.episodes)) == (4, 3, 1)


# reprs that paste back as code --------------------------------------------------------

#: What a user has in scope after ``import datetime`` and ``from systemsreview import *``.
PUBLIC = {"datetime": dt, **{name: getattr(systemsreview, name) for name in systemsreview.__all__}}


@pytest.mark.parametrize(
    "strategy",
    [srs.reviews(), srs.arbitrary_reviews(), srs.reviews_violating("SR201")],
    ids=["reviews", "arbitrary_reviews", "reviews_violating"],
)
@given(data=st.data())
def test_the_repr_of_a_review_rebuilds_it(strategy, data):
    review = data.draw(strategy)
    assert eval(repr(review), PUBLIC) == review


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_the_repr_of_every_class_rebuilds_it(cls, data):
    value = data.draw(st.from_type(cls))
    assert eval(repr(value), PUBLIC) == value


def test_vocabularies_keep_their_own_repr_and_show_as_code_inside_entities():
    assert repr(Sector.POLICE) == "<Sector.POLICE: 'police'>"
    agency = Agency(id="a", name="A", sector="police")
    assert repr(agency) == "Agency(id='a', name='A', sector=Sector.POLICE)"
    assert pretty(agency) == repr(agency)
    assert pretty([Appraisal.GOOD]) == "[Appraisal.GOOD]"


def falsifying_example(strategy, fails):
    """Run a failing property; return what it saw last and the example Hypothesis printed."""
    seen = []

    @settings(database=None, max_examples=100, phases=[Phase.generate, Phase.shrink])
    @given(review=strategy)
    def prop(review):
        seen.append(review)
        assert not fails(review)

    with pytest.raises(AssertionError) as failure:
        prop()
    return seen[-1], printed_example(failure.value)


def printed_example(error):
    """The failing example Hypothesis printed, as the code of a call."""
    # "Falsifying example:" in older Hypothesis releases, "Failing test case:" in newer ones.
    labels = ("Falsifying example:", "Failing test case:")
    (note,) = [n for n in error.__notes__ if n.startswith(labels)]
    return note.partition(":")[2].strip()


@pytest.mark.parametrize(
    ("strategy", "fails"),
    [
        (srs.reviews(), lambda r: len(r.links) > 8),
        (srs.arbitrary_reviews(), lambda r: len(r.episodes) > 1),
        (srs.reviews_violating("SR301"), lambda r: len(r.events) > 1),
    ],
    ids=["reviews", "arbitrary_reviews", "reviews_violating"],
)
def test_the_printed_falsifying_example_pastes_back(strategy, fails):
    last, printed = falsifying_example(strategy, fails)
    assert printed.startswith("prop(\n    review=Review(")
    assert "_period" not in printed
    arguments = eval(printed, {**PUBLIC, "prop": dict})
    assert arguments["review"] == last


ENTRY_POINT_CHECK = """
import sys
import hypothesis  # runs the package's hypothesis entry point
from hypothesis import Phase, find, settings, strategies as st
assert "systemsreview.strategies" not in sys.modules, "registered lazily, imported on use"
import systemsreview.model as model
first = settings(database=None, phases=[Phase.generate])  # the first value, unshrunk
for name in sys.argv[1:]:
    cls = getattr(model, name)
    value = find(st.from_type(cls), lambda value: True, settings=first)
    assert type(value) is cls, (name, value)
assert "systemsreview.strategies" in sys.modules
print("ok")
"""


def test_from_type_works_for_every_class_through_the_entry_point_alone():
    # A fresh interpreter that never imports systemsreview.strategies itself: only the
    # ``hypothesis`` entry point declared in pyproject.toml can have registered the classes.
    names = [cls.__name__ for cls in CLASSES]
    run = subprocess.run(
        [sys.executable, "-c", ENTRY_POINT_CHECK, *names],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "ok"


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_printed_example_of_every_class_pastes_back(cls):
    seen = []

    @settings(database=None, max_examples=5, phases=[Phase.generate, Phase.shrink])
    @given(value=st.from_type(cls))
    def prop(value):
        seen.append(value)
        raise AssertionError

    with pytest.raises(AssertionError) as failure:
        prop()
    assert eval(printed_example(failure.value), {**PUBLIC, "prop": dict})["value"] == seen[-1]


@pytest.mark.parametrize(
    "program",
    [
        "import systemsreview.strategies",
        "from systemsreview import strategies",
        "import hypothesis, systemsreview.strategies",
    ],
)
def test_the_strategies_import_in_any_order(program: str) -> None:
    """Hypothesis's entry point runs while ``systemsreview.strategies`` may be importing."""
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert done.returncode == 0, done.stderr
