"""What each field of the model means, in one sentence: the descriptions of the JSON Schema.

Kept beside the classes so that every format describing a field (the JSON Schema today)
says the same thing; a test checks that every field of every class has one.

>>> describe("Period", "end")
'The last day of the span (included); not before start.'
"""

from __future__ import annotations

from collections.abc import Mapping

from systemsreview.errors import ModelError

__all__ = ["FIELD_DESCRIPTIONS", "describe"]

_ID = "Identifier, unique among the review's entities; links refer to it."

_EXTENSIONS = (
    "Namespaced data of other tools, {'vendor.name': JSON value}, kept as it is "
    "(see systemsreview.extensions)."
)
_OWN: Mapping[str, Mapping[str, str]] = {
    "Period": {
        "start": "The first day of the span (included).",
        "end": "The last day of the span (included); not before start.",
    },
    "Agency": {
        "id": _ID,
        "name": "The organisation's name as the review gives it.",
        "sector": "The sector the organisation belongs to.",
    },
    "Practitioner": {
        "id": _ID,
        "role": "The professional role (never a person's name), e.g. 'duty social worker'.",
    },
    "Event": {
        "id": _ID,
        "when": "The day the chronology entry happened.",
        "description": "What happened, as the multi-agency chronology records it.",
        "sensitivity": "Who may read the entry: public, or withheld from publication.",
    },
    "Episode": {
        "id": _ID,
        "title": "A short name for the key practice episode.",
        "period": "The days the episode spans.",
        "appraisal": "The review's appraisal of practice in the episode.",
        "what_happened": "What happened in the episode (may be empty).",
        "view_at_the_time": (
            "Why the practice made sense to those involved at the time: the local "
            "rationality (may be empty)."
        ),
        "hindsight": "What is known now that was not known then (may be empty).",
    },
    "ContributoryFactor": {
        "id": _ID,
        "description": "The condition that shaped practice.",
        "level": "The level of the system the factor sits at.",
        "category": "A code of a registered taxonomy that sits at the factor's level.",
        "valence": "Whether the factor hindered or supported good practice.",
    },
    "Finding": {
        "id": _ID,
        "statement": "The underlying pattern, in one sentence.",
        "pattern": "Where the pattern sits in the six-part typology of findings.",
        "valence": "Whether the pattern makes the system less (hindering) or more reliable.",
        "in_this_case": "How the pattern featured in this case (may be empty).",
        "why_not_a_one_off": "Why it is underlying, not a quirk of this case (may be empty).",
        "prevalence": "What is known of how widespread it is (may be empty).",
        "why_it_matters": "Why it matters for the safety of children (may be empty).",
        "questions": "Issues for the safeguarding board, each phrased as a question.",
    },
    "Source": {
        "id": _ID,
        "kind": "The kind of evidence: records, a conversation, a document, ...",
        "description": "What the source is.",
        "sensitivity": "Who may read the source: public, or withheld from publication.",
    },
    "Recommendation": {
        "id": _ID,
        "statement": "What the review recommends.",
        "addressee": (
            "To whom, in words, where the review holds no agency for it, e.g. a government "
            "department (may be empty)."
        ),
    },
    "Response": {
        "id": _ID,
        "decision": "The board's decision: accepted, partly accepted or not accepted.",
        "when": "The day the board responded.",
        "text": "What the board said (may be empty).",
        "answers": "The finding's board questions the response answers, worded as the finding.",
    },
    "Action": {
        "id": _ID,
        "what": "What is to be done.",
        "status": "Where the action stands: planned, in progress, done or dropped.",
        "agreed": "The day the action was agreed, or null.",
        "due": "The day the action is due, or null; not before agreed.",
        "completed": "The day the action was done, or null; only for a done action.",
        "evidence": "The evidence that the action made a difference (may be empty).",
    },
    "Subject": {
        "id": _ID + " Never a name or a date of birth.",
        "role": "Who the subject is: a child, a young person or an adult at risk.",
        "age_band": "The subject's age at the incident, in bands (never a date of birth).",
        "sex": "The subject's sex as recorded.",
        "ethnicity": "An ONS high-level ethnic group, or not recorded.",
        "disability": "Whether the subject had a disability recorded.",
        "status": "The statutory status at the time (for adults, the Care Act equivalents).",
        "education": "The education status at the time (not applicable out of school age).",
        "known_to_social_care": "Whether children's or adults' social care knew the subject.",
        "characteristics": "Codes of registered case characteristics of the subject.",
    },
    "FamilyMember": {
        "id": _ID + " Never a name.",
        "role": "The member's role in the household or family (never a name).",
        "characteristics": "Codes of registered case characteristics of the family member.",
    },
    "Link": {
        "source": "The id of the entity the link starts from.",
        "target": "The id of the entity the link ends at.",
        "kind": "What the link means; the graph schema says which entity kinds it joins.",
        "note": "Free text about the link (may be empty).",
        "locator": (
            "Where in the target source the evidence sits, e.g. 'para 4.12' or 'p. 31' "
            "(may be empty; for evidence links)."
        ),
        "quote": "A short quotation of the evidence from the source (may be empty).",
    },
    "Reviewer": {
        "role": "The reviewer's role in the review team.",
        "role_text": "The role as the report words it, where the vocabulary is too coarse.",
        "organisation": "The organisation the reviewer works for (may be empty).",
        "independent_of_case": (
            "Whether the reviewer had no part in the case; null if not recorded."
        ),
        "independent_of_agencies": (
            "Whether the reviewer is independent of the agencies whose practice is "
            "reviewed; null if not recorded."
        ),
        "independent_of_board": (
            "Whether the reviewer is independent of the board or partnership that "
            "commissioned the review; null if not recorded."
        ),
        "lead": "Whether the reviewer leads the review.",
        "agency_id": "The id of the review's agency the reviewer belongs to, or null.",
    },
    "Proceeding": {
        "kind": "The kind of proceeding beside the review (a trial, an inquest, ...).",
        "status": "Where it stood when the review recorded it.",
        "note": "Free text, such as its effect on the review's timing (may be empty).",
    },
    "RelatedReview": {
        "relation": "How this review relates to the other one.",
        "review_id": "The other review's id, or empty when unknown (give it or the title).",
        "title": "The other review's title, or empty (give it or the review id).",
        "note": "Free text about the relation (may be empty).",
    },
    "Review": {
        "id": "Identifier of the review, unique within a corpus.",
        "title": "The review's title.",
        "kind": "The kind of review (its statutory basis).",
        "scope": "The period the review agreed to examine.",
        "methods": "The review methods followed, the main one first; each once.",
        "incident": "What happened to the child that led to the review.",
        "characteristics": "Codes of registered case characteristics of the case as a whole.",
        "aware": "The day the local authority became aware of the serious incident, or null.",
        "commissioner": "Who commissioned the review, e.g. the safeguarding board (may be empty).",
        "terms_of_reference": "What the review was asked to examine, item by item.",
        "incident_on": "The day of the incident that prompted the review, or null.",
        "delay_reason": "Why the review took longer than its timescale (may be empty).",
        "parallel_proceedings": "Trials, inquests and other processes beside the review.",
        "related": "Other reviews this one follows up, deepens or runs beside.",
        "notified": "The day the serious incident was notified, or null.",
        "decided": "The day the decision to review was taken, or null.",
        "completed": "The day the review was completed, or null while it is open.",
        "published": "The day the report was published, or null.",
        "reviewers": "The review team.",
        "agencies": "The organisations involved in the case.",
        "practitioners": "The professional roles involved in the case.",
        "events": "The multi-agency chronology.",
        "episodes": "The key practice episodes.",
        "factors": "The contributory factors.",
        "findings": "The findings: underlying patterns.",
        "sources": "Where the evidence came from.",
        "recommendations": "What the review recommends, and to whom.",
        "responses": "The board's responses to findings and recommendations.",
        "actions": "The actions taken or planned in response.",
        "subjects": "The children, young people or adults at risk at the centre of the case.",
        "family": "The members of the subjects' household and family, by role.",
        "links": "The typed links between entities, in review order.",
    },
}


#: Per class name, per field name: what the field holds.
FIELD_DESCRIPTIONS: Mapping[str, Mapping[str, str]] = {
    name: fields
    if name in ("Period", "Reviewer", "Proceeding", "RelatedReview")
    else {**fields, "extensions": _EXTENSIONS}
    for name, fields in _OWN.items()
}


def describe(cls_name: str, field: str) -> str:
    """The description of ``cls_name.field``.

    Raises:
        ModelError: when the field has none (add it to ``FIELD_DESCRIPTIONS``).
    """
    try:
        return FIELD_DESCRIPTIONS[cls_name][field]
    except KeyError:
        msg = (
            f"{cls_name}.{field} has no description; add one to "
            "systemsreview.model._descriptions.FIELD_DESCRIPTIONS"
        )
        raise ModelError(msg) from None
