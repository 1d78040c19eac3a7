"""Admin routes of installed packages answer malformed requests with a 400/403/404, never a 500
(issue 10, item 12): Wagtail's chooser "create" views without a creation form, and
wagtail-modeltranslation's copy_translation_content, which must also honour page permissions."""

import json

import pytest
from django.test import Client
from django.urls import get_resolver

from campaigns.access.roles import EDITORS, REPORTERS, setup_roles
from campaigns.models import Material, ReachReport
from tests.factories import (
    SuperUserFactory,
    campaign_page,
    fresh,
    home_page,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db


def chooser_create_urls() -> list[str]:
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            text = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, text)
            elif text.startswith("admin/snippets/choose/") and text.endswith("create/"):
                found.append("/" + text)

    walk(get_resolver().url_patterns, "")
    return found


def lenient_client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_every_snippet_chooser_create_view_without_a_form_is_not_found(home):
    urls = chooser_create_urls()
    assert "/admin/snippets/choose/campaigns/reachreport/create/" in urls
    assert len(urls) >= 10
    client = lenient_client(SuperUserFactory(username="root"))
    for url in urls:
        assert client.get(url).status_code == 404, url
        response = client.post(url, {"campaign": "1", "notes": "x", "title": "x"})
        assert response.status_code == 404, url
    assert not ReachReport.objects.exists() and not Material.objects.exists()


def test_a_reporter_gets_no_creation_either(home):
    setup_roles()
    client = lenient_client(role_user(REPORTERS, "reporter"))
    response = client.post("/admin/snippets/choose/campaigns/reachreport/create/", {})
    assert response.status_code in (403, 404)
    assert not ReachReport.objects.exists()


# --- copy_translation_content --------------------------------------------------------------------


def copy_url(page_id) -> str:
    return f"/admin/pages/{page_id}/edit/copy_translation_content/"


EMPTY_BODY = json.dumps([{"name": "body_en-count", "value": "0"}])
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def good(**changes):
    data = {
        "origin_field_name": "body_en",
        "target_field_name": "body_fr",
        "serializedOriginField": EMPTY_BODY,
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture(scope="module")
def page_data(django_db_setup, django_db_blocker):
    """The roles and a campaign page, built once for the module."""
    with module_data(django_db_blocker):
        home_page()
        setup_roles()
        yield campaign_page()


@pytest.fixture
def page(page_data, home):
    return fresh(page_data)


def test_a_well_formed_copy_by_an_editor_renders_the_field(page):
    client = lenient_client(role_user(EDITORS, "editor"))
    response = client.post(copy_url(page.pk), good(), **XHR)
    assert response.status_code == 200, response.content[:300]
    assert "body_fr" in json.loads(response.content)


@pytest.mark.parametrize(
    "data",
    [
        good(serializedOriginField="{not json"),
        good(serializedOriginField="[" * 100_000),
        good(serializedOriginField=json.dumps({"name": "x"})),
        good(serializedOriginField=json.dumps([{"name": 1, "value": "x"}])),
        good(serializedOriginField=None),
        good(target_field_name=None),
        good(origin_field_name=None),
        good(target_field_name="title"),
        good(target_field_name="no_such_field"),
        good(target_field_name="body_fr\x00"),
        good(serializedOriginField=json.dumps([{"name": "body_en-count", "value": "many"}])),
        good(
            serializedOriginField=json.dumps(
                [
                    {"name": "body_en-count", "value": "1"},
                    {"name": "body_en-0-type", "value": "no_such_block"},
                ]
            )
        ),
    ],
    ids=[
        "bad-json",
        "deep-json",
        "not-a-list",
        "bad-item",
        "no-content",
        "no-target",
        "no-origin",
        "not-a-streamfield",
        "unknown-field",
        "nul",
        "bad-count",
        "unknown-block",
    ],
)
def test_malformed_copies_are_400(page, data):
    client = lenient_client(SuperUserFactory(username="root"))
    assert client.post(copy_url(page.pk), data, **XHR).status_code == 400


def test_not_a_page_get_or_plain_post_are_refused(page):
    client = lenient_client(SuperUserFactory(username="root"))
    assert client.post(copy_url(999_999), good(), **XHR).status_code == 404
    assert client.get(copy_url(page.pk), **XHR).status_code == 405
    assert client.post(copy_url(page.pk), good()).status_code == 400  # not the editor's script


def test_someone_who_may_not_edit_the_page_is_refused(page):
    client = lenient_client(role_user(REPORTERS, "reporter"))
    assert client.post(copy_url(page.pk), good(), **XHR).status_code in (302, 403)


def test_the_csrf_token_is_required(page):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(role_user(EDITORS, "editor"))
    assert client.post(copy_url(page.pk), good(), **XHR).status_code == 403
