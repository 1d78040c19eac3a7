"""The campaign editor's read-only "Funding" panel: who funds this campaign, how much, when."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .models import Allocation


class FundingPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Funding"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "funding"

    class BoundPanel(Panel.BoundPanel):
        template_name = "campaigns/funding/funding_panel.html"

        def is_required(self):
            return False

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            campaign = self.instance
            allocations = (
                list(
                    Allocation.objects.filter(campaign=campaign.pk)
                    .select_related("agreement__funder")
                    .order_by("agreement__funder__name", "start_date")
                )
                if campaign.pk
                else []
            )
            user = self.request.user if self.request else None
            can_add = bool(user and user.has_perm("campaigns.add_allocation"))
            context.update(
                allocations=allocations,
                add_url=reverse("wagtailsnippets_campaigns_allocation:add")
                + f"?campaign={campaign.pk}"
                if can_add and campaign.pk
                else "",
            )
            return context
