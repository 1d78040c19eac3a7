"""Attack issue 16 round 3: the scoped page-cache purge (6272ae7) and the compiled routing queries
(f96f30a, 93828d4, e73f4e4).

Promise attacked: once a change has committed, no anonymous visitor is served a cached page whose
HTML differs from a fresh render (``visit_all`` compares every hit with an uncached render), and
the compiled routing serves each host, language and restricted page what Wagtail would.
"""

import pytest
from django.core.cache import cache as default_cache
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.actions.copy_page import CopyPageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.models import Page, PageViewRestriction, Site

from campaigns.models import CampaignPage, CountryPage
from tests.access.conftest import get
from tests.site.test_page_cache_scope import body, fill, versions

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "cache_on")]


def campaign_of(code):
    return CampaignPage.objects.filter(country__code=code).order_by("path").first()


def country_page(code):
    return CountryPage.objects.get(country__code=code)


def around(*countries) -> dict:
    """The demo's versions, the campaign pages only of these countries (a full fill per test
    costs minutes on the shared machine; the site-wide pages are all kept)."""
    keep = {page.pk for code in countries for page in country_page(code).get_descendants()}
    return {
        url: page
        for url, page in versions().items()
        if not isinstance(page, CampaignPage) or page.pk in keep
    }


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block and its commit hooks, as a committed admin request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def publish(commit, page, **fields):
    with commit():
        page = page.get_latest_revision_as_object()
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()


def stale(client, settings, urls, host=None) -> list[str]:
    """The URLs whose hit differs from a fresh render (``host``: another Site's)."""
    extra = {"HTTP_HOST": host} if host else {}
    found = []
    for url in urls:
        response = get(client, url, **extra)
        if response.status_code == 200 and response.get("X-Cache") == "hit":
            settings.PAGE_CACHE_SECONDS = 0
            truth = get(client, url, **extra)
            settings.PAGE_CACHE_SECONDS = 120
            if body(response) != body(truth) or truth.status_code != 200:
                found.append(url)
    return found


# --- Change A: every route by which a campaign page changes


def test_the_harness_sees_a_stale_page(client, settings):
    """A change made without signals (a queryset UPDATE) purges nothing: ``stale`` must report
    it, or the tests below could pass by seeing nothing."""
    campaign = campaign_of("GN")
    with translation.override("fr"):
        urls = [campaign.get_url(), campaign.get_parent().get_url()]
    fill(client, urls)
    Page.objects.filter(pk=campaign.pk).update(title_fr="Changé sans signal")
    CampaignPage.objects.filter(pk=campaign.pk).update(objective_fr="Changé sans signal")
    assert stale(client, settings, urls) == urls


def test_copy_of_a_live_campaign_to_another_country(client, settings, commit):
    urls = around("GN", "SN")
    fill(client, urls)
    source = campaign_of("GN")
    with commit():
        CopyPageAction(
            source, to=country_page("SN"), update_attrs={"slug": "copie-guinee"}, keep_live=True
        ).execute()
    assert stale(client, settings, urls) == []


def test_move_of_a_campaign_to_another_country(client, settings, commit):
    urls = around("GN", "SN")
    fill(client, urls)
    with commit():
        MovePageAction(campaign_of("GN"), country_page("SN"), pos="last-child").execute()
    assert stale(client, settings, urls) == []


def test_revert_to_an_old_revision_and_publish(client, settings, commit):
    campaign = campaign_of("GN")
    first = campaign.latest_revision
    publish(commit, campaign, title_fr="Titre provisoire")
    urls = around("GN")
    fill(client, urls)
    with commit():
        first.as_object().save_revision(previous_revision=first).publish()
    assert stale(client, settings, urls) == []


