"""Coding agreement: do reviewers code the same case the same way?

Researchers ask whether two reviewers would code the same factors into the same taxonomy
categories, the same findings into the same patterns, the same episodes into the same
appraisals. UPLOADS measured this for its taxonomy (Goode et al., Applied Ergonomics 2017:
69-74 % agreement at its system level, 59-64 % at its descriptor level, against the 70 %
usually asked for). This module measures it for any codings:

``codings`` maps each coder to the code they gave each unit (a unit is any id: a factor,
a finding, an episode); a unit a coder did not code is absent or ``None``.

>>> codings = {
...     "reviewer-1": {"f1": "frontline.team.culture", "f2": "frontline.family",
...                    "f3": "national.law"},
...     "reviewer-2": {"f1": "frontline.team.supervision", "f2": "frontline.family",
...                    "f3": "national.law"},
... }
>>> percent_agreement(codings)
0.6666666666666666
>>> table = agreement(codings, depths=("level", "category", "code"), resamples=0)
>>> rows = [row for row in table.to_pylist() if row["measure"] == "percent_agreement"]
>>> [(row["depth"], round(row["value"], 2)) for row in rows]
[('level', 1.0), ('category', 1.0), ('code', 0.67)]

Measures: :func:`percent_agreement`, :func:`cohen_kappa` (two coders), :func:`fleiss_kappa`
(units every coder coded), :func:`krippendorff_alpha` (nominal, missing values allowed).
Reports as Arrow tables with bootstrap intervals: :func:`agreement` (inter-rater),
:func:`intra_rater` (one coder, two occasions), :func:`criterion_validity` (each coder
against a reference). :func:`codings_from_reviews` reads codings from several coders'
versions of a review, :func:`read_codings` reads them from CSV or JSON files,
:func:`disagreements` lists the units they coded differently, and
:func:`systemsreview.diff` shows every other difference between their versions.
"""

from systemsreview.agreement._files import read_codings
from systemsreview.agreement._measures import (
    Codings,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)
from systemsreview.agreement._report import (
    CODED,
    DEPTHS,
    MEASURES,
    agreement,
    codings_from_reviews,
    criterion_validity,
    disagreements,
    intra_rater,
)

__all__ = [
    "CODED",
    "DEPTHS",
    "MEASURES",
    "Codings",
    "agreement",
    "codings_from_reviews",
    "cohen_kappa",
    "criterion_validity",
    "disagreements",
    "fleiss_kappa",
    "intra_rater",
    "krippendorff_alpha",
    "percent_agreement",
    "read_codings",
]
