"""Issue 11, one place per kind of thing: the served OpenAPI schema says what the reach API
accepts and what it answers, and these tests hold it to that.

- Requests: example bodies go through the real endpoints (so through
  campaigns.reach.api.payload, the parser of record, and the rules) and through the request
  schema of the same endpoint. A body the parser accepts must match the schema; a body it
  refuses for its shape (unknown field, wrong type, missing field, a count that is not a
  whole number...) must not; a body refused only for its data (an unknown region, a month the
  campaign has not reached) must match, as a schema cannot know the data. LENIENT lists the
  few bodies the parser accepts although the schema, the contract partners build on, does not:
  each is asserted as such, so a change on either side shows here.
- Answers: every operation of the served schema, and every status it documents, has a case in
  CASES that provokes that answer for real; the answer must match the documented schema. An
  operation or status without a case fails test_every_documented_answer_has_a_case, and a view
  of the URLconf the schema does not list fails test_the_schema_lists_every_endpoint.

The data is tests/reach/conftest.py's world (built once for the module inside one transaction,
rolled back at the end; each test runs in a savepoint of its own); the schema is fetched once.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30WriteValidator,
    oas30_format_checker,
)
from openapi_spec_validator import validate as validate_spec
from rest_framework.test import APIClient

from campaigns.access.roles import FINANCE
from campaigns.models import ReachReport
from campaigns.reach.api import payload as parser
from campaigns.reach.api import reports as report_views
from campaigns.reach.api import saving
from campaigns.reach.api.urls import router
from campaigns.reach.batch import DuplicateReport
from campaigns.reach.models import DataSource, Sex, Status, Verification
from campaigns.reach.rules.values import MAX_COUNT
from tests.factories import reach_report, role_user
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    payload,
    report_url,
    senegal_report,
)
from tests.reach.conftest import MARCH

SCHEMA_URL = "/api/v1/schema/?format=json"
BULK = f"{REPORTS}bulk/"

# --- the module's world and the served schema ----------------------------------------------------


@pytest.fixture(scope="module")
def served_schema(django_db_blocker):
    """The schema as a partner system fetches it: over HTTP, without a token."""
    with django_db_blocker.unblock():
        response = APIClient().get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def world(world, served_schema):
    """tests/reach/conftest.py's module world, with a user without reach role and the schema."""
    world.finance = role_user(FINANCE, "finance")  # staff of another trade: no reach figures
    world.schema = served_schema
    return world


def component(schema: dict, name: str) -> dict:
    return schema["components"]["schemas"][name]


def errors_of(schema_doc: dict, ref: str, instance, *, request: bool) -> list[str]:
    """What the validator finds wrong with `instance` against `ref` (components resolved);
    requests are read with writeOnly/readOnly as a client sends them, answers as it reads them."""
    validator_class = OAS30WriteValidator if request else OAS30ReadValidator
    root = {"$ref": ref, "components": schema_doc["components"]}
    validator = validator_class(root, format_checker=oas30_format_checker)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def request_ref(schema_doc: dict, method: str, path: str) -> str:
    body = schema_doc["paths"][path][method.lower()]["requestBody"]
    return body["content"]["application/json"]["schema"]["$ref"]


def answer_ref(schema_doc: dict, method: str, path: str, status: int) -> str | None:
    responses = schema_doc["paths"][path][method.lower()]["responses"]
    assert str(status) in responses, f"{method} {path} answered {status}, not documented"
    content = responses[str(status)].get("content")
    return content["application/json"]["schema"]["$ref"] if content else None


# --- the schema itself ------------------------------------------------------------------------


def test_the_served_schema_is_valid_openapi(world):
    validate_spec(world.schema)


def test_the_request_schema_names_exactly_the_parsers_fields(world):
    """payload.py's field lists and the schema's properties are the same lists."""
    report = component(world.schema, "ReportRequest")
    assert set(report["properties"]) == parser.KNOWN_FIELDS
    assert report["additionalProperties"] is False  # unknown fields are refused
    required = {name for name in parser.HEADER_FIELDS if name != "organisation"} | {"values"}
    assert set(report["required"]) == required  # organisation: see its description
    for name in parser.READ_ONLY_FIELDS:  # accepted whatever they hold, and ignored
        assert set(report["properties"][name]) == {"description"}
    replacement = component(world.schema, "ReportReplacementRequest")
    assert set(replacement["properties"]) == parser.KNOWN_FIELDS
    assert replacement["required"] == ["values"]  # the key comes from the stored report
    patched = component(world.schema, "PatchedReportRequest")
    assert set(patched["properties"]) == parser.KNOWN_FIELDS and "required" not in patched
    value = component(world.schema, "ValueRequest")
    count, figure = value["oneOf"]
    assert set(figure["properties"]) == {"total", "breakdown"}
    cell = figure["properties"]["breakdown"]["items"]
    assert set(cell["properties"]) == parser.CELL_FIELDS
    assert count["oneOf"][0]["maximum"] == MAX_COUNT
    assert cell["properties"]["sex"]["enum"] == [*Sex.values, None]
    for name, choices in (("data_source", DataSource), ("verification", Verification)):
        enum = component(world.schema, f"{name.title().replace('_', '')}Enum")
        assert enum["enum"] == choices.values
    bulk = component(world.schema, "BulkRequestRequest")["properties"]["reports"]
    assert (bulk["minItems"], bulk["maxItems"]) == (1, report_views.MAX_BULK)


