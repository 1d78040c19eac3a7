"""What the home and index pages list: the countries (with their hotlines) and the campaigns,
in the visitor's language, each linked to the version of its page the visitor best reads.

A country's pages exist in its languages and the site-wide ones. A link goes to the version in
the visitor's language where there is one, else in the first language of the page's chain that
is offered (a Wolof reader's Moroccan page: French), else in the country's first language. Text
taken from another language says so (``LocalizedText.lang_attrs``), and each country is also
named in its own first language ("Senegal · Sénégal", "Afghanistan · افغانستان").

Queries: one for the countries, one for the campaigns (the index's, or the home's latest), one
for the home's featured campaigns; URLs come from the translated ``url_path`` columns already
loaded, with the site's root paths cached per request.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import translation

from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.localization import LocalizedText, Localizer

# How many campaigns the home shows when editors have featured none.
LATEST_CAMPAIGNS = 4


@dataclass(frozen=True)
class LanguageLink:
    language: Language
    url: str


@dataclass
class CampaignEntry:
    page: object
    title: LocalizedText
    objective: LocalizedText
    country_name: str
    url: str
    link_language: Language | None  # set when the link goes to another language's version


@dataclass
class CountryEntry:
    page: object
    country: object
    name: str  # in the visitor's language (CLDR)
    native_name: str  # in the country's first language, where it differs
    native_language: Language
    url: str
    link_language: Language | None
    languages: list[LanguageLink]  # the country's own languages other than the visitor's
    campaigns: list[CampaignEntry] = field(default_factory=list)

    @property
    def hotline(self) -> str:
        return self.country.hotline


def link_language(offered: list[str], chain: list[str]) -> str:
    """The version to link to: the first language of ``chain`` offered, else the first offered."""
    return next((code for code in chain if code in offered), offered[0])


def url_in(page, code: str, request) -> str:
    with translation.override(code):
        return page.get_url(request=request) or ""


def other_language(code: str, current: str) -> Language | None:
    return get_language(code) if code != current else None


def country_entry(page, chain: list[str], request) -> CountryEntry:
    current = chain[0]
    country = page.country
    offered = country.offered_language_codes()
    code = link_language(offered, chain)
    first = country.language_codes[0] if country.language_codes else code
    name = country.localized_name(current)
    native_name = country.localized_name(first)
    return CountryEntry(
        page=page,
        country=country,
        name=name,
        native_name="" if native_name == name else native_name,
        native_language=get_language(first),
        url=url_in(page, code, request),
        link_language=other_language(code, current),
        languages=[
            LanguageLink(get_language(language), url_in(page, language, request))
            for language in country.language_codes
            if language != code
        ],
    )


def campaign_entry(page, chain: list[str], request) -> CampaignEntry:
    current = chain[0]
    country = page.country
    offered = country.offered_language_codes() if country else [current]
    code = link_language(offered, chain)
    text_chain = list(
        dict.fromkeys([current, code, *(country.fallback_chain(code) if country else chain)])
    )
    text = Localizer(page, text_chain).resolve("title", "objective")
    return CampaignEntry(
        page=page,
        title=text["title"],
        objective=text["objective"],
        country_name=country.localized_name(current) if country else "",
        url=url_in(page, code, request),
        link_language=other_language(code, current),
    )


def public_q():
    """Pages with no view restriction on themselves or an ancestor, as a condition inside the
    same query (Wagtail's ``public()`` costs a query of its own)."""
    from wagtail.models import PageViewRestriction

    return ~Exists(
        PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
    )


def live_country_pages():
    from campaigns.content.models import CountryPage

    return CountryPage.objects.live().filter(public_q()).select_related("country")


def live_campaign_pages():
    from campaigns.content.models import CampaignPage

    return CampaignPage.objects.live().filter(public_q()).select_related("country")


def countries(chain: list[str], request) -> list[CountryEntry]:
    """Every country with a live page: those where the visitor's language is spoken first (a
    Wolof reader finds Senegal, and its hotline, at the top), each group by name."""
    current = chain[0]
    entries = [country_entry(page, chain, request) for page in live_country_pages()]
    return sorted(
        entries,
        key=lambda entry: (current not in entry.country.language_codes, entry.name.casefold()),
    )


def countries_with_campaigns(chain: list[str], request) -> list[CountryEntry]:
    """The index: each country and its live campaigns, newest first (two queries)."""
    entries = countries(chain, request)
    by_page = {entry.page.path: entry for entry in entries}
    campaigns = live_campaign_pages().order_by("-start_date", "-first_published_at", "pk")
    for page in campaigns:
        entry = by_page.get(page.path[: -page.steplen])
        if entry is not None:
            entry.campaigns.append(campaign_entry(page, chain, request))
    return entries


def featured_campaigns(home, chain: list[str], request) -> list[CampaignEntry]:
    """The editors' choice on the home page, live and public ones only; without any, the
    latest campaigns, those offered in the visitor's language first."""
    chosen = [
        item.campaign
        for item in home.featured_campaigns.select_related("campaign__country")
        .filter(campaign__in=live_campaign_pages().values("pk"))
        .order_by("sort_order")
    ]
    if not chosen:
        latest = list(live_campaign_pages().order_by("-first_published_at", "-pk")[:20])
        current = chain[0]
        latest.sort(
            key=lambda page: (
                current not in (page.country.offered_language_codes() if page.country else [])
            )
        )  # stable: newest first within each group
        chosen = latest[:LATEST_CAMPAIGNS]
    return [campaign_entry(page, chain, request) for page in chosen]


def fallback_names(localizer: Localizer, campaigns: list[CampaignEntry]) -> list[str]:
    """The languages a page's own text and its campaigns' titles fell back to, named in the
    visitor's language (for the fallback note)."""
    languages = dict(localizer.fallback_languages)
    for entry in campaigns:
        for text in (entry.title, entry.objective):
            if text.is_fallback:
                languages[text.language.code] = text.language
    reader = translation.get_language()
    return [language.name_in(reader) for language in languages.values()]
