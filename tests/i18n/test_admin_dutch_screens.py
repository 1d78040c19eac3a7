"""The Dutch admin has no English of ours left: block labels, model and field names, help texts.

The English words are built from the source, not typed here: every StreamField block's label and
help text (the page editor's block menu and block headers), every verbose name and help text of
the campaigns app's models and fields. A word whose Dutch is the same (``Video``, ``indicator``)
cannot be told apart and is left out. Each screen's interface text (text nodes, the labels and
help texts of the editor's block definitions, aria-labels, titles, placeholders) is compared with
these words whole, so content that merely contains an English word does not count.

Screens are opened by an administrator and by each role, all reading Dutch; a screen a role may
not open must refuse in Dutch too.
"""

import datetime
import html
import json
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils import translation
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.users.models import UserProfile

from campaigns.access.roles import (
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.content.blocks import CampaignBodyBlock
from tests.factories import (
    IndicatorFactory,
    OrganisationFactory,
    SuperUserFactory,
    module_data,
    reach_report,
    role_user,
)

LANGUAGE = "nl"
# Wagtail's own words that are also ours (its page "Title", its "Page" chooser): Wagtail's
# catalogue translates them, so they are checked all the same; nothing is excused here.
IGNORED: set[str] = set()


# --- Our English words, from the source ---------------------------------------------------------


def block_words(block, found=None) -> set:
    """Labels and help texts of a block and of every block inside it (lazy strings)."""
    found = set() if found is None else found
    for text in (block.meta.label, getattr(block.meta, "help_text", None)):
        if text:
            found.add(text)
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock):
        for child in block.child_blocks.values():
            block_words(child, found)
    elif isinstance(block, blocks.ListBlock):
        block_words(block.child_block, found)
    return found


def model_words() -> set:
    found = set()
    for model in apps.get_app_config("campaigns").get_models():
        options = model._meta
        found |= {options.verbose_name, options.verbose_name_plural}
        for field in options.get_fields(include_parents=False):
            if getattr(field, "model", None) is not model or not hasattr(field, "verbose_name"):
                continue
            if field.name == "id" or getattr(field, "translated_field", None) is not None:
                continue  # Django's "ID"; modeltranslation's "title [nl]" copies
            found |= {field.verbose_name, field.help_text or ""}
    return found - {""}


def english_and_dutch(texts) -> dict[str, str]:
    """{English: Dutch} for each text and its capitalised form, where the two differ."""
    pairs = {}
    for text in texts:
        with translation.override("en"):
            english = str(text)
        with translation.override(LANGUAGE):
            dutch = str(text)
        for english_form, dutch_form in ((english, dutch), (capfirst(english), capfirst(dutch))):
            if english_form != dutch_form and english_form not in IGNORED:
                pairs[english_form] = dutch_form
    return pairs


@pytest.fixture(scope="module")
def our_words():
    body = CampaignBodyBlock()
    return english_and_dutch(block_words(body) | model_words())


# --- A screen's interface text -------------------------------------------------------------------

UI_ATTRIBUTES = ("aria-label", "title", "placeholder", "data-panel-heading-text", "alt")
# Telepath's block definitions (the editor's StreamField) carry labels and help texts as JSON.
DEFINITION_TEXT = re.compile(r'"(?:label|description|helpText|help_text)":\s*"((?:[^"\\]|\\.)*)"')


class InterfaceText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "textarea"):
            self.skipping += 1  # content (and a rich text's raw value), not interface
        for name, value in attrs:
            if not value:
                continue
            if name in UI_ATTRIBUTES:
                self.texts.append(value)
            elif name.startswith("data-") and '"label"' in value:
                self.texts += [json.loads(f'"{match}"') for match in DEFINITION_TEXT.findall(value)]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "textarea") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(data)


def interface_texts(page: str) -> set[str]:
    parser = InterfaceText()
    parser.feed(page)
    # A definition's JSON may also sit in a <script type="application/json">.
    parser.texts += [
        json.loads(f'"{match}"') for match in DEFINITION_TEXT.findall(html.unescape(page))
    ]
    return {" ".join(text.split()).rstrip(":*").strip() for text in parser.texts}


def english_left(page: str, our_words: dict) -> list[str]:
    texts = interface_texts(page)
    return sorted(english for english in our_words if english in texts)


# --- Data and readers ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo's pages, materials and funding, one reach report, and a reader per role."""
    from tests.site.test_public_budgets import seed_public_demo

    with module_data(django_db_blocker):
        seed_public_demo()
        setup_roles()
        from campaigns.models import CampaignPage, Channel, Funder, Material

        campaign = CampaignPage.objects.filter(country__code="SN").order_by("path").first()
        country = campaign.country
        region = country.regions.first()
        if region is None:
            region = country.regions.create(code="SN-DK", name="Dakar")
        reporter = role_user(REPORTERS, "rapporteur")
        organisation = OrganisationFactory(
            name="Partner NGO Dakar", countries=[country], members=[reporter]
        )
        indicator = IndicatorFactory(code="people-reached", name_en="People reached")
        report = reach_report(
            campaign,
            organisation,
            region,
            Channel.objects.first(),
            datetime.date(2026, 1, 1),
            values={indicator: 120},
            created_by=reporter,
        )
        readers = {
            "admin": SuperUserFactory(username="lies"),
            REPORTERS: reporter,
            **{
                role: role_user(role, f"nl-{index}")
                for index, role in enumerate(
                    (EDITORS, TRANSLATORS, REVIEWERS, ME_OFFICERS, FINANCE)
                )
            },
        }
        for user in readers.values():
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = LANGUAGE
            profile.save()
        yield {
            "campaign": campaign.pk,
            "country": country.pk,
            "material": Material.objects.filter(campaign=campaign).first().pk,
            "funder": Funder.objects.first().pk,
            "indicator": indicator.pk,
            "report": report.pk,
            "readers": {name: user.pk for name, user in readers.items()},
        }


