"""The worked example's factors coded in another taxonomy, for the tests of taxonomy levels."""

from __future__ import annotations

#: One AcciMap code per Learning Together category of the worked example, at the same level
#: (four of the AcciMap's six levels).
ACCIMAP_OF_WORKED = {
    "frontline.personal.knowledge_and_skills": "accimap_activities.assessment",
    "frontline.role.contact": "accimap_activities.contact",
    "frontline.role.focus": "accimap_activities.assessment",
    "frontline.team.custom_and_practice": "accimap_activities.custom_and_practice",
    "local_strategic.culture": "accimap_company.culture",
    "local_strategic.inter_agency": "accimap_company.partnership",
    "local_strategic.performance_indicators": "accimap_management.procedures",
    "national.targets": "accimap_government.policy",
}
