"""A content language's name for the person reading: in the active (admin) language, from CLDR.

``Language.name`` is the English name, kept for files and settings (``LANGUAGES``); a screen says
"Frans, Engels" to a Dutch reader and "français, anglais" to a French one.
"""

from django.conf import settings
from django.utils import translation

from campaigns.i18n.languages import get_language


def language_name(code: str) -> str:
    """The language's name in the language now active, e.g. ``language_name("fr")`` -> "Frans"."""
    return get_language(code).name_in(translation.get_language() or settings.LANGUAGE_CODE)
