"""The edit screen a translator needs: which languages a page's or material's editor shows, which
one it opens on, and the source text above each field being translated.

**Languages.** An item is offered in its country's languages plus the site-wide ones
(``offered_language_codes()``; a material: its campaign's; a new page: its parent's). Those keep
their toggles in wagtail-modeltranslation's language picker, in that order; every other content
language is folded under one "Other languages" disclosure, still reachable. The screen opens on
the language a ``?language=<code>`` query asks for (the translation status links there), else on
the one the user last saved this item in (below), else on a limited translator's first language
that the item offers (else their first), else on English.

**Staying on a language after a save.** Wagtail redirects a saved draft back to the bare edit
URL, which would drop ``?language=``. translator_editor.js keeps the language being worked in
(the last one switched on in the picker) in a hidden ``translator_language`` field; the
after-create and after-edit hooks remember it in the session for that item (the last
``REMEMBERED`` items), and the edit screen Wagtail redirects to opens there. A form shown again
with its errors opens on the posted language.

**Source text.** Above each translated field in a language being edited (a translator's own
languages, else the offered ones but English, and the asked one), the text it is translated from,
read-only.
campaigns.translation.units decides which (the country's first language with text, else English;
never the field's own language), so the editor, the PO files and the stale flags agree. Rich text
is shown rendered, plain text as text, each marked with its ``lang`` and ``dir``.

**Where.** Rendered on the server: the admin's field panel template
(campaigns/templates/wagtailadmin/panels/field_panel.html) asks ``source_box`` for its field; the
first translated field of a form also carries the screen's languages as JSON for
campaigns/static/campaigns/editor/translator_editor.js, which only re-arranges the picker.

Nothing here grants anything: what a limited translator may change is checked by the forms
(campaigns.content.forms.TranslatorScopeMixin), whatever the screen shows.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html, json_script, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import Whitelister

from campaigns.content.forms import language_name
from campaigns.content.models.countries import content_language_codes
from campaigns.content.models.translators import translator_language_codes
from campaigns.i18n.languages import get_language
from campaigns.i18n.localization import translated_fields
from campaigns.translation import units

CONFIG_ID = "translator-editor-languages"
QUERY_PARAMETER = "language"
FORM_FIELD = "translator_language"  # the hidden field translator_editor.js keeps
SESSION_KEY = "translator_editor_languages"  # {"<app>.<model>:<pk>": code}
REMEMBERED = 20


# --- Languages -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditorLanguages:
    offered: list[str]  # toggles shown, in the item's order
    folded: list[str]  # every other content language, under "Other languages"
    opening: str  # the language the screen opens on
    editing: list[str]  # languages whose fields get their source text above them

    def as_config(self) -> dict:
        """What translator_editor.js reads."""
        codes = self.offered + self.folded
        return {
            "offered": self.offered,
            "folded": self.folded,
            "opening": self.opening,
            "names": {code: language_name(code) for code in codes},
            "otherLanguages": _("Other languages"),
        }


def offered_languages(obj, parent=None) -> list[str]:
    """The item's languages in its own order; a new page's are its parent's."""
    known = content_language_codes()
    offered = getattr(obj, "offered_language_codes", None)
    codes = offered() if offered else known
    if getattr(obj, "pk", None) is None and parent is not None and codes == known:
        parent_offered = getattr(parent.specific, "offered_language_codes", None)
        codes = parent_offered() if parent_offered else codes
    return [code for code in codes if code in known]


def requested_language(request) -> str | None:
    """The content language ``?language=`` asks for; anything else is ignored."""
    code = request.GET.get(QUERY_PARAMETER, "").strip().lower() if request is not None else ""
    return code if code in content_language_codes() else None


def _content_language(value) -> str | None:
    code = value.strip().lower() if isinstance(value, str) else ""
    return code if code in content_language_codes() else None


def _item_key(obj) -> str:
    return f"{obj._meta.label_lower}:{obj.pk}"


def asked_language(request, obj) -> str | None:
    """The language the screen is asked to open on: ``?language=``, else the one a form shown
    again with its errors was posted in, else the one this item was last saved in."""
    if request is None:
        return None
    code = requested_language(request)
    if code is None and request.method == "POST":
        code = _content_language(request.POST.get(FORM_FIELD))
    session = getattr(request, "session", None)
    if code is None and session is not None and getattr(obj, "pk", None) is not None:
        code = _content_language(session.get(SESSION_KEY, {}).get(_item_key(obj)))
    return code


def remember_language(request, obj) -> None:
    """After-create and after-edit hooks: the language the saved form was in, for the edit
    screen Wagtail redirects to. Returns nothing, so Wagtail's own response stands."""
    code = _content_language(request.POST.get(FORM_FIELD))
    session = getattr(request, "session", None)
    if code is None or session is None or not hasattr(obj, "offered_language_codes"):
        return None
    remembered = dict(session.get(SESSION_KEY, {}))
    remembered.pop(_item_key(obj), None)
    remembered[_item_key(obj)] = code
    session[SESSION_KEY] = dict(list(remembered.items())[-REMEMBERED:])
    return None


