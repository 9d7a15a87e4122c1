"""What a rule reports: a :class:`Violation`, and its :class:`Severity`.

>>> v = Violation(code="SR102", severity=Severity.ERROR, subjects=("kpe-1", "ghost"),
...               message="link 'kpe-1' -[evidenced_by]-> 'ghost': no entity 'ghost'")
>>> print(v)
SR102 error dangling-link: link 'kpe-1' -[evidenced_by]-> 'ghost': no entity 'ghost'
>>> print(Violation(code="X1", severity="warning", subjects="a", message="made up"))
X1 warning a: made up
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = ["Severity", "Violation"]


class Severity(enum.StrEnum):
    """How much a broken rule matters: an ``error`` makes the review unsound."""

    ERROR = "error"
    WARNING = "warning"


def _subjects(value: str | Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen(kw_only=True, order=True)
class Violation:
    """One broken rule, about some entities of a review.

    ``str(violation)`` reads like a linter's line: code, severity, the rule's name, message.
    Violations sort by ``code``, then ``subjects`` (then severity and message, so the
    order is total and :func:`~systemsreview.rules.check` is deterministic).

    Attributes:
        code: the rule's code, for example ``"SR102"``.
        subjects: the ids of the entities concerned (the review's own id for a rule about
            the review as a whole).
        severity: ``error`` or ``warning``, after any override of the policy.
        message: what is wrong, naming the entities, and what to do about it.
    """

    code: str
    subjects: tuple[str, ...] = attrs.field(converter=_subjects)
    severity: Severity = attrs.field(converter=Severity)
    message: str

    def __str__(self) -> str:
        # The rule's name reads best; a code no rule has falls back on the subjects.
        from systemsreview.rules._registry import find_rule  # noqa: PLC0415 - import cycle

        rule = find_rule(self.code)
        label = rule.name if rule is not None else ", ".join(self.subjects)
        return f"{self.code} {self.severity.value} {label}: {self.message}"
