"""Words other packages show in our admin without a Dutch or French catalogue of their own.

Django looks a message up in our catalogues (LOCALE_PATHS) before any app's, so listing the
package's exact English here (extracted by ``manage.py makecatalogues``, never imported) lets
French and Dutch readers have it in their language.
"""

from django.utils.translation import gettext_noop

WORDS = (
    # wagtail-modeltranslation's language picker in the page and snippet editors
    # (wagtail_modeltranslation/wagtail_hooks.py, gettext at each request).
    gettext_noop("View / edit fields for"),
)
