"""The page a call to action links to, loaded without the columns a link never reads (issue 16).

Wagtail's ``PageChooserBlock`` loads the chosen pages with every column: on a page row about 150
of them, the texts of sixteen languages. A link only needs the page's address in the language
being read: while a public page renders (``campaigns.i18n.localization.reading``), the chosen
pages' texts are left out, and their addresses outside the page's chain; that query's SQL is
compiled once per process (campaigns.site.fixed_queries). In the admin, and anywhere else,
nothing changes.
"""

import copy

from wagtail import blocks

from campaigns.i18n.localization import columns_outside, languages_being_read
from campaigns.site.fixed_queries import fixed_query
from campaigns.site.page_cache_scope import note_pages_shown
from campaigns.site.routing import defer_columns


class LinkedPageChooserBlock(blocks.PageChooserBlock):
    """``PageChooserBlock`` whose pages, during a public render, carry only their addresses in
    the page's languages. Migrations see Wagtail's block: the stored definition is unchanged."""

    canonical_module_path = "wagtail.blocks.PageChooserBlock"

    def to_python(self, value):
        page = super().to_python(value)
        note_pages_shown([page])
        return page

    def bulk_to_python(self, values):
        # The page showing this link shows the linked page's title and address: the page cache
        # must know (campaigns/site/page_cache_scope.py). Not to be skipped by a cache of the
        # loaded pages across requests.
        languages = languages_being_read()
        if not languages:
            pages = super().bulk_to_python(values)
            note_pages_shown(pages)
            return pages
        objects = load_addresses(self.model_class, values, languages)
        result = in_chosen_order(values, objects)
        note_pages_shown(result)
        return result


def load_addresses(model, values, languages) -> dict:
    """``in_bulk(values)`` of ``model`` without its texts and its addresses outside
    ``languages``, its SQL compiled once per process, set of languages and number of ids."""
    unread = columns_outside(model, [], languages)
    ids = sorted({value for value in values if value is not None})
    if not ids or not all(type(value) is int for value in ids):
        return defer_columns(model.objects.all(), unread).in_bulk(ids)
    query = fixed_query(
        ("linked pages", model, tuple(unread), len(ids)),
        lambda *pks: defer_columns(model.objects.all(), unread).filter(pk__in=pks).order_by(),
        (int,) * len(ids),
    )
    return {obj.pk: obj for obj in query.run(*ids)}


def in_chosen_order(values, objects: dict) -> list:
    """As Wagtail's ``ChooserBlock.bulk_to_python`` gives them: the objects in the order asked,
    None kept, one instance per occurrence."""
    seen, result = set(), []
    for pk in values:
        obj = objects.get(pk)
        if obj is not None and pk in seen:
            obj = copy.copy(obj)
        seen.add(pk)
        result.append(obj)
    return result
