"""Routing a URL to its page in one lookup instead of one query per tree level.

wagtail-modeltranslation's ``route`` walks the tree, loading every child of every level to
compare translated slugs. Pages here are deep (home > campaigns > country > campaign) and
country pages have many children, so the site's root page finds the target directly by its
translated ``url_path`` and falls back to the tree walk only when that finds nothing (e.g. a
routable page, or a language added after the page was saved).
"""

from django.http import Http404
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname
from wagtail.models import Page
from wagtail.url_routing import RouteResult


def install(page_class):
    """Give ``page_class`` (the site root type) the direct route; keep the old one as fallback."""
    tree_walk = page_class.route

    def route(self, request, path_components):
        if not path_components:
            if self.live:
                return RouteResult(self)
            raise Http404
        language = translation.get_language()
        field = build_localized_fieldname("url_path", language)
        root_path = getattr(self, field, None) or self.url_path
        target = root_path + "/".join(path_components) + "/"
        found = (
            Page.objects.filter(path__startswith=self.path, live=True, **{field: target})
            .values_list("pk", "content_type_id")
            .first()
        )
        if found is None:
            return tree_walk(self, request, path_components)
        pk, content_type_id = found
        model = Page.content_type.field.related_model.objects.get_for_id(
            content_type_id
        ).model_class()
        related = getattr(model, "route_select_related", ())
        return RouteResult(model.objects.select_related(*related).get(pk=pk))

    page_class.route = route
