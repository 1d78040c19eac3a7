"""The page cache is purged by every committed change to what a page shows
(campaigns/site/page_cache_purge.py): the next visit gets the new page at once.

Each test first makes the page a hit, changes something inside ``django_capture_on_commit_callbacks
(execute=True)`` (the commit's hooks run as a real commit would run them), and reads again.
"""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from campaigns.models import InfoPage, InterfaceWord, SiteSettings
from campaigns.site import page_cache, page_cache_scope
from campaigns.site.page_cache_purge import shown_on_pages
from tests.factories import (
    CountryFactory,
    agreement,
    allocation,
    campaign_page,
    country_page,
    funder,
    home_page,
    material,
)

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0"


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 120
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def senegal(db):
    home_page()
    return CountryFactory(code="SN", languages="fr, wo", hotline="+221 800 00 00 00")


@pytest.fixture
def campaign(senegal):
    page = country_page(senegal, title_fr="Sénégal")
    return campaign_page(page, title="The desert", title_fr="Le désert")


def url(page, code="fr"):
    with translation.override(code):
        return page.get_url()


def get(client, path):
    return client.get(path, HTTP_USER_AGENT=BROWSER)


def cached(client, path):
    """Visit twice: the page is now in the cache."""
    get(client, path)
    response = get(client, path)
    assert response["X-Cache"] == "hit"
    return response.content.decode()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_publish_purges_and_the_new_title_shows_at_once(client, campaign, committed):
    path = url(campaign)
    assert "Le désert</h1>" in cached(client, path)
    with committed():
        campaign.title_fr = "Le désert tue"
        campaign.save_revision().publish()
    response = get(client, path)
    assert response["X-Cache"] == "miss"
    assert "Le désert tue</h1>" in response.content.decode()
    assert get(client, path)["X-Cache"] == "hit"


