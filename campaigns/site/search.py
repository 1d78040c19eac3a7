"""Public site search: campaign pages, country pages and materials, ranked, in the visitor's
language.

**What a visitor's words are compared with**: the text the visitor would read. Every field is
read along the page's fallback chain (campaigns.i18n.localization: the visitor's language, then
the country's, then English), so a French visitor on a Senegal campaign is matched against its
French text where there is some and against its Wolof or English text where not, and the line
shown under each result carries that text's own ``lang``/``dir``. Only pages offered in the
visitor's language are searched (a country's languages and the site-wide ones).

**Why not Wagtail's search backend** (``wagtail.search.backends.database``, configured in
cms/settings/base.py): its index holds one entry per page with the text of all sixteen
languages together (wagtail-modeltranslation indexes ``title_xx``, ``body_xx``... for every
language), so it ranks a French visitor's results on Pashto or Georgian text too; materials'
translated titles and their language versions' texts are not indexed at all; and the index is
only as fresh as its signals (tests and the demo turn them off). Here the database narrows the
candidates (``LIKE`` on the columns of the languages a visitor could read, which SQLite and
PostgreSQL answer alike) and Python ranks them on what the visitor reads
(campaigns.site.search_text):

1. items must contain at least all but one of the words found by the best item (a query
   with ``la`` and ``du`` does not list every French page), at least one word;
2. then more distinct words first; then where they are: a word in a title counts 8, in the key
   messages or objective 4, in the body, a material's text or usage notes 2, in the country's
   name 1 (``visa sénégal`` finds Senegal's campaigns about visas); then more occurrences.

**Cost**: six queries whatever the number of candidates and hits (countries, the private
pages' restrictions, campaign pages, country pages, materials, their versions), plus the
country list when nothing is found (tests/site/test_search.py counts them). Candidates are
loaded with all their columns: a campaign's text in every language, fine for the hundreds of
campaigns a site has; the line under each result is built for the shown page only. Measured
on this 2-core machine, shared and busy: twenty campaigns with 10 KB of text in three
languages each, an eight-word query matching them all, 0.3 s for ``find`` (profiled);
a word found nowhere, 0.1 s. Past a few hundred campaigns, a search table per language
(the visitor's text as read along the chain, written on publish) would be the next step.
"""

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Func, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.safestring import SafeString
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page

from campaigns.i18n.interface_words import SOURCE_LANGUAGE
from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import LocalizedText, Localizer
from campaigns.models import CampaignPage, Country, CountryPage, Material, MaterialVersion

from .search_text import (
    BODY,
    CONTEXT,
    MESSAGE,
    TITLE,
    Field,
    Score,
    highlight,
    plain_text,
    query_words,
    score,
    snippet,
    spellings,
    word_pattern,
)

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200

CAMPAIGN_FIELDS = {  # field: weight of a word found in it
    "title": TITLE,
    "key_messages": MESSAGE,
    "objective": MESSAGE,
    "target_audiences": BODY,
    "body": BODY,
}
COUNTRY_FIELDS = {"title": TITLE, "intro": BODY}
MATERIAL_FIELDS = {"title": TITLE, "usage_notes": BODY}
JSON_FIELDS = {"body"}  # StreamFields: JSON in the database
RICH_FIELDS = {"intro"}  # HTML in the database
KIND_ORDER = {"campaign": 0, "country": 1, "material": 2}


@dataclass
class Hit:
    kind: str  # "campaign", "country" or "material"
    page: Page  # where the result leads
    country: Country
    title: LocalizedText
    fields: list[Field]
    score: Score
    campaign_title: LocalizedText | None = None
    material: Material | None = None
    # Filled for the shown page only (present()):
    title_html: SafeString | None = None
    line: SafeString | None = None
    line_attrs: str = ""
    anchor: str = ""
    type_word: str = ""  # a material's type, in English: the template translates it
    materials: list["Hit"] = field(default_factory=list)  # a campaign's materials found too

    def sort_key(self):
        return (*self.score.key(), KIND_ORDER[self.kind], str(self.title).casefold(), self.page.pk)


@dataclass
class Context:
    """What one search needs to know: the language, the words and the countries offering it."""

    language: str
    words: list[str]
    patterns: list[re.Pattern] = field(default_factory=list)
    countries: dict[int, Country] = field(default_factory=dict)

    def chain(self, country: Country) -> list[str]:
        return country.fallback_chain(self.language)

    def codes(self) -> list[str]:
        """Every language a visitor in ``language`` may read on some page, in site order."""
        wanted = {code for country in self.countries.values() for code in self.chain(country)}
        return [code for code, _name in settings.LANGUAGES if code in wanted]

    def country_name(self, country: Country) -> str:
        return country.localized_name(self.language)


