"""A language an item is published in is any language in which it has text of its own.

The probe of issue 10: Pulaar text in a campaign's Objective only (no Pulaar title) went live with
the EU statement in French, though the EU accepts no other language. One function,
``campaigns.i18n.localization.published_language_codes``, now decides those languages for the
funders' visibility rule, the reviewer's queue and the translation status screens; here every route
that publishes refuses that page, and the queue and the status screens list Pulaar.
"""

import pytest
from django.urls import reverse
from wagtail.blocks import StreamValue
from wagtail.models import TaskState

from campaigns.access.roles import ADMINISTRATORS, EDITORS, REVIEWERS, setup_roles
from campaigns.content.publishing import PublishRefused, publish_problems
from campaigns.content.translation_status import Status, translation_status
from campaigns.i18n.localization import published_language_codes
from campaigns.models import CampaignPage, Material, MaterialVersion
from tests.admin_forms import page_form
from tests.factories import (
    CountryFactory,
    SuperUserFactory,
    act_on_review,
    agreement,
    allocation,
    campaign_page,
    country_page,
    funder,
    material,
    module_data,
    role_user,
    submit_for_review,
)

pytestmark = pytest.mark.django_db

PULAAR_OBJECTIVE = "Anndin sukaaɓe ko woni e laawol ngol"
REFUSAL = "European Union requires its statement in Fula, and it has none in Fula"


