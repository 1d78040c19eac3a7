"""/api/v1/: reach reports and the reference data partner systems need; schema at schema/."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from .reference import AgeBandViewSet, CampaignViewSet, IndicatorViewSet, OrganisationViewSet
from .reports import ReportViewSet

router = DefaultRouter()
router.register("campaigns", CampaignViewSet, basename="reach-campaign")
router.register("indicators", IndicatorViewSet, basename="reach-indicator")
router.register("age-bands", AgeBandViewSet, basename="reach-age-band")
router.register("organisations", OrganisationViewSet, basename="reach-organisation")
router.register("reports", ReportViewSet, basename="reach-report")


def not_found(request, path=""):
    """Unknown addresses under /api/v1/ answer JSON too."""
    message = _("No such address in the API; see /api/v1/schema/.")
    error = {"field": None, "value": None, "message": message, "code": "not_found"}
    return JsonResponse({"detail": message, "errors": [error]}, status=404)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include(router.urls)),
    re_path(r"^(?P<path>.*)$", not_found),
]
