"""`manage.py seed_demo`: what it builds, that it builds it once, and that the site serves it.

The demo is seeded twice, once for the whole module, inside a transaction rolled back at the
end (seeding takes a while; every test here only reads).
"""

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, Revision, Site

from campaigns.demo.content import CONTENT
from campaigns.models import (
    CampaignImage,
    CampaignIndexPage,
    CampaignPage,
    Channel,
    Country,
    CountryPage,
    HomePage,
    Material,
    MaterialVersion,
    Region,
)
from tests.demo.conftest import seed

pytestmark = pytest.mark.django_db

DOMAIN_LANGUAGES = {
    "SN": ["fr", "wo", "ff"],
    "GN": ["fr", "ff"],
    "NG": ["en", "ha", "yo", "ig", "pcm"],
    "CM": ["fr", "en"],
    "MA": ["ar", "fr", "zgh"],
    "AF": ["fa-af", "ps"],
    "IQ": ["ar", "ckb"],
    "AL": ["sq"],
    "GE": ["ka"],
    "ER": ["ti"],
}
COUNTED = [Page, Revision, Material, MaterialVersion, CampaignImage, Channel, Country, Region,
           ReferenceIndex]  # fmt: skip


def snapshot() -> dict[str, int]:
    counts = {model.__name__: model.objects.count() for model in COUNTED}
    counts["Document"] = get_document_model().objects.count()
    return counts


@dataclass
class Seeded:
    first: str
    second: str
    after_first: dict[str, int]
    after_second: dict[str, int]


@pytest.fixture(scope="module")
def seeded(seeded_demo, django_db_blocker):
    """The demo (tests/demo/conftest.py) seeded a second time, in the same module transaction."""
    with django_db_blocker.unblock():
        after_first = snapshot()
        second = seed()
        return Seeded(seeded_demo, second, after_first, snapshot())


def localized(obj, field: str, code: str):
    return getattr(obj, build_localized_fieldname(field, code))


def test_seed_demo_is_idempotent_and_prints_a_working_password(seeded):
    assert seeded.after_second == seeded.after_first
    assert HomePage.objects.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page.pk).exists()
    password = re.search(r"login: admin\s+password: (\S+)", seeded.second).group(1)
    assert authenticate(username="admin", password=password) is not None
    assert re.search(r"password: (\S+)", seeded.first).group(1) != password


def test_seed_demo_prints_what_it_built(seeded):
    assert re.search(r"Demo content: 9 channels, 10 countries, \d+ regions", seeded.second)
    assert "20 campaign pages" in seeded.second


def test_channels_have_english_and_french_names(seeded):
    channels = Channel.objects.all()
    assert {c.code for c in channels} >= {
        "community-session", "school-talk", "theatre-music", "radio", "tv", "social-media",
        "sms-whatsapp", "posters-leaflets", "hotline",
    }  # fmt: skip
    for channel in channels:
        assert localized(channel, "name", "en") and localized(channel, "name", "fr"), channel.code


def test_the_ten_countries_with_their_languages_regions_and_contacts(seeded):
    countries = {country.code: country for country in Country.objects.all()}
    assert {code: c.language_codes for code, c in countries.items()} == DOMAIN_LANGUAGES
    for country in countries.values():
        country.full_clean()
        assert country.hotline.startswith("+")
        assert localized(country, "contact_details", "en")
        assert localized(country, "contact_details", "fr")
        regions = list(country.regions.all())
        assert 3 <= len(regions) <= 5, country.code
        for region in regions:
            region.full_clean()
            assert region.code.startswith(f"{country.code}-") and len(region.code) <= 6
            assert localized(region, "name", "en") and localized(region, "name", "fr")


def test_page_tree(seeded):
    index = CampaignIndexPage.objects.get()
    assert index.get_parent().specific_class is HomePage
    assert (localized(index, "slug", "en"), localized(index, "slug", "fr")) == (
        "campaigns",
        "campagnes",
    )
    country_pages = CountryPage.objects.child_of(index).live()
    assert country_pages.count() == 10
    for page in country_pages:
        for code in page.country.offered_language_codes():
            assert localized(page, "title", code) == page.country.localized_name(code)
        campaigns = CampaignPage.objects.child_of(page).live()
        assert campaigns.count() >= 2
        assert all(c.country_id == page.country_id for c in campaigns)
    assert CampaignPage.objects.live().count() >= 20
    assert not CampaignPage.objects.filter(has_unpublished_changes=True).exists()


