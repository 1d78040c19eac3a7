"""Interface words set in the CMS: the list of the public pages' words, the word source that
reads the translators' ``InterfaceWord`` rows before the gettext catalogues, and the checks and
saving shared by the admin screen (interface_words_admin) and the PO import.

The words: every msgid of a ``{% ui %}``/``{% blockui %}`` in the templates (extracted the way
``makecatalogues`` does, with Babel, once per process), the material types and the site's default
name (resolved with ``resolve_word`` in Python).

The source must not cost a query per word: every language's rows are read in one query, kept in
the Django cache (``CACHE_SECONDS``: another process's local-memory cache follows a change
within that time) and, within a request, in memory. Saving or deleting a word forgets both;
words read in a transaction that changed some, before its commit, are cached apart.
"""

import gettext as gnu_gettext
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path

from asgiref.local import Local
from babel.messages.extract import extract
from babel.messages.plurals import get_plural
from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.signals import request_started
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation.template import templatize

from campaigns.i18n.interface_words import SOURCE_LANGUAGE, add_word_source, as_gettext_tags
from campaigns.i18n.languages import to_babel_identifier
from campaigns.translation.models import InterfaceWord

CACHE_KEY = "campaigns:interface-words"
CACHE_VERSION = 1  # bump when the cached value's shape changes
CACHE_SECONDS = 300
TEMPLATE_DIRS = ("campaigns/templates", "cms/templates")

# --- The public pages' words ----------------------------------------------------------------


@dataclass(frozen=True)
class PublicWord:
    message: str
    context: str = ""
    plural: str = ""
    places: tuple[str, ...] = ()  # the templates (or Python) that show it

    @property
    def key(self) -> tuple[str, str]:
        return (self.message, self.context)


_UI_TAG = re.compile(r"\{%\s*(ui|blockui)\s")
# Django's own translate tags are the admin's words: blanked before ui becomes translate.
_GETTEXT_TAGS = re.compile(
    r"\{%(\s*)(translate|trans|blocktranslate|blocktrans|endblocktranslate|endblocktrans)\b"
)


def template_words(text: str, origin: str = ""):
    """(message, context, plural) of each ``{% ui %}``/``{% blockui %}`` of a template."""
    from campaigns.management.commands.makecatalogues import KEYWORDS

    text = as_gettext_tags(_GETTEXT_TAGS.sub(r"{%\1off_\2", text))
    code = "\n".join(line.strip() for line in templatize(text, origin=origin).splitlines())
    options = {"encoding": "utf-8"}
    for _line, message, _comments, context in extract(
        "python", BytesIO(code.encode("utf-8")), keywords=KEYWORDS, options=options
    ):
        singular, plural = message if isinstance(message, tuple) else (message, "")
        yield singular, context or "", plural or ""


def python_words():
    """Words the public pages resolve in Python (campaign_tags.material_type, site_identity)."""
    from campaigns.content.models.materials import MaterialType
    from campaigns.content.site_identity import DEFAULT_NAME

    with translation.override(SOURCE_LANGUAGE):
        labels = [str(label) for label in MaterialType.labels]
    yield DEFAULT_NAME, gettext_lazy("The site's name")
    for label in labels:
        yield label, gettext_lazy("Material type")


@cache
def public_words() -> tuple[PublicWord, ...]:
    """Every public interface word, in alphabetical order (read once per process)."""
    root = Path(settings.BASE_DIR)
    found: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for folder in TEMPLATE_DIRS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in {".html", ".txt"}:
                continue
            text = path.read_text(encoding="utf-8")
            if not _UI_TAG.search(text):
                continue
            name = str(path.relative_to(root / folder))
            for message, context, plural in template_words(text, str(path)):
                entry = found.setdefault((message, context), (plural, []))
                if name not in entry[1]:
                    entry[1].append(name)
    for message, place in python_words():
        found.setdefault((message, ""), ("", []))[1].append(place)
    words = [
        PublicWord(message, context, plural, tuple(places))
        for (message, context), (plural, places) in found.items()
    ]
    return tuple(sorted(words, key=lambda word: (word.message.casefold(), word.context)))


@cache
def _words_by_key() -> dict[tuple[str, str], PublicWord]:
    return {word.key: word for word in public_words()}


def public_word(message: str, context: str | None = "") -> PublicWord | None:
    return _words_by_key().get((message, context or ""))


# --- Plural forms: gettext's rule for each language (as in its catalogue) ------------------------


@cache
def plural_rule(code: str):
    """(number of forms, function number -> form index) of gettext for ``code`` (CLDR)."""
    rule = get_plural(to_babel_identifier(code))
    return rule.num_plurals, gnu_gettext.c2py(rule.plural_expr)


