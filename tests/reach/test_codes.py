"""Codes resolved in one place (campaigns.reach.rules.codes) for the spreadsheet and the API, and
problems placed from their structured parts (indicator, part, sex, age band), not their text."""

import io
import uuid

import pytest
from django.urls import reverse

from campaigns.models import ReachReport
from campaigns.reach.models import DataSource, Verification
from campaigns.reach.rules import Problem, ReachRuleContext
from campaigns.reach.rules import data as rules_data
from campaigns.reach.rules.codes import LABEL_SEP, CodeResolver
from campaigns.reach.rules.data import BREAKDOWN, CELL, TOTAL
from campaigns.reach.spreadsheet import columns as col
from campaigns.reach.spreadsheet.importer import import_file
from tests.reach.api_support import REPORTS, _no_throttle_history, client_for, payload  # noqa: F401

from .conftest import TODAY
from .spreadsheet_files import people, xlsx
from .test_entry_form import PEOPLE_OK, post_data

pytestmark = pytest.mark.django_db

UNKNOWN_UUID = str(uuid.UUID(int=7))


def spreadsheet_problems(user, row) -> list[dict]:
    record = import_file(user, io.BytesIO(xlsx([row])), "reach.xlsx", today=TODAY)
    assert not ReachReport.objects.exists()
    return record.problems


def api_errors(user, body) -> list[dict]:
    response = client_for(user).post(REPORTS, body, format="json")
    assert response.status_code == 400, response.json()
    assert not ReachReport.objects.exists()
    return response.json()["errors"]


# field, its column, a bad value, the message both routes give, the problem code
BAD_CODES = [
    ("campaign", col.CAMPAIGN, "no-such-campaign", "Unknown campaign.", "unknown"),
    ("organisation", col.ORGANISATION, "Nobody", "Unknown organisation.", "unknown"),
    ("region", col.REGION, "SN-XX", "Not a region of the campaign's country.", "unknown"),
    ("channel", col.CHANNEL, "pigeon", "Unknown channel.", "unknown"),
    (
        "material",
        col.MATERIAL,
        UNKNOWN_UUID,
        "Not a material of this campaign (give its UUID).",
        "unknown",
    ),
    (
        "data_source",
        col.DATA_SOURCE,
        "rumour",
        "Choose one of: " + ", ".join(DataSource.values) + ".",
        "bad_choice",
    ),
    (
        "verification",
        col.VERIFICATION,
        "hearsay",
        "Choose one of: " + ", ".join(Verification.values) + ".",
        "bad_choice",
    ),
]


@pytest.mark.parametrize(("name", "column", "bad", "message", "code"), BAD_CODES)
def test_a_bad_code_is_the_same_single_problem_in_the_spreadsheet_and_the_api(
    world, name, column, bad, message, code
):
    """The spreadsheet names row, column and the value as written, the API the JSON field and
    the value as sent; the message is the same, and nothing else is said about the report (no
    second, id-based complaint from the rules, no noise on what depends on an unknown
    campaign)."""
    sheet = spreadsheet_problems(world.sn_reporter, people(world, **{column: bad}))
    assert sheet == [
        {"row": 2, "column": column, "value": bad, "message": message, "level": "error"}
    ]
    api = api_errors(world.sn_reporter, payload(world, **{name: bad}))
    assert api == [{"field": name, "value": bad, "message": message, "code": code}]


def test_an_unknown_campaign_still_lets_both_routes_name_a_bad_month(world):
    """The report is still checked by the rules, in both routes alike."""
    row = people(world, Campaign="no-such-campaign", month="March")
    sheet = {(p["column"], p["value"]) for p in spreadsheet_problems(world.sn_reporter, row)}
    assert sheet == {(col.CAMPAIGN, "no-such-campaign"), (col.MONTH, "March")}
    body = payload(world, campaign="no-such-campaign", month="March")
    api = {(e["field"], e["value"]) for e in api_errors(world.sn_reporter, body)}
    assert api == {("campaign", "no-such-campaign"), ("month", "March")}


def test_a_material_of_another_campaign_is_unknown_to_this_one(world):
    other = ReachRuleContext()
    codes = CodeResolver(other)
    resolved = codes.resolve(campaign=world.gn_campaign.code, material=str(world.poster.uuid))
    assert resolved.material is None
    assert resolved.problems["material"].value == str(world.poster.uuid)
    mine = codes.resolve(campaign=world.sn_campaign.code, material=str(world.poster.uuid).upper())
    assert (mine.material, mine.problems) == (world.poster.pk, {})


