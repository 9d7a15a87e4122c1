"""A taxonomy's own levels: :class:`TaxonomyLevel`, and the checks that they fit its codes.

A taxonomy may bring its own ordered levels (the six of Rasmussen's AcciMap, say). Each level
is a code of the taxonomy (a top code, or a code under a root the taxonomy's codes share, as
the London Protocol's ``london.patient``), holds the codes beneath it, and maps to one of the
three systems levels (:class:`~systemsreview.model.Level`) that rules and analytics use.
:func:`check_levels` is what ``Taxonomy`` runs when it is built.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._vocab import Level

__all__ = ["SYSTEMS_LEVELS", "TaxonomyLevel", "check_levels", "level_for", "to_levels"]


class _Placed(Protocol):
    """A code with its dotted path and the systems level it sits at."""

    @property
    def code(self) -> str: ...
    @property
    def level(self) -> Level: ...


def _level_code(instance: TaxonomyLevel, attribute: attrs.Attribute[Any], value: object) -> None:
    c.non_empty(instance, attribute, value)
    if any(not part for part in str(value).split(".")):
        c.fail(instance, attribute, value, "a code: dot-separated segments, none empty")


def level_for(code: str, declared: Mapping[str, TaxonomyLevel]) -> TaxonomyLevel | None:
    """The declared level ``code`` belongs to: its own code's or its nearest ancestor's."""
    parts = code.split(".")
    for end in range(len(parts), 0, -1):
        found = declared.get(".".join(parts[:end]))
        if found is not None:
            return found
    return None


def _above(code: str, level_code: str) -> bool:
    return level_code.startswith(code + ".")


@attrs.frozen
class TaxonomyLevel:
    """One of a taxonomy's own levels, and the systems :class:`Level` it maps to.

    ``code`` is the code of the taxonomy the level's codes sit under (a top code such as
    ``"accimap_regulators"``, or one under a shared root such as ``"london.patient"``);
    ``level`` is the frontline / local strategic / national level its codes sit at, so
    everything that uses :class:`Level` works on codes of any taxonomy.

    >>> TaxonomyLevel("regulators", "regulatory bodies", "national").level
    <Level.NATIONAL: 'national'>
    >>> TaxonomyLevel("a..b", "x", "national")
    Traceback (most recent call last):
    ...
    systemsreview.errors.ModelError: TaxonomyLevel.code: got 'a..b'; expected a code: ...
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


def _check_not_nested(where: str, levels: tuple[TaxonomyLevel, ...]) -> None:
    for lv in levels:
        inner = [other.code for other in levels if _above(lv.code, other.code)]
        if inner:
            msg = (
                f"{where}: level {lv.code!r} holds the levels {inner}; levels cannot nest: "
                "declare the inner ones only, or the outer one only"
            )
            raise ModelError(msg)


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
    _check_not_nested(where, levels)
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
        found = level_for(code.code, declared)
        if found is None:
            if all(_above(code.code, lv.code) for lv in levels):
                continue  # the root every level sits under ("london")
            head = code.code.partition(".")[0]
            msg = (
                f"{where}: code {code.code!r} belongs to none of its levels ({names}): it "
                f"must be a level or sit under one; declare a level {head!r} or move the "
                "code under one"
            )
            raise ModelError(msg)
        if code.level is not found.level:
            msg = (
                f"{where}: code {code.code!r} sits at {code.level.value!r} but its level "
                f"{found.code!r} maps to {found.level.value!r}; make them agree"
            )
            raise ModelError(msg)