def test_a_draft_save_does_not_purge(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    with committed():
        campaign.title_fr = "Brouillon"
        campaign.save_revision()
    response = get(client, path)
    assert response["X-Cache"] == "hit" and "Brouillon" not in response.content.decode()


def test_a_rolled_back_change_does_not_purge(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        campaign.title_fr = "Jamais publié"
        campaign.save_revision().publish()
        raise RuntimeError
    assert get(client, path)["X-Cache"] == "hit"


def test_revert_and_publish_purges(client, campaign, committed):
    path = url(campaign)
    first = campaign.live_revision
    with committed():
        campaign.title_fr = "Le désert tue"
        campaign.save_revision().publish()
    assert "Le désert tue</h1>" in cached(client, path)
    with committed():
        first.publish()
    assert "Le désert</h1>" in get(client, path).content.decode()


def test_unpublish_and_delete_purge(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    with committed():
        campaign.unpublish()
    assert get(client, path).status_code == 404
    with committed():
        campaign.save_revision().publish()
    cached(client, path)
    with committed():
        campaign.delete()
    assert get(client, path).status_code == 404


def test_move_purges(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    guinea = country_page(CountryFactory(code="GN", languages="fr"), slug="gn")
    with committed():
        campaign.move(guinea, pos="last-child")
    old = get(client, path)
    assert old.status_code == 301 and "X-Cache" not in old  # Wagtail's redirect to the new place
    campaign.refresh_from_db()
    assert get(client, url(campaign)).status_code == 200


def test_a_material_published_or_unpublished_purges(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    with committed(), translation.override("en"):
        poster = material(campaign, languages=("fr",), title="Poster", title_fr="Affiche du désert")
    assert "Affiche du désert" in get(client, path).content.decode()
    cached(client, path)
    poster.refresh_from_db()
    with committed():
        poster.unpublish()
    assert "Affiche du désert" not in get(client, path).content.decode()


def test_a_material_deleted_purges(client, campaign, committed):
    path = url(campaign)
    with committed(), translation.override("en"):
        poster = material(campaign, languages=("fr",), title="Poster", title_fr="Affiche du désert")
    assert "Affiche du désert" in cached(client, path)
    with committed():
        poster.delete()
    assert "Affiche du désert" not in get(client, path).content.decode()


def test_a_country_change_purges(client, campaign, senegal, committed):
    path = url(campaign)
    assert "+221 800 00 00 00" in cached(client, path)
    with committed():
        senegal.hotline = "+221 800 11 11 11"
        senegal.save()
    assert "+221 800 11 11 11" in get(client, path).content.decode()


def test_a_funder_statement_edited_purges(client, campaign, committed):
    path = url(campaign)
    with committed():
        eu = funder(statements={"en": "Funded by the EU", "fr": "Financé par l'UE"})
        allocation(agreement(eu), campaign)
    assert "Financé par l&#x27;UE" in cached(client, path)
    with committed():
        setattr(eu, build_localized_fieldname("statement", "fr"), "Avec le soutien de l'UE")
        eu.save()
    assert "Avec le soutien de l&#x27;UE" in get(client, path).content.decode()


def test_site_identity_and_footer_pages_purge(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    with committed():
        SiteSettings(site_name_en="Safe journeys", site_name_fr="Voyages sûrs").save()
    assert "Voyages sûrs</title>" in get(client, path).content.decode()
    cached(client, path)
    with committed(), translation.override("en"):
        about = InfoPage(
            slug="about", title="About", title_fr="Qui sommes-nous", show_in_menus=True
        )
        home_page().add_child(instance=about)
        about.save_revision().publish()
    assert "Qui sommes-nous" in get(client, path).content.decode()


def test_an_interface_word_purges(client, campaign, committed):
    path = url(campaign)
    cached(client, path)
    with committed():
        InterfaceWord.objects.create(
            language="fr", message="Skip to main content", forms=["Aller au contenu (CMS)"]
        )
    assert "Aller au contenu (CMS)" in get(client, path).content.decode()


def test_a_page_rendered_while_a_publish_commits_is_never_served_after_it(rf):
    """The generation is read before the view reads the database: a render that raced a
    publish is stored under the old generation."""
    renders = []

    def view(request):
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        renders.append(len(renders))
        if len(renders) == 1:
            page_cache.bump_generation()  # the publish commits while the old page renders
        return HttpResponse(f"render {len(renders)}")

    middleware = page_cache.PageCacheMiddleware(view)
    assert middleware(rf.get("/fr/page/"))["X-Cache"] == "miss"
    after = middleware(rf.get("/fr/page/"))
    assert after["X-Cache"] == "miss" and after.content == b"render 2"
    assert middleware(rf.get("/fr/page/")).content == b"render 2"


def test_a_slow_stale_render_overwriting_a_fresh_entry_costs_only_a_miss(rf):
    """Entries are keyed without the generation (one ``get_many`` per hit), so a render that
    began before a publish may overwrite the fresh entry stored after it: it carries the old
    generation, so the next visit is a miss, never the stale page."""
    renders = []

    def view(request):
        request.resolver_match = type("Match", (), {"url_name": "wagtail_serve"})()
        renders.append(len(renders))
        number = len(renders)
        if number == 1:  # the slow render: the publish commits, then a fresh visit is stored
            page_cache.bump_generation()
            assert middleware(rf.get("/fr/page/"))["X-Cache"] == "miss"
        return HttpResponse(f"render {number}")

    middleware = page_cache.PageCacheMiddleware(view)
    # The stamps exist (without them, the slow render would store nothing: see
    # tests/site/test_page_cache_scope.py).
    cache.set_many({page_cache_scope.section_key("fr", "page"): 1, page_cache_scope.LINKS_KEY: 1})
    stale = middleware(rf.get("/fr/page/"))
    assert stale.content == b"render 1"  # stored last, with the old generation
    after = middleware(rf.get("/fr/page/"))
    assert after["X-Cache"] == "miss" and after.content == b"render 3"
    hit = middleware(rf.get("/fr/page/"))
    assert hit["X-Cache"] == "hit" and hit.content == b"render 3"


def test_a_lost_generation_starts_from_a_new_number(rf):
    generation = page_cache.current_generation()
    cache.delete(page_cache.GENERATION_KEY)  # evicted, or Redis restarted empty
    assert page_cache.current_generation() not in (generation, None)
    cache.delete(page_cache.GENERATION_KEY)
    page_cache.bump_generation()  # a bump with no generation sets one
    assert cache.get(page_cache.GENERATION_KEY) is not None


def test_what_purges():
    from wagtail.images import get_image_model
    from wagtail.models import Page, PageViewRestriction, Revision

    from campaigns import models

    for model in (
        Page, models.CampaignPage, models.InfoPage, models.Material, models.MaterialVersion,
        models.Country, models.Funder, models.FundingAgreement, models.Allocation,
        models.SiteSettings, models.InterfaceWord, models.HomeFeaturedCampaign,
        PageViewRestriction, get_image_model(),
    ):  # fmt: skip
        assert shown_on_pages(model), model
    for model in (
        Revision, models.CampaignRendition, models.ReachReport, models.ReachValue,
        models.PageViewCount, models.ReachSummary, models.ReviewTask,
    ):  # fmt: skip
        assert not shown_on_pages(model), model
