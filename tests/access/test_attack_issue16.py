"""Attacks on issue 16's new surfaces: the public page cache, the background exports and private
files on object storage. Each test is an attack; it passes when the attack fails."""

# ruff: noqa: F811  (the reach world fixtures are imported as fixtures, then named as arguments)

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from campaigns.access.roles import REPORTERS
from tests.access.conftest import get
from tests.factories import SuperUserFactory, reach_report, role_user
from tests.reach.conftest import world, world_data  # noqa: F401
from tests.reporting.test_export_tasks import (
    CSV,
    EVERY_MONTH,
    ask,
    run_queued,
)

pytestmark = pytest.mark.django_db


def url(page, code="fr"):
    with translation.override(code):
        return page.get_url()


# --- The page cache -----------------------------------------------------------------------------


def test_host_spellings_do_not_each_get_an_entry(client, world, cache_on):
    """HOLE. The key holds ``request.get_host()`` as sent: Django accepts any letter case and any
    port against ALLOWED_HOSTS, and Wagtail falls back to the default site, so an anonymous
    attacker makes every page render afresh and stored again per spelling (65,535 ports times
    2**len(host) cases), filling Redis and keeping every request a miss."""
    path = url(world.sn_campaign)
    assert get(client, path, HTTP_HOST="localhost")["X-Cache"] == "miss"
    for host in ("LOCALHOST", "LocalHost", "localhost:1", "localhost:2"):
        response = get(client, path, HTTP_HOST=host)
        assert response.status_code == 200
        assert response.get("X-Cache") != "miss", f"{host}: stored once more"


def test_route_spellings_are_not_stored_apart(client, world, cache_on):
    """Held: doubled slashes, dot segments, encoded dots, an upper-case prefix or slug: 404 or a
    redirect, never a second 200 to store; a missing slash is a redirect."""
    path = url(world.sn_campaign)
    assert get(client, path)["X-Cache"] == "miss"
    for variant in (
        path.replace("/fr/", "/fr//"), path[:-1] + "//", path.replace("/fr/", "/FR/"),
        path.upper(), path + "./", "/fr/%2e/" + path[4:], path.rstrip("/"),
    ):  # fmt: skip
        response = get(client, variant)
        assert response.status_code in (301, 404) and "X-Cache" not in response, variant


def test_odd_headers_neither_poison_nor_are_served_a_stored_page(client, world, cache_on):
    """Held: an invalid session cookie, an Authorization header or a messages cookie get a fresh
    render and leave nothing; X-Forwarded-Host is not trusted; Accept-Language changes nothing."""
    path = url(world.sn_campaign)
    for headers in (
        {"HTTP_COOKIE": "sessionid=not-a-session"},
        {"HTTP_AUTHORIZATION": "Token abc"},
        {"HTTP_COOKIE": "messages=x"},
    ):
        client.cookies.clear()
        response = get(client, path, **headers)
        assert response.status_code == 200 and "X-Cache" not in response, headers
        assert "public" not in response.get("Cache-Control", ""), headers
    client.cookies.clear()
    first = get(client, path, HTTP_X_FORWARDED_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="wo")
    assert first["X-Cache"] == "miss" and b"evil.example" not in first.content
    assert get(client, path)["X-Cache"] == "hit"


def test_a_password_set_on_the_country_through_the_admin_stops_the_cached_campaign(
    client, world, cache_on, django_capture_on_commit_callbacks
):
    """Held: privacy set on a live page's parent through the admin's privacy form purges; the
    password form itself is never stored, and the campaign's text never leaks from the cache."""
    path = url(world.sn_campaign)
    assert get(client, path)["X-Cache"] == "miss"
    assert get(client, path)["X-Cache"] == "hit"
    admin = SuperUserFactory(username="attack16-admin")
    client.force_login(admin)
    country = world.sn_campaign.get_parent()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[country.pk]),
            {"restriction_type": "password", "password": "s3cret-pass"},
        )
    assert response.status_code == 200, response.status_code
    client.logout()
    client.cookies.clear()
    for _ in range(2):
        response = get(client, path)
        assert "X-Cache" not in response
        assert b"Desert (SN)" not in response.content


