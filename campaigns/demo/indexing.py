"""Search and reference indexing once per object, after the seed, instead of on every save.

Creating a page saves it three times (add, revision, publish), and every save re-indexes it for
search and for Wagtail's reference index ("usage" in the admin). Inside `deferred_indexing()`
saves are only noted; when the block ends without error, each object saved is indexed once,
through the same tasks Wagtail's signal handlers would have queued.
"""

from contextlib import contextmanager

from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch import index
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task


@contextmanager
def deferred_indexing():
    saved: dict[tuple[type, str], None] = {}

    def note(sender, instance, raw=False, **kwargs):
        if raw or instance.pk is None:
            return
        parent = next((f for f in instance._meta.fields if isinstance(f, ParentalKey)), None)
        if parent is not None:  # a child row (a material's version): its parent is indexed
            saved[(parent.related_model, str(getattr(instance, parent.attname)))] = None
        else:
            saved[(sender, str(instance.pk))] = None

    searched = [m for m in index.get_indexed_models() if post_save.disconnect(search_on_save, m)]
    post_save.connect(note, weak=False, dispatch_uid="campaigns.demo.deferred_indexing")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="campaigns.demo.deferred_indexing")
        for model in searched:
            post_save.connect(search_on_save, sender=model)
    tracked = tuple(ReferenceIndex.tracked_models)
    for model, pk in saved:
        label = (model._meta.app_label, model._meta.model_name, pk)
        if model in searched:
            insert_or_update_object_task.enqueue(*label)
        if issubclass(model, tracked):
            update_reference_index_task.enqueue(*label)
