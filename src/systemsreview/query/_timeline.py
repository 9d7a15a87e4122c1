"""The review's chronology and its episodes on one time line, with the agencies of each.

>>> from systemsreview.examples import domestic_abuse_review
>>> for entry in timeline(domestic_abuse_review())[:4]:
...     print(entry)
2010-02-13..2011-03-27 episode kpe-police-callouts [police]
2010-02-13             event   ev-01 [police] (part of kpe-police-callouts)
2010-02-15..2011-03-28 episode kpe-contacts-handled-separately [csc, police, school]
2010-03-08..2010-11-29 episode kpe-midwife-visits [maternity]
"""

from __future__ import annotations

import datetime as dt

import attrs

from systemsreview.model import DatePrecision, EntityKind, LinkKind, Review, edtf
from systemsreview.query._agencies import agencies_of

__all__ = ["TimelineEntry", "timeline"]


@attrs.frozen
class TimelineEntry:
    """One event or episode placed in time.

    Attributes:
        start: the event's date, or the episode's first day.
        end: the event's date, or the episode's last day.
        id: the entity id.
        kind: ``EntityKind.EVENT`` or ``EntityKind.EPISODE``.
        text: the event's description or the episode's title.
        agencies: the agencies involved, in review order (see ``agencies_involved``).
        part_of: for an event, the episodes it is ``PART_OF``; for an episode, ``()``.
        start_precision, end_precision: how precise ``start`` and ``end`` are (an event
            given to the month or the year has both; see :class:`~systemsreview.DatePrecision`).
        process: for an event, the code of the statutory process it is, if any.
    """

    start: dt.date
    end: dt.date
    id: str
    kind: EntityKind
    text: str
    agencies: tuple[str, ...] = ()
    part_of: tuple[str, ...] = ()
    start_precision: DatePrecision = DatePrecision.DAY
    end_precision: DatePrecision = DatePrecision.DAY
    process: str | None = None

    @property
    def when(self) -> str:
        """The dates as EDTF gives them: ``2010-02-13``, ``2011-01``, ``2006..2007-03``."""
        start, end = edtf(self.start, self.start_precision), edtf(self.end, self.end_precision)
        return start if self.kind is EntityKind.EVENT or start == end else f"{start}..{end}"

    def __str__(self) -> str:
        when = self.when
        line = f"{when:<22} {self.kind.value:<7} {self.id} [{', '.join(self.agencies)}]"
        process = f" <{self.process}>" if self.process is not None else ""
        return line + process + (f" (part of {', '.join(self.part_of)})" if self.part_of else "")


def timeline(review: Review, *, through_events: bool = True) -> tuple[TimelineEntry, ...]:
    """Events and episodes in time order, each with the agencies involved.

    Entries are sorted by start date; on the same day an episode comes before the events,
    and entries of one kind keep review order. An episode's agencies include those of its
    events unless ``through_events`` is false (as in ``agencies_involved``).

    >>> from systemsreview.examples import domestic_abuse_review
    >>> entries = timeline(domestic_abuse_review())
    >>> len(entries), entries[-1].id, entries[-1].text
    (17, 'ev-11', 'Duty social worker makes a first home visit; case not opened')
    """
    order = {a.id: i for i, a in reversed(list(enumerate(review.agencies)))}

    def agencies(entity_id: str) -> tuple[str, ...]:
        # no kind check: with duplicate ids (SR101) the review's index may hold another kind
        found = agencies_of(review, entity_id, through_events=through_events)
        return tuple(sorted(found, key=order.__getitem__))

    entries: list[tuple[dt.date, int, int, TimelineEntry]] = []
    for position, episode in enumerate(review.episodes):
        entry = TimelineEntry(
            episode.period.start,
            episode.period.end,
            episode.id,
            EntityKind.EPISODE,
            episode.title,
            agencies(episode.id),
            start_precision=episode.period.start_precision,
            end_precision=episode.period.end_precision,
        )
        entries.append((entry.start, 0, position, entry))
    for position, event in enumerate(review.events):
        part_of = tuple(
            dict.fromkeys(
                link.target
                for link in review.links_from(event.id)
                if link.kind is LinkKind.PART_OF
                and review.kind_of(link.target) is EntityKind.EPISODE
            )
        )
        entry = TimelineEntry(
            event.when,
            event.when,
            event.id,
            EntityKind.EVENT,
            event.description,
            agencies(event.id),
            part_of,
            start_precision=event.when_precision,
            end_precision=event.when_precision,
            process=event.process,
        )
        entries.append((entry.start, 1, position, entry))
    entries.sort(key=lambda item: item[:3])
    return tuple(item[3] for item in entries)
