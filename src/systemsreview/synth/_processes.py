"""The statutory processes of a synthetic review's chronology: typed events, as real ones have.

Drawn from a random generator of its own (seeded from the review's seed), so the rest of the
review is the same as before processes existed; the events it adds come after the others in
id (``ev-<n>`` counting on) and take their place in the chronology by date.

Theory of operation. Only reviews of a child protection kind (:data:`CHILD_KINDS`) get
processes, and the route follows the child's statutory status at the time, as a case file
would show it:

- a child on a plan, previously on one, or looked after went through the child protection
  route: referral (often after earlier ones), front-door screening (sometimes), strategy
  discussion, section 47 enquiry, initial child protection conference, core group (meeting
  again, often), review conference (sometimes);
  a looked-after child's case often went on to pre-proceedings and care proceedings;
- a child in need: referral, child and family assessment, a child in need plan, and now
  and then a strategy discussion and enquiry that led to no conference;
- early help: an early help assessment, sometimes a referral; no status: now and then a
  referral, rarely a strategy discussion and enquiry;
- where an adult social care agency is involved, sometimes a section 42 enquiry about the
  mother.

Chronologies are incomplete: each step after the strategy discussion is left unrecorded
now and then, so :func:`~systemsreview.analytics.process_gaps` has something to find. Every
event lies inside an episode it is ``PART_OF`` (SR301, SR302; a step whose day falls in no
episode is not recorded), is ``INVOLVED`` with children's social care and one other agency,
rests on social care's records and ``CONCERNS`` the child (a section 42 enquiry, the
mother). The initial conference sits 5-19 calendar days after the strategy discussion,
within 15 working days on any calendar (SR307), and an enquiry is recorded only after its
strategy discussion (SR306). With ``lapses=True`` a small share of
reviews break those two rules on purpose, as real chronologies do: an enquiry with no
strategy discussion recorded (:data:`LAPSE_NO_DISCUSSION`) and a conference 30-70 days
after the discussion (:data:`LAPSE_LATE_CONFERENCE`); the draws are the same either way, so
a review with lapses differs from its clean twin only in its typed events.
"""

from __future__ import annotations

import datetime as dt
import random

import attrs

from systemsreview.model import (
    Agency,
    Episode,
    Event,
    FamilyRole,
    Link,
    LinkKind,
    Review,
    ReviewKind,
    Sector,
    SourceKind,
    StatutoryStatus,
    Subject,
    SubjectRole,
)
from systemsreview.synth import _texts as tx

__all__ = [
    "CHILD_KINDS",
    "LAPSE_LATE_CONFERENCE",
    "LAPSE_NO_DISCUSSION",
    "with_processes",
]

#: The review kinds whose synthetic chronologies record statutory processes: the reviews
#: into a child's death or serious harm (learning reviews and the rest record none).
CHILD_KINDS = frozenset(
    {
        ReviewKind.SERIOUS_CASE_REVIEW,
        ReviewKind.RAPID_REVIEW,
        ReviewKind.LOCAL_PRACTICE_REVIEW,
        ReviewKind.NATIONAL_REVIEW,
        ReviewKind.CHILD_PRACTICE_REVIEW,
    }
)
#: With ``lapses``: the share of child protection routes whose strategy discussion is not
#: recorded although the enquiry is (SR306).
LAPSE_NO_DISCUSSION = 0.08
#: With ``lapses``: the share of initial conferences held 30-70 days after the strategy
#: discussion (SR307); 30 calendar days always hold more than 15 working days.
LAPSE_LATE_CONFERENCE = 0.15
#: How often a step after the strategy discussion is left out of the chronology.
_UNRECORDED = 0.1
_PROTECTED = frozenset(
    {
        StatutoryStatus.CHILD_PROTECTION_PLAN,
        StatutoryStatus.PREVIOUSLY_ON_PLAN,
        StatutoryStatus.LOOKED_AFTER,
    }
)


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


