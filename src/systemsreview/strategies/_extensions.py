"""Extension data for generated reviews: names, JSON values, and objects that carry them.

:func:`extensions` draws the ``extensions`` of one object: namespaced names from a small
pool (so names repeat across objects, as a tool's would) plus fresh ones, and any JSON value
(unicode text, whole numbers beyond 64 bits, finite floats including ``-0.0``, nested lists
and objects). :func:`with_extensions` gives a review strategy whose reviews sometimes carry
extension data on the review, some entities and some links; it shrinks towards none.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import strategies as st

from systemsreview.model import EntityKind, Extensions, Review
from systemsreview.strategies._text import any_text

__all__ = ["extension_names", "extension_values", "extensions", "with_extensions"]

_POOL = ("acme.case", "acme.coder", "nhs-trust.coding", "x.y", "org.example.deep_name")
_WORD = st.from_regex(r"[a-z][a-z0-9_-]{0,6}", fullmatch=True)


def extension_names() -> st.SearchStrategy[str]:
    """Namespaced extension names (``vendor.name``)."""
    fresh = st.lists(_WORD, min_size=2, max_size=3).map(".".join)
    return st.sampled_from(_POOL) | fresh


def extension_values() -> st.SearchStrategy[Any]:
    """Any JSON value: text, numbers, booleans, ``None``, nested lists and objects."""
    leaves = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | any_text()
    )
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text(), inner, max_size=3),
        max_leaves=8,
    )


def extensions() -> st.SearchStrategy[Extensions]:
    """The ``extensions`` of one object (empty about half the time)."""
    return st.dictionaries(extension_names(), extension_values(), max_size=3).map(Extensions)


@st.composite
def _sprinkled(draw: st.DrawFn, base: st.SearchStrategy[Review]) -> Review:
    review = draw(base)
    if not draw(st.booleans()):
        return review
    changes: dict[str, Any] = {"extensions": draw(extensions())}
    for name in [kind.plural for kind in EntityKind] + ["links"]:
        items = getattr(review, name)
        if items:
            flags = draw(st.lists(st.booleans(), min_size=len(items), max_size=len(items)))
            changes[name] = tuple(
                attrs.evolve(item, extensions=draw(extensions())) if flag else item
                for item, flag in zip(items, flags, strict=True)
            )
    return attrs.evolve(review, **changes)


def with_extensions(base: st.SearchStrategy[Review]) -> st.SearchStrategy[Review]:
    """Reviews of ``base``, half of them with extension data on some of their objects."""
    return _sprinkled(base)
