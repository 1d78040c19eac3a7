"""In-process render time of the public pages, next to a plain Django view's; prints figures.

Usage, on the demo content (`manage.py seed_demo`), with settings that do not log queries:
    DJANGO_SETTINGS_MODULE=cms.settings.test DATABASE_URL=sqlite:////path/demo.sqlite3 \
        .venv/bin/python scripts/bench_render.py [--repeat 100] [--sql]
    DJANGO_SETTINGS_MODULE=cms.settings.production SECRET_KEY=x SECURE_SSL_REDIRECT=false \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python scripts/bench_render.py

Each row is the minimum of ``--repeat`` requests through Django's test client (the whole
middleware stack, no network), wall and CPU time of this process (CPU time is steadier on a
machine shared with other work; the database server's time is not in it), after a warm-up,
with the SQL queries of one more request: their number and the bytes of their text.
Production settings need ``STATIC_ROOT`` holding a ``collectstatic`` run (the manifest).
``cms.settings.test`` puts ``MEDIA_ROOT`` in a new temporary folder in each process: the
images ``seed_demo`` saved are gone by the next run, and every image renders as Wagtail's
"not-found" rendition without the rendition path being timed. Keep one folder instead: a
settings module of ``from cms.settings.test import *`` and ``MEDIA_ROOT = "/some/folder"``
(on ``PYTHONPATH``) for both ``seed_demo`` and this script.
The two reference rows go through the same middleware: a view returning
``HttpResponse("Hello")`` and a view rendering a one-line template. The issue's yardstick is
the uncached campaign page against those (and bakerydemo's blog post, 23-24 ms on the same
machine). ``--sql`` prints each page's queries.
"""

import argparse
import os
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
os.environ["PAGE_CACHE_SECONDS"] = "0"  # uncached renders (campaigns/site/page_cache.py)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import translation  # noqa: E402

HELLO_TEMPLATE = "<!doctype html><title>{{ title }}</title><p>{{ text }}</p>"


def hello(request):
    return HttpResponse("Hello")


def hello_template(request):
    template = engines["django"].from_string(HELLO_TEMPLATE)
    return HttpResponse(template.render({"title": "Hello", "text": "world"}, request))


def reference_urlconf():
    """The project's URLs plus the two reference views, as an importable module."""
    import cms.urls

    module = types.ModuleType("bench_render_urls")
    module.urlpatterns = [
        path("bench/hello/", hello),
        path("bench/template/", hello_template),
        *cms.urls.urlpatterns,
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def demo_urls() -> list[tuple[str, str]]:
    """(label, URL): the largest campaign page in fr and wo, a campaign in an RTL language,
    a country page, the home page in fr, ar (RTL) and wo (falls back to fr)."""
    from campaigns.models import CampaignPage, CountryPage, HomePage

    campaigns = list(CampaignPage.objects.live().order_by("path").select_related("country"))
    if not campaigns:
        sys.exit("No live pages: run `manage.py seed_demo` first.")
    senegal = next((c for c in campaigns if c.country.code == "SN"), campaigns[0])
    rtl = next((c for c in campaigns if "ar" in c.country.language_codes), campaigns[-1])
    country = CountryPage.objects.live().get(pk=senegal.get_parent().pk)
    home = HomePage.objects.live().first()
    rows = []
    for label, page, code in (
        ("campaign fr", senegal, "fr"),
        ("campaign wo", senegal, "wo"),
        ("campaign ar", rtl, "ar"),
        ("country fr", country, "fr"),
        ("country wo", country, "wo"),
        ("home fr", home, "fr"),
        ("home ar", home, "ar"),
        ("home wo", home, "wo"),
    ):
        with translation.override(code):
            rows.append((label, page.get_url()))
    return rows


def measure(client, url: str, repeat: int, show_sql: bool) -> dict:
    response = client.get(url)  # warm-up: caches, renditions
    if response.status_code != 200:
        return {"ms": 0.0, "cpu": 0.0, "queries": 0, "sql_bytes": 0, "largest": 0, "html": 0,
                "status": response.status_code}  # fmt: skip
    timings, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    sqls = [query["sql"] for query in captured.captured_queries]
    if show_sql:
        print(f"--- {url}")
        for sql in sqls:
            print(f"  [{len(sql.encode())}] {sql[:300]}")
    return {
        "ms": min(timings),
        "cpu": min(cpu),
        "queries": len(sqls),
        "sql_bytes": sum(len(sql.encode()) for sql in sqls),
        "largest": max((len(sql.encode()) for sql in sqls), default=0),
        "html": len(response.content),
        "status": response.status_code,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--sql", action="store_true", help="print each page's queries")
    args = parser.parse_args()
    secure = settings.SECURE_SSL_REDIRECT  # production settings: requests as if over HTTPS
    client = Client(HTTP_HOST="127.0.0.1", secure=secure)
    engine = connection.vendor
    print(f"settings {os.environ['DJANGO_SETTINGS_MODULE']}, database {engine}, "
          f"minimum of {args.repeat} requests")  # fmt: skip
    print(f"{'page':<14} {'min ms':>7} {'CPU ms':>7} {'SQL':>4} {'SQL bytes':>10} {'largest':>8} "
          f"{'HTML':>7}  url")  # fmt: skip
    with override_settings(ROOT_URLCONF=reference_urlconf()):
        rows = [("plain view", "/bench/hello/"), ("plain template", "/bench/template/")]
        for label, url in rows + demo_urls():
            row = measure(client, url, args.repeat, args.sql)
            print(f"{label:<14} {row['ms']:>7.2f} {row['cpu']:>7.2f} {row['queries']:>4} "
                  f"{row['sql_bytes']:>10} "
                  f"{row['largest']:>8} {row['html']:>7}  {url}"
                  + ("" if row["status"] == 200 else f"  (answered {row['status']})"))  # fmt: skip


if __name__ == "__main__":
    main()
