"""PO import: the round trip (export Senegal's campaign for Wolof, translate three entries,
import, review, read the Wolof page), and bad files refused with a clear message, nothing
changed."""

import io
import re

import pytest
from babel.messages.pofile import read_po, write_po
from django.utils import translation as django_translation
from PIL import Image
from wagtail.models import Revision, WorkflowState

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.models import Funder
from campaigns.translation import po_checks, po_export, po_import
from campaigns.translation import units as u
from tests.factories import act_on_review, role_user

pytestmark = pytest.mark.django_db

OBJECTIVE_WO = "Dimbali ndaw ñi ak seen njaboot ñu xam bu baax musiba yi ci gaal gi."
QUOTE_WO = "Nu ngi woon lu ëpp téeméer ci gaal gu ñu defar ngir ñeent fukk."
EU_STATEMENT_WO = "Bokk Ëmbu Tugal (Union européenne) mooy joxe xaalis bi"
INTRO_WO = "<p>At mu nekk, ay gaal dañuy jóge ci tefesu Senegaal.</p>"


@pytest.fixture
def people(demo):
    from campaigns.content.models.translators import TranslatorLanguages

    setup_roles()
    awa = role_user(TRANSLATORS, "awa")
    TranslatorLanguages.objects.create(user=awa, languages=["wo"])
    return {
        "awa": awa,
        "iom": role_user(ADMINISTRATORS, "iom"),
        "funder": role_user(REVIEWERS, "funder"),
        "finance": role_user(FINANCE, "finance"),
        "editor": role_user(EDITORS, "editor"),
    }


def export(page, language="wo") -> bytes:
    return po_export.export(po_export.campaign_scope(page), [language])[1]


def translate(data: bytes, texts: dict) -> bytes:
    """Set msgstr of the entries whose msgctxt ends with each key (as a translator's tool)."""
    catalog = read_po(io.BytesIO(data))
    for suffix, text in texts.items():
        found = [m for m in catalog if m.id and m.context and m.context.endswith(suffix)]
        assert len(found) == 1, (suffix, len(found))
        found[0].string = text
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def intro_key(page) -> str:
    """The body's first text block's context suffix."""
    unit = next(x for x in u.units(page, "wo") if x.field == "body" and "/" not in x.block)
    return f":body:{unit.block}"


def three(page) -> dict:
    return {":objective": OBJECTIVE_WO, "/quote": QUOTE_WO, intro_key(page): INTRO_WO}


def test_round_trip_export_translate_import_review_and_read_the_wolof_page(
    client, senegal_campaign, people
):
    page = senegal_campaign
    revisions = Revision.objects.count()
    data = translate(export(page), three(page))

    report = po_import.import_po(data, people["awa"])

    assert not report.refused, report.lines()
    assert (len(report.applied), report.revisions) == (3, 1)
    assert len(report.unchanged) == 2  # the title and key messages already in Wolof
    assert Revision.objects.count() == revisions + 1
    page.refresh_from_db()
    assert page.objective_wo in ("", None)  # a draft: the live page is unchanged
    draft = page.get_latest_revision()
    assert draft.user == people["awa"]
    assert draft.as_object().objective_wo == OBJECTIVE_WO
    state = page.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS  # in review

    # The EU accepts its statement in no other language: its Wolof is needed to publish.
    Funder.objects.filter(name="European Union").update(statement_wo=EU_STATEMENT_WO)
    act_on_review(page, people["iom"])
    act_on_review(page, people["funder"])
    page.refresh_from_db()
    assert page.objective_wo == OBJECTIVE_WO and not page.has_unpublished_changes
    with django_translation.override("wo"):
        url = page.get_url()
    html = client.get(url).content.decode()
    assert url.startswith("/wo/")
    for text in (OBJECTIVE_WO, QUOTE_WO, "At mu nekk, ay gaal dañuy jóge ci tefesu Senegaal."):
        assert text in html


def test_a_dry_run_reports_and_writes_nothing(senegal_campaign, people):
    revisions = Revision.objects.count()
    data = translate(export(senegal_campaign), three(senegal_campaign))
    report = po_import.import_po(data, people["awa"], dry_run=True)
    assert len(report.applied) == 3 and "Dry run" in report.summary()
    assert Revision.objects.count() == revisions


