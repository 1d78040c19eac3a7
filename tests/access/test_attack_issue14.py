"""Attack on issue 14's additions: footer pages, site identity, home, search, hotlines, reach.

Each hole found has its test here beside the fix; what held has a test proving the denial.
"""

import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import PageViewRestriction

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.models import HomeFeaturedCampaign, HomePage, InfoPage, SiteSettings
from campaigns.reporting import summary
from campaigns.reporting.filters import ReachFilter
from campaigns.templatetags.interface_tags import tel_href, whatsapp_href
from tests.factories import (
    CountryFactory,
    campaign_index,
    campaign_page,
    country_page,
    fresh,
    home_page,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db


def add_info_page(home, slug, title):
    page = InfoPage(slug=slug, title=title, show_in_menus=True)
    with translation.override("en"):
        home.add_child(instance=page)
        page.save_revision().publish()
    return InfoPage.objects.get(pk=page.pk)


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """Senegal (public) with a public and a private campaign; Morocco's whole country page is
    private (signed-in staff only); a public and a private footer page."""
    with module_data(django_db_blocker):
        home = home_page()
        setup_roles()  # page permissions on the home, which must exist first
        sn_page = country_page(CountryFactory(code="SN", languages="fr, wo"))
        public = campaign_page(sn_page, slug="open", title="Open campaign ZQX")
        private = campaign_page(sn_page, slug="staff", title="Staff-only campaign QQW")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        ma_page = country_page(
            CountryFactory(code="MA", languages="ar, fr"), slug="ma", title="Hidden Morocco KPW"
        )
        PageViewRestriction.objects.create(page=ma_page, restriction_type="login")
        ma_campaign = campaign_page(
            ma_page, slug="ma-campaign", title="Hidden Moroccan campaign JJV"
        )
        about = add_info_page(home, "about", "About us VVB")
        internal = add_info_page(home, "internal", "Internal procedures WWZ")
        PageViewRestriction.objects.create(page=internal, restriction_type="login")
        home = HomePage.objects.get(pk=home.pk)
        home.featured_campaigns = [
            HomeFeaturedCampaign(campaign=private, sort_order=0),
            HomeFeaturedCampaign(campaign=ma_campaign, sort_order=1),
            HomeFeaturedCampaign(campaign=public, sort_order=2),
        ]
        home.save_revision().publish()
        identity = SiteSettings(site_name_en="Safe site SSV")
        identity.save()
        cache.clear()
        yield {
            "identity": identity,
            "home": home,
            "index": campaign_index(),
            "sn_page": sn_page,
            "public": public,
            "private": private,
            "ma_page": ma_page,
            "ma_campaign": ma_campaign,
            "about": about,
            "internal": internal,
        }


@pytest.fixture
def world(world_data, db):
    cache.clear()
    yield fresh(world_data)
    cache.clear()


def page_html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# --- Hole: private pages' titles listed on the home, the index and in the footer ---------------


@pytest.mark.parametrize("code", ["en", "fr"])
def test_home_never_lists_private_campaigns_or_countries(client, world, code):
    html = page_html(client, f"/{code}/")
    assert "Open campaign ZQX" in html  # the featured public campaign is there
    for secret in ("Staff-only campaign QQW", "Hidden Moroccan campaign JJV"):
        assert secret not in html
    assert 'href="/en/campaigns/ma/' not in html and 'href="/fr/campaigns/ma/' not in html
    assert "Morocco" not in html and "Maroc" not in html


def test_home_latest_campaigns_leave_out_private_ones(client, world):
    home = world["home"]
    home.featured_campaigns = []
    home.save_revision().publish()
    html = page_html(client, "/en/")
    assert "Open campaign ZQX" in html
    assert "Staff-only campaign QQW" not in html
    assert "Hidden Moroccan campaign JJV" not in html


def test_index_never_lists_private_campaigns_or_countries(client, world):
    with translation.override("en"):
        path = world["index"].get_url()
    html = page_html(client, path)
    assert "Open campaign ZQX" in html
    for secret in ("Staff-only campaign QQW", "Hidden Moroccan campaign JJV"):
        assert secret not in html
    assert 'href="/en/campaigns/ma/' not in html and 'href="/fr/campaigns/ma/' not in html
    assert "Morocco" not in html and "Maroc" not in html


def test_footer_never_links_a_private_footer_page(client, world):
    html = page_html(client, "/en/")
    assert "About us VVB" in html
    assert "Internal procedures WWZ" not in html


def test_the_private_pages_themselves_stay_closed(client, world):
    for page in (world["private"], world["ma_campaign"], world["internal"]):
        with translation.override("en"):
            response = client.get(page.get_url())
        assert response.status_code == 302  # to the login
        assert "/login/" in response["Location"]


def test_a_footer_page_made_private_leaves_the_cached_footer_at_once(client, world):
    assert "About us VVB" in page_html(client, "/en/")  # cached now
    restriction = PageViewRestriction.objects.create(page=world["about"], restriction_type="login")
    assert "About us VVB" not in page_html(client, "/en/")
    restriction.delete()
    assert "About us VVB" in page_html(client, "/en/")


# --- Held: Settings > Site identity is the Administrators' only ---------------------------------

NOT_ADMINISTRATORS = [EDITORS, TRANSLATORS, REVIEWERS, REPORTERS, ME_OFFICERS, FINANCE]


def identity_url(world) -> str:
    return f"/admin/settings/campaigns/sitesettings/{world['identity'].pk}/"


@pytest.mark.parametrize("role", NOT_ADMINISTRATORS)
def test_only_administrators_open_or_change_the_site_identity(client, world, role):
    client.force_login(role_user(role))
    assert client.get(identity_url(world)).status_code in (302, 403)
    response = client.post(identity_url(world), {"site_name_en": "Pwned", "logo": ""})
    assert response.status_code in (302, 403)
    assert SiteSettings.objects.get().site_name_en == "Safe site SSV"


def test_administrators_change_the_site_identity_and_the_public_frame_follows(client, world):
    client.force_login(role_user(ADMINISTRATORS))
    response = client.post(identity_url(world), {"site_name_en": "Safe <b>site</b>", "logo": ""})
    assert response.status_code == 302
    assert SiteSettings.objects.get().site_name_en == "Safe <b>site</b>"
    client.logout()
    html = page_html(client, "/en/")
    assert "Safe &lt;b&gt;site&lt;/b&gt;" in html and "<b>site</b>" not in html


def test_an_svg_logo_is_refused_at_upload(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from campaigns.models import CampaignImage

    client.force_login(role_user(ADMINISTRATORS))
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    before = CampaignImage.objects.count()
    response = client.post(
        "/admin/images/add/",
        {"title": "Logo", "file": SimpleUploadedFile("logo.svg", svg, "image/svg+xml")},
    )
    assert response.status_code == 200  # the form again, with its error
    assert CampaignImage.objects.count() == before


# --- Held: who creates a footer page ---------------------------------------------------------


def add_info_url(world) -> str:
    return f"/admin/pages/add/campaigns/infopage/{world['home'].pk}/"


@pytest.mark.parametrize("role", [TRANSLATORS, REVIEWERS, REPORTERS, ME_OFFICERS, FINANCE])
def test_roles_without_add_never_create_a_footer_page(client, world, role):
    client.force_login(role_user(role))
    assert client.get(add_info_url(world)).status_code in (302, 403)
    client.post(add_info_url(world), {"title": "Rogue", "slug": "rogue", "action-publish": "1"})
    assert not InfoPage.objects.filter(slug="rogue").exists()


def test_an_editor_creates_a_footer_page_as_a_draft_only(client, world):
    client.force_login(role_user(EDITORS))
    assert client.get(add_info_url(world)).status_code == 200
    client.post(
        add_info_url(world),
        {"title_en": "Rogue", "title": "Rogue", "slug": "rogue", "action-publish": "1"},
    )
    assert not InfoPage.objects.filter(slug="rogue", live=True).exists()
    assert "Rogue" not in page_html(client, "/en/")


def test_a_footer_page_goes_only_under_the_home(client, world):
    client.force_login(role_user(ADMINISTRATORS))
    response = client.get(f"/admin/pages/add/campaigns/infopage/{world['sn_page'].pk}/")
    assert response.status_code in (302, 403, 404)


# --- Held: the public search ----------------------------------------------------------------


def search(client, **params) -> str:
    response = client.get("/en/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_search_never_lists_private_or_restricted_countries_campaigns(client, world):
    for query in ("campaign", "QQW", "JJV", "Internal procedures"):
        html = search(client, q=query)
        for secret in ("Staff-only campaign QQW", "Hidden Moroccan campaign JJV", "WWZ"):
            assert secret not in html


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script> open",
        '"><img src=x onerror=alert(1)> campaign',
        "</mark><script>x</script>",
        "%",
        "_",
        "\\",
        "%open%",
        ".*",
        "(a+)+$",
        "x" * 5000,
        " ".join(["campaign"] * 500),
    ],
)
def test_search_escapes_odd_queries_and_wildcards_match_nothing(client, world, query):
    html = search(client, q=query)
    assert "<script>" not in html and "<img src=x" not in html
    if query in ("%", "_", "\\", ".*"):
        assert "Open campaign ZQX" not in html  # no LIKE/regex wildcard lists everything


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999999", "1e9", "<b>"])
def test_search_page_parameter_is_harmless(client, world, page):
    html = search(client, q="open", page=page)
    assert "<b>" not in html.split("<main", 1)[-1] or page != "<b>"


# --- Held: hotline and WhatsApp hrefs ---------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    ["javascript:alert(1)//+221", '+221" onclick="x', "+221 77 000 00 00'><script>", "tel:+1"],
)
def test_phone_hrefs_are_only_a_scheme_a_plus_and_digits(number):
    import re

    assert re.fullmatch(r"(tel:\+?[0-9]+)?", tel_href(number))
    assert re.fullmatch(r"(https://wa\.me/[0-9]+)?", whatsapp_href(number))