def _urlconf_operations() -> set[tuple[str, str]]:
    """(METHOD, /api/v1/path/{param}/) of every view the router serves, the API root aside
    (DRF's index of the lists, not an endpoint a partner system uses)."""
    operations = set()
    for pattern in router.urls:
        actions = getattr(pattern.callback, "actions", None)
        regex = pattern.pattern.regex.pattern
        if not actions or "(?P<format>" in regex:
            continue
        path = regex.removeprefix("^").removesuffix("$")
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", path).replace("{pk}", "{id}")
        for method in actions:
            if method != "head":  # DRF adds it to a GET's actions at the view's first request
                operations.add((method.upper(), f"/api/v1/{path}"))
    return operations


def _schema_operations(schema_doc) -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, operations in schema_doc["paths"].items()
        for method in operations
        if method != "parameters"
    }


def test_the_schema_lists_every_endpoint(world):
    assert _urlconf_operations() == _schema_operations(world.schema)


# --- requests: what the parser accepts, what the schema accepts ----------------------------------

ACCEPTS, SHAPE, DATA, LENIENT = "accepts", "refused: shape", "refused: data", "lenient"
# Codes of problems with the body's shape: a schema says these. Every other code is about data.
SHAPE_CODES = {
    "not_an_object", "unknown_field", "required", "not_text", "bad_choice", "not_a_list",
    "bad_cell", "not_a_count", "bad_month", "no_values", "bad_sex", "empty", "too_many",
}  # fmt: skip


def values(**figures) -> dict:
    return {code.replace("_", "-"): figure for code, figure in figures.items()}


def without(body: dict, *names) -> dict:
    return {name: value for name, value in body.items() if name not in names}


BROADCASTS = {"broadcasts": {"total": 4, "breakdown": [{"count": 4}]}}

