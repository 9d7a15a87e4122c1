"""Statutory processes as data: the typed steps a chronology entry can be.

Reviews keep returning to whether the statutory processes were triggered: was there a
strategy discussion, a section 47 enquiry, an initial child protection conference, and
when. A chronology event says which process it is by code (``Event.process``), from a
registered vocabulary that ships the processes of *Working Together to Safeguard
Children* (2018 and 2023 editions), the courts' public law outline and the Care Act 2014's
adult safeguarding enquiry. :func:`register_process` adds more (a nation's own, a local
one), as :func:`~systemsreview.model.register_characteristic` adds case characteristics.

>>> get_process("section_47_enquiry").label
'section 47 enquiry'
>>> get_process("section_47")
Traceback (most recent call last):
...
systemsreview.errors.NotFoundError: 'section_47' is not a registered statutory process; ...
"""

from __future__ import annotations

import difflib
import re

import attrs

from systemsreview.errors import ModelError, NotFoundError

__all__ = [
    "PROCESSES",
    "Process",
    "find_process",
    "get_process",
    "processes",
    "register_process",
    "unknown_process_message",
]

_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")


@attrs.frozen
class Process:
    """One statutory process: its code, a label in plain words and where it is defined.

    Attributes:
        code: a dotted snake_case code, unique among registered processes.
        label: the process in plain words, for timelines and tables.
        description: what the process is and the guidance that defines it.
    """

    code: str = attrs.field()
    label: str = attrs.field()
    description: str = attrs.field(default="")

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            msg = (
                f"Process.code: got {value!r}; expected a dotted snake_case code "
                "such as 'strategy_discussion'"
            )
            raise ModelError(msg)

    @label.validator
    def _check_label(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ModelError(f"Process.label of {self.code!r}: expected a non-empty string")

    @description.validator
    def _check_description(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise ModelError(f"Process.description of {self.code!r}: expected a string")


_WT = "Working Together to Safeguard Children"
_WT18 = f"{_WT} 2018, chapter 1"
_WT23_3 = f"{_WT} 2023, chapter 3"
_WT23_4 = f"{_WT} 2023, chapter 4"

#: The statutory processes that ship, in the order a case usually meets them.
PROCESSES: tuple[Process, ...] = tuple(
    Process(code, label, description)
    for code, label, description in (
        (
            "early_help_assessment",
            "early help assessment",
            "An assessment of a child's and family's needs for early help, before statutory "
            f"involvement ({_WT18}; {_WT23_3}).",
        ),
        (
            "referral",
            "referral",
            "A referral to local authority children's social care by a practitioner or a "
            f"member of the public who is concerned about a child ({_WT18}; {_WT23_3}).",
        ),
        (
            "mash_screening",
            "multi-agency screening",
            "Screening of a contact or referral by a multi-agency safeguarding hub (MASH) or "
            "front door, where agencies share information to decide the response; local "
            f"arrangements under {_WT} 2018 (chapter 3) and 2023 (chapter 2).",
        ),
        (
            "child_and_family_assessment",
            "child and family assessment",
            "The local authority's assessment of a child's needs (the single assessment) "
            f"under the Children Act 1989, within 45 working days of the referral ({_WT18}; "
            f"{_WT23_3}).",
        ),
        (
            "section_17_child_in_need",
            "section 17 child in need plan",
            "Services for a child in need under section 17 of the Children Act 1989, with a "
            f"child in need plan ({_WT18}; {_WT23_3}).",
        ),
        (
            "strategy_discussion",
            "strategy discussion",
            "A multi-agency discussion (social care, police, health, and the referrer) held "
            "whenever there is reasonable cause to suspect significant harm, to decide "
            f"whether to start section 47 enquiries ({_WT18}; {_WT23_4}).",
        ),
        (
            "section_47_enquiry",
            "section 47 enquiry",
            "The local authority's enquiry under section 47 of the Children Act 1989 into "
            "whether a child is suffering, or likely to suffer, significant harm; initiated "
            f"at a strategy discussion ({_WT18}; {_WT23_4}).",
        ),
        (
            "initial_child_protection_conference",
            "initial child protection conference",
            "The conference that decides whether a child needs a child protection plan; held "
            "within 15 working days of the strategy discussion at which section 47 enquiries "
            f"were initiated ({_WT18}; {_WT23_4}).",
        ),
        (
            "core_group",
            "core group meeting",
            "A meeting of the core group that develops and carries out the child protection "
            f"plan, first within 10 working days of the initial conference ({_WT18}; "
            f"{_WT23_4}).",
        ),
        (
            "review_child_protection_conference",
            "review child protection conference",
            "A conference reviewing a child protection plan: within three months of the "
            f"initial conference, then at most six-monthly ({_WT18}; {_WT23_4}).",
        ),
        (
            "pre_proceedings",
            "pre-proceedings (public law outline)",
            "The pre-proceedings stage of the public law outline: a letter before proceedings "
            "and a meeting with the parents before the local authority applies for a care "
            "order (Practice Direction 12A, Family Procedure Rules 2010; Department for "
            "Education, Court orders and pre-proceedings, 2014).",
        ),
        (
            "care_proceedings",
            "care proceedings",
            "Proceedings for a care or supervision order under section 31 of the Children Act "
            "1989, to be completed within 26 weeks (Children and Families Act 2014).",
        ),
        (
            "section_42_enquiry",
            "section 42 enquiry (Care Act)",
            "The enquiry a local authority makes, or causes to be made, under section 42 of "
            "the Care Act 2014 where an adult with care and support needs may be at risk of "
            "abuse or neglect (Care and Support Statutory Guidance, chapter 14).",
        ),
    )
)

_REGISTRY: dict[str, Process] = {p.code: p for p in PROCESSES}


def register_process(code: str, label: str, description: str = "") -> Process:
    """Register a statutory process, so that events may use its code.

    Registering the same process again is harmless; a different label or description
    for a registered code is refused. A dotted code's parent must be registered first.

    Raises:
        ModelError: a malformed code, an unregistered parent, or a clash.

    >>> register_process("strategy_discussion.meeting", "strategy meeting")
    Process(code='strategy_discussion.meeting', label='strategy meeting', description='')
    """
    item = Process(code, label, description)
    known = _REGISTRY.get(code)
    if known is not None and known != item:
        msg = (
            f"statutory process {code!r} is registered already as {known.label!r}; pick a new code"
        )
        raise ModelError(msg)
    parent, dot, _ = code.rpartition(".")
    if dot and parent not in _REGISTRY:
        msg = f"statutory process {code!r}: register its parent {parent!r} first"
        raise ModelError(msg)
    _REGISTRY[code] = item
    return item


def processes() -> tuple[Process, ...]:
    """Every registered statutory process, in registration order."""
    return tuple(_REGISTRY.values())


def find_process(code: str) -> Process | None:
    """The registered process with this code, or ``None``."""
    return _REGISTRY.get(code)


def unknown_process_message(code: str) -> str:
    """Why ``code`` is refused, with the closest registered codes."""
    close = difflib.get_close_matches(code, list(_REGISTRY), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}" if close else ""
    return f"{code!r} is not a registered statutory process{hint} (add one with register_process)"


def get_process(code: str) -> Process:
    """The registered process with this code.

    Raises:
        NotFoundError: naming the closest registered codes.
    """
    found = _REGISTRY.get(code)
    if found is None:
        raise NotFoundError(unknown_process_message(code), key=code)
    return found
