"""The language switcher and ``hreflang`` alternates, both built from one list of versions."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from campaigns.i18n.languages import Language, get_language

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
    with translation.override(code):
        if page is not None and getattr(page, "pk", None):
            return page.get_url(request=request) or ""
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