def test_fuzzy_and_empty_entries_are_skipped(senegal_campaign, people):
    catalog = read_po(io.BytesIO(translate(export(senegal_campaign), three(senegal_campaign))))
    for message in catalog:
        if message.context and message.context.endswith(":objective"):
            message.flags.add("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    report = po_import.import_po(out.getvalue(), people["awa"], dry_run=True)
    assert len(report.applied) == 2
    assert any(o.context.endswith(":objective") for o in report.skipped)


def test_a_changed_source_is_a_conflict_not_applied(senegal_campaign, people):
    data = translate(export(senegal_campaign), three(senegal_campaign))
    page = u.current(senegal_campaign)
    page.objective_fr = "Un autre objectif."
    page.save_revision()
    report = po_import.import_po(data, people["awa"])
    assert not report.refused
    assert [o.context.rsplit(":", 1)[1] for o in report.conflicts] == ["objective"]
    assert len(report.applied) == 2
    draft = u.current(type(senegal_campaign).objects.get(pk=senegal_campaign.pk))
    assert not draft.objective_wo and u.translation(draft, ("objective", ""), "wo") == ""


def test_a_material_gets_a_draft_sent_to_review(senegal_campaign, people):
    material = senegal_campaign.materials.order_by("pk").first()
    revisions = material.revisions.count()
    data = translate(export(senegal_campaign), {f"campaigns.material:{material.pk}:title": "Afis"})
    report = po_import.import_po(data, people["awa"])
    assert (len(report.applied), report.revisions) == (1, 1), report.lines()
    material = type(material).objects.get(pk=material.pk)
    assert material.revisions.count() == revisions + 1
    assert material.get_latest_revision().as_object().title_wo == "Afis"
    assert material.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_countrys_texts_are_saved_by_an_editor_and_refused_to_a_translator(demo, people):
    from campaigns.models import Country

    senegal = Country.objects.get(code="SN")
    data = po_export.export(po_export.country_scope(senegal), ["wo"])[1]
    data = translate(data, {f"campaigns.country:{senegal.pk}:contact_details": "OIM Ndakaaru"})
    report = po_import.import_po(data, people["awa"], dry_run=True)
    assert report.refused and "you may not change" in report.errors[0].reason
    report = po_import.import_po(data, people["editor"])
    assert not report.refused and len(report.applied) == 1, report.lines()
    assert Country.objects.get(pk=senegal.pk).contact_details_wo == "OIM Ndakaaru"


def test_a_translator_imports_the_country_file_they_were_given(client, demo, people):
    """Exported from the admin, a translator's country file leaves out the country's own texts:
    they import what they translated."""
    from campaigns.models import Country

    client.force_login(people["awa"])
    response = client.post(
        "/admin/translations/export/?country=SN", {"scope": "country:SN", "languages": ["wo"]}
    )
    senegal = Country.objects.get(code="SN")
    assert f"campaigns.country:{senegal.pk}".encode() not in response.content
    campaign = senegal.campaign_pages.order_by("path").first()
    data = translate(response.content, {f"campaignpage:{campaign.pk}:objective": OBJECTIVE_WO})
    report = po_import.import_po(data, people["awa"], dry_run=True)
    assert not report.refused and len(report.applied) == 1


def test_interface_words_come_back_from_the_file(senegal_campaign, people):
    from campaigns.translation.models import InterfaceWord

    catalog = read_po(io.BytesIO(export(senegal_campaign)))
    download = next(m for m in catalog if m.context == "interface:" and m.id == "Download")
    download.string = "Yebbi"
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    report = po_import.import_po(out.getvalue(), people["awa"])
    assert [o.context for o in report.applied] == ["interface:"], report.lines()
    word = InterfaceWord.objects.get(language="wo", message="Download", context="")
    assert word.forms == ["Yebbi"] and word.updated_by == people["awa"]


# --- Refused: who ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["funder", "finance"])
def test_reviewers_and_finance_officers_are_refused(senegal_campaign, people, who):
    revisions = Revision.objects.count()
    data = translate(export(senegal_campaign), three(senegal_campaign))
    report = po_import.import_po(data, people[who])
    assert report.refused and "you may not change" in str(report.errors[0])
    assert Revision.objects.count() == revisions


def test_a_translator_limited_to_wolof_cannot_import_pulaar(senegal_campaign, people):
    data = translate(export(senegal_campaign, "ff"), {":objective": "Wallude sukaabe en."})
    report = po_import.import_po(data, people["awa"])
    assert report.refused and "Fula" in str(report.errors[0])


# --- Refused: bad files ---------------------------------------------------------------------


def refused(data, user, expected=None):
    revisions = Revision.objects.count()
    report = po_import.import_po(data, user, expected=expected)
    assert report.refused, report.summary()
    assert Revision.objects.count() == revisions  # nothing changed
    assert report.summary().startswith("Refused, nothing changed")
    return report


def line_of(data: bytes, needle: str) -> int:
    text = data.decode("utf-8", errors="replace")
    return text[: text.index(needle)].count("\n") + 1


def test_an_unknown_language_is_refused(senegal_campaign, people):
    data = translate(export(senegal_campaign), three(senegal_campaign))
    data = data.replace(b"Language: wo", b"Language: xx")
    report = refused(data, None)
    assert "xx is not a content language" in str(report.errors[0])


def test_another_campaigns_file_is_refused(senegal_campaign, people):
    from campaigns.models import CampaignPage

    other = CampaignPage.objects.filter(country__code="SN").exclude(pk=senegal_campaign.pk).first()
    data = translate(export(other), {":objective": "Dimbali."})
    expected = po_export.campaign_scope(senegal_campaign)
    report = refused(data, people["awa"], expected=expected)
    assert f"not {expected}" in str(report.errors[0])
    # A file claiming the campaign but holding another campaign's entries.
    claimed = data.replace(str(po_export.campaign_scope(other)).encode(), str(expected).encode())
    report = refused(claimed, people["awa"])
    assert "is not part of what this file translates" in str(report.errors[0])
    assert report.errors[0].line == line_of(claimed, f"campaigns.campaignpage:{other.pk}:title")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("<p>At mu nekk, <b>ay gaal</p>", "broken markup"),
        ("<p>At mu nekk</p><script>alert(1)</script>", "scripts, styles"),
        ('<p onclick="steal()">At mu nekk</p>', "scripts, styles"),
        ('<p>At mu nekk <a href="https://evil.example">xool</a></p>', "links the source does not"),
        ("<p>At mu nekk <table></table></p>", "tags not allowed"),
        ("<p>" + "a" * 5000 + "</p>", "too long"),
    ],
)
def test_bad_markup_is_refused_naming_the_line(senegal_campaign, people, text, reason):
    key = intro_key(senegal_campaign)
    data = translate(export(senegal_campaign), {":objective": OBJECTIVE_WO, key: text})
    report = refused(data, people["awa"])
    assert len(report.errors) == 1 and reason in report.errors[0].reason
    assert report.errors[0].line == line_of(data, key[1:])
    assert re.match(r"line \d+ \[", str(report.errors[0]))


