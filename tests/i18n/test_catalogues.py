"""gettext catalogues: extracted and compiled with Babel, read back by Babel and by Django."""

import shutil
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def locale_copy(tmp_path, settings):
    target = tmp_path / "locale"
    shutil.copytree(Path(settings.LOCALE_PATHS[0]), target)
    settings.LOCALE_PATHS = [target]
    return target


def test_makecatalogues_extracts_templates_and_python_and_keeps_translations(locale_copy):
    call_command("makecatalogues", verbosity=0)
    with (locale_copy / "fr/LC_MESSAGES/django.po").open("rb") as po_file:
        catalog = read_po(po_file)
    assert catalog["Skip to main content"].string == "Aller au contenu principal"  # template
    assert catalog["Radio spot"].string == "Spot radio"  # gettext_lazy in models
    plural = catalog["Part of this page is not yet translated and is shown in %(languages)s."]
    assert plural.id[1].startswith("Parts of this page")
    assert all(not message.locations for message in catalog)  # diff-friendly
    with (locale_copy / "fr/LC_MESSAGES/django.mo").open("rb") as mo_file:
        assert read_mo(mo_file)["Radio spot"].string == "Spot radio"


def test_every_language_has_a_catalogue_and_rtl_ones_translate_the_public_strings():
    locale_dir = Path(settings.LOCALE_PATHS[0])
    for identifier in ("fr", "wo", "fa_AF", "ti", "nl"):
        assert (locale_dir / identifier / "LC_MESSAGES/django.po").exists(), identifier
    with (locale_dir / "ps/LC_MESSAGES/django.po").open("rb") as po_file:
        assert read_po(po_file)["Talk to someone"].string == "له یو چا سره خبرې وکړئ"


def test_public_pages_show_the_interface_in_the_visitors_language(client, home):
    assert "Aller au contenu principal" in client.get("/fr/").content.decode()
    assert "რისკები" in client.get("/ka/").content.decode()
