"""Contributory-factor taxonomies as data: named trees of codes, and a crosswalk between them.

A factor's ``category`` is a code of a registered taxonomy. Two taxonomies ship:

* :data:`LEARNING_TOGETHER` (the default): the SCIE model's factor types, frontline
  (family, personal, role, conditions of work, team), local strategic and national, with
  their sub-factors. Its codes are plain dotted paths such as ``"frontline.team"``.
* :data:`LONDON_PROTOCOL`: Vincent's contributory factor levels, codes prefixed
  ``"london."`` (``"london.work_environment"``); its seven levels, from the patient (here
  the child and family) up to the institutional context, are its own
  (:class:`TaxonomyLevel`), each mapped to a systems level.

Every code carries the :class:`~systemsreview.model.Level` it sits at, so a factor's level
and category can be checked against each other. A taxonomy may also bring its own ordered
levels as data (:class:`TaxonomyLevel`, such as the six of Rasmussen's AcciMap): each of its
codes then belongs to the level named by its first segment, and each level says which
systems level it maps to, so rules and analytics that use ``Level`` keep working.

:data:`CROSSWALK` maps each Learning Together code to the London Protocol code that covers
it, so reviews coded in either can be compared.

>>> LEARNING_TOGETHER["frontline.team.custom_and_practice"].label
'custom and practice'
>>> LEARNING_TOGETHER.level_of("local_strategic.performance_indicators")
<Level.LOCAL_STRATEGIC: 'local_strategic'>
>>> crosswalk("frontline.team.custom_and_practice")
'london.team'
>>> LEARNING_TOGETHER.taxonomy_level("frontline.team.supervision").label
'frontline'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

import attrs

from systemsreview.errors import ModelError
from systemsreview.model._taxonomy_levels import (
    SYSTEMS_LEVELS,
    TaxonomyLevel,
    check_levels,
    level_for,
    to_levels,
)
from systemsreview.model._vocab import Level

__all__ = [
    "CROSSWALK",
    "LEARNING_TOGETHER",
    "LONDON_PROTOCOL",
    "SYSTEMS_LEVELS",
    "Code",
    "Taxonomy",
    "TaxonomyLevel",
    "crosswalk",
    "find_code",
    "get_taxonomy",
    "register_taxonomy",
    "taxonomies",
    "taxonomy_level",
    "taxonomy_of",
]


@attrs.frozen
class Code:
    """One code of a taxonomy: its dotted path, a label, the level it sits at, what it covers.

    ``description`` says what the code covers where its label alone could mislead (empty
    for codes whose label says it all).
    """

    code: str
    label: str
    level: Level
    description: str = ""

    @property
    def parent(self) -> str | None:
        """The code one step up the tree, or ``None`` at the top."""
        head, dot, _ = self.code.rpartition(".")
        return head if dot else None


@attrs.frozen
class Taxonomy(Mapping[str, Code]):
    """A named tree of codes, read-only, looked up by code.

    Build one with :meth:`from_tree`, giving nested ``(label, level, children)`` entries,
    or with :meth:`from_levels`, giving the taxonomy's own levels and the codes under each.

    A taxonomy that declares ``levels`` is checked when built: every level is a code of it
    and none nests in another, the levels run in one direction (national down to frontline,
    or frontline up), every code is a level or sits under one (or is the root they all sit
    under), and every code sits at the systems level its taxonomy level maps to. One that
    declares none is banded by the three systems levels (:data:`SYSTEMS_LEVELS`), by the
    level each code sits at.
    """

    name: str
    title: str
    _codes: Mapping[str, Code] = attrs.field(alias="codes", repr=False, hash=False)
    _levels: tuple[TaxonomyLevel, ...] = attrs.field(
        alias="levels", default=(), converter=to_levels, kw_only=True, repr=False
    )

    def __attrs_post_init__(self) -> None:
        check_levels(self.name, self._codes, self._levels)

    @property
    def levels(self) -> tuple[TaxonomyLevel, ...]:
        """The taxonomy's own levels in order, or the three systems levels if it has none."""
        return self._levels or SYSTEMS_LEVELS

    @property
    def has_own_levels(self) -> bool:
        """Whether the taxonomy declares its own levels."""
        return bool(self._levels)

    def taxonomy_level(self, code: str) -> TaxonomyLevel:
        """The taxonomy's level a code belongs to: the level it is or sits under.

        A taxonomy without levels of its own, and the root above a taxonomy's own levels
        (the London Protocol's ``"london"``), give the systems level the code sits at.

        Raises:
            KeyError: for a code the taxonomy does not hold.
        """
        found = self._codes[code]
        if self._levels:
            own = level_for(code, {lv.code: lv for lv in self._levels})
            if own is not None:
                return own
        # no levels of its own, or the root above them ("london"): its systems level
        return next(lv for lv in SYSTEMS_LEVELS if lv.level is found.level)

    @classmethod
    def from_levels(
        cls,
        name: str,
        title: str,
        levels: Sequence[TaxonomyLevel],
        codes: Mapping[str, Mapping[str, _Sub]],
        descriptions: Mapping[str, str] | None = None,
    ) -> Taxonomy:
        """Build a taxonomy from its own levels and nested ``{key: (label, {children})}`` codes.

        Each level becomes a top code (with the level's label and description); ``codes``
        gives, per level code, the codes beneath it, which sit at the level's systems level.

        Raises:
            ModelError: for codes under a level that is not declared, or a description of a
                code the taxonomy does not hold.
        """
        declared = {lv.code: lv for lv in levels}
        stray = sorted(set(codes) - set(declared))
        if stray:
            msg = (
                f"Taxonomy {name!r}: codes given under {stray}, which are not among its "
                f"levels ({', '.join(declared)}); declare those levels or move the codes"
            )
            raise ModelError(msg)

        def nodes(level: Level, subs: Mapping[str, _Sub]) -> dict[str, _Node]:
            return {key: (label, level, nodes(level, kids)) for key, (label, kids) in subs.items()}

        tree = {
            lv.code: (lv.label, lv.level, nodes(lv.level, codes.get(lv.code, {}))) for lv in levels
        }
        described = {lv.code: lv.description for lv in levels if lv.description}
        described.update(descriptions or {})
        return cls.from_tree(name, title, tree, described, levels=levels)

    @classmethod
    def from_tree(
        cls,
        name: str,
        title: str,
        tree: Mapping[str, _Node],
        descriptions: Mapping[str, str] | None = None,
        *,
        levels: Sequence[TaxonomyLevel] = (),
    ) -> Taxonomy:
        """Build a taxonomy from nested ``{key: (label, level, {child_key: ...})}`` entries.

        A child's code is its parent's code, a dot, and its key; ``descriptions`` gives
        codes a description by code; ``levels`` declares the taxonomy's own levels.

        Raises:
            ModelError: for a description of a code the tree does not hold, or levels that
                do not fit the codes (see :class:`Taxonomy`).
        """
        described = dict(descriptions or {})
        codes: dict[str, Code] = {}

        def walk(prefix: str, nodes: Mapping[str, _Node]) -> None:
            for key, (label, level, children) in nodes.items():
                code = f"{prefix}{key}"
                codes[code] = Code(code, label, level, described.pop(code, ""))
                walk(f"{code}.", children)

        walk("", tree)
        if described:
            msg = f"Taxonomy {name!r}: descriptions of codes it does not hold: {sorted(described)}"
            raise ModelError(msg)
        return cls(name, title, codes=codes, levels=levels)

    def __getitem__(self, code: str) -> Code:
        return self._codes[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def level_of(self, code: str) -> Level:
        """The level a code sits at."""
        return self._codes[code].level

    def children(self, code: str | None = None) -> tuple[Code, ...]:
        """The codes directly below ``code`` (the top codes when ``code`` is ``None``)."""
        return tuple(c for c in self._codes.values() if c.parent == code)


_Node = tuple[str, Level, Mapping[str, "_Node"]]
_Sub = tuple[str, Mapping[str, "_Sub"]]


F, L, N = Level.FRONTLINE, Level.LOCAL_STRATEGIC, Level.NATIONAL


def _leaves(level: Level, *pairs: tuple[str, str]) -> dict[str, _Node]:
    return {key: (label, level, {}) for key, label in pairs}


#: What the codes added for issue 14 cover (the 2008 guide's and the Panel's terms).
_LT_DESCRIPTIONS: Mapping[str, str] = {
    "frontline.family.disguised_compliance": (
        "A parent or carer deceives professionals or appears to cooperate to allay their "
        "concerns (disguised compliance), so that risk is not seen or is underestimated."
    ),
    "frontline.personal.training": (
        "The training the practitioner had, or lacked, for the task in hand; not a "
        "remedy: say what about the training shaped practice."
    ),
    "frontline.team.management_oversight": (
        "Whether a manager reviewed, challenged or directed the work on this case "
        "(case direction, sign-off, escalation), apart from reflective supervision."
    ),
    "local_strategic.management_oversight": (
        "The agency's arrangements for management oversight and supervision: their "
        "frequency, focus (compliance or reflection) and capacity."
    ),
    "local_strategic.training": (
        "The agency's or partnership's training and workforce development: what is "
        "offered, to whom, and whether it is multi-agency."
    ),
}

LEARNING_TOGETHER = Taxonomy.from_tree(
    "learning_together",
    "Learning Together contributory factor types (SCIE, 2008)",
    {
        "frontline": (
            "frontline",
            F,
            {
                "family": (
                    "aspects of the family",
                    F,
                    _leaves(
                        F,
                        ("nature_of_problems", "nature of the problems"),
                        ("engagement", "willingness to engage"),
                        ("number_of_children", "number of children"),
                        ("dynamics", "complexity of family dynamics"),
                        ("culture", "culture"),
                        ("age", "age"),
                        ("disguised_compliance", "deception and disguised compliance"),
                    ),
                ),
                "personal": (
                    "personal (staff) aspects",
                    F,
                    _leaves(
                        F,
                        ("knowledge_and_skills", "knowledge and skills"),
                        ("mindset", "mindset"),
                        ("reasoning", "human reasoning"),
                        ("attention", "attention"),
                        ("fatigue", "illness, tiredness or burnout"),
                        ("motivation", "motivation"),
                        ("training", "training received"),
                    ),
                ),
                "role": (
                    "aspects of the role",
                    F,
                    _leaves(
                        F,
                        ("contact", "frequency and place of contact"),
                        ("focus", "focus of concern"),
                    ),
                ),
                "work_conditions": (
                    "conditions of work",
                    F,
                    _leaves(
                        F,
                        ("staffing", "staffing"),
                        ("workload", "workload"),
                        ("timing", "timing"),
                        ("support", "administrative and managerial support"),
                        ("it", "IT"),
                    ),
                ),
                "team": (
                    "own team",
                    F,
                    _leaves(
                        F,
                        ("culture", "team culture"),
                        ("supervision", "supervision"),
                        ("custom_and_practice", "custom and practice"),
                        ("management_oversight", "management oversight of the case"),
                    ),
                ),
            },
        ),
        "local_strategic": (
            "local strategic",
            L,
            _leaves(
                L,
                ("resources", "resources against demand"),
                ("performance_indicators", "performance indicators"),
                ("procedures_and_tools", "procedures and tools"),
                ("inter_agency", "inter-agency arrangements"),
                ("commissioning", "commissioning"),
                ("culture", "organisational culture and covert messages"),
                ("management_oversight", "management oversight and supervision arrangements"),
                ("training", "training and workforce development"),
            ),
        ),
        "national": (
            "national",
            N,
            _leaves(
                N,
                ("law", "law"),
                ("guidance", "statutory guidance"),
                ("inspection", "inspection"),
                ("targets", "national targets"),
                ("funding", "funding"),
                ("it_systems", "national IT systems"),
            ),
        ),
    },
    _LT_DESCRIPTIONS,
    levels=SYSTEMS_LEVELS,
)

LONDON_PROTOCOL = Taxonomy.from_tree(
    "london_protocol",
    "London Protocol contributory factor framework (Vincent et al., 2004)",
    {
        "london": (
            "London Protocol",
            F,
            {
                "patient": (
                    "patient (child and family)",
                    F,
                    _leaves(
                        F,
                        ("condition", "condition"),
                        ("communication", "language and communication"),
                        ("social", "personality and social factors"),
                    ),
                ),
                "task": (
                    "task and technology",
                    F,
                    _leaves(
                        F,
                        ("design", "task design"),
                        ("protocols", "protocols"),
                        ("test_results", "test results"),
                        ("decision_aids", "decision aids"),
                    ),
                ),
                "individual": (
                    "individual staff",
                    F,
                    _leaves(
                        F,
                        ("knowledge_and_skills", "knowledge and skills"),
                        ("competence", "competence"),
                        ("health", "physical and mental health"),
                    ),
                ),
                "team": (
                    "team",
                    F,
                    _leaves(
                        F,
                        ("verbal", "verbal communication"),
                        ("written", "written communication"),
                        ("supervision", "supervision and seeking help"),
                        ("structure", "team structure"),
                    ),
                ),
                "work_environment": (
                    "work environment",
                    F,
                    _leaves(
                        F,
                        ("staffing", "staffing and skill mix"),
                        ("workload", "workload and shifts"),
                        ("equipment", "equipment"),
                        ("support", "administrative and managerial support"),
                        ("physical", "physical environment"),
                    ),
                ),
                "organisation": (
                    "organisation and management",
                    L,
                    _leaves(
                        L,
                        ("resources", "resources"),
                        ("structure", "organisational structure"),
                        ("policies", "policies and goals"),
                        ("culture", "safety culture and priorities"),
                    ),
                ),
                "institutional": (
                    "institutional context",
                    N,
                    _leaves(
                        N,
                        ("economic", "economic and regulatory context"),
                        ("national_bodies", "national bodies"),
                    ),
                ),
            },
        ),
    },
    levels=tuple(
        TaxonomyLevel(f"london.{key}", label, level)
        for key, label, level in (
            ("patient", "patient (child and family) factors", F),
            ("task", "task and technology factors", F),
            ("individual", "individual (staff) factors", F),
            ("team", "team factors", F),
            ("work_environment", "work environment factors", F),
            ("organisation", "organisational and management factors", L),
            ("institutional", "institutional context factors", N),
        )
    ),
)

#: Learning Together code -> the London Protocol code that covers it. Codes not listed map
#: through their nearest listed ancestor (see :func:`crosswalk`).
CROSSWALK: Mapping[str, str] = {
    "frontline": "london",
    "frontline.family": "london.patient",
    "frontline.family.culture": "london.patient.communication",
    "frontline.family.nature_of_problems": "london.patient.condition",
    "frontline.family.engagement": "london.patient.social",
    "frontline.family.dynamics": "london.patient.social",
    "frontline.personal": "london.individual",
    "frontline.personal.knowledge_and_skills": "london.individual.knowledge_and_skills",
    "frontline.personal.fatigue": "london.individual.health",
    "frontline.personal.training": "london.individual.knowledge_and_skills",
    "frontline.role": "london.task",
    "frontline.role.focus": "london.task.design",
    "frontline.work_conditions": "london.work_environment",
    "frontline.work_conditions.staffing": "london.work_environment.staffing",
    "frontline.work_conditions.workload": "london.work_environment.workload",
    "frontline.work_conditions.timing": "london.work_environment.workload",
    "frontline.work_conditions.support": "london.work_environment.support",
    "frontline.work_conditions.it": "london.work_environment.equipment",
    "frontline.team": "london.team",
    "frontline.team.supervision": "london.team.supervision",
    "local_strategic": "london.organisation",
    "local_strategic.resources": "london.organisation.resources",
    "local_strategic.performance_indicators": "london.organisation.policies",
    "local_strategic.procedures_and_tools": "london.organisation.policies",
    "local_strategic.inter_agency": "london.organisation.structure",
    "local_strategic.commissioning": "london.organisation.resources",
    "local_strategic.culture": "london.organisation.culture",
    "local_strategic.management_oversight": "london.organisation.structure",
    "local_strategic.training": "london.organisation.resources",
    "national": "london.institutional",
    "national.funding": "london.institutional.economic",
    "national.law": "london.institutional.economic",
    "national.inspection": "london.institutional.national_bodies",
    "national.guidance": "london.institutional.national_bodies",
    "national.targets": "london.institutional.national_bodies",
    "national.it_systems": "london.institutional.national_bodies",
}

_REGISTRY: dict[str, Taxonomy] = {}


def register_taxonomy(taxonomy: Taxonomy) -> Taxonomy:
    """Make a taxonomy's codes valid factor categories.

    Raises:
        ModelError: when one of its codes already belongs to another registered taxonomy.
    """
    for other in _REGISTRY.values():
        if other.name == taxonomy.name:
            continue
        clash = next((c for c in taxonomy if c in other), None)
        if clash is not None:
            msg = (
                f"taxonomy {taxonomy.name!r}: code {clash!r} already belongs to taxonomy "
                f"{other.name!r}; prefix your codes (for example {taxonomy.name}.{clash})"
            )
            raise ModelError(msg)
    _REGISTRY[taxonomy.name] = taxonomy
    return taxonomy


def taxonomies() -> tuple[Taxonomy, ...]:
    """The registered taxonomies, the default (Learning Together) first."""
    return tuple(_REGISTRY.values())


def get_taxonomy(name: str) -> Taxonomy:
    """The registered taxonomy called ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        msg = f"no taxonomy named {name!r}; registered: {', '.join(_REGISTRY)}"
        raise ModelError(msg) from None


def find_code(code: str) -> Code | None:
    """The registered code ``code``, whichever taxonomy holds it, or ``None``."""
    for taxonomy in _REGISTRY.values():
        found = taxonomy.get(code)
        if found is not None:
            return found
    return None


def taxonomy_of(code: str) -> Taxonomy:
    """The registered taxonomy that holds ``code``.

    Raises:
        ModelError: for a code no registered taxonomy holds.
    """
    for taxonomy in _REGISTRY.values():
        if code in taxonomy:
            return taxonomy
    raise ModelError(unknown_code_message(code))


class _Categorised(Protocol):
    @property
    def category(self) -> str: ...


def taxonomy_level(factor: _Categorised | str) -> TaxonomyLevel:
    """The taxonomy level of a factor (or of a category), in the taxonomy that holds it.

    The result's ``.level`` is always the factor's systems level (a factor's level must
    agree with its category's).

    >>> taxonomy_level("london.organisation.culture").code
    'london.organisation'
    >>> taxonomy_level("accimap_management.supervision").label
    'technical and operational management'

    Raises:
        ModelError: for a category no registered taxonomy holds.
    """
    category = factor if isinstance(factor, str) else factor.category
    return taxonomy_of(category).taxonomy_level(category)


def unknown_code_message(code: str) -> str:
    """Say that ``code`` is unknown, with the closest codes and where to find all of them."""
    known = [c for t in _REGISTRY.values() for c in t]
    close = difflib.get_close_matches(code, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    tops = ", ".join(c.code for t in _REGISTRY.values() for c in t.children())
    return (
        f"{code!r} is not a code of a registered taxonomy{hint} "
        f"(top-level codes: {tops}; list them all with systemsreview.taxonomies(), "
        "or add yours with register_taxonomy())"
    )


def crosswalk(code: str, to: str = "london_protocol") -> str:
    """Translate a factor category into the other shipped taxonomy.

    Learning Together codes map to London Protocol codes, through their nearest ancestor
    that the crosswalk lists; London Protocol codes map back to the most general Learning
    Together code that maps onto them.

    Raises:
        ModelError: for an unknown code or target taxonomy.
    """
    if to == LONDON_PROTOCOL.name:
        if code in LONDON_PROTOCOL:
            return code
        probe: str | None = code if code in LEARNING_TOGETHER else None
        while probe is not None:
            if probe in CROSSWALK:
                return CROSSWALK[probe]
            probe = LEARNING_TOGETHER[probe].parent
    elif to == LEARNING_TOGETHER.name:
        if code in LEARNING_TOGETHER:
            return code
        target: str | None = code if code in LONDON_PROTOCOL else None
        while target is not None:
            back = [lt for lt, lp in CROSSWALK.items() if lp == target]
            if back:
                return min(back, key=lambda c: (c.count("."), c))
            target = LONDON_PROTOCOL[target].parent
    else:
        get_taxonomy(to)
        msg = f"no crosswalk to taxonomy {to!r}; crosswalks exist between the shipped two"
        raise ModelError(msg)
    raise ModelError(unknown_code_message(code))


register_taxonomy(LEARNING_TOGETHER)
register_taxonomy(LONDON_PROTOCOL)
