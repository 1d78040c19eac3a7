"""What the home and index pages list: the countries (with their hotlines) and the campaigns,
in the visitor's language, each linked to the version of its page the visitor best reads.

A country's pages exist in its languages and the site-wide ones. A link goes to the version in
the visitor's language where there is one, else in the first language of the page's chain that
is offered (a Wolof reader's Moroccan page: French), else in the country's first language. Text
taken from another language says so (``LocalizedText.lang_attrs``), and each country is also
named in its own first language ("Senegal · Sénégal", "Afghanistan · افغانستان").

Queries: one for the countries, one for the campaigns (the index's), two for the home's
featured or latest campaigns (which, and their countries' languages; then the pages); URLs come
from the translated ``url_path`` columns already loaded, with the site's root paths cached per
request. Each query leaves out the translated columns its entries never read (issue 16): the
country pages' texts, the campaigns' bodies, and on the home the titles and objectives in
languages none of its campaigns' chains reaches.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.localization import LocalizedText, Localizer, columns_outside, text_fields
from campaigns.site.fixed_queries import fixed_query

# How many campaigns the home shows when editors have featured none.
LATEST_CAMPAIGNS = 4
# The only texts a campaign's entry shows.
ENTRY_TEXTS = ("title", "objective")


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
    """``page.get_url`` in the language ``code``. wagtail-modeltranslation keeps the site's
    root paths on the request for one language only: a list alternating languages (a country's
    links, the language switcher) read them from the cache and unpickled them on every call.
    They are kept here per language for the request, and the request is left with those of
    the language active before (the page's): a later ``{% pageurl %}`` in it (a call to
    action) read them from the cache again."""
    if request is None:
        with translation.override(code):
            return page.get_url() or ""
    outer = translation.get_language()
    with translation.override(code):
        language = translation.get_language()
        memo = request.__dict__.get("_site_root_paths_by_language")
        if memo is None:
            memo = request._site_root_paths_by_language = cached_site_root_paths()
        if language in memo:
            request._wagtail_cached_site_root_paths_language = language
            request._wagtail_cached_site_root_paths = memo[language]
        url = page.get_url(request=request) or ""
        if getattr(request, "_wagtail_cached_site_root_paths_language", None) == language:
            memo[language] = request._wagtail_cached_site_root_paths
    if outer in memo:
        request._wagtail_cached_site_root_paths_language = outer
        request._wagtail_cached_site_root_paths = memo[outer]
    return url


def cached_site_root_paths() -> dict[str, list]:
    """Every language's site root paths as wagtail-modeltranslation keeps them in the cache
    (``wagtail_site_root_paths_<code>``, deleted when a Site or a site's root page changes),
    read in one round trip: a language switcher asked for them one language at a time."""
    from django.core.cache import cache
    from wagtail.models.sites import SiteRootPath

    keys = {f"wagtail_site_root_paths_{code}": code for code, _name in settings.LANGUAGES}
    found = cache.get_many(list(keys))
    return {keys[key]: [SiteRootPath(*each) for each in value] for key, value in found.items()}


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


def entry_languages(country, chain: list[str]) -> tuple[str, list[str]]:
    """A campaign entry's link language and the chain its title and objective are read along."""
    current = chain[0]
    offered = country.offered_language_codes() if country else [current]
    code = link_language(offered, chain)
    text_chain = list(
        dict.fromkeys([current, code, *(country.fallback_chain(code) if country else chain)])
    )
    return code, text_chain


def campaign_entry(page, chain: list[str], request) -> CampaignEntry:
    current = chain[0]
    country = page.country
    code, text_chain = entry_languages(country, chain)
    text = Localizer(page, text_chain).resolve(*ENTRY_TEXTS)
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
    """Their addresses in every language (a country links to its languages' versions) and
    none of their or their countries' texts: a country's entry names it from CLDR."""
    from campaigns.content.models import Country, CountryPage
    from campaigns.site.routing import defer_columns

    every = [code for code, _name in settings.LANGUAGES]
    return defer_columns(
        CountryPage.objects.live().filter(public_q()).select_related("country"),
        [
            *columns_outside(CountryPage, [], every),
            *columns_outside(Country, [], prefix="country__"),
        ],
    )


def unread_campaign_columns(languages=None, addresses=None) -> list[str]:
    """A campaign page's columns no entry reads: every text but ``ENTRY_TEXTS`` (bodies
    above all), and those outside ``languages`` (addresses: outside ``addresses``); every
    language's title and objective when ``languages`` is not known."""
    from campaigns.content.models import CampaignPage

    every = [code for code, _name in settings.LANGUAGES]
    columns = columns_outside(CampaignPage, languages or every, addresses or every)
    for name in text_fields(CampaignPage):
        if name not in ENTRY_TEXTS:
            columns.append(name)
            columns += [build_localized_fieldname(name, code) for code in languages or every]
    return list(dict.fromkeys(columns))


def live_campaign_pages():
    from campaigns.content.models import CampaignPage

    return CampaignPage.objects.live().filter(public_q()).select_related("country")


def countries(chain: list[str], request) -> list[CountryEntry]:
    """Every country with a live page: those where the visitor's language is spoken first (a
    Wolof reader finds Senegal, and its hotline, at the top), each group by name."""
    current = chain[0]
    codes = tuple(code for code, _name in settings.LANGUAGES)
    pages = fixed_query(("live country pages", codes), live_country_pages, ()).run()
    entries = [country_entry(page, chain, request) for page in pages]
    return sorted(
        entries,
        key=lambda entry: (current not in entry.country.language_codes, entry.name.casefold()),
    )


def countries_with_campaigns(chain: list[str], request) -> list[CountryEntry]:
    """The index: each country and its live campaigns, newest first (two queries)."""
    entries = countries(chain, request)
    by_page = {entry.page.path: entry for entry in entries}
    campaigns = (
        live_campaign_pages()
        .order_by("-start_date", "-first_published_at", "pk")
        .defer(*unread_campaign_columns())
    )
    for page in campaigns:
        entry = by_page.get(page.path[: -page.steplen])
        if entry is not None:
            entry.campaigns.append(campaign_entry(page, chain, request))
    return entries


def featured_campaigns(home, chain: list[str], request) -> list[CampaignEntry]:
    """The editors' choice on the home page, live and public ones only; without any, the
    latest campaigns, those offered in the visitor's language first.

    Two queries: which campaigns, with their countries' languages (a few columns), then the
    pages with only the columns their entries read, the languages of their chains."""
    from campaigns.content.models import CampaignPage, Country

    if "featured_campaigns" in getattr(home, "_cluster_related_objects", {}):
        chosen = chosen_in_memory(home)  # the admin's preview of unsaved choices
    else:
        chosen = fixed_query(("featured campaigns",), chosen_campaigns, (int,)).run(home.pk)
    countries = {pk: Country(languages=languages) for pk, languages in chosen if languages}
    if not chosen:
        latest = fixed_query(("latest campaigns",), latest_campaigns, ()).run()
        countries = {pk: Country(languages=languages) for pk, languages in latest if languages}
        current = chain[0]
        latest.sort(
            key=lambda row: (
                current not in (countries[row[0]].offered_language_codes() if row[1] else [])
            )
        )  # stable: newest first within each group
        chosen = latest[:LATEST_CAMPAIGNS]
    if not chosen:
        return []
    texts, addresses = [], [settings.LANGUAGE_CODE]
    for pk, _languages in chosen:
        code, text_chain = entry_languages(countries.get(pk), chain)
        texts += text_chain
        addresses.append(code)
    unread = (
        *unread_campaign_columns(list(dict.fromkeys(texts)), list(dict.fromkeys(addresses))),
        *columns_outside(Country, [], prefix="country__"),
    )
    pks = sorted({pk for pk, _languages in chosen})

    def build(*pks):
        return (
            CampaignPage.objects.select_related("country")
            .defer(*unread)
            .filter(pk__in=pks)
            .order_by()
        )  # QuerySet.in_bulk()'s query

    query = fixed_query(("featured pages", unread, len(pks)), build, (int,) * len(pks))
    pages = {page.pk: page for page in query.run(*pks)}
    return [campaign_entry(pages[pk], chain, request) for pk, _languages in chosen if pk in pages]


def chosen_campaigns(home_id):
    """The home's featured campaigns that are live and public, in the editors' order: their
    ids and countries' languages."""
    from campaigns.content.models.home import HomeFeaturedCampaign

    return (
        HomeFeaturedCampaign.objects.filter(
            page=home_id, campaign__in=live_campaign_pages().values("pk")
        )
        .order_by("sort_order")
        .values_list("campaign_id", "campaign__country__languages")
    )


def chosen_in_memory(home) -> list[tuple[int, str]]:
    """``chosen_campaigns`` for choices held in memory, not saved (the admin's preview of the
    edit form, a revision): the same rows in one query. modelcluster's in-memory queryset takes
    no subquery in a filter (it raised), and following ``campaign__country`` there costs up to
    two queries a choice."""
    items = sorted(
        home.featured_campaigns.all(),
        key=lambda item: (item.sort_order is None, item.sort_order or 0),
    )  # stable: choices without a place keep theirs, after the others
    ids = [item.campaign_id for item in items if item.campaign_id is not None]
    if not ids:
        return []
    languages = dict(
        live_campaign_pages().filter(pk__in=ids).values_list("pk", "country__languages")
    )
    return [(pk, languages[pk]) for pk in ids if pk in languages]


def latest_campaigns():
    """The 20 campaigns published last: their ids and countries' languages."""
    return (
        live_campaign_pages()
        .order_by("-first_published_at", "-pk")
        .values_list("pk", "country__languages")[:20]
    )


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
