"""The Parquet dataset's tables as data: one :class:`TableSpec` per table, one place.

Every other part of the Parquet code (encoding, decoding, validation, the published
``SCHEMAS``) reads these specs, so a column is declared once. A column's ``kind`` says how it
is validated and decoded:

========  ==========================================================
kind      meaning
========  ==========================================================
``id``    a non-empty, non-blank string (ids, titles, names, roles)
``text``  a string, possibly empty, never null
``enum``  a dictionary-encoded string, one of ``enum``'s values
``date``  a ``date32``, never null
``odate`` a ``date32`` or null (the review milestones)
``strs``  ``list<string>`` (a finding's board questions)
``team``  ``list<struct<...>>`` (the review's reviewers)
========  ==========================================================

An ``attr`` ending in ``.start`` or ``.end`` is half of a :class:`~systemsreview.model.Period`.
"""

from __future__ import annotations

import enum

import attrs
import pyarrow as pa

from systemsreview.model import (
    Agency,
    Appraisal,
    ContributoryFactor,
    EntityKind,
    Episode,
    Event,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Practitioner,
    Review,
    ReviewKind,
    Sector,
    Sensitivity,
    Source,
    SourceKind,
    Valence,
)

__all__ = [
    "ENUM",
    "FORMAT_VERSION",
    "REVIEWER",
    "SCHEMAS",
    "SPECS",
    "TABLES",
    "Column",
    "TableSpec",
    "schema_markdown",
]

#: The dataset format written by this library, ``"major.minor"``. A reader accepts any
#: minor version of its own major version and migrates older majors.
FORMAT_VERSION = "1.1"  # 1.1: the manifest records each file's size and SHA-256

#: Arrow type of every vocabulary column: dictionary-encoded strings.
ENUM = pa.dictionary(pa.int32(), pa.string())

#: Arrow type of one member of the review team.
REVIEWER = pa.struct(
    [
        pa.field("role", pa.string(), nullable=False),
        pa.field("organisation", pa.string(), nullable=False),
        pa.field("independent", pa.bool_(), nullable=False),
        pa.field("lead", pa.bool_(), nullable=False),
        pa.field("agency_id", pa.string(), nullable=True),
    ]
)

_TYPES = {
    "id": pa.string(),
    "text": pa.string(),
    "enum": ENUM,
    "date": pa.date32(),
    "odate": pa.date32(),
    "strs": pa.list_(pa.field("item", pa.string(), nullable=False)),
    "team": pa.list_(pa.field("item", REVIEWER, nullable=False)),
}


@attrs.frozen
class Column:
    """One column: its name, how it is checked and decoded, and the attribute it holds."""

    name: str
    kind: str
    attr: str
    enum: type[enum.StrEnum] | None = None

    @property
    def type(self) -> pa.DataType:
        """The Arrow type written."""
        return _TYPES[self.kind]

    @property
    def field(self) -> pa.Field:
        """The Arrow field written (nullable only for optional milestones)."""
        return pa.field(self.name, self.type, nullable=self.kind == "odate")


@attrs.frozen
class TableSpec:
    """One table: its name, the class of its rows and its columns (``review_id`` first)."""

    name: str
    cls: type
    columns: tuple[Column, ...]

    @property
    def schema(self) -> pa.Schema:
        """The Arrow schema written (without the format metadata)."""
        return pa.schema([c.field for c in self.columns])


def _c(name: str, kind: str = "id", attr: str | None = None, vocab: type | None = None) -> Column:
    return Column(name, kind, attr or name, vocab)


def _entity(kind: EntityKind, cls: type, *columns: Column) -> TableSpec:
    return TableSpec(kind.plural, cls, (_c("review_id", attr="-"), _c("id"), *columns))


SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "reviews",
            Review,
            (
                _c("review_id", attr="id"),
                _c("title"),
                _c("kind", "enum", vocab=ReviewKind),
                _c("method", "enum", vocab=Method),
                _c("incident", "enum", vocab=IncidentKind),
                _c("commissioner", "text"),
                _c("scope_start", "date", "scope.start"),
                _c("scope_end", "date", "scope.end"),
                _c("notified", "odate"),
                _c("decided", "odate"),
                _c("completed", "odate"),
                _c("published", "odate"),
                _c("reviewers", "team"),
            ),
        ),
        _entity(EntityKind.AGENCY, Agency, _c("name"), _c("sector", "enum", vocab=Sector)),
        _entity(EntityKind.PRACTITIONER, Practitioner, _c("role")),
        _entity(
            EntityKind.EVENT,
            Event,
            _c("when", "date"),
            _c("description"),
            _c("sensitivity", "enum", vocab=Sensitivity),
        ),
        _entity(
            EntityKind.EPISODE,
            Episode,
            _c("title"),
            _c("period_start", "date", "period.start"),
            _c("period_end", "date", "period.end"),
            _c("appraisal", "enum", vocab=Appraisal),
            _c("what_happened", "text"),
            _c("view_at_the_time", "text"),
            _c("hindsight", "text"),
        ),
        _entity(
            EntityKind.FACTOR,
            ContributoryFactor,
            _c("description"),
            _c("level", "enum", vocab=Level),
            _c("category"),
            _c("valence", "enum", vocab=Valence),
        ),
        _entity(
            EntityKind.FINDING,
            Finding,
            _c("statement"),
            _c("pattern", "enum", vocab=Pattern),
            _c("valence", "enum", vocab=Valence),
            _c("in_this_case", "text"),
            _c("why_not_a_one_off", "text"),
            _c("prevalence", "text"),
            _c("why_it_matters", "text"),
            _c("questions", "strs"),
        ),
        _entity(
            EntityKind.SOURCE,
            Source,
            _c("kind", "enum", vocab=SourceKind),
            _c("description"),
            _c("sensitivity", "enum", vocab=Sensitivity),
        ),
        TableSpec(
            "links",
            Link,
            (
                _c("review_id", attr="-"),
                _c("src", attr="source"),
                _c("dst", attr="target"),
                _c("kind", "enum", vocab=LinkKind),
                _c("note", "text"),
            ),
        ),
    )
}

#: The table names, in the order a dataset lists them.
TABLES: tuple[str, ...] = tuple(SPECS)

#: The Arrow schema of every table, by table name.
SCHEMAS: dict[str, pa.Schema] = {name: spec.schema for name, spec in SPECS.items()}


def _holds(spec: TableSpec, col: Column) -> str:
    if col.attr == "-":
        return "`Review.id` of the review holding the row"
    what = f"`{spec.cls.__name__}.{col.attr}`"
    if col.enum is not None:
        return f"{what}, one of `{col.enum.__name__}`"
    if col.kind == "team":
        return (
            f"{what}: structs of `role`, `organisation`, `independent`, `lead`, `agency_id` (null)"
        )
    return what


def schema_markdown() -> str:
    """Every column of every table as a Markdown table (for ``docs/storage.md``).

    >>> print(schema_markdown().splitlines()[2])
    | `reviews` | `review_id` | `string` | no | `Review.id` |
    """
    rows = ["| table | column | Arrow type | null | holds |", "|---|---|---|---|---|"]
    for spec in SPECS.values():
        for col in spec.columns:
            kind = {"enum": "dictionary<string>", "team": "list<struct>"}.get(
                col.kind, str(col.type)
            )
            kind = kind.replace("<item: ", "<").replace(" not null", "")
            null = "yes" if col.field.nullable else "no"
            rows.append(
                f"| `{spec.name}` | `{col.name}` | `{kind}` | {null} | {_holds(spec, col)} |"
            )
    return "\n".join(rows) + "\n"
