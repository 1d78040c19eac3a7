"""A translator limited to some languages, through the real admin views.

Each test opens the edit screen as the user, posts back what a browser would post for the form it
was shown (StreamFields and rich text included), changed or not, and checks the answer and the
database. The limit itself is campaigns.content.models.translators.TranslatorLanguages; the check is
in campaigns.content.forms.
"""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Page

from campaigns.access.roles import EDITORS, TRANSLATORS, setup_roles
from campaigns.content.forms import MaterialForm, MultilingualPageForm
from campaigns.models import (
    CampaignIndexPage,
    CampaignPage,
    CountryPage,
    HomePage,
    Material,
    MaterialVersion,
    TranslatorLanguages,
)
from tests.admin_forms import form_data
from tests.factories import (
    SuperUserFactory,
    campaign_page,
    country_page,
    home_page,
    material,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db

BODY = [
    # Stored as code writes it, without Draftail's block keys: the editor's round trip must not
    # count as a change.
    {"type": "text", "value": "<p>Cross the sea <b>only</b> with papers.</p><ul><li>a</li></ul>"},
    {"type": "key_message", "value": {"message": "Call the hotline first."}},
    {
        "type": "faq",
        "value": [{"question": "Is it free?", "answer": "<p>Yes, <i>always</i>.</p>"}],
    },
]
WOLOF_AND_FRENCH = "You translate into French and Wolof only"


# --- What a browser posts ------------------------------------------------------------------------


def edit_screen(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response
    return form_data(response.context["form"])


def page_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def material_url(item):
    return reverse(Material.snippet_viewset.get_url_name("edit"), args=[item.pk])


def errors_of(response) -> list[str]:
    """Every error message of the form the view rendered again, formsets included."""
    form = response.context["form"]
    messages = [str(m) for errors in form.errors.values() for m in errors]
    for formset in getattr(form, "formsets", {}).values():
        for subform in formset.forms:
            messages += [str(m) for errors in subform.errors.values() for m in errors]
    return messages


# --- The world -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def campaign_data(django_db_setup, django_db_blocker):
    """The roles and the campaign: built once for the module, rolled back after its last test."""
    with module_data(django_db_blocker):
        home_page()
        setup_roles()
        yield campaign_page(
            objective_wo="Xamal ndaw ñi",
            objective_ar="أخبر الشباب",
            body_en=BODY,
            body_wo=BODY,
        )


@pytest.fixture
def campaign(campaign_data, db):
    """The module's campaign, fetched again: a test changes it at will (its transaction rolls
    back)."""
    return Page.objects.get(pk=campaign_data.pk).specific


@pytest.fixture
def translator(campaign):
    user = role_user(TRANSLATORS, username="moussa")
    TranslatorLanguages.objects.create(user=user, languages=["wo", "fr"])
    return user


@pytest.fixture
def client_for():
    def login(user):
        client = Client()
        client.force_login(user)
        return client

    return login


def latest(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


# --- Which forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [HomePage, CampaignIndexPage, CountryPage, CampaignPage])
def test_every_page_type_edits_through_the_scoped_form(model):
    form_class = model.get_edit_handler().get_form_class()
    assert issubclass(form_class, MultilingualPageForm)


def test_materials_edit_through_the_scoped_form():
    assert issubclass(Material.snippet_viewset.get_form_class(for_update=True), MaterialForm)


# --- Pages ---------------------------------------------------------------------------------------


def test_posting_the_page_unchanged_is_accepted(campaign, translator, client_for):
    client = client_for(translator)
    for page in (campaign, campaign.get_parent().specific):
        data = edit_screen(client, page_url(page))
        response = client.post(page_url(page), data)
        assert response.status_code == 302, errors_of(response)


def test_translator_edits_their_own_languages(campaign, translator, client_for):
    client = client_for(translator)
    data = edit_screen(client, page_url(campaign))
    data["objective_wo"] = "Xamal ndaw ñi lépp"
    data["title_fr"] = "Le désert n'est pas une route"
    data["body_wo-2-value-0-value-question"] = "Ndax dafa yomb?"
    response = client.post(page_url(campaign), data)
    assert response.status_code == 302, errors_of(response)
    saved = latest(campaign)
    assert saved.objective_wo == "Xamal ndaw ñi lépp"
    assert saved.title_fr == "Le désert n'est pas une route"
    assert saved.body_wo[2].value[0]["question"] == "Ndax dafa yomb?"


@pytest.mark.parametrize(
    "field, value, language",
    [
        ("objective_ar", "نص آخر", "Arabic"),
        ("objective_en", "Another objective", "English"),
        ("title_fa_af", "عنوان", "Dari"),
        ("body_en-1-value-message", "Another message", "English"),
        ("body_en-2-value-0-value-question", "Is it really free?", "English"),
    ],
)
def test_text_in_another_language_is_refused(
    campaign, translator, client_for, field, value, language
):
    client = client_for(translator)
    data = edit_screen(client, page_url(campaign))
    data[field] = value
    revisions = campaign.revisions.count()
    response = client.post(page_url(campaign), data)
    assert response.status_code == 200
    assert f"{WOLOF_AND_FRENCH}; this field is in {language}." in errors_of(response)
    assert f"this field is in {language}." in response.content.decode()
    assert campaign.revisions.count() == revisions
    assert latest(campaign).objective_ar == "أخبر الشباب"


def test_a_block_added_in_another_language_is_refused(campaign, translator, client_for):
    client = client_for(translator)
    data = edit_screen(client, page_url(campaign))
    data.update(
        {
            "body_ar-count": "1",
            "body_ar-0-type": "key_message",
            "body_ar-0-deleted": "",
            "body_ar-0-order": "0",
            "body_ar-0-id": "",
            "body_ar-0-value-message": "اتصل بالخط الساخن",
        }
    )
    response = client.post(page_url(campaign), data)
    assert f"{WOLOF_AND_FRENCH}; this field is in Arabic." in errors_of(response)
    assert len(latest(campaign).body_ar) == 0


def test_a_block_deleted_in_another_language_is_refused(campaign, translator, client_for):
    client = client_for(translator)
    data = edit_screen(client, page_url(campaign))
    data["body_en-0-deleted"] = "1"
    response = client.post(page_url(campaign), data)
    assert f"{WOLOF_AND_FRENCH}; this field is in English." in errors_of(response)
    assert len(latest(campaign).body_en) == 3


@pytest.mark.parametrize(
    "field, value", [("start_date", "2026-02-01"), ("channels", []), ("show_in_menus", "on")]
)
def test_fields_that_are_not_translated_are_refused(campaign, translator, client_for, field, value):
    if field == "channels":
        from tests.factories import ChannelFactory

        campaign.channels.add(ChannelFactory(code="radio"))
        campaign.save_revision().publish()
    client = client_for(translator)
    data = edit_screen(client, page_url(campaign))
    if field == "channels":
        assert data["channels"]
    data[field] = value
    revisions = campaign.revisions.count()
    response = client.post(page_url(campaign), data)
    assert response.status_code == 200
    assert (
        f"{WOLOF_AND_FRENCH}; this field is not translated, so only an editor can change it."
        in errors_of(response)
    )
    assert campaign.revisions.count() == revisions


def test_the_country_of_a_country_page_is_refused(campaign, translator, client_for):
    from tests.factories import CountryFactory

    page = country_page()
    other = CountryFactory(code="GN", languages="fr")
    client = client_for(translator)
    data = edit_screen(client, page_url(page))
    data["country"] = str(other.pk)
    response = client.post(page_url(page), data)
    assert response.status_code == 200
    assert "this field is not translated" in " ".join(errors_of(response))
    assert latest(page).country_id != other.pk


def test_without_a_limit_nothing_changes(campaign, client_for):
    for user in (role_user(TRANSLATORS, username="awa"), role_user(EDITORS, username="ed")):
        client = client_for(user)
        data = edit_screen(client, page_url(campaign))
        data["objective_ar"] = f"نص {user.username}"
        data["body_en-1-value-message"] = f"By {user.username}"
        response = client.post(page_url(campaign), data)
        assert response.status_code == 302, errors_of(response)
        assert latest(campaign).objective_ar == f"نص {user.username}"


def test_superusers_are_never_limited(campaign, client_for):
    root = SuperUserFactory(username="root")
    TranslatorLanguages.objects.create(user=root, languages=["wo"])
    client = client_for(root)
    data = edit_screen(client, page_url(campaign))
    data["objective_ar"] = "نص"
    response = client.post(page_url(campaign), data)
    assert response.status_code == 302, errors_of(response)


def test_fields_outside_their_languages_say_so(campaign, translator, client_for):
    response = client_for(translator).get(page_url(campaign))
    form = response.context["form"]
    assert form.fields["objective_ar"].help_text.startswith("Not in your languages")
    assert form.fields["objective_ar"].widget.attrs.get("readonly")
    assert form.fields["title_ar"].widget.attrs.get("readonly")
    assert form.fields["start_date"].help_text.startswith("Not translated")
    assert not form.fields["start_date"].widget.attrs.get("readonly")
    for name in ("objective_wo", "title_fr", "body_wo"):
        assert not form.fields[name].help_text.startswith("Not"), name
        assert not form.fields[name].widget.attrs.get("readonly"), name
    assert "Not in your languages" in response.content.decode()


# --- Materials -----------------------------------------------------------------------------------


@pytest.fixture
def poster(campaign):
    return material(campaign, languages=("en", "wo"), title="Poster", title_wo="Afis")


def versions_of(item):
    item = Material.objects.get(pk=item.pk).get_latest_revision_as_object()
    return {version.language: version for version in item.versions.all()}


def add_version(data, language, text="Woté"):
    index = int(data["versions-TOTAL_FORMS"])
    data["versions-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"versions-{index}-language": language,
            f"versions-{index}-text": text,
            f"versions-{index}-embed_url": "",
            f"versions-{index}-document": "",
            f"versions-{index}-ORDER": str(index + 1),
            f"versions-{index}-id": "",
        }
    )


def version_index(data, language):
    return next(
        key.split("-")[1]
        for key, value in data.items()
        if key.endswith("-language") and value == language
    )


def test_posting_the_material_unchanged_is_accepted(poster, translator, client_for):
    client = client_for(translator)
    data = edit_screen(client, material_url(poster))
    response = client.post(material_url(poster), data)
    assert response.status_code == 302, errors_of(response)


def test_translator_adds_and_changes_versions_in_their_languages(poster, translator, client_for):
    client = client_for(translator)
    data = edit_screen(client, material_url(poster))
    data["title_wo"] = "Afis bu bees"
    data[f"versions-{version_index(data, 'wo')}-text"] = "Woté ci Wolof"
    add_version(data, "fr", "Appelez la ligne d'écoute.")
    response = client.post(material_url(poster), data)
    assert response.status_code == 302, errors_of(response)
    versions = versions_of(poster)
    assert set(versions) == {"en", "wo", "fr"}
    assert versions["wo"].text == "Woté ci Wolof"
    assert Material.objects.get(pk=poster.pk).get_latest_revision_as_object().title_wo == (
        "Afis bu bees"
    )


@pytest.mark.parametrize("change", ["add", "edit", "delete", "relabel", "title"])
def test_versions_in_another_language_are_refused(poster, translator, client_for, change):
    client = client_for(translator)
    data = edit_screen(client, material_url(poster))
    english = version_index(data, "en")
    language = "English"
    if change == "add":
        add_version(data, "ar", "اتصل")
        language = "Arabic"
    elif change == "edit":
        data[f"versions-{english}-text"] = "Call first."
    elif change == "delete":
        data[f"versions-{english}-DELETE"] = "on"
    elif change == "relabel":  # their own version, moved to a language they do not translate
        data[f"versions-{version_index(data, 'wo')}-language"] = "ar"
        language = "Arabic"
    else:
        data["title_en"] = "Another poster"
    revisions = poster.revisions.count()
    response = client.post(material_url(poster), data)
    assert response.status_code == 200
    field_or_version = "field" if change == "title" else "language version"
    message = f"{WOLOF_AND_FRENCH}; this {field_or_version} is in {language}."
    assert message in errors_of(response) + [
        str(m) for m in response.context["form"].non_field_errors()
    ]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert poster.revisions.count() == revisions
    assert set(versions_of(poster)) == {"en", "wo"}
    assert MaterialVersion.objects.filter(material=poster).count() == 2


def test_the_type_and_campaign_of_a_material_are_refused(poster, translator, client_for):
    client = client_for(translator)
    data = edit_screen(client, material_url(poster))
    data["material_type"] = "leaflet"
    response = client.post(material_url(poster), data)
    assert response.status_code == 200
    assert "this field is not translated" in " ".join(errors_of(response))


# --- Issue 10, item 6: a testimony's photo (ImageBlock, whose value is the image) ----------------


@pytest.fixture
def post_images(monkeypatch):
    """tests.admin_forms posts an ImageBlock as a StructBlock; Wagtail's widget posts the image's
    id, its alt text and the "decorative" box."""
    from wagtail.images.blocks import ImageBlock

    from tests import admin_forms

    post_block = admin_forms.post_block

    def post_image_block(block, value, prefix, data):
        if isinstance(block, ImageBlock):
            data[f"{prefix}-image"] = str(getattr(value, "pk", "") or "")
            data[f"{prefix}-alt_text"] = getattr(value, "contextual_alt_text", "") or ""
            if getattr(value, "decorative", False):
                data[f"{prefix}-decorative"] = "on"
            return
        post_block(block, value, prefix, data)

    monkeypatch.setattr(admin_forms, "post_block", post_image_block)


def a_testimony(photo=None):
    no_photo = {"image": None, "alt_text": "", "decorative": False}  # as the editor saves it
    value = {"quote": "I came back.", "name": "Awa", "context": "", "photo": no_photo}
    if photo is not None:
        value["photo"] = {"image": photo.pk, "alt_text": "Awa at school", "decorative": False}
    return {"type": "testimony", "value": value}


def test_a_limited_translator_edits_a_page_with_testimonies(
    campaign, translator, client_for, post_images
):
    from tests.factories import image

    body = [*BODY, a_testimony(image()), a_testimony()]
    campaign.body_en = body
    campaign.body_wo = body
    campaign.save_revision().publish()
    client = client_for(translator)
    data = edit_screen(client, page_url(campaign))
    response = client.post(page_url(campaign), data)  # was a 500: 'CampaignImage' ... 'get'
    assert response.status_code == 302, errors_of(response)
    data = edit_screen(client, page_url(campaign))
    data["body_wo-3-value-quote"] = "Dellu naa."
    response = client.post(page_url(campaign), data)
    assert response.status_code == 302, errors_of(response)
    saved = latest(campaign)
    assert saved.body_wo[3].value["quote"] == "Dellu naa."
    assert saved.body_wo[3].value["photo"].contextual_alt_text == "Awa at school"
    data = edit_screen(client, page_url(campaign))
    data["body_en-3-value-photo-alt_text"] = "Another description"
    response = client.post(page_url(campaign), data)
    assert response.status_code == 200
    assert f"{WOLOF_AND_FRENCH}; this field is in English." in errors_of(response)


# --- Issue 10, item 3: reverting to an old revision, by the admin's revert screens ---------------


def page_revert_url(page, revision):
    return reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk])


