"""The admin in Dutch (and French): complete catalogues, and our screens without English.

The Belgian funder's reviewers read the admin in Dutch. Each screen test asks the catalogue for
the words it expects (so a missing translation fails too), then checks that the English words are
gone: page titles, chooser buttons Wagtail builds from our model names, the headings of a streamed
CSV export, a refusal message, content language names.
"""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from campaigns.access.roles import EDITORS, setup_roles
from campaigns.models import Funder
from tests.factories import SuperUserFactory, campaign_page, material, role_user

CHECKED_LANGUAGES = ("nl", "fr")  # the languages the team can check; never the others


def catalogue_problems(path: Path) -> list[str]:
    """Messages of a catalogue that are untranslated (any plural form empty) or fuzzy."""
    with path.open("rb") as po_file:
        catalog = read_po(po_file)
    problems = []
    for message in catalog:
        if not message.id:
            continue  # the header
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        where = f"{message.context} | {msgid}" if message.context else msgid
        if not all(strings):
            problems.append(f"untranslated: {where}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {where}")
    return problems


@pytest.mark.parametrize("language", CHECKED_LANGUAGES)
def test_the_catalogue_translates_every_message(language):
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    problems = catalogue_problems(path)
    assert not problems, f"{language}: {len(problems)} to translate:\n" + "\n".join(problems)


def test_an_untranslated_or_fuzzy_message_is_caught(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Funders"\nmsgstr "Financiers"\n\n'
        'msgid "Targets"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Agreements"\nmsgstr "Overeenkomst"\n\n'
        'msgctxt "number of reports"\nmsgid "Created"\nmsgstr ""\n\n'
        'msgid "%(n)s report"\nmsgid_plural "%(n)s reports"\nmsgstr[0] "%(n)s rapport"\n'
        'msgstr[1] ""\n',
        encoding="utf-8",
    )
    assert catalogue_problems(po) == [
        "untranslated: Targets",
        "fuzzy: Agreements",
        "untranslated: number of reports | Created",
        "untranslated: %(n)s report",
    ]


# --- Screens ------------------------------------------------------------------------------------


def reading(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def words(language, *msgids):
    """Each English word with its translation; a word the catalogue leaves in English fails."""
    with translation.override(language):
        pairs = [(msgid, gettext(msgid)) for msgid in msgids]
    untranslated = [english for english, translated in pairs if english == translated]
    assert not untranslated, f"not translated into {language}: {untranslated}"
    return pairs


def assert_speaks(html: str, language: str, *msgids):
    for english, translated in words(language, *msgids):
        assert translated in html, f"{translated!r} ({english!r}) missing"
        assert english not in html, f"{english!r} left in English"


@pytest.fixture
def reader(db):
    return SuperUserFactory(username="lies")


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHECKED_LANGUAGES)
@pytest.mark.parametrize(
    "url, msgids",
    [
        ("/admin/reporting/dashboard/", ["Reach dashboard", "Filters and grouping"]),
        ("/admin/reporting/cost/", ["Cost per person reached"]),
        ("/admin/snippets/campaigns/funder/", ["Funders", "Add a funder"]),
        ("/admin/snippets/campaigns/fundingagreement/add/", ["New funding agreement"]),
        ("/admin/snippets/campaigns/target/add/", ["New target"]),
    ],
)
def test_our_screens_speak_the_readers_language(client, reader, language, url, msgids):
    client.force_login(reading(reader, language))
    response = client.get(url)
    assert response.status_code == 200
    assert_speaks(response.content.decode(), language, *msgids)


@pytest.mark.django_db
@pytest.mark.parametrize("language", CHECKED_LANGUAGES)
def test_choosers_name_our_models_in_the_readers_language(client, reader, language):
    """Wagtail builds a snippet's form once, when URLs load, in the language of that moment:
    its buttons said "Choose funder" to everyone. English, then the other language, from one
    process: a form built once can only be right for one of them."""
    url = "/admin/snippets/campaigns/fundingagreement/add/"
    client.force_login(reading(reader, "en"))
    assert "Choose funder" in client.get(url).content.decode()
    reading(reader, language)
    html = client.get(url).content.decode()
    with translation.override(language):
        choose = gettext("Choose %(object)s") % {"object": Funder._meta.verbose_name}
    assert choose in html
    assert "Choose funder" not in html


@pytest.mark.django_db
def test_the_target_form_labels_its_foreign_keys(client, reader):
    client.force_login(reading(reader, "nl"))
    html = client.get("/admin/snippets/campaigns/target/add/").content.decode()
    for dutch in ("Campagne", "Indicator", "Land"):
        assert f"data-panel-heading-text>{dutch}<" in html
    for english in ("Campaign", "Country"):
        assert f"data-panel-heading-text>{english}<" not in html


@pytest.mark.django_db
def test_a_streamed_csv_export_has_dutch_headings(client, reader):
    """Wagtail writes a listing's CSV after the view has returned: it came out in English."""
    client.force_login(reading(reader, "nl"))
    response = client.get("/admin/snippets/campaigns/funder/?export=csv")
    assert response.streaming
    heading = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert heading.startswith("Naam,Korte naam,"), heading
    assert "Name" not in heading
    # the language is the user's again for the next request, not left switched on
    assert translation.get_language() != "nl"


@pytest.mark.django_db
def test_a_refusal_says_so_in_dutch(client):
    setup_roles()
    editor = reading(role_user(EDITORS, "redacteur"), "nl")
    client.force_login(editor)
    response = client.get("/admin/reporting/cost/", follow=True)  # editors see no money
    html = response.content.decode()
    with translation.override("nl"):
        refusal = gettext("Sorry, you do not have permission to access this area.")
    assert refusal != "Sorry, you do not have permission to access this area."
    assert refusal in html
    assert "you do not have permission" not in html


@pytest.mark.django_db
def test_content_languages_are_named_in_the_readers_language(client, reader, home):
    campaign = campaign_page()
    material(campaign, languages=("en", "fr"), title="Poster: the desert")
    client.force_login(reading(reader, "nl"))
    html = client.get("/admin/snippets/campaigns/material/").content.decode()
    assert "Engels, Frans" in html
    assert "English, French" not in html
