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

A campaign page's own change (its save, publish, unpublish, channels) purges only what it reaches
(``purge_campaign``: campaigns/site/page_cache_scope.py explains which pages and why), unless
its address changed in some language (then everything).

After the commit: the bump is queued with ``transaction.on_commit`` (a rolled back change
purges nothing; outside a transaction it runs at once), so a visit between the change and its
commit cannot store the old page under the new generation. A publish queues about three bumps
(the page's saves and the publish signal), each one INCR: not worth deduplicating. Wagtail's
generic ``published``/``unpublished`` signals purge only for snippets: for a page they follow
``page_published``/``page_unpublished``, whose purge is followed by the warm of a campaign page
(campaigns/site/page_cache_warm.py), which one more purge would undo.
"""

import logging
from functools import cache

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

from . import cdn_purge, page_cache_warm
from . import page_cache_scope as scope
from .page_cache import bump_generation, page_cache

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


def purge_campaign(page_id: int) -> None:
    """Forget the pages a change of this campaign page reaches: the sections of its addresses and
    of the pages above it, in every language, and the pages that show other pages. Everything,
    when the page is gone."""
    found = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if found is None:
        purge()
        return
    steps = range(Page.steplen, len(found) + 1, Page.steplen)
    rows = Page.objects.filter(path__in=[found[:end] for end in steps])
    try:
        keys = scope.section_keys_of(rows.values_list(*scope.url_path_fields()))
        scope.purge_stamps(page_cache(), keys)
    except Exception:
        logger.exception("Page cache not purged")
    cdn_purge.schedule()


def purge_after_commit(using=None, campaign=None) -> None:
    """Purge once the current transaction commits (now, outside one): only what a campaign
    page's change reaches when ``campaign`` (its id) is given."""
    if campaign is None:
        transaction.on_commit(purge, using=using)
    else:
        transaction.on_commit(lambda: purge_campaign(campaign), using=using)


def campaign_scope(instance) -> int | None:
    """The id of the campaign page whose own change this is (see ``purge_campaign``), or None
    for a change that purges everything."""
    from campaigns.content.models import CampaignPage

    if not isinstance(instance, CampaignPage) or instance.pk is None:
        return None
    if getattr(instance, "_page_cache_address_changed", True):
        return None  # saved without our pre_save (or its address changed): everything
    return instance.pk


def _before_campaign_save(sender, instance=None, raw=False, update_fields=None, **_kwargs):
    """Note whether this save changes the page's address in some language (its pages below and
    the links to it elsewhere show it): that purges everything. A new page has no address yet."""
    if raw or instance.pk is None:
        instance._page_cache_address_changed = raw
        return
    fields = scope.url_path_fields()
    if update_fields is not None and not set(update_fields) & {"url_path", *fields}:
        instance._page_cache_address_changed = False  # a draft's bookkeeping, a lock...
        return
    stored = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    if stored is None:
        instance._page_cache_address_changed = False
        return
    loaded = instance.__dict__  # a deferred address is not written by this save
    instance._page_cache_address_changed = any(
        field in loaded and loaded[field] != value
        for field, value in zip(fields, stored, strict=True)
    )


def _on_save(sender, instance=None, update_fields=None, raw=False, using=None, **_kwargs):
    if raw or not shown_on_pages(sender):
        return
    if update_fields and set(update_fields) <= DRAFT_ONLY_FIELDS:
        return
    purge_after_commit(using, campaign_scope(instance))


def _on_delete(sender, using=None, **_kwargs):
    if shown_on_pages(sender):
        purge_after_commit(using)


def _on_m2m(sender, instance=None, action="", using=None, **_kwargs):
    if action.startswith("post_") and shown_on_pages(type(instance)):
        purge_after_commit(using, campaign_scope(instance))


def _on_publishing(sender=None, instance=None, **_kwargs):
    """A page's publish or unpublish; a campaign page's is warmed after its purge (queued
    after it: campaigns/site/page_cache_warm.py)."""
    from campaigns.content.models import CampaignPage

    purge_after_commit(campaign=campaign_scope(instance))
    if isinstance(instance, CampaignPage):
        page_cache_warm.warm_after_commit(instance.pk)


def _on_object_publishing(sender=None, instance=None, **_kwargs):
    """Wagtail's generic ``published``/``unpublished``, also sent for a page right after
    ``page_published``/``page_unpublished``: a page's purge is queued by those (and by its save);
    one more here would come after the warm and make the page just warmed a miss again."""
    if not isinstance(instance, Page):
        purge_after_commit(campaign=campaign_scope(instance))


def _on_move(sender=None, **_kwargs):
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
    for signal in (page_published, page_unpublished):
        signal.connect(_on_publishing, dispatch_uid=f"{uid}.{id(signal)}")
    for signal in (published, unpublished):
        signal.connect(_on_object_publishing, dispatch_uid=f"{uid}.{id(signal)}")
    post_page_move.connect(_on_move, dispatch_uid=f"{uid}.move")
    from campaigns.content.models import CampaignPage

    pre_save.connect(_before_campaign_save, sender=CampaignPage, dispatch_uid=f"{uid}.pre_save")
