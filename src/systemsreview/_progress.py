"""Progress on standard error for long work, shown only to a person at a terminal.

The command line wraps long loops (writing a synthetic corpus, converting many files,
checking every review of a dataset) in :func:`progress`, and long single steps (a corpus
analysis) in :func:`status`. Both draw with `rich <https://rich.readthedocs.io>`_ when
standard error is a terminal and ``quiet`` is false, and cost nothing otherwise: no
import of rich, no output, the iterable passed through untouched. Pipes, files and CI
logs therefore never receive progress bars.

>>> list(progress(range(3), "counting", total=3, quiet=True))
[0, 1, 2]
>>> with status("thinking", quiet=True):
...     pass
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["enabled", "progress", "status"]

T = TypeVar("T")


def enabled(*, quiet: bool = False) -> bool:
    """Whether progress would be drawn: standard error is a terminal and not ``quiet``."""
    if quiet:
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty is not None and isatty())


def progress(
    items: Iterable[T], description: str, *, total: int | None = None, quiet: bool = False
) -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on a terminal as they are consumed.

    Args:
        items: the work, consumed lazily (a generator stays a generator).
        description: what is being done, shown left of the bar.
        total: how many items to expect (``None`` shows a count and a pulsing bar).
        quiet: never draw.
    """
    if not enabled(quiet=quiet):
        yield from items
        return
    from rich.progress import (  # noqa: PLC0415 - only paid for at a terminal
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn() if total is not None else TextColumn("{task.completed}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True, console=_console()) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextlib.contextmanager
def status(description: str, *, quiet: bool = False) -> Iterator[None]:
    """Show a spinner and the time elapsed while the ``with`` block runs, on a terminal."""
    if not enabled(quiet=quiet):
        yield
        return
    from rich.progress import (  # noqa: PLC0415 - only paid for at a terminal
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=_console()) as bar:
        bar.add_task(description, total=None)
        yield


def _console() -> Console:
    from rich.console import Console  # noqa: PLC0415 - only paid for at a terminal

    return Console(file=sys.stderr)
