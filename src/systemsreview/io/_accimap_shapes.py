"""The AcciMap's pieces: its bands, sizes, and the boxes, arrows and outlines it is made of.

Plain mutable records (laying out moves the boxes around): :class:`Box`, :class:`Edge`,
:class:`Cluster` and the :class:`Layout` that holds them, with the constants every stage
of the drawing shares, and the room an agency's outline takes beside its boxes.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from systemsreview.io._factor_bands import SYSTEMS_BANDS
from systemsreview.io._textwidth import text_width, wrap
from systemsreview.model import (
    LinkKind,
)

__all__ = [
    "BANDS",
    "BAND_PAD",
    "BELOW",
    "CASE_LINKS",
    "FACTOR_TEXT_WIDTH",
    "FONT_SIZE",
    "GROUP_LINE",
    "GROUP_PAD",
    "GROUP_SIZE",
    "HEADER",
    "H_GAP",
    "LINE_HEIGHT",
    "LOOP_BANDS",
    "LOOP_LINKS",
    "MARGIN",
    "MIN_WIDTH",
    "MONTHS",
    "PAD",
    "ROW_GAP",
    "TAG_SIZE",
    "TEXT_WIDTH",
    "TIES",
    "TITLE_COLUMN",
    "Bands",
    "Box",
    "Cluster",
    "Edge",
    "Layout",
    "gap",
    "pad",
    "title_lines",
]

#: Band key and title, top to bottom.
BANDS: tuple[tuple[str, str], ...] = (
    *SYSTEMS_BANDS,
    ("episodes", "Key practice episodes"),
    ("subjects", "At the centre of the review"),
    ("family", "The family"),
    ("findings", "Findings"),
    ("recommendations", "Recommendations"),
    ("responses", "Board responses"),
    ("actions", "Actions"),
    ("sources", "Sources"),
)
#: The learning loop's bands, and its links (each drawn from the loop up to what it answers).
LOOP_BANDS = ("recommendations", "responses", "actions")
LOOP_LINKS = frozenset({LinkKind.RESTS_ON, LinkKind.RESPONDS_TO, LinkKind.ADDRESSES})
#: The case's links: an episode ``concerns`` a person; a family member's ties to a subject.
CASE_LINKS = frozenset({LinkKind.CONCERNS, LinkKind.LIVES_WITH, LinkKind.CARES_FOR})
TIES = (LinkKind.LIVES_WITH, LinkKind.CARES_FOR)

FONT_SIZE = 12.0
TAG_SIZE = 11.0
LINE_HEIGHT = 15.0
PAD = 8.0
MARGIN = 16.0
TITLE_COLUMN = 150.0
HEADER = 44.0
MIN_WIDTH = 640.0
H_GAP = 22.0
ROW_GAP = 44.0
BAND_PAD = 18.0
TEXT_WIDTH = {
    "episodes": 190.0,
    "findings": 300.0,
    "sources": 170.0,
    "subjects": 150.0,
    "family": 150.0,
    "recommendations": 240.0,
    "responses": 240.0,
    "actions": 220.0,
}
FACTOR_TEXT_WIDTH = 200.0
#: An agency's outline: room between it and its boxes, its name's size and line height.
GROUP_PAD = 10.0
GROUP_SIZE = 11.0
GROUP_LINE = 14.0
BELOW = {"episodes": 22.0}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(eq=False)
class Box:
    """One entity drawn as a box: its wrapped text, style and place."""

    id: str
    band: str
    style: str
    tag: str
    text: str
    lines: list[str]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0
    row: int = 0
    note: str = ""
    #: The note as drawn: one line, or (in the loop's boxes, whose notes name agencies)
    #: wrapped to the box's width.
    notes: list[str] = field(default_factory=list)
    #: Boxes may trade places only with boxes of the same ``group`` (an episode's start
    #: month; the same for every box of the other bands).
    group: tuple[int, int] = (0, 0)
    #: The agency a factor is drawn in (its id and name; ``""`` when unplaced): the boxes
    #: of one agency stay side by side in their band, inside the agency's outline.
    cluster: str = ""
    cluster_name: str = ""

    @property
    def cx(self) -> float:
        """The x of the box's centre."""
        return self.x + self.w / 2


@dataclass(eq=False)
class Edge:
    """One arrow of ``kind`` (a causal, evidence, loop or case link); points set by routing.

    ``label`` (when set) is the arrow's tooltip: a family member's ties to a subject are
    one arrow, labelled with all of them (``lives with, cares for``).
    """

    source: Box
    target: Box
    kind: LinkKind
    points: tuple[tuple[float, float], ...] = ()
    label: str = ""


@dataclass(eq=False)
class Cluster:
    """The outline of an agency's factors in one row of a band, with the agency's name."""

    agency: str
    band: str
    lines: list[str]
    members: list[Box]
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0


@dataclass(eq=False)
class Layout:
    """Boxes by band (in drawing order), edges, band titles and extents, the page size."""

    bands: dict[str, list[Box]]
    edges: list[Edge]
    titles: dict[str, str] = field(default_factory=dict)
    rows: list[list[Box]] = field(default_factory=list)
    #: The agencies' outlines, one per run of an agency's factors in a row.
    clusters: list[Cluster] = field(default_factory=list)
    band_top: dict[str, float] = field(default_factory=dict)
    band_bottom: dict[str, float] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


class Bands(dict[str, list[Box]]):
    """Boxes by band key, in drawing order (top to bottom), with each band's title."""

    def __init__(self, bands: Sequence[tuple[str, str]] = BANDS) -> None:
        super().__init__((key, []) for key, _ in bands)
        self.titles = dict(bands)


def title_lines(name: str) -> tuple[int, list[str]]:
    """A band's title as drawn in the title column: its font size and wrapped lines.

    13 pixels, smaller (never below 11) where a word of the title would not fit.
    """
    size = 13
    while size > 11 and any(
        text_width(word, size, bold=True) > TITLE_COLUMN - 24 for word in name.split()
    ):
        size -= 1
    return size, wrap(name, TITLE_COLUMN - 24, size, bold=True)


def pad(box: Box) -> float:
    """Room beside ``box`` for its agency's outline (none for an unplaced box)."""
    return GROUP_PAD if box.cluster else 0.0


def gap(a: Box, b: Box, base: float) -> float:
    """The least room between neighbours ``a`` and ``b``.

    ``base`` inside one agency (or between unplaced boxes); across an agency's outline,
    ``base`` outside the outline too.
    """
    return base if a.cluster == b.cluster else base + pad(a) + pad(b)
