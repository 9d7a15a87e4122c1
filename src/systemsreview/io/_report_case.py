"""The report's section on the child and family: who the review is about, without identifying them.

Subjects are shown by their anonymous id, role, age band, statutory status, schooling,
whether social care knew them and their characteristics; never their sex, ethnicity or
disability (which, with a place and a date, can single a child out; :func:`redact` drops
them too). Family members are shown by role, with their characteristics and whom they live
with and care for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from systemsreview.model import LinkKind, Review, find_characteristic

__all__ = ["child_and_family"]

Table = Callable[[str, Iterable[str], Iterable[Iterable[str]]], str]


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _labels(codes: Iterable[str]) -> str:
    words = [getattr(find_characteristic(code), "label", code) for code in codes]
    return _e(", ".join(words)) if words else "none recorded"


def child_and_family(review: Review, table: Table) -> str:
    """The HTML of the section; ``table(caption, header, rows)`` draws a table."""
    parts = [f"<p>Case characteristics: {_labels(review.characteristics)}.</p>"]
    if not review.subjects and not review.family:
        return parts[0] + '<p class="missing">No subject or family member recorded.</p>'
    if review.subjects:
        parts.append(
            table(
                "The children, young people or adults at the centre of the review",
                (
                    "Subject",
                    "Role",
                    "Age at the incident",
                    "Status",
                    "Education",
                    "Known to social care",
                    "Characteristics",
                ),
                (
                    (
                        _e(s.id),
                        _e(s.role.label),
                        _e(s.age_band.label),
                        _e(s.status.label),
                        _e(s.education.label),
                        "yes" if s.known_to_social_care else "no",
                        _labels(s.characteristics),
                    )
                    for s in review.subjects
                ),
            )
        )
    if review.family:

        def ties(member: str, kind: LinkKind) -> str:
            found = [k.target for k in review.links_from(member) if k.kind is kind]
            return _e(", ".join(found)) if found else "-"

        parts.append(
            table(
                "The family, by role",
                ("Family member", "Role", "Lives with", "Cares for", "Characteristics"),
                (
                    (
                        _e(m.id),
                        _e(m.role.label),
                        ties(m.id, LinkKind.LIVES_WITH),
                        ties(m.id, LinkKind.CARES_FOR),
                        _labels(m.characteristics),
                    )
                    for m in review.family
                ),
            )
        )
    return "".join(parts)
