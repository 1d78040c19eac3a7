"""Reference data a partner system needs to fill reports: campaigns (with their regions,
channels and materials), indicators, age bands and organisations, scoped like the reports."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from campaigns.models import CampaignPage, Material
from campaigns.reach.access import (
    campaigns_for_reporting,
    organisations_for_reporting,
    sees_everything,
)
from campaigns.reach.models import AgeBand, Indicator, ReportingOrganisation

from .permissions import ReachRole
from .serializers import (
    AgeBandSerializer,
    CampaignSerializer,
    IndicatorSerializer,
    OrganisationSerializer,
)


class ReferenceViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [ReachRole]
    filter_backends = []


@extend_schema_view(
    list=extend_schema(summary=_("Campaigns you may report for (all, for readers of all)")),
    retrieve=extend_schema(summary=_("One campaign, by code")),
)
class CampaignViewSet(ReferenceViewSet):
    serializer_class = CampaignSerializer
    lookup_field = "code"

    def get_queryset(self):
        user = self.request.user
        campaigns = CampaignPage.objects.all() if sees_everything(user) else (
            campaigns_for_reporting(user)
        )  # fmt: skip
        materials = Material.objects.prefetch_related("versions").order_by("title")
        return (
            campaigns.select_related("country")
            .prefetch_related(
                "country__regions", "channels", Prefetch("materials", queryset=materials)
            )
            .order_by("code")
        )


@extend_schema_view(
    list=extend_schema(summary=_("Indicators (names and definitions in the request's language)")),
    retrieve=extend_schema(summary=_("One indicator, by code")),
)
class IndicatorViewSet(ReferenceViewSet):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.order_by("code")
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(summary=_("Age bands, in order")),
    retrieve=extend_schema(summary=_("One age band, by code")),
)
class AgeBandViewSet(ReferenceViewSet):
    serializer_class = AgeBandSerializer
    queryset = AgeBand.objects.all()
    lookup_field = "code"


@extend_schema_view(
    list=extend_schema(summary=_("Organisations you report for (all, for readers of all)")),
    retrieve=extend_schema(summary=_("One organisation")),
)
class OrganisationViewSet(ReferenceViewSet):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        user = self.request.user
        organisations = ReportingOrganisation.objects.all() if sees_everything(user) else (
            organisations_for_reporting(user)
        )  # fmt: skip
        return organisations.prefetch_related("countries").order_by("name")
