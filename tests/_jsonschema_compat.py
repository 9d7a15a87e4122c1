"""hypothesis-jsonschema 0.23.1 (its latest release) with today's Hypothesis.

hypothesis-jsonschema draws object properties with ``elements.more()`` on Hypothesis'
private ``many`` helper; Hypothesis has since replaced ``more()`` by iteration inside a
``with`` block. This shim gives ``many`` the old method on top of the new protocol (enter
on the first call, step the iterator on each, exit when it stops), as long as the two
disagree. It is test-only, and does nothing once ``many`` has ``more`` again.
"""

from __future__ import annotations

from typing import Any

from hypothesis.internal.conjecture import utils as cu


def _more(self: Any) -> bool:
    if getattr(self, "_compat_iterator", None) is None:
        self.__enter__()
        self._compat_iterator = iter(self)
    try:
        next(self._compat_iterator)
    except StopIteration:
        self.__exit__(None)
        return False
    return True


if not hasattr(cu.many, "more"):
    cu.many.more = _more  # type: ignore[attr-defined]
