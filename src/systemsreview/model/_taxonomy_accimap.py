"""Rasmussen's AcciMap levels as a taxonomy that brings its own levels, as data.

The AcciMap (Rasmussen 1997; Svedung and Rasmussen 2002) lays the causes of an accident out
on six levels of a sociotechnical system, from government down to the equipment at the
scene. :data:`ACCIMAP` declares those six levels (:class:`TaxonomyLevel`), maps each to the
systems :class:`~systemsreview.model.Level` that rules and analytics use (the two top levels
national, the two management levels local strategic, the two bottom levels frontline) and
holds a small set of codes beneath each, worded for multi-agency child protection.

Codes start with their level's code (``"accimap_regulators.inspection"``), so a factor's
taxonomy level is read off its category:

>>> ACCIMAP.taxonomy_level("accimap_regulators.inspection").label
'regulatory bodies and associations'
>>> ACCIMAP.level_of("accimap_regulators.inspection")
<Level.NATIONAL: 'national'>
>>> [lv.level.value for lv in ACCIMAP.levels]  # doctest: +NORMALIZE_WHITESPACE
['national', 'national', 'local_strategic', 'local_strategic', 'frontline', 'frontline']
"""

from __future__ import annotations

from systemsreview.model._taxonomy import Taxonomy, TaxonomyLevel, register_taxonomy
from systemsreview.model._vocab import Level

__all__ = ["ACCIMAP", "ACCIMAP_LEVELS"]

#: The six AcciMap levels, top of the system first (Rasmussen 1997; Svedung and Rasmussen
#: 2002), each with the systems level it maps to.
ACCIMAP_LEVELS: tuple[TaxonomyLevel, ...] = (
    TaxonomyLevel(
        "accimap_government",
        "government: policy and budgeting",
        Level.NATIONAL,
        "Legislation, national policy and budgets: what government decides and funds.",
    ),
    TaxonomyLevel(
        "accimap_regulators",
        "regulatory bodies and associations",
        Level.NATIONAL,
        "Regulators, inspectorates and professional bodies and associations: the "
        "standards, guidance and inspection they set.",
    ),
    TaxonomyLevel(
        "accimap_company",
        "local area government and company management",
        Level.LOCAL_STRATEGIC,
        "The local authority and the agencies' senior management, and the partnership "
        "between them: planning, budgeting, priorities and arrangements.",
    ),
    TaxonomyLevel(
        "accimap_management",
        "technical and operational management",
        Level.LOCAL_STRATEGIC,
        "Operational managers of the teams and services: procedures, allocation of work "
        "and staff, supervision and case management.",
    ),
    TaxonomyLevel(
        "accimap_activities",
        "physical processes and actor activities",
        Level.FRONTLINE,
        "What the practitioners, the child and the family did at the time.",
    ),
    TaxonomyLevel(
        "accimap_equipment",
        "equipment and surroundings",
        Level.FRONTLINE,
        "The tools, records, IT and physical surroundings the work was done with and in.",
    ),
)

ACCIMAP = Taxonomy.from_levels(
    "accimap",
    "AcciMap levels (Rasmussen 1997; Svedung and Rasmussen 2002)",
    ACCIMAP_LEVELS,
    {
        "accimap_government": {
            "legislation": ("legislation", {}),
            "policy": ("national policy and targets", {}),
            "budgets": ("national budgets and funding", {}),
        },
        "accimap_regulators": {
            "guidance": ("statutory guidance and standards", {}),
            "inspection": ("inspection and regulation", {}),
            "professional_bodies": ("professional bodies and associations", {}),
        },
        "accimap_company": {
            "planning_and_budgeting": ("planning and budgeting", {}),
            "partnership": ("multi-agency partnership arrangements", {}),
            "culture": ("organisational culture and priorities", {}),
        },
        "accimap_management": {
            "procedures": ("operational procedures", {}),
            "staffing": ("staffing and allocation of work", {}),
            "supervision": ("supervision and case management", {}),
        },
        "accimap_activities": {
            "assessment": ("assessment and decision making", {}),
            "communication": ("communication between practitioners", {}),
            "contact": ("contact with the child and family", {}),
            "custom_and_practice": ("custom and practice of the team", {}),
            "family": ("what the family did", {}),
        },
        "accimap_equipment": {
            "records": ("records and IT systems", {}),
            "tools": ("forms and assessment tools", {}),
            "surroundings": ("physical surroundings", {}),
        },
    },
)

register_taxonomy(ACCIMAP)