@pytest.fixture(scope="module")
def senegal_data(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back after its last test. The tests that build their own
    pages put them beside it (another slug, another country)."""
    with module_data(django_db_blocker):
        senegal = CountryFactory(code="SN", languages="fr, wo, ff")
        page = campaign_page(country_page(senegal), title_fr="Le désert tue")
        allocation(agreement(funder("European Union"), "EU-AMIF-01"), page, amount="30000")
        yield page


@pytest.fixture
def senegal_campaign(senegal_data, db):
    """Offered in Pulaar (ff); funded by the EU, whose statement exists in en, fr and ar only
    and which accepts no other language. Fetched again for each test, which may change it."""
    return CampaignPage.objects.get(pk=senegal_data.pk)


def with_pulaar_objective(page) -> CampaignPage:
    page = CampaignPage.objects.get(pk=page.pk)
    page.objective_ff = PULAAR_OBJECTIVE
    return page


def live_objective_ff(page) -> str:
    return CampaignPage.objects.get(pk=page.pk).objective_ff or ""


# --- The one function ---------------------------------------------------------------------------


def test_any_field_with_text_of_its_own_publishes_the_item_in_that_language(senegal_campaign):
    page = with_pulaar_objective(senegal_campaign)
    assert "ff" in published_language_codes(page)
    assert published_language_codes(senegal_campaign) == ["en", "fr"]  # English title, French one


@pytest.mark.parametrize(
    "body, published",
    [
        ([("text", "<p>Waxtaan</p>")], True),
        ([("key_message", {"message": "Yoon wi dafa metti"})], True),
        ([("faq", [{"question": "Lan?", "answer": "<p></p>"}])], True),
        ([("text", "<p></p>")], False),  # an emptied editor
        ([("text", "<p>&nbsp; </p>")], False),
        ([], False),
    ],
)
def test_a_stream_field_publishes_in_its_language_when_a_block_holds_text(body, published):
    page = campaign_page(slug="wo-body", body_wo=body)  # beside the module's campaign
    assert ("wo" in published_language_codes(page)) is published


def test_an_emptied_rich_text_or_a_slug_publishes_nothing():
    # Not Senegal: the module's Senegal page exists already (country_page would return it).
    page = country_page(
        CountryFactory(code="ML", languages="fr, wo, ff"), intro_wo="<p> </p>", slug_wo="mali"
    )
    assert "wo" not in published_language_codes(page)


def test_a_revisions_content_is_read_instead_of_the_row(senegal_campaign):
    draft = with_pulaar_objective(senegal_campaign)
    draft.body_wo = [("text", "<p>Waxtaan</p>")]
    revision = draft.save_revision()
    row = CampaignPage.objects.get(pk=senegal_campaign.pk)
    assert published_language_codes(row) == ["en", "fr"]
    assert published_language_codes(row, revision.content) == ["en", "fr", "wo", "ff"]
    assert isinstance(revision.as_object().body_wo, StreamValue)


def test_a_material_is_published_in_its_fields_and_versions_languages(senegal_campaign):
    poster = material(senegal_campaign, languages=("fr",), title_fr="Affiche")
    MaterialVersion.objects.create(material=poster, language="ff", text="Bataake")
    MaterialVersion.objects.create(material=poster, language="ar")  # nothing in it
    poster = Material.objects.get(pk=poster.pk)
    poster.usage_notes_wo = "A3"
    assert published_language_codes(poster) == ["en", "fr", "wo", "ff"]


# --- Every route refuses the Pulaar-objective-only page -----------------------------------------


def test_the_rule_sees_the_pulaar_objective(senegal_campaign):
    page = with_pulaar_objective(senegal_campaign)
    assert publish_problems(page) == [f"{REFUSAL} (it accepts no other language)."]
    with pytest.raises(PublishRefused):
        page.save_revision().publish()
    assert live_objective_ff(page) == ""


def test_the_page_editor_refuses_to_publish_it_even_for_a_superuser(client, senegal_campaign):
    admin = SuperUserFactory(username="root")
    client.force_login(admin)
    page = senegal_campaign
    data = page_form(page, page.get_parent(), admin)
    data.update({"objective_ff": PULAAR_OBJECTIVE, "action-publish": "action-publish"})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data, follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert live_objective_ff(page) == ""
    draft = CampaignPage.objects.get(pk=page.pk).get_latest_revision().as_object()
    assert draft.objective_ff == PULAAR_OBJECTIVE  # the draft is kept


def test_bulk_publish_refuses_it(client, senegal_campaign):
    client.force_login(SuperUserFactory(username="root"))
    page = with_pulaar_objective(senegal_campaign)
    page.save_revision()
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        + f"?id={page.pk}&next=/admin/pages/{page.get_parent().pk}/"
    )
    response = client.post(url, {}, follow=True)
    assert REFUSAL in response.content.decode()
    assert live_objective_ff(page) == ""


def test_the_reviews_approvals_refuse_it(client, senegal_campaign):
    from campaigns.models import Funder

    setup_roles()
    iom = role_user(ADMINISTRATORS, "iom")
    page = with_pulaar_objective(senegal_campaign)
    submit_for_review(page, role_user(EDITORS, "awa"))

    state = act_on_review(page, iom)  # IOM's approval is refused
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS

    eu = Funder.objects.filter(name_en="European Union")
    eu.update(statement_ff="Dokkaama e Fedde Orop")  # IOM approves; then the statement goes
    act_on_review(page, iom)
    eu.update(statement_ff="")
    state = TaskState.objects.for_instance(page).get(status=TaskState.STATUS_IN_PROGRESS)
    client.force_login(role_user(REVIEWERS, "lies"))  # the funder's approval, in the admin
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(url, {"comment": ""}, follow=True)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert REFUSAL in response.content.decode()
    assert live_objective_ff(page) == ""


# --- The queue and the status screens list Pulaar -----------------------------------------------


def test_the_reviewers_queue_offers_a_pulaar_preview(client, senegal_campaign):
    setup_roles()
    page = with_pulaar_objective(senegal_campaign)
    submit_for_review(page, role_user(EDITORS, "awa"))
    state = TaskState.objects.for_instance(page).get(status=TaskState.STATUS_IN_PROGRESS)
    client.force_login(SuperUserFactory(username="root"))
    html = client.get("/admin/reports/review-queue/").content.decode()
    assert f'href="/admin/reports/review-queue/{state.pk}/preview/?mode=ff"' in html
    assert f'href="/admin/reports/review-queue/{state.pk}/preview/?mode=wo"' not in html


def test_the_status_screens_list_pulaar(client, senegal_campaign):
    page = with_pulaar_objective(senegal_campaign)
    page.save_revision()  # the draft is what the status screens read
    status = translation_status(CampaignPage.objects.get(pk=page.pk))
    assert status["ff"].status == Status.PARTIAL and status["ff"].published
    assert status["wo"].status == Status.MISSING and not status["wo"].published

    client.force_login(SuperUserFactory(username="root"))
    report = client.get("/admin/reports/translation-status/")
    row = next(
        row
        for group in report.context["groups"]
        for row in group.rows
        if row.item.pk == page.pk and row.kind == "campaign"
    )
    cells = {cell.language.code: cell.status for cell in row.cells}
    assert cells["ff"] == Status.PARTIAL and cells["wo"] == Status.MISSING
    detail = client.get(f"/admin/reports/translation-status/page/{page.pk}/")
    assert detail.context["status"]["ff"].status == Status.PARTIAL
