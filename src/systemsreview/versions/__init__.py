"""Versions of a review: what changed between two drafts, and applying that change.

:func:`diff` compares two versions of a review field by field and returns a :class:`Diff`,
a tuple of :class:`Change` records in a stable order: the review's own fields first, then
each collection in review order (agencies ... sources, links), and within a collection the
removals in the old order, the changed fields and the additions in the new order, and a
reordering last. Values are JSON values, as in :mod:`systemsreview.io.json`, so a diff is
itself a JSON document (:meth:`Diff.to_json`, :meth:`Diff.from_json`), and :func:`patch`
applies it: ``patch(a, diff(a, b)) == b`` for any two reviews.

Entities are matched by id, links by ``(source, target, kind)``; a key that a collection
repeats (a duplicate id, SR101, or a repeated link, SR105) is matched by occurrence, the
first with the first. A changed id is a removal and an addition.

>>> import attrs
>>> from systemsreview.examples import domestic_abuse_review
>>> a = domestic_abuse_review()
>>> b = attrs.evolve(a, title="Revised draft", episodes=a.episodes[1:])
>>> changes = diff(a, b)
>>> print(changes.render())
~ review title: 'Serious case review: children living with domestic abuse' -> 'Revised draft'
- episodes kpe-police-callouts
>>> patch(a, changes) == b
True
>>> changes.to_json()[1]
{'op': 'removed', 'collection': 'episodes', 'key': ['kpe-police-callouts'], 'occurrence': 0}
"""

from systemsreview.versions._changes import Change, Diff
from systemsreview.versions._common import Op
from systemsreview.versions._diff import diff
from systemsreview.versions._patch import patch

__all__ = ["Change", "Diff", "Op", "diff", "patch"]
