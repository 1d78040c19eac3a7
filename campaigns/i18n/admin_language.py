"""The whole admin request in the user's admin language, streamed downloads included.

Wagtail switches to the user's language only around the view itself
(``wagtail.admin.localization.get_localized_response``). Two things happen outside it and came
out in English on a Dutch or French screen:

- its listings' CSV exports are streamed (``StreamingHttpResponse`` over a generator): rows and
  headings are written after the view has returned, so the "Financiers" CSV started "Name,Short
  name,..." while the same listing's XLSX said "Naam,Korte naam";
- a refused request (``PermissionDenied`` from any admin view) becomes Wagtail's message "Sorry,
  you do not have permission to access this area.", written after the language was left.
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


class AdminLanguageMiddleware:
    """Runs an admin request, and writes its streamed CSV, in the user's admin language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None
        if request.path_info.startswith(ADMIN_PREFIX):
            language = admin_language(getattr(request, "user", None))
        if not language:
            return self.get_response(request)
        with translation.override(language):
            response = self.get_response(request)
        if (
            response.streaming
            and not response.is_async
            and response.get("Content-Type", "").startswith("text/csv")
        ):
            response.streaming_content = _in_language(response.streaming_content, language)
        return response
