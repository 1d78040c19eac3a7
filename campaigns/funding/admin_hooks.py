"""Funding's admin: funders, agreements and allocations, grouped under one menu item.
campaigns/wagtail_hooks.py calls ``register()`` once."""

from wagtail.snippets.models import register_snippet

from .viewsets import FundingViewSetGroup


def register() -> None:
    register_snippet(FundingViewSetGroup)
