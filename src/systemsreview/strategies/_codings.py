"""Codings with a chosen true agreement, for property-testing agreement reports."""

from __future__ import annotations

import random
from collections.abc import Sequence

from hypothesis import strategies as st

from systemsreview.errors import ModelError

__all__ = ["codings", "expected_agreement"]


def expected_agreement(accuracy: float, categories: int) -> float:
    """The chance that two coders of :func:`codings` agree on a unit.

    A coder gives the true code with probability ``q = accuracy + (1 - accuracy) / k``
    (copying it, or guessing it among ``k`` categories) and each wrong code with
    probability ``(1 - q) / (k - 1)``; two coders agree with probability
    ``q**2 + (1 - q)**2 / (k - 1)``.

    >>> expected_agreement(1.0, 4)
    1.0
    >>> expected_agreement(0.0, 4)
    0.25
    """
    if categories < 2:
        raise ModelError(f"expected_agreement: needs two categories or more, got {categories}")
    q = accuracy + (1 - accuracy) / categories
    return q * q + (1 - q) ** 2 / (categories - 1)


_CODERS = st.integers(2, 4)
_UNITS = st.integers(1, 40)
_ACCURACY = st.floats(0, 1)


def codings(
    *,
    categories: Sequence[str] = ("a", "b", "c", "d"),
    coders: int | st.SearchStrategy[int] = _CODERS,
    units: int | st.SearchStrategy[int] = _UNITS,
    accuracy: float | st.SearchStrategy[float] = _ACCURACY,
    missing: float = 0.0,
) -> st.SearchStrategy[dict[str, dict[str, str]]]:
    """Codings of ``units`` units by ``coders`` coders who agree as much as ``accuracy`` says.

    Each unit has a true code, drawn from ``categories``; each coder gives it with
    probability ``accuracy`` and otherwise guesses uniformly among all categories, so two
    coders agree on a unit with probability :func:`expected_agreement`. A coder leaves a
    unit uncoded with probability ``missing``. Counts, accuracy and a seed are drawn
    first, so a failing example shrinks towards few units and few coders.

    Args:
        categories: the codes to use (at least two).
        coders: how many coders, or a strategy for it.
        units: how many units, or a strategy for it.
        accuracy: each coder's chance of giving the true code, or a strategy for it.
        missing: each code's chance of being left out (0 to 1).

    Returns:
        A strategy for ``{coder: {unit: code}}``, coders ``"coder-1"``..., units
        ``"u001"``...

    >>> from hypothesis import given, settings
    >>> from systemsreview.agreement import percent_agreement
    >>> @settings(max_examples=5)
    ... @given(codings(units=500, coders=2, accuracy=1.0))
    ... def test_full_accuracy_agrees(data):
    ...     assert percent_agreement(data) == 1.0
    >>> test_full_accuracy_agrees()
    """
    return _codings(
        categories=tuple(categories),
        coders=coders,
        units=units,
        accuracy=accuracy,
        missing=missing,
    )


@st.composite
def _codings(
    draw: st.DrawFn,
    *,
    categories: tuple[str, ...],
    coders: int | st.SearchStrategy[int],
    units: int | st.SearchStrategy[int],
    accuracy: float | st.SearchStrategy[float],
    missing: float,
) -> dict[str, dict[str, str]]:
    if len(set(categories)) < 2:
        raise ModelError("codings: needs two distinct categories or more")
    if not 0 <= missing < 1:
        raise ModelError(f"codings: missing must lie in [0, 1), got {missing}")
    n_coders = coders if isinstance(coders, int) else draw(coders)
    n_units = units if isinstance(units, int) else draw(units)
    p = accuracy if isinstance(accuracy, float | int) else draw(accuracy)
    if n_coders < 2 or n_units < 1 or not 0 <= p <= 1:
        raise ModelError("codings: needs 2+ coders, 1+ units and an accuracy within [0, 1]")
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    truth = [rng.choice(categories) for _ in range(n_units)]
    width = len(str(n_units))
    out: dict[str, dict[str, str]] = {}
    for c in range(1, n_coders + 1):
        coded = {}
        for i, true in enumerate(truth):
            if missing and rng.random() < missing:
                continue
            coded[f"u{i + 1:0{width}d}"] = true if rng.random() < p else rng.choice(categories)
        out[f"coder-{c}"] = coded
    return out