class _Chronology:
    """The typed steps of one review, placed in its episodes."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.episodes = sorted(review.episodes, key=lambda e: (e.period.start, e.period.end))
        self.steps: list[tuple[dt.date, str, Episode, Agency]] = []

    def episode_on(self, day: dt.date, prefer: Episode | None) -> Episode | None:
        """The episode whose period holds ``day``, ``prefer`` first; ``None`` if none does."""
        if prefer is not None and prefer.period.start <= day <= prefer.period.end:
            return prefer
        for episode in self.episodes:
            if episode.period.start <= day <= episode.period.end:
                return episode
        return None

    def add(self, day: dt.date, code: str, other: Agency, prefer: Episode | None) -> bool:
        """Record ``code`` on ``day`` if an episode holds the day; whether it was recorded."""
        episode = self.episode_on(day, prefer)
        if episode is None:
            return False
        self.steps.append((day, code, episode, other))
        return True


def _child(review: Review) -> Subject | None:
    """The child at the centre of the case, if the review records one."""
    for subject in review.subjects:
        if subject.role in (SubjectRole.CHILD, SubjectRole.YOUNG_PERSON):
            return subject
    return None


def _status(review: Review) -> StatutoryStatus:
    child = _child(review)
    return StatutoryStatus.NONE if child is None else child.status


def _start(rng: random.Random, episodes: list[Episode]) -> tuple[Episode, dt.date]:
    """An episode long enough to hold a conference after its referral, and the referral day."""
    roomy = [e for e in episodes if (e.period.end - e.period.start).days >= 30]
    episode = (
        rng.choice(roomy) if roomy else max(episodes, key=lambda e: e.period.end - e.period.start)
    )
    latest = max(episode.period.start, episode.period.end - dt.timedelta(days=26))
    return episode, episode.period.start + _days(rng, 0, (latest - episode.period.start).days)


def _draw(  # noqa: PLR0912  # one branch per route, as a case file reads
    rng: random.Random, chronology: _Chronology, agencies: dict[Sector, Agency], lapses: bool
) -> None:
    status = _status(chronology.review)
    social = agencies[Sector.SOCIAL_CARE]
    police = agencies[Sector.POLICE]
    referrers = [a for a in chronology.review.agencies if a.sector is not Sector.SOCIAL_CARE]
    episode, day = _start(rng, chronology.episodes)
    add = chronology.add
    protected = status in _PROTECTED
    in_need = status is StatutoryStatus.CHILD_IN_NEED
    referred = protected or in_need or rng.random() < 0.4
    if status is StatutoryStatus.EARLY_HELP or rng.random() < 0.15:
        early = [a for a in referrers if a.sector in (Sector.EDUCATION, Sector.HEALTH)]
        add(
            day - _days(rng, 20, 120), "early_help_assessment", rng.choice(early or referrers), None
        )
    if not referred:
        return
    add(day, "referral", rng.choice(referrers), episode)
    earlier = day
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):  # concerns are often raised before
        earlier -= _days(rng, 30, 200)
        add(earlier, "referral", rng.choice(referrers), None)
    if rng.random() < 0.45:
        add(day + _days(rng, 0, 1), "mash_screening", police, episode)
    discussed = protected or (rng.random() < (0.3 if in_need else 0.1))
    if not discussed:
        if rng.random() < 0.8:
            add(day + _days(rng, 1, 10), "child_and_family_assessment", social, episode)
        if in_need:
            add(day + _days(rng, 30, 50), "section_17_child_in_need", social, episode)
        return
    held = day + _days(rng, 0, 5)
    unrecorded_discussion = rng.random() < LAPSE_NO_DISCUSSION
    late = rng.random() < LAPSE_LATE_CONFERENCE
    if not (lapses and unrecorded_discussion):
        add(held, "strategy_discussion", police, episode)
    if rng.random() >= _UNRECORDED:
        add(held + _days(rng, 0, 2), "section_47_enquiry", police, episode)
    if rng.random() < 0.5:
        add(held + _days(rng, 1, 10), "child_and_family_assessment", social, episode)
    gap = _days(rng, 30, 70) if lapses and late else _days(rng, 5, 19)
    if not protected or rng.random() < _UNRECORDED:
        return
    conference = held + gap
    if not add(conference, "initial_child_protection_conference", social, episode):
        return
    if rng.random() >= _UNRECORDED:
        meeting = conference + _days(rng, 3, 14)
        add(meeting, "core_group", social, episode)
        for _ in range(rng.choice((0, 1, 1, 2))):  # the core group meets again
            meeting += _days(rng, 20, 45)
            add(meeting, "core_group", social, None)
    if status is not StatutoryStatus.CHILD_PROTECTION_PLAN or rng.random() < 0.4:
        add(conference + _days(rng, 60, 90), "review_child_protection_conference", social, None)
    if status is StatutoryStatus.LOOKED_AFTER and rng.random() < 0.7:
        letter = conference + _days(rng, 60, 200)
        if add(letter, "pre_proceedings", social, None):
            add(letter + _days(rng, 30, 120), "care_proceedings", social, None)


def with_processes(review: Review, seed: int, *, lapses: bool = False) -> Review:
    """``review`` with statutory processes typed on new chronology events drawn from ``seed``."""
    rng = random.Random(f"processes-{seed}")
    agencies: dict[Sector, Agency] = {}
    for agency in review.agencies:
        agencies.setdefault(agency.sector, agency)
    if (
        review.kind not in CHILD_KINDS
        or not review.episodes
        or Sector.SOCIAL_CARE not in agencies
        or Sector.POLICE not in agencies
    ):
        return review
    chronology = _Chronology(review)
    _draw(rng, chronology, agencies, lapses)
    adults = agencies.get(Sector.ADULT_SOCIAL_CARE)
    if adults is not None and rng.random() < 0.3:
        episode = rng.choice(chronology.episodes)
        span = (episode.period.end - episode.period.start).days
        chronology.add(
            episode.period.start + _days(rng, 0, span), "section_42_enquiry", adults, episode
        )
    if not chronology.steps:
        return review
    return _recorded(review, chronology, agencies[Sector.SOCIAL_CARE])


def _recorded(review: Review, chronology: _Chronology, social: Agency) -> Review:
    """The review with the chronology's steps as events, in date order, with their links."""
    records = {s.description: s.id for s in review.sources if s.kind is SourceKind.RECORD}
    record = records.get(f"{social.name} case records")
    child = _child(review)
    mother = next((m.id for m in review.family if m.role is FamilyRole.MOTHER), None)
    events: list[Event] = []
    links: list[Link] = []
    steps = sorted(chronology.steps, key=lambda step: step[0])
    for number, (day, code, episode, other) in enumerate(steps, start=len(review.events) + 1):
        event_id = f"ev-{number}"
        lead = other if code in ("early_help_assessment", "section_42_enquiry") else social
        text = tx.PROCESS_TEXTS[code].format(social=social.name, other=other.name)
        events.append(Event(id=event_id, when=day, description=text, process=code))
        links.append(Link(event_id, lead.id, LinkKind.INVOLVED))
        if other.id != lead.id:
            links.append(Link(event_id, other.id, LinkKind.INVOLVED))
        links.append(Link(event_id, episode.id, LinkKind.PART_OF))
        if record is not None:
            links.append(Link(event_id, record, LinkKind.EVIDENCED_BY))
        about = mother if code == "section_42_enquiry" else None if child is None else child.id
        if about is not None:  # whom the step concerns (SR306 and SR307 follow each child)
            links.append(Link(event_id, about, LinkKind.CONCERNS))
    merged = sorted((*review.events, *events), key=lambda e: e.when)
    return attrs.evolve(review, events=tuple(merged), links=(*review.links, *links))
