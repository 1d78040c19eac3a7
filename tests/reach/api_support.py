"""Shared helpers of the API tests (no tests here): token clients and report payloads."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import reach_report

REPORTS = "/api/v1/reports/"


def client_for(user) -> APIClient:
    """A partner system: the user's real token in the Authorization header, no session."""
    token, _created = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def report_url(report, step="") -> str:
    return f"{REPORTS}{report.pk}/" + (f"{step}/" if step else "")


def payload(world, **changes) -> dict:
    """A valid Senegal report for IOM Senegal, March 2026, in Dakar on the radio."""
    body = {
        "campaign": world.sn_campaign.code,
        "organisation": "IOM Senegal",
        "month": "2026-03",
        "region": "SN-DK",
        "channel": "radio",
        "material": str(world.poster.uuid),
        "language": "wo",
        "data_source": "attendance",
        "verification": "documents",
        "notes": "Two sessions in Pikine.",
        "values": {
            "people-reached": {
                "total": 120,
                "breakdown": [
                    {"sex": "female", "age_band": "15-24", "count": 60},
                    {"sex": "male", "age_band": "15-24", "count": 40},
                    {"sex": "unknown", "age_band": "25plus", "count": 20},
                ],
            },
            "broadcasts": {"total": 4},
        },
    }
    body.update(changes)
    return body


def senegal_report(world, month=None, **fields):
    """A stored draft of IOM Senegal (not through the API)."""
    from tests.reach.conftest import MARCH

    return reach_report(
        world.sn_campaign,
        world.iom_senegal,
        world.dakar,
        world.radio,
        month or MARCH,
        values={world.broadcasts: 3},
        **fields,
    )


def guinea_report(world, **fields):
    from tests.reach.conftest import MARCH

    return reach_report(
        world.gn_campaign,
        world.radio_guinea,
        world.conakry,
        world.radio,
        MARCH,
        values={world.broadcasts: 5},
        **fields,
    )


@pytest.fixture(autouse=True)
def _no_throttle_history():
    """Throttle counters live in the cache; tests reuse user ids, so start each test clean."""
    cache.clear()
    yield
    cache.clear()
