"""Registered extensions: typed schemas, restricted fields and rules of other tools.

Theory of operation: extension data itself needs no registration; the model keeps any
namespaced JSON (:class:`~systemsreview.model.Extensions`) and every format keeps it. A tool
that wants more registers its extension with :func:`register_extension`:

- a *typed schema*, an attrs class that :func:`get_extension` structures the data into
  through cattrs (strictly: no extra keys, no string where a number belongs), and an
  optional ``code`` under which :func:`~systemsreview.rules.check` reports every object whose
  data does not match the schema;
- *restricted* fields, which :func:`~systemsreview.rules.redact` removes;
- *rules*, added with :meth:`Extension.rule`, with codes of the tool's own (``ACME101``),
  never ``SR``: they join the rule registry, so ``check``, ``select``, ``ignore`` and
  ``Policy`` severities work with them as with the catalogue's own.

Registering a name again replaces the earlier registration and drops its rules, so a module
that registers on import may be reloaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError

from systemsreview.errors import ModelError
from systemsreview.model import Link, Review
from systemsreview.model._extensions import NAMESPACE, thaw
from systemsreview.rules._policy import Policy
from systemsreview.rules._registry import (
    Breach,
    RuleFunction,
    add_rule,
    find_rule,
    remove_rule,
)
from systemsreview.rules._violation import Severity

__all__ = [
    "Extension",
    "carriers",
    "get_extension",
    "register_extension",
    "registered_extensions",
    "strip_restricted",
    "unregister_extension",
]

#: What an extension's rule code looks like: capitals, then three digits, never ``SR``.
CODE = re.compile(r"^[A-Z][A-Z0-9]*[0-9]{3}$")

_EXTENSIONS: dict[str, Extension] = {}


def _strict(kind: Any, name: str) -> Callable[[object, type], Any]:
    def structure(value: object, _: type) -> Any:
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            msg = f"got {type(value).__name__} {value!r:.40}; expected {name}"
            raise ValueError(msg)
        return value

    return structure


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook(str, _strict(str, "a string"))
    converter.register_structure_hook(bool, _strict(bool, "true or false"))
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(float, _strict(int | float, "a number"))
    return converter


_CONVERTER = _converter()


def _describe(exc: BaseException, cls: type | None) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ForbiddenExtraKeysError):
        return f"unknown field(s) {', '.join(map(repr, sorted(exc.extra_fields)))}"
    return str(exc) or f"{type(exc).__name__} (expected {getattr(cls, '__name__', cls)})"


def _owner(obj: object) -> str:
    if isinstance(obj, Link):
        return f"link {obj.source!r} -[{obj.kind.value}]-> {obj.target!r}"
    kind = getattr(obj, "entity_kind", None)
    what = "review" if isinstance(obj, Review) else getattr(kind, "value", type(obj).__name__)
    return f"{what} {getattr(obj, 'id', '?')!r}"


@attrs.frozen
class Extension:
    """A registered extension: its name, typed schema, restricted fields and rule codes.

    Attributes:
        name: the namespace (``vendor.name``).
        schema: the attrs class the data structures into, or ``None`` for untyped data.
        restricted: the fields :func:`~systemsreview.rules.redact` removes.
        code: the code of the rule reporting data that does not match ``schema``.
        codes: the codes of every rule the extension registered.
    """

    name: str
    schema: type | None = None
    restricted: frozenset[str] = frozenset()
    code: str | None = None
    codes: list[str] = attrs.field(factory=list, eq=False)

    def structure(self, value: Any, owner: object = None) -> Any:
        """``value`` as an instance of :attr:`schema` (the value itself when untyped).

        Raises:
            ModelError: naming the owner, the extension and the path of each problem.
        """
        if self.schema is None:
            return value
        try:
            return _CONVERTER.structure(thaw(value), self.schema)
        except (ClassValidationError, IterableValidationError) as exc:
            found = cattrs.transform_error(exc, path="$", format_exception=_describe)
        except (TypeError, ValueError, AttributeError) as exc:
            found = [f"expected an object ({self.schema.__name__}): {exc} @ $"]
        where = f"{_owner(owner)}: " if owner is not None else ""
        lines = "; ".join(
            f"{path.replace('$', f'extensions[{self.name!r}]', 1)}: {msg}"
            for msg, _, path in (line.rpartition(" @ ") for line in found)
        )
        raise ModelError(f"{where}{lines}; fix it to match {self.schema.__name__}")

    def items(self, review: Review) -> Iterator[tuple[Any, Any]]:
        """``(owner, typed value)`` for every object of ``review`` carrying valid data."""
        for owner in carriers(review):
            if self.name in owner.extensions:
                try:
                    yield owner, self.structure(owner.extensions[self.name], owner)
                except ModelError:
                    continue  # reported by the schema rule, if the extension has one

    def rule(
        self, code: str, name: str, severity: Severity | str, holds: str
    ) -> Callable[[RuleFunction], RuleFunction]:
        """Register the decorated function as this extension's rule ``code``.

        The function takes ``(review, policy)`` and yields ``(subjects, message)`` pairs,
        as the catalogue's rules do; its docstring is the rationale.

        Raises:
            ModelError: for a code that is not the extension's own (``SR`` is reserved)
                or is taken.
        """
        _check_code(code)

        def register(function: RuleFunction) -> RuleFunction:
            add_rule(code, name, Severity(severity), holds, function)
            self.codes.append(code)
            return function

        return register


def _check_code(code: str) -> None:
    if not isinstance(code, str) or not CODE.fullmatch(code) or code.startswith("SR"):
        msg = (
            f"extension rule code {code!r}: use capitals and three digits of your own, "
            "such as 'ACME101'; 'SR' codes belong to systemsreview"
        )
        raise ModelError(msg)
    if find_rule(code) is not None:
        raise ModelError(f"extension rule code {code!r} is taken; choose another")


def carriers(review: Review) -> Iterator[Any]:
    """The review, then every entity and every link: everything that carries extensions."""
    yield review
    yield from review.entities()
    yield from review.links


def _schema_rule(extension: Extension) -> RuleFunction:
    def check(review: Review, policy: Policy) -> Iterable[Breach]:
        del policy
        for owner in carriers(review):
            value = owner.extensions.get(extension.name)
            if value is None:
                continue
            try:
                extension.structure(value, owner)
            except ModelError as exc:
                subjects = (owner.source, owner.target) if isinstance(owner, Link) else (owner.id,)
                yield subjects, str(exc)

    check.__doc__ = (
        f"Tools reading the {extension.name} extension rely on its registered schema "
        f"({getattr(extension.schema, '__name__', '')}); data that does not match it "
        "cannot be read as typed values."
    )
    return check


def register_extension(
    name: str,
    schema: type | None = None,
    *,
    restricted: Iterable[str] = (),
    code: str | None = None,
) -> Extension:
    """Register extension ``name``, optionally with a typed schema, and return it.

    Args:
        name: the namespace, lowercase dotted words (``"acme.case"``).
        schema: an attrs class the data structures into (through cattrs).
        restricted: fields of ``schema`` that :func:`~systemsreview.rules.redact` removes.
        code: a rule code of the tool's own (``"ACME100"``) under which ``check`` reports
            data that does not match ``schema``.

    Raises:
        ModelError: for a name that is not namespaced, a schema that is not an attrs
            class, a restricted field the schema lacks or a code that is not the tool's own.
    """
    if not isinstance(name, str) or not NAMESPACE.fullmatch(name):
        msg = f"extension name {name!r} is not namespaced; use words such as 'acme.case'"
        raise ModelError(msg)
    if schema is not None and not attrs.has(schema):
        raise ModelError(f"extension {name!r}: schema {schema!r} is not an attrs class")
    fields = {f.name for f in attrs.fields(schema)} if schema is not None else set()
    hidden = frozenset(restricted)
    unknown = sorted(hidden - fields) if schema is not None else []
    if unknown:
        msg = f"extension {name!r}: restricted field(s) {unknown} are not fields of the schema"
        raise ModelError(msg)
    if code is not None and schema is None:
        raise ModelError(f"extension {name!r}: a schema rule code needs a schema")
    unregister_extension(name)
    extension = Extension(name, schema, hidden, code)
    if code is not None:
        holds = f"every {name} extension value matches its registered schema"
        _check_code(code)
        add_rule(code, f"{name}-schema", Severity.ERROR, holds, _schema_rule(extension))
        extension.codes.append(code)
    _EXTENSIONS[name] = extension
    return extension


def unregister_extension(name: str) -> None:
    """Forget extension ``name`` and its rules (its data stays where it is)."""
    extension = _EXTENSIONS.pop(name, None)
    for code in extension.codes if extension is not None else ():
        remove_rule(code)


def registered_extensions() -> dict[str, Extension]:
    """The registered extensions, by name."""
    return dict(_EXTENSIONS)


def get_extension(obj: Any, name: str) -> Any:
    """The data of extension ``name`` on an entity, a link or a review; ``None`` if absent.

    Data of a registered extension with a schema comes back as an instance of the schema;
    any other data as its frozen JSON value.

    Raises:
        ModelError: the data does not match the registered schema (naming the entity, the
            extension and the path of each problem).
    """
    value = obj.extensions.get(name)
    extension = _EXTENSIONS.get(name)
    if value is None or extension is None:
        return value
    return extension.structure(value, obj)


def strip_restricted(obj: Any) -> Any:
    """``obj`` without the restricted fields of registered extensions (itself if none)."""
    extensions = obj.extensions
    if not extensions:
        return obj
    changed = False
    data = dict(extensions)
    for name, value in extensions.items():
        extension = _EXTENSIONS.get(name)
        if extension is None or not extension.restricted or not hasattr(value, "keys"):
            continue
        kept = {k: v for k, v in value.items() if k not in extension.restricted}
        if len(kept) != len(value):
            data[name], changed = kept, True
    return attrs.evolve(obj, extensions=thaw(data)) if changed else obj
