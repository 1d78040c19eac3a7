"""IATI activity XML 2.03: one ``<iati-activity>`` per published campaign, for donors' systems
and the IATI Registry (``manage.py export_iati``, and Reach > IATI export in the admin).

- **Identifier**: ``<IATI_REPORTING_ORG>-<campaign code>``, e.g.
  ``XM-DAC-47066-sn-the-sea-does-not-forgive``. IATI forbids changing an activity's identifier
  once published; a campaign's code never changes once given (renames, new slugs and moves keep
  it), so neither does the identifier. Change the IATI_REPORTING_ORG setting only together with
  the IATI Registry: it renames every activity.
- **Public data only**: live campaigns and live materials; figures validated or locked, read as
  the public reads them (campaigns.reporting.figures with ``user=None``: every organisation,
  never a submitted figure); amounts only of funders that allow them to be published
  (``Funder.discloses_amounts``), from signed or closed agreements. Funders are named either way,
  as the public pages name them.
- **Codes** from the IATI 2.03 codelists (../shared/data/iati-2.03/codelists); the few taken from
  lists not kept there are marked "non-embedded" below.
- **Checked**: every export is validated against the official schema before it is returned;
  one that does not validate is refused, naming the element (``validate``).

Elements follow the schema's ``xsd:sequence`` of ``iati-activity``; the results are built in
campaigns.reporting.iati_results. A fixed number of queries for any number of campaigns.
"""

import datetime
import mimetypes
import re
from collections import defaultdict
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree

from campaigns.funding.models import FUNDING_STATUSES, AgreementStatus, Allocation
from campaigns.i18n.localization import field_value, has_text, published_language_codes

from . import figures
from .filters import ReachFilter
from .iati_schema import IATIExportError, IATIValidationError, validate

__all__ = [
    "IATIExportError",
    "IATIValidationError",
    "campaigns_by_code",
    "campaigns_in",
    "export",
    "validate",
]

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# OrganisationRole
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
# ActivityStatus
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED = "1", "2", "3", "4"
# ActivityDateType
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
# BudgetType, BudgetStatus
ORIGINAL_BUDGET, COMMITTED_BUDGET = "1", "2"
# TransactionType: the issue asks for commitments (2). Seen from IOM's books an agreement's money
# is an "Incoming Commitment" (11): change this one code if the IATI Registry asks for that.
COMMITMENT = "2"
# DocumentCategory: the campaign's page is the activity's web page; its materials (posters,
# radio spots...) are its outputs.
ACTIVITY_WEB_PAGE, OUTPUTS = "A12", "A08"
# Non-embedded codelists: DescriptionType, GeographicVocabulary (A4: ISO 3166-1 alpha-2),
# GeographicLocationReach (1: activity), GeographicLocationClass (1: administrative region),
# GeographicFeatureDesignation (ADM1: first-order administrative division), SectorVocabulary
# (1: OECD DAC 5-digit) and the DAC purpose code 15190, "Facilitation of orderly, safe, regular
# and responsible migration and mobility".
GENERAL_DESCRIPTION, TARGET_GROUPS = "1", "3"
ISO_COUNTRY, REACH_ACTIVITY, ADMINISTRATIVE_REGION, FIRST_ORDER_DIVISION = "A4", "1", "1", "ADM1"
DAC_5_DIGIT, MIGRATION_SECTOR = "1", "15190"

# Characters XML 1.0 cannot hold (a pasted control character must not break the export).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- Which campaigns --------------------------------------------------------------------------


def campaigns_in(flt: ReachFilter):
    """Published campaigns the filter selects: its countries, campaigns, funders and agreements.
    An activity is a whole campaign, so the filter's months, organisations and channels do not
    cut it. Public ones only: a campaign behind a login or password (and so its materials) is
    left out, as open data leaves it out."""
    from campaigns.models import CampaignPage

    pages = CampaignPage.objects.live().public().select_related("country")
    if flt.campaigns:
        pages = pages.filter(pk__in=flt.campaigns)
    if flt.countries:
        pages = pages.filter(country_id__in=flt.countries)
    funded = figures.campaigns_funded_by(flt)
    if funded is not None:
        pages = pages.filter(pk__in=funded)
    return pages.order_by("code")