def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    language = translation.get_language()
    words = query_words(query)
    countries = list(Country.objects.all())
    hits = find(words, language, countries) if words else []
    page = Paginator(hits, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    patterns = [word_pattern(word) for word in words]
    for hit in page:
        present(hit, patterns)
    return TemplateResponse(
        request,
        "campaigns/search.html",
        {
            "query": query,
            "results": page,
            "result_count": len(hits),
            "country_links": [] if hits else country_links(language),
            "max_query_length": MAX_QUERY_LENGTH,
            "ui_chain": interface_chain(language, countries),
        },
    )


def interface_chain(language: str, countries: list[Country]) -> list[str]:
    """The chain of the page's interface words: the search belongs to no country, so it takes
    that of the first country speaking ``language`` (a Wolof visitor reads French where Wolof
    lacks a word, as on Senegal's pages), else (and for the site-wide languages, which every
    country offers) the language then English."""
    if language not in settings.SITE_WIDE_LANGUAGES:
        for country in countries:
            if language in country.language_codes:
                return country.fallback_chain(language)
    return list(dict.fromkeys([language, settings.LANGUAGE_CODE]))


def find(words: list[str], language: str, countries: list[Country] | None = None) -> list[Hit]:
    """The items matching ``words`` for a visitor reading ``language``, best first
    (``countries``: all of them, if the caller has them already)."""
    context = Context(language, words, [word_pattern(word) for word in words])
    context.countries = {
        country.pk: country
        for country in (Country.objects.all() if countries is None else countries)
        if language in country.offered_language_codes()
    }
    if not context.countries:
        return []
    visible = Page.objects.live().public().values("pk")
    named = [
        pk
        for pk, country in context.countries.items()
        if score([Field("name", context.country_name(country), CONTEXT)], context.patterns).words
    ]
    hits = [
        *_page_hits(context, visible, named, CampaignPage, "campaign", CAMPAIGN_FIELDS, CONTEXT),
        *_page_hits(context, visible, named, CountryPage, "country", COUNTRY_FIELDS, TITLE),
        *_material_hits(context, visible),
    ]
    if not hits:
        return []
    required = max(1, max(hit.score.words for hit in hits) - 1)
    ranked = sorted((hit for hit in hits if hit.score.words >= required), key=Hit.sort_key)
    return nest_materials(ranked)


def nest_materials(ranked: list[Hit]) -> list[Hit]:
    """A material whose campaign is also found is listed under it, not as a result of its own
    (a campaign's poster, video and SMS share its title: four results for one campaign)."""
    campaigns = {hit.page.pk: hit for hit in ranked if hit.kind == "campaign"}
    results = []
    for hit in ranked:
        parent = campaigns.get(hit.page.pk) if hit.kind == "material" else None
        if parent is None:
            results.append(hit)
        else:
            parent.materials.append(hit)
    return results


class Joined(Func):
    """``a || b || c``: texts joined in one flat expression (Django's Concat nests one pair in
    another, which overflows SQLite's parser with the sixty-odd columns of a campaign)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"
    output_field = TextField()


class ContainsAny(Func):
    """Whether a text contains any of ``needles``, ignoring case: ``LIKE`` tests of the text
    compiled once (Django's ``icontains`` compiles its left side again for each test: with a
    campaign's sixty-odd columns and eight words that took half a second of Python)."""

    output_field = BooleanField()

    def __init__(self, text, needles: list[str]):
        super().__init__(text)
        self.needles = needles

    def as_sql(self, compiler, connection, **extra_context):
        text, text_params = compiler.compile(self.source_expressions[0])
        needle = "%s"
        if connection.vendor == "postgresql":
            text, needle = f"UPPER({text})", "UPPER(%s)"
        test = f"{text} LIKE {needle} ESCAPE '\\'"
        params = []
        for value in self.needles:
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [*text_params, f"%{escaped}%"]
        return "(" + " OR ".join([test] * len(self.needles)) + ")", params


def _text_filter(context: Context, fields, prefix: str = "") -> ContainsAny:
    """A ``LIKE`` test of the words against ``fields`` in every language ``context`` may read,
    all joined into one text (one test per spelling of a word, whatever the number of columns:
    SQLite refuses expressions deeper than 1,000 terms)."""
    parts = []
    for name in fields:
        for code in context.codes():
            column = prefix + build_localized_fieldname(name, code)
            value = Cast(column, TextField()) if name in JSON_FIELDS else column
            parts += [Coalesce(value, Value(""), output_field=TextField()), Value("\n")]
    needles = []
    for word in context.words:
        for spelling in spellings(word, connection.vendor):
            needles.append(spelling)
            if JSON_FIELDS & set(fields) and connection.vendor != "postgresql":
                escaped = json.dumps(spelling)[1:-1]  # SQLite stores JSON with \u00e9 escapes
                if escaped != spelling:
                    needles.append(escaped)
    return ContainsAny(Joined(*parts), needles)


def _page_hits(context: Context, visible, named, model, kind, weights, country_weight):
    """Campaign or country pages matching the words (or in a country the query names), scored
    on the text the visitor reads; the country's name counts with `country_weight`."""
    pages = (
        model.objects.filter(pk__in=visible, country_id__in=context.countries)
        .alias(search_match=_text_filter(context, weights))
        .filter(Q(search_match=True) | Q(country_id__in=named))
        .select_related("country")
    )
    hits = []
    for page in pages:
        text = Localizer(page, context.chain(page.country)).resolve(*weights)
        fields = [
            Field(name, plain_text(text[name].value, rich=name in RICH_FIELDS), weight, text[name])
            for name, weight in weights.items()
        ]
        fields.append(Field("country", context.country_name(page.country), country_weight))
        found = score(fields, context.patterns)
        if found.words:
            hits.append(Hit(kind, page, page.country, text["title"], fields, found))
    return hits


def _material_hits(context: Context, visible) -> list[Hit]:
    version_condition = Q()
    for word in context.words:
        for spelling in spellings(word, connection.vendor):
            version_condition |= Q(text__icontains=spelling)
    versions = MaterialVersion.objects.filter(
        version_condition, language__in=context.codes()
    ).values("material_id")
    materials = (
        Material.objects.filter(
            live=True,
            campaign_id__in=visible,
            campaign__country_id__in=context.countries,
        )
        .alias(search_match=_text_filter(context, MATERIAL_FIELDS))
        .filter(Q(search_match=True) | Q(pk__in=versions))
        .select_related("campaign", "campaign__country")
        .prefetch_related("versions")
    )
    hits = []
    for material in materials:
        campaign = material.campaign
        chain = context.chain(campaign.country)
        text = Localizer(material, chain).resolve(*MATERIAL_FIELDS)
        fields = [
            Field(name, plain_text(text[name].value), weight, text[name])
            for name, weight in MATERIAL_FIELDS.items()
        ]
        version = _version_text(material, chain)
        if version:
            fields.append(Field("text", version.value, BODY, version))
        found = score(fields, context.patterns)
        if found.words:
            hit = Hit("material", campaign, campaign.country, text["title"], fields, found)
            hit.material = material
            hit.campaign_title = Localizer(campaign, chain)["title"]
            hit.anchor = f"#material-{material.pk}"  # its entry on the campaign page
            with translation.override(SOURCE_LANGUAGE):  # the word's msgid, for {% ui %}
                hit.type_word = str(material.get_material_type_display())
            hits.append(hit)
    return hits


def _version_text(material: Material, chain: list[str]) -> LocalizedText | None:
    """The text of the material's version in the first language of ``chain`` that has one
    (SMS and social media texts)."""
    texts = {version.language: version.text for version in material.versions.all()}
    for code in chain:
        if (texts.get(code) or "").strip():
            return LocalizedText(texts[code].strip(), get_language(code), chain[0])
    return None


def present(hit: Hit, patterns: list[re.Pattern]) -> Hit:
    """Fill what the template shows of a hit: its highlighted title, and one line of the text
    that matched best (not the title, shown already; the first text there is when only the
    title or the country's name matched), with that text's ``lang``/``dir``."""
    hit.title_html = highlight(str(hit.title), patterns)
    for material in hit.materials:
        material.title_html = highlight(str(material.title), patterns)
    candidates = [f for f in hit.fields if f.weight not in (TITLE, CONTEXT) and f.text.strip()]
    if candidates:
        best = max(
            candidates,
            key=lambda f: (score([f], patterns).words, f.weight, -candidates.index(f)),
        )
        hit.line = snippet(best.text, patterns)
        hit.line_attrs = best.localized.lang_attrs if best.localized is not None else ""
    return hit


def country_links(language: str) -> list[tuple[CountryPage, str]]:
    """Every country page a visitor can open, by name in ``language``: where to go when a
    search gives nothing."""
    pages = CountryPage.objects.filter(
        pk__in=Page.objects.live().public().values("pk")
    ).select_related("country")
    named = [(page, page.country.localized_name(language)) for page in pages]
    return sorted(named, key=lambda item: item[1].casefold())