def test_unpublished_through_the_admin_is_gone_at_once(
    client, world, cache_on, django_capture_on_commit_callbacks
):
    """Held: the admin's unpublish purges before its response returns."""
    path = url(world.sn_campaign)
    get(client, path)
    assert get(client, path)["X-Cache"] == "hit"
    client.force_login(SuperUserFactory(username="attack16-admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailadmin_pages:unpublish", args=[world.sn_campaign.pk]))
    assert response.status_code == 302
    client.logout()
    client.cookies.clear()
    assert get(client, path).status_code == 404


# --- Background exports -------------------------------------------------------------------------


def two_organisation_reporter(world):
    reporter = role_user(REPORTERS, "attack16-reporter")
    world.iom_senegal.members.add(reporter)
    world.radio_guinea.members.add(reporter)
    reach_report(
        world.gn_campaign, world.radio_guinea, world.conakry, world.radio,
        datetime.date(2026, 2, 1),
        {world.people: 7}, status="validated",
    )  # fmt: skip
    return reporter


def rows(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_an_export_built_before_a_scope_was_reduced_is_not_handed_out(
    client, world, database_queue
):
    """HOLE. The file is scoped at build time; the download checks only the role
    (``may_export``), so a reporter taken out of an organisation still downloads that
    organisation's figures for EXPORT_KEEP_HOURS."""
    reporter = two_organisation_reporter(world)
    client.force_login(reporter)
    page = ask(client, CSV, EVERY_MONTH).url
    run_queued()
    result_id = str(DBTaskResult.objects.get().id)
    file_url = reverse("reporting:export_file", args=[result_id])
    assert "Guinea" in rows(client.get(file_url))  # built while they saw Guinea
    world.radio_guinea.members.remove(reporter)
    response = client.get(file_url)
    assert response.status_code != 200 or "Guinea" not in rows(response)
    assert page


def test_a_reporter_cannot_ask_for_a_country_outside_their_reach(client, world, database_queue):
    """Held: a filter naming another country is refused or yields nothing of it."""
    client.force_login(world.sn_reporter)
    response = ask(client, CSV, {**EVERY_MONTH, "country": world.guinea.pk})
    run_queued()
    for queued in DBTaskResult.objects.all():
        name = (queued.return_value or {}).get("file")
        if name:
            file_url = reverse("reporting:export_file", args=[str(queued.id)])
            assert "Guinea" not in rows(client.get(file_url))
    assert response.status_code == 302


def test_the_same_export_asked_again_and_again_is_queued_once(client, world, database_queue):
    """HOLE. Each request to the export URL queues one more task: no reuse of a pending export
    of the same request and no cap per user, so one account fills the background queue the
    imports share."""
    client.force_login(world.me_officer)
    for _ in range(10):
        assert ask(client, CSV, EVERY_MONTH).status_code == 302
    assert DBTaskResult.objects.ready().count() <= 1


def test_export_responses_are_never_stored_by_a_cache(client, world, database_queue):
    """Held: the export's page and file are private to their user."""
    client.force_login(world.me_officer)
    page = ask(client, CSV, EVERY_MONTH).url
    run_queued()
    file_url = reverse("reporting:export_file", args=[str(DBTaskResult.objects.get().id)])
    for response in (client.get(page), client.get(file_url)):
        cache_control = response.get("Cache-Control", "")
        assert "private" in cache_control or "no-store" in cache_control, cache_control


def test_the_immediate_export_is_never_stored_by_a_cache(client, world):
    client.force_login(world.me_officer)
    response = ask(client, CSV, EVERY_MONTH)
    assert response.status_code == 200
    cache_control = response.get("Cache-Control", "")
    assert "private" in cache_control or "no-store" in cache_control, cache_control
    assert list(csv.reader(io.StringIO(response.content.decode())))


def test_odd_formats_and_groupings_queue_nothing(client, world, database_queue):
    """Held: the format is one of three in the URL; a grouping that is not one of the screen's
    (a path, a header break) is sent back to the screen, so no task, file or file name is made
    of it."""
    client.force_login(world.me_officer)
    for by in ("../../etc/passwd", 'x"\r\nSet-Cookie: a=b', "country/../../x"):
        for response in (ask(client, CSV, {"month_from": "", "by": by}),
                         client.get(CSV, {"month_from": "", "by": by})):  # fmt: skip
            assert response.status_code == 302, by
            assert response.url.startswith(reverse("reporting:dashboard")), by
    for fmt in ("xml", "..", "csv%2F..%2F"):
        assert client.get(f"/admin/reporting/dashboard/export/{fmt}/").status_code == 404
        assert client.post(f"/admin/reporting/dashboard/export/{fmt}/").status_code == 404
    assert not DBTaskResult.objects.exists()


# Only a POST queues an export (views/exports.py): a link prefetched, a crawler with a session or
# another site's <img src> sends a GET, and another site's form has no CSRF token.

IATI = reverse("reporting:iati")


def export_addresses(world) -> list[str]:
    """Every address that queues an export, as the screens give them (the dashboard's buttons,
    its IATI button, the IATI screen's own, and the old ``?download=1`` link)."""
    from campaigns.reporting.filters import ReachFilter
    from campaigns.reporting.views.iati import iati_download_url

    addresses = [f"{reverse('reporting:dashboard_export', args=[fmt])}?month_from=&by=country"
                 for fmt in ("csv", "xlsx", "hxl")]  # fmt: skip
    return [*addresses, iati_download_url(ReachFilter(countries=(world.senegal.pk,))), IATI]


def test_a_get_never_queues_an_export(client, world, database_queue):
    """A GET on any address that queues, as a user who may export: a page with the button (a
    form that POSTs the same address with the CSRF token), and not one task."""
    client.force_login(world.me_officer)
    before = DBTaskResult.objects.count()
    for address in export_addresses(world):
        for _ in range(3):
            response = client.get(address)
            assert response.status_code == 200, address
        assert 'method="post"' in response.text and "csrfmiddlewaretoken" in response.text
    assert DBTaskResult.objects.count() == before == 0
    # The confirmation page's form posts the very address it was opened at.
    page = client.get(CSV, EVERY_MONTH)
    assert f'action="{page.wsgi_request.get_full_path()}"'.replace("&", "&amp;") in page.text


def test_a_post_without_the_csrf_token_queues_nothing(world, database_queue):
    """Another site's form (or a script) posting with the user's session cookie, without the
    token, is refused; the same POST with the token of the button's page queues."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.me_officer)
    for address in export_addresses(world):
        response = browser.post(
            address, HTTP_ORIGIN="https://evil.example", HTTP_REFERER="https://evil.example/"
        )
        assert response.status_code == 403, address
        assert browser.post(address).status_code == 403, address
    assert not DBTaskResult.objects.exists()
    page = browser.get(CSV, EVERY_MONTH)
    token = page.context["csrf_token"]
    response = browser.post(page.wsgi_request.get_full_path(), {"csrfmiddlewaretoken": str(token)})
    assert response.status_code == 302
    assert response.url == reverse("reporting:export", args=[str(DBTaskResult.objects.get().id)])


def test_a_post_by_a_role_without_the_right_queues_nothing(client, world, database_queue):
    """A translator may open neither screen; an editor and a reporter read the dashboard but
    may not export the IATI file: their POSTs are refused and queue nothing."""
    from campaigns.access.roles import TRANSLATORS

    iati_addresses = [a for a in export_addresses(world) if a.startswith(IATI)]
    for user, addresses in (
        (role_user(TRANSLATORS, "attack16-translator"), export_addresses(world)),
        (world.editor, iati_addresses),
        (world.gn_reporter, iati_addresses),
    ):
        client.force_login(user)
        for address in addresses:
            response = client.post(address)
            assert response.status_code == 403 or (
                response.status_code == 302
                and not response.url.startswith("/admin/reporting/exports/")
            ), (user, address, response.status_code)
    client.logout()
    for address in export_addresses(world):
        assert client.post(address).url.startswith(reverse("wagtailadmin_login"))
    assert not DBTaskResult.objects.exists()


def test_a_post_queues_and_goes_to_the_exports_page(client, world, database_queue):
    client.force_login(world.me_officer)
    for address in export_addresses(world):
        before = DBTaskResult.objects.count()
        response = client.post(address)
        assert response.status_code == 302, address
        assert DBTaskResult.objects.count() == before + 1, address
        queued = DBTaskResult.objects.order_by("-enqueued_at").first()
        assert response.url == reverse("reporting:export", args=[str(queued.id)]), address
        assert 'data-export-status="pending"' in client.get(response.url).text
        run_queued()  # no longer pending: the next is not held by the cap (MAX_PENDING)


def answer(client, path, settings, cached: bool):
    settings.PAGE_CACHE_SECONDS = 120 if cached else 0
    client.cookies.clear()
    response = get(client, path)
    return response.status_code, response.get("Location")


def test_a_redirect_or_a_new_site_root_answers_as_the_uncached_site_does(
    client, world, cache_on, settings, django_capture_on_commit_callbacks
):
    """Held: after a redirect is added for a cached page's path (Wagtail's redirects act on a
    404 only) and after the site's root moves, the cache answers what the site does uncached."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Site

    path = url(world.sn_campaign)
    get(client, path)
    assert get(client, path)["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Redirect.add_redirect(path, redirect_to="/fr/")
    assert answer(client, path, settings, True) == answer(client, path, settings, False)

    get(client, path)
    site = Site.objects.get(is_default_site=True)
    with django_capture_on_commit_callbacks(execute=True):
        site.root_page = world.sn_campaign.get_parent()
        site.save()
    uncached = answer(client, path, settings, False)
    assert uncached[0] in (301, 404)  # the path no longer names a page: the redirect applies
    assert answer(client, path, settings, True) == uncached


# --- Private files on object storage ------------------------------------------------------------


def test_a_signed_url_lives_a_minute_and_its_redirect_is_never_cached():
    """Held: the private bucket's storage (as cms.storage builds it) signs for 60 seconds, the
    redirect to it is never cached, and exports and imports use that storage, never the
    public one (signing is local: no bucket is contacted)."""
    from django.utils.module_loading import import_string

    from campaigns.ops.storage import signed_redirect
    from campaigns.reach.spreadsheet import background
    from campaigns.reporting import export_tasks
    from cms.storage import object_storages

    configured = object_storages(
        {
            "AWS_STORAGE_BUCKET_NAME": "public-media",
            "AWS_PRIVATE_STORAGE_BUCKET_NAME": "private-media",
            "AWS_ACCESS_KEY_ID": "attacker-test",
            "AWS_SECRET_ACCESS_KEY": "not-a-secret",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_S3_REGION_NAME": "us-east-1",
        }
    )
    private = configured["private"]
    storage = import_string(private["BACKEND"])(**private["OPTIONS"])
    response = signed_redirect(
        storage, "exports/x.csv", "x.csv", as_attachment=True, content_type="text/csv"
    )
    assert response.status_code == 302
    assert "X-Amz-Expires=60" in response["Location"]
    assert "private-media" in response["Location"]
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert export_tasks.STORAGE == background.STORAGE == "private"
    public = configured["default"]["OPTIONS"]
    assert public["bucket_name"] != private["OPTIONS"]["bucket_name"]
