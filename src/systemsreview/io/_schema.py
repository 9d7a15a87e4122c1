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
``odate`` a ``date32`` or null (the review milestones, an action's days)
``strs``  ``list<string>`` (a finding's board questions, the questions a response answers,
          characteristic codes, a review's terms of reference)
``enums`` ``list<string>`` of values of ``enum``, at least one, each once (a review's methods)
``bool``  a boolean, never null
``team``  ``list<struct<...>>`` (the review's reviewers)
``json``  a JSON object text or null (:class:`~systemsreview.model.Extensions`)
``ekind`` a dictionary-encoded :class:`~systemsreview.model.EntityKind` or null, derived
          from the review (the kinds of a link's ends), never read back into objects
========  ==========================================================

An ``attr`` ending in ``.start`` or ``.end`` is half of a :class:`~systemsreview.model.Period`;
one starting ``~`` marks a derived column. Every column has a description, written into the
Arrow field metadata (``b"description"``) of every file, so ``pyarrow.parquet.read_schema``
shows it.
"""

from __future__ import annotations

import enum

import attrs
import pyarrow as pa

from systemsreview.model import (
    Action,
    ActionStatus,
    AgeBand,
    Agency,
    Appraisal,
    ContributoryFactor,
    Decision,
    EducationStatus,
    EntityKind,
    Episode,
    Ethnicity,
    Event,
    FamilyMember,
    FamilyRole,
    Finding,
    IncidentKind,
    Level,
    Link,
    LinkKind,
    Method,
    Pattern,
    Practitioner,
    Proceeding,
    ProceedingKind,
    ProceedingStatus,
    Recommendation,
    RelatedReview,
    Response,
    Review,
    ReviewKind,
    ReviewRelation,
    Sector,
    Sensitivity,
    Sex,
    Source,
    SourceKind,
    StatutoryStatus,
    Subject,
    SubjectRole,
    Valence,
)

__all__ = [
    "ENUM",
    "FORMAT_VERSION",
    "INTRODUCED",
    "REVIEWER",
    "REVIEWER_4",
    "SCHEMAS",
    "SPECS",
    "TABLES",
    "Column",
    "TableSpec",
    "schema_markdown",
    "tables_of",
]

#: The dataset format written by this library, ``"major.minor"``. A reader accepts any
#: minor version of its own major version and migrates older majors.
FORMAT_VERSION = "5.0"  # 3.0: the learning loop; 4.0: the case; 5.0: see _migrate._from_4

#: Tables added after the first format, by the major version that added them: a part of an
#: older major version has no file for them and reads as holding no rows of them.
INTRODUCED: dict[str, int] = {
    "recommendations": 3,
    "responses": 3,
    "actions": 3,
    "subjects": 4,
    "family": 4,
    "parallel_proceedings": 5,
    "related": 5,
}

#: Arrow type of every vocabulary column: dictionary-encoded strings.
ENUM = pa.dictionary(pa.int32(), pa.string())

#: Arrow type of one member of the review team.
REVIEWER = pa.struct(
    [
        pa.field("role", pa.string(), nullable=False),
        pa.field("role_text", pa.string(), nullable=False),
        pa.field("organisation", pa.string(), nullable=False),
        pa.field("independent_of_case", pa.bool_(), nullable=True),
        pa.field("independent_of_agencies", pa.bool_(), nullable=True),
        pa.field("independent_of_board", pa.bool_(), nullable=True),
        pa.field("lead", pa.bool_(), nullable=False),
        pa.field("agency_id", pa.string(), nullable=True),
    ]
)

#: Arrow type of format 4.0's member of the review team (migrated by ``_from_4``).
REVIEWER_4 = pa.struct(
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
    "enums": pa.list_(pa.field("item", pa.string(), nullable=False)),
    "team": pa.list_(pa.field("item", REVIEWER, nullable=False)),
    "json": pa.string(),
    "ekind": ENUM,
    "bool": pa.bool_(),
}
_NULLABLE = frozenset({"odate", "json", "ekind"})


@attrs.frozen
class Column:
    """One column: its name, how it is checked and decoded, and the attribute it holds."""

    name: str
    kind: str
    attr: str
    enum: type[enum.StrEnum] | None = None
    description: str = ""

    @property
    def derived(self) -> bool:
        """Whether the column is computed from the review rather than held by an attribute."""
        return self.attr.startswith("~")

    @property
    def type(self) -> pa.DataType:
        """The Arrow type written."""
        return _TYPES[self.kind]

    @property
    def field(self) -> pa.Field:
        """The Arrow field written, its description in the field metadata.

        Nullable only for optional milestones, extension data and the kinds of link ends.
        """
        return pa.field(
            self.name,
            self.type,
            nullable=self.kind in _NULLABLE,
            metadata={b"description": self.description.encode()},
        )


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


def _c(
    name: str,
    kind: str = "id",
    attr: str | None = None,
    vocab: type | None = None,
    *,
    doc: str,
) -> Column:
    return Column(name, kind, attr or name, vocab, doc)


_REVIEW_ID = "The id of the review holding the row (`Review.id`); rows are sorted by it."
_EXTENSIONS = (
    "Namespaced extension data of other tools, as a compact JSON object text "
    '(`{"acme.case": {...}}`, keys sorted); null when there is none. '
    "Read it with DuckDB's `json_extract`."
)


def _entity(kind: EntityKind, cls: type, *columns: Column) -> TableSpec:
    return TableSpec(
        kind.plural,
        cls,
        (
            _c("review_id", attr="-", doc=_REVIEW_ID),
            _c("id", doc=f"The {kind.value}'s id, unique within its review."),
            *columns,
            _c("extensions", "json", doc=_EXTENSIONS),
        ),
    )


_CHARACTERISTICS = "Codes of registered case characteristics, in order, each once."
_SENSITIVITY = "Whether the row may be published (`public`) or must be redacted (`restricted`)."
_VALENCE = "Whether it hindered or supported safe practice."

SPECS: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "reviews",
            Review,
            (
                _c("review_id", attr="id", doc="The review's id, unique within the dataset."),
                _c("title", doc="The review's title."),
                _c("kind", "enum", vocab=ReviewKind, doc="The kind of review (statutory or not)."),
                _c(
                    "methods",
                    "enums",
                    vocab=Method,
                    doc="The review methods followed, the main one first; each once.",
                ),
                _c("incident", "enum", vocab=IncidentKind, doc="What happened to the child."),
                _c("characteristics", "strs", doc=_CHARACTERISTICS + " Of the case as a whole."),
                _c("commissioner", "text", doc="Who commissioned the review; may be empty."),
                _c(
                    "terms_of_reference",
                    "strs",
                    doc="What the review was asked to examine, item by item (none blank).",
                ),
                _c("scope_start", "date", "scope.start", doc="First day of the case period."),
                _c("scope_end", "date", "scope.end", doc="Last day of the case period."),
                _c(
                    "incident_on",
                    "odate",
                    doc="The day of the incident that prompted the review; null if unknown.",
                ),
                _c(
                    "aware",
                    "odate",
                    doc="When the local authority became aware of the incident; null if unknown.",
                ),
                _c("notified", "odate", doc="When the incident was notified; null if unknown."),
                _c("decided", "odate", doc="When the review was decided on; null if unknown."),
                _c("completed", "odate", doc="When the review was completed; null if open."),
                _c("published", "odate", doc="When the report was published; null if not."),
                _c(
                    "delay_reason",
                    "text",
                    doc="Why the review took longer than its timescale; may be empty.",
                ),
                _c(
                    "reviewers",
                    "team",
                    doc=(
                        "The review team: role (and its wording), organisation, independence "
                        "of the case, the agencies and the board (null if not recorded), "
                        "lead, agency id."
                    ),
                ),
                _c("extensions", "json", doc=_EXTENSIONS),
            ),
        ),
        _entity(
            EntityKind.AGENCY,
            Agency,
            _c("name", doc="The agency's name."),
            _c("sector", "enum", vocab=Sector, doc="The sector the agency belongs to."),
        ),
        _entity(
            EntityKind.PRACTITIONER,
            Practitioner,
            _c("role", doc="The practitioner's professional role (never a person's name)."),
        ),
        _entity(
            EntityKind.EVENT,
            Event,
            _c("when", "date", doc="The day of the chronology entry."),
            _c("description", doc="What happened."),
            _c("sensitivity", "enum", vocab=Sensitivity, doc=_SENSITIVITY),
        ),
        _entity(
            EntityKind.EPISODE,
            Episode,
            _c("title", doc="The key practice episode's title."),
            _c("period_start", "date", "period.start", doc="First day of the episode."),
            _c("period_end", "date", "period.end", doc="Last day of the episode."),
            _c("appraisal", "enum", vocab=Appraisal, doc="How the practice is judged now."),
            _c("what_happened", "text", doc="The account of the practice; may be empty."),
            _c(
                "view_at_the_time",
                "text",
                doc="Local rationality: why it made sense then; may be empty.",
            ),
            _c("hindsight", "text", doc="The reasoning behind the appraisal; may be empty."),
        ),
        _entity(
            EntityKind.FACTOR,
            ContributoryFactor,
            _c("description", doc="The condition that shaped practice."),
            _c("level", "enum", vocab=Level, doc="The level of the system it sits at."),
            _c("category", doc="A code of a registered factor taxonomy, at the factor's level."),
            _c("valence", "enum", vocab=Valence, doc=_VALENCE),
        ),
        _entity(
            EntityKind.FINDING,
            Finding,
            _c("statement", doc="The finding, in one sentence."),
            _c("pattern", "enum", vocab=Pattern, doc="Its place in the six-part typology."),
            _c("valence", "enum", vocab=Valence, doc=_VALENCE),
            _c("in_this_case", "text", doc="How the issue featured in this case."),
            _c("why_not_a_one_off", "text", doc="Why it is underlying, not a quirk of the case."),
            _c("prevalence", "text", doc="How widespread the pattern is."),
            _c("why_it_matters", "text", doc="Why it matters for the reliability of the system."),
            _c("questions", "strs", doc="The questions for the board to consider, in order."),
        ),
        _entity(
            EntityKind.SOURCE,
            Source,
            _c("kind", "enum", vocab=SourceKind, doc="What kind of evidence source it is."),
            _c("description", doc="What the source is."),
            _c("sensitivity", "enum", vocab=Sensitivity, doc=_SENSITIVITY),
        ),
        _entity(
            EntityKind.RECOMMENDATION,
            Recommendation,
            _c("statement", doc="What the review recommends."),
            _c(
                "addressee",
                "text",
                doc="To whom, in words, beside any agency linked; may be empty.",
            ),
        ),
        _entity(
            EntityKind.RESPONSE,
            Response,
            _c(
                "decision", "enum", vocab=Decision, doc="Accepted, partly accepted or not accepted."
            ),
            _c("when", "date", doc="The day the board responded."),
            _c("text", "text", doc="What the board said; may be empty."),
            _c("answers", "strs", doc="The finding's board questions the response answers."),
        ),
        _entity(
            EntityKind.ACTION,
            Action,
            _c("what", doc="What is to be done."),
            _c("status", "enum", vocab=ActionStatus, doc="Planned, in progress, done or dropped."),
            _c("agreed", "odate", doc="When the action was agreed; null if unknown."),
            _c("due", "odate", doc="When it is due; null if no date was set."),
            _c("completed", "odate", doc="When it was done; null unless done."),
            _c("evidence", "text", doc="The evidence that it made a difference; may be empty."),
        ),
        _entity(
            EntityKind.SUBJECT,
            Subject,
            _c("role", "enum", vocab=SubjectRole, doc="Child, young person or adult at risk."),
            _c("age_band", "enum", vocab=AgeBand, doc="The age at the incident, in bands."),
            _c("sex", "enum", vocab=Sex, doc="The sex as recorded."),
            _c("ethnicity", "enum", vocab=Ethnicity, doc="ONS high-level ethnic group."),
            _c("disability", "bool", doc="Whether a disability was recorded."),
            _c("status", "enum", vocab=StatutoryStatus, doc="Statutory status at the time."),
            _c("education", "enum", vocab=EducationStatus, doc="Education status at the time."),
            _c(
                "known_to_social_care",
                "bool",
                doc="Whether children's or adults' social care knew the subject.",
            ),
            _c("characteristics", "strs", doc=_CHARACTERISTICS),
        ),
        _entity(
            EntityKind.FAMILY_MEMBER,
            FamilyMember,
            _c("role", "enum", vocab=FamilyRole, doc="The role in the family (never a name)."),
            _c("characteristics", "strs", doc=_CHARACTERISTICS),
        ),
        TableSpec(
            "parallel_proceedings",
            Proceeding,
            (
                _c("review_id", attr="-", doc=_REVIEW_ID),
                _c("kind", "enum", vocab=ProceedingKind, doc="The kind of proceeding."),
                _c(
                    "status",
                    "enum",
                    vocab=ProceedingStatus,
                    doc="Where it stood when the review recorded it.",
                ),
                _c("note", "text", doc="A note, such as its effect on timing; may be empty."),
            ),
        ),
        TableSpec(
            "related",
            RelatedReview,
            (
                _c("review_id", attr="-", doc=_REVIEW_ID),
                _c(
                    "relation",
                    "enum",
                    vocab=ReviewRelation,
                    doc="How the review relates to the other one.",
                ),
                _c(
                    "other_id",
                    "text",
                    attr="review_id",
                    doc="The other review's id; empty when unknown (then the title is set).",
                ),
                _c("title", "text", doc="The other review's title; may be empty if the id is set."),
                _c("note", "text", doc="A note on the relation; may be empty."),
            ),
        ),
        TableSpec(
            "links",
            Link,
            (
                _c("review_id", attr="-", doc=_REVIEW_ID),
                _c("src", attr="source", doc="The id of the entity the link starts from."),
                _c("dst", attr="target", doc="The id of the entity the link points to."),
                _c("kind", "enum", vocab=LinkKind, doc="The kind of relation."),
                _c("note", "text", doc="A note on the link; may be empty."),
                _c(
                    "locator",
                    "text",
                    doc="Where in the source the evidence sits ('para 4.12'); may be empty.",
                ),
                _c("quote", "text", doc="A short quotation of the evidence; may be empty."),
                _c(
                    "src_kind",
                    "ekind",
                    attr="~source",
                    vocab=EntityKind,
                    doc="The kind of entity `src` names in the review; null if none (dangling).",
                ),
                _c(
                    "dst_kind",
                    "ekind",
                    attr="~target",
                    vocab=EntityKind,
                    doc="The kind of entity `dst` names in the review; null if none (dangling).",
                ),
                _c("extensions", "json", doc=_EXTENSIONS),
            ),
        ),
    )
}

#: The table names, in the order a dataset lists them.
TABLES: tuple[str, ...] = tuple(SPECS)


def tables_of(version: str) -> tuple[str, ...]:
    """The tables a part written in format ``version`` has files for.

    >>> tables_of("2.0")[-2:], tables_of("3.0")[-2:], "subjects" in tables_of("4.0")
    (('sources', 'links'), ('actions', 'links'), True)
    """
    major = int(version.split(".", 1)[0])
    return tuple(t for t in TABLES if INTRODUCED.get(t, 0) <= major)


#: The Arrow schema of every table, by table name.
SCHEMAS: dict[str, pa.Schema] = {name: spec.schema for name, spec in SPECS.items()}


def _holds(spec: TableSpec, col: Column) -> str:
    if col.derived:
        return f"`EntityKind` of `Link.{col.attr[1:]}`, derived from the review"
    if col.attr == "-":
        return "`Review.id` of the review holding the row"
    what = f"`{spec.cls.__name__}.{col.attr}`"
    if col.enum is not None:
        return f"{what}, one of `{col.enum.__name__}`"
    if col.kind == "team":
        return f"{what}: structs of `{'`, `'.join(REVIEWER.names)}` (the facets and id nullable)"
    return what


def schema_markdown() -> str:
    """Every column of every table as a Markdown table (for ``docs/storage.md``).

    >>> schema_markdown().splitlines()[2].split(" | ")[:5]
    ['| `reviews`', '`review_id`', '`string`', 'no', '`Review.id`']
    """
    rows = [
        "| table | column | Arrow type | null | holds | description |",
        "|---|---|---|---|---|---|",
    ]
    for spec in SPECS.values():
        for col in spec.columns:
            kind = {
                "enum": "dictionary<string>",
                "ekind": "dictionary<string>",
                "team": "list<struct>",
                "enums": "list<string>",
            }.get(col.kind, str(col.type))
            kind = kind.replace("<item: ", "<").replace(" not null", "")
            null = "yes" if col.field.nullable else "no"
            rows.append(
                f"| `{spec.name}` | `{col.name}` | `{kind}` | {null} | {_holds(spec, col)} "
                f"| {col.description} |"
            )
    return "\n".join(rows) + "\n"