# (verdict, name, body builder) for POST /api/v1/reports/ as IOM Senegal's only reporter.
CREATE_EXAMPLES = [
    (ACCEPTS, "the full example", lambda w: payload(w)),
    (ACCEPTS, "a bare number is a total", lambda w: payload(w, values={"broadcasts": 4})),
    (ACCEPTS, "a bare text of digits", lambda w: payload(w, values={"broadcasts": "4"})),
    (ACCEPTS, "a total as text", lambda w: payload(w, values={"broadcasts": {"total": " 4 "}})),
    (ACCEPTS, "cells without splits", lambda w: payload(w, values=BROADCASTS)),
    (
        ACCEPTS,
        "breakdown null",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": None}}),
    ),
    (ACCEPTS, "organisation left out", lambda w: without(payload(w), "organisation")),
    (ACCEPTS, "organisation null", lambda w: payload(w, organisation=None)),
    (ACCEPTS, "organisation empty", lambda w: payload(w, organisation="")),
    (ACCEPTS, "material null", lambda w: payload(w, material=None, language=None)),
    (ACCEPTS, "material empty", lambda w: payload(w, material="", language="")),
    (
        ACCEPTS,
        "optional fields left out",
        lambda w: without(payload(w), *parser.OPTIONAL_FIELDS[:-1]),
    ),
    (
        ACCEPTS,
        "choices empty or null",
        lambda w: payload(w, data_source="", verification=None, notes=None),
    ),
    (ACCEPTS, "month as its first day", lambda w: payload(w, month="2026-03-01")),
    (ACCEPTS, "merge true", lambda w: payload(w, merge=True)),
    (ACCEPTS, "merge false", lambda w: payload(w, merge=False)),
    (
        ACCEPTS,
        "an answer's read-only fields sent back",
        lambda w: payload(
            w,
            id=1,
            status="locked",
            return_reason=None,
            revision="x",
            is_current=False,
            entered_via=[],
            created_at={},
            updated_at=0,
        ),
    ),
    (SHAPE, "not an object", lambda w: [payload(w)]),
    (SHAPE, "an unknown field", lambda w: payload(w, colour="blue")),
    (SHAPE, "campaign left out", lambda w: without(payload(w), "campaign")),
    (SHAPE, "campaign null", lambda w: payload(w, campaign=None)),
    (SHAPE, "campaign a number", lambda w: payload(w, campaign=12)),
    (SHAPE, "region empty", lambda w: payload(w, region="")),
    (SHAPE, "channel left out", lambda w: without(payload(w), "channel")),
    (SHAPE, "month left out", lambda w: without(payload(w), "month")),
    (SHAPE, "month in words", lambda w: payload(w, month="March 2026")),
    (SHAPE, "month without its zero", lambda w: payload(w, month="2026-3")),
    (SHAPE, "month 13", lambda w: payload(w, month="2026-13")),
    (SHAPE, "month a number", lambda w: payload(w, month=202603)),
    (SHAPE, "a day within the month", lambda w: payload(w, month="2026-03-15")),
    (SHAPE, "organisation a number", lambda w: payload(w, organisation=7)),
    (SHAPE, "material a number", lambda w: payload(w, material=5)),
    (SHAPE, "language a list", lambda w: payload(w, language=["wo"])),
    (SHAPE, "notes a number", lambda w: payload(w, notes=5)),
    (SHAPE, "an unknown data source", lambda w: payload(w, data_source="radio")),
    (SHAPE, "an unknown verification", lambda w: payload(w, verification="yes")),
    (SHAPE, "values left out", lambda w: without(payload(w), "values")),
    (SHAPE, "values empty", lambda w: payload(w, values={})),
    (SHAPE, "values null", lambda w: payload(w, values=None)),
    (SHAPE, "values a list", lambda w: payload(w, values=[{"broadcasts": 4}])),
    (SHAPE, "a decimal", lambda w: payload(w, values={"broadcasts": 1.5})),
    (SHAPE, "a whole float", lambda w: payload(w, values={"broadcasts": {"total": 4.0}})),
    (SHAPE, "a negative count", lambda w: payload(w, values={"broadcasts": -1})),
    (SHAPE, "a negative text", lambda w: payload(w, values={"broadcasts": "-1"})),
    (SHAPE, "a count too large", lambda w: payload(w, values={"broadcasts": MAX_COUNT + 1})),
    (SHAPE, "yes/no for a count", lambda w: payload(w, values={"broadcasts": True})),
    (SHAPE, "a null figure", lambda w: payload(w, values={"broadcasts": None})),
    (SHAPE, "thousands separators", lambda w: payload(w, values={"broadcasts": "1,200"})),
    (SHAPE, "total left out", lambda w: payload(w, values={"broadcasts": {"breakdown": []}})),
    (
        SHAPE,
        "an unknown figure field",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "unit": "spots"}}),
    ),
    (
        SHAPE,
        "breakdown a text",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": "4"}}),
    ),
    (
        SHAPE,
        "a cell not an object",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": [4]}}),
    ),
    (
        SHAPE,
        "an unknown cell field",
        lambda w: payload(
            w, values={"broadcasts": {"total": 4, "breakdown": [{"count": 4, "region": "SN-DK"}]}}
        ),
    ),
    (
        SHAPE,
        "sex a number",
        lambda w: payload(
            w,
            values={
                "people-reached": {
                    "total": 4,
                    "breakdown": [{"sex": 1, "age_band": "15-24", "count": 4}],
                }
            },
        ),
    ),
    (
        SHAPE,
        "an unknown sex",
        lambda w: payload(
            w,
            values={
                "people-reached": {
                    "total": 4,
                    "breakdown": [{"sex": "other", "age_band": "15-24", "count": 4}],
                }
            },
        ),
    ),
    (
        SHAPE,
        "a cell without count",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": [{}]}}),
    ),
    (
        SHAPE,
        "a decimal cell",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": [{"count": 4.0}]}}),
    ),
    (DATA, "an unknown campaign", lambda w: payload(w, campaign="nope")),
    (DATA, "an unknown region", lambda w: payload(w, region="SN-XX")),
    (DATA, "a region of another country", lambda w: payload(w, region="GN-C")),
    (DATA, "an unknown channel", lambda w: payload(w, channel="tv")),
    (DATA, "another organisation", lambda w: payload(w, organisation="Radio Guinée")),
    (DATA, "an unknown organisation", lambda w: payload(w, organisation="Nobody")),
    (DATA, "a month not ended", lambda w: payload(w, month="2099-01")),
    (
        DATA,
        "an unknown material",
        lambda w: payload(w, material="00000000-0000-4000-8000-000000000000"),
    ),
    (DATA, "an unknown language", lambda w: payload(w, language="xx")),
    (DATA, "an unknown indicator", lambda w: payload(w, values={"cups-of-tea": 4})),
    (
        DATA,
        "an unknown age band",
        lambda w: payload(
            w,
            values={
                "people-reached": {
                    "total": 4,
                    "breakdown": [{"sex": "male", "age_band": "99+", "count": 4}],
                }
            },
        ),
    ),
    (
        DATA,
        "cells not adding up",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": [{"count": 3}]}}),
    ),
    (
        DATA,
        "a split the indicator has not",
        lambda w: payload(
            w, values={"broadcasts": {"total": 4, "breakdown": [{"sex": "male", "count": 4}]}}
        ),
    ),
    (
        DATA,
        "a cell given twice",
        lambda w: payload(
            w, values={"broadcasts": {"total": 4, "breakdown": [{"count": 2}, {"count": 2}]}}
        ),
    ),
]

