"""The rule catalogue of the documentation, generated from the registry.

``docs/rules.md`` is the output of :func:`catalogue_markdown`; a test keeps the two equal.
Regenerate the page after changing a rule with ``python -m systemsreview.rules``.
"""

from __future__ import annotations

from pathlib import Path

from systemsreview.rules._check import RULES
from systemsreview.rules._timescales import EDITIONS

__all__ = ["catalogue_markdown", "write_catalogue"]

_FAMILIES = {
    "1": "Structure",
    "2": "Causal analysis",
    "3": "Time",
    "4": "Content",
    "5": "Reviewers",
    "6": "Learning loop",
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


_EDITIONS_INTRO = """
## Statutory timescales by edition

SR304 times statutory reviews by the edition of *Working Together to Safeguard Children* that
governs them, as data (`systemsreview.rules.EDITIONS`). **The edition is chosen by the review's
dates**: of the editions that govern the review's kind, the latest one in force on the day the
review was *decided* on (the decision to initiate it), or on the day it was *notified* when the
decision date is unknown. A serious case review decided on in 2019 is therefore timed by the 2015
edition, the last to govern serious case reviews; a local practice review decided on before the
2018 edition was in force is not timed. The clock starts at the decision (or, for a rapid review,
the notification) and stops at completion, or at *publication* where the edition says so.

| edition | in force | kind | timescale | clock stops at | source |
|---|---|---|---|---|---|
"""

_EDITIONS_OUTRO = """
A finished review whose clock cannot be read (no decision date; or published after the
deadline with no completion date) is reported by SR305 rather than passed in silence. Override a
kind with `Policy(timescales={kind: Timescale(...)})`, or `None` for no timescale; `Policy(
editions=())` times nothing. The reason for a delay has no field of its own: say it in the report,
and a tool can keep it in the review's `extensions` (see [Extensions](extensions.md)).

```python
>>> from systemsreview.rules import edition_for
>>> scr = attrs.evolve(review, decided="2008-03-03", notified="2008-02-25",
...                    completed="2008-08-01", published=None)
>>> edition_for(scr.kind, scr.decided).title
'Working Together to Safeguard Children (2006)'
>>> [v.message.split(" (")[0] for v in check(scr, select="SR304")]
["serious case review 'lscb-2011-da' was completed on 2008-08-01, past its deadline 2008-07-03"]
>>> lcspr = attrs.evolve(review, kind="local_practice_review", decided="2019-01-10",
...                      notified="2019-01-02", completed="2019-06-28", published="2020-02-20")
>>> [v.message.split(" (")[0] for v in check(lcspr, select="SR304")]
["local practice review 'lscb-2011-da' was published on 2020-02-20, past its deadline 2019-07-10"]
>>> [v.code for v in check(attrs.evolve(lcspr, decided=None), select="SR3")]
['SR305']

```
"""


def _editions_markdown() -> str:
    rows = [
        f"| {e.title} | {e.in_force.isoformat()} | {kind.label} | {scale.allowed} from "
        f"{scale.start} | {scale.until} | {e.source} |\n"
        for e in EDITIONS
        for kind, scale in e.timescales.items()
    ]
    return _EDITIONS_INTRO + "".join(rows) + _EDITIONS_OUTRO


def catalogue_markdown() -> str:
    """The rule catalogue as a Markdown page, from :data:`~systemsreview.rules.RULES`.

    >>> catalogue_markdown().splitlines()[0]
    '# Integrity rules'
    """
    parts = [_INTRO, _editions_markdown()]
    parts.append(
        "\n## The catalogue\n\n| code | name | severity | holds when |\n|---|---|---|---|\n"
    )
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
