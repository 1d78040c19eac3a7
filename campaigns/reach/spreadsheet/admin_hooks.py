"""Admin URLs and Reach menu items of the spreadsheet import (campaigns.wagtail_hooks calls
``register()``)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .views import NAMESPACE, may_import

urlpatterns = [
    path("", views.ImportListView.as_view(), name="index"),
    path("template/", views.TemplateDownloadView.as_view(), name="template"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.ImportResultView.as_view(), name="result"),
    path(
        "<int:pk>/problems.<str:file_format>",
        views.RowReportView.as_view(),
        name="row_report",
    ),
    path("<int:pk>/submit/", views.SubmitImportedView.as_view(), name="submit"),
    path("<int:pk>/retry/", views.RetryImportView.as_view(), name="retry"),
]


def register_spreadsheet_urls():
    return [path("reach/spreadsheet/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


def register_import_menu_item():
    return ImportMenuItem(
        _("Import spreadsheet"), reverse(f"{NAMESPACE}:index"), icon_name="upload", order=300
    )


def register() -> None:
    hooks.register("register_admin_urls", register_spreadsheet_urls)
    hooks.register("register_reach_menu_item", register_import_menu_item)
