from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as PagesSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from campaigns.funding import views as funding_views
from campaigns.reporting.views import open_data
from campaigns.site import search
from cms.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # no language prefix: for load balancers
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", include("campaigns.reach.api.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PagesSitemap, "open-data": open_data.OpenDataSitemap}},
        name="sitemap",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("search/", search.search, name="search"),
    path("transparency/<str:country_code>/", funding_views.transparency, name="transparency"),
    path("open-data/", open_data.open_data, name="open_data"),
    path("open-data/<str:fmt>/", open_data.open_data_download, name="open_data_download"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
