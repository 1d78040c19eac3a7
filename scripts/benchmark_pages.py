"""Weigh and time the public pages of the demo site; prints figures, asserts nothing.

Usage (after `make demo` has built the demo content, or `manage.py seed_demo`):
    .venv/bin/python scripts/benchmark_pages.py [--repeat 5]

For every live campaign and country page, in every language it is offered in, it renders the
page through Django's test client (no network) and reports: bytes of HTML + CSS + JS
(uncompressed; the budget is 60 KB for a campaign page), SQL queries, render time, and any
URL in the page that points to another host.
"""

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from campaigns.models import CampaignPage, CountryPage  # noqa: E402

BUDGET_BYTES = 60 * 1024
ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+)"')
URL = re.compile(r'(?:href|src|srcset)="(https?://[^"/]+)')


def asset_bytes(html: str) -> int:
    total = 0
    for url in set(ASSET.findall(html)):
        path = finders.find(url.removeprefix(settings.STATIC_URL))
        total += Path(path).stat().st_size if path else 0
    return total


def measure(client, page, code, repeat):
    with translation.override(code):
        url = page.get_url()
    client.get(url)  # warm-up: caches, renditions
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
    html = response.content.decode()
    foreign = {
        host for host in URL.findall(html) if "127.0.0.1" not in host and "localhost" not in host
    }
    return {
        "url": url,
        "status": response.status_code,
        "html": len(response.content),
        "assets": asset_bytes(html),
        "queries": len(queries.captured_queries),
        "ms": statistics.median(timings),
        "foreign": foreign,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    rows = []
    for model in (CampaignPage, CountryPage):
        for page in model.objects.live().specific():
            for code in page.offered_language_codes():
                rows.append((model.__name__, code, measure(client, page, code, args.repeat)))
    if not rows:
        sys.exit("No live pages: run `manage.py seed_demo` first.")
    print(f"{'page type':<13} {'lang':<6} {'HTML':>7} {'+CSS/JS':>8} {'total':>7} {'SQL':>4} "
          f"{'ms':>6}  url")  # fmt: skip
    for kind, code, row in rows:
        total = row["html"] + row["assets"]
        flag = " OVER BUDGET" if kind == "CampaignPage" and total > BUDGET_BYTES else ""
        print(f"{kind:<13} {code:<6} {row['html']:>7} {row['assets']:>8} {total:>7} "
              f"{row['queries']:>4} {row['ms']:>6.1f}  {row['url']}{flag}")  # fmt: skip
    for kind in ("CampaignPage", "CountryPage"):
        totals = [r["html"] + r["assets"] for k, _c, r in rows if k == kind]
        queries = [r["queries"] for k, _c, r in rows if k == kind]
        times = [r["ms"] for k, _c, r in rows if k == kind]
        if totals:
            print(f"\n{kind}: {len(totals)} versions; bytes max {max(totals)} median "
                  f"{int(statistics.median(totals))} (budget {BUDGET_BYTES}); SQL max "
                  f"{max(queries)}; render median {statistics.median(times):.1f} ms, "
                  f"max {max(times):.1f} ms")  # fmt: skip
    foreign = set().union(*(r["foreign"] for _k, _c, r in rows))
    print(f"Other hosts referenced: {sorted(foreign) or 'none'}")
    bad = [r["url"] for _k, _c, r in rows if r["status"] != 200]
    print(f"Pages not answering 200: {bad or 'none'}")


if __name__ == "__main__":
    main()
