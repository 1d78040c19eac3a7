"""Project-wide middleware."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, minus one surprise: a 404 outside the public site (admin, API...) stays a
    404 instead of redirecting to ``/en/admin/...``, which the public catch-all route matches."""

    UNPREFIXED = ("/admin/", "/api/", "/documents/", "/static/", "/media/", "/sitemap.xml")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            return response
        return super().process_response(request, response)
