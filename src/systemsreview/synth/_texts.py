"""Phrase banks and prevalence tables for the synthetic generator.

All the made-up content lives here, as data: agency names and practitioner roles per
sector, chronology entries, episode titles, factor descriptions, finding statements per
pattern with their board questions, and the weights that make patterns and factor
categories skewed, year-dependent and co-occurring. No names of people appear anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping

from systemsreview.model import Pattern, Sector, SourceKind

__all__ = [
    "AGENCIES",
    "AREAS",
    "CONTACTS",
    "FINDINGS",
    "FINDING_THEMES",
    "HINDSIGHT",
    "PATTERN_AFFINITY",
    "PATTERN_TREND",
    "PROCESS_TEXTS",
    "SECTOR_VIEWS",
    "SOURCES",
    "TOPICS",
    "VIEWS",
]

AREAS = (
    "Northfield", "Eastbridge", "Westmoor", "Southdale", "Riverton", "Hillcrest", "Marshby",
    "Ashford Vale", "Kingsmere", "Oakham Cross", "Fenwick", "Highgate Water",
)  # fmt: skip

#: Sector -> (agency names, practitioner roles).
AGENCIES: Mapping[Sector, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Sector.SOCIAL_CARE: (
        ("Children's social care", "Early help service", "Multi-agency safeguarding hub"),
        ("duty social worker", "team manager", "family support worker", "independent reviewing officer"),
    ),
    Sector.POLICE: (
        ("Police", "Police public protection unit"),
        ("response officer", "domestic abuse officer", "child abuse investigation detective"),
    ),
    Sector.HEALTH: (
        ("Community health trust", "Hospital emergency department", "GP practice", "Maternity service"),
        ("health visitor", "GP", "emergency department nurse", "midwife", "school nurse", "paediatrician"),
    ),
    Sector.EDUCATION: (
        ("Primary school", "Secondary academy", "Pupil referral unit"),
        ("designated safeguarding lead", "class teacher", "attendance officer"),
    ),
    Sector.EARLY_YEARS: (("Children's centre", "Day nursery"), ("nursery key worker", "centre manager")),
    Sector.PROBATION: (("Probation service",), ("probation officer",)),
    Sector.HOUSING: (("Housing association", "Homelessness service"), ("housing officer", "tenancy support worker")),
    Sector.ADULT_SOCIAL_CARE: (("Adult social care",), ("adult social worker", "care coordinator")),
    Sector.SUBSTANCE_MISUSE: (("Drug and alcohol service",), ("recovery worker", "substance misuse nurse")),
    Sector.VOLUNTARY: (("Domestic abuse charity", "Young carers project"), ("independent domestic violence adviser", "project worker")),
}  # fmt: skip

#: What a sector's practitioners typically do in a chronology entry.
CONTACTS: Mapping[Sector, tuple[str, ...]] = {
    Sector.SOCIAL_CARE: (
        "receives a referral and records it as a contact",
        "makes a home visit and sees the parents",
        "holds a strategy discussion",
        "closes the case with advice",
        "completes a single assessment",
    ),
    Sector.POLICE: (
        "attends a domestic incident and notifies children's social care",
        "completes a risk assessment after a call-out",
        "makes a welfare check at the family home",
    ),
    Sector.HEALTH: (
        "sees the child at a routine appointment",
        "treats a minor injury and records the explanation given",
        "makes a home visit and notes concerns about the home",
        "writes to the GP about missed appointments",
    ),
    Sector.EDUCATION: (
        "notes the child arriving tired and hungry",
        "records a disclosure and passes it to the safeguarding lead",
        "follows up a run of absences",
    ),
    Sector.EARLY_YEARS: ("notices bruising and speaks to the parent", "records the child's late collection"),
    Sector.PROBATION: ("supervises the father after release", "shares a risk assessment"),
    Sector.HOUSING: ("responds to reports of noise and arguments", "begins eviction proceedings for arrears"),
    Sector.ADULT_SOCIAL_CARE: ("assesses the mother's care needs", "reviews a carer's assessment"),
    Sector.SUBSTANCE_MISUSE: ("sees the mother for a recovery appointment", "records a relapse"),
    Sector.VOLUNTARY: ("offers support after a domestic incident", "runs a safety planning session"),
}  # fmt: skip

#: Topics of key practice episodes: (title, what happened).
TOPICS = (
    ("responds to repeated domestic incidents", "Each incident was handled on its own and notified to other agencies."),
    ("assesses the family after a referral", "The assessment relied on the parents' account and was closed quickly."),
    ("follows up missed health appointments", "Letters were sent but nobody visited or spoke to the child."),
    ("works with the family at home", "Regular visits focused on the adults' needs."),
    ("shares concerns at a multi-agency meeting", "Information was shared but no one took the lead on next steps."),
    ("responds to an injury to the child", "The explanation given was accepted without a child protection medical."),
    ("supports the family through a housing crisis", "The family moved twice and records did not follow them."),
    ("works with the child in school", "Staff built a trusting relationship and passed on concerns."),
    ("manages a transfer between teams", "The case was handed over while a worker was absent."),
    ("plans for the father's release", "Risk information stayed within one agency."),
)  # fmt: skip

VIEWS = (
    "Each concern on its own fell below the threshold, and workloads were high.",
    "Staff believed another agency was already leading the work.",
    "The parents engaged well and seemed to accept advice.",
    "The procedures in use did not ask for the child's view at this stage.",
    "Managers encouraged quick closure to keep cases moving.",
    "The information available at the time did not suggest a wider pattern.",
    "Practitioners trusted the family's account, which was consistent.",
)

HINDSIGHT = (
    "Taken together the concerns called for an assessment of the child.",
    "The child's experience was not explored.",
    "Good practice that relied on individual commitment rather than the system.",
    "An opportunity to bring the agencies' information together was missed.",
)

#: Source kinds with a description template ({agency} for records).
SOURCES = (
    (SourceKind.CONVERSATION, "Conversations with the case group"),
    (SourceKind.CONVERSATION, "Structured conversations with front-line practitioners"),
    (SourceKind.DOCUMENT, "Local safeguarding procedures"),
    (SourceKind.DOCUMENT, "Multi-agency threshold document"),
    (SourceKind.AUDIT, "Audit of recent referrals to the front door"),
    (SourceKind.INSPECTION, "Most recent inspection report"),
    (SourceKind.FAMILY, "Conversations with family members"),
    (SourceKind.AUDIT, "Supervision records sample"),
)

#: Pattern -> (statements, board questions); the first statements recur most often.
FINDINGS: Mapping[Pattern, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Pattern.INCIDENTS_AND_CRISES: (
        (
            "Agencies respond to each incident on its own and do not build a picture of cumulative harm",
            "Out-of-hours responses are not followed up by day-time services",
            "Emergency attendances for children are not shared with community services",
        ),
        (
            "How does the board know that repeated incidents are recognised as a pattern?",
            "What would help out-of-hours services hand on their concerns reliably?",
            "Is the threshold for acting on a single incident understood in the same way by all agencies?",
        ),
    ),
    Pattern.LONGER_TERM_WORK: (
        (
            "Long-term work with neglect loses focus as cases drift between plans",
            "Step-down from child protection plans happens before change is sustained",
            "Parental engagement is taken as evidence of change",
        ),
        (
            "How do agencies review progress in long-term cases of neglect?",
            "What evidence of sustained change does the board expect before a plan ends?",
            "Are practitioners supported to tell engagement from change?",
        ),
    ),
    Pattern.HUMAN_REASONING: (
        (
            "Early views of a family are not revisited when new information arrives",
            "Professionals defer to the agency seen as lead instead of challenging",
            "Optimism about parents' capacity to change goes unchallenged",
        ),
        (
            "How do supervision arrangements help practitioners test their first view?",
            "Is professional challenge between agencies expected and supported?",
            "What helps managers notice fixed views?",
        ),
    ),
    Pattern.FAMILY_PROFESSIONAL: (
        (
            "Professionals do not routinely engage directly with children",
            "Fathers and male partners are not included in assessments",
            "Disguised compliance is not recognised by the agencies involved",
        ),
        (
            "Do agencies expect staff to talk to children whenever they can?",
            "How are fathers and partners routinely identified and engaged?",
            "Are there clear organisational messages about engaging children directly?",
        ),
    ),
    Pattern.TOOLS: (
        (
            "Risk assessment tools are completed as a checklist rather than used to think",
            "Case recording systems do not show the history of concerns",
            "Referral forms do not ask for the child's lived experience",
        ),
        (
            "Do the tools in use support judgement or replace it?",
            "Can practitioners see the history of a case at a glance?",
            "What would it take to redesign the referral form with front-line staff?",
        ),
    ),
    Pattern.MANAGEMENT_SYSTEMS: (
        (
            "Performance targets reward throughput over the quality of assessment",
            "Workloads in front-door teams exceed what supervision can support",
            "Commissioning changes disrupt relationships with families",
        ),
        (
            "What does the board learn from its performance indicators about quality?",
            "Is there a safe limit on caseloads and who monitors it?",
            "How are the effects of recommissioning on families considered?",
        ),
    ),
}

#: Pattern -> how its prevalence changes from the first year to the last (a log-weight slope).
PATTERN_TREND: Mapping[Pattern, tuple[float, float]] = {
    Pattern.FAMILY_PROFESSIONAL: (3.0, 0.0),
    Pattern.HUMAN_REASONING: (2.5, -0.4),
    Pattern.MANAGEMENT_SYSTEMS: (2.0, 0.6),
    Pattern.INCIDENTS_AND_CRISES: (1.5, 0.0),
    Pattern.LONGER_TERM_WORK: (1.5, -1.0),
    Pattern.TOOLS: (0.8, 1.5),
}

#: Pattern -> factor categories that tend to come with it (their weight is multiplied).
PATTERN_AFFINITY: Mapping[Pattern, tuple[str, ...]] = {
    Pattern.INCIDENTS_AND_CRISES: (
        "frontline.work_conditions.timing", "local_strategic.inter_agency", "national.guidance",
    ),
    Pattern.LONGER_TERM_WORK: (
        "frontline.family.engagement", "frontline.team.supervision", "local_strategic.procedures_and_tools",
    ),
    Pattern.HUMAN_REASONING: (
        "frontline.personal.reasoning", "frontline.personal.mindset", "local_strategic.culture",
    ),
    Pattern.FAMILY_PROFESSIONAL: (
        "frontline.role.focus", "frontline.team.custom_and_practice", "local_strategic.culture",
    ),
    Pattern.TOOLS: ("frontline.work_conditions.it", "local_strategic.procedures_and_tools", "national.it_systems"),
    Pattern.MANAGEMENT_SYSTEMS: (
        "frontline.work_conditions.workload", "local_strategic.performance_indicators", "national.targets",
    ),
}  # fmt: skip

#: Statutory process code -> what the chronology entry says ({social}: children's social
#: care, {other}: the other agency involved, such as the referrer or the police).
PROCESS_TEXTS: Mapping[str, str] = {
    "early_help_assessment": "{other} completes an early help assessment with the family",
    "referral": "{social} receives a referral about the child from {other}",
    "mash_screening": "{social} screens the referral with partner agencies at the front door",
    "child_and_family_assessment": "{social} starts a child and family assessment",
    "section_17_child_in_need": "{social} agrees a child in need plan with the family",
    "strategy_discussion": "{social} holds a strategy discussion with {other}",
    "section_47_enquiry": "{social} starts section 47 enquiries jointly with {other}",
    "initial_child_protection_conference": (
        "{social} holds an initial child protection conference, and the child is made subject "
        "to a child protection plan"
    ),
    "core_group": "{social} chairs the core group meeting that sets out the plan",
    "review_child_protection_conference": "{social} holds a review child protection conference",
    "pre_proceedings": "{social} sends a letter before proceedings and meets the parents",
    "care_proceedings": "{social} applies to the family court for a care order",
    "section_42_enquiry": "{other} makes a section 42 enquiry about the mother's safety",
}

#: Sector -> an agency's own view at the time of an episode (per-agency local rationality).
SECTOR_VIEWS: Mapping[Sector, tuple[str, ...]] = {
    Sector.SOCIAL_CARE: (
        "The referral did not meet the threshold for an assessment on its own.",
        "The duty team was carrying more cases than it could allocate.",
        "Social workers believed the school was monitoring the child.",
    ),
    Sector.POLICE: (
        "Officers did not know whether they should speak to the children.",
        "Each call-out was risk-assessed as standard on its own facts.",
    ),
    Sector.HEALTH: (
        "The mother was the patient, and her needs came first.",
        "Missed appointments were followed up by letter, as the policy said.",
        "Health staff assumed children's social care already knew.",
    ),
    Sector.EDUCATION: (
        "Staff passed concerns to the safeguarding lead and expected feedback.",
        "Absences were treated as an attendance matter.",
    ),
    Sector.EARLY_YEARS: ("The parent's explanation was plausible and consistent.",),
    Sector.PROBATION: ("Supervision focused on the father's offending, not the household.",),
    Sector.HOUSING: ("Noise complaints were handled as a tenancy matter.",),
    Sector.ADULT_SOCIAL_CARE: ("The assessment was of the mother's needs as an adult.",),
    Sector.SUBSTANCE_MISUSE: ("Engagement with treatment was taken as a sign of stability.",),
    Sector.VOLUNTARY: ("The service worked with the mother on her own safety plan.",),
}  # fmt: skip

#: Finding statement -> (other patterns it often also rests on, the sub-patterns it names).
FINDING_THEMES: Mapping[str, tuple[tuple[Pattern, ...], tuple[str, ...]]] = {
    "Agencies respond to each incident on its own and do not build a picture of cumulative harm": (
        (Pattern.HUMAN_REASONING,), ("wider_needs", "priority_setting"),
    ),
    "Out-of-hours responses are not followed up by day-time services": (
        (Pattern.MANAGEMENT_SYSTEMS,), ("referral_and_feedback", "reserve_capacity"),
    ),
    "Emergency attendances for children are not shared with community services": (
        (Pattern.TOOLS,), ("referral_and_feedback", "knowing_each_other"),
    ),
    "Long-term work with neglect loses focus as cases drift between plans": (
        (Pattern.MANAGEMENT_SYSTEMS,), ("assessment_as_process", "responsible_for_thinking"),
    ),
    "Step-down from child protection plans happens before change is sustained": (
        (Pattern.HUMAN_REASONING,), ("shared_responsibility", "clarity_of_roles"),
    ),
    "Parental engagement is taken as evidence of change": (
        (Pattern.FAMILY_PROFESSIONAL, Pattern.HUMAN_REASONING), ("assessment_as_process",),
    ),
    "Early views of a family are not revisited when new information arrives": (
        (Pattern.LONGER_TERM_WORK,), ("rule_of_optimism",),
    ),
    "Professionals defer to the agency seen as lead instead of challenging": (
        (Pattern.LONGER_TERM_WORK,), ("responsible_for_thinking", "clarity_of_roles"),
    ),
    "Optimism about parents' capacity to change goes unchallenged": (
        (Pattern.MANAGEMENT_SYSTEMS,), ("rule_of_optimism", "supervision"),
    ),
    "Professionals do not routinely engage directly with children": (
        (Pattern.MANAGEMENT_SYSTEMS,), ("covert_messages",),
    ),
    "Fathers and male partners are not included in assessments": (
        (Pattern.LONGER_TERM_WORK,), ("what_to_share",),
    ),
    "Disguised compliance is not recognised by the agencies involved": (
        (Pattern.HUMAN_REASONING,), ("disguised_compliance", "rule_of_optimism"),
    ),
    "Risk assessment tools are completed as a checklist rather than used to think": (
        (Pattern.HUMAN_REASONING,), ("assessment_forms",),
    ),
    "Case recording systems do not show the history of concerns": (
        (Pattern.INCIDENTS_AND_CRISES,), ("assessment_forms",),
    ),
    "Referral forms do not ask for the child's lived experience": (
        (Pattern.FAMILY_PROFESSIONAL,), ("needs_focused_framework", "assessment_forms"),
    ),
    "Performance targets reward throughput over the quality of assessment": (
        (Pattern.LONGER_TERM_WORK,), ("performance_indicators", "covert_messages"),
    ),
    "Workloads in front-door teams exceed what supervision can support": (
        (Pattern.INCIDENTS_AND_CRISES,), ("resource_demand", "supervision"),
    ),
    "Commissioning changes disrupt relationships with families": (
        (Pattern.FAMILY_PROFESSIONAL,), ("gaps_in_services", "funding_disputes"),
    ),
}  # fmt: skip
