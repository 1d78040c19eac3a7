"""Admin forms for content models, and the translator's language limit they enforce.

A user limited to some languages (campaigns.content.models.translators.TranslatorLanguages) may
change translated fields in those languages only: text in another language, and every field that is
not translated (dates, channels, image, country, type, campaign, scheduling...), is refused with a
field error. The check runs in the forms' ``clean()``, so it holds for every admin route that saves
through them: editing, saving a draft, submitting, reverting to an old revision.
"""

import re

from babel.lists import format_list
from django import forms
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.blocks.base import BlockWidget
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock

from campaigns.i18n.languages import get_language, to_babel_identifier

BLOCK_KEY = re.compile(r'\sdata-block-key="[^"]*"')
# Fields an inline form adds for itself; changing them changes no text.
FORMSET_HOUSEKEEPING = {"ORDER", "DELETE", "id"}


def localized_field_languages(model) -> dict[str, str]:
    """``{"intro_wo": "wo", "title_fa_af": "fa-af", ...}`` for a model's translated fields."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        build_localized_fieldname(name, code): code
        for name in options.all_fields
        for code, _name in settings.LANGUAGES
    }


def language_name(code: str) -> str:
    """A language's name in the admin's current language, e.g. 'Wolof', 'wolof'."""
    return get_language(code).name_in(translation.get_language() or settings.LANGUAGE_CODE)


def language_list(codes) -> str:
    """'Wolof and French', 'wolof et français': the names joined as the admin's language does."""
    reader = translation.get_language() or settings.LANGUAGE_CODE
    return format_list([language_name(code) for code in codes], locale=to_babel_identifier(reader))


def out_of_scope_message(codes, language: str | None) -> str:
    if language is None:
        return _(
            "You translate into %(languages)s only; this field is not translated, so only an "
            "editor can change it."
        ) % {"languages": language_list(codes)}
    return _("You translate into %(languages)s only; this field is in %(language)s.") % {
        "languages": language_list(codes),
        "language": language_name(language),
    }


# --- Comparing what was posted with what is stored, ignoring what the editor reformats ---------


def normalize_html(html, features=None) -> str:
    """Rich text as Draftail would save it, without its random block keys: text stored by code
    (the demo, an import) and the same text after a round trip through the editor compare equal."""
    # Imported here: the converter loads Wagtail's Page model, and page models import this module.
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features)
    html = str(getattr(html, "source", html) or "")
    return BLOCK_KEY.sub("", converter.to_database_format(converter.from_database_format(html)))


def normalize_text(value) -> str:
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


