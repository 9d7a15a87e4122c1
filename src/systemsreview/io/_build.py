"""Building model objects column by column, for data that was already validated.

The model's constructors validate one object at a time; a dataset's columns are validated
all at once (:mod:`systemsreview.io._columns`), so building the objects again through
``__init__`` would check every value twice. :func:`build` instead creates the instances and
fills one slot at a time across all of them, through the slots' own descriptors. It is
private and only ever fed validated columns of exactly the types ``__init__`` would have
produced, so the objects are equal to normally built ones (the tests compare them).
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

import attrs

from systemsreview.model import Perspective, Reviewer

__all__ = ["build", "build_perspectives", "build_reviewers"]

T = TypeVar("T")


_SETTERS: dict[type, dict[str, Callable[[Any, Any], None]]] = {}


def _setters(cls: type) -> dict[str, Callable[[Any, Any], None]]:
    found = _SETTERS.get(cls)
    if found is None:
        found = _SETTERS[cls] = {f.name: cls.__dict__[f.name].__set__ for f in attrs.fields(cls)}
    return found


def build(cls: type[T], columns: Mapping[str, Sequence[Any]]) -> list[T]:
    """Instances of the slotted attrs class ``cls``, one per row of ``columns``.

    ``columns`` must name every field of ``cls`` and hold values of the field's exact
    type (enum members, dates, tuples), already validated.
    """
    setters = _setters(cls)
    if columns.keys() != setters.keys():
        msg = f"{cls.__name__}: columns {sorted(columns)} do not match fields {sorted(setters)}"
        raise AssertionError(msg)
    size = len(next(iter(columns.values())))
    new = object.__new__
    objects: list[T] = [new(cls) for _ in range(size)]
    drain = collections.deque[Any](maxlen=0).extend
    for name, values in columns.items():
        drain(map(setters[name], objects, values))
    return objects


def build_reviewers(columns: Mapping[str, Sequence[Any]]) -> list[Reviewer]:
    """Reviewers from validated ``role``, ``organisation``, ... columns."""
    return build(Reviewer, columns)


def build_perspectives(columns: Mapping[str, Sequence[Any]]) -> list[Perspective]:
    """Perspectives from validated ``agency_id``, ``view``, ``status`` columns."""
    return build(Perspective, columns)
