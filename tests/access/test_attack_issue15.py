"""Attacks on issue 15's translators' tools (PO export and import, interface words, the
translator's editor, /healthz): each defended attack asserts the refusal or the escape; each hole
is written as it should behave and marked ``xfail(strict=True, reason="HOLE: ...")``."""

import io

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po
from django.test import Client
from django.urls import reverse
from wagtail.models import Revision

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.translation import po_export, po_import
from campaigns.translation.models import InterfaceWord
from tests.factories import TEST_PASSWORD, admin_user, role_user

pytestmark = pytest.mark.django_db

EXPORT = reverse("po_translations:export")
IMPORT = reverse("po_translations:import")


@pytest.fixture
def people(demo):
    from campaigns.content.models.translators import TranslatorLanguages

    setup_roles()
    found = {
        "awa": role_user(TRANSLATORS, "awa"),  # limited to Wolof
        "editor": role_user(EDITORS, "editor"),
        "admin": role_user(ADMINISTRATORS, "iom"),
        "reviewer": role_user(REVIEWERS, "reviewer"),
        "finance": role_user(FINANCE, "finance"),
        "me": role_user(ME_OFFICERS, "me"),
        "reporter": role_user(REPORTERS, "reporter"),
    }
    TranslatorLanguages.objects.create(user=found["awa"], languages=["wo"])
    return found


def login(client, user):
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def refused(response) -> bool:
    """403, or Wagtail's turn of an admin view's PermissionDenied: to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def po(page, language="wo", edit=None, add=(), header=None) -> bytes:
    """The page's campaign file in ``language``; ``edit`` {msgctxt suffix: msgstr}; ``add``
    extra (msgctxt, msgid, msgstr); ``header`` {attribute: value} on the catalogue."""
    catalog = read_po(io.BytesIO(po_export.export(po_export.campaign_scope(page), [language])[1]))
    for suffix, text in (edit or {}).items():
        found = [m for m in catalog if m.id and m.context and m.context.endswith(suffix)]
        assert found, suffix
        found[0].string = text
    for context, msgid, msgstr in add:
        catalog[msgid] = Message(msgid, msgstr, context=context)
    for name, value in (header or {}).items():
        setattr(catalog, name, value)
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def entry(page, suffix, language="wo"):
    """(msgctxt, msgid) of the page's exported entry whose msgctxt ends with ``suffix``."""
    catalog = read_po(io.BytesIO(po_export.export(po_export.campaign_scope(page), [language])[1]))
    return next((m.context, m.id) for m in catalog if m.context and m.context.endswith(suffix))


def reasons(report) -> str:
    return " | ".join(str(item) for item in report.errors + report.conflicts)


# --- PO import: language, scope and fields ------------------------------------------------------


def test_a_wolof_translator_cannot_import_french_by_the_language_header(senegal_campaign, people):
    data = po(senegal_campaign, "fr", edit={":objective": "Texte changé."})
    revisions = Revision.objects.count()
    report = po_import.import_po(data, people["awa"], dry_run=False)
    assert report.refused and "may not translate into" in reasons(report)
    assert Revision.objects.count() == revisions


def test_a_wolof_file_cannot_write_english_through_a_language_header_variant(
    senegal_campaign, people
):
    for identifier in ("en", "EN", "en_US", "fr_SN"):
        data = po(senegal_campaign, "wo", edit={":objective": "Changed."})
        data = data.replace(b'"Language: wo\\n"', f'"Language: {identifier}\\n"'.encode())
        report = po_import.import_po(data, people["awa"], dry_run=True)
        assert report.refused and not report.applied, identifier


def test_an_entry_for_another_campaigns_page_is_refused(senegal_campaign, people):
    from campaigns.models import CampaignPage

    other = CampaignPage.objects.exclude(pk=senegal_campaign.pk).exclude(country__code="SN").first()
    context, msgid = entry(other, ":objective", "fr")
    data = po(senegal_campaign, "wo", add=[(context, msgid, "Xaalis.")])
    report = po_import.import_po(data, people["editor"], dry_run=True)
    assert report.refused and "is not part of what this file translates" in reasons(report)


