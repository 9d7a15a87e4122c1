"""Worked examples built with the public API.

:func:`domestic_abuse_review` is the tutorial case of the documentation: the Learning
Together review of a domestic abuse case described by Munro and Fish (Community Care,
2011). Sixteen months under review, eleven sets of concerns shared with children's social
care, and no police officer or social worker ever asked the children for their views. Each
agency had its own reason, and the review traced them to custom and practice, a
throughput-driven team culture, feedback arrangements between agencies and national
timescales. Its finding asks the board questions instead of recommending training.

Names of people never appear: practitioners are roles. Dates are illustrative (the
published account gives the shape of the case, not its calendar).

The learning loop is illustrative too. The published account reports only the board
meeting, where the children's social care representative asked whether agencies audit
the quality of staff's direct engagement with children as they audit response rates to
complaints; the board's response and the two actions below are written in that spirit,
not taken from a source. One action is done; the other, still in progress, fell overdue
after its due date (it is reported when the review is judged on a later day):

>>> review = domestic_abuse_review()
>>> len(review.events), len(review.episodes), len(review.findings)
(11, 6, 1)
>>> [(a.id, a.status.value) for a in review.actions]
[('act-audit-engagement', 'done'), ('act-first-home-visits', 'in_progress')]
>>> from systemsreview.rules import Policy, check
>>> check(review), [v.code for v in check(review, policy=Policy(as_of="2013-06-01"))]
([], ['SR602'])
>>> sorted({f.level.value for f in review.factors})
['frontline', 'local_strategic', 'national']

:func:`hidden_child_review` is the second: a recommendation-style serious case review
(2013) of a four-year-old boy's death, written from the public record, with dates at the
precision that record gives, several patterns on a finding, factors placed in agencies,
typed statutory processes, parallel proceedings and a follow-up review
(:mod:`systemsreview._example_hidden_child` says how it was written). ``check`` gives only
the warning a reviewer would agree with: the public record gives no decision date, so the
review cannot be timed against the guidance.

>>> sorted(EXAMPLES)
['domestic-abuse', 'hidden-child']
>>> [v.code for v in check(hidden_child_review())]
['SR305']
"""

from __future__ import annotations

from collections.abc import Callable

from systemsreview._example_hidden_child import hidden_child_review
from systemsreview.model import (
    ActionStatus,
    AgeBand,
    Appraisal,
    Decision,
    EducationStatus,
    FamilyRole,
    IncidentKind,
    Level,
    LinkKind,
    Method,
    Pattern,
    Period,
    Review,
    ReviewBuilder,
    ReviewKind,
    Sector,
    Sensitivity,
    SourceKind,
    Valence,
)

__all__ = ["EXAMPLES", "domestic_abuse_review", "hidden_child_review"]


