"""Authentication, roles, reference data scoping, the schema and the personal token screen."""

import pytest
from django.core.management import call_command
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from campaigns.access.roles import FINANCE
from tests.factories import TEST_PASSWORD, role_user
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    senegal_report,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance_user(world):
    """Logged in to the admin, without any reach permission."""
    return role_user(FINANCE, "finance")


ENDPOINTS = ["campaigns/", "indicators/", "age-bands/", "organisations/", "reports/"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_no_token_or_a_bad_one_is_401(world, endpoint):
    anonymous = APIClient().get(f"/api/v1/{endpoint}")
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == "Token"
    assert anonymous.json()["errors"][0]["code"] == "not_authenticated"
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")
    response = bad.get(f"/api/v1/{endpoint}")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_a_user_without_reach_role_gets_403_everywhere(world, finance_user):
    report = senegal_report(world)
    client = client_for(finance_user)
    for endpoint in ENDPOINTS:
        assert client.get(f"/api/v1/{endpoint}").status_code == 403
    assert client.get(f"{REPORTS}{report.pk}/").status_code == 403
    assert client.post(REPORTS, {}, format="json").status_code == 403
    assert client.post(f"{REPORTS}bulk/", {"reports": []}, format="json").status_code == 403


def test_an_inactive_users_token_stops_working(world):
    client = client_for(world.sn_reporter)
    world.sn_reporter.is_active = False
    world.sn_reporter.save()
    assert client.get(REPORTS).status_code == 401


def test_the_admin_session_works_too(world):
    client = APIClient()
    assert client.login(username="sn-reporter", password=TEST_PASSWORD)
    assert client.get(REPORTS).status_code == 200


def test_unknown_addresses_answer_json_404(world):
    response = client_for(world.sn_reporter).get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


# --- reference data ---


def _codes(client, endpoint, key="code"):
    response = client.get(f"/api/v1/{endpoint}")
    assert response.status_code == 200, response.json()
    return {item[key] for item in response.json()["results"]}


def test_campaigns_are_those_one_reports_for(world):
    sn, gn = world.sn_campaign.code, world.gn_campaign.code
    assert _codes(client_for(world.sn_reporter), "campaigns/") == {sn}
    assert _codes(client_for(world.gn_reporter), "campaigns/") == {gn}
    for reader in (world.me_officer, world.editor, world.reviewer):
        assert _codes(client_for(reader), "campaigns/") == {sn, gn}
    assert client_for(world.gn_reporter).get(f"/api/v1/campaigns/{sn}/").status_code == 404


def test_a_campaign_lists_what_a_report_may_name(world, django_assert_max_num_queries):
    world.sn_campaign.channels.add(world.radio)
    world.sn_campaign.save()  # a ParentalManyToManyField is written with its page
    client = client_for(world.sn_reporter)
    with django_assert_max_num_queries(14):
        campaign = client.get(f"/api/v1/campaigns/{world.sn_campaign.code}/").json()
    assert campaign["country"] == "SN"
    assert set(campaign["regions"]) == {"SN-DK", "SN-TH"}
    assert campaign["channels"] == ["radio"]
    assert campaign["materials"] == [
        {"uuid": str(world.poster.uuid), "title": "Poster", "languages": ["fr", "wo"]}
    ]
    assert campaign["start_date"] == "2026-01-01"


def test_organisations_are_ones_own_or_all_for_readers(world):
    assert _codes(client_for(world.sn_reporter), "organisations/", "name") == {"IOM Senegal"}
    assert _codes(client_for(world.gn_reporter), "organisations/", "name") == {"Radio Guinée"}
    everyone = {"IOM Senegal", "Radio Guinée"}
    assert _codes(client_for(world.me_officer), "organisations/", "name") == everyone
    senegal = client_for(world.sn_reporter).get("/api/v1/organisations/").json()["results"][0]
    assert senegal["countries"] == ["SN"]


def test_indicators_and_age_bands(world):
    client = client_for(world.gn_reporter)
    indicators = client.get("/api/v1/indicators/").json()["results"]
    people = next(item for item in indicators if item["code"] == "people-reached")
    assert (people["by_sex"], people["by_age"], people["aggregation"]) == (True, True, "sum")
    bands = client.get("/api/v1/age-bands/").json()["results"]
    assert [band["code"] for band in bands] == ["15-24", "25plus"]


# --- schema ---


def test_the_schema_is_valid_openapi(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/reports/bulk/:" in text and "/admin/" not in text


def test_the_schema_is_served_without_a_token(db):
    response = APIClient().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/reports/{id}/return/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["type"] == "apiKey"


# --- the admin's token screen ---


def _admin(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_a_reporter_creates_then_rotates_a_token_shown_once(world):
    client = _admin(world.sn_reporter)
    page = client.get("/admin/reach/api-token/")
    assert page.status_code == 200 and b"no API token yet" in page.content
    csrf = page.cookies["csrftoken"].value
    created = client.post("/admin/reach/api-token/", {"csrfmiddlewaretoken": csrf})
    key = Token.objects.get(user=world.sn_reporter).key
    assert key.encode() in created.content
    assert key.encode() not in client.get("/admin/reach/api-token/").content
    rotated = client.post("/admin/reach/api-token/", {"csrfmiddlewaretoken": csrf})
    new_key = Token.objects.get(user=world.sn_reporter).key
    assert new_key != key and new_key.encode() in rotated.content
    old = APIClient()
    old.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert old.get(REPORTS).status_code == 401
    new = APIClient()
    new.credentials(HTTP_AUTHORIZATION=f"Token {new_key}")
    assert new.get(REPORTS).status_code == 200


def test_rotating_needs_the_csrf_token(world):
    response = _admin(world.sn_reporter).post("/admin/reach/api-token/")
    assert response.status_code == 403
    assert not Token.objects.exists()


def test_the_token_screen_is_for_reach_roles_only(world, finance_user):
    assert _admin(finance_user).get("/admin/reach/api-token/").status_code in (302, 403)
    assert b"/admin/reach/api-token/" in _admin(world.editor).get("/admin/").content
    assert b"/admin/reach/api-token/" not in _admin(finance_user).get("/admin/").content