@pytest.mark.parametrize("field", ["slug", "url_path", "live", "owner", "code", "country"])
def test_a_non_translated_field_is_refused(senegal_campaign, people, field):
    context, msgid = entry(senegal_campaign, ":objective")
    label, pk = context.split(":")[:2]
    data = po(senegal_campaign, "wo", add=[(f"{label}:{pk}:{field}", msgid, "evil")])
    report = po_import.import_po(data, people["editor"], dry_run=True)
    assert report.refused and "is not a translated field" in reasons(report)


@pytest.mark.parametrize(
    "context",
    ["auth.user:1:username", "campaigns.reachreport:1:notes", "wagtailcore.page:1:title",
     "campaigns.sitesettings:1:site_name", "campaigns.channel:1:name"],
)  # fmt: skip
def test_a_model_not_in_the_files_scope_is_refused(senegal_campaign, people, context):
    data = po(senegal_campaign, "wo", add=[(context, "x", "evil")])
    report = po_import.import_po(data, people["admin"], dry_run=True)
    assert report.refused and not report.applied


def test_a_block_id_of_another_page_is_a_conflict_not_a_write(senegal_campaign, people):
    from campaigns.models import CampaignPage

    other = CampaignPage.objects.filter(country__code="SN").exclude(pk=senegal_campaign.pk).first()
    context, msgid = next(
        (m.context, m.id)
        for m in read_po(io.BytesIO(po_export.export(po_export.campaign_scope(other), ["wo"])[1]))
        if m.context and m.context.count(":") == 3
    )
    label, _pk, field, block = context.split(":", 3)
    forged = f"{label}:{senegal_campaign.pk}:{field}:{block}"
    data = po(senegal_campaign, "wo", add=[(forged, msgid, "Xaalis.")])
    report = po_import.import_po(data, people["editor"], dry_run=True)
    assert not report.applied and (report.conflicts or report.errors)


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<a href="javascript:alert(1)">x</a>',
        '<b onclick="alert(1)">x</b>',
        '<iframe src="https://evil.example"></iframe>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<a linktype="page" id="1">x</a>',
        '<img src="x" onerror="alert(1)">',
        "<b>" * 500 + "x" + "</b>" * 500,
    ],
)
def test_hostile_markup_in_a_translation_is_refused(senegal_campaign, people, text):
    from campaigns.translation import units

    rich = next(u for u in units.units(senegal_campaign, "wo") if u.rich)
    data = po(senegal_campaign, "wo", edit={f":{rich.field}:{rich.block}": text})
    revisions = Revision.objects.count()
    report = po_import.import_po(data, people["awa"], dry_run=False)
    assert report.refused and Revision.objects.count() == revisions


def test_a_plain_text_field_with_an_unclosed_tag_is_refused_or_escaped(senegal_campaign, people):
    """A title is plain text: whatever passes, the public page escapes it."""
    data = po(senegal_campaign, "wo", edit={":title": '<img src=x onerror=alert(1) x="'})
    report = po_import.import_po(data, people["awa"], dry_run=True)
    assert report.refused


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b'msgid "a"\nmsgstr "b"\x00', "not a PO file"),
        (b"PK\x03\x04 a zip", "not a PO file"),
        (b"#" * (2 * 1024 * 1024 + 1), "larger than 2 MB"),
    ],
)
def test_files_that_are_not_po_files_are_refused(people, data, reason):
    report = po_import.import_po(data, people["editor"], dry_run=True)
    assert report.refused and reason in reasons(report)


