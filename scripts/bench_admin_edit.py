"""Benchmark: the Wagtail admin's edit and create screens for campaign content; asserts nothing.

Builds the demo content (`seed_demo`'s pages, materials and funding) in a fresh database made for
the run and removed after it, logs a superuser in through Django's test client (no network) and
times, for each screen, a GET and a POST of the form's unchanged data (built from the form as
Wagtail renders it, tests/admin_forms.py; a page or material edit is saved as a draft). Prints
the median milliseconds and the SQL queries of each:

    .venv/bin/python scripts/bench_admin_edit.py [--repeat 5]             # temporary SQLite
    .venv/bin/python scripts/bench_admin_edit.py --postgres               # new DB, 127.0.0.1
    .venv/bin/python scripts/bench_admin_edit.py --profile campaign-edit-get  # cProfile one
"""

import argparse
import cProfile
import os
import platform
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmark_db import fresh_database  # noqa: E402 - beside this script


def set_up():
    """The demo content and a superuser; returns the objects whose screens are timed."""
    from django.core.management import call_command

    from campaigns.access.roles import TRANSLATORS, setup_roles
    from campaigns.demo.build import build_demo_content
    from campaigns.demo.funding import ensure_funding
    from campaigns.models import CampaignPage, CountryPage, Material, TranslatorLanguages
    from tests.factories import SuperUserFactory, role_user

    call_command("migrate", verbosity=0, interactive=False)
    home = build_demo_content()
    ensure_funding()
    setup_roles(tree_root=home)
    user = SuperUserFactory(username="bench-admin")
    translator = role_user(TRANSLATORS, "bench-translator")
    TranslatorLanguages.objects.create(user=translator, languages=["fr", "wo"])
    # The campaign with the longest body, and a material with the most language versions.
    campaign = max(CampaignPage.objects.all(), key=lambda page: len(page.body_en or []))
    country = CountryPage.objects.get(pk=campaign.get_parent().pk)
    material = max(
        Material.objects.select_related("campaign"), key=lambda item: item.versions.count()
    )
    return user, translator, campaign, country, material


ORIGINAL_POST_BLOCK = None