def normalize_block(block, value):
    """A block's value reduced to what a reader sees: block types, order and normalized text;
    block ids (which a stream gains on its first save through the editor) are left out."""
    if isinstance(block, blocks.StreamBlock):
        return [(child.block_type, normalize_block(child.block, child.value)) for child in value]
    if isinstance(block, blocks.ListBlock):
        return [normalize_block(block.child_block, item) for item in value]
    if isinstance(block, ImageBlock):
        # A StructBlock whose value is the image itself (with its alt text), not a StructValue.
        return block.get_prep_value(value)
    if isinstance(block, blocks.StructBlock):
        return {
            name: normalize_block(child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        return normalize_html(value, block.features)
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return normalize_text(value)
    return block.get_prep_value(value)


def normalized_field_value(model_field, value):
    if isinstance(model_field, StreamField):
        stream_block = model_field.stream_block
        if not isinstance(value, blocks.StreamValue):
            value = stream_block.to_python(value or [])
        return normalize_block(stream_block, value)
    if isinstance(model_field, RichTextField):
        return normalize_html(value, model_field.features)
    return normalize_text(value)


def comparable_value(model_field, value):
    """A field's value (stored, or as the form cleaned it) reduced so that equal content compares
    equal: normalized text, primary keys for related objects."""
    if isinstance(model_field, (StreamField, RichTextField)):
        return normalized_field_value(model_field, value)
    if getattr(model_field, "many_to_many", False):
        return sorted(getattr(item, "pk", item) for item in (value or []))
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str):
        return normalize_text(value)
    return value


def stored_value(model_field, obj):
    return comparable_value(model_field, model_field.value_from_object(obj))


def _same_raw_stream(a, b) -> bool:
    """Two streams still as loaded (no block converted yet) holding the same stored JSON: their
    content is the same, and comparing them this way loads nothing (choosers' objects...)."""
    bound_a, bound_b = getattr(a, "_bound_blocks", None), getattr(b, "_bound_blocks", None)
    if bound_a is None or bound_b is None:
        return False
    if any(item is not None for item in [*bound_a, *bound_b]):
        return False
    return a._raw_data == b._raw_data


def same_stored_content(model_field, before, after) -> bool:
    a, b = model_field.value_from_object(before), model_field.value_from_object(after)
    if isinstance(model_field, StreamField) and _same_raw_stream(a, b):
        return True
    if isinstance(a, str) and a == b:  # the same text normalizes the same
        return True
    return comparable_value(model_field, a) == comparable_value(model_field, b)


def differing_fields(model, names, before, after) -> list[str]:
    """Of the fields ``names``, those whose content differs between two versions of an object."""
    fields = {field.name: field for field in model._meta.get_fields()}
    return [
        name
        for name in names
        if hasattr(fields.get(name), "value_from_object")
        and not same_stored_content(fields[name], before, after)
    ]


def edited_field_names(model) -> list[str]:
    """The fields the admin's edit form of ``model`` changes."""
    if hasattr(model, "get_edit_handler"):
        form_class = model.get_edit_handler().get_form_class()
    else:
        form_class = model.snippet_viewset.get_form_class(for_update=True)
    return list(form_class.base_fields)


def version_key(version) -> tuple:
    return (
        normalize_text(version.text),
        normalize_text(version.embed_url),
        version.document_id,
    )


def versions_by_language(obj) -> dict:
    versions = getattr(obj, "versions", None)
    if versions is None:
        return {}
    return {version.language: version_key(version) for version in versions.all()}


def changes_outside(codes, current, target) -> list[str]:
    """Why replacing ``current`` by ``target`` (an object, or a revision of it) would change
    something outside the languages ``codes``: one message per field or language version;
    empty when it would not. Used for reverts, which bring back a whole old revision."""
    from wagtail.models import Revision

    if isinstance(target, Revision):
        target = target.as_object()
    model = type(current)
    languages = localized_field_languages(model)
    messages = []
    for name in differing_fields(model, edited_field_names(model), current, target):
        language = languages.get(name)
        if language not in codes:
            messages.append(out_of_scope_message(codes, language))
    form_class = (
        model.get_edit_handler().get_form_class() if hasattr(model, "get_edit_handler") else None
    )
    for name in getattr(form_class, "formsets", None) or {}:
        if name not in ("comments", "versions") and inline_rows(current, name) != inline_rows(
            target, name
        ):  # the home's featured campaigns: not translated
            messages.append(_("Not translated: only an editor can change it."))
    before, after = versions_by_language(current), versions_by_language(target)
    for language in sorted(set(before) | set(after)):
        if language not in codes and before.get(language) != after.get(language):
            messages.append(version_out_of_scope_message(codes, language))
    return list(dict.fromkeys(messages))


def version_out_of_scope_message(codes, language) -> str:
    return _("You translate into %(languages)s only; this language version is in %(language)s.") % {
        "languages": language_list(codes),
        "language": language_name(language),
    }


def current_version(instance):
    """What the item is now, as its latest revision has it (``None`` for a new item). An edit
    form's instance is that, except on the revert screens, whose instance is the old revision."""
    if not getattr(instance, "pk", None) or not hasattr(instance, "get_latest_revision_as_object"):
        return None
    stored = type(instance)._default_manager.filter(pk=instance.pk).first()
    return stored.get_latest_revision_as_object() if stored is not None else None


# --- The check -------------------------------------------------------------------------------


class TranslatorScopeMixin:
    """For a ``WagtailAdminModelForm``: refuses a limited translator's changes outside their
    languages (see the module docstring). Unlimited users are not affected."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = self.translator_languages
        if codes is not None:
            self.mark_fields_outside(codes)

    def mark_fields_outside(self, codes):
        """Say on each field a limited translator may not change that they may not, and make
        plain text inputs read-only (a convenience: ``clean()`` is what enforces the limit)."""
        languages = localized_field_languages(self._meta.model)
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        untranslated = _("Not translated: only an editor can change it.")
        # The same for every field (the list of languages is long to format): made once.
        other_language = _("Not in your languages (%(languages)s): you cannot change it.") % {
            "languages": language_list(codes)
        }
        for name, field in self.fields.items():
            language = languages.get(name)
            if language in codes or name not in model_fields:
                continue
            if language is None:
                note = untranslated
            else:
                note = other_language
                if isinstance(field.widget, (forms.TextInput, forms.Textarea)):
                    field.widget.attrs["readonly"] = True
            field.help_text = f"{note} {field.help_text}".strip()

    @property
    def translator_languages(self) -> list[str] | None:
        from campaigns.content.models.translators import translator_language_codes

        return translator_language_codes(getattr(self, "for_user", None))

    def clean(self):
        cleaned_data = super().clean()
        codes = self.translator_languages
        if codes is not None:
            self.refuse_changes_outside(codes)
        return cleaned_data

    def refuse_changes_outside(self, codes):
        model = self._meta.model
        languages = localized_field_languages(model)
        model_fields = {field.name: field for field in model._meta.get_fields()}
        # Reverting: the form starts from an old revision, so what it calls unchanged may
        # differ from the item as it is now; those fields are compared with the item.
        self.current = current_version(self.instance)
        reverted = set()
        if self.current is not None:
            outside = [name for name in self.fields if languages.get(name) not in codes]
            reverted = set(differing_fields(model, outside, self.instance, self.current))
        changed = set(self.changed_data)
        for name in self.fields:
            if name not in changed and name not in reverted:
                continue
            model_field = model_fields.get(name)
            if model_field is None:
                continue  # not stored on the object (e.g. comment notifications)
            language = languages.get(name)  # None: a field that is not translated
            if language in codes:
                continue
            if name in reverted:
                if name in self.cleaned_data and comparable_value(
                    model_field, self.cleaned_data[name]
                ) == stored_value(model_field, self.current):
                    continue  # posted as it is now
            elif language is not None and not self._really_changed(name, model_field):
                continue
            self.add_error(name, out_of_scope_message(codes, language))

    def _really_changed(self, name, model_field) -> bool:
        """Django's ``changed_data`` compares the posted value with the stored one as text;
        rich text and streams come back from the editor reformatted, so compare what a reader
        would see."""
        if name not in self.cleaned_data:
            return True  # invalid: refuse rather than guess
        stored = model_field.value_from_object(self.instance)
        posted = self.cleaned_data[name]
        return normalized_field_value(model_field, stored) != normalized_field_value(
            model_field, posted
        )


# --- Block definitions, packed once per process and language ---------------------------------

# (id of the block, language) -> (the block, its telepath context, its JSON definition)
_PACKED_BLOCKS: dict[tuple[int, str], tuple] = {}


def _forget_packed_blocks(**kwargs):
    """A changed setting (a test's override_settings) may change the definitions: rich text
    features, URLs..."""
    _PACKED_BLOCKS.clear()


setting_changed.connect(_forget_packed_blocks, dispatch_uid="campaigns_content_packed_blocks")


def share_block_definitions(form) -> None:
    """Give the form's StreamField widgets their block definition as packed earlier.

    Wagtail packs a stream's whole block definition (labels, widgets' HTML, chooser URLs) for
    the editor's JavaScript in every form it builds: on a campaign page, with its body in 16
    languages, that was about half of the edit screen's time. The definition depends only on
    the block, which lives as long as the process, and on the active language (the admin's
    labels: Wagtail's views build and render the form in the user's language), so it is packed
    once per block and language. The JSON and media sent are the same as before but for one
    thing: the random ids Wagtail gives the items of a list block's default value (a new FAQ's
    first question) no longer change at each page load; such an id only has to be unique
    within its list, and one page load already gives the same one to every FAQ added.
    Each language's stream has its own block (its own ``blockDefId``): they are not shared."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for field in form.fields.values():
        widget = field.widget
        if type(widget) is not BlockWidget or widget._block_json is not None:
            continue
        key = (id(widget.block_def), language)
        packed = _PACKED_BLOCKS.get(key)
        if packed is None or packed[0] is not widget.block_def:  # new, or an id reused
            widget._build_block_json()
            packed = (widget.block_def, widget._js_context, widget._block_json)
            _PACKED_BLOCKS[key] = packed
        widget._js_context, widget._block_json = packed[1], packed[2]