def material_revert_url(item, revision):
    return reverse(
        Material.snippet_viewset.get_url_name("revisions_revert"), args=[item.pk, revision.pk]
    )


def save_page_draft(page, **fields):
    page = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(page, name, value)
    return page.save_revision()


def test_a_limited_translator_cannot_revert_a_page_in_other_languages(
    campaign, translator, client_for
):
    old = save_page_draft(campaign, objective_ar="نص قديم", objective_wo="Mbind mu njëkk")
    save_page_draft(campaign, objective_ar="أخبر الشباب", objective_wo="Xamal ndaw ñi")
    client = client_for(translator)
    data = edit_screen(client, page_revert_url(campaign, old))
    revisions = campaign.revisions.count()
    response = client.post(page_revert_url(campaign, old), data)
    assert response.status_code == 200
    assert f"{WOLOF_AND_FRENCH}; this field is in Arabic." in errors_of(response)
    assert campaign.revisions.count() == revisions
    assert latest(campaign).objective_ar == "أخبر الشباب"
    # Keeping the Arabic text as it is now, the Wolof text of the old revision comes back.
    data["objective_ar"] = "أخبر الشباب"
    response = client.post(page_revert_url(campaign, old), data)
    assert response.status_code == 302, errors_of(response)
    assert latest(campaign).objective_wo == "Mbind mu njëkk"
    assert latest(campaign).objective_ar == "أخبر الشباب"


