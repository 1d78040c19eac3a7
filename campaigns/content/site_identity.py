"""What every public page shows of the site itself: its name, the organisation, the logo and the
footer's links, per language.

Read from Settings > Site identity (``SiteSettings``) and the live footer pages (``InfoPage``
with "Show in menus"), then kept in the cache per language: a campaign page stays within its
query budget (12) with no query for them on a warm cache. Saving the settings or a footer page
(publishing, unpublishing and moving all save it) forgets the cached values at once in a shared
cache; they also expire after ``CACHE_SECONDS``, which bounds how long another process with its
own local-memory cache (the default ``CACHES``), or a logo whose file is replaced in the image
library, can show the old values.

Text falls back along the site-wide chain (``campaigns.content.models.site_pages``), each part
marked with its own ``lang``/``dir`` where it is not in the page's language.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_noop
from wagtail.images.models import SourceImageIOError

from campaigns.i18n.interface_words import resolve_word
from campaigns.i18n.localization import LocalizedText, Localizer

CACHE_SECONDS = 300
DEFAULT_NAME = gettext_noop("Prevention campaigns")
LOGO_HEIGHT = 40  # CSS pixels; the rendition is twice as high for sharp screens
LOGO_FILTER = f"height-{LOGO_HEIGHT * 2}|format-webp"


@dataclass(frozen=True)
class Logo:
    url: str
    width: int  # at LOGO_HEIGHT
    height: int


@dataclass(frozen=True)
class FooterLink:
    title: LocalizedText
    url: str


@dataclass(frozen=True)
class SiteIdentity:
    name: LocalizedText
    organisation: LocalizedText | None
    logo: Logo | None
    footer_links: tuple[FooterLink, ...]


def cache_key(code: str) -> str:
    return f"campaigns:site-identity:{code}"


def site_identity(code: str | None = None) -> SiteIdentity:
    """The identity in ``code`` (default: the active language), from the cache if it can."""
    code = code or translation.get_language() or settings.LANGUAGE_CODE
    identity = cache.get(cache_key(code))
    if identity is None:
        identity = build(code)
        cache.set(cache_key(code), identity, CACHE_SECONDS)
    return identity


def forget() -> None:
    cache.delete_many([cache_key(code) for code, _name in settings.LANGUAGES])


def build(code: str) -> SiteIdentity:
    """Three queries: the country languages (for the chain), the settings with the logo, the
    footer pages; a logo's rendition may add some the first time."""
    from campaigns.content.directory import public_q
    from campaigns.content.models import InfoPage, SiteSettings
    from campaigns.content.models.site_pages import country_language_lists, sitewide_chain

    chain = sitewide_chain(code, country_language_lists())
    found = SiteSettings.objects.select_related("logo").first()  # never created by a reader
    with translation.override(code):
        if found is not None:
            text = Localizer(found, chain).resolve("site_name", "organisation_name")
            name = text["site_name"]
            organisation = text["organisation_name"] or None
        else:
            name = organisation = None
        if not name:  # the interface's own name, along the chain like every interface word
            name = resolve_word(DEFAULT_NAME, chain)
        links = tuple(
            FooterLink(Localizer(page, chain)["title"], page.get_url() or "")
            for page in InfoPage.objects.live()
            .filter(public_q(), show_in_menus=True)
            .order_by("path")
        )
    return SiteIdentity(
        name=name,
        organisation=organisation,
        logo=logo_of(found.logo) if found is not None and found.logo_id else None,
        footer_links=links,
    )


def logo_of(image) -> Logo | None:
    try:
        rendition = image.get_rendition(LOGO_FILTER)
    except SourceImageIOError:  # the file is missing or unreadable: the name alone is shown
        return None
    width = round(rendition.width * LOGO_HEIGHT / rendition.height) if rendition.height else 0
    return Logo(url=rendition.url, width=width, height=LOGO_HEIGHT)
