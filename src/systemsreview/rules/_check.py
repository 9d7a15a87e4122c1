"""Running the rules: :func:`check`, :func:`check_strict` and code selection."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from systemsreview.errors import IntegrityError, ModelError
from systemsreview.model import Review
from systemsreview.rules import (
    _case,
    _causal,
    _content,
    _loop,
    _placement,
    _processes,
    _reviewers,
    _structure,
    _time,
)
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import Rule, registered
from systemsreview.rules._violation import Severity, Violation

__all__ = ["RULES", "check", "check_strict", "select_rules"]

_FAMILIES = (
    _structure,
    _causal,
    _time,
    _processes,
    _content,
    _placement,
    _reviewers,
    _loop,
    _case,
)  # register them

#: Every rule of the catalogue, by code, in code order (registered extensions add their
#: own rules, which :func:`check` runs too: see :func:`registered`).
RULES: Mapping[str, Rule] = registered()

Selector = str | Iterable[str] | None


def _selectors(value: Selector, argument: str) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    codes = registered()
    for item in items:
        if not isinstance(item, str) or not any(code.startswith(item) for code in codes):
            msg = (
                f"check({argument}=...): {item!r} is not a rule code or prefix; use codes "
                f"such as 'SR102' or prefixes such as 'SR2' (codes: {', '.join(codes)})"
            )
            raise ModelError(msg)
    return items


def select_rules(select: Selector = None, ignore: Selector = None) -> list[Rule]:
    """The rules ``select`` picks (all when ``None``) less those ``ignore`` names.

    Both take a code (``"SR102"``), a prefix (``"SR2"``) or a sequence of them.

    >>> [r.code for r in select_rules(select="SR2")]
    ['SR201', 'SR202']
    >>> [r.code for r in select_rules(select=["SR10"], ignore="SR105")]
    ['SR101', 'SR102', 'SR103', 'SR104']

    Raises:
        ModelError: for a code or prefix that matches no rule.
    """
    chosen, dropped = _selectors(select, "select"), _selectors(ignore, "ignore")
    return [
        rule
        for code, rule in registered().items()
        if (select is None or code.startswith(tuple(chosen)))
        and not code.startswith(tuple(dropped))
    ]


def check(
    review: Review,
    *,
    policy: Policy | None = None,
    select: Selector = None,
    ignore: Selector = None,
    strict: bool = False,
) -> list[Violation]:
    """The violations of the integrity rules in ``review``, sorted by code then subjects.

    Rules never raise on malformed reviews: a dangling link, a cycle, a duplicate id or a
    missing date is reported, never an exception.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> check(domestic_abuse_review())
    []
    >>> import attrs
    >>> broken = attrs.evolve(domestic_abuse_review(), completed="2011-04-01")
    >>> for v in check(broken, select="SR3"):
    ...     print(v)  # doctest: +ELLIPSIS
    SR303 error milestone-order: review 'lscb-2011-da' was completed on 2011-04-01, before...

    Args:
        review: the review to check.
        policy: timescales, the date for open reviews and severity overrides
            (``Policy()`` when not given).
        select: codes or prefixes of the rules to run (all when ``None``).
        ignore: codes or prefixes of rules not to run.
        strict: raise :class:`~systemsreview.errors.IntegrityError` when any violation is
            an error (see :func:`check_strict`).

    Raises:
        ModelError: for an unknown code or prefix in ``select``, ``ignore`` or the
            policy's severity overrides.
        IntegrityError: with ``strict=True``, when an error-severity rule is broken.
    """
    policy = Policy() if policy is None else policy
    codes = registered()
    unknown = sorted(set(policy.severity) - set(codes))
    if unknown:
        msg = (
            f"Policy.severity: no rule has code(s) {', '.join(map(repr, unknown))}; "
            f"codes are {', '.join(codes)}"
        )
        raise ModelError(msg)
    violations = [
        Violation(
            code=rule.code,
            subjects=subjects,
            severity=policy.severity.get(rule.code, rule.severity),
            message=message,
        )
        for rule in select_rules(select, ignore)
        for subjects, message in rule(review, policy)
    ]
    violations.sort()
    if strict and any(v.severity is Severity.ERROR for v in violations):
        raise IntegrityError(violations)
    return violations


def check_strict(
    review: Review,
    *,
    policy: Policy | None = None,
    select: Selector = None,
    ignore: Selector = None,
) -> list[Violation]:
    """Like :func:`check`, raising when any violation is an error.

    The exception carries every violation found (warnings too) in ``violations``; when
    there are warnings only, they are returned as :func:`check` would.

    >>> import attrs
    >>> from systemsreview.examples import domestic_abuse_review
    >>> review = domestic_abuse_review()
    >>> check_strict(attrs.evolve(review, reviewers=()))
    Traceback (most recent call last):
    ...
    systemsreview.errors.IntegrityError: 1 integrity violation(s):
      SR501 error no-independent-lead: serious case review 'lscb-2011-da' is statutory but ...

    Raises:
        IntegrityError: when an error-severity rule is broken.
    """
    return check(review, policy=policy, select=select, ignore=ignore, strict=True)
