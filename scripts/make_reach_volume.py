"""Fill a PostgreSQL database with about a million reach values, for the reporting benchmarks.

The demo content, funding and reach reference data come first (seed_demo's builders), then
synthetic reporting organisations (eight per country) report every month for ten years, for
every region and channel of each campaign's country, with most indicators and the people-reached
breakdown by sex and age band. Rows are made by ``INSERT ... SELECT`` in PostgreSQL itself
(generate_series, random()), so a million values take under a minute, not an hour of ORM saves.

    .venv/bin/python scripts/make_reach_volume.py --database-url postgres://.../name [--values N]

Used by scripts/bench_dashboard.py, which makes and drops its own database.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ORGANISATIONS_PER_COUNTRY = 8


def set_up_content():
    from django.core.management import call_command

    from campaigns.access.roles import setup_roles
    from campaigns.demo.build import build_demo_content
    from campaigns.demo.funding import ensure_funding
    from campaigns.demo.reach import ensure_reach

    call_command("migrate", verbosity=0, interactive=False)
    home = build_demo_content()
    ensure_funding()
    setup_roles(tree_root=home)
    ensure_reach()  # indicators, age bands, organisations, targets and the demo's own reports


def add_organisations():
    from campaigns.models import Country, ReportingOrganisation

    for country in Country.objects.all():
        for number in range(1, ORGANISATIONS_PER_COUNTRY + 1):
            organisation, _ = ReportingOrganisation.objects.get_or_create(
                name=f"Volume partner {country.code} {number}", defaults={"kind": "partner_ngo"}
            )
            organisation.countries.add(country)


def months_needed(values: int) -> int:
    """Months of reports that give about `values` values with this database's campaigns."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SERIES_COUNT)
        series = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM campaigns_indicator WHERE active")
        indicators = cursor.fetchone()[0]
    per_month = series * indicators * VALUE_SHARE
    return max(1, round(values / per_month))


# Every (campaign, organisation of its country, region of its country, channel) combination.
SERIES = """
    SELECT c.page_ptr_id AS campaign_id, o.id AS organisation_id, r.id AS region_id,
           ch.id AS channel_id
    FROM campaigns_campaignpage c
    JOIN campaigns_reportingorganisation_countries oc ON oc.country_id = c.country_id
    JOIN campaigns_reportingorganisation o ON o.id = oc.reportingorganisation_id
    JOIN campaigns_region r ON r.country_id = c.country_id
    CROSS JOIN campaigns_channel ch
    WHERE o.name LIKE 'Volume partner %%'
"""
SERIES_COUNT = "SELECT count(*) FROM (" + SERIES.replace("%%", "%") + ") s"
VALUE_SHARE = 0.7  # each report has about 70% of the indicators

REPORTS = f"""
    INSERT INTO campaigns_reachreport (
        campaign_id, organisation_id, month, region_id, channel_id, language, data_source,
        verification, notes, status, return_reason, revision, is_current, correction_reason,
        entered_via, created_at, updated_at)
    SELECT s.campaign_id, s.organisation_id, m.month, s.region_id, s.channel_id,
           trim(split_part(co.languages, ',', 1 + (random() * 2)::int)),
           'attendance', 'none', '',
           CASE WHEN random() < 0.85 THEN 'validated' WHEN random() < 0.5 THEN 'locked'
                WHEN random() < 0.5 THEN 'submitted' ELSE 'draft' END,
           '', 1, true, '', 'api', now(), now()
    FROM ({SERIES}) s
    JOIN campaigns_campaignpage c ON c.page_ptr_id = s.campaign_id
    JOIN campaigns_country co ON co.id = c.country_id
    CROSS JOIN (
        SELECT (date_trunc('month', now()) - make_interval(months => g))::date AS month
        FROM generate_series(1, %s) g
    ) m
    ON CONFLICT DO NOTHING
"""

VALUES = """
    INSERT INTO campaigns_reachvalue (report_id, indicator_id, total)
    SELECT r.id, i.id, (random() * 500)::int + 1
    FROM campaigns_reachreport r
    CROSS JOIN campaigns_indicator i
    JOIN campaigns_reportingorganisation o ON o.id = r.organisation_id
    WHERE o.name LIKE 'Volume partner %%' AND i.active AND random() < %s
"""

# People reached: the total split into female/male x the age bands (an even split, rounded).
BREAKDOWN = """
    INSERT INTO campaigns_reachbreakdown (value_id, sex, age_band_id, count)
    SELECT v.id, sex, b.id, v.total / (2 * (SELECT count(*) FROM campaigns_ageband))
    FROM campaigns_reachvalue v
    JOIN campaigns_indicator i ON i.id = v.indicator_id AND i.by_sex AND i.by_age
    JOIN campaigns_reachreport r ON r.id = v.report_id
    JOIN campaigns_reportingorganisation o ON o.id = r.organisation_id
    CROSS JOIN (VALUES ('female'), ('male')) sexes(sex)
    CROSS JOIN campaigns_ageband b
    WHERE o.name LIKE 'Volume partner %%'
"""


def generate(values: int) -> dict:
    from django.db import connection, transaction

    months = months_needed(values)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(REPORTS, [months])
        cursor.execute(VALUES, [VALUE_SHARE])
        cursor.execute(BREAKDOWN)
        cursor.execute("ANALYZE")
        counts = {}
        for table in ("reachreport", "reachvalue", "reachbreakdown"):
            cursor.execute(f"SELECT count(*) FROM campaigns_{table}")
            counts[table] = cursor.fetchone()[0]
    counts["months"] = months
    return counts


def fill(values: int) -> dict:
    started = time.perf_counter()
    set_up_content()
    add_organisations()
    counts = generate(values)
    counts["seconds"] = round(time.perf_counter() - started, 1)
    from campaigns.reporting import summary

    started = time.perf_counter()
    summary.rebuild()  # the reports were written in SQL, without the lifecycle
    counts["summary_seconds"] = round(time.perf_counter() - started, 1)
    from campaigns.reporting import open_data

    started = time.perf_counter()
    open_data.refresh()  # the open data's stored table, as its first visitor would
    counts["open_data_seconds"] = round(time.perf_counter() - started, 1)
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="an empty PostgreSQL database")
    parser.add_argument("--values", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    print(fill(args.values))


if __name__ == "__main__":
    main()