def campaigns_by_code(codes) -> list:
    """The published, public campaigns with these codes, in the order given; refused naming the
    codes that are unknown, not published or behind a login or password."""
    from campaigns.models import CampaignPage

    codes = list(dict.fromkeys(codes))
    pages = {
        page.code: page
        for page in CampaignPage.objects.filter(code__in=codes).select_related("country")
    }
    unknown = [code for code in codes if code not in pages]
    if unknown:
        raise IATIExportError(
            ngettext(
                "Unknown campaign code: %(codes)s.",
                "Unknown campaign codes: %(codes)s.",
                len(unknown),
            )
            % {"codes": ", ".join(unknown)}
        )
    unpublished = [code for code in codes if not pages[code].live]
    if unpublished:
        raise IATIExportError(
            _("Not published, so not exported: %(codes)s.") % {"codes": ", ".join(unpublished)}
        )
    public = set(
        CampaignPage.objects.filter(code__in=codes).public().values_list("code", flat=True)
    )
    private = [code for code in codes if code not in public]
    if private:
        raise IATIExportError(
            _("Restricted to some visitors, so not exported: %(codes)s.")
            % {"codes": ", ".join(private)}
        )
    return [pages[code] for code in codes]


# --- The file --------------------------------------------------------------------------------


def export(campaigns, *, now: datetime.datetime | None = None) -> bytes:
    """The IATI activities file of these campaigns (UTF-8 XML), validated against the schema."""
    campaigns = list(campaigns)
    if not campaigns:
        raise IATIExportError(_("No published campaign matches: there is nothing to export."))
    from .iati_results import results_for

    now = now or timezone.now()
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    root = etree.Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": now.replace(microsecond=0).isoformat()},
    )
    with translation.override(settings.LANGUAGE_CODE):
        data = _load(campaigns)
        results = results_for(campaigns)
        for campaign in campaigns:
            node = activity(campaign, data, today)
            node.extend(results.get(campaign.pk, []))
            root.append(node)
    validate(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def identifier(campaign) -> str:
    return f"{settings.IATI_REPORTING_ORG}-{campaign.code}"


def _load(campaigns) -> dict:
    """What the activities need beyond the pages: allocations with their agreements and funders,
    live materials with their versions and files, and the regions with validated figures."""
    from campaigns.content.models.materials import load_with_versions
    from campaigns.models import Region

    pks = [campaign.pk for campaign in campaigns]
    allocations = defaultdict(list)
    for allocation in (
        Allocation.objects.filter(campaign__in=pks, agreement__status__in=FUNDING_STATUSES)
        .select_related("agreement__funder")
        .order_by("start_date", "agreement__reference", "pk")
    ):
        allocations[allocation.campaign_id].append(allocation)
    materials = defaultdict(list)
    for item in load_with_versions(campaign__in=pks, live=True).values():
        materials[item.campaign_id].append(item)
    reported = (
        figures.reports_in_view(None, ReachFilter(campaigns=tuple(pks)))
        .values_list("campaign_id", "region_id")
        .order_by()
        .distinct()
    )
    pairs = set(reported)
    names = Region.objects.in_bulk({region for _campaign, region in pairs})
    regions = defaultdict(list)
    for campaign_id, region_id in sorted(pairs, key=lambda pair: names[pair[1]].code):
        regions[campaign_id].append(names[region_id])
    return {"allocations": allocations, "materials": materials, "regions": regions}


# --- Building blocks -------------------------------------------------------------------------


def sub(parent, tag: str, **attributes) -> etree._Element:
    """A child element; ``iso_date="..."`` is written ``iso-date``."""
    attrs = {name.replace("_", "-"): str(value) for name, value in attributes.items()}
    return etree.SubElement(parent, tag, attrs)


def clean(text) -> str:
    return NOT_XML.sub("", str(text)).strip()


def iati_language(code: str) -> str:
    """IATI asks for ISO 639-1 where one exists: ``fa-af`` (Dari) -> ``fa``; codes without one
    (pcm, zgh, ckb) stay as they are."""
    primary = code.split("-")[0].lower()
    return primary if len(primary) == 2 else code.lower()


def translations(obj, field: str, codes) -> list[tuple[str, str]]:
    """(language, text) for each of ``codes`` in which ``obj.field`` has text of its own."""
    found = []
    for code in dict.fromkeys(codes):
        value = field_value(obj, field, code)
        if has_text(value) and clean(value):
            found.append((code, clean(value)))
    return found


def narratives(parent, texts, fallback=None) -> etree._Element:
    """A ``<narrative xml:lang>`` per (language, text); ``fallback`` (no language: the
    activity's) where there is none."""
    for code, text in texts:
        narrative = sub(parent, "narrative")
        narrative.set(XML_LANG, iati_language(code))
        narrative.text = text
    if not len(parent) and fallback:
        sub(parent, "narrative").text = clean(fallback)
    return parent


def org_names() -> list[tuple[str, str]]:
    return list(settings.IATI_REPORTING_ORG_NAMES.items())


def iso(day: datetime.date) -> str:
    return day.isoformat()


# --- One activity ----------------------------------------------------------------------------


def activity(campaign, data: dict, today: datetime.date) -> etree._Element:
    allocations = data["allocations"].get(campaign.pk, [])
    languages = campaign.offered_language_codes()
    node = etree.Element("iati-activity", {XML_LANG: settings.LANGUAGE_CODE, "hierarchy": "1"})
    sub(node, "iati-identifier").text = identifier(campaign)
    reporting = sub(
        node,
        "reporting-org",
        ref=settings.IATI_REPORTING_ORG,
        type=settings.IATI_REPORTING_ORG_TYPE,
    )
    narratives(reporting, org_names())
    narratives(sub(node, "title"), translations(campaign, "title", languages), campaign.title)
    objective = translations(campaign, "objective", languages)
    general = sub(node, "description", type=GENERAL_DESCRIPTION)
    narratives(general, objective or translations(campaign, "title", languages), campaign.title)
    audiences = translations(campaign, "target_audiences", languages)
    if audiences:
        narratives(sub(node, "description", type=TARGET_GROUPS), audiences)
    participating_orgs(node, allocations, languages)
    sub(node, "activity-status", code=activity_status(campaign, allocations, today))
    activity_dates(node, campaign, allocations, today)
    country = campaign.country
    recipient = sub(node, "recipient-country", code=country.code, percentage="100")
    narratives(recipient, [("en", country.localized_name("en"))])
    for region in data["regions"].get(campaign.pk, []):
        location(node, region, country, languages)
    sub(node, "sector", vocabulary=DAC_5_DIGIT, code=MIGRATION_SECTOR, percentage="100")
    disclosed = [a for a in allocations if a.agreement.funder.discloses_amounts]
    for allocation in disclosed:
        budget(node, allocation)
    for allocation in disclosed:
        commitment(node, allocation, today, languages)
    document_links(node, campaign, data["materials"].get(campaign.pk, []), languages)
    return node


def participating_orgs(node, allocations, languages) -> None:
    """Each funder (role 1, its IATI identifier as ``ref`` where it has one), then IOM,
    accountable (2) and implementing (4)."""
    funders = {a.agreement.funder.pk: a.agreement.funder for a in allocations}
    for funder in sorted(funders.values(), key=lambda f: f.name):
        attrs = {"ref": funder.iati_identifier.strip()} if funder.iati_identifier.strip() else {}
        org = sub(node, "participating-org", role=FUNDING, **attrs)
        narratives(org, translations(funder, "name", ["en", *languages]), funder.name)
    for role in (ACCOUNTABLE, IMPLEMENTING):
        org = sub(
            node,
            "participating-org",
            ref=settings.IATI_REPORTING_ORG,
            type=settings.IATI_REPORTING_ORG_TYPE,
            role=role,
        )
        narratives(org, org_names())


def activity_status(campaign, allocations, today) -> str:
    """Pipeline before its start, implementation while it runs, finalisation once ended, closed
    once ended with every agreement funding it closed."""
    if campaign.start_date and campaign.start_date > today:
        return PIPELINE
    if campaign.end_date and campaign.end_date < today:
        agreements = {a.agreement.status for a in allocations}
        return CLOSED if agreements == {AgreementStatus.CLOSED} else FINALISATION
    return IMPLEMENTATION


def activity_dates(node, campaign, allocations, today) -> None:
    """Planned start and end from the campaign (else its allocations); actual ones only once
    they are past (IATI refuses actual dates to come). At least one: the first publication."""
    start = campaign.start_date or min((a.start_date for a in allocations), default=None)
    end = campaign.end_date or max((a.end_date for a in allocations), default=None)
    dates = []
    if start:
        dates.append((PLANNED_START, start))
        if start <= today:
            dates.append((ACTUAL_START, start))
    if end:
        dates.append((PLANNED_END, end))
        if end < today:
            dates.append((ACTUAL_END, end))
    if not dates:
        published = campaign.first_published_at
        dates.append((ACTUAL_START, timezone.localdate(published) if published else today))
    for kind, day in dates:
        sub(node, "activity-date", type=kind, iso_date=iso(day))


def location(node, region, country, languages) -> None:
    """A first-level region where validated figures were reported (``ref``: its ISO 3166-2
    code), within its country."""
    place = sub(node, "location", ref=region.code)
    sub(place, "location-reach", code=REACH_ACTIVITY)
    narratives(sub(place, "name"), translations(region, "name", ["en", *languages]), region.name)
    sub(place, "administrative", vocabulary=ISO_COUNTRY, level="0", code=country.code)
    sub(place, "location-class", code=ADMINISTRATIVE_REGION)
    sub(place, "feature-designation", code=FIRST_ORDER_DIVISION)


def budget(node, allocation) -> None:
    item = sub(node, "budget", type=ORIGINAL_BUDGET, status=COMMITTED_BUDGET)
    sub(item, "period-start", iso_date=iso(allocation.start_date))
    sub(item, "period-end", iso_date=iso(allocation.end_date))
    value = sub(item, "value", currency=allocation.currency, value_date=iso(allocation.start_date))
    value.text = str(allocation.amount)


def commitment(node, allocation, today, languages) -> None:
    """The allocation as a commitment from the funder to IOM, dated when it starts (or today,
    if it starts later: IATI refuses transactions to come)."""
    agreement = allocation.agreement
    funder = agreement.funder
    day = min(allocation.start_date, today)
    item = sub(node, "transaction", ref=agreement.reference)
    sub(item, "transaction-type", code=COMMITMENT)
    sub(item, "transaction-date", iso_date=iso(day))
    value = sub(item, "value", currency=allocation.currency, value_date=iso(day))
    value.text = str(allocation.amount)
    narratives(sub(item, "description"), [], f"{agreement.reference} · {agreement.title}")
    attrs = {"ref": funder.iati_identifier.strip()} if funder.iati_identifier.strip() else {}
    provider = sub(item, "provider-org", **attrs)
    narratives(provider, translations(funder, "name", ["en", *languages]), funder.name)
    receiver = sub(
        item, "receiver-org", ref=settings.IATI_REPORTING_ORG, type=settings.IATI_REPORTING_ORG_TYPE
    )
    narratives(receiver, org_names())


def document_links(node, campaign, materials, languages) -> None:
    """The campaign's page in each language it is published in, then each live material's
    files and online addresses (one link per language version; a text-only version, an SMS,
    links to the campaign's page, which shows it)."""
    page_urls = {}
    for code in languages:
        with translation.override(code):
            page_urls[code] = campaign.get_full_url()
    if not page_urls.get(languages[0]):
        return  # not routable (no site): no address to give
    published = set(published_language_codes(campaign))
    day = campaign.last_published_at
    for code in [code for code in languages if code in published] or languages[:1]:
        link(node, page_urls[code], "text/html", ACTIVITY_WEB_PAGE, [code], day,
             translations(campaign, "title", [code, *languages])[:1], campaign.title)  # fmt: skip
    for material in sorted(materials, key=lambda m: (m.material_type, m.pk)):
        titles = translations(material, "title", languages)
        for version in material.versions.all():
            addresses = []
            if version.document_id:
                name = version.document.file.name
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                addresses.append((urljoin(page_urls[languages[0]], version.document.url), kind))
            if version.embed_url:
                addresses.append((version.embed_url, "text/html"))
            if not addresses and has_text(version.text):
                addresses.append((page_urls.get(version.language) or page_urls[languages[0]],
                                  "text/html"))  # fmt: skip
            own = [(code, text) for code, text in titles if code == version.language]
            for url, kind in addresses:
                link(node, url, kind, OUTPUTS, [version.language], material.last_published_at,
                     own + [t for t in titles if t not in own], material.title)  # fmt: skip


def link(node, url, kind, category, codes, published, titles, fallback) -> None:
    item = sub(node, "document-link", url=url, format=kind)
    narratives(sub(item, "title"), titles, fallback)
    sub(item, "category", code=category)
    for code in codes:
        sub(item, "language", code=iati_language(code))
    if published:
        sub(item, "document-date", iso_date=iso(timezone.localdate(published)))
