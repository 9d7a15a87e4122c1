"""One agency's view at the time of a key practice episode (local rationality, per agency).

An episode's ``view_at_the_time`` is one text for everyone involved; in a multi-agency
episode each agency usually had its own reasons (the police did not know whether to talk to
the children; the midwife saw the mother as her client). A :class:`Perspective` records
one agency's view, and says apart whether the review gives it, could not establish it, or
does not record it (:class:`~systemsreview.model.ViewStatus`). That the agency is an agency
of the review is a rule (SR411), as it spans the review.

>>> Perspective("police", "Officers did not know whether they should talk to children.")
Perspective(agency_id='police', view='Officers did not know whether they should talk to children.', status=ViewStatus.GIVEN, sensitivity=Sensitivity.PUBLIC)
>>> Perspective("school", status="not_recorded").view
''
>>> Perspective("school")
Traceback (most recent call last):
...
systemsreview.errors.ModelError: Perspective.view of 'school': empty, but the status is 'given'; write the view, or set status to 'unknown' or 'not_recorded'
"""  # noqa: E501  # a doctest's output is one line

from __future__ import annotations

from typing import Any

import attrs

from systemsreview.errors import ModelError
from systemsreview.model import _checks as c
from systemsreview.model._vocab import Sensitivity, ViewStatus, member_repr

__all__ = ["Perspective"]


def _to_status(value: ViewStatus | str) -> ViewStatus:
    return c.coerce(ViewStatus, value)


def _view(instance: Perspective, attribute: attrs.Attribute[Any], value: object) -> None:
    c.text(instance, attribute, value)
    if instance.status is ViewStatus.GIVEN and not str(value).strip():
        msg = (
            f"Perspective.view of {instance.agency_id!r}: empty, but the status is 'given'; "
            "write the view, or set status to 'unknown' or 'not_recorded'"
        )
        raise ModelError(msg)


@attrs.frozen
class Perspective:
    """One agency's view at the time of an episode: why the practice made sense to it then.

    Attributes:
        agency_id: the id of an agency of the review.
        view: the view, in the review's words; with another status than ``given``, an
            optional note on why it is missing.
        status: whether the review gives the view (``given``), could not establish it
            (``unknown``) or does not record it (``not_recorded``).
        sensitivity: whether the view may be published; :func:`~systemsreview.rules.redact`
            drops a restricted one (views often come from conversations with practitioners).
    """

    agency_id: str = attrs.field(validator=c.non_empty)
    view: str = attrs.field(default="", validator=_view)
    status: ViewStatus = attrs.field(
        default=ViewStatus.GIVEN,
        converter=_to_status,
        validator=c.member_of(ViewStatus),
        repr=member_repr,
        kw_only=True,
    )
    sensitivity: Sensitivity = attrs.field(
        default=Sensitivity.PUBLIC,
        converter=c.to_sensitivity,
        validator=c.member_of(Sensitivity),
        repr=member_repr,
        kw_only=True,
    )