# The parser accepts these, the schema does not: documented as refused, read all the same.
LENIENT_EXAMPLES = [
    (LENIENT, "merge not a boolean (read as false)", lambda w: payload(w, merge="yes")),
    (
        LENIENT,
        "breakdown {} (read as none)",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": {}}}),
    ),
    (
        LENIENT,
        "breakdown 0 (read as none)",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": 0}}),
    ),
    (
        LENIENT,
        "breakdown false (read as none)",
        lambda w: payload(w, values={"broadcasts": {"total": 4, "breakdown": False}}),
    ),
    (LENIENT, "month with spaces around", lambda w: payload(w, month=" 2026-03 ")),
    (LENIENT, "month in ISO basic form", lambda w: payload(w, month="20260301")),
]


def verdict_of(response) -> str:
    """What the API made of a body: accepted, refused for its shape, refused for its data."""
    if response.status_code in (200, 201):
        return ACCEPTS
    assert response.status_code in (400, 403, 409), response.content
    codes = {error["code"] for error in response.json()["errors"]}
    if codes & SHAPE_CODES:
        assert codes <= SHAPE_CODES | {"refused"}, f"shape and data problems at once: {codes}"
        return SHAPE
    return DATA


def check_example(world, verdict, body, response, ref):
    found = errors_of(world.schema, ref, body, request=True)
    assert verdict_of(response) == (ACCEPTS if verdict == LENIENT else verdict), response.json()
    if verdict in (ACCEPTS, DATA):
        assert found == [], f"the parser {verdict.split(':')[0]} it, the schema refuses it"
    else:
        assert found, "the parser refuses this shape, the schema accepts it"


# Where the API itself is wrong: written as it should be, marked xfail(strict=True), so fixing
# the bug turns the case into a failure that asks for its entry to go.
KNOWN_BUGS: dict[str, str] = {}


def examples(rows):
    return [
        pytest.param(
            verdict,
            name,
            build,
            id=f"{verdict} - {name}",
            marks=[pytest.mark.xfail(strict=True, raises=TypeError, reason=KNOWN_BUGS[name])]
            if name in KNOWN_BUGS
            else [],
        )
        for verdict, name, build in rows
    ]


@pytest.mark.parametrize("verdict,name,build", examples(CREATE_EXAMPLES + LENIENT_EXAMPLES))
def test_create_bodies(world, verdict, name, build):
    body = build(world)
    response = client_for(world.sn_reporter).post(REPORTS, body, format="json")
    check_example(
        world, verdict, body, response, request_ref(world.schema, "POST", "/api/v1/reports/")
    )


def test_organisation_is_required_of_a_user_of_several(world):
    """The one field the schema cannot make required: it depends on who sends the report."""
    body = without(payload(world), "organisation")
    response = client_for(world.me_officer).post(REPORTS, body, format="json")
    assert response.status_code == 400
    assert {e["code"] for e in response.json()["errors"]} == {"required"}
    assert (
        "single organisation"
        in component(world.schema, "ReportRequest")["properties"]["organisation"]["description"]
    )


REPLACE_EXAMPLES = [
    (ACCEPTS, "the full example", lambda w: payload(w)),
    (ACCEPTS, "figures only, the key left out", lambda w: {"values": {"broadcasts": 4}}),
    (ACCEPTS, "an answer sent back", lambda w: {**payload(w), "id": 1, "status": "draft"}),
    (SHAPE, "not an object", lambda w: []),
    (SHAPE, "no figures", lambda w: {"values": {}}),
    (SHAPE, "an unknown field", lambda w: {"values": {"broadcasts": 4}, "colour": "blue"}),
    (SHAPE, "a decimal", lambda w: {"values": {"broadcasts": 1.5}}),
    (DATA, "another region (the key does not change)", lambda w: payload(w, region="SN-TH")),
    (LENIENT, "merge not a boolean (ignored)", lambda w: {"values": {"broadcasts": 4}, "merge": 3}),
]
PATCH_EXAMPLES = [
    (ACCEPTS, "notes only", lambda w: {"notes": "Two more sessions."}),
    (ACCEPTS, "nothing", lambda w: {}),
    (
        ACCEPTS,
        "one indicator",
        lambda w: {"values": {"people-reached": payload(w)["values"]["people-reached"]}},
    ),
    (ACCEPTS, "values empty (stored ones kept)", lambda w: {"values": {}}),
    (ACCEPTS, "values null (stored ones kept)", lambda w: {"values": None}),
    (ACCEPTS, "the key as it is", lambda w: {"region": "SN-DK", "channel": "radio"}),
    (SHAPE, "an unknown field", lambda w: {"colour": "blue"}),
    (SHAPE, "values a list, in a change", lambda w: {"values": [{"broadcasts": 4}]}),
    (SHAPE, "values a text, in a change", lambda w: {"values": "broadcasts=4"}),
    (SHAPE, "a decimal", lambda w: {"values": {"broadcasts": 1.5}}),
    (SHAPE, "an unknown data source", lambda w: {"data_source": "radio"}),
    (DATA, "another channel (the key does not change)", lambda w: {"channel": "sessions"}),
    (LENIENT, "a list for a body (read as {})", lambda w: []),
]


