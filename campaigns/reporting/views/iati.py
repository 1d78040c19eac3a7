"""Reach > IATI export: the IATI activity XML 2.03 of the campaigns a filter selects, the same
file ``manage.py export_iati`` writes (campaigns.reporting.iati).

For M&E officers, finance officers and administrators. The file is public-facing donor data,
but it puts every organisation's validated figures beside every funder's disclosed amounts,
which reporters (their own organisations' figures only) and the content roles do not otherwise
see together.

A GET shows the filters (country, campaign, funder, agreement: an activity is a whole
campaign, so months, organisations and channels do not apply), the campaigns the file will
hold and the button for their file; a POST (the button's form, CSRF-checked) with the same
parameters queues the file as a background task and goes to its page (views/exports.py). A GET
never queues, ``?download=1`` included (an old link): it shows the screen with its button. A
dashboard's button posts to ``iati_download_url(flt)``.
"""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.reach.access import can_validate
from campaigns.reporting import iati
from campaigns.reporting.filters import ReachFilter, ReachFilterForm

from . import exports

URL_NAME = "reporting:iati"
FILTERS = ("country", "campaign", "funder", "agreement")


def may_export_iati(user) -> bool:
    """M&E officers and administrators (they validate figures), finance officers (they record
    the allocations)."""
    return bool(
        user.is_active and (can_validate(user) or user.has_perm("campaigns.change_allocation"))
    )


def iati_download_url(flt: ReachFilter) -> str:
    """The file for a dashboard's filter (only its countries, campaigns, funders and agreements
    count)."""
    return f"{reverse(URL_NAME)}?{urlencode([('download', '1'), *flt.query_items()])}"


class IATIFilterForm(ReachFilterForm):
    """The dashboards' filters an activity can follow, offering every published, public
    campaign: the file holds public data only, whoever downloads it."""

    def __init__(self, data=None, *, user, **kwargs):
        super().__init__(data, user=user, **kwargs)
        from campaigns.models import CampaignPage, Country

        for name in list(self.fields):
            if name not in FILTERS:
                del self.fields[name]
        public = CampaignPage.objects.live().public()  # as iati.campaigns_in exports
        self.fields["country"].queryset = Country.objects.filter(pk__in=public.values("country_id"))
        self.fields["campaign"].queryset = public.order_by("title")


class IATIExportView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reporting/iati.html"
    page_title = _("IATI export")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not may_export_iati(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def read(self, request):
        """The filter form, whether it is valid, and the campaigns it selects."""
        form = IATIFilterForm(request.GET or None, user=request.user)
        valid = not form.is_bound or form.is_valid()
        campaigns = list(iati.campaigns_in(form.reach_filter() if valid else ReachFilter()))
        return form, valid, campaigns if valid else []

    def get(self, request, *args, **kwargs):
        form, valid, campaigns = self.read(request)
        query = request.GET.copy()
        query.pop("download", None)
        action = f"{reverse(URL_NAME)}?{query.urlencode()}" if valid else ""
        context = self.get_context_data(form=form, campaigns=campaigns, download_action=action)
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        form, valid, campaigns = self.read(request)
        if valid:
            if not campaigns:  # said at once, without a task: the file would be refused
                messages.error(
                    request, str(_("No published campaign matches: there is nothing to export."))
                )
            elif started := exports.start(request, "iati", "xml"):  # a task (exports.py)
                return started
        return redirect(request.get_full_path())  # the screen, with the message or the errors


class IATIMenuItem(MenuItem):
    def is_shown(self, request):
        return may_export_iati(request.user)


def iati_menu_item():
    return IATIMenuItem(_("IATI export"), reverse(URL_NAME), icon_name="download", order=960)


urlpatterns = [path("iati/", IATIExportView.as_view(), name="iati")]


def menu_items():
    return [iati_menu_item]
