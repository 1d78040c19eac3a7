"""Channels through which a campaign reaches people (radio, community sessions, SMS...).

Reference data: seeded by `seed_demo`, edited as a snippet; reach reports use the same list.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Channel(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return self.name
