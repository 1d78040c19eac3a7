"""Reports > Translation status: the matrix, its filters, the detail views and who sees what."""

import re

import pytest
from babel.numbers import format_percent
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.users.models import UserProfile

from campaigns.models import MaterialVersion
from campaigns.translation.units import current
from tests.factories import (
    CountryFactory,
    SuperUserFactory,
    UserFactory,
    admin_user,
    campaign_page,
    country_page,
    fresh,
    home_page,
    material,
    module_data,
)

pytestmark = pytest.mark.django_db

URL = "/admin/reports/translation-status/"


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """Senegal and Afghanistan, built once for the module and rolled back after its last test:
    every test after the first that asks for either sees both."""
    with module_data(django_db_blocker):
        home_page()
        page = country_page(title_fr="Sénégal", title_wo="Senegaal", title_ff="Senegaal")
        campaign = campaign_page(page, title_wo="Màndiŋ mi du yoon", objective_wo="Xamal ndaw ñi")
        poster = material(campaign, languages=("fr", "wo"), title_fr="Affiche")
        af_page = country_page(CountryFactory(code="AF", languages="fa-af, ps"), slug="af")
        af_campaign = campaign_page(
            af_page,
            slug="routes",
            title="Know the routes",
            title_ps="لارې",
            objective_ps="خبر اوسئ",
        )
        yield {"senegal": (page, campaign, poster), "afghanistan": (af_page, af_campaign)}


@pytest.fixture
def senegal(world_data, db):
    """Senegal (fr, wo, ff + en): a country page, a campaign and a poster (fetched again)."""
    return tuple(fresh(item) for item in world_data["senegal"])


@pytest.fixture
def afghanistan(world_data, db):
    return tuple(fresh(item) for item in world_data["afghanistan"])


@pytest.fixture
def admin(client, home):
    client.force_login(SuperUserFactory(username="root"))
    return client


def rows(html: str) -> list[str]:
    """The titles of the matrix's rows, in order."""
    return re.findall(r'<th scope="row" class="ts-item">\s*<a href="[^"]+">([^<]+)</a>', html)


def group(html: str, slug: str) -> str:
    """One group's table (a country's code, or "site" for the pages of the whole site)."""
    match = re.search(rf'data-group="{slug}">(.*?)</table>', html, re.S)
    assert match, slug
    return match.group(1)


def columns(table: str) -> list[str]:
    """The language codes of a group's columns."""
    return re.findall(
        r'<th scope="col" class="ts-lang">\s*<span class="ts-lang__native" lang="([^"]+)"', table
    )


def row_of(table: str, title: str) -> str:
    match = re.search(rf">{re.escape(title)}</a>(.*?)</tr>", table, re.S)
    assert match, title
    return match.group(1)


def cell(row: str, code: str) -> str:
    match = re.search(
        rf'<(td|li) class="ts-cell[^"]*" data-language="{code}">(.*?)</\1>', row, re.S
    )
    assert match, code
    return match.group(2)


def test_anonymous_is_sent_to_login(client, home):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_in_the_reports_menu(admin):
    assert URL in admin.get("/admin/").content.decode()


def test_matrix(admin, senegal, afghanistan):
    page, campaign, poster = senegal
    response = admin.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == [
        "Know the risks. Know your options.",  # the pages of the whole site come first
        "Campaigns",
        "Afghanistan",
        "Know the routes",
        "Senegal",
        "The desert is not a road",
        "Poster",
    ]
    # Columns: every language offered, native name with its own lang and dir.
    assert '<span class="ts-lang__native" lang="wo" dir="ltr">Wolof</span>' in html
    assert 'lang="fa-af" dir="rtl">دری</span>' in html
    assert 'lang="ps" dir="rtl">پښتو</span>' in html
    # Cells: an accessible label and the count, linking to the editor open on that language.
    assert "Complete" in html and "Partly translated" in html and "Not translated" in html
    assert "2 / 2 fields" in html
    assert f'href="/admin/pages/{campaign.pk}/edit/?language=wo"' in html
    assert f'href="/admin/snippets/campaigns/material/edit/{poster.pk}/?language=fr"' in html
    assert '<span class="w-sr-only">Edit in Wolof: </span>' in html
    assert "Language version: yes" in html and "Language version: none" in html
    # Rows link to the field-by-field detail.
    assert f'href="{URL}page/{campaign.pk}/"' in html
    assert f'href="{URL}material/{poster.pk}/"' in html


