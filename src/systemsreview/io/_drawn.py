"""What the Mermaid and DOT diagrams draw of a review: entities by band, edges and names.

Shared by :mod:`systemsreview.io._mermaid` and :mod:`systemsreview.io._dot`: which band each
entity sits in, its label (wrapped, never cut), the diagram-safe node names, the factors'
agency runs and the style class of each box (the Okabe-Ito colours of the SVG).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection

from systemsreview.io._case_labels import case_labels
from systemsreview.io._factor_bands import SYSTEMS_BANDS, FactorBands
from systemsreview.io._factor_bands import factor_bands as by_levels
from systemsreview.io._placement import Placement, also_text, placement
from systemsreview.io._textwidth import wrap
from systemsreview.model import (
    Action,
    ContributoryFactor,
    Entity,
    EntityKind,
    Episode,
    Finding,
    LinkKind,
    Recommendation,
    Response,
    Review,
)
from systemsreview.rules import redact

__all__ = ["CLASSES", "Drawn", "Names", "label_lines", "start_month", "style_classes"]

#: Fill, border and whether dashed, per style class (Okabe-Ito vermillion, blue, orange).
CLASSES = {
    "hindering": ("#fbe3d6", "#d55e00", False),
    "supportive": ("#dcebf5", "#0072b2", True),
    "mixed": ("#fdf0cc", "#e69f00", False),
    "loop": ("#d9f2ea", "#009e73", True),
    "case": ("#f7e6f0", "#cc79a7", False),
}

_BANDS = (
    *SYSTEMS_BANDS,
    ("episodes", "Key practice episodes"),
    ("subjects", "At the centre of the review"),
    ("family", "The family"),
    ("findings", "Findings"),
    ("loop", "Learning loop: recommendations, board responses, actions"),
    ("other", "Other"),
)
_LOOP = (EntityKind.RECOMMENDATION, EntityKind.RESPONSE, EntityKind.ACTION)
_CASE = (EntityKind.SUBJECT, EntityKind.FAMILY_MEMBER)
_KIND_BANDS = {
    **dict.fromkeys(_LOOP, "loop"),
    EntityKind.SUBJECT: "subjects",
    EntityKind.FAMILY_MEMBER: "family",
}


def _band(entity: Entity, factor_bands: FactorBands) -> str:
    if isinstance(entity, ContributoryFactor):
        return factor_bands.band_of(entity)
    if isinstance(entity, Episode):
        return "episodes"
    if isinstance(entity, Finding):
        return "findings"
    return _KIND_BANDS.get(entity.entity_kind, "other")


def _label(entity: Entity, case: dict[str, str]) -> str:
    """The entity's full text (never cut): its title, name, role, statement or description.

    A response shows its decision, an action its status: the learning loop is marked. A
    subject or family member shows its role and age band only (``case``, by id).
    """
    if entity.entity_kind in _CASE:
        return case[entity.id]
    if isinstance(entity, Response):
        return f"Board response ({entity.decision.label}, {entity.when}): {entity.text}".strip()
    if isinstance(entity, Action):
        due = f", due {entity.due}" if entity.due else ""
        return f"Action ({entity.status.label}{due}): {' '.join(entity.what.split())}"
    if isinstance(entity, Recommendation):
        return f"Recommendation: {' '.join(entity.statement.split())}"
    for name in ("title", "name", "role", "statement", "description"):
        text = getattr(entity, name, None)
        if isinstance(text, str):
            return " ".join(text.split())
    return entity.id


def label_lines(
    entity: Entity,
    case: dict[str, str],
    *,
    width: float = 220,
    size: float = 12,
    placed: dict[str, Placement] | None = None,
) -> list[str]:
    lines = wrap(_label(entity, case), width, size)
    drawn = (placed or {}).get(entity.id)
    if drawn is not None and drawn.also:  # drawn in its first agency: say where else
        lines += wrap(f"({also_text(drawn)})", width, size)
    return lines


def _no_keywords(name: str) -> bool:
    return False


class Names(dict[str | tuple[str, ...], str]):
    """Diagram-safe ids for the nodes and the subgraphs of one diagram, all distinct.

    A node is keyed by its entity id (a string), a subgraph by a tuple (``("band", key)``,
    ``("agency", band key, agency id)``), so no entity id, whatever it holds, can stand for
    a subgraph. Each id is made once, from its key or ``base``: every character that is not
    a word character becomes ``_``; an id that does not start with a letter, or that
    ``reserved`` refuses (a keyword of the diagram language), gets ``n_`` in front; and one
    already given, to a node or a subgraph, is numbered ``_2``, ``_3`` and so on.
    """

    def __init__(self, reserved: Callable[[str], bool] = _no_keywords) -> None:
        super().__init__()
        self._reserved = reserved
        self._taken: set[str] = set()

    def add(self, key: str | tuple[str, ...], base: str | None = None) -> str:
        """Give ``key`` its id (once, made from ``base`` if given) and return it."""
        if key in self:
            return self[key]
        if base is None:
            assert isinstance(key, str)  # a subgraph's key always comes with a base
            base = key
        safe = re.sub(r"\W", "_", base)
        safe = safe if safe[:1].isalpha() and not self._reserved(safe) else f"n_{safe}"
        name, number = safe, 1
        while name in self._taken:
            number += 1
            name = f"{safe}_{number}"
        self[key] = name
        self._taken.add(name)
        return name


def _when(entity: Entity) -> tuple[dt.date, dt.date]:
    assert isinstance(entity, Episode)  # only episodes sit in the episodes band
    return entity.period.start, entity.period.end


def start_month(entity: Entity) -> tuple[int, int]:
    start = _when(entity)[0]
    return start.year, start.month


class Drawn:
    """What Mermaid and DOT draw of a review.

    Entities by band, edges, node names, the case's labels and where each factor is drawn
    (when grouping by agency). Every band's subgraph id (``prefix`` and the band's key),
    every agency's subgraph id and every node id come from one :class:`Names`, so none
    equals another, and none is a word that ``reserved`` says the language keeps.
    """

    def __init__(
        self,
        review: Review,
        kinds: Collection[EntityKind],
        links: Collection[LinkKind],
        *,
        redacted: bool,
        by_agency: bool,
        levels_by: str,
        prefix: str = "",
        reserved: Callable[[str], bool] = _no_keywords,
    ) -> None:
        if redacted:
            review = redact(review)
        factor_bands = by_levels(review, levels_by)
        #: The bands' keys and titles, top to bottom.
        self.order = factor_bands.bands + _BANDS[len(SYSTEMS_BANDS) :]
        self.prefix = prefix
        self.names = Names(reserved)
        for key, _ in self.order:  # the bands first: they keep their ids as they always had
            self.names.add(("band", key), f"{prefix}{key}")
        self.bands, self.edges, self.case = _select(
            review, kinds, links, factor_bands, self.order, names=self.names
        )
        self.placed = placement(review) if by_agency else {}

    def band_id(self, key: str) -> str:
        """The id of the subgraph of band ``key``."""
        return self.names[("band", key)]

    def runs(self, key: str) -> list[tuple[str, str, list[Entity]]]:
        """The band's entities as runs: ``(cluster name, agency name, entities)``.

        Each agency's factors together where its first one was; unplaced ones alone, unnamed.
        """
        runs: dict[tuple[str, str], tuple[str, str, list[Entity]]] = {}
        for entity in self.bands[key]:
            drawn = self.placed.get(entity.id) if isinstance(entity, ContributoryFactor) else None
            if drawn is None:
                runs["entity", entity.id] = ("", "", [entity])
                continue
            if ("agency", drawn.agency) not in runs:
                cluster = self.names.add(
                    ("agency", key, drawn.agency), f"{self.prefix}agency_{key}_{drawn.agency}"
                )
                runs["agency", drawn.agency] = (cluster, drawn.name, [])
            runs["agency", drawn.agency][2].append(entity)
        return list(runs.values())


def _select(
    review: Review,
    kinds: Collection[EntityKind],
    links: Collection[LinkKind],
    factor_bands: FactorBands,
    order: tuple[tuple[str, str], ...],
    *,
    names: Names,
) -> tuple[dict[str, list[Entity]], list[tuple[str, str, LinkKind]], dict[str, str]]:
    bands: dict[str, list[Entity]] = {key: [] for key, _ in order}
    for entity in review.entities():
        if entity.entity_kind in kinds and entity.id not in names:
            bands[_band(entity, factor_bands)].append(entity)
            names.add(entity.id)
    bands["episodes"].sort(key=_when)
    edges = [
        (names[link.source], names[link.target], link.kind)
        for link in review.links
        if link.kind in links and link.source in names and link.target in names
    ]
    return bands, edges, case_labels(review)


def style_classes(bands: dict[str, list[Entity]], names: Names) -> dict[str, list[str]]:
    """The node names of each style class (a key of :data:`CLASSES`), in band order."""
    styles: dict[str, list[str]] = {key: [] for key in CLASSES}
    for entities in bands.values():
        for entity in entities:
            if isinstance(entity, ContributoryFactor):
                styles[entity.valence.value].append(names[entity.id])
            elif entity.entity_kind in _LOOP:
                styles["loop"].append(names[entity.id])
            elif entity.entity_kind in _CASE:
                styles["case"].append(names[entity.id])
            elif isinstance(entity, Episode):
                if entity.appraisal.value == "problematic":
                    styles["hindering"].append(names[entity.id])
                elif entity.appraisal.value == "good":
                    styles["supportive"].append(names[entity.id])
                else:
                    styles["mixed"].append(names[entity.id])
    return styles