def plural_count(code: str) -> int:
    return plural_rule(code)[0]


def plural_index(code: str, number) -> int:
    return plural_rule(code)[1](int(number))


def form_examples(code: str, limit: int = 4) -> list[list[int]]:
    """Numbers that take each plural form, e.g. Arabic's [[0], [1], [2], [3, 4, 5, 6]...]."""
    count, rule = plural_rule(code)
    examples: list[list[int]] = [[] for _index in range(count)]
    for number in [*range(0, 1000), 1_000_000, 2_000_000]:
        index = rule(number)
        if 0 <= index < count and len(examples[index]) < limit:
            examples[index].append(number)
    return examples


# --- The word source, read before the catalogues -----------------------------------------------

_memo = Local()  # this request's copy of the cached words: (cache key, words)


def _cache_key() -> str:
    """The shared key; inside a transaction that has changed words and not committed yet, a key
    of its own, so that a rollback leaves no uncommitted word in the shared cache."""
    changed_in = getattr(connection, "_interface_words_changed_in", None)
    if connection.in_atomic_block and changed_in is not None:
        outermost = connection.atomic_blocks[0]
        if changed_in() is outermost:
            return f"{CACHE_KEY}:transaction:{id(outermost)}"
    return CACHE_KEY


def stored_words() -> dict[str, dict[tuple[str, str], tuple[str, ...]]]:
    """{language: {(message, context): forms}}: one query when the cache is empty, none after."""
    key = _cache_key()
    memo = getattr(_memo, "words", None)
    if memo is not None and memo[0] == key:
        return memo[1]
    words = django_cache.get(key, version=CACHE_VERSION)
    if words is None:
        words = {}
        rows = InterfaceWord.objects.values_list("language", "message", "context", "forms")
        for language, message, context, forms in rows:
            if isinstance(forms, list) and any(forms):
                words.setdefault(language, {})[(message, context)] = tuple(forms)
        django_cache.set(key, words, CACHE_SECONDS, version=CACHE_VERSION)
    _memo.words = (key, words)
    return words


def forget_words(**_kwargs) -> None:
    """Drop the cached words (and the site identity, whose default name is one of them)."""
    from campaigns.content import site_identity

    _memo.words = None
    django_cache.delete_many({CACHE_KEY, _cache_key()}, version=CACHE_VERSION)
    site_identity.forget()


def _committed() -> None:
    connection._interface_words_changed_in = None
    forget_words()


def _word_changed(**_kwargs) -> None:
    if connection.in_atomic_block:
        connection._interface_words_changed_in = weakref.ref(connection.atomic_blocks[0])
        transaction.on_commit(_committed)  # a reader may have cached the rows before the commit
    forget_words()


def _new_request(**_kwargs) -> None:
    _memo.words = None  # read the shared cache again: another process may have changed a word


def cms_word(code, message, context=None, plural=None, number=1) -> str | None:
    """``message`` in ``code`` as a translator set it in the admin, or None."""
    forms = stored_words().get(code, {}).get((message, context or ""))
    if not forms:
        return None
    if not plural:
        return forms[0] or None
    index = plural_index(code, number)
    return (forms[index] if 0 <= index < len(forms) else "") or None


def connect() -> None:
    """Put the source in front of the catalogues and keep its cache true (apps.ready)."""
    add_word_source(cms_word)
    post_save.connect(_word_changed, sender=InterfaceWord, dispatch_uid="iw-save")
    post_delete.connect(_word_changed, sender=InterfaceWord, dispatch_uid="iw-delete")
    request_started.connect(_new_request, dispatch_uid="interface-words-request")


# --- Checks of a translation --------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
_TAG = re.compile(r"<[^>]*>")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def max_length(source: str) -> int:
    return max(4 * len(source), len(source) + 80)


