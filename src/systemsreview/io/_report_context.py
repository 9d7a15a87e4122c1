"""The report's account of the review itself: its team and its context.

The team is shown by role (in the report's own words where it gives them), organisation,
the three facets of independence (of the case, of the agencies, of the board; "not
recorded" where the review does not say) and who led. The context: the terms of
reference, the reason for a delay, parallel proceedings and related reviews, each only
when recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from systemsreview.model import Review

__all__ = ["review_context", "review_team"]

Table = Callable[[str, Iterable[str], Iterable[Iterable[str]]], str]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _facet(value: bool | None) -> str:
    return "not recorded" if value is None else ("yes" if value else "no")


def review_team(review: Review, table: Table) -> str:
    """The HTML table of the review team."""
    return table(
        "The review team",
        (
            "Role",
            "Organisation",
            "Independent of the case",
            "Independent of the agencies",
            "Independent of the board",
            "Lead",
        ),
        (
            (
                _e(r.label),
                _e(r.organisation),
                _facet(r.independent_of_case),
                _facet(r.independent_of_agencies),
                _facet(r.independent_of_board),
                "yes" if r.lead else "",
            )
            for r in review.reviewers
        ),
    )


def review_context(review: Review, table: Table) -> str:
    """The HTML of the review's context, each part only when the review records it."""
    parts = []
    if review.terms_of_reference:
        items = "".join(f"<li>{_e(t)}</li>" for t in review.terms_of_reference)
        parts.append(f"<h3>Terms of reference</h3><ol>{items}</ol>")
    if review.delay_reason.strip():
        parts.append(f"<h3>Reason for the delay</h3><p>{_e(review.delay_reason)}</p>")
    if review.parallel_proceedings:
        parts.append(
            table(
                "Parallel proceedings",
                ("Proceeding", "Status", "Note"),
                (
                    (_e(p.kind.label.capitalize()), _e(p.status.label), _e(p.note))
                    for p in review.parallel_proceedings
                ),
            )
        )
    if review.related:
        parts.append(
            table(
                "Related reviews",
                ("This review", "Review", "Note"),
                (
                    (
                        _e(r.relation.label),
                        _e(" · ".join(part for part in (r.title, r.review_id) if part)),
                        _e(r.note),
                    )
                    for r in review.related
                ),
            )
        )
    return "".join(parts)
