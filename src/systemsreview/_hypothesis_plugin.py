"""The ``hypothesis`` entry point: ``st.from_type`` knows the model's classes.

Hypothesis calls :func:`setup` while it is itself being imported, which may be in the
middle of importing :mod:`systemsreview.strategies` (that module imports Hypothesis). So
the entry point lives here, imports nothing of Hypothesis's strategies at module level, and
registers each class with a function that imports :mod:`systemsreview.strategies` only
when Hypothesis first resolves the type; by then both modules are fully imported.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["STRATEGIES", "setup"]

#: Model class name -> the :mod:`systemsreview.strategies` function that draws it.
STRATEGIES: dict[str, str] = {
    "Review": "reviews",
    "Agency": "agencies",
    "Practitioner": "practitioners",
    "Event": "events",
    "Episode": "episodes",
    "ContributoryFactor": "factors",
    "Finding": "findings",
    "Source": "sources",
    "Recommendation": "recommendations",
    "Response": "responses",
    "Action": "actions",
    "Subject": "subjects",
    "FamilyMember": "family_members",
    "Period": "periods",
    "Link": "links",
    "Reviewer": "reviewers",
}


def _resolve(cls: type) -> Any:
    strategies = importlib.import_module("systemsreview.strategies")
    return getattr(strategies, STRATEGIES[cls.__name__])()


def setup() -> None:
    """Register every model class in :data:`STRATEGIES` with ``st.from_type``, lazily."""
    from hypothesis import strategies as st  # noqa: PLC0415 - only once Hypothesis runs this

    model = importlib.import_module("systemsreview.model")
    for name in STRATEGIES:
        st.register_type_strategy(getattr(model, name), _resolve)
