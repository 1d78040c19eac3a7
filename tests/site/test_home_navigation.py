"""The public site's frame: the home and index pages, the language menu, page titles, footer
pages and the site's identity (Settings > Site identity), in the visitor's language."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from campaigns.access.roles import ADMINISTRATORS, EDITORS, setup_roles
from campaigns.content.directory import LATEST_CAMPAIGNS
from campaigns.content.translation_status import Status, translation_status
from campaigns.models import HomeFeaturedCampaign, HomePage, InfoPage, SiteSettings
from tests.factories import (
    CountryFactory,
    campaign_index,
    campaign_page,
    country_page,
    fresh,
    home_page,
    image,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db

WHY_EN = "<p>Smugglers sell the journey, not the truth.</p>"
WHY_FR = "<p>Les passeurs vendent le voyage, pas la vérité.</p>"


def add_info_page(home, slug, live=True, in_footer=True, **titles):
    page = InfoPage(
        slug=slug, title=titles.pop("title"), show_in_menus=in_footer, live=live, **titles
    )  # a draft is saved not live, as the editor saves it
    with translation.override("en"):
        home.add_child(instance=page)
        if live:
            page.save_revision().publish()
    return InfoPage.objects.get(pk=page.pk)


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """Senegal (fr, wo, ff) and Afghanistan (fa-af, ps), a campaign each, footer pages and the
    site's identity; built once for the module."""
    with module_data(django_db_blocker):
        setup_roles()
        home = home_page()
        home.why_this_site_en, home.why_this_site_fr = WHY_EN, WHY_FR
        home.save_revision().publish()
        home = HomePage.objects.get(pk=home.pk)
        senegal = CountryFactory(code="SN", languages="fr, wo, ff", hotline="+221 800 00 00 00")
        sn_page = country_page(senegal, title_fr="Sénégal", title_wo="Senegaal")
        sn_campaign = campaign_page(
            sn_page,
            title="The desert is not a road",
            title_fr="Le désert n'est pas une route",
            title_wo="Màndiŋ mi du yoon",
            objective_fr="Connaître les risques.",
        )
        afghanistan = CountryFactory(code="AF", languages="fa-af, ps", hotline="+93 800 000 000")
        af_page = country_page(afghanistan, slug="af", title_ps="افغانستان")
        af_campaign = campaign_page(af_page, slug="routes", title="Know the routes")
        about = add_info_page(home, "about", title="About us", title_fr="Qui sommes-nous")
        contact = add_info_page(home, "contact", title="Contact", in_footer=False)
        privacy = add_info_page(home, "privacy", title="Privacy")
        privacy.unpublish()
        add_info_page(home, "draft", title="Draft page", live=False)
        identity = SiteSettings(
            site_name_en="Safe journeys",
            site_name_fr="Voyages sûrs",
            organisation_name_en="IOM",
            logo=image(title="Logo", size=(300, 100)),
        )
        identity.save()
        cache.clear()
        yield {
            "home": home,
            "index": campaign_index(),
            "sn_page": sn_page,
            "sn_campaign": sn_campaign,
            "af_page": af_page,
            "af_campaign": af_campaign,
            "about": about,
            "contact": contact,
            "privacy": privacy,
            "identity": identity,
        }


@pytest.fixture
def world(world_data, db):
    yield fresh(world_data)
    cache.clear()  # the identity cached while this test's changes existed


def url(page, code):
    with translation.override(code):
        return page.get_url()


