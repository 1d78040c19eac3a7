"""Routing a URL to its page with one narrow query, then loading only what the visit reads.

wagtail-modeltranslation's ``route`` walks the tree, loading every child of every level to
compare translated slugs. Pages here are deep (home > campaigns > country > campaign) and
country pages have many children, so the site's root page finds the target directly by its
translated ``url_path`` and falls back to the tree walk only when that finds nothing (e.g. a
routable page, or a language added after the page was saved).

The lookup selects three values: the page's id, its type and the languages of the country it
belongs to (a subquery on the country page above it, or itself). With those, the page is loaded
by ``load_for_visit`` (campaigns.content.models.mixins) without the translated columns of
languages the visit never reads: 16 content languages make a page row ~150 columns, and
selecting them all made the SQL text 5-9 KB per query and the render slower.

Wagtail's ``Page.route_for_request`` loads the site's root page as its specific type before
routing; the lookup needs only the root's tree path and translated ``url_path``, which the
site's own query already loaded, so the root page is loaded only when it is the page asked for.
That query (Wagtail's ``get_site_for_hostname``, run once per request) selected every column of
the root page in every language; here it selects its addresses in the visitor's language only.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page, Site
from wagtail.models import sites as wagtail_sites
from wagtail.url_routing import RouteResult

from campaigns.i18n.localization import columns_outside
from campaigns.site.fixed_queries import fixed_query


def site_for_hostname(hostname, port):
    """Wagtail's ``get_site_for_hostname`` (same matching, same order), its root page loaded
    without the translated columns routing does not read: only its ``url_path`` (and slug) in
    the active language and the default one (modeltranslation's fallback). Its SQL is
    compiled once per process and set of languages (campaigns.site.fixed_queries)."""
    read = tuple(dict.fromkeys([translation.get_language(), settings.LANGUAGE_CODE]))
    try:
        port = int(port)
    except (TypeError, ValueError):  # as Wagtail's query would, let the field say why
        sites = list(_sites_matching(hostname, port, read))
    else:
        query = fixed_query(
            ("site_for_hostname", read),
            lambda hostname, port: _sites_matching(hostname, port, read),
            (str, int),
        )
        sites = query.run(str(hostname), port)
    if sites:
        if len(sites) == 1 or sites[0].match in (
            wagtail_sites.MATCH_HOSTNAME_PORT,
            wagtail_sites.MATCH_HOSTNAME_DEFAULT,
        ):
            return sites[0]
        if sites[0].match == wagtail_sites.MATCH_DEFAULT:
            return sites[len(sites) == 2]
    raise Site.DoesNotExist()


def _sites_matching(hostname, port, read):
    return (
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=wagtail_sites.MATCH_HOSTNAME_PORT),
                When(
                    hostname=hostname,
                    is_default_site=True,
                    then=wagtail_sites.MATCH_HOSTNAME_DEFAULT,
                ),
                When(is_default_site=True, then=wagtail_sites.MATCH_DEFAULT),
                default=wagtail_sites.MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related("root_page")
        .defer(*columns_outside(Page, [], read, prefix="root_page__"))
    )


def defer_columns(queryset, columns):
    """``queryset.defer(*columns)`` for translated columns named with their language
    (``title_fr``, ``country__name_wo``, as ``columns_outside`` gives them), without
    django-modeltranslation's rewriting of each name, which only widens a field's plain name
    (``title``) to all its languages and costs more than the query's compilation on a page
    row's ~150 names. The same columns are deferred."""
    return QuerySet.defer(queryset, *columns)


def country_languages():
    """The ``languages`` of the country whose page is the routed page or an ancestor of it."""
    from campaigns.content.models import CountryPage

    return Subquery(
        CountryPage.objects.filter(path=Substr(OuterRef("path"), 1, Length("path"))).values(
            "country__languages"
        )[:1]
    )


def load(model, pk: int, code: str, languages: str | None):
    loader = getattr(model, "load_for_visit", None)
    if loader is None:  # a page type without the public site's mixins
        return model.objects.get(pk=pk)
    return loader(pk, code, languages)


def find(root, request, path_components, tree_walk):
    """The live page at ``path_components`` below ``root`` (a plain or specific Page)."""
    code = translation.get_language()
    if not path_components:
        if not root.live:
            raise Http404
        model = ContentType.objects.get_for_id(root.content_type_id).model_class()
        if isinstance(root, model):
            return RouteResult(root)
        return RouteResult(load(model, root.pk, code, None))
    field = build_localized_fieldname("url_path", code)
    root_path = getattr(root, field, None) or root.url_path
    target = root_path + "/".join(path_components) + "/"
    query = fixed_query(
        ("route", root.path, field),
        lambda target: _lookup(root.path, field, target),
        (str,),
    )
    found = query.run(target)
    if not found:
        return tree_walk(root.specific, request, path_components)
    pk, content_type_id, languages, restricted = found[0]
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = load(model, pk, code, languages)
    if not restricted:
        page.__dict__["view_restrictions_known_none"] = True
    return RouteResult(page)


def _lookup(root_path: str, field: str, target: str):
    """The live page below ``root_path`` whose ``field`` (a translated ``url_path``) is
    ``target``: its id, type, country's languages and whether a view restriction applies to
    it (``restricted``, the test of ``MultilingualPageMixin.get_view_restrictions``)."""
    return (
        Page.objects.filter(path__startswith=root_path, live=True, **{field: target})
        .annotate(country_languages=country_languages(), restricted=view_restricted())
        .values_list("pk", "content_type_id", "country_languages", "restricted")
        .order_by("pk")[:1]  # QuerySet.first()
    )


def view_restricted():
    """Whether a view restriction applies to the page: one on it or an ancestor, or on a page
    that it or an ancestor is an alias of."""
    from wagtail.models import PageViewRestriction

    def ancestor_of(outer):
        return Substr(outer, 1, Length("path"))

    originals = Page.objects.filter(
        alias_of__isnull=False, path=ancestor_of(OuterRef(OuterRef("path")))
    ).values("alias_of_id")
    return Exists(
        PageViewRestriction.objects.filter(
            Q(page__path=Substr(OuterRef("path"), 1, Length("page__path"))) | Q(page__in=originals)
        )
    )


def install(page_class):
    """Give ``page_class`` (the site root type) the direct route; keep the old one as fallback;
    route requests without loading the root page when the site's root is of that type."""
    tree_walk = page_class.route
    original_route_for_request = Page.route_for_request

    def route(self, request, path_components):
        return find(self, request, path_components, tree_walk)

    def route_for_request(request, path):
        if hasattr(request, "_wagtail_route_for_request"):
            return request._wagtail_route_for_request
        site = Site.find_for_request(request)
        root_type = ContentType.objects.get_for_model(page_class, for_concrete_model=False)
        if site is None or site.root_page.content_type_id != root_type.pk:
            return original_route_for_request(request, path)
        try:
            components = [component for component in path.split("/") if component]
            result = find(site.root_page, request, components, tree_walk)
        except Http404:
            result = None
        request._wagtail_route_for_request = result
        return result

    page_class.route = route
    Page.route_for_request = staticmethod(route_for_request)
    wagtail_sites.get_site_for_hostname = site_for_hostname  # Site._find_for_request's
