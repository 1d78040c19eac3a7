"""What a publish of one campaign page purges: its *section* of the site, the sections of the
pages above it, and the pages that show other pages, instead of every page of the site.

A global purge (campaigns/site/page_cache_purge.py) made every page of the site a miss at once
after each publish: under load, the page just published waited behind 110 other renders (README,
"Load"). Campaign pages are what editors publish most, and what a campaign page's content
reaches is known and small:

- the campaign page itself, in every language;
- the pages above it, which list it (its country page, the campaigns index, the home page's
  directory and featured campaigns);
- pages whose body shows another page outside their own section (a call to action's linked
  page: its title and address), noted while they render by ``note_pages_shown``. A campaign
  page's call to action to its own country page is in its section and changes nothing.

Everything else a campaign page could change is not its own content: its country, materials,
funders, channels, the site's settings, interface words, footer pages... and a change to any of
those stays a global purge, as does a change of a campaign page's address (``url_path`` in any
language: the pages below it and links elsewhere show the address), its move or deletion.

Sections are read from the URL, so that a hit still costs one round trip to the cache: a
request's section is its language prefix and the first two segments after it (``/fr/campagnes/
senegal/la-mer/`` → ``fr`` + ``campagnes/senegal``; the home page's is ``fr`` + ``""``). Each
section has a stamp in the cache (a random number); an entry stores the stamps read before its
render, and is served only while they are unchanged. A purge of a campaign page sets new
stamps of every section its address or the address of a page above it has, in each language
(``sections_of_url_path``: every possible depth of the site's root, since a page's ``url_path``
starts with its site root's; a few more sections than needed lose a few entries, never a stale
page served), and the stamp of the pages that show other pages (``LINKS_KEY``).

A page is stored under its URL's section only when that section is one the purge of the page
would reach (``within_section``: its ``url_path`` in the URL's language, as this render loaded
it, gives that section). A response of the page route without a page, under an address its
``url_path`` does not give (another routing), or showing a page of another section, depends on
the links' stamp too, which every campaign publish changes: the purge of a campaign page never
misses an entry that shows it.
"""

import hashlib
import secrets
from contextvars import ContextVar

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname

SECTION_PREFIX = "page-cache:section:"
LINKS_KEY = "page-cache:links"  # the stamp of pages that show another page


def section_of_path(language: str, path: str) -> str:
    """The section of a public URL's path whose language prefix is ``language``."""
    rest = path[len(language) + 2 :].strip("/")
    return "/".join(rest.split("/")[:2]) if rest else ""


def section_key(language: str, section: str) -> str:
    name = f"{language.lower()}:{section}"
    digest = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return f"{SECTION_PREFIX}{digest}"


def sections_of_url_path(url_path: str | None) -> set[str]:
    """Every section an address made from this ``url_path`` can have, whatever the depth of the
    site's root (the path starts with the root's slug: ``home/campagnes/senegal/``)."""
    segments = [segment for segment in (url_path or "").split("/") if segment]
    return {"/".join(segments[depth : depth + 2]) for depth in range(1, len(segments) + 1)}


def url_path_fields() -> list[str]:
    return [build_localized_fieldname("url_path", code) for code, _name in settings.LANGUAGES]


def url_path_in(page, language: str) -> str | None:
    """The page's ``url_path`` in ``language`` if this render loaded it (never loading it)."""
    return page.__dict__.get(build_localized_fieldname("url_path", language.lower()))


def within_section(language: str, section: str, page, shown: list) -> bool:
    """Whether a purge of ``section`` in ``language`` reaches this render: its page and every
    page it showed have their address in that language in it."""
    return page is not None and all(
        section in sections_of_url_path(url_path_in(each, language)) for each in (page, *shown)
    )


def section_keys_of(rows) -> list[str]:
    """The stamps a purge renews for pages with these ``url_path`` values (a row per page, in
    the order of ``url_path_fields``): each language's address sections under its prefix."""
    codes = [code for code, _name in settings.LANGUAGES]
    keys = set()
    for row in rows:
        for code, url_path in zip(codes, row, strict=True):
            keys.update(section_key(code, section) for section in sections_of_url_path(url_path))
    return sorted(keys)


def new_stamp() -> int:
    return secrets.randbits(52)


def complete(cache, stamps, section_key: str, needs_links: bool):
    """The stamps to store a render under, or None when it may not be stored. A stamp read as
    missing before the render (a section's first page, or evicted) is made now, after it, and
    only for a page that is stored: addresses that are not pages leave no key. Made with
    ``add``: if it fails, a purge (which always sets its stamps) or another first visit came
    during the render, which may then show what the purge changed: not stored."""
    if stamps.section is None:
        made = new_stamp()
        if not cache.add(section_key, made, timeout=None):
            return None
        stamps = stamps._replace(section=made)
    if not needs_links:
        return stamps._replace(links=None)
    if stamps.links is None:
        made = new_stamp()
        if not cache.add(LINKS_KEY, made, timeout=None):
            return None
        stamps = stamps._replace(links=made)
    return stamps


def purge_stamps(cache, section_keys) -> None:
    """New stamps for these sections and for pages that show other pages: their entries are no
    longer served. Set, not deleted: a render that read a stamp as missing then stores nothing
    (``complete``)."""
    cache.set_many({key: new_stamp() for key in [*section_keys, LINKS_KEY]}, timeout=None)


# Pages shown inside another page's render. ``watching`` holds a list per request (a context
# variable: one per thread or task); code that shows another page's content calls
# ``note_pages_shown``.
_shown: ContextVar[list | None] = ContextVar("page_cache_pages_shown", default=None)


class watching:
    """``with watching() as shown:`` ``shown`` collects each page the render showed inside the
    page (``note_pages_shown``)."""

    def __enter__(self):
        self.shown = []
        self.token = _shown.set(self.shown)
        return self.shown

    def __exit__(self, *exc_info):
        _shown.reset(self.token)
        return False


def note_pages_shown(pages) -> None:
    """While a page renders for the page cache, these pages' content is shown in it."""
    shown = _shown.get()
    if shown is not None:
        shown.extend(page for page in pages if page is not None)
