"""Content-Security-Policy with Django's own middleware: one policy for the public site, a
looser one for the Wagtail admin (settings SECURE_CSP and SECURE_CSP_ADMIN, cms/settings/base.py).

The public site runs no JavaScript at all, so its policy allows no script; its few inline
``<style>`` elements carry the request's nonce (``nonce="{{ csp_nonce }}"``) or are allowed by
their hash (the charts' fixed style, the 500 page's). The admin cannot be held to that: Wagtail
writes inline ``<script>`` elements without a nonce (date pickers, inline panels) and inline
styles everywhere, so the admin keeps ``'unsafe-inline'`` for script elements and styles (but
no event-handler attributes: ``script-src-attr 'none'``), and everything else the public policy
has: nothing from another host, no plugins, no ``<base>`` elsewhere, forms only to this site,
framed only by itself (the preview). A nonce in the admin policy would
make browsers ignore its ``'unsafe-inline'`` and break those panels.
"""

from django.conf import settings
from django.middleware import csp

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with SECURE_CSP_ADMIN for the admin's URLs and for previews: Wagtail renders
    a preview through the middleware again with a made-up request for the page's public URL
    (``is_preview``), and the public policy's ``frame-ancestors 'none'`` would then blank the
    editor's preview panel."""

    def process_response(self, request, response):
        admin = request.path_info.startswith(ADMIN_PREFIX) or getattr(request, "is_preview", False)
        if admin and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return super().process_response(request, response)
