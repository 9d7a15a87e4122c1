"""National practice themes and Learning Together sub-patterns, as data, with crosswalks.

The Child Safeguarding Practice Review Panel reads rapid reviews and local practice reviews
for the practice themes that recur nationally. :data:`PRACTICE_THEMES` is that vocabulary,
each theme with its source; :data:`PATTERN_THEMES` says which themes each Learning Together
pattern (the six-part typology a :class:`~systemsreview.model.Finding` stores) speaks to.

:data:`SUB_PATTERNS` lists the Learning Together sub-patterns (SCIE, 2008), such as the
"rule of optimism" under human reasoning and "disguised compliance" under family-professional
interactions. A finding stores their ids in ``Finding.sub_patterns`` (each refining one of
its patterns), which :func:`~systemsreview.query.practice_themes` reads when asked. Before
format 5.0 (JSON version 5) a review kept them in the finding's extensions under
:data:`SUB_PATTERNS_EXTENSION`; reading an older file moves them into the field.

>>> [t.id for t in themes_of(Pattern.HUMAN_REASONING)]
['critical_thinking', 'risk_assessment']
>>> SUB_PATTERNS["rule_of_optimism"].pattern
<Pattern.HUMAN_REASONING: 'human_reasoning'>
>>> [t.id for t in themes_of(Pattern.HUMAN_REASONING, "rule_of_optimism")]
['critical_thinking']
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from systemsreview.errors import ModelError
from systemsreview.model._vocab import Pattern

__all__ = [
    "LEARNING_TOGETHER_2008",
    "PANEL_2020",
    "PATTERN_THEMES",
    "PRACTICE_THEMES",
    "SUB_PATTERNS",
    "SUB_PATTERNS_EXTENSION",
    "PracticeTheme",
    "SubPattern",
    "themes_of",
]

#: The Panel's 2020 annual report, which named six cross-cutting practice themes.
PANEL_2020 = (
    "Child Safeguarding Practice Review Panel, Annual Report 2020: Patterns in practice, key "
    "messages and 2021 work programme (2021), 'key practice themes'"
)
_CPIE_2022 = (
    "Child Safeguarding Practice Review Panel, Child Protection in England: national review "
    "into the murders of Arthur Labinjo-Hughes and Star Hobson (May 2022)"
)
#: Where sub-patterns come from.
LEARNING_TOGETHER_2008 = (
    "Fish, Munro and Bairstow, Learning Together to Safeguard Children: developing a "
    "multi-agency systems approach for case reviews (SCIE Guide 24, 2008)"
)
#: The extension key under which a finding listed its sub-pattern ids before format 5.0
#: (JSON version 5); both migrations move them into ``Finding.sub_patterns``.
SUB_PATTERNS_EXTENSION = "learning_together.sub_patterns"


@attrs.frozen
class PracticeTheme:
    """A national practice theme: an id, its wording, and where it comes from."""

    id: str
    label: str
    source: str


@attrs.frozen
class SubPattern:
    """A Learning Together sub-pattern: the pattern it refines, and the themes it speaks to.

    ``themes`` empty means the pattern's themes (:data:`PATTERN_THEMES`).
    """

    id: str
    label: str
    pattern: Pattern
    themes: tuple[str, ...] = ()
    source: str = LEARNING_TOGETHER_2008


def _by_id(*themes: PracticeTheme) -> dict[str, PracticeTheme]:
    return {t.id: t for t in themes}


#: The national practice themes, in the order reports list them. The wording is the
#: Panel's, shortened; "information sharing and seeking" and "risk assessment and decision
#: making" are how the 2022 national review and later annual reports name two of them.
PRACTICE_THEMES: Mapping[str, PracticeTheme] = _by_id(
    PracticeTheme(
        "child_daily_life", "understanding what the child's daily life is like", PANEL_2020
    ),
    PracticeTheme(
        "reluctant_engagement",
        "working with families where engagement is reluctant and with parents who are resistant",
        PANEL_2020,
    ),
    PracticeTheme(
        "critical_thinking", "critical thinking and challenge", f"{PANEL_2020}; {_CPIE_2022}"
    ),
    PracticeTheme("changing_risk", "responding to changing risk and need", PANEL_2020),
    PracticeTheme(
        "information_sharing",
        "information sharing and seeking (sharing information in a timely way)",
        f"{PANEL_2020}; {_CPIE_2022}",
    ),
    PracticeTheme(
        "leadership_culture", "organisational leadership and culture for good practice", PANEL_2020
    ),
    PracticeTheme("risk_assessment", "risk assessment and decision making", _CPIE_2022),
)

#: Which themes each Learning Together pattern speaks to (a judgement, set out in the docs).
PATTERN_THEMES: Mapping[Pattern, tuple[str, ...]] = {
    Pattern.INCIDENTS_AND_CRISES: ("information_sharing", "risk_assessment"),
    Pattern.LONGER_TERM_WORK: ("child_daily_life", "changing_risk", "information_sharing"),
    Pattern.HUMAN_REASONING: ("critical_thinking", "risk_assessment"),
    Pattern.FAMILY_PROFESSIONAL: ("child_daily_life", "reluctant_engagement"),
    Pattern.TOOLS: ("risk_assessment",),
    Pattern.MANAGEMENT_SYSTEMS: ("leadership_culture",),
}

_P = Pattern


def _subs(*items: SubPattern) -> dict[str, SubPattern]:
    return {s.id: s for s in items}


#: Learning Together sub-patterns (SCIE 2008, and the two the issue names), by id.
SUB_PATTERNS: Mapping[str, SubPattern] = _subs(
    SubPattern("priority_setting", "priority-setting culture", _P.INCIDENTS_AND_CRISES),
    SubPattern("wider_needs", "overlooking the children's wider needs", _P.INCIDENTS_AND_CRISES),
    SubPattern("reserve_capacity", "reserve capacity", _P.INCIDENTS_AND_CRISES),
    SubPattern("knowing_each_other", "knowing each other", _P.INCIDENTS_AND_CRISES),
    SubPattern(
        "referral_and_feedback",
        "referral and feedback cultures",
        _P.INCIDENTS_AND_CRISES,
        ("information_sharing",),
    ),
    SubPattern("assessment_as_process", "assessment as event or process", _P.LONGER_TERM_WORK),
    SubPattern("clarity_of_roles", "clarity of roles", _P.LONGER_TERM_WORK),
    SubPattern("shared_responsibility", "shared responsibility", _P.LONGER_TERM_WORK),
    SubPattern(
        "responsible_for_thinking",
        "who is responsible for thinking?",
        _P.LONGER_TERM_WORK,
        ("critical_thinking",),
    ),
    SubPattern(
        "what_to_share", "what and how much to share", _P.LONGER_TERM_WORK, ("information_sharing",)
    ),
    SubPattern(
        "rule_of_optimism",
        "rule of optimism",
        _P.HUMAN_REASONING,
        ("critical_thinking",),
        "Dingwall, Eekelaar and Murray, The Protection of Children (1983); "
        + LEARNING_TOGETHER_2008,
    ),
    SubPattern(
        "disguised_compliance",
        "disguised compliance",
        _P.FAMILY_PROFESSIONAL,
        ("reluctant_engagement",),
        "Reder, Duncan and Gray, Beyond Blame (1993); " + LEARNING_TOGETHER_2008,
    ),
    SubPattern("assessment_forms", "assessment forms", _P.TOOLS),
    SubPattern(
        "needs_focused_framework",
        "a needs-focused assessment framework that discourages naming risk",
        _P.TOOLS,
    ),
    SubPattern("resource_demand", "resource-demand mismatch", _P.MANAGEMENT_SYSTEMS),
    SubPattern("expert_assessment", "access to expert assessment", _P.MANAGEMENT_SYSTEMS),
    SubPattern("gaps_in_services", "gaps in services", _P.MANAGEMENT_SYSTEMS),
    SubPattern("funding_disputes", "funding disputes", _P.MANAGEMENT_SYSTEMS),
    SubPattern("performance_indicators", "performance indicators", _P.MANAGEMENT_SYSTEMS),
    SubPattern("covert_messages", "trade-offs and covert messages", _P.MANAGEMENT_SYSTEMS),
    SubPattern(
        "supervision",
        "supervision",
        _P.MANAGEMENT_SYSTEMS,
        ("leadership_culture", "critical_thinking"),
    ),
)


def themes_of(pattern: Pattern | str, sub_pattern: str | None = None) -> tuple[PracticeTheme, ...]:
    """The national practice themes a pattern (or one of its sub-patterns) speaks to.

    Raises:
        ModelError: for an unknown pattern or sub-pattern, or a sub-pattern of another
            pattern.
    """
    try:
        kind = Pattern(pattern)
    except ValueError:
        msg = f"themes_of: {pattern!r} is not a pattern; patterns: {', '.join(Pattern)}"
        raise ModelError(msg) from None
    ids = PATTERN_THEMES[kind]
    if sub_pattern is not None:
        sub = SUB_PATTERNS.get(sub_pattern)
        if sub is None:
            msg = (
                f"themes_of: {sub_pattern!r} is not a sub-pattern; sub-patterns: "
                f"{', '.join(SUB_PATTERNS)}"
            )
            raise ModelError(msg)
        if sub.pattern is not kind:
            msg = (
                f"themes_of: sub-pattern {sub_pattern!r} refines {sub.pattern.value!r}, "
                f"not {kind.value!r}"
            )
            raise ModelError(msg)
        ids = sub.themes or ids
    return tuple(PRACTICE_THEMES[i] for i in ids)
