"""/api/v1/reports/: list scoping and filters, create, duplicate, merge, idempotence, update,
delete, and the error shape naming field and value."""

import datetime

import pytest

from campaigns.models import ReachBreakdown, ReachReport, ReachValue
from campaigns.reach.models import EntryRoute, Status
from tests.factories import RegionFactory, reach_report
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    guinea_report,
    payload,
    report_url,
    senegal_report,
)

pytestmark = pytest.mark.django_db


# --- create ---


def test_a_reporter_creates_a_report_by_codes(world):
    response = client_for(world.sn_reporter).post(REPORTS, payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    report = ReachReport.objects.get(pk=body["id"])
    assert (report.campaign, report.organisation, report.region, report.channel) == (
        world.sn_campaign,
        world.iom_senegal,
        world.dakar,
        world.radio,
    )
    assert report.entered_via == EntryRoute.API and report.created_by == world.sn_reporter
    assert report.status == Status.DRAFT and report.material == world.poster
    assert body["campaign"] == world.sn_campaign.code
    assert body["organisation"] == "IOM Senegal"
    assert (body["month"], body["region"], body["channel"]) == ("2026-03", "SN-DK", "radio")
    assert body["material"] == str(world.poster.uuid) and body["language"] == "wo"
    assert body["values"]["broadcasts"] == {"total": 4, "breakdown": []}
    people = body["values"]["people-reached"]
    assert people["total"] == 120
    assert {"sex": "female", "age_band": "15-24", "count": 60} in people["breakdown"]
    assert ReachBreakdown.objects.filter(value__report=report).count() == 3


def test_a_reporter_of_one_organisation_may_leave_it_out(world):
    body = payload(world)
    del body["organisation"]
    response = client_for(world.sn_reporter).post(REPORTS, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["organisation"] == "IOM Senegal"


def test_rule_errors_name_field_value_and_message(world):
    body = payload(world, region="SN-XX", month="2026-3-15")
    body["values"]["people-reached"]["breakdown"][0]["count"] = 61
    body["values"]["unknown-indicator"] = {"total": 1}
    response = client_for(world.sn_reporter).post(REPORTS, body, format="json")
    assert response.status_code == 400
    errors = {error["field"]: error for error in response.json()["errors"]}
    assert errors["region"]["value"] == "SN-XX"
    assert errors["region"]["message"] == "Not a region of the campaign's country."
    assert errors["month"]["value"] == "2026-3-15" and errors["month"]["code"] == "bad_month"
    assert errors["values.unknown-indicator"]["code"] == "unknown"
    total = errors["values.people-reached.breakdown"]
    assert total["value"] == 121 and total["code"] == "breakdown_sum"
    assert set(response.json()["errors"][0]) == {"field", "value", "message", "code"}
    assert not ReachReport.objects.exists()


def test_shape_errors_are_named_too(world):
    body = payload(world, colour="blue", data_source="rumour")
    body["values"]["people-reached"]["breakdown"].append({"sex": ["female"], "count": 1})
    response = client_for(world.sn_reporter).post(REPORTS, body, format="json")
    assert response.status_code == 400
    errors = {error["field"]: error for error in response.json()["errors"]}
    assert errors["colour"]["code"] == "unknown_field"
    assert errors["data_source"]["value"] == "rumour"
    assert errors["values.people-reached.breakdown[3]"]["code"] == "bad_cell"


def test_bad_json_is_an_error_in_the_same_shape(world):
    response = client_for(world.sn_reporter).post(
        REPORTS, "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_a_duplicate_is_refused_with_409_unless_merged(world):
    client = client_for(world.sn_reporter)
    assert client.post(REPORTS, payload(world), format="json").status_code == 201
    changed = payload(world, values={"broadcasts": {"total": 9}})
    response = client.post(REPORTS, changed, format="json")
    assert response.status_code == 409
    error = response.json()["errors"][0]
    assert error["code"] == "duplicate" and error["field"] == "key"
    assert error["value"] == f"{world.sn_campaign.code}/IOM Senegal/2026-03/SN-DK/radio"
    merged = client.post(f"{REPORTS}?merge=true", changed, format="json")
    assert merged.status_code == 200, merged.json()
    values = merged.json()["values"]
    assert values["broadcasts"]["total"] == 9 and values["people-reached"]["total"] == 120
    assert ReachReport.objects.count() == 1
    in_body = client.post(REPORTS, {**payload(world, notes="x"), "merge": True}, format="json")
    assert in_body.status_code == 200 and in_body.json()["notes"] == "x"


def test_reposting_identical_figures_is_idempotent(world):
    client = client_for(world.sn_reporter)
    first = client.post(REPORTS, payload(world), format="json")
    again = client.post(REPORTS, payload(world), format="json")
    assert again.status_code == 200, again.json()
    assert again.json()["id"] == first.json()["id"]
    assert ReachReport.objects.count() == 1
    assert ReachValue.objects.count() == 2 and ReachBreakdown.objects.count() == 3


def test_merge_is_refused_into_a_submitted_report(world):
    report = senegal_report(world, status=Status.SUBMITTED)
    body = payload(world, values={"broadcasts": {"total": 8}})
    response = client_for(world.sn_reporter).post(f"{REPORTS}?merge=true", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "report_submitted"
    assert report.values.get().total == 3


def test_a_guinea_reporter_cannot_create_senegal_figures(world):
    body = payload(world, organisation="Radio Guinée")
    response = client_for(world.gn_reporter).post(REPORTS, body, format="json")
    assert response.status_code == 400  # Radio Guinée does not report for Senegal at all
    assert response.json()["errors"][0]["code"] == "wrong_country"
    mine = client_for(world.gn_reporter).post(REPORTS, payload(world), format="json")
    assert mine.status_code == 403
    assert "not_yours" in {error["code"] for error in mine.json()["errors"]}
    assert not ReachReport.objects.exists()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_readers_cannot_write(world, role):
    report = senegal_report(world)
    client = client_for(getattr(world, role))
    assert client.post(REPORTS, payload(world), format="json").status_code == 403
    assert client.patch(report_url(report), {"notes": "x"}, format="json").status_code == 403
    assert client.put(report_url(report), payload(world), format="json").status_code == 403
    assert client.delete(report_url(report)).status_code == 403
    assert client.get(report_url(report)).status_code == 200
    assert ReachReport.objects.get().notes == ""


def test_me_officer_may_create_for_any_organisation(world):
    body = payload(world)
    response = client_for(world.me_officer).post(REPORTS, body, format="json")
    assert response.status_code == 201, response.json()
    missing = client_for(world.me_officer).post(
        REPORTS, {k: v for k, v in body.items() if k != "organisation"}, format="json"
    )
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "organisation"


# --- list and retrieve ---


def test_the_list_is_scoped_by_organisation_and_country(world):
    mine = senegal_report(world)
    theirs = guinea_report(world)

    def ids(user):
        response = client_for(user).get(REPORTS)
        assert response.status_code == 200
        return {item["id"] for item in response.json()["results"]}

    assert ids(world.sn_reporter) == {mine.pk}
    assert ids(world.gn_reporter) == {theirs.pk}
    assert ids(world.me_officer) == ids(world.editor) == ids(world.reviewer) == {mine.pk, theirs.pk}


def test_a_report_of_another_organisation_or_country_is_not_found(world):
    theirs = guinea_report(world)
    client = client_for(world.sn_reporter)
    for response in (
        client.get(report_url(theirs)),
        client.patch(report_url(theirs), {"notes": "x"}, format="json"),
        client.put(report_url(theirs), {"notes": "x"}, format="json"),
        client.delete(report_url(theirs)),
        client.get(f"{REPORTS}999999/"),
    ):
        assert response.status_code == 404
        assert response.json()["errors"][0]["code"] == "not_found"
    assert ReachReport.objects.filter(pk=theirs.pk).exists()


def test_a_reporter_of_the_same_country_but_another_organisation_sees_nothing(world):
    from campaigns.access.roles import REPORTERS
    from tests.factories import OrganisationFactory, role_user

    other = role_user(REPORTERS, "sn-ngo-reporter")
    OrganisationFactory(name="Senegal NGO", countries=[world.senegal], members=[other])
    report = senegal_report(world)
    client = client_for(other)
    assert client.get(REPORTS).json()["results"] == []
    assert client.get(report_url(report)).status_code == 404
    body = payload(world)
    assert client.post(REPORTS, body, format="json").status_code == 403


def _many_reports(world, count):
    regions = [RegionFactory(country=world.senegal, code=f"SN-{n:02d}") for n in range(count)]
    for region in regions:
        reach_report(
            world.sn_campaign,
            world.iom_senegal,
            region,
            world.radio,
            datetime.date(2026, 3, 1),
            values={
                world.broadcasts: 3,
                world.people: (10, [("female", world.youth, 6), ("male", world.adults, 4)]),
            },
        )


def test_the_list_costs_the_same_queries_for_5_or_60_reports(world, django_assert_max_num_queries):
    client = client_for(world.sn_reporter)
    _many_reports(world, 5)
    with django_assert_max_num_queries(12):
        small = client.get(REPORTS)
    _many_reports_more = 55
    regions = [RegionFactory(country=world.senegal, code=f"SN-{n}") for n in range(100, 155)]
    for region in regions:
        reach_report(
            world.sn_campaign, world.iom_senegal, region, world.radio,
            datetime.date(2026, 4, 1), values={world.broadcasts: 2},
        )  # fmt: skip
    with django_assert_max_num_queries(12):
        large = client.get(f"{REPORTS}?page_size=1000")
    assert len(small.json()["results"]) == 5
    assert len(large.json()["results"]) == 5 + _many_reports_more
    first = small.json()["results"][0]
    assert first["values"]["people-reached"]["breakdown"][0]["age_band"] == "15-24"


def test_filters_by_codes_months_and_status(world):
    march = senegal_report(world)
    april = senegal_report(world, month=datetime.date(2026, 4, 1), status=Status.SUBMITTED)
    guinea_report(world)
    client = client_for(world.me_officer)

    def ids(query):
        response = client.get(f"{REPORTS}?{query}")
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["results"]}

    assert ids(f"campaign={world.sn_campaign.code}") == {march.pk, april.pk}
    assert ids("month=2026-04") == {april.pk}
    assert ids("month_from=2026-04&month_to=2026-05") == {april.pk}
    assert ids("status=submitted") == {april.pk}
    assert ids("region=SN-DK&channel=radio&organisation=IOM Senegal") == {march.pk, april.pk}
    assert ids("country=SN") == {march.pk, april.pk}
    bad = client.get(f"{REPORTS}?month=March")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "month"


def test_superseded_revisions_only_when_asked(world):
    old = senegal_report(world, status=Status.LOCKED, is_current=False)
    new = senegal_report(world, revision=2, supersedes=old)
    client = client_for(world.sn_reporter)
    assert [item["id"] for item in client.get(REPORTS).json()["results"]] == [new.pk]
    everything = client.get(f"{REPORTS}?include_superseded=true").json()["results"]
    assert {item["id"] for item in everything} == {old.pk, new.pk}
    assert client.get(report_url(old)).json()["is_current"] is False


# --- update and delete ---


def test_patch_changes_some_fields_and_indicators(world):
    client = client_for(world.sn_reporter)
    created = client.post(REPORTS, payload(world), format="json").json()
    url = f"{REPORTS}{created['id']}/"
    response = client.patch(
        url, {"notes": "Corrected.", "values": {"broadcasts": {"total": 6}}}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["notes"] == "Corrected." and body["values"]["broadcasts"]["total"] == 6
    assert body["values"]["people-reached"]["total"] == 120
    assert body["data_source"] == "attendance"


def test_put_replaces_details_and_figures(world):
    client = client_for(world.sn_reporter)
    created = client.post(REPORTS, payload(world), format="json").json()
    url = f"{REPORTS}{created['id']}/"
    body = payload(world, notes="", values={"broadcasts": {"total": 7}})
    response = client.put(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["values"] == {"broadcasts": {"total": 7, "breakdown": []}}
    wrong = client.put(url, payload(world, values={"broadcasts": {"total": -1}}), format="json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0] == {
        "field": "values.broadcasts.total",
        "value": -1,
        "message": "A count cannot be negative.",
        "code": "not_a_count",
    }


def test_the_natural_key_does_not_change(world):
    report = senegal_report(world)
    response = client_for(world.sn_reporter).patch(
        report_url(report), {"region": "SN-TH"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "key_change"
    assert ReachReport.objects.get().region == world.dakar


def test_a_submitted_report_does_not_change_nor_go(world):
    report = senegal_report(world, status=Status.SUBMITTED)
    client = client_for(world.sn_reporter)
    response = client.patch(report_url(report), {"notes": "x"}, format="json")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "report_submitted"
    deleted = client.delete(report_url(report))
    assert deleted.status_code == 409
    assert ReachReport.objects.filter(pk=report.pk).exists()


def test_only_drafts_are_deleted(world):
    draft = senegal_report(world)
    returned = senegal_report(world, month=datetime.date(2026, 4, 1), status=Status.RETURNED)
    client = client_for(world.sn_reporter)
    assert client.delete(report_url(draft)).status_code == 204
    response = client.delete(report_url(returned))
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_draft"
    assert list(ReachReport.objects.all()) == [returned]