def test_campaign_pages_are_filled_in(seeded):
    for page in CampaignPage.objects.all():
        assert page.channels.exists() and page.image and page.image.description
        assert page.start_date <= page.end_date
        for code in ("en", "fr"):
            assert len(page.key_message_list(localized(page, "key_messages", code))) >= 3
            body = localized(page, "body", code)
            body.stream_block.clean(body)  # video providers, alt text, links: all valid
            kinds = {block.block_type for block in body}
            assert kinds >= {"text", "key_message", "testimony", "video", "faq", "hotline",
                             "call_to_action"}, page.slug  # fmt: skip
            assert kinds & {"material", "audio"}
            testimony = next(block.value for block in body if block.block_type == "testimony")
            assert testimony["photo"].contextual_alt_text


def status_of(page, code) -> list[str]:
    """The translation-status fields this page has text for in one language."""
    return [f for f in page.translation_status_fields if localized(page, f, code)]


def test_some_translations_are_complete_and_some_partial(seeded):
    pages = {page.slug: page for page in CampaignPage.objects.all()}
    everything = list(CampaignPage.translation_status_fields)
    for slug, code in [("dont-risk-your-life-in-the-channel", "sq"),
                       ("safe-labour-migration", "ka"), ("work-abroad-legally", "ar"),
                       ("support-for-returnees", "fa-af")]:  # fmt: skip
        assert status_of(pages[slug], code) == everything, (slug, code)
    assert status_of(pages["the-sea-does-not-forgive"], "wo") == ["title", "key_messages"]
    assert status_of(pages["the-sea-does-not-forgive"], "ff") == []
    assert status_of(pages["not-every-job-offer-is-real"], "ha") == ["title", "objective"]
    assert status_of(pages["information-saves-lives"], "ti") == ["title"]
    assert status_of(pages["not-every-job-offer-is-real"], "yo") == []


def test_materials_are_live_with_versions_and_files(seeded):
    materials = Material.objects.select_related("campaign")
    assert materials.count() >= 40
    for material in materials:
        assert material.live and material.live_revision_id == material.latest_revision_id
        assert not material.has_unpublished_changes
        versions = list(material.versions.all())
        assert versions, material
        for version in versions:
            version.clean()
            if version.document_id:
                assert version.file_size and version.file_format == "PNG"
                assert Path(version.document.file.path).read_bytes()[:4] == b"\x89PNG"
    for campaign in CampaignPage.objects.all():
        types = list(Material.objects.filter(campaign=campaign).values_list("material_type"))
        assert 2 <= len(types) <= 4 and len(set(types)) == len(types), campaign.slug
    # Versions exist beyond the site-wide languages, e.g. the Wolof poster and Albanian video.
    assert MaterialVersion.objects.filter(language="wo", document__isnull=False).exists()
    assert MaterialVersion.objects.filter(language="sq").exclude(embed_url="").exists()


def test_images_have_alt_text(seeded):
    assert CampaignImage.objects.count() >= 8
    for image in CampaignImage.objects.all():
        assert image.description and image.file_size
        is_funder_logo = image.title.endswith(("emblem", "logo"))
        assert is_funder_logo or (image.width, image.height) == (1200, 800)


def test_every_country_and_campaign_page_answers_in_each_offered_language(seeded, client):
    pages = [*CountryPage.objects.select_related("country"), *CampaignPage.objects.all()]
    for page in pages:
        for code in page.offered_language_codes():
            with translation.override(code):
                url = page.get_url()
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert f'<html lang="{code}"' in response.content.decode(), url


def test_demo_content_is_complete_in_english_and_french():
    """A data check, no database: the site-wide languages are never left partial."""
    for content in CONTENT.values():
        assert {"en", "fr"} <= set(content.intro)
        for spec in content.campaigns:
            assert spec.texts["en"].complete and spec.texts["fr"].complete, spec.slug
            assert 2 <= len(spec.materials) <= 4


def test_usage_is_recorded_in_the_reference_index(seeded):
    """Indexing is deferred to the end of the seed; it must still happen."""
    portrait = CampaignImage.objects.get(title="Demo portrait: ochre")
    assert ReferenceIndex.get_references_to(portrait).exists()
    material = Material.objects.filter(material_type="poster").first()
    assert ReferenceIndex.get_references_to(material).exists()  # from a campaign's body


@pytest.mark.parametrize("code", ["en", "wo", "ka", "fa-af", "ti", "zgh"])
def test_posters_are_drawn_with_or_without_system_fonts(code, monkeypatch, tmp_path):
    from PIL import Image

    from campaigns.demo import images

    for font_dir in (images.FONT_DIR, tmp_path):  # tmp_path: no font installed at all
        monkeypatch.setattr(images, "FONT_DIR", font_dir)
        images._truetype.cache_clear()
        png = images.draw_poster("Title ტ ا", ["One", "Two"], code, "+000 800 00", seed="x")
        assert Image.open(BytesIO(png)).size == (600, 850)


