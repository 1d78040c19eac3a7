"""A campaign page published in the admin is in the page cache before the publish returns
(campaigns/site/page_cache_warm.py), in every language it is offered in.

Transactional tests: the admin's publish commits for real, so its commit hooks (the purge, then
the warm) run inside the editor's request, as in production.
"""

import logging

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Site

from campaigns.models import CampaignPage
from campaigns.reporting import counting
from campaigns.site import page_cache_warm
from campaigns.site.page_cache_hosts import host_as_browsers_send
from tests.admin_forms import page_form
from tests.factories import CountryFactory, campaign_page, country_page, home_page
from tests.site.test_page_cache_scope import body

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"
TITLES = {"en": "The desert kills", "fr": "Le désert tue", "wo": "Màndiŋ mi dafay rey"}


@pytest.fixture(autouse=True)
def cache_on(settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 120
    settings.PAGE_CACHE_WARM = True
    cache.clear()
    counting.discard()
    yield
    cache.clear()
    counting.discard()


@pytest.fixture
def campaign(db):
    home_page()
    senegal = CountryFactory(code="SN", languages="fr, wo", hotline="+221 800 00 00 00")
    parent = country_page(senegal, title_fr="Sénégal")
    return campaign_page(parent, title="The desert", title_fr="Le désert", title_wo="Màndiŋ mi")


@pytest.fixture
def editor(client, superuser):
    client.force_login(superuser)
    client.user = superuser
    return client


def host() -> str:
    site = Site.objects.get(is_default_site=True)
    return host_as_browsers_send(site.hostname, site.port)


def url(page, code):
    with translation.override(code):
        return page.get_url()


def visit(path):
    """An anonymous browser's GET under the Site's address (the warm stores under it)."""
    return Client().get(path, HTTP_HOST=host(), HTTP_USER_AGENT=BROWSER)


def publish(editor, page, **fields):
    data = page_form(page, page.get_parent(), editor.user)
    data.update(fields)
    data["action-publish"] = "1"
    return editor.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, HTTP_ACCEPT_LANGUAGE="ar"
    )


def new_titles():
    return {f"title_{code}": title for code, title in TITLES.items()}


def test_the_published_page_is_a_hit_in_every_language(editor, campaign, settings):
    codes = campaign.offered_language_codes()
    assert set(codes) == set(TITLES)
    response = publish(editor, campaign, **new_titles())
    assert response.status_code == 302
    parent = campaign.get_parent().specific
    hits = {}
    for code in codes:
        hits[url(campaign, code)] = page = visit(url(campaign, code))
        assert page["X-Cache"] == "hit", code
        assert f"{TITLES[code]}</h1>" in page.content.decode(), code
    for code in parent.offered_language_codes():
        hits[url(parent, code)] = country = visit(url(parent, code))
        assert country["X-Cache"] == "hit", code
        assert TITLES[code] in country.content.decode(), code  # it lists the campaign
    settings.PAGE_CACHE_SECONDS = 0  # each warmed page is what a visitor's render gives
    for path, hit in hits.items():
        assert body(hit) == body(visit(path)), path


def test_pages_published_in_one_transaction_are_warmed_after_its_commit(campaign):
    from django.db import transaction

    other = campaign_page(campaign.get_parent().specific, title_fr="La mer", slug="sea")
    with transaction.atomic():
        for page, title in ((campaign, "Le désert tue"), (other, "La mer tue")):
            page = page.get_latest_revision_as_object()
            page.title_fr = title
            page.save_revision().publish()
    for page, title in ((campaign, "Le désert tue"), (other, "La mer tue")):
        response = visit(url(page, "fr"))
        assert response["X-Cache"] == "hit" and f"{title}</h1>" in response.content.decode()
    country = visit(url(campaign.get_parent(), "fr"))
    assert country["X-Cache"] == "hit"
    assert "Le désert tue" in country.content.decode() and "La mer tue" in country.content.decode()


