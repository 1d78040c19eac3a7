"""The admin's "API token" screen: a user creates or rotates their personal API token.

The key is shown once, in the answer to the POST that made it; later visits only say that a
token exists and since when (a leaked screen then shows nothing usable). Rotating deletes the
old key at once, so a partner system using it gets 401 until given the new one.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin

from .permissions import has_reach_role


class ApiTokenView(TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/reach/api/token.html"
    page_title = _("API token")
    header_icon = "key"
    new_key = None

    def dispatch(self, request, *args, **kwargs):
        if not has_reach_role(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            self.new_key = Token.objects.create(user=request.user).key
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["token"] = Token.objects.filter(user=self.request.user).first()
        context["new_key"] = self.new_key
        context["api_url"] = self.request.build_absolute_uri("/api/v1/")
        return context
