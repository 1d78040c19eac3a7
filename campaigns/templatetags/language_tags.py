"""What base.html shows on every page: the language switcher and ``hreflang`` alternates (both
built from one list of versions), the site's identity and the page's title.

The switcher's order is stable: the languages a page is offered in, in their own order (a
country's pages: the country's languages first, then the site-wide ones; pages of the whole
site: the site's language order), whatever the current language.

Titles read "Campaign - Country - Site", "Country - Site", and "Site" alone on the home page.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from campaigns.content.directory import url_in
from campaigns.content.site_identity import SiteIdentity
from campaigns.content.site_identity import site_identity as identity_in
from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.localization import field_value, has_text

register = template.Library()


@dataclass(frozen=True)
class LanguageVersion:
    language: Language
    url: str
    absolute_url: str
    is_current: bool


def offered_language_codes(page) -> list[str]:
    """Codes a page is offered in; pages narrow this with ``offered_language_codes()``."""
    offered = getattr(page, "offered_language_codes", None)
    codes = offered() if callable(offered) else None
    return list(codes) if codes else [code for code, _name in settings.LANGUAGES]


def url_in_language(request, page, code: str) -> str:
    if page is not None and getattr(page, "pk", None):
        return url_in(page, code, request)
    return translate_url(request.get_full_path(), code)


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[LanguageVersion]:
    """Every language version of the current page (or view), the current one marked."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = translation.get_language()
    versions = []
    for code in offered_language_codes(page):
        url = url_in_language(request, page, code)
        versions.append(
            LanguageVersion(
                language=get_language(code),
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return versions


@register.simple_tag
def current_language() -> Language:
    return get_language(translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def site_identity() -> SiteIdentity:
    """The site's and organisation's names, logo and footer links in the active language."""
    return identity_in()


TITLE_SEPARATOR = " - "


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """The page's part of the document title: "Campaign - Country", "Country", or nothing on
    the home page. An SEO title written in the page's language replaces the page's title."""
    from campaigns.content.models import CountryPage, HomePage

    page = context.get("page")
    if page is None or isinstance(page, HomePage):
        return ""
    code = translation.get_language() or settings.LANGUAGE_CODE
    seo_title = field_value(page, "seo_title", code)
    text = context.get("text")
    if has_text(seo_title):
        title = seo_title
    elif text is not None and hasattr(text, "__getitem__") and text["title"]:
        title = str(text["title"])
    else:
        title = page.title
    parts = [title]
    get_country = getattr(page, "get_country", None)
    country = get_country() if callable(get_country) else None
    if country is not None and not isinstance(page, CountryPage):
        parts.append(country.localized_name(code))
    return TITLE_SEPARATOR.join(str(part).strip() for part in parts if part)


@register.filter(is_safe=True)
def with_site_name(value, name) -> str:
    """``"Campaign - Country"`` + the site's name; the site's name alone after nothing."""
    value = str(value).strip()
    name = conditional_escape(str(name))
    return mark_safe(f"{value}{TITLE_SEPARATOR}{name}" if value else name)
