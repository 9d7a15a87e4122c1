"""The filters of ``Corpus.where`` (and of :mod:`systemsreview.sql`): one table, one checker.

Each keyword names the table and column it tests. A review matches a keyword when its own
row (``reviews``) or at least one of its rows of a child table (``findings``, ``factors``,
``agencies``) holds one of the given values; keywords combine with AND, each tested on its
own, so ``where(category=a, level=b)`` is ``where(category=a).where(level=b)``.

Values are checked here, before any file is read: vocabulary values against their
``StrEnum``, factor categories against the registered taxonomies, years as whole numbers,
ids and commissioners as strings. A value is one item or a collection of items (a list,
tuple, set, ...); an empty collection matches no review. ``None`` means no filter.

>>> {name: f.table for name, f in FILTERS.items() if f.table != "reviews"}
{'pattern': 'findings', 'category': 'factors', 'level': 'factors', 'sector': 'agencies'}
>>> values("category", "frontline.team")  # doctest: +NORMALIZE_WHITESPACE
['frontline.team', 'frontline.team.culture', 'frontline.team.supervision',
 'frontline.team.custom_and_practice', 'frontline.team.management_oversight']
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import Level, Method, Pattern, ReviewKind, Sector
from systemsreview.model._taxonomy import find_code, taxonomies, unknown_code_message

__all__ = ["FILTERS", "Filter", "values"]


def _strings(name: str, items: list[object]) -> list[object]:
    for item in items:
        if not isinstance(item, str):
            msg = f"Corpus.where: {name} {item!r} is a {type(item).__name__}; give strings"
            raise ModelError(msg)
    return items


def _vocabulary(vocab: type[enum.StrEnum]) -> Callable[[str, list[object]], list[object]]:
    allowed = {m.value for m in vocab}

    def check(name: str, items: list[object]) -> list[object]:
        for item in items:
            if not isinstance(item, str) or item not in allowed:
                msg = f"Corpus.where: {name} {item!r} is not a {vocab.__name__}; "
                raise ModelError(f"{msg}expected one of {', '.join(sorted(allowed))}")
        return [str(item) for item in items]

    return check


def _years(name: str, items: list[object]) -> list[object]:
    years: list[object] = []
    for item in items:
        try:
            years.append(int(item) if isinstance(item, str) else operator.index(item))  # type: ignore[arg-type]  # TypeError caught below
            if isinstance(item, bool):
                raise TypeError
        except (TypeError, ValueError):
            msg = f"Corpus.where: {name} {item!r} is not a year; give whole years such as 2019"
            raise ModelError(msg) from None
    return years


def _categories(name: str, items: list[object]) -> list[object]:
    """The codes given and every code beneath them, in their taxonomy's order."""
    codes: list[object] = []
    for item in _strings(name, items):
        if find_code(str(item)) is None:
            raise ModelError(f"Corpus.where: {name} {unknown_code_message(str(item))}")
        prefix = f"{item}."
        for taxonomy in taxonomies():
            codes += [c for c in taxonomy if (c == item or c.startswith(prefix)) and c not in codes]
    return codes


@attrs.frozen
class Filter:
    """One keyword of ``Corpus.where``: the table and column it tests, and its checker."""

    table: str
    column: str
    check: Callable[[str, list[object]], list[object]]
    help: str


FILTERS: Mapping[str, Filter] = {
    "review_id": Filter("reviews", "review_id", _strings, "review id"),
    "kind": Filter("reviews", "kind", _vocabulary(ReviewKind), "review kind"),
    "method": Filter("reviews", "methods", _vocabulary(Method), "one of the review's methods"),
    "year": Filter("reviews", "decided", _years, "year of decision"),
    "commissioner": Filter("reviews", "commissioner", _strings, "commissioner"),
    "pattern": Filter("findings", "pattern", _vocabulary(Pattern), "a finding's pattern"),
    "category": Filter(
        "factors", "category", _categories, "a factor's category (the code or beneath it)"
    ),
    "level": Filter("factors", "level", _vocabulary(Level), "a factor's level"),
    "sector": Filter("agencies", "sector", _vocabulary(Sector), "an agency's sector"),
}


def values(name: str, value: Any) -> list[object]:
    """The checked values of filter ``name``: one item or a collection of items.

    Raises:
        ModelError: an unknown filter, a value of the wrong type, or one outside the
            filter's vocabulary (naming the value and the allowed ones).
    """
    if name not in FILTERS:
        msg = f"Corpus.where: no filter {name!r}; filter on {', '.join(FILTERS)}"
        raise ModelError(msg)
    if isinstance(value, str | int):
        items: list[object] = [value]
    elif isinstance(value, bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        msg = (
            f"Corpus.where: {name} must be a value or a collection of values "
            f"(list, tuple, set), not {type(value).__name__}"
        )
        raise ModelError(msg)
    else:
        items = list(value)
    return FILTERS[name].check(name, items)