def test_scheduled_publishing(client, settings, commit):
    campaign = campaign_of("GN")
    page = campaign.get_latest_revision_as_object()
    page.title_fr = "Publiée par le planificateur"
    page.go_live_at = timezone.now() + timezone.timedelta(seconds=1)
    with commit():
        page.save_revision().publish()  # scheduled: stays as it is until go_live_at
    urls = around("GN")
    fill(client, urls)
    from wagtail.models import Revision

    Revision.objects.filter(approved_go_live_at__isnull=False).update(
        approved_go_live_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    with commit():
        call_command("publish_scheduled")
    assert CampaignPage.objects.get(pk=campaign.pk).title_fr == "Publiée par le planificateur"
    assert stale(client, settings, urls) == []


def test_channels_changed(client, settings, commit):
    from campaigns.models import Channel

    campaign = campaign_of("GN")
    urls = around("GN")
    fill(client, urls)
    current = set(campaign.channels.values_list("pk", flat=True))
    other = Channel.objects.exclude(pk__in=current).first() or Channel.objects.create(
        name="Radio communautaire"
    )
    publish(commit, campaign, channels=[other.pk])
    assert set(campaign.channels.values_list("pk", flat=True)) == {other.pk}
    assert stale(client, settings, urls) == []


def test_hero_image_replaced_by_another(client, settings, commit):
    from campaigns.models import CampaignImage

    campaign = campaign_of("GN")
    urls = around("GN")
    fill(client, urls)
    other = CampaignImage.objects.exclude(pk=campaign.image_id).first()
    publish(commit, campaign, image=other)
    assert stale(client, settings, urls) == []


def test_slug_of_one_other_language_changed(client, settings, commit):
    campaign = campaign_of("GN")
    urls = around("GN")
    fill(client, urls)
    with translation.override("fr"):
        publish(commit, campaign, slug_en="a-new-english-address")
    assert stale(client, settings, urls) == []


def test_country_page_unpublished_alone(client, settings, commit):
    urls = around("GN")
    fill(client, urls)
    with commit():
        country_page("GN").unpublish()  # Wagtail's default: the campaigns below stay live
    assert stale(client, settings, urls) == []


def test_a_second_site_rooted_at_a_country_page(client, settings, commit):
    """guinee.test serves the Guinea page as its home; a campaign retitled on the main site is
    the same page there (/fr/<slug>/)."""
    with commit():
        Site.objects.create(hostname="guinee.test", port=80, root_page=country_page("GN"))
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "guinee.test"]
    campaign = campaign_of("GN")
    codes = campaign.offered_language_codes()
    paths = [f"/{code}/" for code in codes]
    for code in codes:
        with translation.override(code):
            slug = CampaignPage.objects.get(pk=campaign.pk).slug
        paths.append(f"/{code}/{slug}/")
    for path in paths:
        get(client, path, HTTP_HOST="guinee.test")
        assert get(client, path, HTTP_HOST="guinee.test")["X-Cache"] == "hit", path
    publish(commit, campaign, title_fr="Titre vu sur guinee.test")
    assert stale(client, settings, paths, host="guinee.test") == []


def test_admin_bulk_unpublish(client, settings, commit, superuser):
    urls = around("GN")
    fill(client, urls)
    campaign = campaign_of("GN")
    admin = type(client)()
    admin.force_login(superuser)
    with commit():
        response = admin.post(
            f"/admin/bulk/wagtailcore/page/unpublish/?id={campaign.pk}", {"include_descendants": ""}
        )
    assert response.status_code == 302
    assert not CampaignPage.objects.get(pk=campaign.pk).live
    assert stale(client, settings, urls) == []


def test_a_refused_publish_of_a_new_campaign_leaves_no_live_page_in_the_cache(
    client, settings, commit
):
    """Wagtail's create view adds the page live, then asks ``before_publish_page``; a refusal
    (funder's review, publishing checks) turns it back into a draft with a queryset UPDATE
    (campaigns/content/guards.py, keep_as_draft): no signal, so no purge. Without
    ATOMIC_REQUESTS the add has committed, and purged, before: a visitor in between stores the
    country page listing the campaign, and the campaign itself, both served after the refusal."""
    from campaigns.content.guards import keep_as_draft

    country = country_page("GN")
    with translation.override("fr"):
        country_url = country.get_url()
    get(client, country_url)
    with commit():  # add_child commits on its own (autocommit)
        page = CampaignPage(
            title_en="Refused draft",
            slug_en="refused",
            title_fr="Brouillon refusé",
            slug_fr="refuse",
        )
        country.add_child(instance=page)
    with translation.override("fr"):
        url = page.get_url()
    assert get(client, url).status_code == 200  # a visitor within the window...
    get(client, country_url)
    with commit():
        keep_as_draft(page)  # ...then the refusal (purges once committed)
    assert get(client, url).status_code == 404, "a draft served from the cache"
    assert stale(client, settings, [country_url]) == []