def test_duplicates_plurals_and_obsolete_entries(senegal_campaign, people):
    context, msgid = entry(senegal_campaign, ":objective")
    data = po(senegal_campaign, "wo", edit={":objective": "Dimbali."})
    duplicate = data + f'\nmsgctxt "{context}"\nmsgid "{msgid}"\nmsgstr "Beneen."\n'.encode()
    assert "more than once" in reasons(po_import.import_po(duplicate, people["awa"], dry_run=True))
    plural = (
        data
        + (
            f'\nmsgctxt "{context}:x"\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\nmsgstr[1] "d"\n'
        ).encode()
    )
    assert po_import.import_po(plural, people["awa"], dry_run=True).refused
    # An obsolete entry (#~) pointing at English is ignored, never applied.
    obsolete = data + f'\n#~ msgctxt "{context}"\n#~ msgid "x"\n#~ msgstr "<script>"\n'.encode()
    report = po_import.import_po(obsolete, people["awa"], dry_run=True)
    assert not report.refused and len(report.applied) == 1


def test_a_bom_and_crlf_are_read_and_nothing_else_changes(senegal_campaign, people):
    data = po(senegal_campaign, "wo", edit={":objective": "Dimbali."})
    data = b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n")
    report = po_import.import_po(data, people["awa"], dry_run=True)
    assert not report.refused and len(report.applied) == 1


def test_a_source_changed_since_the_dry_run_is_a_conflict_at_save(senegal_campaign, people):
    """TOCTOU: the save checks again (one step, no stored upload)."""
    data = po(senegal_campaign, "wo", edit={":objective": "Dimbali."})
    assert len(po_import.import_po(data, people["awa"], dry_run=True).applied) == 1
    page = senegal_campaign.get_latest_revision_as_object()
    page.objective_fr = "Un autre objectif."
    page.objective_en = "Another objective."
    page.save_revision(user=people["editor"])
    revisions = Revision.objects.count()
    report = po_import.import_po(data, people["awa"], dry_run=False)
    assert not report.applied and report.conflicts and Revision.objects.count() == revisions


# --- PO export and import over HTTP: who ---------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "finance", "me", "reporter"])
def test_no_draft_text_for_roles_that_do_not_edit_pages(client, senegal_campaign, people, who):
    login(client, people[who])
    item = po_export.item_scope(senegal_campaign)
    for url in (EXPORT + f"?item={item.ident}", EXPORT + f"?scope={item}", EXPORT):
        assert refused(client.get(url))
        assert refused(client.post(url, {"scope": str(item), "languages": ["fr"]}))


def test_an_editor_of_one_country_cannot_export_another_countrys_draft(
    client, senegal_campaign, people
):
    from campaigns.models import CountryPage

    guinea = CountryPage.objects.exclude(country__code="SN").first()
    narrow = admin_user("guinea-only", editable_pages=[guinea])
    login(client, narrow)
    item = po_export.item_scope(senegal_campaign)
    assert refused(client.get(EXPORT + f"?scope={item}"))
    # The menu's scope is a choice field: a forged scope is not among its choices.
    response = client.post(EXPORT, {"scope": str(item), "languages": ["fr"]})
    assert response.status_code in (200, 302, 403)
    assert not response.get("Content-Disposition")
    report = po_import.import_po(
        po(senegal_campaign, "fr", edit={":objective": "x"}, header={"version": str(item)}),
        narrow,
        dry_run=True,
    )
    assert report.refused and "may not change" in reasons(report)


@pytest.mark.parametrize("ident", ["auth.user:1", "campaigns.reachreport:1", "x:y", "a:1"])
def test_an_item_scope_on_models_not_offered_is_not_found(client, people, ident):
    login(client, people["admin"])
    assert client.get(EXPORT + f"?item={ident}").status_code in (403, 404)


def test_an_item_scope_on_a_channel_is_refused_cleanly(client, people):
    """Was a 500 (AttributeError: no offered languages) until abc51ff."""
    from campaigns.models import Channel

    login(client, people["admin"])
    channel = Channel.objects.first()
    client.raise_request_exception = False
    response = client.get(EXPORT + f"?item=campaigns.channel:{channel.pk}")
    assert response.status_code in (403, 404)


