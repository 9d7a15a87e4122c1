"""Case characteristics as data: a registered vocabulary of codes, extensible like taxonomies.

A characteristic is what national learning counts about a case: a parent's domestic abuse,
mental ill-health or substance misuse, the kind of harm, extra-familial harm and its kinds.
It is attached to the review as a whole, to a subject or to a family member, by its code
(``Review.characteristics``, ``Subject.characteristics``, ``FamilyMember.characteristics``).
The codes that ship are those the Child Safeguarding Practice Review Panel's annual reports
count; :func:`register_characteristic` adds more, as :func:`register_taxonomy` adds factor
taxonomies. Codes are dotted paths: ``extra_familial_harm.criminal_exploitation`` is a
kind of ``extra_familial_harm``.

>>> get_characteristic("parental_mental_health").label
'parental mental ill-health'
>>> get_characteristic("extra_familial_harm.criminal_exploitation").parent
'extra_familial_harm'
>>> get_characteristic("parental_mental_helth")
Traceback (most recent call last):
...
systemsreview.errors.NotFoundError: 'parental_mental_helth' is not a registered case ...
"""

from __future__ import annotations

import difflib
import re

import attrs

from systemsreview.errors import ModelError, NotFoundError

__all__ = [
    "CHARACTERISTICS",
    "Characteristic",
    "characteristics",
    "find_characteristic",
    "get_characteristic",
    "register_characteristic",
    "unknown_characteristic_message",
]

_CODE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")


@attrs.frozen
class Characteristic:
    """One case characteristic: its dotted code and a label in plain words.

    Attributes:
        code: a dotted snake_case path, unique among registered characteristics.
        label: the characteristic in plain words, for reports and tables.
    """

    code: str = attrs.field()
    label: str = attrs.field()

    @code.validator
    def _check_code(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            msg = (
                f"Characteristic.code: got {value!r}; expected a dotted snake_case code "
                "such as 'extra_familial_harm.online'"
            )
            raise ModelError(msg)

    @label.validator
    def _check_label(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ModelError(f"Characteristic.label of {self.code!r}: expected a non-empty string")

    @property
    def parent(self) -> str | None:
        """The code one step up, or ``None`` at the top."""
        head, dot, _ = self.code.rpartition(".")
        return head if dot else None


#: The characteristics that ship, in the order tables list them: those the Panel's annual
#: reports count (Child Safeguarding Practice Review Panel, Annual Report 2020 and
#: Annual Report 2022 to 2023).
CHARACTERISTICS: tuple[Characteristic, ...] = tuple(
    Characteristic(code, label)
    for code, label in (
        ("domestic_abuse", "domestic abuse"),
        ("parental_mental_health", "parental mental ill-health"),
        ("parental_substance_misuse", "parental substance misuse"),
        ("parental_learning_disability", "parental learning disability"),
        ("neglect", "neglect"),
        ("physical_abuse", "physical abuse"),
        ("sexual_abuse", "sexual abuse"),
        ("emotional_abuse", "emotional abuse"),
        ("extra_familial_harm", "extra-familial harm"),
        ("extra_familial_harm.criminal_exploitation", "criminal exploitation"),
        ("extra_familial_harm.sexual_exploitation", "child sexual exploitation"),
        ("extra_familial_harm.serious_youth_violence", "serious youth violence"),
        ("extra_familial_harm.trafficking", "trafficking and modern slavery"),
        ("online_harm", "online harm"),
        ("sudi", "sudden unexpected death in infancy"),
        ("suicide", "suicide"),
        ("non_accidental_head_injury", "non-accidental head injury"),
    )
)

_REGISTRY: dict[str, Characteristic] = {c.code: c for c in CHARACTERISTICS}


def register_characteristic(code: str, label: str) -> Characteristic:
    """Register a case characteristic, so that reviews may use its code.

    Registering the same code and label again is harmless; a different label for a
    registered code is refused. A dotted code's parent must be registered first.

    Raises:
        ModelError: a malformed code, an unregistered parent, or a clash.

    >>> register_characteristic("extra_familial_harm.radicalisation", "radicalisation")
    Characteristic(code='extra_familial_harm.radicalisation', label='radicalisation')
    """
    item = Characteristic(code, label)
    known = _REGISTRY.get(code)
    if known is not None and known != item:
        msg = f"characteristic {code!r} is registered already as {known.label!r}; pick a new code"
        raise ModelError(msg)
    if item.parent is not None and item.parent not in _REGISTRY:
        msg = f"characteristic {code!r}: register its parent {item.parent!r} first"
        raise ModelError(msg)
    _REGISTRY[code] = item
    return item


def characteristics() -> tuple[Characteristic, ...]:
    """Every registered characteristic, in registration order."""
    return tuple(_REGISTRY.values())


def find_characteristic(code: str) -> Characteristic | None:
    """The registered characteristic with this code, or ``None``."""
    return _REGISTRY.get(code)


def unknown_characteristic_message(code: str) -> str:
    """Why ``code`` is refused, with the closest registered codes."""
    close = difflib.get_close_matches(code, list(_REGISTRY), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}" if close else ""
    return (
        f"{code!r} is not a registered case characteristic{hint} "
        "(add one with register_characteristic)"
    )


def get_characteristic(code: str) -> Characteristic:
    """The registered characteristic with this code.

    Raises:
        NotFoundError: naming the closest registered codes.
    """
    found = _REGISTRY.get(code)
    if found is None:
        raise NotFoundError(unknown_characteristic_message(code), key=code)
    return found