def test_a_publish_refused_in_the_create_view_leaves_no_live_page_in_the_cache(
    client, settings, superuser
):
    """The same through Wagtail's create view: a visitor's request arrives while the view runs
    its ``before_publish_page`` hooks (a hook ordered first stands for it). Without
    ATOMIC_REQUESTS the add has committed then, so its commit hooks (the purge) are run there;
    the rest when the view returns."""
    from django.db import connection
    from django.urls import reverse
    from wagtail import hooks

    from campaigns.content import publishing
    from tests.admin_forms import form_data

    country = country_page("GN")
    with translation.override("fr"):
        country_url = country.get_url()
    get(client, country_url)
    seen = {}
    start = len(connection.run_on_commit)

    def committed():
        for _sids, callback, _robust in connection.run_on_commit[start:]:
            callback()
        del connection.run_on_commit[start:]

    def visitor(request, page):
        committed()
        with translation.override("fr"):
            seen["url"] = page.get_url()
        seen["live"] = get(client, seen["url"]).status_code
        get(client, country_url)

    def not_yet(obj):
        return ["Pas encore"] if getattr(obj, "slug_en", "") == "refused-http" else []

    admin = type(client)()
    admin.force_login(superuser)
    add = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", country.pk])
    data = form_data(admin.get(add).context["form"])
    data.update(
        {
            "title_en": "Refused draft",
            "slug_en": "refused-http",
            "title_fr": "Brouillon refusé",
            "slug_fr": "refuse-http",
            "action-publish": "action-publish",
        }
    )
    publishing._checks.append(not_yet)
    try:
        with hooks.register_temporarily("before_publish_page", visitor, order=-1):
            response = admin.post(add, data)
    finally:
        publishing._checks.remove(not_yet)
    committed()
    assert response.status_code == 302
    page = CampaignPage.objects.get(slug_en="refused-http")
    assert not page.live  # refused: a draft
    assert seen["live"] == 200  # the visitor in between saw it live
    assert get(client, seen["url"]).status_code == 404, "a refused draft served from the cache"
    assert stale(client, settings, [country_url]) == []


# --- Change A: what an anonymous visitor can store -------------------------------------------


def entries():
    return [key for key in default_cache._cache if ":page-cache:" in key]


def test_odd_spellings_of_an_address_store_nothing_under_an_unrenewed_section(
    client, settings, commit
):
    """Case, doubled or encoded slashes, trailing segments, unknown pages: each is a 404, a
    redirect, or the page under a section its purge renews (or the links' stamp)."""
    campaign = campaign_of("GN")
    with translation.override("fr"):
        url = campaign.get_url()
    language, rest = url[1:].split("/", 1)
    odd = [
        f"/{language.upper()}/{rest}",
        f"/{language.title()}/{rest}",
        f"/{language}//{rest}",
        f"/{language}/{rest.replace('/', '//', 1)}",
        f"/{language}/{rest.upper()}",
        f"/{language}/{rest}extra/",
        f"/{language}/{rest.replace('/', '%2F', 1)}",
        f"/{language}/{rest.replace('/', '%252F', 1)}",
        *(f"/{language}/nothing-{n}/" for n in range(20)),
    ]
    get(client, url)
    before = set(entries())
    served = {path: get(client, path).status_code for path in odd}
    stored = [path for path in odd if get(client, path).get("X-Cache") == "hit"]
    grown = set(entries()) - before
    publish(commit, campaign, title_fr="Titre après les adresses bizarres")
    assert stale(client, settings, stored) == [], served
    assert len(grown) <= len(stored) * 2, (served, stored)


# --- Change B: routing compiled once per process -----------------------------------------------


@pytest.mark.parametrize("kind", [PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN])
def test_a_restriction_on_the_country_still_guards_its_campaigns(client, commit, kind):
    country = country_page("GN")
    campaign = campaign_of("GN")
    with translation.override("fr"):
        urls = [country.get_url(), campaign.get_url()]
    for url in urls:  # compiled and routed before the restriction
        assert get(client, url).status_code == 200
    with commit():
        PageViewRestriction.objects.create(page=country, restriction_type=kind, password="x")
    for url in urls:
        response = get(client, url)
        assert response.status_code in (200, 302), url
        if kind == PageViewRestriction.PASSWORD:
            assert b'name="password"' in response.content, url
        else:
            assert response.status_code == 302, url
        assert "no-store" in response.get("Cache-Control", ""), url