def test_each_country_shows_only_its_own_languages(admin, senegal, afghanistan):
    """Its languages then the site-wide ones (en, fr), not the 16 of the site."""
    html = admin.get(URL).content.decode()
    senegal_table = group(html, "SN")
    assert columns(senegal_table) == ["fr", "wo", "ff", "en"]
    assert columns(group(html, "AF")) == ["fa-af", "ps", "en", "fr"]
    assert "Not offered in this language" not in html  # no empty column
    # Each cell opens the editor on its own language.
    _page, campaign, _poster = senegal
    row = row_of(senegal_table, campaign.title)
    for code in ("fr", "wo", "ff", "en"):
        assert f'href="/admin/pages/{campaign.pk}/edit/?language={code}"' in cell(row, code)


def test_the_whole_sites_pages_list_every_language_as_chips(admin, senegal, afghanistan, home):
    html = admin.get(URL).content.decode()
    site = group(html, "site")
    assert "ts-matrix--chips" in site
    assert columns(site) == []  # no column per language: 16 would not fit
    home_row = row_of(site, home.title)
    assert len(re.findall(r'<li class="ts-cell', home_row)) == 16
    assert f'href="/admin/pages/{home.pk}/edit/?language=ti"' in cell(home_row, "ti")
    assert 'lang="ti" dir="ltr">ትግርኛ</span>' in cell(home_row, "ti")


def test_filter_by_country(admin, senegal, afghanistan):
    af_page, _campaign = afghanistan
    html = admin.get(URL, {"country": af_page.country.pk}).content.decode()
    assert rows(html) == ["Afghanistan", "Know the routes"]
    assert 'lang="wo"' not in html


def test_filter_by_campaign(admin, senegal, afghanistan):
    _page, campaign, _poster = senegal
    html = admin.get(URL, {"campaign": campaign.pk}).content.decode()
    assert rows(html) == ["The desert is not a road", "Poster"]


def test_a_campaign_of_another_country_leaves_the_country_filter(admin, senegal, afghanistan):
    _page, campaign, _poster = senegal
    af_page, _af_campaign = afghanistan
    params = {"country": af_page.country.pk, "campaign": campaign.pk}
    html = admin.get(URL, params).content.decode()
    assert rows(html) == ["Afghanistan", "Know the routes"]


def test_filter_missing_in_language(admin, senegal, afghanistan):
    # Wolof: the country page has its title, the campaign its title and objective; the poster
    # has no Wolof title. Only the poster still needs work.
    # The home and index pages have no Wolof text either.
    html = admin.get(URL, {"missing_in": "wo"}).content.decode()
    assert rows(html) == ["Know the risks. Know your options.", "Campaigns", "Poster"]
    # Pashto: only Afghanistan offers it; its country page has no Pashto title.
    html = admin.get(URL, {"missing_in": "ps"}).content.decode()
    assert rows(html) == ["Know the risks. Know your options.", "Campaigns", "Afghanistan"]


