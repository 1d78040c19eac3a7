"""Benchmark: the reach dashboard and open data at a million reach values on PostgreSQL, side by
side with the same aggregation written by hand in raw SQL; asserts nothing.

Makes a new PostgreSQL database (or takes ``--database-url`` of one filled earlier, e.g. with
``--keep``), fills it with scripts/make_reach_volume.py, then, for each view, takes the minimum of
``--repeat`` runs of:

- ``figures.totals`` (the reporting core) and the hand-written SQL giving the same rows;
- the dashboard page through Django's test client as an M&E officer (server time, no network),
  with its number of SQL queries;
- the open-data page and its CSV as an anonymous visitor.

    .venv/bin/python scripts/bench_dashboard.py [--values 1000000] [--repeat 5] [--keep]
    .venv/bin/python scripts/bench_dashboard.py --database-url postgres://postgres@127.0.0.1/x
"""

import argparse
import datetime
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchmark_db import fresh_database  # noqa: E402 - beside this script

# The hand-written equivalent of figures.totals: sum indicators grouped at once; the others
# (latest, maximum) through their monthly totals.
RAW = """
WITH picked AS (
    SELECT {key} AS key, v.indicator_id, r.month, v.total, i.aggregation
    FROM campaigns_reachvalue v
    JOIN campaigns_reachreport r ON r.id = v.report_id
    JOIN campaigns_campaignpage c ON c.page_ptr_id = r.campaign_id
    JOIN campaigns_indicator i ON i.id = v.indicator_id
    WHERE r.is_current AND r.status IN ('validated', 'locked') {where}
), monthly AS (
    SELECT key, indicator_id, month, sum(total) AS total FROM picked
    WHERE aggregation <> 'sum' GROUP BY key, indicator_id, month
)
SELECT key, indicator_id, sum(total) FROM picked WHERE aggregation = 'sum'
GROUP BY key, indicator_id
UNION ALL
SELECT key, indicator_id, max(total) FROM monthly GROUP BY key, indicator_id
"""

KEYS = {
    "country": "c.country_id",
    "channel": "r.channel_id",
    "language": "r.language",
    "month": "r.month",
    "campaign": "r.campaign_id",
}


def minimum_ms(function, repeat: int, cold: bool = True) -> float:
    """Cold: the cached sums (campaigns.reporting.figures.cached) are cleared before each run."""
    from django.core.cache import cache

    times = []
    for _ in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def views():
    """(name, ReachFilter, group by, raw SQL where clause)."""
    from campaigns.models import Country, Funder
    from campaigns.reporting.filters import ReachFilter

    senegal = Country.objects.get(code="SN").pk
    eu = Funder.objects.get(name="European Union").pk
    year = datetime.date.today().year
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
    eu_campaigns = f"AND r.campaign_id IN (SELECT campaign_id FROM campaigns_allocation a JOIN campaigns_fundingagreement g ON g.id = a.agreement_id WHERE g.funder_id = {eu})"  # noqa: E501
    in_year = f"AND r.month BETWEEN '{first}' AND '{last}'"
    return [
        ("everything by country", ReachFilter(), "country", ""),
        (
            "last 12 months by country",
            ReachFilter(month_from=_months_ago(12)),
            "country",
            f"AND r.month >= '{_months_ago(12)}'",
        ),
        (
            "Senegal by channel",
            ReachFilter(countries=(senegal,)),
            "channel",
            f"AND c.country_id = {senegal}",
        ),
        (
            f"Senegal, {year}, EU, by channel",
            ReachFilter(countries=(senegal,), month_from=first, month_to=last, funders=(eu,)),
            "channel",
            f"AND c.country_id = {senegal} {in_year} {eu_campaigns}",
        ),
        (
            f"Senegal, {year}, EU, by language",
            ReachFilter(countries=(senegal,), month_from=first, month_to=last, funders=(eu,)),
            "language",
            f"AND c.country_id = {senegal} {in_year} {eu_campaigns}",
        ),
        ("everything by month", ReachFilter(), "month", ""),
    ]


def _months_ago(months: int) -> datetime.date:
    today = datetime.date.today().replace(day=1)
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def run(repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from campaigns.access.roles import ME_OFFICERS
    from campaigns.reporting import figures
    from tests.factories import role_user

    officer = role_user(ME_OFFICERS, "bench-me-officer")
    client = Client()
    client.force_login(officer)
    try:
        dashboard = reverse("reporting:dashboard")
    except NoReverseMatch:
        dashboard = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM campaigns_reachvalue")
        values = cursor.fetchone()[0]
    print(f"{values:,} reach values; minimum of {repeat} runs, milliseconds")
    print(
        f"{'view':40} {'core':>8} {'raw SQL':>8} {'ratio':>6} {'page':>8} {'cached':>8} "
        f"{'queries':>8}"
    )
    for name, flt, by, where in views():
        core = minimum_ms(lambda flt=flt, by=by: figures.totals(officer, flt, by=[by]), repeat)
        sql = RAW.format(key=KEYS[by], where=where)

        def raw(sql=sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()

        raw_ms = minimum_ms(raw, repeat)
        page_ms, warm_ms, queries = float("nan"), float("nan"), 0
        if dashboard:
            url = f"{dashboard}?{flt.querystring()}&by={by}"
            page_ms = minimum_ms(lambda url=url: client.get(url), repeat)
            warm_ms = minimum_ms(lambda url=url: client.get(url), repeat, cold=False)
            with CaptureQueriesContext(connection) as context:
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            queries = len(context.captured_queries)
        print(
            f"{name:40} {core:8.1f} {raw_ms:8.1f} {core / raw_ms:6.2f} {page_ms:8.1f} "
            f"{warm_ms:8.1f} {queries:8d}"
        )
    anonymous = Client()
    for label, url_name, kwargs in (
        ("open data page (fr)", "open_data", {}),
        ("open data CSV (fr)", "open_data_download", {"fmt": "csv"}),
    ):
        try:
            from django.utils import translation

            with translation.override("fr"):
                url = reverse(url_name, kwargs=kwargs)
        except NoReverseMatch:
            print(f"{label:40} (no such page yet)")
            continue
        ms = minimum_ms(lambda url=url: anonymous.get(url), repeat)
        warm = minimum_ms(lambda url=url: anonymous.get(url), repeat, cold=False)
        with CaptureQueriesContext(connection) as context:
            status = anonymous.get(url).status_code
        print(
            f"{label:40} {ms:8.1f} ms cold, {warm:8.1f} ms cached, "
            f"{len(context.captured_queries)} queries, {status}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database filled earlier (kept)")
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the new database")
    args = parser.parse_args()
    drop = None
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ["DATABASE_URL"], drop = fresh_database(True, "bench-dashboard")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    try:
        if not args.database_url:
            import make_reach_volume

            print("filled:", make_reach_volume.fill(args.values))
            if args.keep:
                print("kept:", os.environ["DATABASE_URL"])
        run(args.repeat)
    finally:
        if drop and not args.keep:
            drop()


if __name__ == "__main__":
    main()