def test_a_restriction_on_a_second_sites_root_guards_its_children(client, commit, settings):
    country = country_page("GN")
    campaign = campaign_of("GN")
    with commit():
        Site.objects.create(hostname="guinee.test", port=80, root_page=country)
        PageViewRestriction.objects.create(
            page=country, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "guinee.test"]
    with translation.override("fr"):
        slug = CampaignPage.objects.get(pk=campaign.pk).slug
    for path in ("/fr/", f"/fr/{slug}/"):
        response = get(client, path, HTTP_HOST="guinee.test")
        assert b'name="password"' in response.content, path


def test_two_sites_route_each_host_from_its_own_root(client, commit, settings):
    """The compiled route is per root: one host's page is never served for the other's path."""
    country = country_page("GN")
    campaign = campaign_of("GN")
    with translation.override("fr"):
        main_url = campaign.get_url()
        slug = CampaignPage.objects.get(pk=campaign.pk).slug
    with commit():
        Site.objects.create(hostname="guinee.test", port=80, root_page=country)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "guinee.test"]
    short = f"/fr/{slug}/"
    for _ in range(2):  # compiled on the first round, reused on the second
        assert get(client, main_url).status_code == 200
        assert get(client, short).status_code == 404
        assert get(client, short, HTTP_HOST="guinee.test").status_code == 200
        assert get(client, main_url, HTTP_HOST="guinee.test").status_code == 404


def test_a_restriction_on_the_original_guards_its_alias(client, commit):
    """An alias of an information page beside it: Wagtail checks the original's restrictions
    for an alias (campaign and country pages cannot be aliased: unique code and country)."""
    from wagtail.actions.create_alias import CreatePageAliasAction

    from campaigns.models import InfoPage

    original = InfoPage.objects.live().order_by("path").first()
    with commit():
        alias = CreatePageAliasAction(
            Page.objects.get(pk=original.pk), parent=country_page("SN"), update_slug="alias-x"
        ).execute()
    with translation.override("fr"):
        url = alias.get_url()
    assert get(client, url).status_code == 200  # routed and compiled before the restriction
    with commit():
        PageViewRestriction.objects.create(
            page=original, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    response = get(client, url)
    assert b'name="password"' in response.content, (url, response.status_code)


def test_two_sites_on_one_hostname_by_port(client, commit, settings):
    """Same hostname, another port, another root: the compiled site query takes the port."""
    settings.PAGE_CACHE_SECONDS = 0  # the routing itself, every time
    main_site = Site.objects.get(is_default_site=True)
    host = main_site.hostname
    with commit():
        Site.objects.create(hostname=host, port=8001, root_page=country_page("GN"))
    for _ in range(2):
        other = get(client, "/fr/", HTTP_HOST=host, SERVER_PORT="8001")
        main = get(client, "/fr/", HTTP_HOST=host, SERVER_PORT=str(main_site.port))
        assert other.status_code == main.status_code == 200
        assert other.context["page"].pk == country_page("GN").pk
        assert main.context["page"].pk == Site.objects.get(is_default_site=True).root_page_id


def test_content_spelled_as_the_markers_routes_as_any_other(client, commit, settings):
    """A slug and a host equal to the compiled queries' stand-in values, compiled afresh."""
    from campaigns.site import fixed_queries

    settings.PAGE_CACHE_SECONDS = 0  # the routing itself, every time
    marker = fixed_queries.STR_MARKER.format(0)
    campaign = campaign_of("GN")
    publish(commit, campaign, slug_fr=marker)
    with translation.override("fr"):
        sn_url = campaign_of("SN").get_url()  # before its site: relative
    with commit():
        Site.objects.create(hostname=marker, port=80, root_page=country_page("SN"))
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, marker]
    saved = dict(fixed_queries._registry)
    fixed_queries._registry.clear()
    try:
        with translation.override("fr"):
            url = CampaignPage.objects.get(pk=campaign.pk).get_url()
        assert url.endswith(f"/{marker}/")
        response = get(client, url)
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
        assert get(client, url).context["page"].pk == campaign.pk
        response = get(client, "/fr/", HTTP_HOST=marker)
        assert response.context["page"].pk == country_page("SN").pk
        assert get(client, sn_url).context["page"].pk == campaign_of("SN").pk
    finally:
        fixed_queries._registry.clear()
        fixed_queries._registry.update(saved)