def domestic_abuse_review() -> Review:
    """The domestic abuse case of ``DOMAIN.md``, complete, as a :class:`Review`."""
    b = ReviewBuilder(
        id="lscb-2011-da",
        title="Serious case review: children living with domestic abuse",
        kind=ReviewKind.SERIOUS_CASE_REVIEW,
        methods=(Method.LEARNING_TOGETHER,),
        incident=IncidentKind.SERIOUS_HARM,
        characteristics=("domestic_abuse",),
        scope=Period("2010-01-01", "2011-04-30"),
        commissioner="Local Safeguarding Children Board",
        notified="2011-05-09",
        decided="2011-05-31",
        completed="2011-11-18",
        published="2012-01-23",
    )
    b.reviewer("lead reviewer", "Social Care Institute for Excellence", independent=True, lead=True)
    b.reviewer("lead reviewer", "independent consultant", independent=True, lead=True)

    # Agencies and the practitioners involved, by role.
    csc = b.agency("csc", "Children's social care", Sector.SOCIAL_CARE)
    police = b.agency("police", "Police", Sector.POLICE)
    maternity = b.agency("maternity", "Maternity and substance misuse service", Sector.HEALTH)
    school = b.agency("school", "Primary school", Sector.EDUCATION)
    hospital = b.agency("hospital", "Hospital paediatric department", Sector.HEALTH)
    b.reviewer("review team member", "Children's social care", independent=False, agency=csc)
    b.reviewer("review team member", "Police", independent=False, agency=police)

    officers = b.practitioner("police-officers", "response police officers", agency=police)
    midwife = b.practitioner("midwife", "substance misuse specialist midwife", agency=maternity)
    teacher = b.practitioner("teachers", "class teachers", agency=school)
    paediatrician = b.practitioner("paediatrician", "consultant paediatrician", agency=hospital)
    duty_sw = b.practitioner("duty-social-workers", "duty social workers", agency=csc)
    duty_manager = b.practitioner("duty-manager", "duty team manager", agency=csc)

    # Evidence sources.
    police_records = b.source(
        "s-police-records",
        SourceKind.RECORD,
        "Police domestic abuse incident logs",
        sensitivity=Sensitivity.RESTRICTED,
    )
    csc_records = b.source(
        "s-csc-records",
        SourceKind.RECORD,
        "Children's social care contact and referral records",
        sensitivity=Sensitivity.RESTRICTED,
    )
    case_group = b.source(
        "s-case-group", SourceKind.CONVERSATION, "Structured conversations with the case group"
    )
    duty_team = b.source(
        "s-duty-team",
        SourceKind.CONVERSATION,
        "Conversations with duty social workers and their managers",
    )
    procedures = b.source(
        "s-procedures", SourceKind.DOCUMENT, "Children's social care duty procedures"
    )
    performance = b.source(
        "s-performance", SourceKind.AUDIT, "Duty team performance reports on throughput"
    )

    # Key practice episodes.
    police_visits = b.episode(
        "kpe-police-callouts",
        "Police respond to domestic abuse call-outs without speaking to the children",
        ("2010-02-13", "2011-03-27"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "Officers attended repeated domestic abuse incidents at the family home and "
            "notified children's social care, but never sought the children's views."
        ),
        view_at_the_time=(
            "Officers did not know whether they were supposed to talk to the children, "
            "so they did not."
        ),
        hindsight="The children were old enough for their views to be sought.",
        involved=(police, officers),
        evidenced_by=(police_records, case_group),
    )
    midwife_visits = b.episode(
        "kpe-midwife-visits",
        "Specialist midwife visits the mother at home",
        ("2010-03-08", "2010-11-29"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "The specialist midwife went into the house regularly and shared concerns "
            "about the mother's drinking."
        ),
        view_at_the_time="The midwife saw the mother as her client, not the children.",
        hindsight="Regular home contact was a chance to notice the children's experience.",
        involved=(maternity, midwife),
        evidenced_by=case_group,
    )
    school_talks = b.episode(
        "kpe-school-talks",
        "Teachers talk with the children and share concerns",
        ("2010-05-18", "2011-02-14"),
        Appraisal.MIXED,
        what_happened=(
            "Teachers spoke with the children about things at home and passed their "
            "concerns to children's social care."
        ),
        view_at_the_time=(
            "Teachers were not aware of the other professionals involved or of the "
            "extent of the incidents, so the overall level of concern was not apparent."
        ),
        hindsight="Good direct engagement, limited by not seeing the whole picture.",
        involved=(school, teacher),
        evidenced_by=case_group,
    )
    paediatric = b.episode(
        "kpe-paediatric-assessment",
        "Consultant paediatrician sees the younger child",
        ("2010-09-21", "2010-09-21"),
        Appraisal.MIXED,
        what_happened="The paediatrician tried to engage the child during an assessment.",
        view_at_the_time=(
            "Engaging in earnest did not seem a priority: nothing suggested a wider pattern "
            "of concern."
        ),
        hindsight="Eleven sets of concerns were known elsewhere in the system.",
        involved=(hospital, paediatrician),
        evidenced_by=case_group,
    )
    first_visits = b.episode(
        "kpe-first-home-visits",
        "Duty social workers make 'first home visits' checking on the parents only",
        ("2010-04-12", "2011-04-04"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "Several concerns led to a 'first home visit' that checked the mother's "
            "condition and behaviour; the children were not spoken to and the case was "
            "not opened."
        ),
        view_at_the_time=(
            "In a first home visit social workers were not supposed to speak to the "
            "children, only to check on parental condition; it was common practice and "
            "kept cases from being logged as open."
        ),
        hindsight="No initial assessment was made despite mounting concerns.",
        involved=(csc, duty_sw, duty_manager),
        evidenced_by=(csc_records, duty_team),
    )
    separate_contacts = b.episode(
        "kpe-contacts-handled-separately",
        "Children's social care handles each of the eleven concerns as a separate contact",
        ("2010-02-15", "2011-03-28"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "Each notification was screened on its own; referrers received no feedback "
            "on the accumulating picture."
        ),
        view_at_the_time="Each contact alone fell below the threshold for assessment.",
        hindsight="Taken together the concerns called for an assessment of the children.",
        involved=(csc, duty_sw, police, school),
        evidenced_by=csc_records,
        contributed_to=(school_talks,),
    )

    # The shared chronology: the eleven sets of concerns.
    concerns = [
        (
            "2010-02-13",
            "Police attend a domestic abuse incident; notification to CSC",
            police,
            police_visits,
        ),
        (
            "2010-03-08",
            "Midwife shares concern about the mother's drinking",
            maternity,
            midwife_visits,
        ),
        (
            "2010-04-12",
            "Second police call-out; duty social worker makes a first home visit",
            csc,
            first_visits,
        ),
        ("2010-05-18", "School reports the elder child withdrawn and tired", school, school_talks),
        (
            "2010-06-30",
            "Police attend a further incident; notification to CSC",
            police,
            police_visits,
        ),
        (
            "2010-09-21",
            "Paediatrician assesses the younger child and writes to CSC",
            hospital,
            paediatric,
        ),
        (
            "2010-11-29",
            "Midwife reports renewed drinking and arguments at home",
            maternity,
            midwife_visits,
        ),
        (
            "2011-01-17",
            "Police attend an incident with injuries to the mother",
            police,
            police_visits,
        ),
        ("2011-02-14", "School shares a disclosure of shouting at home", school, school_talks),
        ("2011-03-27", "Police attend an incident; notification to CSC", police, police_visits),
        (
            "2011-04-04",
            "Duty social worker makes a first home visit; case not opened",
            csc,
            first_visits,
        ),
    ]
    for number, (when, what, agency, episode) in enumerate(concerns, start=1):
        b.event(
            f"ev-{number:02d}",
            when,
            what,
            involved=agency,
            part_of=episode,
            evidenced_by=csc_records,
        )

    # Contributory factors at all three levels, and one that supported practice.
    timescales = b.factor(
        "f-statutory-timescales",
        "Statutory timescales start once a case is logged as open, an incentive to avoid opening it",
        Level.NATIONAL,
        "national.targets",
        evidenced_by=procedures,
    )
    throughput = b.factor(
        "f-throughput-culture",
        "Performance-driven duty team culture: throughput prized above the quality of the work, "
        "known to managers and unchallenged",
        Level.LOCAL_STRATEGIC,
        "local_strategic.performance_indicators",
        evidenced_by=(performance, duty_team),
    )
    b.factor(
        "f-first-home-visit",
        "'First home visit' custom: an informal visit checking parents only, not a procedure",
        Level.FRONTLINE,
        "frontline.team.custom_and_practice",
        contributed_to=first_visits,
        evidenced_by=(duty_team, procedures),
    )
    police_unsure = b.factor(
        "f-police-unsure",
        "Officers unsure whether they should talk to children at domestic abuse incidents",
        Level.FRONTLINE,
        "frontline.personal.knowledge_and_skills",
        contributed_to=police_visits,
        evidenced_by=case_group,
    )
    b.factor(
        "f-mother-as-client",
        "The midwife's role focused on the mother as client",
        Level.FRONTLINE,
        "frontline.role.focus",
        contributed_to=midwife_visits,
        evidenced_by=case_group,
    )
    no_feedback = b.factor(
        "f-no-feedback",
        "No feedback to referrers: agencies could not see the number of professionals "
        "involved or the extent of the concerns",
        Level.LOCAL_STRATEGIC,
        "local_strategic.inter_agency",
        contributed_to=(school_talks, paediatric),
        evidenced_by=csc_records,
    )
    b.factor(
        "f-school-relationship",
        "Teachers' daily contact and relationship with the children",
        Level.FRONTLINE,
        "frontline.role.contact",
        valence=Valence.SUPPORTIVE,
        contributed_to=school_talks,
        evidenced_by=case_group,
    )
    b.factor(
        "f-child-centredness-messages",
        "Organisational messages about engaging directly with children are weak in every agency",
        Level.LOCAL_STRATEGIC,
        "local_strategic.culture",
        contributed_to=(police_unsure, "f-mother-as-client"),
        evidenced_by=case_group,
    )
    b.link(timescales, throughput, "contributed_to")
    b.link(throughput, "f-first-home-visit", "contributed_to")
    b.link(throughput, separate_contacts, "contributed_to")
    b.link(no_feedback, separate_contacts, "contributed_to", note="no one collated the concerns")

    b.finding(
        "finding-voice-of-child",
        "Professionals from different agencies do not routinely or adequately engage directly "
        "with children, even when many are involved and concerns are mounting",
        Pattern.FAMILY_PROFESSIONAL,
        in_this_case=(
            "Over 16 months and 11 sets of concerns no police officer or social worker sought "
            "the children's views, or assessed the impact of the domestic abuse on them."
        ),
        why_not_a_one_off=(
            "Each agency had its own reason, rooted in role definitions, custom and practice "
            "and organisational priorities rather than in individuals."
        ),
        prevalence=(
            "A common finding of case reviews; the case group recognised the first home visit "
            "custom as routine across the duty team."
        ),
        why_it_matters=(
            "Children are a key source of information about their own lives and have a right "
            "to take part in decisions about them; not engaging them threatens the reliability "
            "of the whole multi-agency system."
        ),
        questions=(
            "Do the board and member agencies want staff to take notice of and talk to "
            "children only when they legally have to, or is child-centredness expected more "
            "generally?",
            "Are there clear organisational messages from all agencies about the priority of "
            "engaging with children directly?",
            "Are these reinforced in what gets noticed and what gets praised?",
            "Do agencies have ways of identifying what gets in the way of this for different "
            "professional groups, so they might be tackled?",
            "With the removal of statutory timescales, what other priorities might supersede "
            "the priority given to child-centredness?",
        ),
        evidenced_by=(police_visits, midwife_visits, first_visits, school_talks, paediatric),
    )

    _learning_loop(b, csc, throughput)
    _case(
        b,
        children_seen_in=(police_visits, school_talks, paediatric, first_visits, separate_contacts),
        mother_seen_in=(midwife_visits, first_visits),
    )
    return b.build()


