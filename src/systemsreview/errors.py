"""The exceptions of systemsreview: one root, each specialising the built-in it resembles.

Every error raised on purpose by the library derives from :class:`SystemsReviewError`, so
callers can catch the library's errors in one place; each also subclasses the built-in
exception a Python programmer would expect (``ValueError`` for bad values, ``KeyError`` for
a missing id), so existing ``except`` clauses keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from systemsreview.rules import Violation

__all__ = [
    "ConflictError",
    "FormatError",
    "FormatVersionError",
    "IntegrityError",
    "ModelError",
    "NotFoundError",
    "StorageError",
    "SystemsReviewError",
]


class SystemsReviewError(Exception):
    """Root of every error the library raises on purpose."""


class ModelError(SystemsReviewError, ValueError):
    """A value that an entity, a period or a review cannot hold.

    Raised by constructors for facts local to one object (an empty id, a period ending
    before it starts, a wrong enum value). The message names the class, the field and the
    bad value, and says what would be accepted.
    """


class IntegrityError(SystemsReviewError):
    """A review broke integrity rules and the caller asked for strict checking.

    Attributes:
        violations: the violations found, in their natural order.
    """

    def __init__(self, violations: Iterable[Violation]) -> None:
        self.violations: tuple[Violation, ...] = tuple(violations)
        lines = [f"{len(self.violations)} integrity violation(s):"]
        lines += [f"  {v}" for v in self.violations]
        super().__init__("\n".join(lines))


class FormatError(SystemsReviewError, ValueError):
    """A file or document that cannot be read as a review: it names where and why."""


class FormatVersionError(FormatError):
    """A file written in a format version this library cannot read."""


class NotFoundError(SystemsReviewError, KeyError):
    """An id that the review (or corpus) does not hold.

    Attributes:
        key: the id asked for.
        candidates: the closest existing ids, best first.
    """

    def __init__(self, message: str, *, key: str = "", candidates: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.key = key
        self.candidates = tuple(candidates)

    def __str__(self) -> str:
        # KeyError quotes its argument; a sentence reads better unquoted.
        return str(self.args[0]) if self.args else ""


class ConflictError(SystemsReviewError):
    """A write that would clash with another: a second writer, or a review already stored.

    Nothing was changed; the message says who holds the dataset or which id clashed, and
    what to do (wait, use ``mode="replace"``, or :func:`~systemsreview.io.parquet.repair`
    after a crash).
    """


class StorageError(SystemsReviewError, OSError):
    """A write the storage refused: out of space, a file too large, a read-only folder.

    The message says whether anything was committed; when nothing was, the previous
    version of the dataset is intact and readable.
    """
