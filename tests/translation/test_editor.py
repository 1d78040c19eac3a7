"""The editor a translator needs (campaigns.translation.editor): which languages the page and
material editors show and fold, which one they open on, and the source text above each field
being translated; through the real admin views, as the translator and as an editor."""

import json

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from wagtail.models import Page

from campaigns.access.roles import EDITORS, TRANSLATORS, setup_roles
from campaigns.content.models.countries import content_language_codes
from campaigns.models import Channel, Material, TranslatorLanguages
from campaigns.translation import editor
from tests.admin_forms import form_data
from tests.factories import (
    ChannelFactory,
    CountryFactory,
    campaign_page,
    country_page,
    home_page,
    material,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db

SENEGAL = ["fr", "wo", "ff", "en"]  # its languages (fr, wo, ff), then the site-wide en
BODY = [
    {"type": "text", "value": "<p>Cross the sea <b>only</b> with papers.</p>"},
    {"type": "key_message", "value": {"message": "Call the hotline first."}},
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Senegal's campaign written in English only, Morocco's in Arabic: built once for the
    module, rolled back after its last test."""
    with module_data(django_db_blocker):
        home_page()
        setup_roles()
        senegal = campaign_page(
            objective="Know the <real> risks & the costs.\nThen decide.", body_en=BODY
        )
        morocco = CountryFactory(code="MA", languages="ar, fr, zgh")
        rabat = campaign_page(
            parent=country_page(morocco),
            slug="rabat",
            objective="Tell young people the real risks.",
            objective_ar="أخبر الشباب بالمخاطر الحقيقية.",
        )
        poster = material(senegal, title="Poster: the desert", usage_notes="Print in A3.")
        yield {"senegal": senegal, "rabat": rabat, "poster": poster.pk}


@pytest.fixture
def senegal(world, db):
    return Page.objects.get(pk=world["senegal"].pk).specific


@pytest.fixture
def rabat(world, db):
    return Page.objects.get(pk=world["rabat"].pk).specific


@pytest.fixture
def poster(world, db):
    return Material.objects.get(pk=world["poster"])


def translator(*codes, username="moussa"):
    user = role_user(TRANSLATORS, username=username)
    TranslatorLanguages.objects.update_or_create(user=user, defaults={"languages": list(codes)})
    return user


@pytest.fixture
def wolof_translator(world):
    return translator("wo")


@pytest.fixture
def an_editor(world):
    return role_user(EDITORS, username="awa")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(page, language=None):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    return f"{url}?language={language}" if language else url


def material_url(item, language=None):
    url = reverse(Material.snippet_viewset.get_url_name("edit"), args=[item.pk])
    return f"{url}?language={language}" if language else url


def screen(user, url) -> BeautifulSoup:
    response = client_for(user).get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def config_of(soup) -> dict:
    element = soup.find("script", id=editor.CONFIG_ID)
    assert element is not None, "no language settings on this screen"
    return json.loads(element.string)


def source_of(soup, field):
    """The source box above ``field`` (``None`` when there is none)."""
    return soup.find(id=f"{field}-source")


# --- Which languages, and which one the screen opens on ----------------------------------------


def test_the_items_languages_come_first_and_the_others_are_folded(senegal, an_editor):
    languages = editor.editor_languages(senegal, an_editor)
    assert languages.offered == SENEGAL
    assert languages.folded == [code for code in content_language_codes() if code not in SENEGAL]
    assert languages.opening == settings.LANGUAGE_CODE  # an editor writes the source


def test_a_translator_opens_on_their_first_language_the_item_offers(senegal, world):
    assert editor.editor_languages(senegal, translator("wo")).opening == "wo"
    nigeria = country_page(CountryFactory(code="NG", languages="en, ha"))
    lagos = campaign_page(parent=nigeria, slug="lagos")
    # Wolof comes first in the site's order, but Nigeria's pages are not offered in it.
    limited = translator("wo", "ha", username="bello")
    assert editor.editor_languages(lagos, limited).opening == "ha"


def test_a_translator_whose_languages_the_item_lacks_opens_on_their_first(senegal, world):
    languages = editor.editor_languages(senegal, translator("ar", "ti"))
    assert languages.opening == "ar"
    assert "ar" in languages.folded and "ar" in languages.editing


def test_the_language_asked_for_wins_for_everybody(senegal, an_editor, wolof_translator):
    assert editor.editor_languages(senegal, an_editor, requested="ff").opening == "ff"
    assert editor.editor_languages(senegal, wolof_translator, requested="en").opening == "en"
    # A folded language opens too: it is still reachable.
    assert editor.editor_languages(senegal, an_editor, requested="ha").opening == "ha"


@pytest.mark.parametrize(
    "query, expected",
    [("wo", "wo"), ("WO", "wo"), (" ff ", "ff"), ("xx", None), ("", None), ("en-gb", None)],
)
def test_only_a_content_language_is_taken_from_the_query(query, expected):
    request = RequestFactory().get("/", {"language": query})
    assert editor.requested_language(request) == expected


def test_a_material_offers_its_campaigns_languages(poster):
    assert editor.offered_languages(poster) == SENEGAL


def test_a_new_page_offers_its_parents_languages(senegal):
    from campaigns.models import CampaignPage

    parent = senegal.get_parent()
    assert editor.offered_languages(CampaignPage(), parent=parent) == SENEGAL


# --- On the edit screens -------------------------------------------------------------------------


def test_the_translator_opens_the_page_on_wolof_with_senegals_languages(senegal, wolof_translator):
    config = config_of(screen(wolof_translator, page_url(senegal)))
    assert config["opening"] == "wo"
    assert config["offered"] == SENEGAL
    assert "ha" in config["folded"] and "wo" not in config["folded"]
    assert config["names"]["wo"] == "Wolof"
    assert config["otherLanguages"] == "Other languages"


def test_the_editor_opens_on_english_or_the_language_asked_for(senegal, an_editor):
    assert config_of(screen(an_editor, page_url(senegal)))["opening"] == "en"
    assert config_of(screen(an_editor, page_url(senegal, "ff")))["opening"] == "ff"


def test_the_material_editor_shows_its_campaigns_languages(poster, wolof_translator):
    soup = screen(wolof_translator, material_url(poster))
    config = config_of(soup)
    assert (config["offered"], config["opening"]) == (SENEGAL, "wo")
    box = source_of(soup, "title_wo")
    assert box.find(class_="translator-source__label").get_text() == "Source (English)"
    assert box.find(lang="en").get_text(strip=True) == "Poster: the desert"


def test_english_is_the_source_beside_wolof_while_french_is_empty(senegal, wolof_translator):
    soup = screen(wolof_translator, page_url(senegal))
    box = source_of(soup, "objective_wo")
    assert box["role"] == "group"
    label = box.find(id=box["aria-labelledby"])
    assert label.get_text() == "Source (English)"
    text = box.find(class_="translator-source__text")
    assert (text["lang"], text["dir"]) == ("en", "ltr")
    # Plain text as text: its markup characters escaped, its lines kept.
    assert text.get_text("\n", strip=True) == "Know the <real> risks & the costs.\nThen decide."
    assert text.find("real") is None
    # In the Wolof field's own panel, before its input.
    panel = box.find_parent(class_="w-panel__content")
    assert panel.find("textarea", attrs={"name": "objective_wo"}) is not None
    assert box.find_next("textarea")["name"] == "objective_wo"


def test_french_is_the_source_beside_wolof_once_senegals_first_language_has_text(
    senegal, wolof_translator
):
    senegal.objective_fr = "Connaître les vrais risques."
    senegal.save_revision()
    box = source_of(screen(wolof_translator, page_url(senegal)), "objective_wo")
    assert box.find(class_="translator-source__label").get_text() == "Source (French)"
    text = box.find(class_="translator-source__text")
    assert text["lang"] == "fr"
    assert text.get_text(strip=True) == "Connaître les vrais risques."


def test_a_streams_texts_come_folded_with_rich_text_rendered(senegal, wolof_translator):
    box = source_of(screen(wolof_translator, page_url(senegal)), "body_wo")
    assert box.name == "details" and "open" not in box.attrs
    assert box.summary.get_text() == "Source (English)"
    blocks = box.find_all(class_="translator-source__block")
    assert [block.get_text(strip=True) for block in blocks] == [
        "Cross the seaonlywith papers.",
        "Call the hotline first.",
    ]
    assert blocks[0].find("b").get_text() == "only"  # rendered, not shown as markup


def test_a_rich_text_field_is_shown_rendered(world, wolof_translator):
    country = Page.objects.get(pk=world["senegal"].get_parent().pk).specific
    country.intro_en = '<p>Leave <b>safely</b>, <a href="https://example.org">read more</a>.</p>'
    country.save_revision()
    box = source_of(screen(wolof_translator, page_url(country)), "intro_wo")
    assert box.find("b").get_text() == "safely"
    assert box.find("a")["href"] == "https://example.org"


def test_a_rich_source_is_cleaned_before_the_admin_shows_it(world, wolof_translator):
    """Text that reached the database without the editor (an import, code) runs no script in
    the admin."""
    country = Page.objects.get(pk=world["senegal"].get_parent().pk).specific
    country.intro_en = (
        '<p>Hello <a href="javascript:alert(1)">here</a> <b onmouseover="alert(1)">now</b>'
        "<script>alert(2)</script></p>"
    )
    country.save_revision()
    box = source_of(screen(wolof_translator, page_url(country)), "intro_wo")
    assert box.find("script") is None
    assert not box.find("a").has_attr("href")
    assert box.find("b").attrs == {}


def test_right_to_left_sources_are_marked_so(rabat, world):
    box = source_of(screen(translator("zgh"), page_url(rabat)), "objective_zgh")
    text = box.find(class_="translator-source__text")
    assert (text["lang"], text["dir"]) == ("ar", "rtl")
    assert box.find(class_="translator-source__label").get_text() == "Source (Arabic)"


def test_sources_stand_beside_the_languages_being_edited_only(senegal, wolof_translator, an_editor):
    senegal.objective_fr = "Connaître les vrais risques."  # a source even for English
    senegal.save_revision()
    mine = screen(wolof_translator, page_url(senegal))
    assert source_of(mine, "objective_wo") is not None
    assert source_of(mine, "objective_fr") is None  # not theirs
    assert source_of(mine, "objective_en") is None  # English is where the text comes from
    assert source_of(mine, "code") is None  # not translated
    editors = screen(an_editor, page_url(senegal))
    assert {
        field
        for field in ("objective_fr", "objective_wo", "objective_ff", "objective_ha")
        if source_of(editors, field) is not None
    } == {"objective_fr", "objective_wo", "objective_ff"}  # the languages Senegal offers
    assert source_of(editors, "objective_en") is None  # where editors write
    asked = screen(an_editor, page_url(senegal, "ha"))
    assert source_of(asked, "objective_ha") is not None


def test_a_new_pages_editor_shows_its_parents_languages_and_no_source(senegal, an_editor):
    parent = senegal.get_parent()
    url = reverse("wagtailadmin_pages:add", args=["campaigns", "campaignpage", parent.pk])
    soup = screen(an_editor, url)
    assert config_of(soup)["offered"] == SENEGAL
    assert soup.find(class_="translator-source") is None


def test_other_admin_forms_are_left_alone(world, an_editor):
    from django.contrib.auth import get_user_model

    channel = ChannelFactory(name_en="Radio", name_fr="Radio")
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    url = reverse(Channel.snippet_viewset.get_url_name("edit"), args=[channel.pk])
    soup = screen(admin, url)
    assert soup.find("script", id=editor.CONFIG_ID) is None
    assert soup.find(class_="translator-source") is None


# --- Nothing leaks -------------------------------------------------------------------------------


def test_opening_on_english_lets_a_translator_change_no_english(senegal, wolof_translator):
    client = client_for(wolof_translator)
    response = client.get(page_url(senegal, "en"))
    data = form_data(response.context["form"])
    data["objective_en"] = "Another objective"
    revisions = senegal.revisions.count()
    response = client.post(page_url(senegal, "en"), data)
    assert response.status_code == 200
    assert "You translate into Wolof only; this field is in English." in response.content.decode()
    assert senegal.revisions.count() == revisions


def test_the_translator_saves_their_wolof_from_the_screen_they_were_shown(
    senegal, wolof_translator
):
    client = client_for(wolof_translator)
    response = client.get(page_url(senegal))
    data = form_data(response.context["form"])
    data["objective_wo"] = "Xamal ndaw ñi."
    response = client.post(page_url(senegal), data)
    assert response.status_code == 302
    saved = Page.objects.get(pk=senegal.pk).specific.get_latest_revision_as_object()
    assert saved.objective_wo == "Xamal ndaw ñi."
    assert saved.objective_en == senegal.objective_en


# --- Staying on a language after a save ----------------------------------------------------------


def save_draft(client, url, language, **changes):
    data = form_data(client.get(url).context["form"])
    data.update(changes, translator_language=language)
    return client.post(url, data)


def test_after_save_draft_the_editor_reopens_on_the_language_worked_in(senegal, rabat, an_editor):
    client = client_for(an_editor)
    response = save_draft(client, page_url(senegal, "ff"), "ff", objective_ff="Anndin.")
    assert response.status_code == 302 and "language=" not in response["Location"]
    after = client.get(response["Location"])
    assert config_of(BeautifulSoup(after.content, "html.parser"))["opening"] == "ff"
    # For that item only; and a language asked for still wins.
    assert config_of(screen(an_editor, page_url(rabat)))["opening"] == "en"
    soup = BeautifulSoup(client.get(page_url(senegal, "fr")).content, "html.parser")
    assert config_of(soup)["opening"] == "fr"


def test_a_material_reopens_on_the_language_worked_in(poster, wolof_translator):
    client = client_for(wolof_translator)
    url = material_url(poster)
    response = save_draft(client, url, "wo", title_wo="Afis: màndiŋ mi")
    assert response.status_code == 302
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert config_of(soup)["opening"] == "wo"
    save_draft(client, url, "en")  # the translator looked at the English last: reopens there
    assert config_of(BeautifulSoup(client.get(url).content, "html.parser"))["opening"] == "en"


def test_a_refused_form_shows_again_on_the_posted_language(senegal, wolof_translator):
    client = client_for(wolof_translator)
    response = save_draft(client, page_url(senegal), "ff", objective_en="Another objective")
    assert response.status_code == 200
    assert config_of(BeautifulSoup(response.content, "html.parser"))["opening"] == "ff"


@pytest.mark.parametrize("posted", ["xx", "<script>", "", "WO "])
def test_only_a_content_language_is_remembered(senegal, an_editor, posted):
    client = client_for(an_editor)
    assert save_draft(client, page_url(senegal), posted).status_code == 302
    remembered = client.session.get(editor.SESSION_KEY, {})
    expected = "wo" if posted.strip().lower() == "wo" else None
    assert remembered.get(f"campaigns.campaignpage:{senegal.pk}") == expected
