import os
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import SuperUserFactory, home_page

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made from the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# The admin's editor forms take seconds to build on a loaded 2-core CI machine.
BROWSER_TIMEOUT_MS = 90_000
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def superuser(db):
    return SuperUserFactory(username="root")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The public demo content (tests.site.test_public_budgets.seed_public_demo), once per module
    and rolled back after it: shared by the translation, attack and public budget tests."""
    from tests.factories import module_data
    from tests.site.test_public_budgets import seed_public_demo

    with module_data(django_db_blocker):
        seed_public_demo()
        yield


@pytest.fixture
def senegal_campaign(demo):
    """Senegal's first campaign of the demo (tree order): 'The sea does not forgive'."""
    from campaigns.models import CampaignPage

    return CampaignPage.objects.filter(country__code="SN").order_by("path").first()


DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


@pytest.fixture
def database_queue():
    """Background tasks queued in the database as in production (the test settings run them at
    once), for a test to see the rows and run them itself; a live server's thread reads the
    same settings."""
    from django.test import override_settings

    with override_settings(TASKS=DATABASE_QUEUE):
        yield


def run_queued():
    """What ``db_worker --backend background`` does with each ready task, once (claim, run,
    record its result or failure), without its loop and signal handlers; for tests under
    ``database_queue``. test_import_worker.py runs the command itself."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="background",
        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    for row in DBTaskResult.objects.ready():
        row.claim(worker.worker_id)
        worker.run_task(row)


@pytest.fixture
def cache_on(settings):
    """The public page cache on (it is off in the test settings), empty before and after, with
    the site's own page view counts discarded too (a hit counts the view)."""
    from django.core.cache import cache

    from campaigns.reporting import counting

    settings.PAGE_CACHE_SECONDS = 120
    cache.clear()
    counting.discard()
    yield
    cache.clear()
    counting.discard()


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class RequestLog(list):
    """Every URL the page asked for, to prove nothing leaves this machine."""

    def foreign(self):
        return [url for url in self if urlsplit(url).hostname not in LOCAL_HOSTS | {None}]


def keep_screenshot(page, path, **options):
    """Save a screenshot for people to look at; never a reason for a test to fail.

    Chromium refuses to capture a page that is navigating (a dashboard reloading after an
    action posted in the background), so wait for the load first and retry once."""
    from playwright.sync_api import Error

    for _attempt in range(2):
        try:
            page.wait_for_load_state()
            page.screenshot(path=path, **options)
            return True
        except Error:
            page.wait_for_timeout(300)
    return False


@pytest.fixture
def artifacts():
    """Where browser tests leave screenshots for people to look at (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser_page(chromium, live_server, request):
    viewport = getattr(request, "param", None) or {"width": 1280, "height": 900}
    context = chromium.new_context(viewport=viewport, base_url=live_server.url)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    page.requests = RequestLog()
    page.on("request", lambda req: page.requests.append(req.url))
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        keep_screenshot(page, ARTIFACTS / f"failed-{request.node.name}.png", full_page=True)
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see a failure."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def default_language(settings):
    """Each test starts in the default language, whatever the previous request activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://...)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    longest_files_first(items)


def longest_files_first(items):
    """Order whole files by how long they are likely to take: browser files, then by number of
    tests. pytest-xdist (``--dist loadfile --no-loadscope-reorder``) hands files out in this
    order, so the last files to run are short ones and neither worker idles at the end while
    the other finishes a long one (longest-processing-time-first scheduling).

    The sort is stable: a file's tests keep their order and stay together."""
    per_file = Counter(item.path for item in items)
    browser = {item.path for item in items if item.get_closest_marker("browser")}
    items.sort(key=lambda item: (item.path not in browser, -per_file[item.path], str(item.path)))


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def wagtail_baseline(request):
    """The rows Wagtail's migrations create (default locale, tree root, root collection), which
    a transactional test's flush removes for the tests after it."""
    if not (
        request.node.get_closest_marker("django_db") or DB_FIXTURES & set(request.fixturenames)
    ):
        return
    from campaigns.demo.site import ensure_tree_root

    ensure_tree_root()