def _learning_loop(b: ReviewBuilder, csc: str, throughput: str) -> None:
    """The board's response and two actions (illustrative: see the module's docstring)."""
    b.response(
        "res-board-voice-of-child",
        Decision.ACCEPTED,
        "2012-03-15",
        text=(
            "The board accepted the finding. Its members asked what they 'lean on' staff for, "
            "and whether the quality of staff's direct engagement with children is audited "
            "as response rates to complaints are."
        ),
        answers=(
            "Are these reinforced in what gets noticed and what gets praised?",
            "Do agencies have ways of identifying what gets in the way of this for different "
            "professional groups, so they might be tackled?",
        ),
        responds_to="finding-voice-of-child",
    )
    b.action(
        "act-audit-engagement",
        "Audit the quality of staff's direct engagement with children, as response rates to "
        "complaints are audited, and report it to the board",
        status=ActionStatus.DONE,
        agreed="2012-03-15",
        due="2012-09-30",
        completed="2012-09-14",
        evidence="The audit report went to the board.",
        addresses=("finding-voice-of-child", "f-child-centredness-messages"),
        owned_by=csc,
    )
    b.action(
        "act-first-home-visits",
        "Log every first home visit as a contact, seeing the children, and stop counting "
        "throughput alone in the duty team's performance reports",
        status=ActionStatus.IN_PROGRESS,
        agreed="2012-03-15",
        due="2012-12-31",
        addresses=("finding-voice-of-child", "f-first-home-visit", throughput),
        owned_by=csc,
    )


