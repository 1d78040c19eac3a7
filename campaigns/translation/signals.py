"""Stale translations kept in step with every save (``campaigns.translation.staleness.record``).

Where a save is caught, and why there:

* **Pages and materials** (``RevisionMixin``): ``post_save`` of ``wagtail.models.Revision``. Every
  route that changes their text makes a revision through ``save_revision``: the page and snippet
  editors (create, edit, autosave, which *overwrites* the latest revision), reverting to an old
  revision, the PO import, workflows, and Wagtail's admin API (publish publishes an existing
  revision, whose text was recorded when it was saved). The edit hooks
  (``after_edit_page``/``after_edit_snippet``) would miss the import, the API and scripts. The
  item as it was is the revision before this one (or, for an overwrite, the overwritten content
  remembered in ``pre_save``; or the live row when there is no earlier revision).
* **Countries** (no revisions): ``pre_save`` remembers the row as it was, ``post_save`` records.
* Deleting an item deletes its rows (``post_delete`` of each recorded model, not of every model,
  which would cost every other model its one-query deletes).

A save that does not make a revision (``page.save()`` in a script) is not recorded; the next
revision compares with the previous revision as usual. Each save costs a few queries (the earlier
revision or row, the item's rows, and the writes), never one per text.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, Revision

from campaigns.models import Country, Material
from campaigns.translation import staleness

UID = "campaigns.translation.signals"
RECORDED = (Page, Material, Country)  # pages: each type with a translation status


def recorded(model) -> bool:
    if model is None or not issubclass(model, RECORDED):
        return False
    return not issubclass(model, Page) or bool(getattr(model, "translation_status_fields", ()))


# --- Pages and materials: their revisions -------------------------------------------------------


def remember_overwritten_revision(sender, instance, raw=False, **kwargs):
    """Autosave overwrites the latest revision: keep the content it had."""
    if raw or instance.pk is None:
        return
    instance._staleness_previous_content = (
        Revision.objects.filter(pk=instance.pk).values_list("content", flat=True).first()
    )


def revision_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if not recorded(model):
        return
    base = instance.content_object
    if base is None:
        return
    current = staleness.from_content(base, instance.content)
    staleness.record(current, previous_state(base, instance, created))


def previous_state(base, revision, created):
    """The item before this revision: the overwritten content, the revision before, or the row."""
    if not created:
        content = getattr(revision, "_staleness_previous_content", None)
        return staleness.from_content(base, content) if content is not None else None
    earlier = (
        Revision.objects.filter(
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            pk__lt=revision.pk,
        )
        .order_by("-pk")
        .first()
    )
    if earlier is not None:
        return staleness.from_content(base, earlier.content)
    row = type(base)._default_manager.filter(pk=base.pk).first()
    if row is not None:
        row._translation_current = True  # the row as it is, not its latest revision
    return row


# --- Countries: no revisions --------------------------------------------------------------------


def remember_country(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    instance._staleness_previous = Country.objects.filter(pk=instance.pk).first()


def country_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    staleness.record(instance, getattr(instance, "_staleness_previous", None))
    instance._staleness_previous = None


# --- Deleted items ------------------------------------------------------------------------------


def item_deleted(sender, instance, **kwargs):
    if recorded(type(instance)) and instance.pk is not None:
        staleness.forget(instance)


def connect():
    pre_save.connect(remember_overwritten_revision, sender=Revision, dispatch_uid=UID)
    post_save.connect(revision_saved, sender=Revision, dispatch_uid=UID)
    pre_save.connect(remember_country, sender=Country, dispatch_uid=UID)
    post_save.connect(country_saved, sender=Country, dispatch_uid=UID)
    # Per model: a receiver for every model would stop Django's one-query (fast) deletes.
    for model in apps.get_app_config("campaigns").get_models():
        if recorded(model):
            post_delete.connect(item_deleted, sender=model, dispatch_uid=f"{UID}.{model.__name__}")