@pytest.mark.parametrize("verdict,name,build", examples(REPLACE_EXAMPLES))
def test_replacement_bodies(world, verdict, name, build):
    report = senegal_report(world)
    body = build(world)
    response = client_for(world.sn_reporter).put(report_url(report), body, format="json")
    check_example(
        world, verdict, body, response, request_ref(world.schema, "PUT", "/api/v1/reports/{id}/")
    )


@pytest.mark.parametrize("verdict,name,build", examples(PATCH_EXAMPLES))
def test_change_bodies(world, verdict, name, build):
    report = senegal_report(world)
    body = build(world)
    response = client_for(world.sn_reporter).patch(report_url(report), body, format="json")
    check_example(
        world, verdict, body, response, request_ref(world.schema, "PATCH", "/api/v1/reports/{id}/")
    )


def many(world, count):
    return {"reports": [payload(world)] * count}


BULK_EXAMPLES = [
    (ACCEPTS, "one report", lambda w: {"reports": [payload(w)]}),
    (ACCEPTS, "merge true", lambda w: {"reports": [payload(w)], "merge": True}),
    (ACCEPTS, "a bare number", lambda w: {"reports": [payload(w, values={"broadcasts": 4})]}),
    (ACCEPTS, "other keys are ignored", lambda w: {"reports": [payload(w)], "source": "DHIS2"}),
    (SHAPE, "not an object", lambda w: [payload(w)]),
    (SHAPE, "no list", lambda w: {}),
    (SHAPE, "reports an object", lambda w: {"reports": payload(w)}),
    (SHAPE, "an empty list", lambda w: {"reports": []}),
    (SHAPE, "too many", lambda w: {"reports": [{}] * (report_views.MAX_BULK + 1)}),
    (SHAPE, "a report not an object", lambda w: {"reports": [payload(w), 5]}),
    (SHAPE, "a report with an unknown field", lambda w: {"reports": [payload(w, colour=1)]}),
    (DATA, "an unknown region", lambda w: {"reports": [payload(w, region="SN-XX")]}),
    (DATA, "the same key twice", lambda w: many(w, 2)),
    (
        LENIENT,
        "merge not a boolean (read as false)",
        lambda w: {"reports": [payload(w)], "merge": "yes"},
    ),
]


@pytest.mark.parametrize("verdict,name,build", examples(BULK_EXAMPLES))
def test_bulk_bodies(world, verdict, name, build):
    body = build(world)
    response = client_for(world.sn_reporter).post(BULK, body, format="json")
    check_example(
        world, verdict, body, response, request_ref(world.schema, "POST", "/api/v1/reports/bulk/")
    )


RETURN_EXAMPLES = [
    (ACCEPTS, "a reason", lambda w: {"reason": "Dakar twice?"}),
    (ACCEPTS, "other keys are ignored", lambda w: {"reason": "Dakar twice?", "by": "me"}),
    (SHAPE, "no reason", lambda w: {}),
    (SHAPE, "a blank reason", lambda w: {"reason": "  "}),
    (SHAPE, "a reason not a text", lambda w: {"reason": 5}),
    (SHAPE, "not an object", lambda w: ["Dakar twice?"]),
]


@pytest.mark.parametrize("verdict,name,build", examples(RETURN_EXAMPLES))
def test_return_bodies(world, verdict, name, build):
    report = senegal_report(world, status=Status.SUBMITTED)
    body = build(world)
    response = client_for(world.me_officer).post(report_url(report, "return"), body, format="json")
    path = "/api/v1/reports/{id}/return/"
    check_example(world, verdict, body, response, request_ref(world.schema, "POST", path))


# --- answers: every documented status of every operation, provoked and checked --------------


@dataclass
class Op:
    """How to call one operation successfully: who, where, with what."""

    role: str
    url: Callable  # world -> url (it may store the report it needs)
    body: Callable | None = None  # world -> JSON body
    missing: str | None = None  # a url that does not exist (404)


def _draft(w):
    return report_url(senegal_report(w))


def _with_status(status, step=""):
    return lambda w: report_url(senegal_report(w, status=status), step)


