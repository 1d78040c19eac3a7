"""The admin's own words (campaigns.admin_display): the product's name for the browser tab."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_site_name() -> str:
    return getattr(settings, "WAGTAIL_SITE_NAME", "") or "Wagtail"