def test_a_whatsapp_number_with_a_scheme_or_quote_is_refused(world):
    from django.core.exceptions import ValidationError

    country = world["sn_page"].country
    for bad in ("javascript:alert(1)", '+221 77" x', "+221<script>"):
        country.whatsapp = bad
        with pytest.raises(ValidationError):
            country.full_clean()


# --- Held: the reach summary never answers for a reporter's or a filtered view ----------------


def test_the_summary_never_answers_a_reporters_view_or_an_organisation_filter(world):
    reporter = role_user(REPORTERS)
    everyone = ReachFilter()
    assert summary.dimension_for(reporter, everyone, ()) is None
    assert summary.dimension_for(reporter, everyone, ("organisation",)) is None
    me_officer = role_user(ME_OFFICERS)
    assert summary.dimension_for(me_officer, ReachFilter(organisations=(1,)), ()) is None
    assert summary.dimension_for(me_officer, ReachFilter(channels=(1,)), ()) is None
    assert summary.dimension_for(me_officer, everyone, ("organisation",)) == "organisation"


# --- Held: the language redirect and the language menu ------------------------------------------


@pytest.mark.parametrize(
    "path, accept",
    [
        ("/", "evil.com"),
        ("/", "fr;q=1, //evil.com"),
        ("/?next=https://evil.com/", "fr"),
        ("/search/?next=//evil.com", "wo"),
        ("/%2F%2Fevil.com/", "fr"),
        ("/\\evil.com/", "fr"),
    ],
)
def test_the_language_redirect_stays_on_the_site(client, world, path, accept):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    if response.status_code in (301, 302):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\"))
        assert "evil.com" not in location.split("?", 1)[0].lstrip("/").split("/", 1)[0]


