from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # After wagtail-modeltranslation has patched the page classes (its app comes first).
        from campaigns import routing
        from campaigns.funding import visibility  # noqa: F401  registers its publishing check
        from campaigns.models import HomePage

        routing.install(HomePage)
