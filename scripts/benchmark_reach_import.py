"""Benchmark: importing a 100,000-row reach spreadsheet (budget: under 30 seconds).

Builds its own data in a fresh database made for the run and removed after it, writes a
realistic file (one row per report and indicator: "people reached" split by sex and age band,
"broadcasts" as a total; 50,000 reports from 10 organisations, as an M&E officer would upload
for a country) with openpyxl's write-only mode, then times `import_file` (check + save) on
XLSX and CSV. Each import runs in a new process whose peak memory (max RSS) is measured, at a
tenth of the rows and at all of them (peak RSS over the RSS at the start, Linux's VmHWM reset
by /proc/self/clear_refs), to show memory does not grow with the file:

    .venv/bin/python scripts/benchmark_reach_import.py --rows 100000             # temporary SQLite
    .venv/bin/python scripts/benchmark_reach_import.py --rows 100000 --postgres  # new DB, 127.0.0.1
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \
        .venv/bin/python scripts/benchmark_reach_import.py
"""

import argparse
import csv
import datetime
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark_db import fresh_database  # noqa: E402 - beside this script

BUDGET_SECONDS = 30.0
ORGANISATIONS = 10
CHANNELS = 6
REGIONS = 42
MONTHS = 24  # 10 organisations x 42 regions x 6 channels x 24 months > 50,000 reports


