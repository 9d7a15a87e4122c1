"""Few, cheap, well-shrinking draws: what :func:`~systemsreview.strategies.reviews` is built from.

Theory of operation: Hypothesis spends its time per draw (about 20 µs each), not per value,
and its ``random.Random`` stand-in spends several draws on each call. So a review is built
from a handful of integer draws for the counts, made first, then one draw per entity: a
short block of bytes (``st.binary`` of a fixed size), which Hypothesis shrinks byte by
byte toward zero, or deletes whole when a count goes down. Each decision about the entity
(an index into a list, a day in a period, how many of something and which) reads one to
three bytes of the block, scaled to the number of options, so every decision still
shrinks on its own, and the all-zero block is the plainest entity: the first entry of
every list, the first day, the least count. A block that runs out is topped up with
another draw, so block sizes only tune speed.

All the wording of an entity comes from two bytes (:class:`Wording`): zero gives every text
field its plainest value (the first phrase, empty where a field may be empty, one plain
question); any other value picks each field's text from fixed pools (:mod:`._text`). A
few pool slots stand for a phrase with an arbitrary unicode tail, which costs one more
draw when picked.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from random import Random
from typing import TypeVar

from hypothesis import strategies as st

from systemsreview.strategies._text import (
    LONG_TEXTS,
    QUESTIONS,
    SHORT_TEXTS,
    TAIL_CHARACTERS,
)

__all__ = ["Choices", "Mark", "Wording", "width"]

T = TypeVar("T")
_WILD = 4  # pool slots that mean "a phrase with an arbitrary tail"
_TAIL = st.text(TAIL_CHARACTERS, min_size=1, max_size=20)
_SPARE = 8  # bytes drawn when a block runs out
Mark = tuple[bytes, int]


@functools.cache
def _block(size: int) -> st.SearchStrategy[bytes]:
    return st.binary(min_size=size, max_size=size)


@functools.cache
def _count(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def width(options: int) -> int:
    """Bytes read for a choice among ``options`` (so that rounding bias stays under 1/16)."""
    if options <= 1:
        return 0
    if options <= 16:
        return 1
    return 2 if options <= 4096 else 3


class Choices:
    """The decisions of one example, read from blocks of bytes that shrink toward zero."""

    __slots__ = ("_at", "_block", "draw")

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self._block, self._at = b"", 0

    def start(self, size: int) -> None:
        """Draw the next block: ``size`` bytes for the decisions about to be made."""
        self._block, self._at = self.draw(_block(max(size, 1))), 0

    def mark(self) -> Mark:
        """Where reading has got to, to come back to with :meth:`resume`."""
        return self._block, self._at

    def resume(self, mark: Mark) -> None:
        """Read on from ``mark``: the rest of a block set aside for later decisions."""
        self._block, self._at = mark

    def count(self, low: int, high: int) -> int:
        """How many of something, from ``low`` to ``high`` (shrinks to ``low``).

        An integer draw of its own, not bytes of a block: when lowering a count leaves
        fewer entities to draw, Hypothesis's shrinker then tries deleting one of the blocks
        that follow, and every entity is one block, so it removes that entity whole.
        """
        return self.draw(_count(low, high))

    def _take(self, count: int) -> int:
        if self._at + count > len(self._block):
            self.start(max(_SPARE, count))
        at = self._at
        self._at = at + count
        return int.from_bytes(self._block[at : at + count], "big")

    def below(self, n: int) -> int:
        """An integer from 0 to ``n - 1`` (shrinks to 0); reads nothing when ``n`` is 1.

        The bytes read are scaled to the range, not taken modulo ``n``, so that a smaller
        byte never gives a larger answer: the shrinker's searches rely on that.
        """
        if n <= 1:
            return 0
        size = width(n)
        return (self._take(size) * n) >> (8 * size)

    def between(self, low: int, high: int) -> int:
        """An integer from ``low`` to ``high``, both included (shrinks to ``low``)."""
        return low + self.below(high - low + 1)

    def pick(self, items: Sequence[T]) -> T:
        """One of ``items`` (shrinks to the first)."""
        return items[self.below(len(items))]

    def chance(self) -> bool:
        """A yes or no (shrinks to no)."""
        return self._take(1) % 2 == 1

    def day(self, low: dt.date, high: dt.date) -> dt.date:
        """A day from ``low`` to ``high``, both included (shrinks to ``low``)."""
        return low + dt.timedelta(days=self.below((high - low).days + 1))

    def some(self, pool: Sequence[T], most: int, *, least: int = 0) -> list[T]:
        """Between ``least`` and ``most`` distinct items of ``pool`` (fewer if it is short).

        A run of neighbours from a chosen place, wrapping round; the count and the place are
        one choice (count major, so it shrinks first; then the place shrinks to the start).
        """
        size = len(pool)
        low, high = min(least, size), min(most, size)
        if high == 0:
            return []
        chosen = self.below((high - low + 1) * size)
        count, first = low + chosen // size, chosen % size
        return [pool[(first + i) % size] for i in range(count)]

    def wording(self) -> Wording:
        """The wording of one entity: two bytes for all its text fields."""
        return Wording(self, self._take(2))


class Wording:
    """The text fields of one entity, all from one choice; choice 0 is the plainest wording."""

    __slots__ = ("_choices", "_random")

    def __init__(self, choices: Choices, choice: int) -> None:
        self._choices = choices
        self._random = Random(choice) if choice else None

    def _index(self, size: int) -> int:
        return self._random.randrange(size) if self._random else 0

    def _pick(self, pool: Sequence[str], index: int) -> str:
        if index < len(pool):
            return pool[index]
        return f"{SHORT_TEXTS[index - len(pool)]} {self._choices.draw(_TAIL)}"

    def text(self, *, long: bool = True) -> str:
        """Non-blank text: a phrase, a run of words, a long passage, or a phrase and a tail."""
        pool = LONG_TEXTS if long else SHORT_TEXTS
        return self._pick(pool, self._index(len(pool) + _WILD))

    def optional(self, *, long: bool = True) -> str:
        """Text that is empty about a quarter of the time (and in the plainest wording)."""
        pool = LONG_TEXTS if long else SHORT_TEXTS
        empty = len(pool) // 3
        index = self._index(empty + len(pool) + _WILD)
        return "" if index < empty else self._pick(pool, index - empty)

    def questions(self) -> tuple[str, ...]:
        """One to four board questions, each ending with a question mark."""
        return tuple(self._question() for _ in range(1 + self._index(4)))

    def _question(self) -> str:
        index = self._index(len(QUESTIONS) + _WILD)
        if index < len(QUESTIONS):
            return QUESTIONS[index]
        return f"{QUESTIONS[index - len(QUESTIONS)][:-1]} {self._choices.draw(_TAIL)}?"
