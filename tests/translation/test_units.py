"""Translatable units of the demo's items: which texts, their keys, sources and translations, and
how a language's StreamField is written block by block."""

import copy
import uuid

import pytest
from django.utils import translation as django_translation

from campaigns.translation import units as u

pytestmark = pytest.mark.django_db


def by_key(items):
    return {unit.key: unit for unit in items}


def test_a_senegal_campaign_is_translated_from_french_its_first_language_with_text(
    senegal_campaign,
):
    found = u.units(senegal_campaign, "wo")
    assert u.source_language(senegal_campaign) == "fr"
    assert found[0].key == ("title", "")
    assert found[0].source == "La mer ne pardonne pas"
    assert {unit.source_language for unit in found} == {"fr"}
    fields = [unit.field for unit in found]
    assert fields.index("objective") < fields.index("body")


def test_french_itself_is_translated_from_english(senegal_campaign):
    found = by_key(u.units(senegal_campaign, "fr"))
    assert u.source_language(senegal_campaign, "fr") == "en"
    assert found["title", ""].source == "The sea does not forgive"


def test_body_blocks_are_keyed_by_id_and_only_texts_count(senegal_campaign):
    found = [unit for unit in u.units(senegal_campaign, "wo") if unit.field == "body"]
    raw = senegal_campaign.body_fr.get_prep_value()
    ids = {block["id"]: block["type"] for block in raw}
    for unit in found:
        assert unit.block.split("/")[0] in ids
    suffixes = {unit.block.split("/", 1)[1] if "/" in unit.block else "" for unit in found}
    assert {"message", "quote", "name", "photo/alt_text", "label", "hours", "text"} <= suffixes
    assert not {"phone", "duration", "url", "page"} & suffixes  # numbers, addresses, choosers
    text_block = next(unit for unit in found if ids[unit.block] == "text")
    assert text_block.rich and text_block.source.startswith("<p>")
    faq = [unit for unit in found if unit.block.endswith("/answer")]
    assert len(faq) == 3 and all(unit.rich and unit.block.count("/") == 2 for unit in faq)


def test_a_site_wide_page_is_translated_from_english(demo):
    from campaigns.models import HomePage

    home = HomePage.objects.get()
    found = u.units(home, "wo")
    assert u.source_language(home) == "en"
    assert [unit.field for unit in found][:2] == ["title", "intro"]


def test_material_and_country_texts(senegal_campaign):
    from campaigns.models import Country, Material

    material = Material.objects.filter(campaign=senegal_campaign).order_by("pk").first()
    assert {unit.field for unit in u.units(material, "wo")} >= {"title"}
    senegal = Country.objects.get(code="SN")
    assert [unit.key for unit in u.units(senegal, "wo")] == [("contact_details", "")]


def test_the_latest_revision_is_read_not_the_live_row(senegal_campaign):
    page = senegal_campaign
    draft = page.get_latest_revision_as_object()
    draft.title_fr = "La mer ne pardonne jamais"
    draft.save_revision()
    fresh = type(page).objects.get(pk=page.pk)
    assert fresh.title_fr == "La mer ne pardonne pas"  # live row unchanged
    assert by_key(u.units(fresh, "wo"))["title", ""].source == "La mer ne pardonne jamais"


def test_a_language_without_a_body_starts_from_the_sources_blocks(senegal_campaign):
    page = u.current(senegal_campaign)
    assert not page.body_wo
    found = [unit for unit in u.units(page, "wo") if unit.field == "body"]
    quote = next(unit for unit in found if unit.block.endswith("/quote"))
    u.apply(page, "wo", {quote.key: "Nu ngi woon lu ëpp téeméer ci gaal gu"})
    assert [b["id"] for b in page.body_wo.get_prep_value()] == [
        b["id"] for b in page.body_fr.get_prep_value()
    ]
    assert u.translation(page, quote, "wo") == "Nu ngi woon lu ëpp téeméer ci gaal gu"
    others = [unit for unit in found if unit.key != quote.key]
    assert all(u.translation(page, unit, "wo") == "" for unit in others)  # copies, untranslated
    assert page.body_fr.get_prep_value()[2]["value"]["quote"].startswith("Nous étions")


def test_a_body_of_its_own_is_matched_by_position_when_its_ids_differ(senegal_campaign):
    page = u.current(senegal_campaign)
    english = page.body_en.get_prep_value()
    assert {b["id"] for b in english}.isdisjoint({b["id"] for b in page.body_fr.get_prep_value()})
    testimony = next(b for b in english if b["type"] == "testimony")
    quote = next(unit for unit in u.units(page, "en") if unit.block.endswith("/quote"))
    assert u.translation(page, quote, "en") == testimony["value"]["quote"]
    u.apply(page, "en", {quote.key: "We were more than a hundred."})
    assert [b["id"] for b in page.body_en.get_prep_value()] == [b["id"] for b in english]
    with django_translation.override("en"):
        assert u.translation(page, quote, "en") == "We were more than a hundred."


def test_an_added_source_block_is_reported_not_misapplied(senegal_campaign):
    page = u.current(senegal_campaign)
    quote = next(unit for unit in u.units(page, "wo") if unit.block.endswith("/quote"))
    u.apply(page, "wo", {quote.key: "Nu ngi woon"})  # Wolof's body: a copy of the French one
    french = copy.deepcopy(page.body_fr.get_prep_value())
    french.insert(1, {"type": "text", "value": "<p>Nouveau</p>", "id": str(uuid.uuid4())})
    page.body_fr = french
    added = next(unit for unit in u.units(page, "wo") if unit.source == "<p>Nouveau</p>")
    before = page.body_wo.get_prep_value()
    assert u.unmatched(page, "wo", [added.key, quote.key]) == {added.key}
    with pytest.raises(u.UnmatchedBlock):
        u.apply(page, "wo", {quote.key: "changed", added.key: "<p>Bees</p>"})
    assert page.body_wo.get_prep_value() == before  # nothing half-written
    assert u.translation(page, quote, "wo") == "Nu ngi woon"


def test_a_body_of_its_own_with_another_structure_matches_nothing(senegal_campaign):
    page = u.current(senegal_campaign)
    french = copy.deepcopy(page.body_fr.get_prep_value())
    french.insert(1, {"type": "text", "value": "<p>Nouveau</p>", "id": str(uuid.uuid4())})
    page.body_fr = french
    quote = next(unit for unit in u.units(page, "en") if unit.block.endswith("/quote"))
    assert u.unmatched(page, "en", [quote.key]) == {quote.key}  # not guessed by position


def test_whole_fields_are_set_in_the_language(senegal_campaign):
    page = u.current(senegal_campaign)
    u.apply(page, "wo", {("objective", ""): "Dimbali ndaw ñi"})
    assert page.objective_wo == "Dimbali ndaw ñi"
    assert u.translation(page, ("objective", ""), "wo") == "Dimbali ndaw ñi"
    with pytest.raises(Exception, match="no translatable field"):
        u.apply(page, "wo", {("code", ""): "x"})