def test_the_language_menu_links_stay_on_the_site(client, world):
    import re

    html = page_html(client, "/fr/?next=https://evil.com/")
    menu = html.split('<details class="language-menu">', 1)[1].split("</details>", 1)[0]
    hrefs = re.findall(r'href="([^"]*)"', menu)
    assert hrefs and all(href.startswith("/") and not href.startswith("//") for href in hrefs)
    assert "evil.com" not in menu


# --- A limited translator and the home's featured campaigns (not a translated field) -----------


def translator_edits_home(client, world, change):
    from campaigns.models import TranslatorLanguages
    from tests.admin_forms import page_form

    user = role_user(TRANSLATORS)
    TranslatorLanguages.objects.create(user=user, languages=["fr"])
    client.force_login(user)
    home = HomePage.objects.get(pk=world["home"].pk)
    data = page_form(home, home.get_parent(), user)
    change(data)
    return client.post(f"/admin/pages/{home.pk}/edit/", data)


def featured_in_latest_revision(world) -> list[int]:
    home = HomePage.objects.get(pk=world["home"].pk).get_latest_revision_as_object()
    return [item.campaign_id for item in home.featured_campaigns.all()]


def test_a_limited_translator_may_not_remove_a_featured_campaign(client, world):
    before = featured_in_latest_revision(world)
    response = translator_edits_home(
        client, world, lambda data: data.update({"featured_campaigns-2-DELETE": "on"})
    )
    assert response.status_code == 200  # the form again, with the refusal
    assert featured_in_latest_revision(world) == before


