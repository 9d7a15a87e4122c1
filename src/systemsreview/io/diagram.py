"""Diagrams of a review's causal graph: an AcciMap in SVG, and Mermaid or Graphviz DOT text.

Both lay the graph out by level, AcciMap-style: national factors at the top, then local
strategic factors, frontline factors, episodes and findings. Which entity kinds and link
kinds appear is configurable; by default the causal picture (factors, episodes, findings
and the ``contributed_to`` and ``evidenced_by`` links between them).

>>> from systemsreview.examples import domestic_abuse_review
>>> text = to_mermaid(domestic_abuse_review())
>>> print(text.splitlines()[0])
flowchart TB
>>> "f_throughput_culture -->|contributed to| f_first_home_visit" in text
True
"""

from __future__ import annotations

from collections.abc import Collection

from systemsreview.errors import ModelError
from systemsreview.io import _accimap, _dot, _mermaid, _ordering, _svg
from systemsreview.io._drawn import Drawn
from systemsreview.io._factor_bands import factor_bands as by_levels
from systemsreview.model import EntityKind, Level, LinkKind, Review
from systemsreview.rules import redact

__all__ = [
    "CASE_KINDS",
    "CASE_LINKS",
    "CAUSAL_KINDS",
    "CAUSAL_LINKS",
    "LOOP_KINDS",
    "LOOP_LINKS",
    "to_dot",
    "to_mermaid",
    "to_svg",
]

CAUSAL_KINDS: frozenset[EntityKind] = frozenset(
    {EntityKind.FACTOR, EntityKind.EPISODE, EntityKind.FINDING}
)
CAUSAL_LINKS: frozenset[LinkKind] = frozenset({LinkKind.CONTRIBUTED_TO, LinkKind.EVIDENCED_BY})
#: The learning loop, to add to the causal picture: ``kinds=CAUSAL_KINDS | LOOP_KINDS``.
LOOP_KINDS: frozenset[EntityKind] = frozenset(
    {EntityKind.RECOMMENDATION, EntityKind.RESPONSE, EntityKind.ACTION}
)
LOOP_LINKS: frozenset[LinkKind] = frozenset(
    {LinkKind.RESTS_ON, LinkKind.RESPONDS_TO, LinkKind.ADDRESSES}
)
#: The case, to add to the causal picture: ``kinds=CAUSAL_KINDS | CASE_KINDS``. Subjects
#: and family members are drawn by role and age band only (never sex, ethnicity,
#: disability, characteristics or id); ``concerns`` joins them to the episodes.
CASE_KINDS: frozenset[EntityKind] = frozenset({EntityKind.SUBJECT, EntityKind.FAMILY_MEMBER})
CASE_LINKS: frozenset[LinkKind] = frozenset(
    {LinkKind.CONCERNS, LinkKind.LIVES_WITH, LinkKind.CARES_FOR}
)


