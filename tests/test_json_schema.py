"""One truth for the format: the JSON Schema and the loader accept exactly the same documents.

Three ways of proving it: documents generated from the schema (hypothesis-jsonschema) load;
documents the loader accepts (dumps of generated reviews, mutated) validate; and a table of
named mutations, each accepted or refused by both. The one check JSON Schema cannot express
(a period ending before it starts) is listed in the schema's description and tested here.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from _jsonschema_compat import cu  # noqa: F401 - makes hypothesis-jsonschema run today
from systemsreview.errors import FormatError, ModelError
from systemsreview.examples import domestic_abuse_review
from systemsreview.io._jsonschema import BUILT_IN_TAXONOMIES, UNEXPRESSED_CHECKS
from systemsreview.io.json import FORMAT_VERSION, dumps, json_schema, loads
from systemsreview.model import LEARNING_TOGETHER, Event, Level, Period, taxonomies
from systemsreview.strategies import arbitrary_reviews

DOCUMENT = json.loads(dumps(domestic_abuse_review()))


def _validators() -> list[jsonschema.Draft202012Validator]:
    schema = json_schema()
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    return [
        jsonschema.Draft202012Validator(schema),  # no format checker: patterns do the work
        jsonschema.Draft202012Validator(schema, format_checker=checker),
    ]


def schema_accepts(doc: Any) -> bool:
    verdicts = {validator.is_valid(doc) for validator in _validators()}
    assert len(verdicts) == 1, "the format checker changed the verdict: a pattern is missing"
    return verdicts.pop()


def loader_accepts(doc: Any) -> bool:
    try:
        loads(json.dumps(doc))
    except FormatError:
        return False
    return True


def _action_days_in_order(action: dict[str, Any]) -> dict[str, Any]:
    """No due or completed day before the agreed day: the agreed day moves to the earliest."""
    days = [action.get(k) for k in ("agreed", "due", "completed")]
    if isinstance(days[0], str):
        action = {**action, "agreed": min(d for d in days if isinstance(d, str))}
    return action


def _periods_in_order(doc: Any) -> Any:
    """Apply the checks the schema cannot express: order each period's two days, and the
    days of each action."""
    if isinstance(doc, dict):
        if set(doc) == {"start", "end"} and all(isinstance(v, str) for v in doc.values()):
            return dict(zip(("start", "end"), sorted(doc.values()), strict=True))
        if isinstance(doc.get("actions"), list):
            doc = {**doc, "actions": [
                _action_days_in_order(a) if isinstance(a, dict) else a for a in doc["actions"]
            ]}  # fmt: skip
        return {k: _periods_in_order(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_periods_in_order(v) for v in doc]
    return doc


# --- generated from the schema ---------------------------------------------------------------


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(from_schema(json_schema()))
def test_documents_generated_from_the_schema_load(doc):
    ordered = _periods_in_order(doc)
    assert schema_accepts(ordered)
    review = loads(json.dumps(ordered))
    assert loads(dumps(review)) == review


# --- accepted by the loader ------------------------------------------------------------------

ACCEPTED = {
    "leap day": (("notified",), "2012-02-29"),
    "leap day of a century divisible by 400": (("decided",), "2000-02-29"),
    "first day of the calendar": (("scope", "start"), "0001-01-01"),
    "last day of the calendar": (("scope", "end"), "9999-12-31"),
    "open milestone": (("completed",), None),
    "parent code at its level": (("factors", 2, "category"), "frontline.team"),
    "top-level code at its level": (("factors", 0, "category"), "national"),
    "empty note": (("links", 0, "note"), ""),
    "reviewer without an agency": (("reviewers", 2, "agency_id"), None),
    "no board questions": (("findings", 0, "questions"), []),
    "unicode text": (("title",), "Zoë — 日本語 👶"),
    "action with no due day": (("actions", 1, "due"), None),
    "response answering no question": (("responses", 0, "answers"), []),
    "several methods": (("methods",), ["learning_together", "individual_management_reviews"]),
    "incident day": (("incident_on",), "2011-04-30"),
    "terms of reference": (("terms_of_reference",), ["How agencies shared information"]),
    "reason for a delay": (("delay_reason",), "The criminal trial came first"),
    "no reason for a delay": (("delay_reason",), ""),
    "proceeding without a status": (("parallel_proceedings",), [{"kind": "inquest"}]),
    "proceeding with a status": (
        ("parallel_proceedings",),
        [{"kind": "criminal_trial", "status": "concluded", "note": "Sentenced 2012"}],
    ),
    "related review by title": (("related",), [{"relation": "follows_up", "title": "SCR B"}]),
    "related review by id": (("related",), [{"relation": "parallel_review", "review_id": "b"}]),
    "related review by both": (
        ("related",),
        [{"relation": "deeper_analysis_of", "review_id": "b", "title": "SCR B", "note": ""}],
    ),
    "reviewer role in the report's words": (("reviewers", 0, "role_text"), "lead author"),
    "reviewer of another role": (("reviewers", 0, "role"), "overview_author"),
    "independence of the board not recorded": (("reviewers", 0, "independent_of_board"), None),
    "independent of the board": (("reviewers", 0, "independent_of_board"), True),
    "evidence located in its source": (("links", 0, "locator"), "para 4.12"),
    "evidence quoted": (("links", 0, "quote"), "No one asked the children."),
    "court evidence": (("sources", 0, "kind"), "court"),
    "agency report": (("sources", 0, "kind"), "agency_report"),
}

REFUSED = {
    "basic-format date": (("notified",), "20100213"),
    "week date": (("notified",), "2010-W06-6"),
    "ordinal date": (("notified",), "2010-044"),
    "day past the month's end": (("notified",), "2010-02-30"),
    "leap day of a common year": (("notified",), "2011-02-29"),
    "leap day of a century not divisible by 400": (("notified",), "1900-02-29"),
    "year zero": (("scope", "start"), "0000-01-01"),
    "one-digit month": (("notified",), "2010-2-13"),
    "full-width digits": (("notified",), "\uff12\uff10\uff11\uff10-02-13"),
    "date and time": (("notified",), "2010-02-13T10:00:00"),
    "date as a number": (("notified",), 20100213),
    "empty category": (("factors", 0, "category"), ""),
    "unknown category": (("factors", 0, "category"), "frontline.tem"),
    "category at the wrong level": (("factors", 0, "category"), "frontline.team"),
    "blank title": (("title",), "   "),
    "unknown review kind": (("kind",), "inquest"),
    "unknown link kind": (("links", 0, "kind"), "caused"),
    "boolean as a string": (("reviewers", 0, "independent_of_case"), "true"),
    "format 4's independent flag": (("reviewers", 0, "independent"), True),
    "format 4's single method": (("method",), "learning_together"),
    "no method": (("methods",), []),
    "a method twice": (("methods",), ["silp", "silp"]),
    "unknown method": (("methods",), ["guesswork"]),
    "methods as a string": (("methods",), "silp"),
    "blank term of reference": (("terms_of_reference",), [" \t"]),
    "incident day as a number": (("incident_on",), 20110430),
    "unknown proceeding": (("parallel_proceedings",), [{"kind": "tribunal"}]),
    "unknown proceeding status": (
        ("parallel_proceedings",),
        [{"kind": "inquest", "status": "adjourned"}],
    ),
    "related review named by neither": (("related",), [{"relation": "follows_up"}]),
    "related review with empty names": (
        ("related",),
        [{"relation": "follows_up", "review_id": "", "title": ""}],
    ),
    "related review with a blank id": (
        ("related",),
        [{"relation": "follows_up", "review_id": " ", "title": "SCR B"}],
    ),
    "unknown relation": (("related",), [{"relation": "cousin_of", "title": "SCR B"}]),
    "free-text reviewer role": (("reviewers", 0, "role"), "lead reviewer"),
    "locator as a number": (("links", 0, "locator"), 4.12),
    "quote as null": (("links", 0, "quote"), None),
    "unknown source kind": (("sources", 0, "kind"), "rumour"),
    "number as a string field": (("agencies", 0, "name"), 5),
    "empty agency id of a reviewer": (("reviewers", 2, "agency_id"), ""),
    "questions as a string": (("findings", 0, "questions"), "Why?"),
    "unknown field": (("episodes", 0, "colour"), "red"),
    "newer format version": (("format_version",), FORMAT_VERSION + 1),
    "unknown decision": (("responses", 0, "decision"), "noted"),
    "unknown action status": (("actions", 0, "status"), "finished"),
    "response without a day": (("responses", 0, "when"), None),
    "blank action": (("actions", 0, "what"), " "),
    "completed day of an action in progress": (("actions", 1, "completed"), "2012-10-01"),
}


def mutate(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    doc = copy.deepcopy(doc)
    target = doc
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return doc


def test_the_table_starts_from_a_valid_document():
    assert schema_accepts(DOCUMENT)
    assert loader_accepts(DOCUMENT)
    assert DOCUMENT["factors"][0]["level"] == "national"
    assert DOCUMENT["factors"][2]["level"] == "frontline"


@pytest.mark.parametrize("name", ACCEPTED)
def test_named_mutations_both_accept(name):
    doc = mutate(DOCUMENT, *ACCEPTED[name])
    assert schema_accepts(doc)
    assert loader_accepts(doc)


@pytest.mark.parametrize("name", REFUSED)
def test_named_mutations_both_refuse(name):
    doc = mutate(DOCUMENT, *REFUSED[name])
    assert not schema_accepts(doc)
    assert not loader_accepts(doc)


def test_missing_required_field_both_refuse():
    doc = copy.deepcopy(DOCUMENT)
    del doc["scope"]
    assert not schema_accepts(doc)
    assert not loader_accepts(doc)


def test_a_period_ending_before_it_starts_is_the_listed_exception():
    doc = mutate(DOCUMENT, ("episodes", 0, "period"), {"start": "2011-01-02", "end": "2011-01-01"})
    assert schema_accepts(doc)  # JSON Schema cannot compare two values ...
    assert not loader_accepts(doc)
    assert UNEXPRESSED_CHECKS[0] == "a period (scope, episode period) must not end before it starts"
    assert all(check in json_schema()["description"] for check in UNEXPRESSED_CHECKS)


def test_an_action_due_before_it_was_agreed_is_the_other_listed_exception():
    action = {"id": "a", "what": "w", "agreed": "2012-02-01", "due": "2012-01-01"}
    doc = mutate(DOCUMENT, ("actions", 0), action)
    assert schema_accepts(doc)
    assert not loader_accepts(doc)
    assert "agreed" in UNEXPRESSED_CHECKS[1]


def test_a_completed_day_of_an_action_not_done_both_refuse():
    for status in ("planned", "in_progress", "dropped", None):
        action = {"id": "a", "what": "w", "completed": "2012-01-01"}
        if status is not None:
            action["status"] = status
        doc = mutate(DOCUMENT, ("actions", 0), action)
        assert not schema_accepts(doc)
        assert not loader_accepts(doc)
    doc = mutate(DOCUMENT, ("actions", 0), {**action, "status": "done"})
    assert schema_accepts(doc)
    assert loader_accepts(doc)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arbitrary_reviews(), st.sampled_from(sorted(ACCEPTED) + sorted(REFUSED)))
def test_mutated_dumps_of_generated_reviews_agree(review, name):
    doc = json.loads(dumps(review))
    assert schema_accepts(doc)
    path, value = {**ACCEPTED, **REFUSED}[name]
    if len(path) > 1 and isinstance(path[1], int):  # the example's entity: use this one's first
        if not doc[path[0]]:
            return
        if path[0] == "factors":  # the level of the example's factor the mutation is for
            doc["factors"][0]["level"] = DOCUMENT["factors"][path[1]]["level"]
        if path[0] == "actions":  # the status of the example's action (done or in progress)
            doc["actions"][0]["status"] = DOCUMENT["actions"][path[1]]["status"]
            if doc["actions"][0]["status"] != "done":  # only a done action has a completed day
                doc["actions"][0]["completed"] = None
        path = (path[0], 0, *path[2:])
    doc = mutate(doc, path, value)
    assert schema_accepts(doc) == loader_accepts(doc) == (name in ACCEPTED)


# --- dates, categories, descriptions -----------------------------------------------------------


@given(st.dates())
def test_every_calendar_date_matches_the_pattern(day):
    pattern = json_schema()["$defs"]["Period"]["properties"]["start"]["pattern"]
    assert re.fullmatch(pattern, day.isoformat())
    assert Period(day.isoformat(), day.isoformat()).start == day


@given(st.text(alphabet="0123456789-W:T ", min_size=6, max_size=12))
def test_the_date_pattern_and_the_model_agree_on_any_string(text):
    pattern = json_schema()["$defs"]["Period"]["properties"]["start"]["pattern"]
    try:
        Event(id="e", when=text, description="d")
        model = True
    except ModelError:
        model = False
    assert bool(re.fullmatch(pattern, text)) == model


@pytest.mark.parametrize("text", ["20100213", "2010-W06-6", "2010-044", "2010-02-30"])
def test_constructors_refuse_loose_iso_dates(text):
    with pytest.raises(ModelError, match="YYYY-MM-DD"):
        Period(text, "2011-01-01")
    with pytest.raises(ModelError, match="YYYY-MM-DD"):
        Event(id="e", when=text, description="d")


def test_categories_are_enumerated_per_level_from_the_taxonomies():
    factor = json_schema()["$defs"]["ContributoryFactor"]
    per_level = {
        rule["if"]["properties"]["level"]["const"]: set(
            rule["then"]["properties"]["category"]["enum"]
        )
        for rule in factor["allOf"]
    }
    assert set(per_level) == {level.value for level in Level}
    for taxonomy in taxonomies():
        for code in taxonomy.values():
            assert code.code in per_level[code.level.value]
    assert set.union(*per_level.values()) == set(factor["properties"]["category"]["enum"])
    assert "frontline.team" in per_level["frontline"]
    assert "frontline.team" not in per_level["national"]
    shipped = json_schema(BUILT_IN_TAXONOMIES, built_in=True)
    assert LEARNING_TOGETHER.name in shipped["description"]


def _walk_properties(schema: Any, where: str = "$"):
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            yield f"{where}.{name}", sub
        for key, sub in schema.items():
            yield from _walk_properties(sub, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, sub in enumerate(schema):
            yield from _walk_properties(sub, f"{where}[{i}]")


def test_every_field_has_a_description():
    schema = json_schema()
    defs = schema["$defs"]
    for name, definition in defs.items():
        assert definition.get("description"), name
        for field, sub in definition.get("properties", {}).items():
            assert sub.get("description"), f"{name}.{field}"
    for field, sub in schema["properties"].items():
        assert sub.get("description"), field
