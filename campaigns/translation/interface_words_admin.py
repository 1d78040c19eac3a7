"""Settings > Interface words: translators set the public pages' words in their languages.

The index lists the languages the user may translate (a limited translator's only; editors and
administrators every content language but English), with how many words each has. A language's
screen has one row per word: the English, what visitors see while the word is empty (the next
language of their chain, as ``resolve_word`` gives it), and the inputs (one per plural form).
Every row is checked (campaigns.translation.interface_words.check_forms) before anything is
saved; then all rows are saved in one transaction.

Who: the people who may change pages' text (translators, editors, administrators); not funder
reviewers, reporters, M&E or finance officers.
"""

import hashlib
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from campaigns.admin_display import TitledScreenMixin
from campaigns.i18n.interface_words import SOURCE_LANGUAGE, resolve_word
from campaigns.i18n.languages import Language, get_language
from campaigns.translation.interface_words import (
    PublicWord,
    check_forms,
    form_examples,
    may_translate_interface,
    plural_count,
    public_words,
    save_entries,
    stored_words,
    translatable_languages,
)

app_name = "interface_words"


def admin_name(language: Language) -> str:
    """The language's name in the admin's language, then its own where that differs."""
    name = language.name_in(translation.get_language() or SOURCE_LANGUAGE)
    if name.casefold() == language.name_local.casefold():
        return name
    return f"{name} — {language.name_local}"


def visitor_chain(code: str) -> list[str]:
    """What a visitor reading ``code`` sees instead of a missing word: the languages after it
    in the chains of the countries speaking it, then English."""
    from campaigns.models import Country

    chain = []
    for country in Country.objects.all():
        if code in country.language_codes:
            chain += country.fallback_chain(code)[1:]
    chain = [other for other in dict.fromkeys(chain) if other not in (code, SOURCE_LANGUAGE)]
    return [*chain, SOURCE_LANGUAGE]


def word_key(word: PublicWord) -> str:
    return hashlib.sha1(f"{word.context}\x04{word.message}".encode()).hexdigest()[:12]


@dataclass
class Row:
    word: PublicWord
    key: str
    beside: list  # LocalizedText: the singular, and a plural where the word has one
    forms: list[str]
    labels: list[str]
    errors: list[str] = field(default_factory=list)

    @property
    def beside_language(self) -> str:
        code = translation.get_language() or SOURCE_LANGUAGE
        return self.beside[0].language.name_in(code)

    @property
    def long(self) -> bool:
        return len(self.word.message) > 60

    @property
    def inputs(self):
        return [
            (f"w-{self.key}-{index}", label, value)
            for index, (label, value) in enumerate(zip(self.labels, self.forms, strict=True))
        ]


def form_labels(word: PublicWord, code: str) -> list[str]:
    if not word.plural:
        return [""]
    if plural_count(code) == 1:
        return [_("For every number")]
    return [
        _("For %(numbers)s…") % {"numbers": ", ".join(str(number) for number in numbers)}
        for numbers in form_examples(code)[: plural_count(code)]
    ]


class InterfaceWordsAccess:
    def dispatch(self, request, *args, **kwargs):
        if not may_translate_interface(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class IndexView(InterfaceWordsAccess, TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "translation/interface_words/index.html"
    page_title = gettext_lazy("Interface words")
    header_icon = "openquote"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        keys = {word.key for word in public_words()}
        stored = stored_words()
        context["total"] = len(keys)
        context["languages"] = [
            {
                "language": get_language(code),
                "name": admin_name(get_language(code)),
                "translated": len(keys & set(stored.get(code, {}))),
                "url": reverse(f"{app_name}:edit", args=[code]),
            }
            for code in translatable_languages(self.request.user)
        ]
        return context


class EditView(InterfaceWordsAccess, TitledScreenMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "translation/interface_words/edit.html"
    header_icon = "openquote"

    def dispatch(self, request, *args, **kwargs):
        code = kwargs["code"]
        try:
            self.language = get_language(code)
        except ValueError:
            raise Http404 from None
        if self.language.code != code:
            raise Http404
        if may_translate_interface(request.user) and code not in translatable_languages(
            request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return admin_name(self.language)

    def get_parent_breadcrumbs(self):
        return [{"url": reverse(f"{app_name}:index"), "label": _("Interface words")}]

    def rows(self, data=None) -> list[Row]:
        code = self.language.code
        stored = stored_words().get(code, {})
        chain = visitor_chain(code)
        rows = []
        for word in public_words():
            key = word_key(word)
            labels = form_labels(word, code)
            names = [f"w-{key}-{index}" for index in range(len(labels))]
            if data is None or not any(name in data for name in names):
                # A row the form did not send (a word added since it was opened) is kept.
                forms = list(stored.get(word.key, ())) or [""] * len(labels)
            else:
                forms = [data.get(name, "") for name in names]
            context, plural = word.context or None, word.plural or None
            beside = [resolve_word(word.message, chain, context, plural, 1)]
            if plural:
                beside.append(resolve_word(word.message, chain, context, plural, 5))
            rows.append(Row(word, key, beside, forms + [""] * (len(labels) - len(forms)), labels))
        return rows

    def get_context_data(self, rows=None, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = rows if rows is not None else self.rows()
        context.update(
            language=self.language,
            rows=rows,
            errors=sum(1 for row in rows if row.errors),
            next_languages=[admin_name(get_language(c)) for c in visitor_chain(self.language.code)],
        )
        return context

    def post(self, request, *args, **kwargs):
        code = self.language.code
        rows = self.rows(request.POST)
        entries = []
        for row in rows:
            forms, row.errors = check_forms(row.word, code, row.forms)
            entries.append((row.word.message, row.word.context, row.word.plural, forms))
        if any(row.errors for row in rows):
            return self.render_to_response(self.get_context_data(rows=rows))
        with transaction.atomic():
            changed = save_entries(code, entries, request.user)
        messages.success(
            request,
            ngettext(
                "%(language)s: %(count)s word changed.",
                "%(language)s: %(count)s words changed.",
                changed,
            )
            % {"language": admin_name(self.language), "count": changed},
        )
        return redirect(f"{app_name}:edit", code)


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("<str:code>/", EditView.as_view(), name="edit"),
]


class InterfaceWordsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_translate_interface(request.user)