def set_up():
    """Roles, Senegal with regions, channels, organisations, a two-year campaign, indicators."""
    from django.core.management import call_command

    from campaigns.access.roles import ME_OFFICERS, setup_roles
    from tests.factories import (
        AgeBandFactory,
        ChannelFactory,
        CountryFactory,
        IndicatorFactory,
        OrganisationFactory,
        RegionFactory,
        campaign_page,
        country_page,
        material,
        role_user,
    )

    call_command("migrate", verbosity=0, interactive=False)
    setup_roles()
    senegal = CountryFactory(code="SN", languages="fr, wo, ff")
    regions = [RegionFactory(country=senegal, code=f"SN-{n:02d}") for n in range(REGIONS)]
    channels = [ChannelFactory(code=f"channel-{n}", name=f"Channel {n}") for n in range(CHANNELS)]
    campaign = campaign_page(
        country_page(senegal),
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    poster = material(campaign, languages=("fr", "wo"))
    organisations = [
        OrganisationFactory(name=f"Partner {n}", countries=[senegal]) for n in range(ORGANISATIONS)
    ]
    IndicatorFactory(code="people-reached", by_sex=True, by_age=True)
    IndicatorFactory(code="broadcasts", kind="broadcasts_aired", unit="spots")
    bands = [
        AgeBandFactory(code="0-14", min_age=0, max_age=14, sort_order=1),
        AgeBandFactory(code="15-24", min_age=15, max_age=24, sort_order=2),
        AgeBandFactory(code="25plus", name="25+", min_age=25, max_age=None, sort_order=3),
    ]
    officer = role_user(ME_OFFICERS, "me-bench")
    return campaign, poster, regions, channels, organisations, bands, officer


def rows(count, campaign, poster, regions, channels, organisations):
    """`count` rows, two per report; the people-reached breakdown adds up to the total."""
    months = [datetime.date(2024 + m // 12, m % 12 + 1, 1) for m in range(MONTHS)]
    for n in range(count // 2):
        organisation = organisations[n % ORGANISATIONS]
        rest = n // ORGANISATIONS
        region = regions[rest % REGIONS]
        rest //= REGIONS
        channel = channels[rest % CHANNELS]
        month = months[rest // CHANNELS]
        header = {
            "Campaign": campaign.code,
            "Organisation": organisation.name,
            "Month": f"{month:%Y-%m}",
            "Region": f"{region.code} · {region.name}",
            "Channel": f"{channel.code} · {channel.name}",
            "Material": f"{poster.uuid} · {poster.title}",
            "Language": "fr",
            "Data source": "attendance",
            "Verification": "documents",
            "Notes": "",
        }
        cells = [5 + n % 7, 10 + n % 5, 3, 4 + n % 3, 12, 6]
        yield {**header, "Indicator": "people-reached · People reached", "Total": sum(cells),
               "Female 0-14": cells[0], "Female 15-24": cells[1], "Female 25+": cells[2],
               "Male 0-14": cells[3], "Male 15-24": cells[4], "Male 25+": cells[5]}  # fmt: skip
        yield {**header, "Indicator": "broadcasts · Broadcasts", "Total": n % 9}


def write_files(count, directory, data):
    from openpyxl import Workbook

    from campaigns.reach.spreadsheet.columns import layout

    columns = layout([("0-14", "0-14"), ("15-24", "15-24"), ("25plus", "25+")]).columns
    xlsx_path, csv_path = directory / f"reach-{count}.xlsx", directory / f"reach-{count}.csv"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Reach")
    sheet.append(columns)
    with open(csv_path, "w", newline="", encoding="utf-8-sig") as csv_file:
        writer = csv.writer(csv_file)
        writer.writerow(columns)
        for row in rows(count, *data):
            values = [row.get(column) for column in columns]
            sheet.append(values)
            writer.writerow(["" if v is None else v for v in values])
    workbook.save(xlsx_path)
    return xlsx_path, csv_path


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak_memory() -> int:
    """Current RSS (kB), with the peak reset to it (Linux: clear_refs 5 resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
    except OSError:
        pass
    return _status_kb("VmRSS:")


def peak_memory() -> int:
    return _status_kb("VmHWM:")


def import_in_child(path, user_pk):
    """`--child`: import one file in this fresh process and print its figures."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from campaigns.reach.models import ReachBreakdown, ReachReport, ReachValue
    from campaigns.reach.spreadsheet.importer import import_file

    user = get_user_model().objects.get(pk=user_pk)
    with connection.cursor() as cursor:  # the last run's, without loading them (public API)
        for model in (ReachBreakdown, ReachValue, ReachReport):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
    before = reset_peak_memory()
    started = time.perf_counter()
    with open(path, "rb") as file:
        record = import_file(  # collector paused, as in the task worker and the command
            user, file, Path(path).name, today=datetime.date(2026, 6, 15), pause_collector=True
        )
    seconds = time.perf_counter() - started
    print(
        record.status, record.rows, record.reports_created, f"{seconds:.2f}",
        f"{before / 1024:.0f}", f"{peak_memory() / 1024:.0f}", record.error_count,
    )  # fmt: skip


def timed_import(path, user_pk):
    """Each import in a new process: its memory is its own, not the file writer's."""
    import subprocess

    done = subprocess.run(
        [sys.executable, __file__, "--child", str(path), str(user_pk)],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    return (
        lines[-1].split(" ") if done.returncode == 0 and lines else ["failed", done.stderr[-2000:]]
    )


def database_version(connection) -> str:
    if connection.vendor == "sqlite":
        return ".".join(map(str, connection.Database.sqlite_version_info))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def main():
    if sys.argv[1:2] == ["--child"]:
        return import_in_child(sys.argv[2], int(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="A new database on 127.0.0.1.")
    parser.add_argument("--keep-files", action="store_true")
    options = parser.parse_args()
    postgres = options.postgres or os.environ.get("DATABASE_URL", "").startswith("postgres")
    url, drop = fresh_database(postgres, "reach-import-bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.db import connection

    failed = False
    try:
        data = set_up()
        *data, officer = data[:5] + (data[6],)
        directory = Path(tempfile.mkdtemp(prefix="reach-import-bench-"))
        print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{connection.vendor} {database_version(connection)}")  # fmt: skip
        print(f"{'file':<22}{'rows':>9}{'reports':>9}{'seconds':>9}{'RSS start MB':>14}"
              f"{'peak MB':>9}{'growth MB':>11}")  # fmt: skip
        for count in (options.rows // 10, options.rows):
            started = time.perf_counter()
            paths = write_files(count, directory, data)
            print(
                f"  (wrote {count:,} rows as XLSX and CSV in {time.perf_counter() - started:.1f} s)"
            )
            for path in paths:
                result = timed_import(path, officer.pk)
                if result[0] != "imported":
                    print(f"{path.name}: {' '.join(result)}")
                    failed = True
                    continue
                _status, read, created, seconds, before, peak, _errors = result
                growth = int(peak) - int(before)
                print(f"{path.name:<22}{int(read):>9,}{int(created):>9,}{float(seconds):>9.1f}"
                      f"{before:>14}{peak:>9}{growth:>11}")  # fmt: skip
                if count == options.rows and float(seconds) > BUDGET_SECONDS:
                    print(f"  over budget: {seconds} s > {BUDGET_SECONDS:.0f} s")
                    failed = True
        if not options.keep_files:
            for path in directory.iterdir():
                path.unlink()
            directory.rmdir()
    finally:
        drop()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