OPS = {
    ("GET", "/api/v1/age-bands/"): Op("sn_reporter", lambda w: "/api/v1/age-bands/"),
    ("GET", "/api/v1/age-bands/{code}/"): Op(
        "sn_reporter", lambda w: "/api/v1/age-bands/15-24/", missing="/api/v1/age-bands/99/"
    ),
    ("GET", "/api/v1/campaigns/"): Op("sn_reporter", lambda w: "/api/v1/campaigns/"),
    ("GET", "/api/v1/campaigns/{code}/"): Op(
        "sn_reporter",
        lambda w: f"/api/v1/campaigns/{w.sn_campaign.code}/",
        missing="/api/v1/campaigns/nope/",
    ),
    ("GET", "/api/v1/indicators/"): Op("me_officer", lambda w: "/api/v1/indicators/"),
    ("GET", "/api/v1/indicators/{code}/"): Op(
        "sn_reporter",
        lambda w: "/api/v1/indicators/people-reached/",
        missing="/api/v1/indicators/nope/",
    ),
    ("GET", "/api/v1/organisations/"): Op("me_officer", lambda w: "/api/v1/organisations/"),
    ("GET", "/api/v1/organisations/{id}/"): Op(
        "sn_reporter",
        lambda w: f"/api/v1/organisations/{w.iom_senegal.pk}/",
        missing="/api/v1/organisations/999999/",
    ),
    ("GET", "/api/v1/reports/"): Op("sn_reporter", lambda w: _draft(w) and REPORTS),
    ("POST", "/api/v1/reports/"): Op("sn_reporter", lambda w: REPORTS, lambda w: payload(w)),
    ("GET", "/api/v1/reports/{id}/"): Op("sn_reporter", _draft, missing=f"{REPORTS}999999/"),
    ("PUT", "/api/v1/reports/{id}/"): Op(
        "sn_reporter", _draft, lambda w: payload(w), missing=f"{REPORTS}999999/"
    ),
    ("PATCH", "/api/v1/reports/{id}/"): Op(
        "sn_reporter", _draft, lambda w: {"notes": "More."}, missing=f"{REPORTS}999999/"
    ),
    ("DELETE", "/api/v1/reports/{id}/"): Op("sn_reporter", _draft, missing=f"{REPORTS}999999/"),
    ("POST", "/api/v1/reports/{id}/submit/"): Op(
        "sn_reporter", lambda w: f"{_draft(w)}submit/", missing=f"{REPORTS}999999/submit/"
    ),
    ("POST", "/api/v1/reports/{id}/validate/"): Op(
        "me_officer",
        _with_status(Status.SUBMITTED, "validate"),
        missing=f"{REPORTS}999999/validate/",
    ),
    ("POST", "/api/v1/reports/{id}/return/"): Op(
        "me_officer",
        _with_status(Status.SUBMITTED, "return"),
        lambda w: {"reason": "Dakar twice?"},
        missing=f"{REPORTS}999999/return/",
    ),
    ("POST", "/api/v1/reports/{id}/lock/"): Op(
        "me_officer", _with_status(Status.VALIDATED, "lock"), missing=f"{REPORTS}999999/lock/"
    ),
    ("POST", "/api/v1/reports/bulk/"): Op(
        "sn_reporter", lambda w: BULK, lambda w: {"reports": [payload(w)]}
    ),
}
BAD_TOKEN = "Token " + "0" * 40


def send(client, method, url, body=None):
    call = getattr(client, method.lower())
    return call(url) if body is None else call(url, body, format="json")


def _usual(op_key, *, role=None, url=None, body=None):
    """A call of the operation as OPS says, with one thing changed."""
    method, _path = op_key
    op = OPS[op_key]

    def call(w):
        client = role(w) if callable(role) else client_for(getattr(w, role or op.role))
        target = url(w) if url else op.url(w)
        given = body(w) if body else (op.body(w) if op.body else None)
        return send(client, method, target, given)

    return call


def _anonymous(w):
    return APIClient()


