"""The CDN in front of the cached pages is purged after every committed change a page shows
(campaigns/site/cdn_purge.py), by the worker, once per burst, and a failing CDN fails no publish.

The CDN is a real HTTP server on loopback in a thread that records what it receives (PURGE
requests for the HTTP/Varnish backend, Cloudflare's API calls, CloudFront's API calls through
boto3 pointed at it by AWS_ENDPOINT_URL_CLOUDFRONT). Publishes go through Wagtail's own roads:
``revision.publish()``, the admin API's publish action and the admin's bulk publish.
"""

import datetime
import json
import logging
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, PageViewRestriction

from campaigns.models import CampaignPage, InfoPage
from campaigns.site import cdn_purge
from tests.cms.test_production_settings import run, values
from tests.conftest import run_queued
from tests.factories import CountryFactory, campaign_page, country_page, home_page

pytestmark = pytest.mark.django_db

BACKENDS = "campaigns.site.cdn_purge."


class Recorder(BaseHTTPRequestHandler):
    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.received.append(
            SimpleNamespace(
                method=self.command,
                path=self.path,
                host=self.headers.get("Host"),
                authorization=self.headers.get("Authorization"),
                body=self.rfile.read(length) if length else b"",
            )
        )
        status, content_type, body = self.server.reply
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PURGE = do_POST = handle_one

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn():
    """A CDN's purge end on 127.0.0.1: ``received`` (what came), ``reply`` (status, type, body)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    server.received = []
    server.reply = (200, "text/plain", b"Purged")
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def varnish(cdn, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": BACKENDS + "HTTPBackend", "LOCATION": cdn.url, "TIMEOUT": 5}
    }
    return cdn


def waiting_purges():
    return DBTaskResult.objects.filter(task_path=cdn_purge.purge_cdn.module_path, status="READY")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def campaign(db):
    home_page()
    senegal = CountryFactory(code="SN", languages="fr, wo")
    return campaign_page(
        country_page(senegal, title_fr="Sénégal"),
        title="The desert",
        title_fr="Le désert",
        slug_fr="le-desert",
    )


def republish(page, **fields):
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision().publish()


def purged_paths(server):
    return Counter(request.path for request in server.received if request.method == "PURGE")


def every_language(path):
    return {f"/{code}{path}" for code, _name in settings.LANGUAGES}


def test_a_publish_queues_one_purge_that_the_worker_sends_for_every_page_and_language(
    campaign, varnish, database_queue, committed, settings
):
    settings.CDN_PURGE_DELAY_SECONDS = 0
    with translation.override("en"):  # neither a draft nor a restricted page is in the CDN
        draft = InfoPage(slug="draft", title="Draft", live=False)
        Page.objects.get(depth=2).add_child(instance=draft)
        private = InfoPage(slug="staff", title="Staff")
        Page.objects.get(depth=2).add_child(instance=private)
        PageViewRestriction.objects.create(page=private, restriction_type="login")
    with committed():
        republish(campaign, title_fr="Le désert tue")
    assert varnish.received == []  # not in the editor's request: queued
    assert waiting_purges().count() == 1

    run_queued()
    [row] = DBTaskResult.objects.all()
    assert row.status == "SUCCESSFUL", row.traceback
    paths = purged_paths(varnish)
    assert set(paths.values()) == {1}  # each URL once
    campaign_urls = {p for p in paths if p.endswith(("/desert/", "/le-desert/"))}
    # The campaign in the languages Senegal's pages are offered in, each with its own slug; a
    # visit in another language is a redirect (not kept by the CDN), so not purged.
    assert campaign_urls == {
        "/en/campaigns/sn/desert/",
        "/fr/campaigns/sn/le-desert/",
        "/wo/campaigns/sn/desert/",
    }
    assert every_language("/") <= set(paths)  # the home page in all 16
    assert every_language("/campaigns/") <= set(paths)
    assert not any("draft" in p or "staff" in p for p in paths)
    assert set(paths) == {
        p.removeprefix("http://127.0.0.1:8000") for p in cdn_purge.public_page_urls()
    }
    assert {r.host for r in varnish.received} == {"127.0.0.1:8000"}  # the site's own host
    assert row.return_value == {"everything": [], "urls": {"varnish": len(paths)}, "failed": []}


def test_a_bulk_publish_of_twenty_pages_is_one_purge_after_the_delay(
    campaign, varnish, database_queue, committed, client, superuser
):
    parent = campaign.get_parent()
    drafts = []
    with translation.override("en"):
        for number in range(20):
            page = CampaignPage(
                title=f"Campaign {number}",
                slug=f"campaign-{number}",
                objective="Tell the risks.",
                start_date=datetime.date(2026, 1, 1),
                end_date=datetime.date(2026, 12, 31),
                live=False,
            )
            parent.add_child(instance=page)
            page.save_revision()
            drafts.append(page)
    client.force_login(superuser)
    ids = "&".join(f"id={page.pk}" for page in drafts)
    with committed():
        response = client.post(f"/admin/bulk/wagtailcore/page/publish/?{ids}", {"next": "/admin/"})
    assert response.status_code == 302, response.content[:2000]
    assert CampaignPage.objects.filter(pk__in=[p.pk for p in drafts], live=True).count() == 20

    [waiting] = waiting_purges()  # one, for about 60 on-commit purges of the page cache
    delay = (waiting.run_after - timezone.now()).total_seconds()
    assert 5 < delay <= 10  # CDN_PURGE_DELAY_SECONDS, 10 by default: later changes join it
    with committed():
        republish(campaign, title_fr="Le désert tue")
    assert waiting_purges().count() == 1
    run_queued()  # not yet due
    assert varnish.received == [] and waiting_purges().count() == 1

    waiting_purges().update(run_after=timezone.now())  # ten seconds later
    run_queued()
    paths = purged_paths(varnish)
    assert set(paths.values()) == {1}
    assert {f"/fr/campaigns/sn/campaign-{n}/" for n in range(20)} <= set(paths)
    assert "/fr/campaigns/sn/le-desert/" in paths

    with committed():  # once it has run, the next change queues the next purge
        republish(campaign, title_fr="Le désert tue encore")
    assert waiting_purges().count() == 1


def test_nothing_is_sent_or_queued_when_no_cdn_is_configured(
    campaign, cdn, database_queue, committed, settings
):
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
    with committed():
        republish(campaign, title_fr="Le désert tue")
    assert not DBTaskResult.objects.exists()
    run_queued()
    assert cdn.received == []


def test_a_cdn_that_errs_fails_no_publish_and_is_logged(
    campaign, varnish, committed, client, superuser, caplog
):
    """The tests' immediate backend: the purge runs right after the commit, in the request."""
    varnish.reply = (500, "text/plain", b"Varnish is down")
    client.force_login(superuser)
    campaign.title_fr = "Le désert tue"
    campaign.save_revision()
    with committed(), caplog.at_level(logging.INFO, logger="campaigns.site.cdn_purge"):
        response = client.post(
            f"/admin/api/main/pages/{campaign.pk}/action/publish/",
            data="{}",
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    campaign.refresh_from_db()
    assert campaign.title_fr == "Le désert tue" and not campaign.has_unpublished_changes
    # Immediate: one purge per on-commit purge of the page cache (about three for a publish),
    # each stopped at the CDN's first refusal and logged once.
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings and {r.name for r in warnings} == {"campaigns.site.cdn_purge"}
    assert all("CDN varnish not purged" in r.getMessage() for r in warnings)
    assert all("HTTP 500" in r.getMessage() for r in warnings)
    assert len(varnish.received) == len(warnings)


def test_a_cdn_that_refuses_connections_fails_no_publish_and_is_logged(
    campaign, committed, settings, caplog
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": BACKENDS + "HTTPBackend", "LOCATION": f"http://127.0.0.1:{port}"}
    }
    with committed(), caplog.at_level(logging.WARNING):
        republish(campaign, title_fr="Le désert tue")
    campaign.refresh_from_db()
    assert campaign.live and campaign.title_fr == "Le désert tue"
    warnings = [r.getMessage() for r in caplog.records if r.name == "campaigns.site.cdn_purge"]
    assert warnings and all("refused" in w.lower() for w in warnings), warnings


def test_cloudflare_purges_everything_in_one_call(campaign, cdn, committed, settings, caplog):
    cdn.reply = (200, "application/json", b'{"success": true, "errors": [], "result": {}}')
    settings.WAGTAILFRONTENDCACHE = {
        "cloudflare": {
            "BACKEND": BACKENDS + "CloudflareBackend",
            "BEARER_TOKEN": "token-1",
            "ZONEID": "zone-1",
            "PURGE_URL": cdn.url + "/client/v4/zones/zone-1/purge_cache",
        }
    }
    with committed():
        republish(campaign, title_fr="Le désert tue")
    assert {(r.method, r.path, r.authorization) for r in cdn.received} == {
        ("POST", "/client/v4/zones/zone-1/purge_cache", "Bearer token-1")
    }
    assert {json.loads(r.body)["purge_everything"] for r in cdn.received} == {True}

    cdn.received.clear()
    cdn.reply = (
        403,
        "application/json",
        b'{"success": false, "errors": [{"code": 10000, "message": "Authentication error"}]}',
    )
    with committed(), caplog.at_level(logging.WARNING):
        republish(campaign, title_fr="Le désert tue encore")
    assert cdn.received and not any(r.method == "PURGE" for r in cdn.received)
    warnings = [r.getMessage() for r in caplog.records if r.name == "campaigns.site.cdn_purge"]
    assert warnings and all("Authentication error" in w for w in warnings)


INVALIDATION = b"""<?xml version="1.0"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
<Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status>
<CreateTime>2026-11-30T20:00:00Z</CreateTime>
<InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths>
<CallerReference>x</CallerReference></InvalidationBatch></Invalidation>"""
NO_SUCH_DISTRIBUTION = b"""<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type>
<Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message>
</Error><RequestId>r-1</RequestId></ErrorResponse>"""


def test_cloudfront_invalidates_everything_in_one_path(
    campaign, cdn, committed, settings, monkeypatch, caplog
):
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", cdn.url)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")  # signing needs it off AWS's endpoint
    cdn.reply = (201, "text/xml", INVALIDATION)
    settings.WAGTAILFRONTENDCACHE = {
        "cloudfront": {
            "BACKEND": BACKENDS + "CloudfrontBackend",
            "DISTRIBUTION_ID": "E2EXAMPLE",
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
        }
    }
    with committed():
        republish(campaign, title_fr="Le désert tue")
    assert cdn.received
    for request in cdn.received:
        assert request.method == "POST"
        assert request.path.endswith("/distribution/E2EXAMPLE/invalidation")
        body = request.body.decode()
        assert "<Quantity>1</Quantity>" in body and "<Path>/*</Path>" in body

    cdn.reply = (404, "text/xml", NO_SUCH_DISTRIBUTION)
    with committed(), caplog.at_level(logging.WARNING):
        republish(campaign, title_fr="Le désert tue encore")
    campaign.refresh_from_db()
    assert campaign.live and campaign.title_fr == "Le désert tue encore"
    warnings = [r.getMessage() for r in caplog.records if r.name == "campaigns.site.cdn_purge"]
    assert warnings and all("CloudFront: NoSuchDistribution" in w for w in warnings), warnings


