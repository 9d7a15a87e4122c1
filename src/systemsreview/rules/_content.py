"""SR4xx, content: findings rest on evidence and ask questions; the analysis is systemic."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from systemsreview.model import (
    Appraisal,
    EntityKind,
    Level,
    LinkKind,
    Review,
    Valence,
)
from systemsreview.rules._causal import causal_successors
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Breach, rule
from systemsreview.rules._violation import Severity

__all__ = ["downstream", "involved_agencies"]


def _targets(review: Review, entity_id: str, kind: LinkKind) -> Iterator[str]:
    return (link.target for link in review.links_from(entity_id) if link.kind is kind)


def involved_agencies(review: Review, actors: Iterable[str]) -> set[str]:
    """The agencies the given episodes or events involve, directly or through a practitioner.

    Each practitioner's ``WORKS_FOR`` links are read once, so the cost is linear.
    """
    agencies: set[str] = set()
    employers: dict[str, list[str]] = {}
    for actor in actors:
        for target in _targets(review, actor, LinkKind.INVOLVED):
            kind = review.kind_of(target)
            if kind is EntityKind.AGENCY:
                agencies.add(target)
            elif kind is EntityKind.PRACTITIONER:
                if target not in employers:
                    employers[target] = [
                        agency
                        for agency in _targets(review, target, LinkKind.WORKS_FOR)
                        if review.kind_of(agency) is EntityKind.AGENCY
                    ]
                agencies.update(employers[target])
    return agencies


def downstream(review: Review, seeds: Iterable[str]) -> set[str]:
    """The ids reached from ``seeds`` in one or more ``CONTRIBUTED_TO`` steps (linear)."""
    reached: set[str] = set()
    todo = [succ for seed in seeds for succ in causal_successors(review, seed)]
    while todo:
        node = todo.pop()
        if node not in reached:
            reached.add(node)
            todo.extend(causal_successors(review, node))
    return reached


@rule(
    "SR401",
    "finding-without-evidence",
    Severity.ERROR,
    "every finding is `EVIDENCED_BY` at least one episode",
)
def finding_without_evidence(review: Review, policy: Policy) -> Iterator[Breach]:
    """A finding is an underlying pattern seen in the case's practice.

    Without an episode that shows it, it is an opinion the review cannot stand behind.
    Link it ``EVIDENCED_BY`` the episodes where the pattern featured.
    """
    for finding in review.findings:
        targets = _targets(review, finding.id, LinkKind.EVIDENCED_BY)
        if not any(review.kind_of(t) is EntityKind.EPISODE for t in targets):
            yield (
                (finding.id,),
                f"finding {finding.id!r} rests on no episode; link it evidenced_by the "
                "episodes where the pattern featured",
            )


@rule(
    "SR402",
    "finding-without-questions",
    Severity.WARNING,
    "every finding gives the board at least one question, or a recommendation rests on it",
)
def finding_without_questions(review: Review, policy: Policy) -> Iterator[Breach]:
    """A systems finding hands the board issues to consider rather than a recommendation.

    A finding with no question leaves the board nothing to act on. In a
    recommendation-style review (the serious case reviews before Learning Together, and many
    since) the board acts on the recommendations instead: a finding that a recommendation
    ``RESTS_ON`` gives the board something to act on too.
    """
    for finding in review.findings:
        if not finding.questions and not any(
            link.kind is LinkKind.RESTS_ON for link in review.links_to(finding.id)
        ):
            yield (
                (finding.id,),
                f"finding {finding.id!r} asks the board nothing and no recommendation rests "
                "on it; add at least one question, or a recommendation that rests_on it",
            )


@rule(
    "SR403",
    "not-a-question",
    Severity.WARNING,
    "every board question is phrased as a question",
)
def not_a_question(review: Review, policy: Policy) -> Iterator[Breach]:
    """Board questions open a discussion; a statement in their place closes it.

    A question that does not end with a question mark is usually a recommendation in
    disguise.
    """
    for finding in review.findings:
        for number, question in enumerate(finding.questions, start=1):
            if not question.rstrip().endswith(("?", "？")):  # noqa: RUF001 - full-width too
                shown = question if len(question) <= 60 else question[:57] + "..."
                yield (
                    (finding.id,),
                    f"question {number} of finding {finding.id!r} is not a question "
                    f"({shown!r}); rephrase it to end with '?'",
                )


@rule(
    "SR404",
    "unexplained-episode",
    Severity.WARNING,
    "every episode appraised as problematic has a contributory factor",
)
def unexplained_episode(review: Review, policy: Policy) -> Iterator[Breach]:
    """The systems approach asks why problematic practice made sense at the time.

    An episode appraised as problematic with no contributory factor stops at what went
    wrong and invites blame. Link a factor ``CONTRIBUTED_TO`` it.
    """
    for episode in review.episodes:
        if episode.appraisal is not Appraisal.PROBLEMATIC:
            continue
        causes = (
            link.source
            for link in review.links_to(episode.id)
            if link.kind is LinkKind.CONTRIBUTED_TO
        )
        if not any(review.kind_of(c) is EntityKind.FACTOR for c in causes):
            yield (
                (episode.id,),
                f"episode {episode.id!r} is appraised problematic but no factor contributed "
                "to it; add the factors that made the practice make sense at the time",
            )


@rule(
    "SR405",
    "orphan-factor",
    Severity.WARNING,
    "every factor contributes to something",
)
def orphan_factor(review: Review, policy: Policy) -> Iterator[Breach]:
    """A contributory factor is a factor because it shaped practice or another factor.

    One that contributes to nothing is either unfinished analysis or not a factor.
    """
    for factor in review.factors:
        if not causal_successors(review, factor.id):
            yield (
                (factor.id,),
                f"factor {factor.id!r} contributes to nothing; link it contributed_to the "
                "episodes or factors it shaped, or remove it",
            )


@rule(
    "SR406",
    "frontline-only-finding",
    Severity.WARNING,
    "a finding's explaining factors do not all sit at frontline level",
)
def frontline_only_finding(review: Review, policy: Policy) -> Iterator[Breach]:
    """A finding explained by frontline factors alone blames individuals, not the system.

    The factors explaining a finding are those it is evidenced by directly and those
    upstream, through ``CONTRIBUTED_TO`` chains, of the episodes and factors it is
    evidenced by. If there are some and none sits at local strategic or national level,
    the analysis has stopped at the front line.
    """
    factor_ids = [f.id for f in review.factors]
    systemic = [f.id for f in review.factors if f.level is not Level.FRONTLINE]
    after_any, after_systemic = downstream(review, factor_ids), downstream(review, systemic)
    for finding in review.findings:
        evidence = [
            t
            for t in _targets(review, finding.id, LinkKind.EVIDENCED_BY)
            if review.kind_of(t) in (EntityKind.EPISODE, EntityKind.FACTOR)
        ]
        direct = [t for t in evidence if review.kind_of(t) is EntityKind.FACTOR]
        explained = bool(direct) or any(t in after_any for t in evidence)
        if not explained:
            continue
        levels = (getattr(review.get(t), "level", None) for t in direct)
        if any(level is not Level.FRONTLINE for level in levels):
            continue
        if not any(t in after_systemic for t in evidence):
            yield (
                (finding.id,),
                f"every factor explaining finding {finding.id!r} sits at frontline level; "
                "look for the local strategic or national conditions behind them",
            )


@rule(
    "SR407",
    "no-good-practice",
    Severity.WARNING,
    "the review records some good practice or a supportive factor",
)
def no_good_practice(review: Review, policy: Policy) -> Iterator[Breach]:
    """The systems approach learns from what went well as much as from what went wrong.

    A review with no episode appraised good, no supportive factor and no supportive
    finding has probably not looked.
    """
    if (
        any(e.appraisal is Appraisal.GOOD for e in review.episodes)
        or any(f.valence is Valence.SUPPORTIVE for f in review.factors)
        or any(f.valence is Valence.SUPPORTIVE for f in review.findings)
    ):
        return
    yield (
        (review.id,),
        f"review {review.id!r} records no good practice: no episode appraised good, no "
        "supportive factor or finding; record what went well too",
    )


@rule(
    "SR408",
    "single-agency",
    Severity.WARNING,
    "episodes involve at least two agencies",
)
def single_agency(review: Review, policy: Policy) -> Iterator[Breach]:
    """A multi-agency review looks at how agencies worked together.

    With fewer than two agencies involved in its episodes (directly, or through a
    practitioner who works for one), it cannot. Agencies count once however reached.
    """
    agencies = involved_agencies(review, (e.id for e in review.episodes))
    if len(agencies) < 2:
        named = ", ".join(map(repr, sorted(agencies))) or "none"
        yield (
            (review.id, *sorted(agencies)),
            f"the episodes of review {review.id!r} involve {len(agencies)} agency(ies) "
            f"({named}); link each episode involved with the agencies that acted",
        )


@rule(
    "SR409",
    "missing-local-rationality",
    Severity.WARNING,
    "every episode records the view at the time",
)
def missing_local_rationality(review: Review, policy: Policy) -> Iterator[Breach]:
    """Local rationality, why the practice made sense to those involved, is the heart of it.

    Without the view at the time, an episode is judged with hindsight alone. An episode
    whose ``view_at_the_time`` is empty but which has perspectives is not reported: each
    agency's view is given there, or the review says it could not establish it
    (``unknown``) or does not record it (``not_recorded``), which is a recorded fact.
    """
    for episode in review.episodes:
        if not episode.view_at_the_time.strip() and not episode.perspectives:
            yield (
                (episode.id,),
                f"episode {episode.id!r} records no view at the time; say why the practice "
                "made sense to those involved, or give each agency's perspective (with "
                "status 'unknown' or 'not_recorded' where the review has none)",
            )
