"""One entity as one AcciMap box: its tag, wrapped text, note and size (text is never cut)."""

import datetime as dt

from systemsreview.io._accimap_shapes import (
    FACTOR_TEXT_WIDTH,
    FONT_SIZE,
    LINE_HEIGHT,
    MONTHS,
    PAD,
    TAG_SIZE,
    TEXT_WIDTH,
    Box,
)
from systemsreview.io._case_labels import case_labels
from systemsreview.io._placement import Placement, also_text
from systemsreview.io._textwidth import text_width, wrap
from systemsreview.model import (
    Action,
    ContributoryFactor,
    DatePrecision,
    Episode,
    FamilyMember,
    Finding,
    LinkKind,
    Pattern,
    Recommendation,
    Response,
    Review,
    Source,
    Subject,
)

__all__ = ["make_box", "month", "patterns_note", "words"]


def month(day: dt.date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """The month of ``day`` (the year alone when that is all the date gives)."""
    if precision is DatePrecision.YEAR:
        return f"{day.year}"
    return f"{MONTHS[day.month - 1]} {day.year}"


def make_box(entity: object, band: str, words: dict[str, str], placed: dict[str, Placement]) -> Box:
    """The box of ``entity``.

    ``words`` holds the case's labels and the loop's agencies, ``placed`` the agency each
    factor is drawn in (when grouping by agency).
    """
    note = ""
    group = (0, 0)
    wrapped_note = False
    cluster = cluster_name = ""
    if isinstance(entity, ContributoryFactor):
        style, tag, text = entity.valence.value, entity.valence.value.upper(), entity.description
        drawn = placed.get(entity.id)
        if drawn is not None:
            cluster, cluster_name = drawn.agency, drawn.name
            note, wrapped_note = also_text(drawn), True
    elif isinstance(entity, Episode):
        period = entity.period
        start = month(period.start, period.start_precision)
        end = month(period.end, period.end_precision)
        note = start if start == end else f"{start} \u2013 {end}"
        group = (entity.period.start.year, entity.period.start.month)
        style, tag, text = entity.appraisal.value, entity.appraisal.value.upper(), entity.title
    elif isinstance(entity, Finding):
        style, tag, text = "finding", f"{entity.valence.value.upper()} FINDING", entity.statement
        note, wrapped_note = patterns_note(entity), bool(entity.other_patterns)
    elif isinstance(entity, Subject | FamilyMember):
        style, text = "case", words[entity.id]
        tag = "SUBJECT" if isinstance(entity, Subject) else "FAMILY"
    elif isinstance(entity, Recommendation):
        style, tag, text = "loop", "RECOMMENDATION", entity.statement
        to = " ".join(entity.addressee.split()) or words.get(entity.id, "")
        note, wrapped_note = (f"to {to}" if to else ""), True
    elif isinstance(entity, Response):
        style, tag = "loop", entity.decision.label.upper()
        text = entity.text or "(no text recorded)"
        note = f"Board response, {month(entity.when)}"
    elif isinstance(entity, Action):
        style, tag, text = "loop", entity.status.label.upper(), entity.what
        parts = ["Action"]
        parts += [f"due {month(entity.due)}"] if entity.due else []
        parts += [f"completed {month(entity.completed)}"] if entity.completed else []
        parts += [f"owned by {words[entity.id]}"] if entity.id in words else []
        note, wrapped_note = ", ".join(parts), True
    else:
        assert isinstance(entity, Source)  # select() admits no other kind
        style, tag, text = "source", "SOURCE", entity.description
        note = entity.kind.label
    cap = TEXT_WIDTH.get(band, FACTOR_TEXT_WIDTH)
    lines = wrap(text, cap, FONT_SIZE)
    notes = (wrap(note, cap, TAG_SIZE) if wrapped_note else [note]) if note else []
    inner = max(
        *(text_width(line, FONT_SIZE) for line in lines),
        *(text_width(line, TAG_SIZE) for line in notes),
        text_width(tag, TAG_SIZE, bold=True),
        80.0,
    )
    width = round(inner + 2 * PAD + 1)
    height = round(2 * PAD + LINE_HEIGHT * (len(lines) + 1 + len(notes)) + 4)
    return Box(
        entity.id,
        band,
        style,
        tag,
        text,
        lines,
        width,
        height,
        note=note,
        notes=notes,
        group=group,
        cluster=cluster,
        cluster_name=cluster_name,
    )


#: Short names of the patterns, for a finding resting on several (the typology's own
#: labels are long: one pattern keeps its full label).
_SHORT_PATTERNS = {
    Pattern.INCIDENTS_AND_CRISES: "incidents and crises",
    Pattern.LONGER_TERM_WORK: "assessment and longer-term work",
    Pattern.HUMAN_REASONING: "human reasoning",
    Pattern.FAMILY_PROFESSIONAL: "family-professional interactions",
    Pattern.TOOLS: "tools",
    Pattern.MANAGEMENT_SYSTEMS: "management systems",
}


def patterns_note(finding: Finding) -> str:
    """A finding's patterns in a few words, primary first.

    Its primary pattern's label when it rests on one, else every pattern's short name
    (``incidents and crises + human reasoning``).
    """
    if not finding.other_patterns:
        return finding.pattern.label
    return " + ".join(_SHORT_PATTERNS.get(p, p.label) for p in finding.patterns)


def words(review: Review) -> dict[str, str]:
    """The case's labels, and the agencies owning each action or addressed by a recommendation."""
    words = case_labels(review)
    names = {agency.id: agency.name for agency in review.agencies}
    agencies: dict[str, list[str]] = {}
    for link in review.links:
        if link.kind in (LinkKind.OWNED_BY, LinkKind.ADDRESSED_TO) and link.target in names:
            found = agencies.setdefault(link.source, [])
            if names[link.target] not in found:
                found.append(names[link.target])
    words.update((key, ", ".join(found)) for key, found in agencies.items())
    return words
