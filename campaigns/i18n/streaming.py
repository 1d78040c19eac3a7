"""Streamed admin downloads written in the reader's admin language.

Wagtail streams its listings' CSV exports (``StreamingHttpResponse`` over a generator): the rows
and the headings are only written after the view has returned, when Wagtail's
``get_localized_response`` has already left the user's language. A Dutch finance officer's
"Financiers" CSV then started "Name,Short name,..." while the same listing's XLSX said "Naam,Korte
naam". This middleware writes the streamed CSV in the language Wagtail chose for the view.
"""

from django.utils import translation

ADMIN_PREFIX = "/admin/"


def admin_language(user) -> str | None:
    """The language Wagtail renders this user's admin screens in (None: the site's)."""
    if user is None or not user.is_authenticated:
        return None
    profile = getattr(user, "wagtail_userprofile", None)
    return profile.get_preferred_language() if profile else None


def _in_language(chunks, language):
    with translation.override(language):
        yield from chunks


class StreamInAdminLanguageMiddleware:
    """Wraps a streamed CSV from the admin so that it is written in the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.streaming
            and not response.is_async
            and request.path_info.startswith(ADMIN_PREFIX)
            and response.get("Content-Type", "").startswith("text/csv")
            and (language := admin_language(getattr(request, "user", None)))
        ):
            response.streaming_content = _in_language(response.streaming_content, language)
        return response
