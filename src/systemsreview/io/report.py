"""A review as one self-contained HTML file: what a safeguarding board reads.

:func:`to_html` writes the case in brief and the review's milestones, the agencies, the
timeline of events and episodes, each key practice episode (what happened, the view at the
time, the appraisal), the AcciMap, each finding with its five-part write-up, the questions
for the board, its evidence trail, the board's response and the actions addressing it, the
learning loop (what was answered, the actions and which are overdue), the integrity check
and the sources. Everything is
inline (CSS and the SVG): no script, no web font, no network, so the file reads the same
from an email attachment, a shared drive or a printer (each section starts a new page).
Every piece of review text passes through :func:`html.escape`.

With ``redacted=True`` the report is built from :func:`~systemsreview.rules.redact` of the
review, so no restricted event or source (text or id) reaches the file.

>>> from systemsreview.examples import domestic_abuse_review
>>> page = to_html(domestic_abuse_review())
>>> page.startswith("<!DOCTYPE html>") and "<script" not in page
True
>>> "Questions for the board" in page and "<svg" in page
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from html import escape

from systemsreview import __version__
from systemsreview.io._report_case import child_and_family
from systemsreview.io._report_context import review_context, review_team
from systemsreview.io._report_css import CSS
from systemsreview.io._report_loop import finding_loop, learning_loop
from systemsreview.io._svg import STYLES
from systemsreview.io.diagram import to_svg
from systemsreview.model import EntityKind, LinkKind, Review
from systemsreview.query import TrailNode, evidence_trail, timeline
from systemsreview.rules import Severity, check, redact

__all__ = ["to_html"]

_SECTIONS = (
    ("brief", "The case in brief"),
    ("family", "The child and family"),
    ("agencies", "Agencies"),
    ("timeline", "Timeline"),
    ("episodes", "Key practice episodes"),
    ("accimap", "The AcciMap"),
    ("findings", "Findings"),
    ("loop", "The learning loop"),
    ("integrity", "Integrity check"),
    ("sources", "Sources"),
)
#: The AcciMap's widest, in pixels: the page's text column, so its text keeps its size.
_FIGURE_WIDTH = 1100

_FIVE_PARTS = (
    ("in_this_case", "How it featured in this case"),
    ("why_not_a_one_off", "Why it is not a one-off"),
    ("prevalence", "How widespread it is"),
    ("why_it_matters", "Why it matters"),
)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _date(day: dt.date | None) -> str:
    return "not recorded" if day is None else f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else many or one + 's'}"


def _badge(style: str, text: str) -> str:
    fill, stroke, ink = STYLES[style]
    return (
        f'<span class="badge" style="background:{fill};border-color:{stroke};color:{ink}">'
        f"{_e(text)}</span>"
    )


def _table(caption: str, header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _text(text: str) -> str:
    if not text:
        return '<p class="missing">Not recorded.</p>'
    return "".join(f"<p>{_e(part)}</p>" for part in text.split("\n\n") if part.strip())


def _brief(review: Review) -> str:
    facts = [
        ("Review", review.title),
        ("Identifier", review.id),
        ("Kind", review.kind.label.capitalize()),
        ("Methods", ", ".join(m.label for m in review.methods).capitalize()),
        ("Incident", review.incident.label.capitalize()),
        ("Period under review", f"{_date(review.scope.start)} to {_date(review.scope.end)}"),
        ("Commissioned by", review.commissioner or "not recorded"),
    ]
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    milestones = _table(
        "Milestones of the review",
        ("Milestone", "Date"),
        (
            (_e(name), _e(_date(day)))
            for name, day in (
                ("Incident", review.incident_on),
                ("Notified", review.notified),
                ("Decided to review", review.decided),
                ("Completed", review.completed),
                ("Published", review.published),
            )
        ),
    )
    team = review_team(review, _table)
    counts = (
        f"<p>The review examined {_count(len(review.events), 'event')} of the shared "
        f"chronology in {_count(len(review.episodes), 'key practice episode')} involving "
        f"{_count(len(review.agencies), 'agency', 'agencies')}, identified "
        f"{_count(len(review.factors), 'contributory factor')} and made "
        f"{_count(len(review.findings), 'finding')}.</p>"
    )
    return f"<dl>{items}</dl>{counts}{milestones}{team}{review_context(review, _table)}"


def _agencies(review: Review) -> str:
    roles: dict[str, list[str]] = {}
    for link in review.links:
        if (
            link.kind is LinkKind.WORKS_FOR
            and review.kind_of(link.source) is EntityKind.PRACTITIONER
        ):
            roles.setdefault(link.target, []).append(review.practitioner(link.source).role)
    return _table(
        "Agencies involved and the practitioner roles in the case",
        ("Agency", "Sector", "Practitioner roles"),
        (
            (_e(a.name), _e(a.sector.label), _e(", ".join(roles.get(a.id, [])) or "none recorded"))
            for a in review.agencies
        ),
    )


def _timeline(review: Review) -> str:
    names = {a.id: a.name for a in review.agencies}
    rows = []
    for entry in timeline(review):
        when = (
            _date(entry.start)
            if entry.start == entry.end
            else (f"{_date(entry.start)} to {_date(entry.end)}")
        )
        what = _e(entry.text)
        if entry.kind is EntityKind.EPISODE:
            what = f'<strong><a href="#{_e(entry.id)}">Episode: {what}</a></strong>'
        agencies = ", ".join(names.get(a, a) for a in entry.agencies)
        rows.append((_e(when), what, _e(agencies)))
    return _table(
        "Events and key practice episodes in time order", ("When", "What", "Agencies"), rows
    )


def _episodes(review: Review) -> str:
    out = []
    in_time = sorted(
        enumerate(review.episodes), key=lambda p: (p[1].period.start, p[1].period.end, p[0])
    )
    for _, episode in in_time:
        factors = [
            review.factor(link.source)
            for link in review.links_to(episode.id)
            if link.kind is LinkKind.CONTRIBUTED_TO
            and review.kind_of(link.source) is EntityKind.FACTOR
        ]
        period = episode.period
        when = (
            _date(period.start)
            if period.start == period.end
            else (f"{_date(period.start)} to {_date(period.end)}")
        )
        listed = "".join(
            f"<li>{_badge(f.valence.value, f.valence.label)} {_e(f.description)} "
            f"<span class='quiet'>({_e(f.level.label)})</span></li>"
            for f in factors
        )
        out.append(
            f'<article id="{_e(episode.id)}" aria-labelledby="{_e(episode.id)}-h">'
            f'<h3 id="{_e(episode.id)}-h">{_e(episode.title)}</h3>'
            f"<p>{_badge(episode.appraisal.value, episode.appraisal.label)} "
            f'<span class="quiet">{_e(when)}</span></p>'
            f"<h4>What happened</h4>{_text(episode.what_happened)}"
            f"<h4>The view at the time</h4>{_text(episode.view_at_the_time)}"
            f"<h4>Appraisal, with hindsight</h4>{_text(episode.hindsight)}"
            + (f"<h4>Contributory factors</h4><ul>{listed}</ul>" if factors else "")
            + "</article>"
        )
    return "".join(out) or "<p>No key practice episodes recorded.</p>"


def _trail(node: TrailNode) -> str:
    if node.repeated:
        item = (
            f'<span class="quiet">{_e(node.relation)}</span> '
            f"<strong>{_e(node.kind.value)}</strong> {_e(node.label)} "
            f'<span class="quiet">(traced above)</span>'
        )
    else:
        relation = f'<span class="quiet">{_e(node.relation)}</span> ' if node.relation else ""
        item = (
            f"{relation}<strong>{_e(node.kind.value)}</strong> [{_e(node.detail)}] {_e(node.label)}"
        )
        if node.locator:
            item += f' <span class="quiet">({_e(node.locator)})</span>'
        if node.quote:
            item += f"<blockquote>{_e(node.quote)}</blockquote>"
    children = "".join(_trail(child) for child in node.children)
    return f"<li>{item}" + (f"<ul>{children}</ul>" if children else "") + "</li>"


def _findings(review: Review) -> str:
    out = []
    for finding in review.findings:
        parts = "".join(
            f"<h4>{_e(title)}</h4>{_text(getattr(finding, name))}" for name, title in _FIVE_PARTS
        )
        questions = "".join(f"<li>{_e(q)}</li>" for q in finding.questions)
        trail = evidence_trail(review, finding.id)
        out.append(
            f'<article id="{_e(finding.id)}" aria-labelledby="{_e(finding.id)}-h">'
            f'<h3 id="{_e(finding.id)}-h">{_e(finding.statement)}</h3>'
            f"<p>{_badge('finding', finding.pattern.label)} "
            f"{_badge(finding.valence.value, finding.valence.label)}</p>{parts}"
            "<h4>Questions for the board</h4>"
            + (f"<ol>{questions}</ol>" if questions else '<p class="missing">None recorded.</p>')
            + '<h4>Evidence trail</h4><ul class="trail">'
            + "".join(_trail(child) for child in trail.children)
            + "</ul>"
            + finding_loop(review, finding.id)
            + "</article>"
        )
    return "".join(out) or "<p>No findings recorded.</p>"


def _integrity(review: Review) -> str:
    violations = check(review)
    errors = sum(v.severity is Severity.ERROR for v in violations)
    summary = (
        f"<p>Checked against the integrity rules (<code>systemsreview check</code>): "
        f"<strong>{errors} error(s)</strong>, {len(violations) - errors} warning(s).</p>"
    )
    if not violations:
        return summary
    return summary + _table(
        "Integrity findings",
        ("Code", "Severity", "Message"),
        ((_e(v.code), _e(v.severity.value), _e(v.message)) for v in violations),
    )


def _sources(review: Review) -> str:
    return _table(
        "Where the evidence came from",
        ("Source", "Kind"),
        ((_e(s.description), _e(s.kind.label)) for s in review.sources),
    )


def _accimap(review: Review) -> str:
    svg = to_svg(review, width=_FIGURE_WIDTH)
    label = (
        f"AcciMap of the review: {len(review.factors)} contributory factors in level bands "
        f"above {len(review.episodes)} key practice episodes in time order and "
        f"{len(review.findings)} findings; arrows show what contributed to what and what "
        "each finding rests on. The same content is given in words in the sections on "
        "episodes and findings."
    )
    return (
        f'<figure role="img" aria-label="{_e(label)}">{svg}'
        "<figcaption>Contributory factors by level (national at the top), the key practice "
        "episodes they shaped, in time order, and the findings with the evidence they rest on. "
        "Solid arrows: contributed to; dashed arrows: evidenced by. Hover a box for its full "
        "text.</figcaption></figure>"
    )


def to_html(review: Review, *, redacted: bool = False) -> str:
    """The review as one self-contained, printable, accessible HTML document.

    Args:
        review: the review to report.
        redacted: build the report from ``redact(review)``: restricted events and sources,
            and every link touching them, are left out, so none of their text or ids appear.

    Returns:
        The HTML text (UTF-8), ready to write to a ``.html`` file.
    """
    if redacted:
        review = redact(review)
    builders = {
        "brief": _brief,
        "family": lambda r: child_and_family(r, _table),
        "agencies": _agencies,
        "timeline": _timeline,
        "episodes": _episodes,
        "accimap": _accimap,
        "findings": _findings,
        "loop": learning_loop,
        "integrity": _integrity,
        "sources": _sources,
    }
    nav = "".join(f'<li><a href="#{key}">{_e(title)}</a></li>' for key, title in _SECTIONS)
    sections = "".join(
        f'<section id="{key}" aria-labelledby="{key}-h"><h2 id="{key}-h">{_e(title)}</h2>'
        f"{builders[key](review)}</section>"
        for key, title in _SECTIONS
    )
    notice = (
        '<p class="notice" role="note">Redacted: restricted events and sources, and every '
        "link to them, are left out of this report.</p>"
        if redacted
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="systemsreview {_e(__version__)}">'
        f"<title>{_e(review.title)}</title><style>{CSS}</style></head><body>"
        f'<header><p class="quiet">{_e(review.kind.label.capitalize())} · '
        f"{_e(review.method.label)}</p>"
        f"<h1>{_e(review.title)}</h1>{notice}</header>"
        f'<nav aria-label="Contents"><h2>Contents</h2><ol>{nav}</ol></nav>'
        f"<main>{sections}</main>"
        f'<footer><p class="quiet">Made with systemsreview {_e(__version__)} from review '
        f"{_e(review.id)}.</p></footer></body></html>\n"
    )