def _case(
    b: ReviewBuilder, children_seen_in: tuple[str, ...], mother_seen_in: tuple[str, ...]
) -> None:
    """The children at the centre of the case and their family, linked to the episodes."""
    # The case: the children at its centre and their family, as far as the source tells
    # (Munro and Fish's account). Two children of primary school age (class teachers and a
    # primary school), whose sex the account does not give; children's social care knew
    # them (11 sets of concerns) but never opened a case ("first home visits"), so no
    # statutory status. The mother, the midwife's client, misused substances; the account
    # names no other adult, so none is recorded.
    children = [
        b.subject(
            child,
            AgeBand.AGE_6_TO_10,
            education=EducationStatus.IN_SCHOOL,
            known_to_social_care=True,
        )
        for child in ("child-a", "child-b")
    ]
    mother = b.family_member(
        "mother",
        FamilyRole.MOTHER,
        characteristics=("parental_substance_misuse",),
        lives_with=children,
        cares_for=children,
    )
    for episode in children_seen_in:
        for child in children:
            b.link(episode, child, LinkKind.CONCERNS)
    for episode in mother_seen_in:
        b.link(episode, mother, LinkKind.CONCERNS)


#: The bundled worked examples by name (``systemsreview check example:hidden-child``).
EXAMPLES: dict[str, Callable[[], Review]] = {
    "domestic-abuse": domestic_abuse_review,
    "hidden-child": hidden_child_review,
}
