"""The rule catalogue of the documentation, generated from the registry.

``docs/rules.md`` is the output of :func:`catalogue_markdown`; a test keeps the two equal.
Regenerate the page after changing a rule with ``python -m systemsreview.rules``.
"""

from __future__ import annotations

from pathlib import Path

from systemsreview.rules._check import RULES

__all__ = ["catalogue_markdown", "write_catalogue"]

_FAMILIES = {
    "1": "Structure",
    "2": "Causal analysis",
    "3": "Time",
    "4": "Content",
    "5": "Reviewers",
    "7": "The case",
}

_INTRO = """\
# Integrity rules

<!-- Generated from systemsreview.rules.RULES by `python -m systemsreview.rules`: do not edit. -->

`systemsreview.rules.check(review)` runs every rule below and returns the violations, sorted by
code then subjects. Rules never raise on malformed reviews: they report. Choose rules as linters
do, by code or prefix (`select="SR2"`, `ignore=["SR105"]`), change a rule's severity or the
statutory timescales through a `Policy`, and ask for an exception with `check_strict`.

```python
>>> import attrs
>>> from systemsreview import check, Policy
>>> from systemsreview.examples import domestic_abuse_review
>>> review = domestic_abuse_review()
>>> check(review)
[]
>>> late = attrs.evolve(review, completed="2012-01-02", published=None)
>>> [str(v) for v in check(late)]  # doctest: +ELLIPSIS
["SR304 warning timescale: serious case review 'lscb-2011-da' was completed on 2012-01-02, ..."]
>>> [v.severity.value for v in check(late, policy=Policy(severity={"SR304": "error"}))]
['error']

```

## Working days and bank holidays

A rapid review has 15 working days from the notification (SR304). Working days are Monday to
Friday less the bank holidays of the nation the policy names: `Policy(nation=...)` takes
`"england_and_wales"` (the default), `"scotland"` or `"northern_ireland"`, or `None` to count
weekdays only. The bank holidays come from the well-kept
[`holidays`](https://holidays.readthedocs.io) package, substitute days and one-off holidays
included. A rapid review notified on Friday 18 December 2020 was due on 13 January 2021 in
England and Wales (Christmas Day, Boxing Day observed on the 28th and New Year's Day are not
working days), on 14 January in Scotland (2 January is a holiday there too, observed on the
4th), and on 8 January counting weekdays only:

```python
>>> rapid = attrs.evolve(
...     review, kind="rapid_review", notified="2020-12-18", decided="2020-12-21",
...     completed="2021-01-14", published=None,
... )
>>> [v.message.split("; ")[0] for v in check(rapid, select="SR304")]  # doctest: +ELLIPSIS
["rapid review 'lscb-2011-da' was completed on 2021-01-14, past its deadline 2021-01-13 ..."]
>>> check(rapid, select="SR304", policy=Policy(nation="scotland"))
[]
>>> Policy(nation=None).deadline(rapid.kind, rapid.notified)
datetime.date(2021, 1, 8)
>>> Policy(nation="wales")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
systemsreview.errors.ModelError: Policy.nation: got 'wales'; expected one of ...

```
"""


def catalogue_markdown() -> str:
    """The rule catalogue as a Markdown page, from :data:`~systemsreview.rules.RULES`.

    >>> catalogue_markdown().splitlines()[0]
    '# Integrity rules'
    """
    parts = [_INTRO, "\n| code | name | severity | holds when |\n|---|---|---|---|\n"]
    parts += [f"| {r.code} | {r.name} | {r.severity.value} | {r.holds} |\n" for r in RULES.values()]
    family = ""
    for rule in RULES.values():
        if rule.code[2] != family:
            family = rule.code[2]
            parts.append(f"\n## SR{family}xx: {_FAMILIES[family]}\n")
        parts.append(
            f"\n### {rule.code} {rule.name}\n\n*{rule.severity.value}*: holds when "
            f"{rule.holds}.\n\n{rule.rationale}\n"
        )
    return "".join(parts)


def write_catalogue(path: str | Path = "docs/rules.md") -> Path:
    """Write :func:`catalogue_markdown` to ``path`` (the docs page by default)."""
    target = Path(path)
    target.write_text(catalogue_markdown(), encoding="utf-8")
    return target
