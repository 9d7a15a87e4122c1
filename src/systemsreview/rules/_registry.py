"""The rule registry: each rule is a small pure function registered with its code.

Theory of operation: a rule function takes a review and the :class:`Policy` and yields
``(subjects, message)`` pairs, one per breach; it never raises on malformed data (a
dangling link, a cycle, a duplicate id, a missing date) and it never scans all links per
entity: it goes through the review's O(1) index (``links_from``, ``links_to``,
``kind_of``). The :func:`rule` decorator records the function as a :class:`Rule` with its
code, name, severity, the fact that holds when the rule passes, and a rationale paragraph
(the function's docstring). :func:`~systemsreview.rules.check` turns the pairs into
:class:`Violation` objects; the documentation's rule catalogue is generated from the same
records (:func:`~systemsreview.rules.catalogue_markdown`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import TypeAlias

import attrs

from systemsreview.model import Review
from systemsreview.rules._policy import Policy
from systemsreview.rules._violation import Severity

__all__ = [
    "Breach",
    "Rule",
    "RuleFunction",
    "add_rule",
    "find_rule",
    "registered",
    "remove_rule",
    "rule",
]

#: One breach of a rule: the ids of the entities concerned, and what is wrong.
Breach: TypeAlias = tuple[tuple[str, ...], str]
#: The shape of a rule function.
RuleFunction: TypeAlias = Callable[[Review, Policy], Iterable[Breach]]

_REGISTERED: dict[str, Rule] = {}


@attrs.frozen
class Rule:
    """An integrity rule of the catalogue.

    Attributes:
        code: ``SR`` and three digits; the first digit is the family (1 structure,
            2 causal, 3 time, 4 content, 5 reviewers, 6 learning loop).
        name: a short kebab-case name, as linters print.
        severity: the default severity (a :class:`Policy` may override it).
        holds: the fact that holds when the review passes the rule.
        rationale: why the rule matters, one paragraph.
        function: the check itself.
    """

    code: str
    name: str
    severity: Severity
    holds: str
    rationale: str
    function: RuleFunction = attrs.field(eq=False, repr=False)

    def __call__(self, review: Review, policy: Policy) -> Iterator[Breach]:
        """The breaches of this rule in ``review``."""
        yield from self.function(review, policy)


def rule(
    code: str, name: str, severity: Severity, holds: str
) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as rule ``code``; its docstring is the rationale."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in _REGISTERED:  # pragma: no cover - a programming error in this package
            msg = f"rule {code} is registered twice"
            raise RuntimeError(msg)
        rationale = " ".join(inspect.cleandoc(function.__doc__ or "").split())
        _REGISTERED[code] = Rule(code, name, severity, holds, rationale, function)
        return function

    return register


def add_rule(code: str, name: str, severity: Severity, holds: str, function: RuleFunction) -> None:
    """Register a rule of an extension (:mod:`systemsreview.rules._extensions` checks codes)."""
    rationale = " ".join(inspect.cleandoc(function.__doc__ or "").split())
    _REGISTERED[code] = Rule(code, name, severity, holds, rationale, function)


def remove_rule(code: str) -> None:
    """Forget the rule ``code`` (an extension's, when it is registered again)."""
    _REGISTERED.pop(code, None)


def find_rule(code: str) -> Rule | None:
    """The registered rule with this code, if any."""
    return _REGISTERED.get(code)


def registered() -> dict[str, Rule]:
    """The rules registered so far, by code, in code order."""
    return dict(sorted(_REGISTERED.items()))