def html(client, path, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response.content.decode()


def section(text: str, start: str, end: str) -> str:
    return text.split(start, 1)[1].split(end, 1)[0]


# --- Home: countries, hotlines, featured campaigns, why this site --------------------------------


def test_home_names_countries_in_the_visitors_language_and_their_own(client, world):
    french = section(html(client, "/fr/"), 'class="countries"', "</ul>")
    # Senegal's own first language is French: its name once.
    assert f'<a class="country-name" href="{url(world["sn_page"], "fr")}">Sénégal</a>' in french
    assert '>Afghanistan</a> <span class="native" lang="fa-af" dir="rtl">افغانستان</span>' in french
    arabic = section(html(client, "/ar/"), 'class="countries"', "</ul>")
    assert '>السنغال</a> <span class="native" lang="fr" dir="ltr">Sénégal</span>' in arabic
    assert ">أفغانستان</a>" in arabic
    # The countries speaking the visitor's language first, then by name in that language.
    assert french.index("Sénégal") < french.index("Afghanistan")
    english = section(html(client, "/en/"), 'class="countries"', "</ul>")
    assert english.index("Afghanistan") < english.index("Senegal")
    pashto = section(html(client, "/ps/"), 'class="countries"', "</ul>")
    assert pashto.index("افغانستان") < pashto.index("سينيګال")


@pytest.mark.parametrize("code", ["fr", "ar", "wo"])
def test_home_shows_each_countrys_hotline_isolated_from_the_text(client, world, code):
    page = html(client, f"/{code}/")
    assert '<a class="country-call" href="tel:+221800000000">' in page
    assert '<bdi dir="ltr">+221 800 00 00 00</bdi>' in page
    assert '<a class="country-call" href="tel:+93800000000">' in page


def test_home_links_each_country_to_the_version_its_visitor_reads(client, world):
    wolof = html(client, "/wo/")
    # Wolof is Senegal's: its Wolof page. Afghanistan has no Wolof: French, Wolof's next.
    assert f'href="{url(world["sn_page"], "wo")}">Senegaal</a>' in wolof
    assert f'href="{url(world["af_page"], "fr")}" hreflang="fr">' in wolof
    # The country's other languages, each a link in its own name.
    assert (
        f'<a href="{url(world["sn_page"], "ff")}" lang="ff" dir="ltr" hreflang="ff">Pulaar</a>'
        in wolof
    )
    pashto = html(client, "/ps/")
    assert f'href="{url(world["af_page"], "ps")}">' in pashto
    assert f'href="{url(world["sn_page"], "en")}" hreflang="en">' in pashto


def test_home_features_the_editors_campaigns_in_their_order(client, world):
    home = world["home"]
    home.featured_campaigns = [
        HomeFeaturedCampaign(campaign=world["af_campaign"], sort_order=0),
        HomeFeaturedCampaign(campaign=world["sn_campaign"], sort_order=1),
    ]
    home.save_revision().publish()
    featured = section(html(client, "/fr/"), 'id="featured-heading"', "</section>")
    assert featured.index("Know the routes") < featured.index("Le désert n&#x27;est pas une route")
    # Offered in French (a site-wide language) but written in English only: marked English.
    assert f'href="{url(world["af_campaign"], "fr")}" lang="en" dir="ltr">Know the routes' in (
        featured
    )


def test_an_unpublished_featured_campaign_is_left_out(client, world):
    home = world["home"]
    home.featured_campaigns = [
        HomeFeaturedCampaign(campaign=world["af_campaign"], sort_order=0),
        HomeFeaturedCampaign(campaign=world["sn_campaign"], sort_order=1),
    ]
    home.save_revision().publish()
    world["af_campaign"].unpublish()
    featured = section(html(client, "/fr/"), 'id="featured-heading"', "</section>")
    assert "Know the routes" not in featured
    assert "Le désert n&#x27;est pas une route" in featured


def test_without_featured_campaigns_the_latest_are_shown_the_visitors_language_first(client, world):
    assert not world["home"].featured_campaigns.exists()
    wolof = section(html(client, "/wo/"), 'id="featured-heading"', "</section>")
    # Both are shown (at most LATEST_CAMPAIGNS); Senegal's, offered in Wolof, comes first.
    assert LATEST_CAMPAIGNS >= 2
    assert wolof.index("Màndiŋ mi du yoon") < wolof.index("Know the routes")
    pashto = section(html(client, "/ps/"), 'id="featured-heading"', "</section>")
    assert pashto.index("Know the routes") < pashto.index("The desert is not a road")


def test_why_this_site_in_the_visitors_language_or_marked_as_another(client, world):
    assert f"<div>{WHY_FR}</div>" in html(client, "/fr/")
    # Wolof falls back to French (Senegal's language before Wolof), Pashto to English.
    assert f'<div lang="fr" dir="ltr">{WHY_FR}</div>' in html(client, "/wo/")
    assert f'<div lang="en" dir="ltr">{WHY_EN}</div>' in html(client, "/ps/")


@pytest.mark.parametrize("code", ["ps", "fa-af", "ti", "ka"])
def test_english_text_on_home_pages_is_marked_english(client, world, code):
    page = html(client, f"/{code}/")
    assert '<h1 lang="en" dir="ltr">Know the risks. Know your options.</h1>' in page
    assert '<div class="intro" lang="en" dir="ltr">' in page
    assert 'class="fallback-note"' in page


def test_root_sends_the_visitor_to_their_language(client, world):
    for accept, expected in (("wo", "/wo/"), ("ps-AF,ps;q=0.9", "/ps/"), ("fr-SN", "/fr/")):
        response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code == 302
        assert response["Location"] == expected


def test_home_runs_a_constant_number_of_queries(client, world):
    client.get("/fr/")  # warm the caches a running site has (site root paths, identity)
    with CaptureQueriesContext(connection) as few:
        html(client, "/fr/")
    for code in ("ML", "GN", "NE", "GM"):
        page = country_page(CountryFactory(code=code, languages="fr"), slug=code.lower())
        campaign_page(page, slug=f"c-{code.lower()}", title=f"Campaign {code}")
    client.get("/fr/")
    with CaptureQueriesContext(connection) as many:
        page = html(client, "/fr/")
    assert page.count('class="country"') == 6
    assert len(few) == len(many), [query["sql"] for query in many.captured_queries]
    assert len(many) <= 12


# --- Index ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["fr", "ar"])
def test_index_lists_countries_with_their_campaigns_and_hotlines(client, world, code):
    page = html(client, url(world["index"], code))
    senegal = section(page, 'id="country-SN"', "</section>")
    assert 'href="tel:+221800000000"' in senegal
    if code == "fr":
        assert (
            f'href="{url(world["sn_campaign"], "fr")}">Le désert n&#x27;est pas une route</a>'
            in senegal
        )
    else:  # Senegal has no Arabic: its English version, marked as English
        assert (
            f'href="{url(world["sn_campaign"], "en")}" lang="en" dir="ltr" hreflang="en">'
            "The desert is not a road</a>" in senegal
        )
        assert '<span class="native" lang="fr" dir="ltr">Sénégal</span>' in senegal
    assert 'id="country-AF"' in page


def test_index_title_and_intro_fall_back_with_their_language(client, world):
    page = html(client, url(world["index"], "ti"))
    assert '<h1 lang="en" dir="ltr">Campaigns</h1>' in page


# --- Language menu -------------------------------------------------------------------------------


def menu(page: str) -> list[str]:
    nav = section(page, '<nav class="languages"', "</nav>")
    return re.findall(r'hreflang="([^"]+)"', nav)


def test_language_menu_is_a_disclosure_naming_the_current_language(client, world):
    page = html(client, "/fr/")
    summary = section(page, '<details class="language-menu">', "</summary>")
    assert summary.endswith("</span>français")
    assert 'aria-current="page">français</a>' in page


def test_language_menu_keeps_one_order_in_every_language(client, world, settings):
    everyone = [code for code, _name in settings.LANGUAGES]
    for code in ("en", "ar", "ti"):
        assert menu(html(client, f"/{code}/")) == everyone
    for code in ("fr", "wo", "ff", "en"):
        # The country's languages first, then the site-wide ones.
        assert menu(html(client, url(world["sn_campaign"], code))) == ["fr", "wo", "ff", "en"]
        assert menu(html(client, url(world["sn_page"], code))) == ["fr", "wo", "ff", "en"]


def test_every_public_page_has_the_same_frame(client, world):
    pages = [
        "/fr/",
        url(world["index"], "fr"),
        url(world["sn_page"], "fr"),
        url(world["sn_campaign"], "fr"),
        url(world["about"], "fr"),
        "/fr/search/?q=desert",
    ]
    for path in pages:
        page = html(client, path)
        assert '<details class="language-menu">' in page, path
        assert '<form class="site-search"' in page, path
        assert 'rel="icon" href="/static/img/favicon.svg"' in page, path
        assert "Qui sommes-nous</a>" in section(page, '<footer class="site-footer">', "</footer>")


# --- Titles --------------------------------------------------------------------------------------


def title(page: str) -> str:
    return re.search(r"<title>([^<]*)</title>", page).group(1)


def test_titles_name_the_campaign_the_country_and_the_site(client, world):
    assert title(html(client, "/fr/")) == "Voyages sûrs"
    assert title(html(client, url(world["sn_page"], "fr"))) == "Sénégal - Voyages sûrs"
    assert (
        title(html(client, url(world["sn_campaign"], "fr")))
        == "Le désert n&#x27;est pas une route - Sénégal - Voyages sûrs"
    )
    assert title(html(client, url(world["index"], "fr"))) == "Campaigns - Voyages sûrs"
    assert title(html(client, url(world["about"], "fr"))) == "Qui sommes-nous - Voyages sûrs"
    # Wolof: the Wolof title, the country's name in Wolof (CLDR), the site's name in French.
    assert (
        title(html(client, url(world["sn_campaign"], "wo")))
        == "Màndiŋ mi du yoon - Senegaal - Voyages sûrs"
    )
    assert title(html(client, "/fr/search/")) == "Rechercher - Voyages sûrs"


def test_an_seo_title_in_the_pages_language_replaces_its_title(client, world):
    campaign = world["sn_campaign"]
    campaign.seo_title_fr = "Le désert tue"
    campaign.save_revision().publish()
    assert title(html(client, url(campaign, "fr"))) == "Le désert tue - Sénégal - Voyages sûrs"
    # Not in Wolof: the Wolof page keeps its own title.
    assert title(html(client, url(campaign, "wo"))).startswith("Màndiŋ mi du yoon - ")


# --- Footer pages --------------------------------------------------------------------------------


def footer(page: str) -> str:
    return section(page, '<footer class="site-footer">', "</footer>")


def test_footer_lists_live_footer_pages_in_the_visitors_language(client, world):
    french = footer(html(client, "/fr/"))
    assert f'<a href="{url(world["about"], "fr")}">Qui sommes-nous</a>' in french
    # Pashto: the English title, marked.
    pashto = footer(html(client, "/ps/"))
    assert f'<a href="{url(world["about"], "ps")}" lang="en" dir="ltr">About us</a>' in pashto


def test_footer_leaves_out_unpublished_drafts_and_pages_not_in_menus(client, world):
    page = footer(html(client, "/en/"))
    assert "About us" in page
    assert "Privacy" not in page  # unpublished
    assert "Draft page" not in page  # never published
    assert "Contact" not in page  # not in menus
    assert client.get(url(world["privacy"], "en")).status_code == 404


def test_unpublishing_a_footer_page_removes_it_at_once(client, world):
    assert "About us" in footer(html(client, "/en/"))
    world["about"].unpublish()
    assert "About us" not in footer(html(client, "/en/"))


def test_footer_page_shows_its_text_with_its_language(client, world):
    about = world["about"]
    about.body_en = "<p>We run the hotline.</p>"
    about.save_revision().publish()
    assert '<div class="body" lang="en" dir="ltr"><p>We run the hotline.</p></div>' in html(
        client, url(about, "fr")
    )


def test_footer_pages_live_only_below_the_home_page(world):
    assert InfoPage.parent_page_types == ["campaigns.HomePage"]
    assert InfoPage.can_create_at(world["home"])
    assert not InfoPage.can_create_at(world["index"])


# --- The site's identity (Settings > Site identity) ----------------------------------------------


def test_header_shows_the_logo_and_name_from_the_settings(client, world):
    page = html(client, "/fr/")
    header = section(page, '<header class="site-header">', "</header>")
    logo = re.search(r'<img class="logo" src="([^"]+)" width="(\d+)" height="40" alt="">', header)
    assert logo, header
    assert logo.group(1).startswith("/") and logo.group(1).endswith(".webp")
    assert logo.group(2) == "120"  # 300 x 100 at 40 px high
    assert "<span>Voyages sûrs</span></a>" in header
    assert '<p class="organisation">© <span lang="en" dir="ltr">IOM</span></p>' in footer(page)


def test_without_settings_the_site_has_its_default_name_and_no_logo(client, world):
    SiteSettings.objects.all().delete()
    page = html(client, "/fr/")
    assert '<img class="logo"' not in page
    assert "<span>Campagnes de prévention</span></a>" in page
    assert title(page) == "Campagnes de prévention"
    assert 'class="organisation"' not in page


def test_changing_the_settings_shows_at_once(client, world):
    assert "Voyages sûrs" in html(client, "/fr/")
    identity = world["identity"]
    identity.site_name_fr = "Partir en sécurité"
    identity.logo = None
    identity.save()
    page = html(client, "/fr/")
    assert "<span>Partir en sécurité</span></a>" in page
    assert '<img class="logo"' not in page


def settings_url(world) -> str:
    return f"/admin/settings/campaigns/sitesettings/{world['identity'].pk}/"


def test_administrators_change_the_site_identity(client, world):
    client.force_login(role_user(ADMINISTRATORS))
    response = client.get(settings_url(world))
    assert response.status_code == 200
    assert 'name="site_name_fr"' in response.content.decode()


@pytest.mark.parametrize("role", [EDITORS, None])
def test_others_may_not_change_the_site_identity(client, world, role):
    if role:
        client.force_login(role_user(role))
    response = client.post(settings_url(world), {"site_name_fr": "Piraté"})
    assert response.status_code in (302, 403)
    if role:
        assert response.status_code == 403 or "/login/" not in response["Location"]
    else:
        assert "/login/" in response["Location"]
    assert SiteSettings.objects.get().site_name_fr == "Voyages sûrs"


def test_reading_the_identity_never_creates_the_settings(client, world):
    SiteSettings.objects.all().delete()
    html(client, "/en/")
    assert not SiteSettings.objects.exists()


# --- Translation status ---------------------------------------------------------------------------


def test_home_index_and_footer_pages_count_in_the_translation_status(world):
    home = translation_status(world["home"])
    assert home.counted_fields == ("title", "intro", "why_this_site")
    assert home["fr"].status == Status.COMPLETE
    assert home["ar"].status == Status.PARTIAL  # a title, no introduction
    assert home["ps"].status == Status.MISSING
    assert len(home.codes) == 16  # offered in every language
    about = translation_status(world["about"])
    assert about["fr"].status == Status.COMPLETE  # its only text is its title
    assert about["wo"].status == Status.MISSING
    index = translation_status(world["index"])
    assert index["en"].status == Status.COMPLETE


def test_translation_status_report_groups_them_as_the_whole_site(client, world):
    client.force_login(role_user(EDITORS))
    page = html(client, "/admin/reports/translation-status/")
    whole_site = section(page, "Whole site", "</tbody>")
    for title_text in ("Know the risks. Know your options.", "Campaigns", "About us"):
        assert title_text in whole_site
    assert "Le désert" not in whole_site


def test_tree_root_is_not_a_site_page(world):
    assert not hasattr(Page.get_first_root_node().specific, "fallback_chain")
