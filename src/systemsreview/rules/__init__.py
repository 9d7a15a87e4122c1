"""Integrity rules: small pure functions that report what is unsound in a review.

:func:`check` runs the catalogue (SR101-SR702, see :data:`RULES` and the generated
``docs/rules.md``) and returns :class:`Violation` objects; it never raises on malformed
reviews. :func:`check_strict` raises :class:`~systemsreview.errors.IntegrityError` instead
when an error-severity rule is broken. :func:`redact` gives the publishable version.

>>> from systemsreview.examples import domestic_abuse_review
>>> len(RULES), check(domestic_abuse_review())
(36, [])
"""

from systemsreview.rules._calendar import NATIONS, BankHolidays, working_days_between
from systemsreview.rules._catalogue import catalogue_markdown, write_catalogue
from systemsreview.rules._check import RULES, check, check_strict, select_rules
from systemsreview.rules._policy import Policy
from systemsreview.rules._redact import coarsen_dates, redact
from systemsreview.rules._registry import Breach, Rule, RuleFunction
from systemsreview.rules._timescales import (
    DEFAULT_TIMESCALES,
    EDITIONS,
    Edition,
    Timescale,
    edition_for,
)
from systemsreview.rules._violation import Severity, Violation

__all__ = [
    "DEFAULT_TIMESCALES",
    "EDITIONS",
    "NATIONS",
    "RULES",
    "BankHolidays",
    "Breach",
    "Edition",
    "Policy",
    "Rule",
    "RuleFunction",
    "Severity",
    "Timescale",
    "Violation",
    "catalogue_markdown",
    "check",
    "check_strict",
    "coarsen_dates",
    "edition_for",
    "redact",
    "select_rules",
    "working_days_between",
    "write_catalogue",
]