# --- Production settings (a subprocess, as a deployment loads them) --------------------------


def test_production_has_no_cdn_unless_asked():
    assert values(["WAGTAILFRONTENDCACHE"]) == {"WAGTAILFRONTENDCACHE": {}}


def test_production_builds_each_backend_from_its_variables():
    found = values(
        ["WAGTAILFRONTENDCACHE", "CDN_PURGE_DELAY_SECONDS"],
        FRONTEND_CACHE_BACKEND="http",
        FRONTEND_CACHE_PURGE_URL="http://varnish:6081",
        CDN_PURGE_DELAY_SECONDS="3",
    )
    assert found == {
        "WAGTAILFRONTENDCACHE": {
            "default": {"BACKEND": BACKENDS + "HTTPBackend", "LOCATION": "http://varnish:6081"}
        },
        "CDN_PURGE_DELAY_SECONDS": 3.0,
    }
    code = (
        "from wagtail.contrib.frontend_cache.utils import get_backends\n"
        "print(type(get_backends()['default']).__name__, settings.WAGTAILFRONTENDCACHE)"
    )
    result = run(
        code,
        FRONTEND_CACHE_BACKEND="Cloudflare",
        CLOUDFLARE_BEARER_TOKEN="token-1",
        CLOUDFLARE_ZONEID="zone-1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("CloudflareBackend ")
    assert "'ZONEID': 'zone-1'" in result.stdout


def test_production_refuses_a_cdn_without_its_variables_or_an_unknown_one():
    result = run("", FRONTEND_CACHE_BACKEND="cloudfront")
    assert result.returncode != 0
    assert "CLOUDFRONT_DISTRIBUTION_ID must be set" in result.stderr
    result = run("", FRONTEND_CACHE_BACKEND="akamai")
    assert result.returncode != 0
    assert "FRONTEND_CACHE_BACKEND must be cloudflare, cloudfront, http or none" in result.stderr


def test_wagtails_own_page_handlers_are_not_connected():
    """No second, per-page purge in the editor's request (cdn_purge's docstring)."""
    from django.apps import apps
    from wagtail.contrib.frontend_cache.signal_handlers import page_published_signal_handler
    from wagtail.signals import page_published

    assert not apps.is_installed("wagtail.contrib.frontend_cache")
    receivers, _async_receivers = page_published._live_receivers(CampaignPage)
    assert page_published_signal_handler not in receivers
