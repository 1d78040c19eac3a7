"""The campaigns domain, one module per concept, re-exported here for Django and Wagtail."""

from .home import HomePage

__all__ = ["HomePage"]