def test_both_routes_read_codes_alike(world):
    """Spaces around a code, a material's UUID in capitals, an organisation's drop-down label."""
    body = payload(world, material=f" {str(world.poster.uuid).upper()} ", region=" SN-DK ")
    body["organisation"] = f"IOM Senegal {LABEL_SEP} Senegal"
    response = client_for(world.sn_reporter).post(REPORTS, body, format="json")
    assert response.status_code == 201, response.json()
    report = ReachReport.objects.get()
    assert (report.material, report.region, report.organisation) == (
        world.poster,
        world.dakar,
        world.iom_senegal,
    )


def test_blank_data_source_and_verification_are_other_and_none_in_both_routes(world):
    codes = CodeResolver(ReachRuleContext())
    for blank in (None, "", "  "):
        resolved = codes.resolve(data_source=blank, verification=blank)
        assert (resolved.data_source, resolved.verification, resolved.problems) == (
            DataSource.OTHER,
            Verification.NONE,
            {},
        )
    assert codes.resolve(data_source=3).problems["data_source"].code == "bad_choice"
    row = people(world, **{col.DATA_SOURCE: None, col.VERIFICATION: None})
    record = import_file(world.sn_reporter, io.BytesIO(xlsx([row])), "reach.xlsx", today=TODAY)
    assert record.problems == [], record.problems
    body = payload(world, region="SN-TH")  # another report than the file's
    del body["data_source"], body["verification"]
    assert client_for(world.sn_reporter).post(REPORTS, body, format="json").status_code == 201
    assert {(r.data_source, r.verification) for r in ReachReport.objects.all()} == {
        (DataSource.OTHER, Verification.NONE)
    }


def test_resolving_asks_the_database_nothing_per_row(world, django_assert_num_queries):
    context = ReachRuleContext()
    codes = CodeResolver(context)  # every campaign's code: one query, here
    codes.resolve(campaign=world.sn_campaign.code)  # the campaign's lookups, on first sight
    with django_assert_num_queries(0):
        for n in range(50):
            resolved = codes.resolve(
                campaign=world.sn_campaign.code if n % 2 else f"unknown-{n}",
                organisation="IOM Senegal",
                region="SN-DK" if n % 3 else f"SN-{n}",
                channel="radio",
                material=str(world.poster.uuid),
                language="WO",
                data_source="survey",
            )
    assert resolved.region is not None and resolved.language == "wo"


# --- a problem's place ---


def test_a_problem_in_the_figures_builds_its_public_field_from_its_parts():
    cell = Problem.at("people-reached", CELL, 6, "m", "c", sex="female", age_band="15-24")
    assert cell.field == "values.people-reached.breakdown[female/15-24]"
    assert (cell.indicator, cell.part, cell.sex, cell.age_band) == (
        "people-reached",
        CELL,
        "female",
        "15-24",
    )
    assert Problem.at("calls", CELL, 1, "m", "c", sex="male").field == (
        "values.calls.breakdown[male]"
    )
    assert Problem.at("x", TOTAL, 1, "m", "c").field == "values.x.total"
    assert Problem.at("x", BREAKDOWN, 1, "m", "c").field == "values.x.breakdown"
    assert Problem("region", "SN-XX", "m", "c").indicator is None  # the other fields: plain


def reworded(indicator, part="", sex=None, age_band=None):
    """Another wording of a place in the figures, which no reader of the old text would follow."""
    return f"figures/{indicator}/{part or 'indicator'}/{age_band or '*'}:{sex or '*'}"


def test_a_change_of_wording_misplaces_no_error(world, client, monkeypatch):
    """The admin form and the spreadsheet place errors from the structured parts; the API
    answers with whatever `place` builds."""
    monkeypatch.setattr(rules_data, "place", reworded)
    # The spreadsheet: a cell that is no count on its column, the sum on the total.
    found = spreadsheet_problems(world.me_officer, people(world, female="six"))
    assert {(p["row"], p["column"], p["value"]) for p in found} == {(2, "Female 15-24", "six")}
    row = people(world, female=25)
    sheet = {(p["column"], p["value"]) for p in spreadsheet_problems(world.me_officer, row)}
    assert sheet == {(col.TOTAL, 30)}
    # The admin form: each error on its input.
    client.force_login(world.sn_reporter)
    figures = {**PEOPLE_OK, "people-reached__female__15-24": "six", "broadcasts__total": "-2"}
    response = client.post(
        reverse("wagtailsnippets_campaigns_reachreport:add"), post_data(world, figures)
    )
    errors = response.context["form"].errors
    assert "whole number" in errors["value__people-reached__female__15-24"][0]
    assert "negative" in errors["value__broadcasts__total"][0]
    assert "__all__" not in errors, errors
    # The API: the public field is the one `place` built.
    body = payload(world)
    body["values"]["people-reached"]["breakdown"][0]["count"] = "six"
    [error] = api_errors(world.sn_reporter, body)
    assert error["field"] == "figures/people-reached/cell/15-24:female"
