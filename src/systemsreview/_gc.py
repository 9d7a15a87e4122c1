"""An opt-in pause of Python's cyclic garbage collector around bulk work.

Building or walking hundreds of thousands of objects (reading a large corpus, checking a
review of 100k entities) keeps promoting new containers into the oldest generation, which
sets off full collections that walk every live object again and again; the cost per
object then grows with the size of the heap. Measured with ``benchmarks/bench_check.py``
(2 cores, lightly loaded): ``check``'s cost per entity grew 9.7x from 1k to 100k entities
with the collector running, 1.9x with it paused; reading 1,000 synthetic reviews from
Parquet took 1.6-1.8x as long with it running (as ratios to a raw ``read_table`` in the
same run). The rules now build fewer tracked containers
(a ``check`` of 100k entities sets off 2 full collections instead of 4), but the
collections that remain walk the whole review.

The collector's switch is process-wide, so the library never touches it on its own: a
caller who knows that nothing else in the process needs cycles collected for a while opts
in with :func:`gc_paused`. It is safe to nest and to use from several threads at once: a
counter under a lock disables the collector when the first block is entered and restores
the state it found when the last block is left, whatever the order the blocks end in.

>>> import gc
>>> from systemsreview import check, gc_paused
>>> from systemsreview.examples import domestic_abuse_review
>>> before = gc.isenabled()
>>> with gc_paused():
...     inside = gc.isenabled()
...     violations = check(domestic_abuse_review())
>>> inside, gc.isenabled() == before, violations
(False, True, [])
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

__all__ = ["gc_paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Disable Python's cyclic garbage collector for the block, then restore it.

    Use it around bulk work on large reviews or corpora (``check``, ``parquet.read``,
    ``Corpus`` iteration) when the process can afford to leave cyclic garbage uncollected
    until the block ends; memory freed by reference counting is freed as usual. The
    collector is process-wide: while any thread is inside a ``gc_paused`` block, no thread
    collects cycles. Blocks nest and overlap across threads; the collector is restored to
    the state found on entering the first block when the last one is left. Code that calls
    :func:`gc.enable` or :func:`gc.disable` itself inside the block is not undone.
    """
    global _depth, _was_enabled  # noqa: PLW0603 - the one process-wide count, under _lock
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