def editor_languages(obj, user=None, requested: str | None = None, parent=None):
    """The languages ``user``'s edit screen of ``obj`` shows, folds and opens on (see the
    module's docstring); ``parent``: a new page's."""
    offered = offered_languages(obj, parent)
    folded = [code for code in content_language_codes() if code not in offered]
    own = translator_language_codes(user)  # None: not limited
    if requested:
        opening = requested
    elif own:
        opening = next((code for code in own if code in offered), own[0])
    else:
        opening = settings.LANGUAGE_CODE
    # An editor writes the site's default language itself: no source above it unless asked.
    editing = list(own) if own else [code for code in offered if code != settings.LANGUAGE_CODE]
    if requested and requested not in editing:
        editing.append(requested)
    return EditorLanguages(offered, folded, opening, editing)


# --- Source text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceText:
    """The text a field is translated from: one text for a whole field, one per block text for a
    StreamField (``stream``)."""

    language: str
    texts: list[tuple[str, bool]] = field(default_factory=list)  # (text, rich)
    stream: bool = False


def source_texts(obj, languages) -> dict[tuple[str, str], SourceText]:
    """``{(field, target language): SourceText}`` for the item's current revision."""
    if getattr(obj, "pk", None) is None:
        return {}  # a new item has nothing to translate yet
    current = units.current(obj)  # read once: units() would read the revision per language
    found: dict[tuple[str, str], SourceText] = {}
    for language in languages:
        for unit in units.units(current, language):
            if unit.source_language == language:
                continue  # a site-wide page's English: nothing to translate it from
            key = (unit.field, language)
            text = found.setdefault(key, SourceText(unit.source_language, [], bool(unit.block)))
            text.texts.append((unit.source, unit.rich))
    return found


def localized_names(model) -> dict[str, tuple[str, str]]:
    """``{"objective_wo": ("objective", "wo"), ...}`` for a model's translated fields."""
    return {
        build_localized_fieldname(name, code): (name, code)
        for name in translated_fields(model)
        for code in content_language_codes()
    }


# --- On the edit screen --------------------------------------------------------------------------


class EditorState:
    """What one edit form's screen needs, worked out once per form (its panels ask per field)."""

    def __init__(self, form, request):
        instance = form.instance
        user = getattr(request, "user", None) or getattr(form, "for_user", None)
        self.languages = editor_languages(
            instance, user, asked_language(request, instance), getattr(form, "parent_page", None)
        )
        self.names = localized_names(type(instance))
        self.sources = source_texts(instance, self.languages.editing)
        self.config_rendered = False

    def box(self, field_name: str) -> str:
        base, language = self.names.get(field_name, (None, None))
        source = self.sources.get((base, language)) if base else None
        parts = []
        if base and not self.config_rendered:
            self.config_rendered = True
            parts.append(json_script(self.languages.as_config(), CONFIG_ID))
        if source is not None:
            parts.append(render_source(source, field_name))
        return mark_safe("".join(parts))


def is_edited_with_languages(form) -> bool:
    """Pages, materials and countries: items with an offer of languages. Inline rows (a
    material's versions, a country's regions) are left alone."""
    return form is not None and hasattr(form.instance, "offered_language_codes")


def source_box(bound_panel) -> str:
    """The HTML a field panel shows above its field (``""`` for most fields)."""
    form = getattr(bound_panel, "form", None)
    if not is_edited_with_languages(form) or bound_panel.field_name not in form.fields:
        return ""
    state = getattr(form, "_translator_editor", None)
    if state is None:
        state = form._translator_editor = EditorState(form, getattr(bound_panel, "request", None))
    return state.box(bound_panel.field_name)


def render_source(source: SourceText, field_name: str) -> str:
    language = get_language(source.language)
    return render_to_string(
        "campaigns/admin/translator_source.html",
        {
            "id": f"{field_name}-source",
            "label": _("Source (%(language)s)") % {"language": language_name(source.language)},
            "lang": language.code,
            "dir": language.direction,
            "stream": source.stream,
            "texts": [as_html(text, rich) for text, rich in source.texts],
        },
    )


def as_html(text: str, rich: bool) -> str:
    """Rich text as a reader sees it (links resolved), cleaned again with Wagtail's whitelist:
    the admin shows it to people with more rights than whoever wrote it (an import, the API);
    plain text escaped, its lines kept."""
    if rich:
        return mark_safe(Whitelister().clean(expand_db_html(text)))
    return mark_safe(linebreaks(text, autoescape=True))


def editor_media() -> str:
    """For the ``insert_editor_js`` hook: after wagtail-modeltranslation's own (registered
    first), so the script can tell its picker where to open before the picker is built."""
    return format_html(
        '<script src="{}"></script><link rel="stylesheet" href="{}">',
        static("campaigns/editor/translator_editor.js"),
        static("campaigns/editor/translator_editor.css"),
    )


def register() -> None:
    """Called once by campaigns/wagtail_hooks.py."""
    from wagtail import hooks

    hooks.register("insert_editor_js", editor_media)
    for action in ("create", "edit"):
        hooks.register(f"after_{action}_page", remember_language)
        hooks.register(f"after_{action}_snippet", remember_language)
