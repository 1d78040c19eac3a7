from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After wagtail-modeltranslation has patched the page classes (its app comes first).
        # Admin hooks are registered in campaigns/wagtail_hooks.py; these apply to every process.
        from campaigns.funding import content_hooks as funding
        from campaigns.models import HomePage
        from campaigns.reporting import open_data_table, open_data_tasks, summary
        from campaigns.site import page_cache_purge, routing
        from campaigns.translation import interface_words
        from campaigns.translation import signals as translation_signals

        routing.install(HomePage)
        funding.register()  # its publishing check and the campaign editor's "Funding" panel
        summary.connect()  # the reach summary kept in step with the lifecycle
        open_data_table.connect()  # the open data rebuilt after a report is deleted
        open_data_tasks.connect()  # and by the worker after each lifecycle step (issue 16)
        translation_signals.connect()  # stale translations recorded on every revision
        interface_words.connect()  # words set in the CMS, read before the catalogues
        page_cache_purge.connect()  # after interface_words: their cache is dropped first
