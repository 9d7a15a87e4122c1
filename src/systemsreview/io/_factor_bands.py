"""Which bands a review's factors are drawn in: the three systems levels, or a taxonomy's own.

A taxonomy may declare its own ordered levels (the six of Rasmussen's AcciMap). When every
factor of a review is coded in one registered taxonomy that declares levels other than the
three systems levels, the diagrams draw one band per level of that taxonomy, in its order
(national end at the top, above the episodes, as every band of the AcciMap runs; a taxonomy
declared frontline up is drawn upside down), titled with the level's label, and each
factor in the band of its category's level (``levels_by="taxonomy"``, the default).
Otherwise, or with ``levels_by="systems"``, they draw the three systems bands (national,
local strategic, frontline), each factor by the level it records. So a review mixing codes
of several taxonomies, or holding a category no registered taxonomy knows, draws its
factors by their recorded levels: one picture has one set of levels, and never a guess at
where an unknown code belongs.

>>> from systemsreview.examples import domestic_abuse_review
>>> [title for _, title in factor_bands(domestic_abuse_review()).bands]
['National', 'Local strategic', 'Frontline']
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from systemsreview.errors import ModelError
from systemsreview.model import (
    SYSTEMS_LEVELS,
    ContributoryFactor,
    Level,
    Review,
    Taxonomy,
    taxonomies,
)

__all__ = ["LEVELS_BY", "SYSTEMS_BANDS", "FactorBands", "band_key", "factor_bands"]

#: The ways to band the factors: by their taxonomy's own levels (where it has them), or by
#: the three systems levels.
LEVELS_BY = ("taxonomy", "systems")
#: The three systems bands: key (the level's value) and title, top to bottom.
SYSTEMS_BANDS: tuple[tuple[str, str], ...] = (
    ("national", "National"),
    ("local_strategic", "Local strategic"),
    ("frontline", "Frontline"),
)


@dataclass(frozen=True)
class FactorBands:
    """The factor bands of one picture, top to bottom, and how factors fall into them.

    ``taxonomy`` is the taxonomy whose own levels make the bands, or ``None`` for the three
    systems bands. ``bands`` holds each band's key and title; a taxonomy level's key is
    ``level_`` and its code (dots as ``__``), so it never clashes with the other bands' keys.
    """

    bands: tuple[tuple[str, str], ...]
    taxonomy: Taxonomy | None = None

    def band_of(self, factor: ContributoryFactor) -> str:
        """The key of the band ``factor`` is drawn in."""
        if self.taxonomy is None:
            return factor.level.value
        return band_key(self.taxonomy.taxonomy_level(factor.category).code)

    def selected(self, levels: Collection[Level | str] | None) -> set[str]:
        """The keys of the bands that ``levels`` asks for (every band for ``None``).

        A systems level asks for every band mapped to it; with a taxonomy's bands, one of
        its level codes asks for that band alone.

        Raises:
            ModelError: for a value that is neither a systems level nor (with a
                taxonomy's bands) one of its level codes.
        """
        keys = {key for key, _ in self.bands}
        if levels is None:
            return keys
        own = {lv.code: lv for lv in self.taxonomy.levels} if self.taxonomy is not None else {}
        chosen: set[str] = set()
        for value in levels:
            if isinstance(value, str) and value in own:
                chosen.add(band_key(value))
                continue
            level = _level(value, own)
            if self.taxonomy is None:
                chosen.add(level.value)
            else:
                chosen |= {band_key(lv.code) for lv in self.taxonomy.levels if lv.level is level}
        return chosen


def band_key(code: str) -> str:
    """The band key of a taxonomy level: an identifier Mermaid and DOT take as it is."""
    return "level_" + code.replace(".", "__")  # "london.patient" -> "level_london__patient"


def _level(value: Level | str, own: Collection[str]) -> Level:
    try:
        return Level(value)
    except ValueError:
        choices = ", ".join([*(level.value for level in Level), *own])
        msg = f"levels: {value!r} is not a level; choose from {choices}"
        raise ModelError(msg) from None


def _title(label: str) -> str:
    return label[:1].upper() + label[1:]


def factor_bands(review: Review, levels_by: str = "taxonomy") -> FactorBands:
    """The factor bands to draw ``review`` with (see the module's docstring).

    Raises:
        ModelError: when ``levels_by`` is neither ``"taxonomy"`` nor ``"systems"``.
    """
    if levels_by not in LEVELS_BY:
        msg = f"levels_by={levels_by!r} is not a way to band the factors; choose from " + (
            ", ".join(map(repr, LEVELS_BY))
        )
        raise ModelError(msg)
    systems = FactorBands(SYSTEMS_BANDS)
    if levels_by == "systems" or not review.factors:
        return systems
    categories = {factor.category for factor in review.factors}
    holders = [t for t in taxonomies() if t.has_own_levels and t.levels != SYSTEMS_LEVELS]
    for taxonomy in holders:
        own = set(taxonomy.levels)
        # every category in the taxonomy and under one of its levels (not the shared root)
        if all(c in taxonomy and taxonomy.taxonomy_level(c) in own for c in categories):
            levels = taxonomy.levels
            if levels[0].level is Level.FRONTLINE and levels[-1].level is not Level.FRONTLINE:
                levels = levels[::-1]  # declared frontline up: the AcciMap puts national on top
            bands = tuple((band_key(lv.code), _title(lv.label)) for lv in levels)
            return FactorBands(bands, taxonomy)
    return systems
