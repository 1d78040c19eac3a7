"""campaigns.content.translation_status: complete / partial / missing, field by field, per
language."""

import pytest
from django.db.models import Prefetch

from campaigns.content.translation_status import (
    Status,
    mark_stale,
    offered_language_codes,
    ordered_language_codes,
    status_fields,
    summarize,
    translation_status,
    translation_statuses,
)
from campaigns.models import CampaignPage, CountryPage, Material, MaterialVersion
from tests.factories import (
    CountryFactory,
    campaign_page,
    country_page,
    material,
    module_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def campaign_data(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back after its last test. The tests that build their own
    pages put them beside it (another slug, another country)."""
    with module_data(django_db_blocker):
        yield campaign_page(title_wo="Màndiŋ mi du yoon", objective_fr="Informer les jeunes.")


@pytest.fixture
def campaign(campaign_data, db):
    """Senegal (fr, wo, ff + en): title and objective in English, title only in Wolof. Fetched
    again for each test, which may change it."""
    return CampaignPage.objects.get(pk=campaign_data.pk)


@pytest.mark.parametrize("model", [CountryPage, CampaignPage, Material])
def test_every_status_field_is_translated(model):
    assert status_fields(model) == model.translation_status_fields


def test_languages_are_those_the_page_is_offered_in(campaign):
    status = translation_status(campaign)
    assert status.codes == campaign.offered_language_codes() == ["fr", "wo", "ff", "en"]


def test_complete_partial_and_missing(campaign):
    status = translation_status(campaign)
    assert status.counted_fields == ("title", "objective")
    assert status["en"].status == Status.COMPLETE
    assert (status["en"].translated, status["en"].total) == (2, 2)
    assert status["wo"].status == Status.PARTIAL
    assert [f.name for f in status["wo"].missing_fields] == ["objective"]
    assert status["fr"].status == Status.PARTIAL  # objective only: the title is English
    assert status["ff"].status == Status.MISSING
    assert (status["ff"].translated, status["ff"].total) == (0, 2)


def test_a_field_nobody_filled_is_not_counted(campaign):
    status = translation_status(campaign)
    assert set(status.ignored_fields) == {"target_audiences", "key_messages", "body"}
    states = {state.name: state for state in status["en"].fields}
    assert states["body"].counts is False
    assert states["title"].counts is True


def test_a_field_filled_in_any_language_counts_everywhere():
    page = campaign_page(
        slug="ff-messages", key_messages_ff="Ko ɓuri fof", body_ar=[("text", "<p>نص</p>")]
    )
    status = translation_status(page)
    assert "key_messages" in status.counted_fields
    assert "body" in status.counted_fields  # in Arabic, which Senegal is not offered in
    assert status["en"].status == Status.PARTIAL
    assert not status["ff"].is_complete


def test_stream_field_with_blocks_has_text():
    page = campaign_page(slug="wo-body", body_wo=[("text", "<p>Waxtaan</p>")])
    states = {state.name: state for state in translation_status(page)["wo"].fields}
    assert states["body"].has_text
    assert not {state.name: state for state in translation_status(page)["fr"].fields}[
        "body"
    ].has_text


def test_an_emptied_rich_text_has_no_text():
    # Not Senegal: the module's Senegal page exists already (country_page would return it).
    page = country_page(
        CountryFactory(code="ML", languages="fr, wo, ff"),
        title_fr="Mali",
        intro_en="<p>Welcome</p>",
        intro_fr="<p></p>",
        intro_wo="<p> </p>",
    )
    status = translation_status(page)
    assert status["en"].is_complete
    assert status["fr"].status == Status.PARTIAL  # the title is there, the intro is not
    assert status["wo"].status == Status.MISSING


def test_an_item_with_no_text_at_all_is_missing_everywhere():
    page = CampaignPage(title="", country=CountryFactory())
    status = translation_status(page)
    assert status.counted_fields == ()
    assert all(lang.status == Status.MISSING for lang in status.languages)
    assert status["en"].total == 0


def test_material_languages_and_versions(campaign):
    item = material(campaign, languages=("fr", "en"), title_wo="Afiis", usage_notes_fr="Format A3")
    MaterialVersion.objects.create(material=item, language="ff", text="Bataake")
    MaterialVersion.objects.create(material=item, language="ar")  # nothing in it
    status = translation_status(Material.objects.get(pk=item.pk))
    assert status.codes == offered_language_codes(item) == campaign.offered_language_codes()
    assert status.is_material
    assert {s.code: s.has_version for s in status.languages} == {
        "fr": True,
        "wo": False,
        "ff": True,  # a text is a version
        "en": True,
    }
    assert status["en"].status == Status.PARTIAL  # title in English, usage notes in French
    assert status["wo"].status == Status.PARTIAL
    # No field in Pulaar, but a Pulaar version: published in Pulaar, so not "missing".
    assert status["ff"].status == Status.PARTIAL and status["ff"].published


def test_page_status_has_no_versions(campaign):
    assert translation_status(campaign)["en"].has_version is None


def test_unpublished_changes_are_read_from_the_latest_revision(campaign):
    draft = CampaignPage.objects.get(pk=campaign.pk)
    draft.objective_wo = "Xamal ndaw ñi"
    draft.body_wo = [("text", "<p>Waxtaan</p>")]
    draft.save_revision()

    page = CampaignPage.objects.select_related("latest_revision").get(pk=campaign.pk)
    assert page.objective_wo is None  # the live row is unchanged
    status = translation_status(page)
    assert status.from_draft
    assert status["wo"].is_complete
    assert "body" in status.counted_fields

    live = translation_status(page, draft=False)
    assert not live.from_draft
    assert live["wo"].status == Status.PARTIAL


def test_draft_material_versions_come_from_the_revision(campaign):
    item = material(campaign, languages=("en",))
    item.refresh_from_db()
    item.versions.add(
        MaterialVersion(material=item, language="wo", embed_url="https://youtu.be/abc")
    )
    item.save_revision()  # a draft: the Wolof version is not in the table yet
    assert not MaterialVersion.objects.filter(material=item, language="wo").exists()
    status = translation_status(Material.objects.get(pk=item.pk))
    assert status.from_draft
    assert status["wo"].has_version
    assert not status["fr"].has_version


def test_explicit_language_codes(campaign):
    status = translation_status(campaign, ["wo", "ps"])
    assert status.codes == ["wo", "ps"]
    assert status["ps"].status == Status.MISSING
    assert status.get("fr") is None


def test_many_items_without_queries(campaign, django_assert_num_queries):
    afghanistan = country_page(CountryFactory(code="AF", languages="fa-af, ps"))
    other = campaign_page(afghanistan, slug="other", title_ps="کمپاین")
    for page in (campaign, other):
        material(page, languages=("en", "fr"))
        material(page, languages=("fr",), title="Leaflet")
    pages = list(CampaignPage.objects.select_related("country", "latest_revision"))
    materials = list(
        Material.objects.select_related("campaign__country", "latest_revision").prefetch_related(
            Prefetch("versions", queryset=MaterialVersion.objects.all())
        )
    )
    with django_assert_num_queries(0):
        statuses = translation_statuses([*pages, *materials])
    assert len(statuses) == 6
    assert ordered_language_codes(statuses) == ["en", "fr", "wo", "ff", "fa-af", "ps"]


def test_summary_per_language(campaign):
    complete = material(campaign, languages=("en",), title_wo="Afiis", title_ff="Afiis")
    statuses = [translation_status(campaign), translation_status(complete)]
    by_code = {s.language.code: s for s in summarize(statuses, ["en", "wo", "ps"])}
    assert (by_code["en"].items, by_code["en"].complete) == (2, 2)
    assert by_code["en"].ratio == 1
    assert (by_code["wo"].complete, by_code["wo"].partial) == (1, 1)
    assert by_code["wo"].ratio == 0.5
    assert (by_code["wo"].fields_translated, by_code["wo"].fields_total) == (2, 3)
    assert by_code["ps"].items == 0
    assert by_code["ps"].ratio is None


def test_out_of_date_texts_are_said_beside_the_status(campaign):
    stale = {"wo": {("title", ""), ("objective", "")}}
    status = mark_stale(translation_status(campaign), stale)
    assert status["wo"].stale == 2 and status["wo"].stale_fields == {"title", "objective"}
    assert status["wo"].status == Status.PARTIAL  # unchanged: out of date is said beside it
    assert status.is_stale_in("wo") and not status.is_stale_in("fr")
    plain = translation_status(campaign)
    assert mark_stale(plain, {}) is plain
    by_code = {s.language.code: s for s in summarize([status], ["wo", "fr"])}
    assert (by_code["wo"].out_of_date, by_code["fr"].out_of_date) == (1, 0)
