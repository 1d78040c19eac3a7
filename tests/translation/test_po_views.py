"""The admin's PO export and import screens: who may use them, the languages offered, the
download, and an upload (a PO file or a zip of them) checked, then saved."""

import io
import zipfile

import pytest
from babel.messages.pofile import read_po, write_po
from django.urls import reverse
from wagtail.models import Revision

from campaigns.access.roles import (
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.translation import po_export
from campaigns.translation.po_admin_hooks import po_page_button
from tests.factories import TEST_PASSWORD, role_user

pytestmark = pytest.mark.django_db

EXPORT = reverse("po_translations:export")
IMPORT = reverse("po_translations:import")


@pytest.fixture
def people(demo):
    from campaigns.content.models.translators import TranslatorLanguages

    setup_roles()
    found = {
        "awa": role_user(TRANSLATORS, "awa"),
        "editor": role_user(EDITORS, "editor"),
        "reviewer": role_user(REVIEWERS, "reviewer"),
        "finance": role_user(FINANCE, "finance"),
        "me": role_user(ME_OFFICERS, "me"),
        "reporter": role_user(REPORTERS, "reporter"),
    }
    TranslatorLanguages.objects.create(user=found["awa"], languages=["wo"])
    return found


def refused(response) -> bool:
    """403, or Wagtail's turn of an admin view's PermissionDenied: to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def upload(client, data: bytes, check_only: bool, url=IMPORT):
    file = io.BytesIO(data)
    file.name = "campaign-wo.po"
    fields = {"file": file}
    if check_only:
        fields["check_only"] = "on"
    return client.post(url, fields)


def translated(data: bytes, suffix: str, text: str) -> bytes:
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.context and message.context.endswith(suffix):
            message.string = text
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


@pytest.mark.parametrize("who", ["reviewer", "finance", "me", "reporter"])
def test_other_roles_are_refused_both_screens(client, senegal_campaign, people, who):
    login(client, people[who])
    scope = f"?scope={po_export.campaign_scope(senegal_campaign)}"
    revisions = Revision.objects.count()
    assert refused(client.get(EXPORT + scope))
    assert refused(client.post(EXPORT + scope, {"languages": ["wo"]}))
    assert refused(client.get(IMPORT))
    data = translated(
        po_export.export(po_export.campaign_scope(senegal_campaign), ["wo"])[1],
        ":objective",
        "Dimbali.",
    )
    assert refused(upload(client, data, check_only=False))
    assert Revision.objects.count() == revisions
    assert list(po_page_button(senegal_campaign, people[who], "edit")) == []


def test_a_translator_exports_only_their_languages(client, senegal_campaign, people):
    login(client, people["awa"])
    url = EXPORT + f"?scope={po_export.campaign_scope(senegal_campaign)}"
    response = client.get(url)
    assert response.status_code == 200
    assert [code for code, _name in response.context["form"].fields["languages"].choices] == ["wo"]
    refused = client.post(url, {"scope": str(po_export.campaign_scope(senegal_campaign)),
                                "languages": ["ff"]})  # fmt: skip
    assert refused.status_code == 200 and refused.context["form"].errors["languages"]
    response = client.post(url, {"scope": str(po_export.campaign_scope(senegal_campaign)),
                                 "languages": ["wo"]})  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="campaign-sn-the-sea-does-not-forgive-wo.po"'
    )
    catalog = read_po(io.BytesIO(response.content))
    assert catalog.locale_identifier == "wo" and "awa" in catalog.last_translator


def test_the_export_menu_lists_what_the_user_may_change(client, senegal_campaign, people):
    login(client, people["editor"])
    response = client.get(EXPORT)
    choices = dict(response.context["form"].fields["scope"].choices)
    assert str(po_export.campaign_scope(senegal_campaign)) in choices
    assert "country:SN" in choices
    languages = [code for code, _n in response.context["form"].fields["languages"].choices]
    assert "wo" in languages and "en" not in languages


def test_an_unknown_scope_is_not_found(client, demo, people):
    login(client, people["editor"])
    assert client.get(EXPORT + "?campaign=no-such-campaign").status_code == 404
    assert client.get(EXPORT + "?scope=nonsense").status_code == 404


def test_an_upload_is_checked_then_saved(client, senegal_campaign, people):
    login(client, people["awa"])
    scope = po_export.campaign_scope(senegal_campaign)
    data = translated(po_export.export(scope, ["wo"])[1], ":objective", "Dimbali ndaw ñi.")
    revisions = Revision.objects.count()

    checked = upload(client, data, check_only=True)
    assert checked.status_code == 200
    assert checked.context["report"].dry_run and len(checked.context["report"].applied) == 1
    assert "Dry run, nothing changed" in checked.content.decode()
    assert Revision.objects.count() == revisions

    saved = upload(client, data, check_only=False, url=IMPORT + f"?scope={scope}")
    html = saved.content.decode()
    assert "1 applied" in html and "One draft saved and sent to review." in html
    assert Revision.objects.count() == revisions + 1
    draft = type(senegal_campaign).objects.get(pk=senegal_campaign.pk).get_latest_revision()
    assert draft.user == people["awa"]


def test_a_bad_upload_shows_the_reason_and_the_line(client, senegal_campaign, people):
    login(client, people["awa"])
    scope = po_export.campaign_scope(senegal_campaign)
    data = translated(po_export.export(scope, ["wo"])[1], ":objective", "<script>x</script>")
    revisions = Revision.objects.count()
    response = upload(client, data, check_only=False)
    html = response.content.decode()
    assert "Refused, nothing changed" in html
    assert 'data-outcome="error"' in html and "scripts, styles" in html
    assert Revision.objects.count() == revisions


def test_another_campaigns_file_is_refused_from_a_campaigns_screen(
    client, senegal_campaign, people
):
    from campaigns.models import CampaignPage

    login(client, people["editor"])
    other = CampaignPage.objects.filter(country__code="SN").exclude(pk=senegal_campaign.pk).first()
    data = translated(
        po_export.export(po_export.campaign_scope(other), ["wo"])[1], ":objective", "Dimbali."
    )
    url = IMPORT + f"?scope={po_export.campaign_scope(senegal_campaign)}"
    html = upload(client, data, check_only=False, url=url).content.decode()
    assert (
        "Refused, nothing changed" in html
        and f"not {po_export.campaign_scope(senegal_campaign)}" in html
    )


def test_too_large_a_file_is_refused(client, demo, people):
    login(client, people["editor"])
    response = upload(client, b"#" * (2 * 1024 * 1024 + 1), check_only=True)
    assert response.context["form"].errors["file"] == ["The file is larger than 2 MB."]


def test_a_page_header_button_and_the_status_screen_link(client, senegal_campaign, people):
    (button,) = po_page_button(senegal_campaign, people["awa"], "edit")
    assert button.url == EXPORT + f"?scope={po_export.campaign_scope(senegal_campaign)}"
    login(client, people["awa"])
    status = client.get(reverse("campaigns_translation_status:page", args=[senegal_campaign.pk]))
    assert status.status_code == 200
    assert f'href="{button.url}" data-po-export-link' in status.content.decode()


def translated_zip(page, texts: dict[str, str]) -> bytes:
    """The export's zip for ``texts``' languages, each file's objective translated."""
    _name, data, _type = po_export.export(po_export.campaign_scope(page), list(texts))
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            text = texts[name.rsplit("-", 1)[1][:-3]]
            archive.writestr(name, translated(source.read(name), ":objective", text))
    return out.getvalue()


def test_a_zip_is_checked_then_saved_all_together(client, senegal_campaign, people):
    login(client, people["editor"])
    data = translated_zip(senegal_campaign, {"wo": "Dimbali ndaw ñi.", "fr": "Aider les jeunes."})
    revisions = Revision.objects.count()

    checked = upload(client, data, check_only=True)
    report = checked.context["report"]
    assert report.dry_run and len(report.applied) == 2 and len(report.files) == 2
    html = checked.content.decode()
    assert "data-po-files" in html and "-wo.po</code>" in html and "-fr.po</code>" in html
    assert Revision.objects.count() == revisions

    saved = upload(client, data, check_only=False)
    assert "2 drafts saved and sent to review." in saved.content.decode()
    assert Revision.objects.count() == revisions + 2
    page = type(senegal_campaign).objects.get(pk=senegal_campaign.pk)
    draft = page.get_latest_revision().as_object()
    assert (draft.objective_wo, draft.objective_fr) == ("Dimbali ndaw ñi.", "Aider les jeunes.")


def test_a_zip_with_one_language_the_translator_may_not_write_saves_nothing(
    client, senegal_campaign, people
):
    login(client, people["awa"])  # Wolof only
    data = translated_zip(senegal_campaign, {"wo": "Dimbali ndaw ñi.", "fr": "Aider les jeunes."})
    revisions = Revision.objects.count()
    html = upload(client, data, check_only=False).content.decode()
    assert "Refused, nothing changed: 1 error." in html
    assert "you may not translate into French" in html and "-fr.po</td>" in html
    assert Revision.objects.count() == revisions


def test_a_hostile_zip_is_refused_with_its_reason(client, demo, people):
    login(client, people["editor"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../../etc/sea-wo.po", b"msgid ''")
    html = upload(client, out.getvalue(), check_only=True).content.decode()
    assert "Refused, nothing changed" in html and "in a folder" in html
    too_large = b"PK\x03\x04" + b"#" * (5 * 1024 * 1024)
    response = upload(client, too_large, check_only=True)
    assert response.context["form"].errors["file"] == ["The zip is larger than 5 MB."]