def test_the_import_needs_a_csrf_token(senegal_campaign, people):
    client = login(Client(enforce_csrf_checks=True), people["awa"])
    file = io.BytesIO(po(senegal_campaign, "wo", edit={":objective": "Dimbali."}))
    file.name = "x.po"
    revisions = Revision.objects.count()
    assert client.post(IMPORT, {"file": file}).status_code == 403
    assert Revision.objects.count() == revisions


# --- Interface words ----------------------------------------------------------------------------


def test_a_wolof_translator_cannot_set_french_words(client, people):
    from campaigns.translation.interface_words import public_word
    from campaigns.translation.interface_words_admin import word_key

    login(client, people["awa"])
    key = word_key(public_word("Download"))
    for code in ("fr", "en", "ff"):
        url = reverse("interface_words:edit", args=[code])
        assert refused(client.post(url, {f"w-{key}-0": "Pirate"}))
    assert not InterfaceWord.objects.exists()
    data = po_export.write(po_export.catalog(po_export.Scope("campaign", "x"), [], "fr"))
    data = data.replace(b'msgid "Download"\nmsgstr ""', b'msgid "Download"\nmsgstr "Pirate"')
    report = po_import.import_po(data, people["awa"], dry_run=True)
    assert report.refused and not InterfaceWord.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "finance", "me", "reporter"])
def test_other_roles_cannot_set_words(client, people, who):
    login(client, people[who])
    assert refused(client.get(reverse("interface_words:index")))
    assert refused(client.post(reverse("interface_words:edit", args=["wo"]), {}))


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "%(secret)s",
     "{0.__class__}" * 0 + "x" * 10_000, "Yebbi\x00"],
)  # fmt: skip
def test_hostile_words_are_refused(people, text):
    from campaigns.translation.interface_words import check_forms, public_word

    _forms, errors = check_forms(public_word("Download"), "wo", [text])
    assert errors


def test_a_plain_word_with_an_unclosed_tag_is_refused_and_escaped_if_written_anyway(client, people):
    """An open tag is refused in any word; one written by code anyway is escaped by
    ``{% ui %}``."""
    from django.core.exceptions import ValidationError

    from campaigns.models import InterfaceWord
    from campaigns.translation.interface_words import public_word, save_entries

    word = public_word("Search")
    evil = "Seet <img src=x onerror=alert(1) x="
    with pytest.raises(ValidationError):
        save_entries("wo", [(word.message, word.context, word.plural, [evil])])
    InterfaceWord.objects.create(
        language="wo", message=word.message, context=word.context, forms=[evil]
    )
    html = client.get("/wo/search/?q=zzzqqq").content.decode()
    assert "Seet &lt;img src=x onerror=alert(1) x=" in html
    assert "<img src=x onerror" not in html


def test_an_unclosed_tag_in_a_sentence_word_does_not_reach_the_page(client, people):
    """A Wolof translator saves the Wolof of the search page's 'Nothing found' sentence in
    the admin with an unclosed <img onerror>: a visitor's browser would run it."""
    from campaigns.translation.interface_words import public_word
    from campaigns.translation.interface_words_admin import word_key

    word = public_word('Nothing found for <q dir="auto">%(query)s</q>.')
    evil = 'Amul dara ci <q dir="auto">%(query)s</q>.<img src=x onerror=alert(document.domain) x='
    login(client, people["awa"])
    client.post(reverse("interface_words:edit", args=["wo"]), {f"w-{word_key(word)}-0": evil})
    client.logout()
    html = client.get("/wo/search/?q=zzzqqq").content.decode()
    assert "<img src=x onerror=alert(document.domain)" not in html


# --- /healthz -----------------------------------------------------------------------------------


def test_healthz_says_nothing_but_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    if response.status_code == 301:
        response = client.get(response["Location"])
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert client.post("/healthz").status_code in (301, 405)
