"""Stale translations: a translation written before its source last changed is out of date, until
it is edited; every route that saves a revision (editor, autosave, import, revert) keeps the
fingerprints in step."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.models import CampaignPage, Country, Material
from campaigns.translation import units as u
from campaigns.translation.models import TranslationSource
from campaigns.translation.staleness import (
    fingerprint,
    item_key,
    stale_counts,
    stale_keys,
    stale_units,
)
from tests.admin_forms import page_form
from tests.factories import (
    CountryFactory,
    SuperUserFactory,
    campaign_page,
    country_page,
    material,
    module_data,
)

pytestmark = pytest.mark.django_db

OBJECTIVE = ("objective", "")
TITLE = ("title", "")


@pytest.fixture(scope="module")
def page_data(django_db_setup, django_db_blocker):
    """Senegal (fr, wo, ff): a campaign with an English objective and body, translated into
    Wolof (the objective has no French, so the Wolof is translated from English), and a French
    title (its Wolof title is translated from the French)."""
    with module_data(django_db_blocker):
        page = campaign_page(
            title_fr="Le désert n'est pas une route",
            objective_wo="Xamal ndaw ñi",
            body=[("text", "<p>First block</p>"), ("text", "<p>Second block</p>")],
        )
        page = CampaignPage.objects.get(pk=page.pk)
        first, second = (block.id for block in page.body)
        u.apply(
            page,
            "wo",
            {
                ("body", first): "<p>Bloc bu njëkk</p>",
                ("body", second): "<p>Bloc bu ñaareel</p>",
                TITLE: "Màndiŋ mi du yoon",
            },
        )
        page.save_revision().publish()
        yield page.pk, first, second


@pytest.fixture
def page(page_data):
    return CampaignPage.objects.get(pk=page_data[0])


@pytest.fixture
def blocks(page_data):
    return ("body", page_data[1]), ("body", page_data[2])


def save(page, **values):
    """Change fields of the latest revision and save a new one, as the editor does."""
    page = u.current(CampaignPage.objects.get(pk=page.pk))
    for name, value in values.items():
        setattr(page, name, value)
    page.save_revision()
    return CampaignPage.objects.get(pk=page.pk)


def set_block(page, language, block_id, html):
    page = u.current(CampaignPage.objects.get(pk=page.pk))
    stream = getattr(page, f"body_{language}")
    raw = stream.get_prep_value()
    for block in raw:
        if block["id"] == block_id:
            block["value"] = html
    setattr(page, f"body_{language}", raw)
    page.save_revision()
    return CampaignPage.objects.get(pk=page.pk)


# --- Fingerprints -------------------------------------------------------------------------------


def test_fingerprint_collapses_whitespace_and_ignores_draftails_block_keys():
    assert fingerprint("Know  the\nrisks ") == fingerprint("Know the risks")
    assert fingerprint('<p data-block-key="x1y2z">Hello</p>') == fingerprint("<p>Hello</p>")
    assert fingerprint("Know the risks") != fingerprint("Know the routes")
    assert len(fingerprint("")) == 64


# --- What is out of date ------------------------------------------------------------------------


def test_a_new_page_with_translations_has_nothing_out_of_date(page):
    assert TranslationSource.objects.filter(object_id=page.pk, language="wo").exists()
    for language in ("fr", "wo", "ff"):
        assert stale_units(page, language) == set()


def test_changing_the_english_source_marks_the_translation_out_of_date(page):
    page = save(page, objective="Tell young people what the desert route really costs.")
    assert stale_units(page, "wo") == {OBJECTIVE}
    assert stale_units(page, "fr") == set()  # no French objective: nothing to be out of date
    assert stale_units(page, "ff") == set()


def test_editing_the_translation_brings_it_up_to_date(page):
    page = save(page, objective="Tell young people what the desert route really costs.")
    page = save(page, objective_wo="Xamal ndaw ñi li yoonu màndiŋ mi di jar")
    assert stale_units(page, "wo") == set()


def test_source_and_translation_changed_in_one_save_is_up_to_date(page):
    page = save(page, objective="A new objective.", objective_wo="Jubluwaay bu bees.")
    assert stale_units(page, "wo") == set()


def test_a_save_that_changes_nothing_flags_nothing(page):
    page = save(page)
    page = save(page, seo_title="Desert")  # another field
    assert all(stale_units(page, code) == set() for code in ("fr", "wo", "ff"))


def test_french_from_english_and_wolof_from_french(page):
    """Senegal's Wolof title is translated from its French one, the French from the English."""
    page = save(page, title="The desert is no road")
    assert stale_units(page, "fr") == {TITLE}
    assert stale_units(page, "wo") == set()  # its source, the French, has not changed
    page = save(page, title_fr="Le désert n'est pas un chemin")
    assert stale_units(page, "fr") == set()
    assert stale_units(page, "wo") == {TITLE}  # now its French source has changed


def test_one_block_changed_marks_only_that_block(page, blocks):
    first, second = blocks
    page = set_block(page, "en", first[1], "<p>First block, rewritten</p>")
    assert stale_units(page, "wo") == {first}
    page = set_block(page, "wo", first[1], "<p>Bloc bu njëkk, bu bees</p>")
    assert stale_units(page, "wo") == set()
    assert second in {unit.key for unit in u.units(page, "wo")}