def test_results_fragment_for_the_filters(admin, senegal, afghanistan):
    response = admin.get(f"{URL}results/", {"missing_in": "wo"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert rows(html) == ["Know the risks. Know your options.", "Campaigns", "Poster"]


def test_no_match(admin, senegal):
    page, _campaign, _poster = senegal
    html = admin.get(URL, {"missing_in": "ti", "country": page.country.pk}).content.decode()
    assert rows(html) == []
    assert "No page or material matches these filters." in html


def test_summary_formatted_in_the_admin_users_language(client, home, senegal):
    user = SuperUserFactory(username="marie")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert '<html lang="fr"' in html
    # Wolof: 2 of 5 items complete (not the home and index pages); Fulah: 1 of 5 (the country
    # page's title).
    two_fifths = format_percent(2 / 5, locale="fr")
    assert two_fifths in ("40\xa0%", "40\u202f%")  # a no-break space before the sign
    assert f'<span class="ts-percent">{two_fifths}</span>' in html
    assert f'<span class="ts-percent">{format_percent(1 / 5, locale="fr")}</span>' in html
    assert '<span class="ts-percent">40%</span>' not in html


def test_summary_in_english(admin, senegal):
    html = admin.get(URL).content.decode()
    assert '<span class="ts-percent">40%</span>' in html
    assert '<span class="ts-percent">100%</span>' in html  # English


# --- Out of date ---------------------------------------------------------------------------------


def change(page, **values):
    """Save a revision of the page's latest version with these values, as the editor does."""
    page = current(page)
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision()


def test_a_changed_source_shows_its_translation_out_of_date(admin, senegal):
    _page, campaign, _poster = senegal
    # Its Wolof objective was translated from the English (it has no French).
    change(campaign, objective="Tell young people what the desert route really costs.")
    html = admin.get(URL).content.decode()
    row = row_of(group(html, "SN"), campaign.title)
    wolof = cell(row, "wo")
    assert "1 text out of date" in wolof
    assert "Complete" in wolof  # still complete: out of date is said beside it
    assert f'href="/admin/pages/{campaign.pk}/edit/?language=wo"' in wolof
    assert "out of date" not in cell(row, "fr") + cell(row, "ff") + cell(row, "en")
    summary_wolof = re.search(r'lang="wo"[^>]*>Wolof</span>.*?</tr>', html, re.S).group(0)
    assert re.findall(r'<td class="ts-num">([^<]*)</td>', summary_wolof)[-1] == "1"

    html = admin.get(URL, {"out_of_date_in": "wo"}).content.decode()
    assert rows(html) == [campaign.title]
    assert rows(admin.get(URL, {"out_of_date_in": "ff"}).content.decode()) == []

    detail = admin.get(f"{URL}page/{campaign.pk}/").content.decode()
    wolof_row = re.search(r'id="language-wo">(.*?)</tr>', detail, re.S).group(1)
    assert "1 text out of date" in wolof_row
    assert wolof_row.count('<span class="ts-cell__stale">') == 2  # the status and the field
    assert "ts-cell__stale" not in re.search(r'id="language-en">(.*?)</tr>', detail, re.S).group(1)


def test_the_translation_edited_is_up_to_date_again(admin, senegal):
    _page, campaign, _poster = senegal
    change(campaign, objective="Tell young people what the desert route really costs.")
    change(campaign, objective_wo="Xamal ndaw ñi li yoon wi di jar")
    html = admin.get(URL).content.decode()
    assert "out of date" not in cell(row_of(group(html, "SN"), campaign.title), "wo")


def test_an_out_of_date_material(admin, senegal):
    _page, _campaign, poster = senegal
    poster = current(poster)
    poster.title_wo = "Afiis"
    poster.save_revision()
    poster = current(poster)
    poster.title_fr = "Affiche, deuxième édition"  # Senegal's Wolof is translated from French
    poster.save_revision()
    html = admin.get(URL).content.decode()
    row = row_of(group(html, "SN"), "Poster")  # the live title; the draft is counted
    assert "1 text out of date" in cell(row, "wo")
    assert f'href="/admin/snippets/campaigns/material/edit/{poster.pk}/?language=wo"' in cell(
        row, "wo"
    )


def build_country(code, languages, n_campaigns, n_materials):
    """A country whose materials are drafts with a title translated into its first language,
    then changed in English: that translation is out of date."""
    page = country_page(CountryFactory(code=code, languages=languages), slug=code.lower())
    first = languages.split(",")[0].strip().replace("-", "_")
    for i in range(n_campaigns):
        campaign = campaign_page(page, slug=f"c{i}", title=f"Campaign {code} {i}")
        for j in range(n_materials):
            item = material(campaign, languages=("en", "fr"), title=f"Material {j}")
            item.title_wo = "Draft translation"
            setattr(item, f"title_{first}", "ترجمه")
            item.save_revision()  # unpublished changes: read from the revision
            item.title = f"Material {j}, second edition"
            item.save_revision()
            MaterialVersion.objects.create(material=item, language="ar", text="نص")


def queries(client, **params) -> int:
    client.get(URL, params)  # warm what lives outside the cache (content types...)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("superuser_view", [True, False], ids=["superuser", "page editor"])
def test_query_count_does_not_grow_with_items(
    client, home, world_data, django_assert_max_num_queries, superuser_view
):
    # The module's Senegal and Afghanistan (five rows) are there; this test's country is Guinea.
    first = country_page(CountryFactory(code="GN", languages="fr, wo"))
    campaign = campaign_page(first)
    material(campaign, languages=("fr",))
    if superuser_view:
        user = SuperUserFactory(username="root")
    else:
        user = admin_user(editable_pages=[first], permissions=["campaigns.change_material"])
    client.force_login(user)
    filtered = {"missing_in": "fr", "country": first.country.pk, "campaign": campaign.pk}
    small, small_filtered = queries(client), queries(client, **filtered)

    build_country("PK", "fa-af, ps", n_campaigns=3, n_materials=4)  # AF is the module's
    build_country("IQ", "ar, ckb", n_campaigns=3, n_materials=4)
    for n in range(3):
        material(campaign, languages=("fr", "wo"), title=f"Leaflet {n}")
    cache.clear()
    with django_assert_max_num_queries(small):
        html = client.get(URL).content.decode()
    assert len(rows(html)) == 2 + 5 + 2 + 4 + 2 * (1 + 3 + 3 * 4)  # home and index first
    assert html.count("1 text out of date") == 2 * 3 * 4  # every material of PK and IQ
    cache.clear()
    with django_assert_max_num_queries(small_filtered):
        html = client.get(URL, filtered).content.decode()
    assert len(rows(html)) == 5
    # 19 before the pages of the whole site joined (a query per page type, and the workflow
    # prefetch of each type with pages), 24 for a page editor; 25 with the stale translations'
    # rows (one query for every item).
    assert small <= 25, small


def test_editors_get_edit_links_only_for_what_they_may_edit(client, home, senegal, afghanistan):
    page, campaign, poster = senegal
    af_page, af_campaign = afghanistan
    client.force_login(admin_user(editable_pages=[page]))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/admin/pages/{page.pk}/edit/?language=wo"' in html
    assert f'href="/admin/pages/{campaign.pk}/edit/?language=ff"' in html
    assert f"/admin/pages/{af_page.pk}/edit/" not in html
    assert f"/admin/pages/{af_campaign.pk}/edit/" not in html
    assert "/admin/snippets/campaigns/material/edit/" not in html  # no material permission
    # They still see the status of everything, and its detail.
    assert "Know the routes" in html
    assert f'href="{URL}page/{af_campaign.pk}/"' in html


def test_translator_without_page_permissions(client, home, senegal):
    """A translator of materials only reads every status, with no edit link to pages."""
    client.force_login(admin_user(username="reader", permissions=["campaigns.change_material"]))
    html = client.get(URL).content.decode()
    assert not re.search(r'href="/admin/pages/\d+/edit/"', html)
    assert "Partly translated" in html


def test_admin_users_outside_the_content_roles_are_refused(client, home, senegal):
    """A reporter, finance or M&E officer (admin access, no content permission): issue 10."""
    client.force_login(admin_user(username="outsider"))
    response = client.get(URL)
    assert response.status_code in {302, 403}
    assert b"Partly translated" not in response.content


def test_user_without_admin_access_is_refused(client, home, senegal):
    client.force_login(UserFactory(username="public"))
    response = client.get(URL)
    assert response.status_code in (302, 403)


# --- Detail views --------------------------------------------------------------------------------


def test_page_detail(admin, senegal):
    _page, campaign, _poster = senegal
    response = admin.get(f"{URL}page/{campaign.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The desert is not a road" in html
    for label in ("Title", "Objective"):
        assert f'<th scope="col">{label}</th>' in html
    assert "Not counted, because no language has text for them yet:" in html
    assert "target audiences, key messages, body" in html
    assert 'id="language-wo"' in html and 'id="language-ff"' in html
    assert 'id="language-ar"' not in html  # not offered in Senegal
    assert html.count("Has text") == 4  # title and objective, in English and in Wolof
    assert f'href="/admin/pages/{campaign.pk}/edit/"' in html


def test_material_detail(admin, senegal):
    _page, _campaign, poster = senegal
    response = admin.get(f"{URL}material/{poster.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Poster" in html
    assert '<th scope="col">Language version</th>' in html
    assert f'href="/admin/snippets/campaigns/material/edit/{poster.pk}/"' in html


def test_detail_without_edit_permission_has_no_edit_link(client, home, senegal):
    _page, campaign, _poster = senegal
    client.force_login(admin_user(username="reader"))
    html = client.get(f"{URL}page/{campaign.pk}/").content.decode()
    assert "/edit/" not in html


def test_detail_404(admin, home, senegal):
    root = home.get_parent()  # the tree's root: a page type without a translation status
    # follow=True: LocaleMiddleware currently redirects every admin 404 to /en/admin/...
    for url in (f"{URL}page/999999/", f"{URL}material/999999/", f"{URL}page/{root.pk}/"):
        assert admin.get(url, follow=True).status_code == 404, url


def test_detail_requires_login(client, senegal):
    _page, campaign, _poster = senegal
    response = client.get(f"{URL}page/{campaign.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# --- Links from the editor and the snippet listing -----------------------------------------------


def test_page_editor_links_to_the_status(admin, senegal):
    _page, campaign, _poster = senegal
    html = admin.get(f"/admin/pages/{campaign.pk}/edit/").content.decode()
    assert f"{URL}page/{campaign.pk}/" in html


def test_home_page_editor_links_to_the_status(admin, home):
    html = admin.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    assert f"{URL}page/{home.pk}/" in html


def test_material_listing_links_to_the_status(admin, senegal):
    _page, _campaign, poster = senegal
    html = admin.get("/admin/snippets/campaigns/material/").content.decode()
    assert f"{URL}material/{poster.pk}/" in html
