"""Load test: public pages under 32 connections while a 100,000-row import runs and an editor
publishes (issue 16, "Load"). Not a pytest test (scripts/ is outside testpaths; nothing here is
named test_*): run it by hand, it takes the machine for its duration.

    .venv/bin/python scripts/load_test.py [--seconds 300] [--connections 32] [--rows 100000]

The demo site as scripts/demo_server.py builds it (its own PostgreSQL database, demo content,
production settings, Redis database --redis-db flushed, page cache on), then at once:
  - wrk rotates every public page version (campaign and country pages in each language they are
    offered in, fr, wo, ff, ar, en, ti, ps..., and the home page), counting non-2xx responses;
  - a task worker (`manage.py db_worker --backend background`) runs a 100,000-row reach CSV
    queued as the upload screen queues it (`queue_import`); organisations "Load partner N"
    serving every country are added so that its 50,000 reports are new;
  - an "editor" process publishes a new French title of a campaign (--edit) every
    --publish-every seconds (save_revision().publish()), then fetches the page over HTTP at once
    and again every 20 ms until the new title is served: every response still showing the old
    title after publish() returned is stale (there must be none), and the time to the first
    fresh one is kept;
  - the RSS of gunicorn's master and workers and of the task worker is read from /proc every
    --sample seconds (gunicorn.conf.py renews a worker every ~10,000 requests: --no-recycle
    turns that off to see whether a worker's memory settles by itself).
Exit status 1 if any response failed, any page was stale or the import did not succeed.
"""

import argparse
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_http import wrk  # noqa: E402 - beside this script
from demo_server import (  # noqa: E402
    PYTHON,
    ROOT,
    Gunicorn,
    add_site_arguments,
    children,
    demo_site,
    fetch,
    finish,
    load_average,
    rss_mb,
)

# The campaign published again and again (--edit chooses another: every seeded one can be).
EDITED_CAMPAIGN = "gn-the-desert-route"


def child(name: str, env: dict, *args: str, **popen) -> subprocess.Popen:
    """This script in `--child name` mode, as its own process with Django set up."""
    return subprocess.Popen(
        [PYTHON, __file__, "--child", name, *args], cwd=ROOT, env=env, text=True, **popen
    )


