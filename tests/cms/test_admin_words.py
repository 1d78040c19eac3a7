"""Issue 12, items 9 and 10: what the admin's screens say, read as the people who use them.

Booleans as ticks and crosses (read out "Yes"/"No"), amounts through Babel, "—" for nothing, no
raw ID row, real page titles in the header and the browser tab, menu names per role, and French
screens without English leftovers or Wagtail's generated "Ajouter un(e) ...".
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.users.models import UserProfile

from campaigns.access.roles import TRANSLATORS
from campaigns.funding.currencies import format_money
from campaigns.models import Target
from tests.factories import (
    SuperUserFactory,
    agreement,
    allocation,
    module_data,
    reach_report,
    role_user,
)
from tests.reach.conftest import MARCH, build_world, fresh

EMPTY = "—"


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker), translation.override(settings.LANGUAGE_CODE):
        world = build_world()
        world.root = SuperUserFactory(username="root")
        world.translator = role_user(TRANSLATORS, "translator")
        world.agreement = agreement(amount="1200000.00")
        world.allocation = allocation(world.agreement, world.sn_campaign, amount="1500.00")
        world.report = reach_report(
            world.sn_campaign,
            world.iom_senegal,
            world.dakar,
            world.radio,
            MARCH,
            values={world.people: 40, world.broadcasts: 3},
        )
        world.target = Target.objects.create(
            campaign=world.sn_campaign, indicator=world.people, country=world.senegal, value=900
        )
        yield world


@pytest.fixture
def world(data, db):
    return fresh(data)


def page(client, url, user, language="en"):
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


def main_text(soup) -> str:
    main = soup.find("main")
    for hidden in main(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(main.get_text(" ").split())


def details(soup) -> dict[str, str]:
    """An inspect screen's label -> value rows (Wagtail's <dl>)."""
    rows = {}
    for dl in soup.select("main dl"):
        for dt in dl.find_all("dt"):
            dd = dt.find_next_sibling("dd")
            rows[" ".join(dt.get_text(" ").split())] = " ".join(dd.get_text(" ").split())
    return rows


def headings(soup) -> list[str]:
    return [" ".join(th.get_text(" ").split()) for th in soup.select("main table thead th")]


def breadcrumbs(soup) -> list[str]:
    return [" ".join(li.get_text(" ").split()) for li in soup.select("[data-w-breadcrumbs] li")]


def tab_title(soup) -> str:
    return " ".join(soup.title.get_text().split())


def report_url(name, report):
    return reverse(f"wagtailsnippets_campaigns_reachreport:{name}", args=[report.pk])


# --- Item 9: raw values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "listing",
    [
        "wagtailsnippets_campaigns_indicator:list",
        "wagtailsnippets_campaigns_funder:list",
        "wagtailsnippets_campaigns_material:list",
    ],
)
def test_listings_show_booleans_as_ticks_read_out_yes_or_no(client, world, listing):
    soup = page(client, reverse(listing), world.root)
    text = main_text(soup)
    assert not re.search(r"\b(True|False)\b", text), text
    cells = soup.select("main tbody td svg.icon-check, main tbody td svg.icon-cross")
    assert cells
    assert "Yes" in text and "No" in text


def test_the_agreement_screen_shows_its_amount_through_babel_and_no_id(client, world):
    url = reverse("wagtailsnippets_campaigns_fundingagreement:inspect", args=[world.agreement.pk])
    rows = details(page(client, url, world.root))
    assert "ID" not in rows
    assert rows["Amount"] == "€1,200,000.00"
    assert "1200000.00" not in rows.values()

    rows = details(page(client, url, world.root, "fr"))
    with translation.override("fr"):
        assert rows["Montant"] == " ".join(format_money(world.agreement.amount, "EUR").split())
    assert "1 200 000,00 €" in " ".join(rows["Montant"].replace("\u202f", " ").split())


def test_the_allocation_listing_heads_its_amount_amount(client, world):
    soup = page(client, reverse("wagtailsnippets_campaigns_allocation:list"), world.root)
    assert "Amount" in headings(soup)
    assert "Formatted amount" not in main_text(soup)
    url = reverse("wagtailsnippets_campaigns_allocation:inspect", args=[world.allocation.pk])
    rows = details(page(client, url, world.root))
    assert rows["Amount"] == "€1,500.00"
    assert "ID" not in rows


@pytest.mark.parametrize("who", ["root", "sn_reporter"])
def test_the_report_screen_says_a_dash_for_nothing(client, world, who):
    soup = page(client, report_url("inspect", world.report), getattr(world, who))
    rows = details(soup)
    assert rows["Material"] == EMPTY
    assert rows["Created by"] == EMPTY
    assert rows["Submitted by"] == EMPTY
    assert rows["Validated or returned by"] == EMPTY
    assert not re.search(r"\bNone\b", main_text(soup))


def test_the_indicator_screen_has_no_raw_values(client, world):
    url = reverse("wagtailsnippets_campaigns_indicator:inspect", args=[world.people.pk])
    soup = page(client, url, world.root)
    rows = details(soup)
    assert "ID" not in rows
    assert rows["Disaggregated by sex"] == "Yes"
    assert not re.search(r"\b(None|True|False)\b", main_text(soup))


def test_the_material_screen_reads_as_a_material_not_as_its_columns(client, world):
    url = reverse("wagtailsnippets_campaigns_material:inspect", args=[world.poster.pk])
    soup = page(client, url, world.root)
    rows = details(soup)
    assert "ID" not in rows and "Latest revision" not in rows and "Title [fr]" not in rows
    assert rows["Live"] == "Yes"
    assert rows["Expiry date/time"] == EMPTY
    assert not re.search(r"\b(None|True|False)\b", main_text(soup))


# --- Item 9: titles -----------------------------------------------------------------------------


def titled_screens(world):
    """(user, address, title) of our own screens, which used to be headed "Home" alone."""
    return [
        ("me_officer", reverse("reach_reports:lock_month"), "Lock a month"),
        ("me_officer", reverse("reach_reports:reopen_month"), "Reopen a month"),
        ("me_officer", reverse("reach_reports:months"), "Locked months"),
        ("sn_reporter", reverse("reach_reports:months"), "Locked months"),
        ("sn_reporter", reverse("reach_api_token"), "API token"),
        ("sn_reporter", reverse("reach_reports:submit", args=[world.report.pk]), "Submit"),
        ("root", reverse("reach_reports:submit", args=[world.report.pk]), "Submit"),
        ("root", reverse("reach_reports:revisions", args=[world.report.pk]), "Revisions"),
    ]


def test_our_screens_carry_their_title_in_the_header_and_the_tab(client, world):
    for who, url, title in titled_screens(world):
        soup = page(client, url, getattr(world, who))
        crumbs = breadcrumbs(soup)
        assert crumbs[-1].startswith(title), (url, crumbs)
        assert crumbs != ["Home"], url
        assert tab_title(soup).startswith(title), (url, tab_title(soup))


def test_a_step_is_placed_under_its_report(client, world):
    soup = page(client, reverse("reach_reports:submit", args=[world.report.pk]), world.sn_reporter)
    links = [a["href"] for a in soup.select("[data-w-breadcrumbs] a")]
    assert reverse("wagtailsnippets_campaigns_reachreport:list") in links
    assert report_url("inspect", world.report) in links


def test_browser_tabs_end_with_the_products_name(client, world):
    name = str(settings.WAGTAIL_SITE_NAME)  # a lazy translation: in the active language
    assert name and name != "Wagtail"
    for who, url in [
        ("root", "/admin/"),
        ("root", reverse("wagtailsnippets_campaigns_fundingagreement:list")),
        ("sn_reporter", reverse("wagtailsnippets_campaigns_reachreport:list")),
        ("sn_reporter", reverse("reach_api_token")),
    ]:
        title = tab_title(page(client, url, getattr(world, who)))
        assert title.endswith(f"- {name}"), title
        assert not title.endswith("- Wagtail"), title
    client.logout()
    response = client.get(reverse("wagtailadmin_login"))
    assert tab_title(BeautifulSoup(response.content.decode(), "html.parser")).endswith(name)


# --- Item 9: menus per role ---------------------------------------------------------------------


def menu(user) -> dict[str, list[str]]:
    """Top-level label -> the names of its submenu's items, as the user's sidebar has them."""
    request = RequestFactory().get("/admin/")
    request.user = user
    found = {}
    for item in admin_menu.menu_items_for_request(request):
        children = []
        if isinstance(item, SubmenuMenuItem):
            children = [child.name for child in item.menu.menu_items_for_request(request)]
        found[str(item.label)] = children
    return found


def test_the_admin_reports_menu_is_named_for_what_it_holds(world):
    sidebar = menu(world.root)
    assert "Reports" not in sidebar
    assert {"translation-status", "review-queue", "campaign-audit"} <= set(
        sidebar["Content reports"]
    )


def test_reporters_see_no_content_reports(client, world):
    sidebar = menu(world.sn_reporter)
    assert "Content reports" not in sidebar and "Reports" not in sidebar
    assert "Reach" in sidebar
    client.force_login(world.sn_reporter)
    response = client.get("/admin/reports/translation-status/")  # nor by typing the address
    assert response.status_code in (302, 403)


def test_me_officers_see_only_the_campaign_audit_among_content_reports(world):
    """The audit is theirs (campaigns.content.views.audit.AUDIT_ROLES); translation status,
    the reviewer's queue and Wagtail's page reports are not."""
    sidebar = menu(world.me_officer)
    assert sidebar["Content reports"] == ["campaign-audit"]
    assert "Reports" not in sidebar


def test_translators_see_translation_status_only(world):
    assert menu(world.translator)["Content reports"] == ["translation-status"]


# --- Item 10: French ----------------------------------------------------------------------------


def prefer_french(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    return user


ENGLISH_LEFTOVERS = re.compile(
    r"\b(Campaign|Region|Channel|Created by|Submitted by|Decided by|Material|None)\b|\(people\)"
)


@pytest.mark.parametrize("who", ["root", "sn_reporter"])
def test_the_report_listing_speaks_french(client, world, who):
    user = prefer_french(getattr(world, who))
    soup = page(client, reverse("wagtailsnippets_campaigns_reachreport:list"), user)
    columns = headings(soup)
    assert {"Campagne", "Organisation", "Région", "Canal"} <= set(columns), columns
    assert not ENGLISH_LEFTOVERS.search(" ".join(columns)), columns
    text = main_text(soup)
    assert "Ajouter un rapport de portée" in text
    assert "un(e)" not in text
    assert breadcrumbs(soup)[0] == "Accueil"  # Wagtail's snippet screens said "Home"


@pytest.mark.parametrize("who", ["root", "sn_reporter"])
def test_the_report_screen_speaks_french(client, world, who):
    user = prefer_french(getattr(world, who))
    soup = page(client, report_url("inspect", world.report), user)
    rows = details(soup)
    assert rows["Créé par"] == EMPTY
    assert rows["Soumis par"] == EMPTY
    assert rows["Support"] == EMPTY
    text = main_text(soup)
    assert "(personnes)" in text
    assert not ENGLISH_LEFTOVERS.search(text), ENGLISH_LEFTOVERS.search(text)


def test_the_report_form_speaks_french_units(client, world):
    """The figure grid of the edit form names each indicator's unit in the reader's language."""
    user = prefer_french(world.root)
    text = main_text(page(client, report_url("edit", world.report), user))
    assert "(personnes)" in text
    assert "(people)" not in text


def test_the_report_form_labels_speak_french(client, world):
    """The reach form's header fields are named in the reader's language (the model's foreign
    keys had no verbose name, so Django showed "Campaign", "Region"...)."""
    user = prefer_french(world.sn_reporter)
    soup = page(client, reverse("wagtailsnippets_campaigns_reachreport:add"), user)
    labels = {
        " ".join(label.get_text(" ").split()).removesuffix(" *")
        for label in soup.select("main label")
    }
    assert {"Campagne", "Région", "Canal", "Support"} <= labels, labels
    assert not {"Campaign", "Region", "Channel", "Material"} & labels, labels


def test_the_dashboard_offers_a_page_search_only_to_who_has_pages(client, world):
    """The dashboard's "Search all pages" sent a reporter to "you do not have permission"."""
    searches = page(client, "/admin/", world.sn_reporter).select("main form[role=search]")
    assert searches == []
    searches = page(client, "/admin/", world.root).select("main form[role=search]")
    assert len(searches) == 1
    assert client.get(searches[0]["action"], {"q": "Senegal"}).status_code == 200