def test_without_warming_the_first_visit_renders(editor, campaign, settings):
    settings.PAGE_CACHE_WARM = False
    publish(editor, campaign, **new_titles())
    page = visit(url(campaign, "fr"))
    assert page["X-Cache"] == "miss"
    assert "Le désert tue</h1>" in page.content.decode()


def test_nothing_is_warmed_when_the_page_cache_is_off(campaign, settings):
    from django.core.cache import cache

    cache.clear()  # the fixture's own publish warmed it
    settings.PAGE_CACHE_SECONDS = 0
    assert page_cache_warm.warm([campaign.pk]) == []
    settings.PAGE_CACHE_SECONDS = 120
    assert visit(url(campaign, "fr"))["X-Cache"] == "miss"


def test_a_restricted_page_is_neither_rendered_nor_stored(editor, campaign):
    PageViewRestriction.objects.create(
        page=campaign, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = publish(editor, campaign, **new_titles())
    assert response.status_code == 302
    warmed = [address for address, _state in page_cache_warm.warm([campaign.pk])]
    assert warmed and not any(campaign.slug in address for address in warmed)  # its country's
    page = visit(url(campaign, "fr"))
    assert "X-Cache" not in page  # the password form, rendered for each visitor
    assert "Le désert tue" not in page.content.decode()


def test_an_unpublished_page_leaves_its_country_page_warmed(editor, campaign):
    editor.post(reverse("wagtailadmin_pages:unpublish", args=[campaign.pk]))
    assert not CampaignPage.objects.get(pk=campaign.pk).live
    assert visit(url(campaign, "fr")).status_code == 404
    country = visit(url(campaign.get_parent(), "fr"))
    assert country["X-Cache"] == "hit"
    assert "Le désert" not in country.content.decode()


BROKEN = {"campaigns/campaign_page.html": "{% url 'no-such-route' %}"}


@pytest.fixture
def broken_template(settings):
    """The campaign page's template raises on render (NoReverseMatch)."""
    engine = {**django_settings.TEMPLATES[0], "APP_DIRS": False}
    options = dict(engine.get("OPTIONS", {}))
    options["loaders"] = [
        ("django.template.loaders.locmem.Loader", BROKEN),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    engine["OPTIONS"] = options
    settings.TEMPLATES = [engine, *django_settings.TEMPLATES[1:]]


def test_a_failing_render_does_not_break_the_publish(editor, campaign, broken_template, caplog):
    # As in production: the warm's 500 is reported (got_request_exception) but not raised into
    # the editor's response, which the test client would otherwise re-raise.
    editor.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="campaigns.site.page_cache_warm"):
        response = publish(editor, campaign, **new_titles())
    assert response.status_code == 302
    assert CampaignPage.objects.get(pk=campaign.pk).title_fr == "Le désert tue"
    assert "Page cache not warmed" in caplog.text
    broken = Client(raise_request_exception=False)
    assert broken.get(url(campaign, "fr"), HTTP_HOST=host()).status_code == 500  # not stored


def test_the_warm_request_is_not_counted(editor, campaign):
    publish(editor, campaign, **new_titles())
    assert visit(url(campaign, "fr"))["X-Cache"] == "hit"
    counted = counting.counter.take()
    day = timezone.localdate()
    # The one browser visit, not the three warm renders (nor the country page's).
    assert counted == {(counting.PAGE, campaign.pk, "fr", day): 1}


def test_the_editors_language_session_and_messages_are_untouched(editor, campaign):
    session_key = editor.session.session_key
    response = publish(editor, campaign, **new_titles())
    # The editor's language (Accept-Language: ar, a language the page is not offered in), not
    # the last one warmed: in the response, and as the request left the thread.
    assert response["Content-Language"] == "ar"
    assert translation.get_language() == "ar"
    assert editor.session.session_key == session_key
    assert editor.session["_auth_user_id"] == str(editor.user.pk)
    follow = editor.get(response["Location"])
    shown = [str(message) for message in follow.context["messages"]]
    assert len(shown) == 1 and "The desert kills" in shown[0]  # the publish's message, kept
    assert not Page.objects.filter(pk=campaign.pk, has_unpublished_changes=True).exists()
