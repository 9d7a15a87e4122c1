"""The learning loop: what a review recommends, how the board responds, what is done.

A review's findings (or, in recommendation-style reviews, its recommendations) go to the
safeguarding board or partnership. The board's :class:`Response` accepts, partly accepts or
does not accept each one and answers the finding's questions; agencies then take
:class:`Action` s. As everywhere in the model, relations are links, never fields
(see :data:`systemsreview.graph.SCHEMA`): a recommendation ``RESTS_ON`` the findings it
draws on and is ``ADDRESSED_TO`` agencies; a response ``RESPONDS_TO`` a finding or a
recommendation; an action ``ADDRESSES`` findings, recommendations or factors and is
``OWNED_BY`` an agency.

>>> Action(id="a1", what="Audit first home visits", status="done", completed="2013-05-01")
Action(id='a1', what='Audit first home visits', status=ActionStatus.DONE, agreed=None, due=None, completed=datetime.date(2013, 5, 1), evidence='')
>>> Action(id="a1", what="Audit", status="planned", completed="2013-05-01")
Traceback (most recent call last):
...
systemsreview.errors.ModelError: Action.completed of 'a1': set to 2013-05-01 but the status is 'planned'; a completed date belongs to a done action only
"""  # noqa: E501  # doctest output lines

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._extensions import (
    EMPTY,
    Extensions,
    pretty_with_extensions,
    repr_with_extensions,
    to_extensions,
    valid_extensions,
)
from systemsreview.model._vocab import ActionStatus, Decision, EntityKind, member_repr

__all__ = ["Action", "Recommendation", "Response"]


@attrs.frozen(kw_only=True)
class Recommendation:
    """What a review recommends, and to whom.

    Most local child safeguarding practice reviews since 2018 (and SILP or IMR-based
    reviews) recommend rather than (or as well as) ask the board questions. The findings a
    recommendation rests on are ``RESTS_ON`` links; the agencies it is addressed to
    ``ADDRESSED_TO`` links; ``addressee`` names, in words, a body the review does not hold
    as an agency (a government department, an inspectorate).
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.RECOMMENDATION
    id: str = attrs.field(validator=c.non_empty)
    statement: str = attrs.field(validator=c.non_empty)
    addressee: str = attrs.field(default="", validator=c.text)
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


@attrs.frozen(kw_only=True)
class Response:
    """The board's response to a finding or a recommendation (``RESPONDS_TO`` links).

    Attributes:
        decision: accepted, partly accepted or not accepted.
        when: the day the response was made.
        text: what the board said.
        answers: the finding's board questions the response answers, worded as the finding
            words them.
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.RESPONSE
    id: str = attrs.field(validator=c.non_empty)
    decision: Decision = attrs.field(
        converter=c.to_decision, validator=c.member_of(Decision), repr=member_repr
    )
    when: dt.date = attrs.field(converter=c.to_date, validator=c.a_date)
    text: str = attrs.field(default="", validator=c.text)
    answers: tuple[str, ...] = attrs.field(default=(), converter=c.to_strings, validator=c.strings)
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions


@attrs.frozen(kw_only=True)
class Action:
    """Something an agency does in response to a review (``ADDRESSES``, ``OWNED_BY`` links).

    Attributes:
        what: the action.
        status: planned, in progress, done or dropped.
        agreed: the day the action was agreed, if known.
        due: the day it is due, if set.
        completed: the day it was done; only for a done action, never before ``agreed``.
        evidence: the evidence that it made a difference (an audit, a re-inspection).
    """

    entity_kind: ClassVar[EntityKind] = EntityKind.ACTION
    id: str = attrs.field(validator=c.non_empty)
    what: str = attrs.field(validator=c.non_empty)
    status: ActionStatus = attrs.field(
        default=ActionStatus.PLANNED,
        converter=c.to_action_status,
        validator=c.member_of(ActionStatus),
        repr=member_repr,
    )
    agreed: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    due: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    completed: dt.date | None = attrs.field(
        default=None, converter=c.to_optional_date, validator=c.optional_date
    )
    evidence: str = attrs.field(default="", validator=c.text)
    extensions: Extensions = attrs.field(
        default=EMPTY, converter=to_extensions, validator=valid_extensions, kw_only=True, repr=False
    )
    __repr__ = repr_with_extensions
    _repr_pretty_ = pretty_with_extensions

    def __attrs_post_init__(self) -> None:
        if self.completed is not None and self.status is not ActionStatus.DONE:
            msg = (
                f"Action.completed of {self.id!r}: set to {self.completed} but the status is "
                f"{self.status.value!r}; a completed date belongs to a done action only"
            )
            raise ModelError(msg)
        for name in ("due", "completed"):
            later = getattr(self, name)
            if self.agreed is not None and later is not None and later < self.agreed:
                msg = (
                    f"Action.{name} of {self.id!r}: {later} is before the action was agreed "
                    f"on {self.agreed}; fix one of the dates"
                )
                raise ModelError(msg)