def test_a_limited_translator_may_not_swap_a_featured_campaign(client, world):
    before = featured_in_latest_revision(world)
    other = world["ma_campaign"].pk
    response = translator_edits_home(
        client, world, lambda data: data.update({"featured_campaigns-2-campaign": str(other)})
    )
    assert response.status_code == 200
    assert featured_in_latest_revision(world) == before


def test_a_limited_translator_still_saves_their_languages_text_on_the_home(client, world):
    response = translator_edits_home(
        client, world, lambda data: data.update({"title_fr": "Accueil nouveau"})
    )
    assert response.status_code == 302
    home = HomePage.objects.get(pk=world["home"].pk).get_latest_revision_as_object()
    assert home.title_fr == "Accueil nouveau"


def test_a_limited_translator_may_not_revert_the_featured_campaigns(client, world):
    from campaigns.models import TranslatorLanguages
    from tests.admin_forms import page_form

    before = featured_in_latest_revision(world)
    home = HomePage.objects.get(pk=world["home"].pk)
    old = home.revisions.order_by("pk").first()  # before any campaign was featured
    assert not old.as_object().featured_campaigns.all()
    user = role_user(TRANSLATORS)
    TranslatorLanguages.objects.create(user=user, languages=["fr"])
    client.force_login(user)
    data = page_form(old.as_object(), home.get_parent(), user)
    response = client.post(f"/admin/pages/{home.pk}/revisions/{old.pk}/revert/", data)
    assert response.status_code == 200
    assert featured_in_latest_revision(world) == before


def test_a_limited_translator_may_not_revert_the_featured_campaigns_by_the_admin_api(client, world):
    import json

    from campaigns.models import TranslatorLanguages

    before = featured_in_latest_revision(world)
    home = HomePage.objects.get(pk=world["home"].pk)
    old = home.revisions.order_by("pk").first()
    user = role_user(TRANSLATORS)
    TranslatorLanguages.objects.create(user=user, languages=["fr"])
    client.force_login(user)
    response = client.post(
        f"/admin/api/main/pages/{home.pk}/action/revert_to_page_revision/",
        json.dumps({"revision_id": old.pk}),
        content_type="application/json",
    )
    assert response.status_code in (400, 403)
    assert featured_in_latest_revision(world) == before