def to_mermaid(
    review: Review,
    *,
    kinds: Collection[EntityKind] = CAUSAL_KINDS,
    links: Collection[LinkKind] = CAUSAL_LINKS,
    redacted: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> str:
    """The review as a Mermaid flowchart, one subgraph per level band, stacked top to bottom.

    Inside a band boxes run left to right; invisible links (``~~~``) stack the bands.
    ``contributed to`` arrows are solid, ``evidenced by`` dotted. Hindering factors and
    problematic episodes have a vermillion border, supportive factors and good episodes a
    blue dashed one, mixed episodes an orange one (the Okabe-Ito palette). With
    ``kinds=CAUSAL_KINDS | LOOP_KINDS, links=CAUSAL_LINKS | LOOP_LINKS`` the learning loop
    joins the picture: recommendations, board responses (with their decision) and actions
    (with their status and due day) in a band of their own below the findings, in green
    dashed boxes, their arrows dotted. Factors are banded as in :func:`to_svg`: by their
    taxonomy's own levels when all are coded in one that has them (``levels_by``).
    Factors placed in an agency (``sits_in``) sit in a subgraph of their band named after
    the agency, as in :func:`to_svg` (a factor in several agencies in the first, its label
    saying where else); ``by_agency=False`` leaves those subgraphs out.
    Each box's id is its entity's id with every non-word character made ``_``; one that a
    subgraph took first, or that Mermaid reads as a keyword (``end``), is numbered or
    prefixed (``national_2``, ``n_end``), so no two things share an id.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> text = to_mermaid(domestic_abuse_review(), kinds=CAUSAL_KINDS | LOOP_KINDS,
    ...                   links=CAUSAL_LINKS | LOOP_LINKS)
    >>> "act_first_home_visits -.->|addresses| finding_voice_of_child" in text
    True
    """
    drawn = Drawn(
        review,
        kinds,
        links,
        redacted=redacted,
        by_agency=by_agency,
        levels_by=levels_by,
        reserved=_mermaid.reserved,
    )
    return _mermaid.render(drawn)


def to_dot(
    review: Review,
    *,
    kinds: Collection[EntityKind] = CAUSAL_KINDS,
    links: Collection[LinkKind] = CAUSAL_LINKS,
    redacted: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> str:
    """The review as Graphviz DOT: ranked clusters per level band, stacked top to bottom.

    Uses ``newrank`` so each band is one rank inside its cluster, invisible edges to stack
    the bands in level order, invisible flat edges (kept by ``remincross=false``) to keep
    the episodes in time order by start month (as the AcciMap does), labels wrapped (never
    cut) and the Okabe-Ito colours of the SVG; ``evidenced by`` arrows are dashed. Factors
    placed in an agency (``sits_in``) sit in a ``cluster_agency_...`` subgraph of their
    band, outlined and labelled with the agency's name, as in :func:`to_svg`;
    ``by_agency=False`` leaves those clusters out. Factors are banded as in :func:`to_svg`
    (``levels_by``). Node ids are made as in :func:`to_mermaid`, a DOT keyword (``node``,
    ``graph``, in any case) prefixed ``n_``.

    >>> from systemsreview.examples import domestic_abuse_review
    >>> print(to_dot(domestic_abuse_review()).splitlines()[0])
    digraph "lscb-2011-da" {
    """
    drawn = Drawn(
        review,
        kinds,
        links,
        redacted=redacted,
        by_agency=by_agency,
        levels_by=levels_by,
        prefix=_dot.PREFIX,
        reserved=_dot.reserved,
    )
    return _dot.render(review.id, drawn)


def to_svg(
    review: Review,
    *,
    focus: str | None = None,
    levels: Collection[Level | str] | None = None,
    sources: bool = False,
    width: int = 1600,
    loop: bool = False,
    case: bool = False,
    redacted: bool = False,
    by_agency: bool = True,
    levels_by: str = "taxonomy",
) -> str:
    """The review's AcciMap as a standalone SVG document, with no system dependency.

    One horizontal band per level (national, local strategic, frontline), the key practice
    episodes below them along a time axis, then the findings with dashed arrows to the
    evidence they rest on (and, with ``sources``, the sources). Boxes are sized to their
    wrapped text, which is never cut; each box's full text is also its ``<title>`` tooltip.
    Boxes inside a band are ordered to reduce crossing arrows. A band that does not fit
    ``width`` wraps into rows, so the picture grows down, never wider than ``width``. Text
    widths are estimated from a per-character table for the font stack the SVG names
    (DejaVu Sans, Verdana, ...), so no font file or system library is needed, and the same
    review always gives the same bytes.

    With ``loop``, the learning loop follows the findings in three bands: recommendations
    (and to whom), board responses (their decision and month) and actions (status, due and
    completed months, owning agencies), each with dotted arrows up to the findings,
    recommendations and factors it answers. With ``case``, the subjects and then their
    family sit just below the episodes, by role and age band only (never sex, ethnicity,
    disability, characteristics or id), with the episodes' ``concerns`` arrows and one
    arrow from each family member to each subject it lives with or cares for.

    Factors placed in an agency (``sits_in``) sit side by side in their level band inside
    a light outline headed by the agency's name, as the review records it; unplaced
    factors are drawn as before, outside every outline. A factor placed in several
    agencies is drawn once, in the first of them (in the order its ``sits_in`` links are
    recorded), and its box says ``also:`` and the others. A placement that dangles or
    points at something other than an agency is left out (the rules report it). A review
    with no placement draws as it always did; ``by_agency=False`` leaves the grouping out.
    A finding's box names all its patterns, primary first.

    Factors coded in a taxonomy that brings its own levels (``ACCIMAP``'s six) are drawn in
    one band per level of that taxonomy, in its order and titled with its labels, when
    every factor of the review is coded in it (``levels_by="taxonomy"``, the default);
    otherwise, or with ``levels_by="systems"``, in the three systems bands, each factor by
    the level it records (a review mixing taxonomies, or holding a code no registered
    taxonomy knows, draws that way). Learning Together's levels are the systems levels.

    Args:
        review: the review to draw.
        focus: a finding id: draw only that finding's causal chain (its evidence and
            everything upstream of it).
        levels: the factor levels to draw, e.g. ``("local_strategic", "national")``;
            every level by default. A systems level draws every band mapped to it; when
            the factors are banded by a taxonomy's own levels, one of its level codes
            (``"accimap_regulators"``) draws that band alone.
        sources: add a band of sources with the ``evidenced by`` arrows that reach them.
        width: the widest the picture may be, in pixels (at least 640).
        loop: add the learning loop's bands (with ``focus``, the loop answering that finding).
        case: add the subjects' and family's bands (with ``focus``, the people its episodes
            concern).
        redacted: draw :func:`~systemsreview.rules.redact` of the review: no restricted
            event or source (or link to one) reaches the picture.
        by_agency: group the factors placed in an agency inside its outline.
        levels_by: ``"taxonomy"`` (band the factors by their taxonomy's own levels, where
            they are all coded in one that has them) or ``"systems"`` (the three systems
            levels, always).

    Raises:
        NotFoundError: when ``focus`` is not a finding of the review.
        ModelError: when ``width`` is below 640, a level is not a level or ``levels_by``
            is not a way to band the factors (a ``ValueError``).

    >>> from systemsreview.examples import domestic_abuse_review
    >>> svg = to_svg(domestic_abuse_review())
    >>> svg.startswith("<svg") and 'viewBox="0 0 ' in svg
    True
    >>> "Officers unsure whether they" in svg
    True
    >>> "Child 1, aged 6-10" in to_svg(domestic_abuse_review(), case=True)
    True
    >>> from systemsreview.examples import hidden_child_review
    >>> 'data-agency="school"' in to_svg(hidden_child_review())
    True
    >>> "also: Children" in to_svg(hidden_child_review())
    True
    """
    if width < 640:
        msg = f"width={width} is too narrow for an AcciMap; give at least 640 pixels"
        raise ModelError(msg)
    if redacted:
        review = redact(review)
    bands, edges = _accimap.select(
        review,
        focus=focus,
        levels=levels,
        sources=sources,
        loop=loop,
        case=case,
        by_agency=by_agency,
        levels_by=levels_by,
    )
    page = float(width)
    result = _ordering.layout(bands, edges, page)
    count = sum(len(boxes) for boxes in bands.values())
    own = by_levels(review, levels_by).taxonomy
    factors = (
        "national at the top, then local strategic and frontline factors"
        if own is None
        else f"the {len(own.levels)} levels of taxonomy {own.name} from the top"
    )
    description = (
        f"AcciMap of {review.id}: {count} boxes in level bands ({factors}, "
        f"key practice episodes in time order, "
        f"findings{', the learning loop' if loop else ''}"
        f"{', the child and family' if case else ''}) and {len(edges)} arrows"
        + (
            f"; factors grouped in {len({c.agency for c in result.clusters})} agencies"
            if result.clusters
            else ""
        )
        + (f", showing the causal chain of finding {focus}" if focus else "")
        + "."
    )
    return _svg.render(result, review.title, description)