def check_text(source: str, text: str) -> list[str]:
    """What is wrong with ``text`` as a translation of ``source``; [] when it may be saved."""
    errors = []
    wanted, given = placeholders(source), placeholders(text)
    if wanted != given:
        errors.append(
            _("Keep the placeholders exactly as in the English: %(wanted)s (here: %(given)s).")
            % {
                "wanted": ", ".join(f"%({name})s" for name in wanted) or _("none"),
                "given": ", ".join(f"%({name})s" for name in given) or _("none"),
            }
        )
    else:
        try:
            text % dict.fromkeys(wanted, "")
        except (KeyError, ValueError, TypeError):
            errors.append(
                _("Write a percent sign as %(sign)s: one alone breaks the sentence.")
                % {"sign": "%%"}
            )
    # The source's own tags, exactly, and no other "<" or ">": a tag left open ("<img src=x
    # onerror=..." up to the template's next ">") is no complete tag, but a browser reads one.
    bare, source_bare = _TAG.sub("", text), _TAG.sub("", source)
    stray = any(bare.count(sign) > source_bare.count(sign) for sign in "<>")
    if sorted(_TAG.findall(text)) != sorted(_TAG.findall(source)) or stray:
        if _TAG.search(source):
            errors.append(_("Keep the HTML tags exactly as in the English."))
        else:
            errors.append(_("No HTML here: the English has none."))
    if _CONTROL.search(text):
        errors.append(_("Remove the control characters."))
    limit = max_length(source)
    if len(text) > limit:
        errors.append(
            ngettext(
                "Too long: at most %(limit)s character for this word.",
                "Too long: at most %(limit)s characters for this word.",
                limit,
            )
            % {"limit": limit}
        )
    return errors


def check_forms(word: PublicWord, code: str, forms: list[str]) -> tuple[list[str], list[str]]:
    """(cleaned forms, errors): one form, or the language's number of plural forms; no form, or
    all empty, means "no translation"."""
    forms = [(form or "").strip() for form in forms]
    if not any(forms):
        return [], []
    wanted = plural_count(code) if word.plural else 1
    if len(forms) != wanted:
        return forms, [
            ngettext("Give %(count)s form.", "Give %(count)s forms.", wanted) % {"count": wanted}
        ]
    if not all(forms):
        return forms, [_("Fill in every form, or none.")]
    errors = []
    for form in forms:
        # Each form follows the singular or the plural (a language with one form, or French's
        # form for 0 and 1, may say the count the singular leaves out).
        source = word.message
        if word.plural and placeholders(form) != placeholders(word.message):
            source = word.plural
        for error in check_text(source, form):
            if error not in errors:
                errors.append(error)
    return forms, errors


# --- Who translates which language --------------------------------------------------------------


def may_translate_interface(user) -> bool:
    """Translators, editors, administrators: the people who may change pages' text."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or PagePermissionPolicy().user_has_permission(user, "change")


def translatable_languages(user) -> list[str]:
    """The languages ``user`` may set words in: a limited translator's, else every content
    language but English (the words' own language)."""
    from campaigns.content.models.countries import content_language_codes
    from campaigns.content.models.translators import translator_language_codes

    if not may_translate_interface(user):
        return []
    limited = translator_language_codes(user)
    codes = content_language_codes() if limited is None else limited
    return [code for code in codes if code != SOURCE_LANGUAGE]


# --- For the PO export and import ---------------------------------------------------------------


def catalog_entries(language: str) -> list[tuple[str, str, str, list[str]]]:
    """(message, context, plural, forms) of every public word: the CMS translation in
    ``language``, or empty forms."""
    rows = {
        (row.message, row.context): list(row.forms or [])
        for row in InterfaceWord.objects.filter(language=language)
    }
    return [
        (word.message, word.context, word.plural, rows.get(word.key, [])) for word in public_words()
    ]


def save_entries(language: str, entries: Iterable, user=None) -> int:
    """Save (message, context, plural, forms) entries in ``language`` in one transaction (inside
    the caller's); empty forms delete the translation. Every entry is checked first: any error
    raises ValidationError and nothing is saved. Returns the number of words changed."""
    if user is not None and language not in translatable_languages(user):
        raise PermissionDenied
    if language == SOURCE_LANGUAGE or language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Not a language whose interface words can be set: %(code)s."),
                              params={"code": language})  # fmt: skip
    words = _words_by_key()
    cleaned, errors = {}, []
    for message, context, _plural, forms in entries:
        word = words.get((message, context or ""))
        if word is None:
            errors.append(
                _("“%(message)s” is not a word of the public pages.") % {"message": message}
            )
            continue
        forms, problems = check_forms(word, language, list(forms or []))
        errors += [f"“{message}”: {problem}" for problem in problems]
        cleaned[word.key] = (word, forms)
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        existing = {
            (row.message, row.context): row
            for row in InterfaceWord.objects.select_for_update().filter(language=language)
        }
        for key, (word, forms) in cleaned.items():
            row = existing.get(key)
            if not any(forms):
                if row is not None:
                    row.delete()
                    changed += 1
                continue
            if row is not None and row.forms == forms and row.plural == word.plural:
                continue
            row = row or InterfaceWord(language=language, message=word.message,
                                       context=word.context)  # fmt: skip
            row.plural, row.forms, row.updated_by = word.plural, forms, user
            row.save()
            changed += 1
    return changed