def test_every_add_button_of_ours_is_a_french_sentence(client, world):
    user = prefer_french(world.root)
    expected = {
        "reachreport": "Ajouter un rapport de portée",
        "indicator": "Ajouter un indicateur",
        "target": "Ajouter une cible",
        "ageband": "Ajouter une tranche d’âge",
        "reportingorganisation": "Ajouter une organisation déclarante",
        "funder": "Ajouter un bailleur de fonds",
        "fundingagreement": "Ajouter une convention de financement",
        "allocation": "Ajouter une affectation",
        "material": "Ajouter un support",
        "country": "Ajouter un pays d’origine",
        "channel": "Ajouter un canal",
    }
    for model, label in expected.items():
        text = main_text(page(client, reverse(f"wagtailsnippets_campaigns_{model}:list"), user))
        assert label in text, (model, text[:300])
        assert "un(e)" not in text, model


def test_every_add_screen_of_ours_is_titled_by_a_french_sentence(client, world):
    user = prefer_french(world.root)
    expected = {
        "reachreport": "Nouveau rapport de portée",
        "indicator": "Nouvel indicateur",
        "target": "Nouvelle cible",
        "ageband": "Nouvelle tranche d’âge",
        "reportingorganisation": "Nouvelle organisation déclarante",
        "funder": "Nouveau bailleur de fonds",
        "fundingagreement": "Nouvelle convention de financement",
        "allocation": "Nouvelle affectation",
        "material": "Nouveau support",
        "country": "Nouveau pays d’origine",
        "channel": "Nouveau canal",
    }
    for model, title in expected.items():
        soup = page(client, reverse(f"wagtailsnippets_campaigns_{model}:add"), user)
        assert breadcrumbs(soup)[-1] == title, (model, breadcrumbs(soup))
        assert tab_title(soup).startswith(f"{title} - "), (model, tab_title(soup))
        assert "(le)" not in main_text(soup) and "(le)" not in tab_title(soup), model