def _spent_token(w):
    """After as many wrong tokens as the rate allows, an address is told to wait (429)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=BAD_TOKEN)
    for _attempt in range(50):
        if client.get("/api/v1/campaigns/").status_code == 429:
            return client
    raise AssertionError("the token failures were never throttled")


@dataclass
class Case:
    op: tuple[str, str]
    status: int
    name: str
    call: Callable = field(repr=False)
    setup: Callable | None = field(default=None, repr=False)  # world, monkeypatch -> None

    @property
    def id(self):
        return f"{self.op[0]} {self.op[1]} {self.status} {self.name}"


def _generic_cases() -> list[Case]:
    cases = []
    for key, op in OPS.items():
        method, path = key
        cases.append(Case(key, 401, "no credentials", _usual(key, role=_anonymous)))
        cases.append(Case(key, 403, "no reach role", _usual(key, role="finance")))
        cases.append(Case(key, 429, "wrong tokens", _usual(key, role=_spent_token)))
        if op.missing:
            missing = op.missing
            cases.append(Case(key, 404, "no such object", _usual(key, url=lambda w, m=missing: m)))
        elif method == "GET":
            cases.append(
                Case(key, 404, "no such page", _usual(key, url=lambda w, p=path: f"{p}?page=99"))
            )
        if op.body:
            cases.append(Case(key, 415, "a body not JSON", _usual_raw(key, "x=1", "text/plain")))
    return cases


def _usual_raw(op_key, data, content_type):
    method, _path = op_key
    op = OPS[op_key]

    def call(w):
        client = client_for(getattr(w, op.role))
        return getattr(client, method.lower())(op.url(w), data, content_type=content_type)

    return call


def _create_twice(w):
    client = client_for(w.sn_reporter)
    client.post(REPORTS, payload(w), format="json")
    return client.post(REPORTS, payload(w), format="json")  # an identical retry: unchanged


def _bulk_twice(w):
    client = client_for(w.sn_reporter)
    client.post(BULK, {"reports": [payload(w)]}, format="json")
    return client.post(BULK, {"reports": [payload(w)]}, format="json")


def _collide(w, monkeypatch):
    """Another request saves the same report between check and save, twice: 409."""

    def collides(*args, **kwargs):
        raise DuplicateReport()

    monkeypatch.setattr(saving, "_check_and_save", collides)


R, RID = "/api/v1/reports/", "/api/v1/reports/{id}/"
SPECIFIC_CASES = [
    Case(("GET", R), 200, "the list, as M&E", _usual(("GET", R), role="me_officer")),
    Case(
        ("GET", R),
        400,
        "a month filter in words",
        _usual(("GET", R), url=lambda w: f"{R}?month=March"),
    ),
    Case(("POST", R), 201, "a new report", _usual(("POST", R))),
    Case(
        ("POST", R),
        201,
        "with warnings (no breakdown)",
        _usual(("POST", R), body=lambda w: payload(w, values={"people-reached": 120})),
    ),
    Case(("POST", R), 200, "an identical retry", _create_twice),
    Case(
        ("POST", R),
        400,
        "a shape refused",
        _usual(("POST", R), body=lambda w: payload(w, values={"broadcasts": 1.5})),
    ),
    Case(("POST", R), 400, "malformed JSON", _usual_raw(("POST", R), "{", "application/json")),
    Case(
        ("POST", R), 403, "another organisation's figures", _usual(("POST", R), role="gn_reporter")
    ),
    Case(("POST", R), 409, "the report exists", _usual(("POST", R), url=lambda w: _draft(w) and R)),
    Case(("POST", R), 409, "saved meanwhile, twice", _usual(("POST", R)), setup=_collide),
    Case(("GET", RID), 200, "a report", _usual(("GET", RID))),
    Case(("PUT", RID), 200, "replaced", _usual(("PUT", RID))),
    Case(
        ("PUT", RID),
        400,
        "a key change",
        _usual(("PUT", RID), body=lambda w: payload(w, region="SN-TH")),
    ),
    Case(
        ("PUT", RID),
        409,
        "a submitted report",
        _usual(("PUT", RID), url=_with_status(Status.SUBMITTED)),
    ),
    Case(("PATCH", RID), 200, "changed", _usual(("PATCH", RID))),
    Case(
        ("PATCH", RID),
        400,
        "a decimal",
        _usual(("PATCH", RID), body=lambda w: {"values": {"broadcasts": 1.5}}),
    ),
    Case(
        ("PATCH", RID),
        409,
        "a locked report",
        _usual(("PATCH", RID), url=_with_status(Status.LOCKED)),
    ),
    Case(("DELETE", RID), 204, "a draft deleted", _usual(("DELETE", RID))),
    Case(
        ("DELETE", RID),
        409,
        "not a draft",
        _usual(("DELETE", RID), url=_with_status(Status.VALIDATED)),
    ),
    Case(("POST", RID + "submit/"), 200, "submitted", _usual(("POST", RID + "submit/"))),
    Case(
        ("POST", RID + "submit/"),
        400,
        "figures with errors",
        _usual(
            ("POST", RID + "submit/"),
            url=lambda w: report_url(
                reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.radio, MARCH), "submit"
            ),
        ),
    ),
    Case(
        ("POST", RID + "submit/"),
        403,
        "a reader (lifecycle refuses)",
        _usual(("POST", RID + "submit/"), role="editor"),
    ),
    Case(
        ("POST", RID + "submit/"),
        403,
        "already submitted (not an open report)",
        _usual(("POST", RID + "submit/"), url=_with_status(Status.SUBMITTED, "submit")),
    ),
    Case(("POST", RID + "validate/"), 200, "validated", _usual(("POST", RID + "validate/"))),
    Case(
        ("POST", RID + "validate/"),
        403,
        "a reporter",
        _usual(("POST", RID + "validate/"), role="sn_reporter"),
    ),
    Case(
        ("POST", RID + "validate/"),
        409,
        "a draft",
        _usual(("POST", RID + "validate/"), url=_with_status(Status.DRAFT, "validate")),
    ),
    Case(("POST", RID + "return/"), 200, "returned", _usual(("POST", RID + "return/"))),
    Case(
        ("POST", RID + "return/"),
        400,
        "no reason",
        _usual(("POST", RID + "return/"), body=lambda w: {"why": "x"}),
    ),
    Case(
        ("POST", RID + "return/"),
        409,
        "a draft",
        _usual(("POST", RID + "return/"), url=_with_status(Status.DRAFT, "return")),
    ),
    Case(("POST", RID + "lock/"), 200, "locked", _usual(("POST", RID + "lock/"))),
    Case(
        ("POST", RID + "lock/"),
        409,
        "a submitted report",
        _usual(("POST", RID + "lock/"), url=_with_status(Status.SUBMITTED, "lock")),
    ),
    Case(("POST", R + "bulk/"), 201, "created", _usual(("POST", R + "bulk/"))),
    Case(("POST", R + "bulk/"), 200, "an identical retry", _bulk_twice),
    Case(
        ("POST", R + "bulk/"),
        400,
        "an empty list",
        _usual(("POST", R + "bulk/"), body=lambda w: {"reports": []}),
    ),
    Case(
        ("POST", R + "bulk/"),
        400,
        "errors with their index",
        _usual(("POST", R + "bulk/"), body=lambda w: many(w, 2)),
    ),
    Case(
        ("POST", R + "bulk/"),
        409,
        "saved meanwhile, twice",
        _usual(("POST", R + "bulk/")),
        setup=_collide,
    ),
    *[
        Case((m, p), 200, "as M&E", _usual((m, p), role="me_officer"))
        for m, p in OPS
        if m == "GET" and not p.startswith(R)
    ],
]
CASES = _generic_cases() + SPECIFIC_CASES


def test_every_documented_answer_has_a_case(world):
    documented = {
        (method.upper(), path, int(status))
        for path, operations in world.schema["paths"].items()
        for method, operation in operations.items()
        if method != "parameters"
        for status in operation["responses"]
    }
    provoked = {(*case.op, case.status) for case in CASES}
    assert documented - provoked == set(), "documented answers no case provokes"
    assert provoked - documented == set(), "answers given but not documented"
    assert {case.op for case in CASES} == _schema_operations(world.schema)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_answers_match_the_schema(world, case, monkeypatch):
    if case.setup:
        case.setup(world, monkeypatch)
    response = case.call(world)
    assert response.status_code == case.status, response.content[:2000]
    ref = answer_ref(world.schema, *case.op, case.status)
    if ref is None:
        assert response.content == b""
        return
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    found = errors_of(world.schema, ref, body, request=False)
    assert found == [], f"{ref}: {found}\n{json.dumps(body)[:2000]}"
    if case.status >= 400:
        assert body["errors"], "an error answer names its errors"


def test_a_list_page_holds_reports_with_cells_and_warnings_match_too(world):
    """Answers with every part filled: cells with sex and age band, null material, warnings."""
    client = client_for(world.sn_reporter)
    created = client.post(REPORTS, payload(world, values={"people-reached": 5}), format="json")
    assert created.status_code == 201 and created.json()["warnings"]
    ref = answer_ref(world.schema, "POST", R, 201)
    assert errors_of(world.schema, ref, created.json(), request=False) == []
    client.post(REPORTS, payload(world, channel="sessions", material=None), format="json")
    listed = client.get(REPORTS)
    page = listed.json()
    assert {r["material"] is None for r in page["results"]} == {True, False}
    assert any(v["breakdown"] for r in page["results"] for v in r["values"].values())
    ref = answer_ref(world.schema, "GET", R, 200)
    assert errors_of(world.schema, ref, page, request=False) == []
    assert ReachReport.objects.count() == 2


def test_the_answer_schema_refuses_what_the_api_never_answers(world):
    """The answer components are strict enough to catch a drift (not `{}` everywhere)."""
    report = client_for(world.sn_reporter).get(report_url(senegal_report(world))).json()
    ref = "#/components/schemas/Report"
    assert errors_of(world.schema, ref, report, request=False) == []
    for broken in (
        without(report, "organisation"),
        {**report, "month": "2026-03-01"},
        {**report, "values": {"broadcasts": 3}},
        {**report, "values": {"broadcasts": {"total": 3}}},
        {**report, "status": "lost"},
        {**report, "material": "poster"},
    ):
        assert errors_of(world.schema, ref, broken, request=False), broken