def post_block(block, value, prefix, data):
    """tests/admin_forms.py's post_block, plus ImageBlock (a StructBlock whose value is the
    image itself), which the demo's campaign bodies contain."""
    from wagtail import blocks
    from wagtail.images.blocks import ImageBlock

    if isinstance(block, ImageBlock):
        value = block._image_to_struct_value(value) if value else block.get_default()
        for name, child in block.child_blocks.items():
            post_block(child, value.get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.StreamBlock):
        children = list(value or [])
        data[f"{prefix}-count"] = str(len(children))
        for i, child in enumerate(children):
            data[f"{prefix}-{i}-type"] = child.block_type
            data.update({f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": str(i),
                         f"{prefix}-{i}-id": child.id or ""})  # fmt: skip
            post_block(child.block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks) if value is not None else []
        data[f"{prefix}-count"] = str(len(items))
        for i, item in enumerate(items):
            data.update({f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": str(i),
                         f"{prefix}-{i}-id": item.id or ""})  # fmt: skip
            post_block(block.child_block, item.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            post_block(child, value.get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "on"
    else:
        ORIGINAL_POST_BLOCK(block, value, prefix, data)


def screens(user, campaign, country, material):
    """(name, url, data for the POST or None)."""
    from django.urls import reverse

    from tests import admin_forms

    global ORIGINAL_POST_BLOCK
    if admin_forms.post_block is not post_block:
        ORIGINAL_POST_BLOCK = admin_forms.post_block
    admin_forms.post_block = post_block  # form_data calls it by its module-level name

    def page_data(page):
        page = page.get_latest_revision_as_object()
        return admin_forms.page_form(page, page.get_parent(), user)

    material_data = admin_forms.material_form(material, user)
    return [
        ("campaign-edit", reverse("wagtailadmin_pages:edit", args=[campaign.pk]),
         page_data(campaign)),
        ("country-edit", reverse("wagtailadmin_pages:edit", args=[country.pk]),
         page_data(country)),
        ("material-edit", reverse("wagtailsnippets_campaigns_material:edit", args=[material.pk]),
         material_data),
        ("campaign-create",
         reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", country.pk]), None),
        ("material-create", reverse("wagtailsnippets_campaigns_material:add"), None),
    ]  # fmt: skip


def timed(client, method, url, data, repeat, expect):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = client.get if method == "GET" else client.post
    response = call(url, data) if data is not None else call(url)  # warm-up
    if response.status_code not in expect:
        raise SystemExit(f"{method} {url}: {response.status_code}\n{response.content[:3000]}")
    timings, cpu, queries = [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = call(url, data) if data is not None else call(url)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries.append(len(captured.captured_queries))
    return statistics.median(timings), statistics.median(cpu), max(queries), len(response.content)


def profile(client, method, url, data, repeat, lines, stats_file=None, sql=False):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = client.get if method == "GET" else client.post
    with CaptureQueriesContext(connection) as captured:
        call(url, data) if data is not None else call(url)
    if sql:
        for number, query in enumerate(captured.captured_queries, 1):
            print(f"{number:>3} {query['time']}s {query['sql'][:400]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        call(url, data) if data is not None else call(url)
    profiler.disable()
    if stats_file:
        profiler.dump_stats(stats_file)  # for pstats' print_callers()
    for order in ("cumulative", "tottime"):
        print(f"\n--- {method} {url}, {repeat} runs, by {order} ---")
        pstats.Stats(profiler).sort_stats(order).print_stats(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="A new database on 127.0.0.1.")
    parser.add_argument(
        "--profile",
        metavar="SCREEN-METHOD",
        help="e.g. campaign-edit-get, 'campaign-edit (tr)-post': cProfile it instead.",
    )
    parser.add_argument("--lines", type=int, default=60, help="Rows of profile to print.")
    parser.add_argument("--sql", action="store_true", help="With --profile: print the queries.")
    parser.add_argument("--stats", metavar="FILE", help="With --profile: also save the stats.")
    options = parser.parse_args()
    postgres = options.postgres or os.environ.get("DATABASE_URL", "").startswith("postgres")
    url, drop = fresh_database(postgres, "admin-edit-bench")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    try:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        user, translator, *objects = set_up()
        client, as_translator = Client(), Client()
        client.force_login(user)
        as_translator.force_login(translator)
        rows = [(*row, client) for row in screens(user, *objects)]
        # A translator limited to French and Wolof: the form checks every change's language.
        rows += [
            (f"{name} (tr)", url, data, as_translator)
            for name, url, data in screens(translator, *objects)
            if name.endswith("-edit")
        ]
        print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"{connection.vendor}; {len(settings.LANGUAGES)} languages; "
              f"median of {options.repeat} runs after one warm-up")  # fmt: skip
        if options.profile:
            name, method = options.profile.rsplit("-", 1)
            for screen, url, data, user_client in rows:
                if screen == name:
                    profile(user_client, method.upper(), url, data if method == "post" else None,
                            options.repeat, options.lines, options.stats, options.sql)  # fmt: skip
            return
        # CPU ms: this process's CPU time, steadier than the wall clock on a shared machine.
        print(f"{'screen':<22}{'GET ms':>8}{'CPU ms':>8}{'queries':>8}{'KB':>6}"
              f"{'POST ms':>9}{'CPU ms':>8}{'queries':>8}")  # fmt: skip
        for screen, url, data, user_client in rows:
            get = timed(user_client, "GET", url, None, options.repeat, {200})
            line = f"{screen:<22}{get[0]:>8.0f}{get[1]:>8.0f}{get[2]:>8}{get[3] / 1024:>6.0f}"
            if data is not None:
                post = timed(user_client, "POST", url, data, options.repeat, {302})
                line += f"{post[0]:>9.0f}{post[1]:>8.0f}{post[2]:>8}"
            print(line)
    finally:
        drop()


if __name__ == "__main__":
    main()