def test_an_emptied_translation_is_not_out_of_date(page):
    page = save(page, objective="Changed.", objective_wo="")
    assert stale_units(page, "wo") == set()
    assert not TranslationSource.objects.filter(
        object_id=page.pk, field="objective", language="wo"
    ).exists()


def test_a_removed_block_loses_its_rows(page, blocks):
    first, _second = blocks
    page = u.current(page)
    page.body = [block for block in page.body.get_prep_value() if block["id"] != first[1]]
    page.body_wo = [block for block in page.body_wo.get_prep_value() if block["id"] != first[1]]
    page.save_revision()
    assert not TranslationSource.objects.filter(object_id=page.pk, block=first[1]).exists()


def test_translations_made_before_any_fingerprint_are_flagged_at_the_first_change(page):
    """Content from before this feature has no rows: the previous revision's source is the
    baseline, so the first source change after it still flags the translation."""
    TranslationSource.objects.filter(object_id=page.pk).delete()
    page = save(page, objective="Changed before any row existed.")
    assert stale_units(page, "wo") == {OBJECTIVE}


# --- Every route that saves ---------------------------------------------------------------------


def test_autosave_overwriting_the_latest_revision(page):
    editor = SuperUserFactory(username="autosaver")
    page = u.current(page)
    page.objective_wo = "Xamal ndaw ñi (draft)"
    revision = page.save_revision(user=editor)  # the translator's own draft
    page = u.current(CampaignPage.objects.get(pk=page.pk))
    page.objective = "The English changed in the same draft."
    page.save_revision(user=editor, overwrite_revision=revision)
    assert page.get_latest_revision().pk == revision.pk
    # The overwritten content had the new Wolof; this save only changed the English.
    assert stale_units(CampaignPage.objects.get(pk=page.pk), "wo") == {OBJECTIVE}


def test_reverting_to_an_older_revision(page):
    old = page.get_latest_revision()
    page = save(page, objective="Changed.")
    assert stale_units(page, "wo") == {OBJECTIVE}
    page = u.current(page)
    reverted = old.as_object()
    reverted.save_revision(previous_revision=old)
    assert stale_units(CampaignPage.objects.get(pk=page.pk), "wo") == set()


def test_a_po_import_writes_translations_up_to_date(page):
    """The import sets texts with units.apply and saves a revision: they were translated from
    today's source."""
    page = save(page, objective="Changed.")
    current = u.current(page)
    u.apply(current, "wo", {OBJECTIVE: "Jubluwaay bu bees"})
    current.save_revision()
    assert stale_units(CampaignPage.objects.get(pk=page.pk), "wo") == set()


def test_the_editors_form_posted_unchanged_flags_nothing_then_a_change_does(client, page):
    """Draftail rewrites rich text (block keys) on every save: that is not a source change."""
    editor = SuperUserFactory(username="editor")
    client.force_login(editor)
    page = u.current(page)
    data = page_form(page, page.get_parent(), editor)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content[:2000]
    assert all(stale_units(CampaignPage.objects.get(pk=page.pk), c) == set() for c in ("wo", "fr"))

    data["objective_en"] = "Tell young people about the desert, again."
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    assert stale_units(CampaignPage.objects.get(pk=page.pk), "wo") == {OBJECTIVE}


def test_a_material_and_a_country(page):
    item = material(page, languages=("en",), title_wo="Afiis")
    item = Material.objects.get(pk=item.pk)
    item.title = "Poster, second edition"
    item.save_revision()
    assert stale_units(Material.objects.get(pk=item.pk), "wo") == {TITLE}

    country = CountryFactory(code="GN", languages="fr", contact_details_fr="OIM Conakry")
    country.contact_details_en = "IOM Conakry, weekdays"
    country.save()
    assert stale_units(Country.objects.get(pk=country.pk), "fr") == {("contact_details", "")}


def test_deleting_an_item_deletes_its_rows(page):
    item = material(page, languages=("en",), title_wo="Afiis")
    key = item_key(item)
    assert TranslationSource.objects.filter(content_type_id=key[0], object_id=key[1]).exists()
    item.delete()
    assert not TranslationSource.objects.filter(content_type_id=key[0], object_id=key[1]).exists()


# --- Cost ---------------------------------------------------------------------------------------


def test_a_save_costs_a_few_queries_whatever_the_number_of_texts(page):
    page = u.current(page)
    page.objective = "Changed."
    with CaptureQueriesContext(connection) as captured:
        page.save_revision()
    ours = [q["sql"] for q in captured if "translationsource" in q["sql"].lower()]
    assert 1 <= len(ours) <= 3, ours  # read the rows; create, update or delete in bulk


def test_stale_counts_of_many_items_in_one_query(page, django_assert_num_queries):
    other = campaign_page(
        country_page(CountryFactory(code="ML", languages="fr, wo")),
        slug="mali",
        objective_wo="Xamal",
    )
    save(page, objective="Changed.")
    save(other, objective="Changed too.")
    items = list(
        CampaignPage.objects.select_related("country", "latest_revision").filter(
            pk__in=[page.pk, other.pk]
        )
    )
    with django_assert_num_queries(1):
        counts = stale_counts(items)
    assert counts == {item_key(page): {"wo": 1}, item_key(other): {"wo": 1}}
    assert stale_keys(items, ["fr"]) == {}