def result_of(process: subprocess.Popen, name: str) -> dict:
    out, err = process.communicate()
    line = next((x for x in out.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        return {"failed": f"{name} exited {process.returncode}: {err[-2000:]}"}
    return json.loads(line.removeprefix("RESULT "))


# --- children (Django set up) ---------------------------------------------------------------


def public_paths() -> dict:
    """Every live campaign and country page in each language it is offered in, and home pages."""
    from django.conf import settings
    from django.utils import translation

    from campaigns.models import CampaignPage, CountryPage

    paths = []
    for model in (CampaignPage, CountryPage):
        for page in model.objects.live().specific():
            for code in page.offered_language_codes():
                with translation.override(code):
                    paths.append(page.get_url())
    homes = [f"/{code}/" for code in getattr(settings, "SITE_WIDE_LANGUAGES", ["en", "fr"])]
    return {"paths": paths + homes}


def prepare_import(directory: str, rows: int) -> dict:
    """Organisations serving every country, and a CSV of `rows` rows (two per report) that are
    all new: every campaign, month of its run up to now (not locked), region and channel."""
    import csv
    import datetime

    from django.contrib.auth import get_user_model

    from campaigns.models import CampaignPage, Channel, Country, Region, ReportingOrganisation
    from campaigns.reach.models import AgeBand, Indicator, MonthLock
    from campaigns.reach.spreadsheet.columns import layout

    today = datetime.date.today().replace(day=1)
    locked = set(MonthLock.objects.values_list("country_id", "month"))
    channels = [f"{c.code} · {c.name}" for c in Channel.objects.order_by("code")]
    series = []  # (campaign code, region label, month) for one organisation
    for campaign in CampaignPage.objects.live().order_by("pk"):
        regions = [f"{r.code} · {r.name}" for r in Region.objects.filter(country=campaign.country)]
        month = campaign.start_date.replace(day=1)
        while month <= campaign.end_date and month < today:  # months that have ended
            if (campaign.country_id, month) not in locked:
                series += [(campaign.code, region, month) for region in regions]
            month = (month + datetime.timedelta(days=32)).replace(day=1)
    reports = rows // 2
    per_organisation = len(series) * len(channels)
    needed = -(-reports // per_organisation)
    countries = list(Country.objects.all())
    organisations = []
    for number in range(1, needed + 1):
        organisation, _ = ReportingOrganisation.objects.get_or_create(
            name=f"Load partner {number}", defaults={"kind": "partner_ngo"}
        )
        organisation.countries.add(*countries)
        organisations.append(organisation.name)
    bands = list(AgeBand.objects.order_by("sort_order").values_list("code", "name"))
    columns = layout(bands).columns
    people = Indicator.objects.get(code="people-reached")
    broadcasts = Indicator.objects.get(code="broadcasts-aired")
    cells = [f"{sex} {name}" for sex in ("Female", "Male") for _code, name in bands]
    path = Path(directory) / f"reach-{rows}.csv"
    written = 0
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, columns, restval="")
        writer.writeheader()
        for organisation in organisations:
            for campaign, region, month in series:
                for channel in channels:
                    if written >= reports:
                        break
                    n = written
                    head = {"Campaign": campaign, "Organisation": organisation,
                            "Month": f"{month:%Y-%m}", "Region": region, "Channel": channel,
                            "Data source": "attendance", "Verification": "documents"}  # fmt: skip
                    split = {cell: 3 + (n + i) % 7 for i, cell in enumerate(cells)}
                    total = sum(split.values())
                    writer.writerow({**head, "Indicator": f"{people.code} · {people.name}",
                                     "Total": total, **split})  # fmt: skip
                    writer.writerow({**head, "Indicator": f"{broadcasts.code} · {broadcasts.name}",
                                     "Total": n % 9})  # fmt: skip
                    written += 1
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    return {"path": str(path), "rows": written * 2, "organisations": len(organisations),
            "user": admin.pk}  # fmt: skip


def run_import(path: str, user_pk: int, until: float) -> dict:
    """Queue the file as the upload screen does; follow its row until an outcome is there."""
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from campaigns.reach.models import ReachImport
    from campaigns.reach.spreadsheet.background import PENDING, queue_import

    user = get_user_model().objects.get(pk=user_pk)
    started = time.monotonic()
    with open(path, "rb") as file:
        record = queue_import(user, File(file, name=Path(path).name))
    queued = time.monotonic() - started
    while record.status in PENDING:
        time.sleep(1)
        record = ReachImport.objects.get(pk=record.pk)
    return {"status": str(record.status), "rows": record.rows, "created": record.reports_created,
            "updated": record.reports_updated, "unchanged": record.reports_unchanged,
            "errors": record.error_count, "problems": record.problems[:3],
            "queued_s": round(queued, 2), "seconds": round(time.monotonic() - started, 1),
            "import_ms": record.duration_ms, "ended_under_load": time.time() < until}  # fmt: skip


def editor(base: str, every: float, code: str, until: float) -> dict:
    """Publish a new French title every `every` s; check the page serves it straight after."""
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from campaigns.models import CampaignPage

    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    publishes, stale, to_fresh, publish_s, never, errors = 0, 0, [], [], 0, 0
    while time.time() + every < until:
        time.sleep(every)
        page = CampaignPage.objects.get(code=code)
        title = f"Édition {publishes + 1} à {time.strftime('%H:%M:%S')} de la campagne"
        page.title_fr = title
        started = time.monotonic()
        page.save_revision(user=admin).publish(user=admin)
        returned = time.monotonic()
        publish_s.append(returned - started)
        publishes += 1
        with translation.override("fr"):
            url = base + page.get_url()
        while True:
            try:
                status, _headers, body = fetch(url, timeout=30)
            except OSError:
                status, body = None, b""
                errors += 1
            if status == 200 and title.encode() in body:
                to_fresh.append(time.monotonic() - returned)
                break
            if status == 200:
                stale += 1  # the old title, after publish() returned
            elif status is not None:
                errors += 1
            if time.monotonic() - returned > 30:
                never += 1
                break
            time.sleep(0.02)
    return {"publishes": publishes, "stale": stale, "never_fresh": never, "errors": errors,
            "to_fresh_ms": [round(s * 1000, 1) for s in to_fresh],
            "publish_ms": [round(s * 1000) for s in publish_s]}  # fmt: skip


def run_child(name: str, args: list[str]) -> None:
    import django

    django.setup()
    if name == "urls":
        result = public_paths()
    elif name == "import-prepare":
        result = prepare_import(args[0], int(args[1]))
    else:  # set up; the run's end comes on stdin when every process is ready
        print("READY", flush=True)
        until = float(sys.stdin.readline())
        if name == "import":
            result = run_import(args[0], int(args[1]), until)
        else:
            result = editor(args[0], float(args[1]), args[2], until)
    print("RESULT " + json.dumps(result, default=str), flush=True)


# --- the run --------------------------------------------------------------------------------


class Sampler(threading.Thread):
    """RSS (MB) of gunicorn's master, each worker and the task worker every `every` s."""

    def __init__(self, master: int, worker: int, every: float):
        super().__init__(daemon=True)
        self.master, self.worker, self.every = master, worker, every
        self.samples, self.pids, self.stop = [], set(), threading.Event()

    def run(self):
        while not self.stop.is_set():
            workers = children(self.master)
            self.pids.update(workers)
            sizes = [rss_mb(pid) for pid in workers]
            self.samples.append((rss_mb(self.master), sizes, rss_mb(self.worker)))
            self.stop.wait(self.every)

    def report(self) -> list[str]:
        if not self.samples:
            return ["no memory samples"]
        lines = []
        for label, pick in (
            ("gunicorn master", lambda s: s[0]),
            ("gunicorn workers, largest", lambda s: max(s[1], default=0)),
            ("gunicorn workers, sum", lambda s: sum(s[1])),
            ("task worker (db_worker)", lambda s: s[2]),
        ):
            values = [pick(sample) for sample in self.samples]
            last_minute = values[-max(1, int(60 / self.every)) :]
            lines.append(f"  {label:<27} start {values[0]:7.1f}  peak {max(values):7.1f}  "
                         f"end {values[-1]:7.1f}  last minute {min(last_minute):.1f}-"
                         f"{max(last_minute):.1f} MB")  # fmt: skip
        lines.append(f"  {len(self.samples)} samples; {len(self.pids)} gunicorn worker processes "
                     "seen (renewed after GUNICORN_MAX_REQUESTS)")  # fmt: skip
        return lines


def main():
    if sys.argv[1:2] == ["--child"]:
        return run_child(sys.argv[2], sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--publish-every", type=float, default=10.0)
    parser.add_argument("--edit", default=EDITED_CAMPAIGN, help="code of the campaign published")
    parser.add_argument("--sample", type=float, default=5.0, help="seconds between RSS samples")
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: its config's)")
    parser.add_argument("--no-recycle", action="store_true", help="GUNICORN_MAX_REQUESTS=0")
    add_site_arguments(parser, port=8621, redis_db=12)
    args = parser.parse_args()

    failed = []
    extra = {"GUNICORN_MAX_REQUESTS": 0} if args.no_recycle else {}
    with demo_site(args, "load-test", **extra) as (env, workdir):
        paths = result_of(child("urls", env, stdout=subprocess.PIPE, stderr=subprocess.PIPE),
                          "urls")["paths"]  # fmt: skip
        started = time.monotonic()
        prepared = result_of(
            child("import-prepare", env, str(workdir), str(args.rows),
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE), "import-prepare",
        )  # fmt: skip
        if "failed" in prepared:
            sys.exit(prepared["failed"])
        print(f"import file: {prepared['rows']:,} rows, {prepared['organisations']} new "
              f"organisations ({time.monotonic() - started:.0f} s to write)")  # fmt: skip
        with (
            open(workdir / "worker.log", "wb") as worker_log,
            Gunicorn(
                "cms.wsgi", args.port, env, workdir / "site.log", workers=args.workers
            ) as server,
        ):
            worker = subprocess.Popen(
                [PYTHON, "manage.py", "db_worker", "--backend", "background", "--no-reload"],
                cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            bad = [p for p in paths if fetch(server.base + p, timeout=60)[0] != 200]
            if bad:  # a public page that fails before any load is a failure of the run
                print(f"left out, not 200 before the run: {bad}")
                failed.append(f"{len(bad)} public pages not 200 before the run")
            paths = [p for p in paths if p not in bad]
            languages = sorted({p.split("/")[1] for p in paths})
            print(f"{len(paths)} public URLs in {len(languages)} languages: "
                  f"{', '.join(languages)}; gunicorn workers: {len(server.worker_pids())}; "
                  f"wrk -t{args.threads} -c{args.connections} -d{args.seconds}s")  # fmt: skip
            sampler = Sampler(server.process.pid, worker.pid, args.sample)
            sampler.start()
            pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
            importer = child("import", env, prepared["path"], str(prepared["user"]), **pipes)
            publisher = child("editor", env, server.base, str(args.publish_every), args.edit,
                              **pipes)  # fmt: skip
            for process in (importer, publisher):  # Django set up in both before the clock
                while (line := process.stdout.readline()) and line.strip() != "READY":
                    pass
            until = time.time() + args.seconds
            for process in (importer, publisher):
                process.stdin.write(f"{until}\n")
                process.stdin.flush()
            load = wrk(server.base, paths, args.seconds, args.threads, args.connections)
            edits = result_of(publisher, "editor")
            imported = result_of(importer, "import")
            sampler.stop.set()
            sampler.join()
            worker.terminate()
            worker.wait(timeout=60)
        print(
            f"\npublic pages: {load['requests']:,} requests, {load['rps']:.0f} req/s; latency "
            f"p50 {load['p50']:.1f} ms, p90 {load['p90']:.1f}, p99 {load['p99']:.1f}, "
            f"max {load['max']:.0f}; X-Cache hit {load['hit']:,}, miss {load['miss']:,}, "
            f"none {load['nocache']:,}"
        )
        print(f"errors: non-2xx {load['non2xx']}, socket errors {load['socket_errors']} "
              f"(connect {load['connect']}, read {load['read']}, write {load['write']}, "
              f"timeout {load['timeout']})")  # fmt: skip
        if load["non2xx"] or load["socket_errors"]:
            failed.append("responses failed")
        print(f"import: {imported}")
        if imported.get("status") != "imported":
            failed.append("import did not succeed")
        if "failed" in edits:
            failed.append(edits["failed"])
        else:
            fresh, took = edits["to_fresh_ms"] or [0], edits["publish_ms"] or [0]
            print(f"editor: {edits['publishes']} publishes (publish() {min(took)}-{max(took)} "
                  f"ms); stale responses after publish returned: {edits['stale']}; first fresh "
                  f"response after {min(fresh)}-{max(fresh)} ms (median "
                  f"{sorted(fresh)[len(fresh) // 2]}; {sum(ms > 1000 for ms in fresh)} of "
                  f"{len(fresh)} over a second: {sorted(fresh)})")  # fmt: skip
            if edits["stale"] or edits["never_fresh"] or edits["errors"] or not edits["publishes"]:
                failed.append("stale pages or no publish")
        print("memory (RSS):\n" + "\n".join(sampler.report()))
        print(f"load average at the end: {load_average()}")
    finish(failed)


if __name__ == "__main__":
    main()
