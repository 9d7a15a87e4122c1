"""A taxonomy's own levels: :class:`TaxonomyLevel`, and the checks that they fit its codes.

A taxonomy may bring its own ordered levels (the six of Rasmussen's AcciMap, say). Each level
is a top code of the taxonomy, names the first segment of the codes it holds, and maps to one
of the three systems levels (:class:`~systemsreview.model.Level`) that rules and analytics
use. :func:`check_levels` is what ``Taxonomy`` runs when it is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._vocab import Level

__all__ = ["SYSTEMS_LEVELS", "TaxonomyLevel", "check_levels", "to_levels"]


class _Placed(Protocol):
    """A code with its dotted path and the systems level it sits at."""

    @property
    def code(self) -> str: ...
    @property
    def level(self) -> Level: ...


def _level_code(instance: TaxonomyLevel, attribute: attrs.Attribute[Any], value: object) -> None:
    c.non_empty(instance, attribute, value)
    if "." in str(value):
        c.fail(instance, attribute, value, "one segment without a dot (a code's first segment)")


@attrs.frozen
class TaxonomyLevel:
    """One of a taxonomy's own levels, and the systems :class:`Level` it maps to.

    ``code`` is the first segment of the codes the level holds (and itself a top code of
    the taxonomy); ``level`` is the frontline / local strategic / national level its codes
    sit at, so everything that uses :class:`Level` works on codes of any taxonomy.

    >>> TaxonomyLevel("regulators", "regulatory bodies", "national").level
    <Level.NATIONAL: 'national'>
    >>> TaxonomyLevel("a.b", "x", "national")
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: TaxonomyLevel.code: got 'a.b'; expected one segment ...
    """

    code: str = attrs.field(validator=_level_code)
    label: str = attrs.field(validator=c.non_empty)
    level: Level = attrs.field(converter=c.to_level, validator=c.member_of(Level))
    description: str = ""


#: The three systems levels as taxonomy levels: Learning Together's own levels, and the
#: levels of a taxonomy that declares none.
SYSTEMS_LEVELS: tuple[TaxonomyLevel, ...] = tuple(
    TaxonomyLevel(level.value, level.label, level) for level in Level
)


def to_levels(value: Sequence[TaxonomyLevel]) -> tuple[TaxonomyLevel, ...]:
    return tuple(value)


def check_levels(
    name: str, codes: Mapping[str, _Placed], levels: tuple[TaxonomyLevel, ...]
) -> None:
    """Raise :class:`ModelError` unless ``levels`` fit ``codes`` (see ``Taxonomy``)."""
    where = f"Taxonomy {name!r}"
    for lv in levels:
        if not isinstance(lv, TaxonomyLevel):
            msg = f"{where}: levels must be TaxonomyLevel objects, got {lv!r}"
            raise ModelError(msg)
    declared: dict[str, TaxonomyLevel] = {}
    for lv in levels:
        if lv.code in declared:
            msg = f"{where}: level {lv.code!r} is declared twice; give each level once"
            raise ModelError(msg)
        declared[lv.code] = lv
        if lv.code not in codes:
            msg = (
                f"{where}: level {lv.code!r} is not a code of the taxonomy; add a top code "
                f"{lv.code!r} (Taxonomy.from_levels does it for you)"
            )
            raise ModelError(msg)
    if not levels:
        return
    ranks = [list(Level).index(lv.level) for lv in levels]
    if ranks != sorted(ranks) and ranks != sorted(ranks, reverse=True):
        order = ", ".join(f"{lv.code} ({lv.level.value})" for lv in levels)
        msg = (
            f"{where}: its levels ({order}) do not run in one direction; order them from "
            "national down to frontline, or from frontline up to national"
        )
        raise ModelError(msg)
    names = ", ".join(declared)
    for code in codes.values():
        head = code.code.partition(".")[0]
        found = declared.get(head)
        if found is None:
            msg = (
                f"{where}: code {code.code!r} belongs to none of its levels ({names}): its "
                f"first segment {head!r} must name a level; declare a level {head!r} or move "
                "the code under one"
            )
            raise ModelError(msg)
        if code.level is not found.level:
            msg = (
                f"{where}: code {code.code!r} sits at {code.level.value!r} but its level "
                f"{found.code!r} maps to {found.level.value!r}; make them agree"
            )
            raise ModelError(msg)