def test_a_lost_link_is_refused(senegal_campaign, people):
    page = u.current(senegal_campaign)
    body = page.body_fr.get_prep_value()
    first = next(block for block in body if block["type"] == "text")
    first["value"] = f'<p>Voir <a linktype="page" id="{page.get_parent().pk}">le pays</a>.</p>'
    page.body_fr = body
    page.save_revision()
    data = translate(
        export(senegal_campaign), {intro_key(senegal_campaign): "<p>Xool réew mi.</p>"}
    )
    report = refused(data, people["awa"])
    assert "links of the source missing: page:" in report.errors[0].reason


def test_a_script_in_plain_text_is_refused(senegal_campaign, people):
    data = translate(export(senegal_campaign), {":objective": "<script>alert(1)</script>"})
    assert "scripts" in refused(data, people["awa"]).errors[0].reason


def test_latin_1_bytes_are_refused_naming_the_line(senegal_campaign, people):
    data = translate(export(senegal_campaign), {":objective": "Dimbali ndaw ñi"})
    text = data.decode("utf-8")
    latin = text.encode("latin-1", errors="replace")
    report = refused(latin, people["awa"])
    assert "not UTF-8" in report.errors[0].reason
    first_bad = next(
        number for number, line in enumerate(latin.split(b"\n"), 1) if not _is_utf8(line)
    )
    assert report.errors[0].line == first_bad


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_a_duplicate_entry_is_refused_naming_the_line(senegal_campaign, people):
    data = translate(export(senegal_campaign), three(senegal_campaign))
    entry = re.search(rb'msgctxt "[^"]*:objective"\n(?:.+\n)+', data).group(0)
    doubled = data + b"\n" + entry
    report = refused(doubled, people["awa"])
    assert "more than once" in report.errors[0].reason
    assert report.errors[0].line == doubled.decode().count("\n") - entry.decode().count("\n") + 1


def test_a_png_is_not_a_po_file(demo, people):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    report = refused(buffer.getvalue(), people["awa"])
    assert report.errors[0].line == 1
    assert "not UTF-8" in report.errors[0].reason or "not a PO file" in report.errors[0].reason


def test_text_that_is_not_a_po_file(demo, people):
    report = refused(b"Hello,\nthis is a letter.\n", people["awa"])
    assert "not a PO file" in report.errors[0].reason and report.errors[0].line == 1


def test_the_checks_on_their_own():
    source = '<p>See <a linktype="page" id="3">this</a> and {name}, %(count)s.</p>'
    good = '<p>Xool <a linktype="page" id="3">lii</a> ak {name}, %(count)s.</p>'
    assert po_checks.check(source, good, rich=True, features=["link"]) == []
    lost = "<p>Xool lii ak {name}, %(count)s.</p>"
    assert any("missing" in p for p in po_checks.check(source, lost, rich=True))
    assert any(
        "placeholders" in p for p in po_checks.check(source, good.replace("{name}", ""), rich=True)
    )
    assert po_checks.check("Hello", "<b>Salaam</b>", rich=False) == []  # shown escaped
    assert po_checks.check("Hi", "a" * 209, rich=False)  # 4 x 2 + 200 = 208
