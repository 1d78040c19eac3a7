"""PO export of the demo's content: one entry per unit, valid for msgfmt and Babel, a zip for
several languages, out-of-date translations flagged fuzzy."""

import io
import shutil
import subprocess
import zipfile

import pytest
from babel.messages.pofile import read_po

from campaigns.translation import po_export
from campaigns.translation import units as u

pytestmark = pytest.mark.django_db


def msgfmt_check(data: bytes, tmp_path) -> None:
    """``msgfmt --check`` accepts the file (GNU gettext, when installed)."""
    if not shutil.which("msgfmt"):
        pytest.skip("GNU gettext's msgfmt is not installed")
    path = tmp_path / "file.po"
    path.write_bytes(data)
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def content_messages(catalog):
    return [
        message
        for message in catalog
        if message.id and not message.context.startswith(po_export.INTERFACE_PREFIX)
    ]


def test_a_campaign_for_wolof_passes_msgfmt_and_reads_back(senegal_campaign, tmp_path):
    scope = po_export.campaign_scope(senegal_campaign)
    name, data, content_type = po_export.export(scope, ["wo"], translator="Awa <awa@example.org>")
    assert name == "campaign-sn-the-sea-does-not-forgive-wo.po"
    assert content_type.startswith("text/x-gettext-translation")
    msgfmt_check(data, tmp_path)
    catalog = read_po(io.BytesIO(data))
    assert catalog.locale_identifier == "wo"
    assert po_export.Scope.parse(catalog.version) == scope
    assert catalog.plural_forms == "nplurals=1; plural=0;"
    messages = content_messages(catalog)
    materials = list(senegal_campaign.materials.all())
    expected = u.units(senegal_campaign, "wo") + [
        unit for item in materials for unit in u.units(item, "wo")
    ]
    assert len(messages) == len(expected)
    by_context = {message.context: message for message in messages}
    title = by_context[f"campaigns.campaignpage:{senegal_campaign.pk}:title"]
    assert (title.id, title.string) == ("La mer ne pardonne pas", "Géej gi du baal kenn")
    for message in messages:
        label, pk, field, block = po_export.parse_context(message.context)
        assert label in {"campaigns.campaignpage", "campaigns.material"}
        assert "python-format" not in message.flags and "fuzzy" not in message.flags
    quote = next(m for m in messages if m.context.endswith("/quote"))
    assert quote.id.startswith("Nous étions plus de cent") and quote.string == ""


def test_the_interface_words_follow_the_content(senegal_campaign):
    from campaigns.translation.interface_words import catalog_entries

    _name, data, _type = po_export.export(po_export.campaign_scope(senegal_campaign), ["wo"])
    catalog = read_po(io.BytesIO(data))
    words = [m for m in catalog if m.id and m.context.startswith(po_export.INTERFACE_PREFIX)]
    found = {(m.id[0] if isinstance(m.id, tuple) else m.id, m.context[10:]) for m in words}
    assert found == {(message, context) for message, context, _p, _f in catalog_entries("wo")}
    assert ("Download", "") in found or any(message == "Download" for message, _c in found)


def test_several_languages_come_as_a_zip_of_one_file_each(senegal_campaign, tmp_path):
    name, data, content_type = po_export.export(
        po_export.campaign_scope(senegal_campaign), ["wo", "ff"]
    )
    assert name.endswith(".zip") and content_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [
            "campaign-sn-the-sea-does-not-forgive-wo.po",
            "campaign-sn-the-sea-does-not-forgive-ff.po",
        ]
        for member in names:
            content = archive.read(member)
            msgfmt_check(content, tmp_path)
            assert read_po(io.BytesIO(content)).locale_identifier == member[-5:-3]


def test_a_country_covers_its_page_its_texts_its_campaigns_and_their_materials(demo):
    from campaigns.models import CampaignPage, Country, CountryPage, Material

    senegal = Country.objects.get(code="SN")
    items = po_export.scope_items(po_export.country_scope(senegal))
    assert items[0] == CountryPage.objects.get(country=senegal)
    assert senegal in items
    campaigns = set(CampaignPage.objects.filter(country=senegal))
    assert campaigns and campaigns <= set(items)
    assert set(Material.objects.filter(campaign__country=senegal)) <= set(items)
    assert not any(getattr(item, "country_id", senegal.pk) != senegal.pk for item in items)


def test_one_item_alone(senegal_campaign):
    material = senegal_campaign.materials.order_by("pk").first()
    scope = po_export.item_scope(material)
    assert po_export.scope_items(scope) == [material]
    _name, data, _type = po_export.export(scope, ["wo"])
    contexts = {m.context for m in content_messages(read_po(io.BytesIO(data)))}
    assert contexts == {f"campaigns.material:{material.pk}:title"} | {
        f"campaigns.material:{material.pk}:{unit.field}" for unit in u.units(material, "wo")
    }


def test_unknown_scopes_are_refused(demo):
    for text in ("campaign:no-such-code", "country:ZZ", "item:campaigns.material:999999"):
        with pytest.raises(LookupError):
            po_export.scope_items(po_export.Scope.parse(text))
    with pytest.raises(LookupError):  # not a translated model
        po_export.scope_items(po_export.Scope.parse("item:auth.user:1"))
    from campaigns.models import Channel

    channel = Channel.objects.first()  # translated, but a reference list offered in no language
    with pytest.raises(LookupError):
        po_export.scope_items(po_export.Scope.parse(f"item:campaigns.channel:{channel.pk}"))
    with pytest.raises(ValueError):
        po_export.Scope.parse("campaigns")


def test_an_out_of_date_translation_is_exported_fuzzy(senegal_campaign):
    staleness = pytest.importorskip("campaigns.translation.staleness")
    page = u.current(senegal_campaign)
    page.title_fr = "La mer ne pardonne jamais"  # the source of the Wolof title changes
    page.save_revision()
    assert ("title", "") in staleness.stale_units(u.current(senegal_campaign), "wo")
    _name, data, _type = po_export.export(po_export.campaign_scope(senegal_campaign), ["wo"])
    messages = {m.context: m for m in read_po(io.BytesIO(data)) if m.id}
    title = messages[f"campaigns.campaignpage:{senegal_campaign.pk}:title"]
    assert title.id == "La mer ne pardonne jamais" and "fuzzy" in title.flags
    objective = messages[f"campaigns.campaignpage:{senegal_campaign.pk}:objective"]
    assert "fuzzy" not in objective.flags


def test_line_ends_and_editor_keys_are_normalised():
    assert po_export.clean_text('<p data-block-key="x1">A\r\nB</p>') == "<p>A\nB</p>"
    assert po_export.match_newlines("a\n", "b") == "b\n"
    assert po_export.match_newlines("a", "\nb\n") == "b"
    assert po_export.parse_context("campaigns.material:5:title") == (
        "campaigns.material",
        "5",
        "title",
        "",
    )
    assert po_export.parse_context("campaigns.campaignpage:1:body:abc/quote")[3] == "abc/quote"
    for bad in ("", "campaigns.material", "campaigns.material:x:title", "a::title"):
        with pytest.raises(ValueError):
            po_export.parse_context(bad)