def test_seed_demo_prints_one_working_login_per_role(seeded):
    """The second run's logins: every run gives the demo people new passwords."""
    from campaigns.access.roles import ROLE_DESCRIPTIONS

    logins = re.findall(r"^\s+(.+?)\s+login: (\S+)\s+password: (\S+)$", seeded.second, re.M)
    roles = {role for role, _user, _password in logins}
    assert set(ROLE_DESCRIPTIONS) <= roles
    for role, username, password in logins:
        user = authenticate(username=username, password=password)
        assert user is not None, username
        if role in ROLE_DESCRIPTIONS:
            assert list(user.groups.values_list("name", flat=True)) == [role]


def test_a_team_password_and_address_stay_as_given(seeded, db, monkeypatch, settings):
    """``DEMO_PASSWORD`` (or ``--password``) keeps every demo login's password stable from run
    to run, and the printed address is the one the site serves (``make demo PORT=...``)."""
    monkeypatch.setenv("DEMO_PASSWORD", "team-demo-2026")
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"

    printed = seed()

    logins = re.findall(r"login: (\S+)\s+password: (\S+)$", printed, re.M)
    assert len(logins) > 5
    assert {password for _user, password in logins} == {"team-demo-2026"}
    for username, password in logins:
        assert authenticate(username=username, password=password) is not None, username
    assert "passwords are the same at every run" in printed
    assert "Demo ready: http://127.0.0.1:8123/ " in printed
    assert "admin at http://127.0.0.1:8123/admin/" in printed
    assert "8000" not in printed
    assert "passwords are new at every run" in seeded.second


def test_reach_figures_pass_the_rules_and_go_through_every_status(seeded):
    from django.contrib.auth import get_user_model

    from campaigns.models import MonthLock, ReachReport
    from campaigns.reach.access import reports_visible_to
    from campaigns.reach.lifecycle import report_data
    from campaigns.reach.rules import ReachRuleContext

    line = re.compile(r"Reach: 3 reporting organisations, 5 indicators, \d+ reach reports")
    assert line.search(seeded.second).group() == line.search(seeded.first).group()  # idempotent
    reports = ReachReport.objects.all()
    assert set(reports.values_list("status", flat=True)) == {
        "draft", "submitted", "returned", "validated", "locked"
    }  # fmt: skip
    context = ReachRuleContext(campaigns=list(reports.values_list("campaign_id", flat=True)))
    for report in reports:
        result = context.check(report_data(report), merge=True, correcting=True)
        assert result.ok, (report, result.errors)
    for lock in MonthLock.objects.all():  # a locked month holds locked reports only
        in_month = reports.filter(campaign__country=lock.country, month=lock.month)
        assert set(in_month.values_list("status", flat=True)) == {"locked"}

    users = get_user_model().objects
    senegal = reports_visible_to(users.get(username="reporter"))
    guinea = reports_visible_to(users.get(username="reporter-gn"))
    assert senegal.exists() and guinea.exists()
    assert set(senegal.values_list("campaign__country__code", flat=True)) == {"SN"}
    assert set(guinea.values_list("campaign__country__code", flat=True)) == {"GN"}
    assert reports_visible_to(users.get(username="meofficer")).count() == reports.count()


def test_reach_names_the_materials_and_languages_that_went_out(seeded):
    """The languages and materials screens have something to show in the demo."""
    from campaigns.models import ReachReport

    reports = ReachReport.objects.select_related("campaign__country", "material")
    with_material = [r for r in reports if r.material_id]
    assert len(with_material) > len(reports) / 2
    assert all(r.material.campaign_id == r.campaign_id for r in with_material)
    assert len({r.language for r in reports}) >= 3


def test_an_organisation_is_late_for_last_month_and_the_site_has_counts(seeded):
    """The M&E officers' home has someone late to show (after the due day), and the dashboard's
    "Counted by this website" has views and downloads."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from campaigns.models import DownloadCount, PageViewCount
    from campaigns.reporting.overview import LATE, build_overview, reporting_month

    after_due = timezone.localdate().replace(day=28)
    month = reporting_month(after_due)
    me_officer = get_user_model().objects.get(username="meofficer")
    overview = build_overview(me_officer, month, month, today=after_due, with_waiting=False)
    late = {(str(block.country.code), row.name) for block, row in overview.rows(LATE)}
    assert ("SN", "Radio Téranga FM") in late
    assert ("SN", "IOM Senegal") not in late
    assert PageViewCount.objects.filter(campaign__isnull=False).exists()
    assert DownloadCount.objects.exists()