SNIPPETS = "/admin/snippets/campaigns"
SCREENS = {
    "page editor": "/admin/pages/{campaign}/edit/",
    "page usage": "/admin/pages/{campaign}/usage/",
    "materials": f"{SNIPPETS}/material/",
    "material editor": f"{SNIPPETS}/material/edit/{{material}}/",
    "material usage": f"{SNIPPETS}/material/usage/{{material}}/",
    "countries": f"{SNIPPETS}/country/",
    "country editor": f"{SNIPPETS}/country/edit/{{country}}/",
    "country usage": f"{SNIPPETS}/country/usage/{{country}}/",
    "channels": f"{SNIPPETS}/channel/",
    "funders": f"{SNIPPETS}/funder/",
    "funder editor": f"{SNIPPETS}/funder/edit/{{funder}}/",
    "funder usage": f"{SNIPPETS}/funder/usage/{{funder}}/",
    "agreements": f"{SNIPPETS}/fundingagreement/",
    "allocations": f"{SNIPPETS}/allocation/",
    "reach reports": f"{SNIPPETS}/reachreport/",
    "reach report": f"{SNIPPETS}/reachreport/inspect/{{report}}/",
    "reach report editor": f"{SNIPPETS}/reachreport/edit/{{report}}/",
    "reach report usage": f"{SNIPPETS}/reachreport/usage/{{report}}/",
    "indicators": f"{SNIPPETS}/indicator/",
    "indicator editor": f"{SNIPPETS}/indicator/edit/{{indicator}}/",
    "indicator usage": f"{SNIPPETS}/indicator/usage/{{indicator}}/",
    "targets": f"{SNIPPETS}/target/",
    "organisations": f"{SNIPPETS}/reportingorganisation/",
    "age bands": f"{SNIPPETS}/ageband/",
    "dashboard": "/admin/reporting/dashboard/",
    "overview": "/admin/reporting/overview/",
    "cost": "/admin/reporting/cost/",
    "languages": "/admin/reporting/languages/",
    "translation status": "/admin/reports/translation-status/",
    "admin home": "/admin/",
}


def url(world, screen: str) -> str:
    return SCREENS[screen].format(**world)


def login(client, world, reader):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(pk=world["readers"][reader]))


# --- Tests ---------------------------------------------------------------------------------------


def test_our_words_are_found_in_the_source(our_words):
    """The list is the source's: the block menu's words and our models' names are in it."""
    for english, dutch in [("Message", "Boodschap"), ("Quote", "Citaat"),
                           ("Question and answer", "Vraag en antwoord"),
                           ("Reach report", "Bereikrapport"), ("Regions", "Regio's")]:  # fmt: skip
        assert our_words.get(english) == dutch, english
    assert "Video" not in our_words  # the same word in Dutch: nothing to tell apart


def test_english_in_a_screen_is_caught(our_words):
    page = (
        '<label>Message</label><p aria-label="Vraag">Vraag</p>'
        '<div data-w-block-arguments-value="[{&quot;label&quot;: &quot;Quote&quot;}]"></div>'
        "<textarea>Question</textarea>"
    )
    assert english_left(page, our_words) == ["Message", "Quote"]


@pytest.mark.django_db
def test_the_page_editor_names_its_blocks_in_dutch(client, world, our_words):
    login(client, world, "admin")
    response = client.get(url(world, "page editor"))
    assert response.status_code == 200
    page = response.content.decode()
    texts = interface_texts(page)
    for dutch in ("Boodschap", "Citaat", "Vraag en antwoord", "Kernboodschap", "Tekst van de knop"):
        assert dutch in texts, dutch
    assert english_left(page, our_words) == []


@pytest.mark.django_db
@pytest.mark.parametrize("screen", list(SCREENS))
def test_an_administrator_reads_no_english_of_ours(client, world, our_words, screen):
    login(client, world, "admin")
    response = client.get(url(world, screen))
    assert response.status_code == 200, screen
    assert english_left(response.content.decode(), our_words) == [], screen


ROLES = (EDITORS, TRANSLATORS, REVIEWERS, REPORTERS, ME_OFFICERS, FINANCE)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_no_english_of_ours(client, world, our_words, role):
    """Every screen of ours a role opens is Dutch; the others refuse, in Dutch."""
    login(client, world, role)
    opened = []
    for name in SCREENS:
        response = client.get(url(world, name), follow=True)
        page = response.content.decode()
        assert english_left(page, our_words) == [], f"{role}: {name}"
        assert "you do not have permission" not in page, f"{role}: {name}"
        if response.status_code == 200 and not response.redirect_chain:
            opened.append(name)
    assert "admin home" in opened
    assert len(opened) > 1, f"{role} opened only {opened}"


@pytest.mark.django_db
def test_a_material_export_words_its_values_in_dutch(client, world):
    login(client, world, "admin")
    response = client.get("/admin/snippets/campaigns/material/?export=csv")
    rows = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Vaste identificatiecode,Titel,Campagne,Type,Talen,Live"), rows[0]
    assert all(not row.endswith((",True", ",False")) for row in rows[1:])
    assert any(row.endswith(",Ja") for row in rows[1:])
    assert not any(",poster," in row for row in rows[1:])  # the type's label, not its code