def test_a_page_waiting_for_review_is_not_reverted(campaign, client_for):
    from tests.factories import act_on_review, submit_for_review

    editor = role_user(EDITORS, username="ed")
    old = campaign.live_revision
    save_page_draft(campaign, objective_en="Submitted objective")
    submit_for_review(latest(campaign), editor)
    act_on_review(campaign, role_user("Administrators", username="iom"))
    # The full revert form, as a superuser (who may revert in review) sees it.
    data = edit_screen(
        client_for(SuperUserFactory(username="root")), page_revert_url(campaign, old)
    )
    client = client_for(editor)
    revisions = campaign.revisions.count()
    assert client.get(page_revert_url(campaign, old)).status_code == 302  # not even the form
    response = client.post(page_revert_url(campaign, old), data)
    assert response.status_code == 302  # "Sorry, you do not have permission" (revert_guards)
    assert campaign.revisions.count() == revisions
    assert latest(campaign).objective_en == "Submitted objective"


def test_a_limited_translator_cannot_revert_a_material_in_other_languages(
    poster, translator, client_for
):
    item = Material.objects.get(pk=poster.pk)
    english = item.versions.get(language="en")
    english.text = "Old English text"
    old = item.save_revision()
    item = Material.objects.get(pk=poster.pk).get_latest_revision_as_object()
    for version in item.versions.all():
        if version.language == "en":
            version.text = "Current English text"
    item.save_revision()
    client = client_for(translator)
    data = edit_screen(client, material_revert_url(poster, old))
    revisions = poster.revisions.count()
    response = client.post(material_revert_url(poster, old), data)
    assert response.status_code == 200
    message = f"{WOLOF_AND_FRENCH}; this language version is in English."
    assert message in [str(m) for m in response.context["form"].non_field_errors()]
    assert poster.revisions.count() == revisions
    assert versions_of(poster)["en"].text == "Current English text"
