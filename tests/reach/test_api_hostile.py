"""Hostile bodies sent to the reach API are refused with a 400 in the usual error shape, never a
500, and nothing is saved (issue 10, item 12): counts of thousands of digits, deeply nested
JSON, NUL characters and lone surrogates in strings (PostgreSQL cannot store NUL), and counts
that are not plain ASCII digits (item 13)."""

import json

import pytest
from django.utils import timezone

from campaigns.models import ReachReport
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    payload,
)

pytestmark = pytest.mark.django_db


def post_raw(world, body: str, url=REPORTS):
    client = client_for(world.sn_reporter)
    client.raise_request_exception = False  # a crash is a 500 answer, as a partner sees it
    return client.post(url, body, content_type="application/json")


def refused(response, code=None) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:500])
    body = response.json()
    assert body["errors"], body
    if code:
        assert code in {error["code"] for error in body["errors"]}, body
    assert not ReachReport.objects.exists()
    return body


def with_total(world, total_json: str) -> str:
    """The valid payload, with the broadcasts total written as the raw JSON `total_json`."""
    body = payload(world)
    body["values"]["broadcasts"]["total"] = "@TOTAL@"
    return json.dumps(body).replace('"@TOTAL@"', total_json)


# --- Counts ----------------------------------------------------------------------------------


def test_a_count_of_5000_digits_in_a_string_is_refused(world):
    refused(post_raw(world, with_total(world, json.dumps("9" * 5000))), "not_a_count")


def test_a_count_of_5000_digits_as_a_json_number_is_refused(world):
    refused(post_raw(world, with_total(world, "9" * 5000)))


def test_a_breakdown_count_of_5000_digits_is_refused(world):
    body = payload(world)
    body["values"]["people-reached"]["breakdown"][0]["count"] = "1" * 5000
    refused(post_raw(world, json.dumps(body)), "not_a_count")


def test_a_huge_exponent_is_refused_quickly(world):
    refused(post_raw(world, with_total(world, json.dumps("1e999999999"))), "not_a_count")
    refused(post_raw(world, with_total(world, "1e999999999")))


@pytest.mark.parametrize(
    "total", ['"1e3"', "1e3", "4.0", '"4.0"', '"\uff14"', '"\u0664"', '"4 000"', '"4,000"', '"0x4"']
)
def test_a_count_is_plain_ascii_digits(world, total):
    refused(post_raw(world, with_total(world, total)), "not_a_count")


@pytest.mark.parametrize("total", ["4", '"4"', '" 4 "', '"0004"'])
def test_plain_digits_are_counts(world, total):
    response = post_raw(world, with_total(world, total))
    assert response.status_code == 201, response.json()
    assert response.json()["values"]["broadcasts"]["total"] == 4


# --- JSON shape --------------------------------------------------------------------------------


def test_a_deeply_nested_body_is_refused(world):
    refused(post_raw(world, "[" * 100_000 + "]" * 100_000), "parse_error")


def test_a_deeply_nested_value_is_refused(world):
    body = with_total(world, "[" * 900 + "]" * 900)
    refused(post_raw(world, body), "parse_error")


def test_a_deeply_nested_bulk_body_is_refused(world):
    refused(post_raw(world, "[" + "{}," * 3 + "[" * 5000 + "]" * 5000 + "]", REPORTS + "bulk/"))


# --- Strings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        '"Two sessions\\u0000 in Pikine"',  # NUL: PostgreSQL refuses it
        '"Two sessions \\ud800 in Pikine"',  # a lone surrogate: not encodable in UTF-8
        '"\\udfff"',
    ],
    ids=["nul", "high-surrogate", "low-surrogate"],
)
def test_nul_and_lone_surrogates_in_strings_are_refused(world, raw):
    body = json.dumps(payload(world, notes="@NOTES@")).replace('"@NOTES@"', raw)
    refused(post_raw(world, body), "parse_error")


def test_nul_in_a_code_or_a_key_is_refused(world):
    body = json.dumps(payload(world, region="@R@")).replace('"@R@"', '"SN-DK\\u0000"')
    refused(post_raw(world, body), "parse_error")
    body = json.dumps(payload(world)).replace('"broadcasts"', '"broad\\ud800casts"')
    refused(post_raw(world, body), "parse_error")


def test_a_surrogate_pair_is_an_ordinary_character(world):
    body = json.dumps(payload(world, notes="Pikine \U0001f4fb"))  # written as \ud83d\udcfb
    assert "\\ud83d\\udcfb" in body
    response = post_raw(world, body)
    assert response.status_code == 201, response.json()
    assert ReachReport.objects.get().notes == "Pikine \U0001f4fb"


@pytest.mark.parametrize(
    "query", ["campaign=%00", "region=SN%00", "month=2026-03%00", "status=%00"]
)
def test_nul_in_a_filter_is_refused(world, query):
    client = client_for(world.sn_reporter)
    client.raise_request_exception = False
    response = client.get(f"{REPORTS}?{query}")
    assert response.status_code in (200, 400), (response.status_code, response.content[:300])


# --- The current month (item 13) ----------------------------------------------------------------


def test_the_current_month_is_refused_by_the_api(world):
    this_month = f"{timezone.localdate():%Y-%m}"
    body = refused(post_raw(world, json.dumps(payload(world, month=this_month))))
    assert [error["field"] for error in body["errors"]] == ["month"]


@pytest.mark.parametrize(
    "pk", ["\u00b2", "\u0661", "\uff11", "99999999999999999999999", "1e3", "-1"]
)
def test_an_odd_report_id_is_not_found(world, pk):
    client = client_for(world.sn_reporter)
    client.raise_request_exception = False
    assert client.get(f"{REPORTS}{pk}/").status_code == 404
    assert client.patch(f"{REPORTS}{pk}/", {"notes": "x"}, format="json").status_code == 404
    assert client.post(f"{REPORTS}{pk}/submit/").status_code == 404