class MultilingualPageForm(TranslatorScopeMixin, WagtailAdminPageForm):
    """The base form of every page type (``MultilingualPageMixin.base_form_class``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_block_definitions(self)

    def clean(self):
        """A limited translator changes no inline rows either (the home's featured campaigns:
        not translated); comments stay open to them."""
        cleaned_data = super().clean()
        if self.translator_languages is not None:
            current = getattr(self, "current", None)  # reverting: the page as it is now
            for name, formset in getattr(self, "formsets", {}).items():
                if name == "comments":
                    continue
                if formset.has_changed() or (
                    current is not None
                    and inline_rows(self.instance, name) != inline_rows(current, name)
                ):
                    self.add_error(None, _("Not translated: only an editor can change it."))
                    break
        return cleaned_data


def inline_rows(obj, name) -> list[tuple]:
    """The stored values of an object's inline rows (``name``: its child relation), in order,
    without their ids and parent."""
    from modelcluster.fields import ParentalKey

    manager = getattr(obj, name, None)
    if manager is None:
        return []
    return [
        tuple(
            (field.attname, field.value_from_object(child))
            for field in child._meta.concrete_fields
            if not field.primary_key and not isinstance(field, ParentalKey)
        )
        for child in manager.all()
    ]


class MaterialForm(TranslatorScopeMixin, WagtailAdminModelForm):
    """Validates fully even when saving a draft: a material without a language version or a
    version without its file is refused, rather than stored as an incomplete draft.

    A limited translator may add, change or delete only the language versions in their
    languages."""

    def defer_required_fields(self):
        return

    def refuse_changes_outside(self, codes):
        super().refuse_changes_outside(codes)
        versions = self.formsets.get("versions")
        if versions is None:
            return
        refused = set()
        for index, form in enumerate(versions.forms):
            form.full_clean()  # the formset cleans its forms after this one; we need them now
            language = self._version_language_outside(versions, index, form, codes)
            if language is None:
                continue
            refused.add(language)
            message = version_out_of_scope_message(codes, language)
            self.add_error(None, message)
            if not (versions.can_delete and versions._should_delete_form(form)):
                form.add_error("language" if "language" in form.fields else None, message)
        self._refuse_reverted_versions(versions, codes, refused)

    def _refuse_reverted_versions(self, versions, codes, refused):
        """Reverting: versions outside ``codes`` that the old revision has otherwise than the
        item now must be posted as they are now."""
        if self.current is None:
            return
        now = versions_by_language(self.current)
        then = versions_by_language(self.instance)
        reverted = {
            language
            for language in set(now) | set(then)
            if language not in codes
            and language not in refused
            and now.get(language) != then.get(language)
        }
        if not reverted:
            return
        posted = {}
        for form in versions.forms:
            data = getattr(form, "cleaned_data", {}) or {}
            deleted = versions.can_delete and versions._should_delete_form(form)
            if deleted or not data.get("language"):
                continue
            posted[data["language"]] = (
                normalize_text(data.get("text")),
                normalize_text(data.get("embed_url")),
                getattr(data.get("document"), "pk", None),
            )
        for language in sorted(reverted):
            if posted.get(language) != now.get(language):
                self.add_error(None, version_out_of_scope_message(codes, language))

    @staticmethod
    def _version_language_outside(versions, index, form, codes) -> str | None:
        """The language of a version this change touches outside ``codes``, if any."""
        deleted = versions.can_delete and versions._should_delete_form(form)
        posted = form["language"].value() if "language" in form.fields else None
        if index >= versions.initial_form_count():  # a new version
            if deleted or not form.has_changed():
                return None
            return posted if posted not in codes else None
        stored = form.initial.get("language", form.instance.language)
        if deleted:
            return stored if stored not in codes else None
        if not set(form.changed_data) - FORMSET_HOUSEKEEPING:
            return None
        if stored not in codes:
            return stored
        return posted if posted not in codes else None
