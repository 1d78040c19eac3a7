"""Reach reporting in the admin: reports, indicators, targets, age bands and organisations
under one "Reach" menu.

Snippet viewsets give listings, filters, exports, history and model permissions: the reports'
in ``reports`` (every row through campaigns.reach.access), the reference data's in ``reference``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .reference import AgeBandViewSet, IndicatorViewSet, OrganisationViewSet, TargetViewSet
from .reports import ReachReportViewSet


class ReachViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Reach")
    menu_icon = "table"
    menu_order = 260
    submenu_hook = "register_reach_menu_item"  # spreadsheet import, API token, locked months
    items = (
        ReachReportViewSet,
        IndicatorViewSet,
        TargetViewSet,
        AgeBandViewSet,
        OrganisationViewSet,
    )
