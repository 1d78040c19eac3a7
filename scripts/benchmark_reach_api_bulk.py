"""Benchmark: one POST /api/v1/reports/bulk/ of 10,000 values (budget: under 5 seconds).

2,500 reports x 4 indicators, each split by sex (30,000 cells), posted with a reporter's real
token through DRF's APIClient (the whole stack: authentication, JSON parsing, rules, saving),
into a fresh database made for the run and removed after it:

    .venv/bin/python scripts/benchmark_reach_api_bulk.py                 # temporary SQLite file
    .venv/bin/python scripts/benchmark_reach_api_bulk.py --postgres      # new DB, 127.0.0.1:5432
    .venv/bin/python scripts/benchmark_reach_api_bulk.py --reports 5000  # a bigger request

It prints the time and SQL queries of the bulk post, then of the same post again (nothing
changes: every report is `unchanged`) and of a merge that changes one indicator everywhere.
"""

import argparse
import datetime
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark_db import fresh_database  # noqa: E402 - beside this script

BUDGET_SECONDS = 5.0
INDICATORS = ("people-reached", "sessions-attendance", "hotline-callers", "leaflets-readers")


def set_up(report_count: int):
    """Roles, a country with enough regions x channels x months for the reports, indicators."""
    from django.core.management import call_command

    from campaigns.access.roles import REPORTERS, setup_roles
    from tests.factories import (
        ChannelFactory,
        CountryFactory,
        IndicatorFactory,
        OrganisationFactory,
        RegionFactory,
        campaign_page,
        country_page,
        role_user,
    )

    call_command("migrate", verbosity=0, interactive=False)
    setup_roles()
    senegal = CountryFactory(code="SN", languages="fr, wo")
    campaign = campaign_page(
        country_page(senegal),
        slug="bench",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2030, 12, 31),
    )
    channels = [ChannelFactory(code=f"channel-{n}") for n in range(10)]
    months = [f"{2025 - n // 12}-{12 - n % 12:02d}" for n in range(10)]  # 2025-12 backwards
    per_region = len(channels) * len(months)
    regions = [
        RegionFactory(country=senegal, code=f"SN-{n:02d}")
        for n in range(-(-report_count // per_region))
    ]
    for code in INDICATORS:
        IndicatorFactory(code=code, by_sex=True)
    reporter = role_user(REPORTERS, "bench-reporter")
    OrganisationFactory(name="IOM Senegal", countries=[senegal], members=[reporter])
    keys = [
        (region.code, channel.code, month)
        for region in regions
        for channel in channels
        for month in months
    ][:report_count]
    return campaign, reporter, keys


def bulk_body(campaign, keys, bump=0) -> bytes:
    reports = []
    for number, (region, channel, month) in enumerate(keys):
        values = {}
        for position, code in enumerate(INDICATORS):
            female, male, unknown = 10 + number % 7, 8 + position, 1 + bump
            values[code] = {
                "total": female + male + unknown,
                "breakdown": [
                    {"sex": "female", "count": female},
                    {"sex": "male", "count": male},
                    {"sex": "unknown", "count": unknown},
                ],
            }
        reports.append(
            {
                "campaign": campaign.code,
                "organisation": "IOM Senegal",
                "month": month,
                "region": region,
                "channel": channel,
                "data_source": "attendance",
                "values": values,
            }
        )
    return json.dumps({"merge": bool(bump), "reports": reports}).encode()


SAVING = {"seconds": 0.0}


def time_saving():
    """Measure batch.save_entries apart (the rest is parsing, checking and answering)."""
    from campaigns.reach.api import saving

    save_entries = saving.save_entries

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return save_entries(*args, **kwargs)
        finally:
            SAVING["seconds"] += time.perf_counter() - started

    saving.save_entries = timed


def timed_post(client, body: bytes, label: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    SAVING["seconds"] = 0.0
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post("/api/v1/reports/bulk/", body, content_type="application/json")
        elapsed = time.perf_counter() - started
    if response.get("Content-Type") != "application/json":
        raise SystemExit(f"{label}: HTTP {response.status_code}: {response.content[:3000]}")
    result = response.json()
    if response.status_code >= 300:
        raise SystemExit(f"{label}: HTTP {response.status_code}: {json.dumps(result)[:2000]}")
    print(
        f"{label:<28} {elapsed:6.2f} s  {len(queries.captured_queries):5d} queries  "
        f"HTTP {response.status_code}  created {result['created']}, updated "
        f"{result['updated']}, unchanged {result['unchanged']}  ({len(body) / 1e6:.1f} MB; "
        f"saving {SAVING['seconds']:.2f} s)"
    )
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2500, help="reports (x4 values)")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1")
    options = parser.parse_args()

    url, remove = fresh_database(options.postgres, "reach-api-bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    os.environ.setdefault("API_THROTTLE_BULK", "1000/hour")
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the test client's host
    import django

    django.setup()
    try:
        from django.db import connection
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        campaign, reporter, keys = set_up(options.reports)
        time_saving()
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reporter).key}")
        print(
            f"{connection.vendor} {connection.Database.__name__}, python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs: {len(keys)} reports x "
            f"{len(INDICATORS)} indicators = {len(keys) * len(INDICATORS)} values"
        )
        first = timed_post(client, bulk_body(campaign, keys), "bulk post (all new)")
        timed_post(client, bulk_body(campaign, keys), "same post again")
        timed_post(client, bulk_body(campaign, keys, bump=1), "merge, figures changed")
        verdict = "within" if first < BUDGET_SECONDS else "OVER"
        print(f"{verdict} the {BUDGET_SECONDS:.0f} s budget for the first post")
    finally:
        remove()


if __name__ == "__main__":
    main()
