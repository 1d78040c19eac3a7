"""Behaviour shared by the public pages: which language versions exist, and where text comes from.

A page that belongs to a country is offered in the country's languages plus the site-wide ones;
a URL in any other language redirects to the best version offered. Missing text follows the
country's fallback chain (campaigns.i18n.localization).
"""

from django.conf import settings
from django.db.models import Q
from django.db.models.query import MAX_GET_RESULTS
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from campaigns.content.forms import MultilingualPageForm
from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import Localizer, columns_outside, reading

from .countries import Country


def language_preview_modes(codes) -> list[tuple[str, str]]:
    """One preview mode per language, so reviewers can read each version before approving."""
    return [(code, get_language(code).name_local) for code in codes]


def render_in_language(response, code: str):
    """Render a lazy TemplateResponse while ``code`` is active."""
    with translation.override(code):
        return response.render() if hasattr(response, "render") else response


class MultilingualPageMixin:
    """Every page: offered in all content languages unless a subclass narrows it."""

    # Wagtail builds each page type's edit form on ``cls.base_form_class`` (page_utils), and
    # wagtail-modeltranslation wraps that class per page type: both find this one through the MRO.
    base_form_class = MultilingualPageForm

    # Related objects campaigns.site.routing loads in the page's own query.
    route_select_related: tuple[str, ...] = ()

    def offered_language_codes(self) -> list[str]:
        return [code for code, _name in settings.LANGUAGES]

    @classmethod
    def languages_read(cls, code: str, country_languages: str | None) -> tuple[list, list, dict]:
        """What a visit in ``code`` reads, known before the page is loaded: the text's chain,
        the languages the switcher links to, and attributes to set on the loaded page (what
        was looked up to know them, so the page does not look it up again).
        ``country_languages``: the languages of the country the page belongs to, if any."""
        every = [language for language, _name in settings.LANGUAGES]
        return list(dict.fromkeys([code, settings.LANGUAGE_CODE])), every, {}

    @classmethod
    def load_for_visit(cls, pk: int, code: str, country_languages: str | None = None):
        """The page as a visitor reading ``code`` sees it, in one query: with its
        ``route_select_related`` objects, without the translated columns of languages the
        visit never reads (on a page row most of its ~150 columns)."""
        from campaigns.site.fixed_queries import fixed_query
        from campaigns.site.routing import defer_columns

        chain, linked, attributes = cls.languages_read(code, country_languages)
        deferred = columns_outside(cls, chain, linked)
        for name in cls.route_select_related:
            related = cls._meta.get_field(name).related_model
            deferred += columns_outside(related, chain, prefix=f"{name}__")

        def build(pk_marker):
            queryset = defer_columns(cls.objects.all(), deferred)
            if cls.route_select_related:
                queryset = queryset.select_related(*cls.route_select_related)
            # QuerySet.get()'s query: no ordering, at most MAX_GET_RESULTS rows.
            return queryset.filter(pk=pk_marker).order_by()[:MAX_GET_RESULTS]

        found = fixed_query((cls, "load_for_visit", tuple(deferred)), build, (int,)).run(pk)
        if not found:
            raise cls.DoesNotExist(f"{cls._meta.object_name} matching query does not exist.")
        if len(found) > 1:  # not for a primary key; as QuerySet.get() would
            raise cls.MultipleObjectsReturned(f"get() returned {len(found)} {cls.__name__}")
        page = found[0]
        page.__dict__.update(attributes)
        return page

    def serve(self, request, *args, **kwargs):
        """Render within ``reading(chain)``: objects loaded during the render (a body's
        materials) are loaded without the columns of languages the page never shows."""
        response = super().serve(request, *args, **kwargs)
        chain = getattr(self, "fallback_chain", None)
        if callable(chain) and hasattr(response, "render") and not response.is_rendered:
            with reading(chain()):
                response.render()
        return response

    def get_view_restrictions(self):
        """Wagtail's, in one query instead of two: restrictions on the page, its ancestors or
        the pages they are aliases of (Wagtail loads the ancestors first to find aliases)."""
        from wagtail.models import Page, PageViewRestriction

        if self.__dict__.get("view_restrictions_known_none"):
            # The routing query found none (campaigns.site.routing.view_restricted): an empty
            # queryset, already evaluated (Wagtail's serve hook iterates it).
            restrictions = PageViewRestriction.objects.none()
            restrictions._result_cache, restrictions._prefetch_done = [], True
            return restrictions
        steplen = Page.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        originals = Page.objects.filter(path__in=paths, alias_of__isnull=False)
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__in=originals.values("alias_of_id"))
        )

    @property
    def preview_modes(self):
        return language_preview_modes(self.offered_language_codes())

    def serve_preview(self, request, mode_name):
        code = mode_name if mode_name in self.offered_language_codes() else settings.LANGUAGE_CODE
        with translation.override(code):
            request.LANGUAGE_CODE = code
            return render_in_language(super().serve_preview(request, mode_name), code)

    def get_sitemap_urls(self, request=None):
        return self.language_sitemap_entries(lambda: self.get_full_url(request))

    def language_sitemap_entries(self, location) -> list[dict]:
        """One entry per language offered, each listing the others as alternates;
        ``location()`` gives the URL in the active language."""
        alternates = []
        for code in self.offered_language_codes():
            with translation.override(code):
                alternates.append({"lang_code": code, "location": location()})
        lastmod = self.last_published_at or self.latest_revision_created_at
        return [
            {"location": alternate["location"], "lastmod": lastmod, "alternates": alternates}
            for alternate in alternates
        ]


class CountryContentMixin(MultilingualPageMixin):
    """Language offer, fallback chain and redirection for pages that belong to one country."""

    # Fields shown to the public, in the order the translation status lists them.
    translation_status_fields: tuple[str, ...] = ("title",)

    def get_country(self) -> Country | None:
        raise NotImplementedError

    def offered_language_codes(self) -> list[str]:
        country = self.get_country()
        return country.offered_language_codes() if country else super().offered_language_codes()

    @classmethod
    def languages_read(cls, code: str, country_languages: str | None) -> tuple[list, list, dict]:
        """The country's chain and offer (``Country.fallback_chain``, ``offered_language_codes``),
        from its languages as the routing query found them."""
        if country_languages is None:
            return super().languages_read(code, country_languages)
        country = Country(languages=country_languages)
        return country.fallback_chain(code), country.offered_language_codes(), {}

    def fallback_chain(self, language_code: str | None = None) -> list[str]:
        code = language_code or translation.get_language()
        country = self.get_country()
        if country:
            return country.fallback_chain(code)
        return list(dict.fromkeys([code, settings.LANGUAGE_CODE]))

    def best_language_for(self, request) -> str:
        """The visitor's preferred language among those offered, else the country's first."""
        offered = self.offered_language_codes()
        header = request.headers.get("Accept-Language", "")
        for accepted, _quality in parse_accept_lang_header(header):
            for code in (accepted.lower(), accepted.lower().split("-")[0]):
                if code in offered:
                    return code
        return offered[0]

    def serve(self, request, *args, **kwargs):
        if translation.get_language() not in self.offered_language_codes():
            with translation.override(self.best_language_for(request)):
                return HttpResponseRedirect(self.get_url(request=request))
        return super().serve(request, *args, **kwargs)

    def localizer(self) -> Localizer:
        return Localizer(self, self.fallback_chain())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        text = self.localizer().resolve(*self.translation_status_fields)
        context["text"] = text
        return context
