"""Purging the page cache (campaigns/site/page_cache.py): every change to what a public page
shows bumps the cache's generation once its transaction has committed.

Which changes: a save, delete or many-to-many change of any page (publish, unpublish, revert and
publish, copy, delete: every one saves or deletes the page row), a page move (treebeard rewrites
the paths of the moved subtree with plain UPDATEs, hence ``post_page_move``), a view restriction,
the site and its locales, images and documents, and every model of the campaigns app except
reach reporting's and the counts (materials and their versions, countries, channels, funders,
agreements and allocations (funding statements), site settings (identity, menus, footer),
interface words, the home page's featured campaigns...). A new content model of the app is
covered without being listed; the figures of reach reporting are not (a 100,000-row import
would purge the cache thousands of times) and show within PAGE_CACHE_SECONDS.

Not purged: a page's or snippet's *draft* save, which writes only the draft's bookkeeping
(``latest_revision``, ``draft_title``, ``has_unpublished_changes``..., with ``update_fields``);
the live page does not change until it is published.

After the commit: the bump is queued with ``transaction.on_commit`` (a rolled back change
purges nothing; outside a transaction it runs at once), so a visit between the change and its
commit cannot store the old page under the new generation. A publish queues about three bumps
(the page's saves and the publish signal), each one INCR: not worth deduplicating.
"""

import logging
from functools import cache

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import cdn_purge
from .page_cache import bump_generation

logger = logging.getLogger(__name__)

# Saves that write only a draft's bookkeeping (Page.save_revision, DraftStateMixin.save_revision,
# locking): the live content is unchanged.
DRAFT_ONLY_FIELDS = {
    "wagtail_admin_comments",
    "latest_revision",
    "latest_revision_created_at",
    "draft_title",
    "has_unpublished_changes",
    "locked",
    "locked_at",
    "locked_by",
}
# Modules of the campaigns app whose models no public page shows (or shows only as figures).
NOT_SHOWN_MODULES = ("campaigns.reach.", "campaigns.reporting.")
NOT_SHOWN_MODELS = {"ReviewTask", "TranslatorLanguages", "TranslationSource"}
WAGTAIL_SHOWN = (Page, PageViewRestriction, Site, Locale, AbstractImage, AbstractDocument)


@cache
def shown_on_pages(model) -> bool:
    """Whether a change to this model can change a public page."""
    if issubclass(model, AbstractRendition):
        return False  # made while a page renders
    if issubclass(model, WAGTAIL_SHOWN):
        return True
    meta = model._meta
    if meta.app_label != "campaigns" or model.__name__ in NOT_SHOWN_MODELS:
        return False
    return not model.__module__.startswith(NOT_SHOWN_MODULES)


def purge() -> None:
    """Forget the cached parts pages are made of, then every page. The parts first: their own
    on-commit hooks may come after this one (SiteSettings.save queues its after the save's
    signal), and a visit in between would store a page with the old part under the new
    generation. A cache that is down fails no publish: pages then expire within
    PAGE_CACHE_SECONDS."""
    from campaigns.translation.interface_words import forget_words

    try:
        forget_words()  # the interface words and the site identity (names, footer links)
        bump_generation()
    except Exception:
        logger.exception("Page cache not purged")
    cdn_purge.schedule()  # the CDN in front, off this request (campaigns/site/cdn_purge.py)


def purge_after_commit(using=None) -> None:
    """Purge once the current transaction commits (now, outside one)."""
    transaction.on_commit(purge, using=using)


def _on_save(sender, instance=None, update_fields=None, raw=False, using=None, **_kwargs):
    if raw or not shown_on_pages(sender):
        return
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    purge_after_commit(using)


def _on_delete(sender, using=None, **_kwargs):
    if shown_on_pages(sender):
        purge_after_commit(using)


def _on_m2m(sender, instance=None, action="", using=None, **_kwargs):
    if action.startswith("post_") and shown_on_pages(type(instance)):
        purge_after_commit(using)


def _on_publishing(sender=None, **_kwargs):
    purge_after_commit()


def connect() -> None:
    """Saves and deletes are watched per model, only for models pages show: a receiver for
    every sender would make every model's delete a row-by-row delete (Django fast-deletes only
    models no ``post_delete`` receiver watches) and would fire on each reach figure."""
    from django.apps import apps

    uid = "campaigns.site.page_cache_purge"
    for model in apps.get_models():
        if shown_on_pages(model):
            label = model._meta.label_lower
            post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}.save.{label}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}.delete.{label}")
    m2m_changed.connect(_on_m2m, dispatch_uid=f"{uid}.m2m")
    for signal in (page_published, page_unpublished, post_page_move, published, unpublished):
        signal.connect(_on_publishing, dispatch_uid=f"{uid}.{id(signal)}")
