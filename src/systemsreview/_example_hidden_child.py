"""The second worked example: a recommendation-style serious case review, from public sources.

A four-year-old boy died in March 2012 of a head injury; he was severely malnourished. His
mother and her partner were convicted of his murder in 2013. The Local Safeguarding
Children Board's serious case review, published in September 2013 once the criminal trial
had ended, found that he had been "invisible" to the professionals around him: police had
been called to many incidents of domestic abuse in the household over six years; a broken
arm in early 2011 led to a child protection enquiry that accepted the adults' account;
at school he was seen taking food from bins and from other children, and losing weight,
and a paediatrician looked for a medical cause. He spoke little English, and no one spoke
with him through an interpreter. The board later published a deeper analysis of the case
and a report on the progress of its recommendations.

It is a review of the kind before Learning Together: agencies' individual management
reviews, an independent overview report, and recommendations addressed to agencies. The
example is written from the public record only (the published executive summary as
reported, and news reports of the trial), in roles, never names; where that record gives a
month or a year, so does the example, and the chronology is a small selection. It shows
what the first example cannot: a review whose timescale the public record cannot settle
(no decision date: SR305), a finding resting on several patterns, factors placed in the
agency where they sit, each agency's view of an episode, typed statutory processes, a
related review and parallel proceedings.
"""

from __future__ import annotations

from systemsreview.model import (
    AgeBand,
    Appraisal,
    EducationStatus,
    FamilyRole,
    IncidentKind,
    Level,
    LinkKind,
    Method,
    Pattern,
    Period,
    Perspective,
    Proceeding,
    ProceedingKind,
    ProceedingStatus,
    RelatedReview,
    Review,
    ReviewBuilder,
    ReviewerRole,
    ReviewKind,
    ReviewRelation,
    Sector,
    Sensitivity,
    Sex,
    SourceKind,
    StatutoryStatus,
    Valence,
    ViewStatus,
)

__all__ = ["hidden_child_review"]


