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

import copy

from django.conf import settings
from django.middleware import csp
from django.utils.csp import CSP, build_policy

ADMIN_PREFIX = "/admin/"
NONCE_PLACEHOLDER = "cms-csp-nonce-placeholder"
_policies: dict[int, tuple[dict, str, str]] = {}


def policy_for(config: dict, nonce) -> str:
    """``build_policy(config, nonce)``, the policy's text built once per config (with a stand-in
    for the nonce): building it was a visible share of a cached page's time. A config changed
    in place (tests) is noticed by comparing it with the copy kept."""
    kept = _policies.get(id(config))
    if kept is None or kept[0] != config:
        with_nonce = build_policy(config, NONCE_PLACEHOLDER)
        kept = (copy.deepcopy(config), with_nonce, build_policy(config))
        _policies[id(config)] = kept
    return kept[1].replace(NONCE_PLACEHOLDER, str(nonce)) if nonce else kept[2]


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    """Django's, with SECURE_CSP_ADMIN for the admin's URLs and for previews: Wagtail renders
    a preview through the middleware again with a made-up request for the page's public URL
    (``is_preview``), and the public policy's ``frame-ancestors 'none'`` would then blank the
    editor's preview panel."""

    def process_response(self, request, response):
        admin = request.path_info.startswith(ADMIN_PREFIX) or getattr(request, "is_preview", False)
        if admin and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        # As Django's, with the policies' text built once (``policy_for``).
        nonce = csp.get_nonce(request)
        sentinel = object()
        if (config := getattr(response, "_csp_config", sentinel)) is sentinel:
            config = settings.SECURE_CSP
        if (report_only := getattr(response, "_csp_ro_config", sentinel)) is sentinel:
            report_only = settings.SECURE_CSP_REPORT_ONLY
        for header, each in ((CSP.HEADER_ENFORCE, config), (CSP.HEADER_REPORT_ONLY, report_only)):
            if each and header not in response:  # a view's own header is kept
                response.headers[str(header)] = policy_for(each, nonce)
        return response