def test_translator_languages_speak_french_sentences(client, world):
    user = prefer_french(world.root)
    text = main_text(page(client, reverse("translator_languages:index"), user))
    assert "Limiter un traducteur à certaines langues" in text and "un(e)" not in text
    soup = page(client, reverse("translator_languages:add"), user)
    assert breadcrumbs(soup)[-1] == "Limiter un traducteur à certaines langues"
    assert "(le)" not in tab_title(soup)


def test_french_menus_titles_and_lists(client, world):
    user = prefer_french(world.me_officer)
    request = RequestFactory().get("/admin/")
    request.user = user
    with translation.override("fr"):
        assert "Rapports de contenu" in menu(user)
    soup = page(client, reverse("reach_reports:lock_month"), user)
    assert breadcrumbs(soup)[-2:] == ["Mois verrouillés", "Verrouiller un mois"]
    soup = page(client, reverse("wagtailsnippets_campaigns_target:list"), user)
    assert {"Campagne", "Indicateur", "Pays"} <= set(headings(soup))
    soup = page(client, reverse("wagtailsnippets_campaigns_indicator:list"), user)
    text = main_text(soup)
    assert "Oui" in text and "Non" in text
    assert not re.search(r"\b(True|False|Yes)\b", text)
    assert "Unité" in headings(soup)
    assert "personnes" in text and not re.search(r"(?<![-\w])people(?![-\w])", text)