def hidden_child_review() -> Review:
    """A recommendation-style serious case review (2013) of a child's death, from public sources."""
    b = ReviewBuilder(
        id="lscb-2013-hidden-child",
        title="Serious case review: a four-year-old boy who was not seen (2013)",
        kind=ReviewKind.SERIOUS_CASE_REVIEW,
        method=Method.INDIVIDUAL_MANAGEMENT_REVIEWS,
        incident=IncidentKind.DEATH,
        characteristics=("domestic_abuse", "neglect", "physical_abuse"),
        scope=Period("2006-01-01", "2012-03-03", start_precision="year"),
        commissioner="Local Safeguarding Children Board",
        incident_on="2012-03-03",
        aware="2012-03-03",
        published="2013-09-17",
        terms_of_reference=(
            "How well did agencies identify and respond to the boy's needs and the risks to him?",
            "Was the boy seen and heard, and his first language taken into account?",
            "How well did agencies share information about domestic abuse in the household?",
        ),
        delay_reason=(
            "Publication waited for the end of the criminal trial of the mother and her "
            "partner in 2013."
        ),
        parallel_proceedings=(
            Proceeding(
                ProceedingKind.CRIMINAL_TRIAL,
                status=ProceedingStatus.CONCLUDED,
                note="The mother and her partner were convicted of murder in 2013.",
            ),
        ),
        related=(
            RelatedReview(
                ReviewRelation.ANALYSED_FURTHER_IN,
                title="Deeper analysis of the case and progress report on the implementation "
                "of the recommendations (2014)",
            ),
        ),
    )
    b.reviewer(
        ReviewerRole.CHAIR,
        "independent",
        independent=True,
        lead=True,
        role_text="independent chair",
    )
    b.reviewer(ReviewerRole.OVERVIEW_AUTHOR, "independent", independent=True)

    csc = b.agency("csc", "Children's social care", Sector.SOCIAL_CARE)
    police = b.agency("police", "Police", Sector.POLICE)
    school = b.agency("school", "Primary school", Sector.EDUCATION)
    hospital = b.agency("hospital", "Hospital emergency department", Sector.HEALTH)
    community = b.agency(
        "community-health", "Community paediatrics and school nursing", Sector.HEALTH
    )
    gp = b.agency("gp", "General practice", Sector.HEALTH)

    officers = b.practitioner("police-officers", "response police officers", agency=police)
    social_workers = b.practitioner("social-workers", "social workers", agency=csc)
    teachers = b.practitioner("teachers", "class teacher and teaching assistants", agency=school)
    head = b.practitioner("head-teacher", "head teacher", agency=school)
    ed_staff = b.practitioner("ed-doctors", "emergency department doctors", agency=hospital)
    paediatrician = b.practitioner("paediatrician", "community paediatrician", agency=community)
    school_nurse = b.practitioner("school-nurse", "school nurse", agency=community)
    b.practitioner("gp-doctors", "general practitioners", agency=gp)

    imrs = b.source(
        "s-imrs",
        SourceKind.AGENCY_REPORT,
        "Individual management reviews of the agencies involved",
        sensitivity=Sensitivity.RESTRICTED,
    )
    overview = b.source(
        "s-overview",
        SourceKind.DOCUMENT,
        "The published overview report and executive summary of the serious case review",
    )
    trial = b.source(
        "s-trial",
        SourceKind.COURT,
        "Evidence given at the criminal trial, as reported in the press",
    )
    police_logs = b.source(
        "s-police-logs",
        SourceKind.RECORD,
        "Police records of domestic abuse incidents at the family's homes",
        sensitivity=Sensitivity.RESTRICTED,
    )
    school_records = b.source(
        "s-school-records",
        SourceKind.RECORD,
        "School records of the boy's hunger, weight and injuries",
        sensitivity=Sensitivity.RESTRICTED,
    )

    # Key practice episodes: how each agency saw the family, and why it made sense.
    incidents = b.episode(
        "kpe-domestic-incidents",
        "Police attend domestic abuse incidents as separate events",
        ("2006", "2011"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "Police were called to many incidents of domestic abuse, often involving "
            "alcohol, at the family's homes; each was handled as an incident between adults."
        ),
        view_at_the_time=(
            "Each call-out was an adult dispute to resolve; the children were not the focus "
            "of the response."
        ),
        hindsight="Together the incidents described the home the children lived in.",
        involved=(police, officers, csc),
        evidenced_by=(police_logs, imrs),
    )
    arm = b.episode(
        "kpe-broken-arm",
        "A broken arm leads to a child protection enquiry that accepts the adults' account",
        ("2011-01", "2011-02"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "The boy was brought to hospital with a broken arm some time after the injury; "
            "a strategy discussion and a section 47 enquiry followed, and the explanation "
            "given by the adults was accepted."
        ),
        view_at_the_time=(
            "The explanation was plausible and the adults appeared cooperative; nothing "
            "else known at the time seemed to contradict it."
        ),
        hindsight=(
            "The delay in seeking treatment and the history of domestic abuse called for "
            "more scepticism, and for the boy's own account."
        ),
        involved=(hospital, ed_staff, csc, social_workers, police),
        evidenced_by=(imrs, overview),
        perspectives=(
            Perspective(
                hospital,
                "A fracture with a plausible account, brought in by a parent; the child "
                "protection question was passed to children's social care.",
            ),
            Perspective(
                csc,
                "The medical view did not rule the explanation out, and the adults "
                "cooperated with the enquiry.",
            ),
            Perspective(police, status=ViewStatus.NOT_RECORDED),
        ),
    )
    school_seen = b.episode(
        "kpe-school-hunger",
        "School sees hunger, weight loss and injuries but does not refer",
        ("2011-09", "2012-03"),
        Appraisal.MIXED,
        what_happened=(
            "Staff saw the boy take food from other children and from bins, and saw marks "
            "on him; concerns were noted within the school, and his mother said he had an "
            "eating problem. No referral was made to children's social care."
        ),
        view_at_the_time=(
            "The mother's explanation of a medical eating problem was believed; staff "
            "waited for health services to find the cause."
        ),
        hindsight=(
            "Staff noticed and recorded what they saw; but a hungry, thin, bruised child is "
            "a child protection concern."
        ),
        involved=(school, teachers, head, community, school_nurse),
        evidenced_by=(school_records, imrs, trial),
    )
    paediatric = b.episode(
        "kpe-paediatric-weight",
        "A paediatrician assesses weight loss as a possible medical condition",
        ("2012-02", "2012-02"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "A community paediatrician saw the boy about his weight and looked for a "
            "medical cause; the school's observations of his hunger were not part of the "
            "picture, and no safeguarding referral followed."
        ),
        view_at_the_time="The referral asked a medical question, and it was answered as one.",
        hindsight="The history known to other agencies was not available to the paediatrician.",
        involved=(community, paediatrician),
        evidenced_by=(imrs, overview),
    )
    no_voice = b.episode(
        "kpe-no-voice",
        "No professional speaks with the boy, in his own language, about his life",
        ("2011-01", "2012-03"),
        Appraisal.PROBLEMATIC,
        what_happened=(
            "The boy's first language was not English and his English was limited; no "
            "interpreter was used to speak with him, and professionals relied on his mother."
        ),
        view_at_the_time="His mother's English was good enough to speak for him.",
        hindsight="He was never asked what was happening at home.",
        involved=(csc, school, hospital, community, police),
        evidenced_by=(overview, imrs),
        contributed_to=(arm, school_seen),
    )

    # A selection of the chronology, at the precision of the public record.
    chronology = (
        ("2006", "Police first called to domestic abuse in the household", police, incidents),
        (
            "2010",
            "Police attend further incidents; notifications to children's social care",
            police,
            incidents,
        ),
        ("2011-01", "The boy is brought to hospital with a broken arm", hospital, arm),
        ("2011-01", "Strategy discussion about the injury", csc, arm),
        ("2011-01", "Section 47 enquiry; the adults' account is accepted", csc, arm),
        ("2011-09", "The boy starts school", school, school_seen),
        (
            "2011",
            "School staff see him taking food from bins and other children",
            school,
            school_seen,
        ),
        ("2012-02", "Community paediatrician sees him about his weight", community, paediatric),
        ("2012-03-03", "The boy dies of a head injury", police, ()),
    )
    processes = {3: "referral", 4: "strategy_discussion", 5: "section_47_enquiry"}
    sources = {1: police_logs, 2: police_logs, 6: school_records, 7: school_records}
    for number, (when, what, agency, episode) in enumerate(chronology, start=1):
        b.event(
            f"ev-{number:02d}",
            when,
            what,
            involved=agency,
            part_of=episode,
            evidenced_by=sources.get(number, imrs if number < 9 else (overview, trial)),
            process=processes.get(number),
        )

    # Contributory factors, placed in the agency where they sit.
    optimism = b.factor(
        "f-adults-account-believed",
        "Professionals accepted the adults' explanations of injuries and hunger without "
        "testing them against what others knew",
        Level.FRONTLINE,
        "frontline.personal.reasoning",
        contributed_to=(arm, school_seen, paediatric),
        evidenced_by=(imrs, overview),
    )
    deception = b.factor(
        "f-deception",
        "The adults deceived professionals and presented a cooperative face",
        Level.FRONTLINE,
        "frontline.family.disguised_compliance",
        contributed_to=optimism,
        evidenced_by=(trial, overview),
    )
    language = b.factor(
        "f-language",
        "The boy's limited English and no interpreter for him: his account was never heard",
        Level.FRONTLINE,
        "frontline.family.culture",
        contributed_to=no_voice,
        evidenced_by=overview,
    )
    incident_response = b.factor(
        "f-incident-by-incident",
        "Domestic abuse notifications screened one by one, not assessed for the children",
        Level.LOCAL_STRATEGIC,
        "local_strategic.procedures_and_tools",
        contributed_to=incidents,
        evidenced_by=(police_logs, imrs),
        sits_in=(police, csc),
    )
    school_threshold = b.factor(
        "f-school-escalation",
        "No clear route in the school for escalating concerns about hunger and weight to "
        "children's social care",
        Level.LOCAL_STRATEGIC,
        "local_strategic.procedures_and_tools",
        contributed_to=school_seen,
        evidenced_by=(school_records, imrs),
        sits_in=school,
    )
    b.factor(
        "f-daily-contact",
        "Daily contact at school let staff notice and record the boy's hunger and marks",
        Level.FRONTLINE,
        "frontline.role.contact",
        valence=Valence.SUPPORTIVE,
        contributed_to=school_seen,
        evidenced_by=school_records,
        sits_in=school,
    )
    not_shared = b.factor(
        "f-not-shared",
        "Information held by police, school and health was not brought together",
        Level.LOCAL_STRATEGIC,
        "local_strategic.inter_agency",
        contributed_to=(paediatric, school_seen, arm),
        evidenced_by=overview,
    )
    b.link(deception, language, "contributed_to", note="he could not say what the adults hid")
    b.link(incident_response, not_shared, "contributed_to")
    b.link(school_threshold, not_shared, "contributed_to")

    invisible = b.finding(
        "finding-child-invisible",
        "The child was not seen or heard: professionals focused on the adults, accepted "
        "their accounts, and never spoke with him in his own language",
        Pattern.FAMILY_PROFESSIONAL,
        other_patterns=(Pattern.HUMAN_REASONING,),
        sub_patterns=("disguised_compliance", "rule_of_optimism"),
        in_this_case=(
            "Over six years and many contacts no professional asked the boy about his life; "
            "explanations of his injuries and hunger came from the adults and were believed."
        ),
        why_not_a_one_off=(
            "The same reliance on parents' accounts and the same missing voice of the child "
            "recur across published reviews."
        ),
        why_it_matters="A child who is not seen cannot be protected.",
        evidenced_by=(no_voice, arm, school_seen, optimism, deception),
    )
    fragments = b.finding(
        "finding-fragments",
        "Each agency held a fragment: domestic abuse, a fracture, hunger and weight loss "
        "were never put together",
        Pattern.INCIDENTS_AND_CRISES,
        other_patterns=(Pattern.LONGER_TERM_WORK,),
        sub_patterns=("referral_and_feedback",),
        in_this_case=(
            "Police knew of the domestic abuse, the hospital of the fracture, the school of "
            "the hunger and the paediatrician of the weight; no one saw all four."
        ),
        why_it_matters="Neglect becomes visible only when the fragments are combined.",
        evidenced_by=(incidents, paediatric, not_shared, incident_response),
    )

    b.recommendation(
        "rec-schools-escalate",
        "Schools should have clear procedures for recording and escalating concerns about "
        "children's hunger, weight and injuries to children's social care",
        addressee="Local Safeguarding Children Board and schools",
        rests_on=(invisible, fragments),
        addressed_to=school,
    )
    b.recommendation(
        "rec-interpreters",
        "Professionals should speak directly with children whose first language is not "
        "English, through an interpreter where needed",
        addressee="All agencies",
        rests_on=invisible,
        addressed_to=(csc, police, community, hospital, school),
    )
    b.recommendation(
        "rec-domestic-abuse-notifications",
        "Domestic abuse notifications should be assessed for their impact on the children "
        "in the household, and repeated notifications considered together",
        addressee="Police and children's social care",
        rests_on=fragments,
        addressed_to=(police, csc),
    )

    _case(b, concerning_the_boy=(arm, school_seen, paediatric, no_voice), household=incidents)
    return b.build()


def _case(b: ReviewBuilder, concerning_the_boy: tuple[str, ...], household: str) -> None:
    """The boy, his sibling, his mother and her partner, by role (the public record's)."""
    child = b.subject(
        "child",
        AgeBand.AGE_1_TO_5,
        sex=Sex.MALE,
        status=StatutoryStatus.NONE,
        education=EducationStatus.IN_SCHOOL,
        known_to_social_care=True,
        characteristics=("neglect", "physical_abuse"),
    )
    sibling = b.subject(
        "sibling", AgeBand.AGE_6_TO_10, status=StatutoryStatus.NONE, known_to_social_care=True
    )
    mother = b.family_member(
        "mother",
        FamilyRole.MOTHER,
        characteristics=("domestic_abuse", "parental_substance_misuse"),
        lives_with=(child, sibling),
        cares_for=(child, sibling),
    )
    partner = b.family_member(
        "mothers-partner",
        FamilyRole.MOTHERS_PARTNER,
        characteristics=("parental_substance_misuse",),
        lives_with=(child, sibling),
    )
    for episode in concerning_the_boy:
        b.link(episode, child, LinkKind.CONCERNS)
    for person in (mother, partner, child, sibling):
        b.link(household, person, LinkKind.CONCERNS)
