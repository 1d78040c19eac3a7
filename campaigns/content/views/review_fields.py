"""What the reviewer's comment screen shows: the fields of an item under review, language by
language, read from the revision's raw data without a query per language or block
(campaigns.content.views.review_comments)."""

import html
import re
from dataclasses import dataclass, field

from django.template.defaultfilters import date as format_date
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock

from campaigns.content.translation_status import status_fields
from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.names import language_name
from campaigns.models import Material

# The fields of a material shown per language, and the key of its language version.
MATERIAL_FIELDS = ("title", "usage_notes")
MATERIAL_SHARED_FIELDS = ("campaign", "material_type")
VERSION_KEY = "versions"
GENERAL_KEY = "general"


# --- What the template gets ---------------------------------------------------------------------


@dataclass
class Line:
    """One line of a value: a label (empty for a plain field) and its text."""

    label: str
    text: object  # a str, or a Chosen resolved after every language was read

    def __str__(self):
        return str(self.text)


@dataclass
class Target:
    """One comment box: a field (or one block of a StreamField) in one language, or shared."""

    key: str  # the contentpath of a page's comment ("title_wo", "body_wo.<block id>")
    label: str
    lines: list[Line]
    language: Language | None = None
    is_block: bool = False
    comments: list = field(default_factory=list)
    draft: str = ""  # what the reviewer wrote, shown again when the form comes back

    @property
    def input_name(self) -> str:
        return f"comment:{self.key}"

    @property
    def is_empty(self) -> bool:
        return not any(str(line).strip() for line in self.lines)

    @property
    def is_plain(self) -> bool:
        return len(self.lines) == 1 and not self.lines[0].label


@dataclass
class Section:
    language: Language | None  # None: the fields shared by every language
    targets: list[Target]

    @property
    def anchor(self) -> str:
        return f"language-{self.language.code}" if self.language else "shared-fields"


# --- Reading values without a query per language ------------------------------------------------


class Chosen:
    """An object chosen in a block or a field (image, document, page, material), shown by its
    title once ``ChosenLoader.load()`` has fetched every one of its model at once."""

    def __init__(self, model, pk):
        self.model = model
        self.pk = pk
        self.obj = None

    def __str__(self):
        if self.obj is not None:
            return str(self.obj)
        return gettext("%(model)s %(pk)s (no longer exists)") % {
            "model": capfirst(self.model._meta.verbose_name),
            "pk": self.pk,
        }


class ChosenLoader:
    def __init__(self):
        self.chosen: list[Chosen] = []

    def add(self, model, pk) -> Chosen | str:
        if pk in (None, ""):
            return ""
        chosen = Chosen(model, pk)
        self.chosen.append(chosen)
        return chosen

    def load(self) -> None:
        """One query per model chosen, for every language and block at once."""
        by_model: dict = {}
        for chosen in self.chosen:
            by_model.setdefault(chosen.model, set()).add(chosen.pk)
        for model, pks in by_model.items():
            found = model._default_manager.in_bulk(pks)
            for chosen in self.chosen:
                if chosen.model is model:
                    chosen.obj = found.get(chosen.pk)


def rich_text_as_text(value) -> str:
    """Rich text as readable plain text: paragraphs and headings on their lines, bullets for
    list items, links reduced to their text (so nothing is looked up)."""
    text = str(getattr(value, "source", value) or "")
    text = re.sub(r"<li\b[^>]*>", "\n• ", text, flags=re.IGNORECASE)
    text = re.sub(r"</(p|h[1-6]|li|ul|ol|blockquote)>|<br\s*/?>", "\n", text, flags=re.IGNORECASE)
    text = html.unescape(strip_tags(text))
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def join_labels(*labels) -> str:
    return " · ".join(str(label) for label in labels if label)


class BlockReader:
    """Labelled lines of text from a block's raw (JSON) value."""

    def __init__(self, loader: ChosenLoader):
        self.loader = loader

    def lines(self, block, raw, label="") -> list[Line]:
        if isinstance(block, ImageBlock):
            if not isinstance(raw, dict):  # stored by an ImageChooserBlock before
                raw = {"image": raw}
            image = block.child_blocks["image"]
            lines = [Line(label, self.loader.add(image.target_model, raw.get("image")))]
            if raw.get("alt_text"):
                alt_label = block.child_blocks["alt_text"].label
                lines.append(Line(join_labels(label, alt_label), raw["alt_text"]))
            return lines
        if isinstance(block, blocks.StructBlock):
            raw = raw if isinstance(raw, dict) else {}
            lines = []
            for name, child in block.child_blocks.items():
                lines += self.lines(child, raw.get(name), join_labels(label, child.label))
            return [line for line in lines if str(line).strip()]
        if isinstance(block, blocks.ListBlock):
            lines = []
            for number, item in enumerate(raw or [], 1):
                if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                    item = item["value"]
                lines += self.lines(block.child_block, item, f"{label} {number}".strip())
            return lines
        if isinstance(block, blocks.StreamBlock):
            lines = []
            for child in raw or []:
                child_block = block.child_blocks.get(child.get("type"))
                if child_block is not None:
                    lines += self.lines(
                        child_block, child.get("value"), join_labels(label, child_block.label)
                    )
            return lines
        if isinstance(block, blocks.RichTextBlock):
            return [Line(label, rich_text_as_text(raw))]
        if isinstance(block, blocks.ChooserBlock):
            return [Line(label, self.loader.add(block.target_model, raw))]
        if isinstance(block, blocks.BooleanBlock):
            return [Line(label, gettext("Yes") if raw else "")]
        return [Line(label, "" if raw is None else str(raw))]


# --- The fields of each kind of item ------------------------------------------------------------


def language_label(language: Language) -> str:
    return f"{language_name(language.code)}, {language.code}"


def field_label(model, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


def shared_content_fields(model) -> list[str]:
    """A page's content panels that are not translated (dates, channels, image, country)."""
    names = []

    def walk(panels):
        for panel in panels:
            if isinstance(panel, FieldPanel):
                model_field = model._meta.get_field(panel.field_name)
                if not isinstance(model_field, TranslationField):
                    names.append(panel.field_name)
            walk(getattr(panel, "children", ()))

    walk(getattr(model, "content_panels", ()))
    return names


def display_value(item, name: str, loader: ChosenLoader) -> str | Chosen:
    model_field = type(item)._meta.get_field(name)
    if model_field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(item, name).all())
    if model_field.is_relation and model_field.is_cached(item):
        return str(getattr(item, name) or "")
    if model_field.is_relation:
        return loader.add(model_field.related_model, getattr(item, model_field.attname))
    if model_field.choices:
        return str(getattr(item, f"get_{name}_display")())
    value = getattr(item, name)
    if value is None:
        return ""
    if hasattr(value, "year"):
        return format_date(value, "DATE_FORMAT")
    return str(value)


def page_sections(page, codes, loader: ChosenLoader) -> list[Section]:
    """Per language, each translated field of the page (a StreamField block by block); then the
    fields every language shares."""
    model = type(page)
    reader = BlockReader(loader)
    sections = []
    for code in codes:
        language = get_language(code)
        targets = []
        for name in status_fields(model):
            column = build_localized_fieldname(name, code)
            model_field = model._meta.get_field(column)
            label = field_label(model, name)
            value = getattr(page, column)
            if isinstance(model_field, StreamField):
                stream_block = model_field.stream_block
                raw_blocks = list(value.raw_data) if value is not None else []
                count = len(raw_blocks)
                summary = ngettext("%d block", "%d blocks", count) % count if count else ""
                targets.append(Target(column, label, [Line("", summary)], language))
                for raw in raw_blocks:
                    child = stream_block.child_blocks.get(raw.get("type"))
                    if child is None or not raw.get("id"):
                        continue
                    targets.append(
                        Target(
                            f"{column}.{raw['id']}",
                            join_labels(label, child.label),
                            reader.lines(child, raw.get("value")),
                            language,
                            is_block=True,
                        )
                    )
            elif isinstance(model_field, RichTextField):
                targets.append(
                    Target(column, label, [Line("", rich_text_as_text(value))], language)
                )
            else:
                targets.append(Target(column, label, [Line("", value or "")], language))
        sections.append(Section(language, targets))
    shared = [
        Target(name, field_label(model, name), [Line("", display_value(page, name, loader))])
        for name in shared_content_fields(model)
    ]
    if shared:
        sections.append(Section(None, shared))
    return sections


def version_lines(version, documents) -> list[Line]:
    lines = []
    if version.document_id:
        document = documents.get(version.document_id)
        label = field_label(type(version), "document")
        lines.append(Line(label, document.title if document else f"#{version.document_id}"))
    if version.embed_url:
        lines.append(Line(field_label(type(version), "embed_url"), version.embed_url))
    if version.text:
        lines.append(Line(field_label(type(version), "text"), version.text))
    return lines


def material_sections(material, codes, loader: ChosenLoader) -> list[Section]:
    """Per language, the material's translated fields and its language version; then the
    fields every language shares."""
    versions = {version.language: version for version in material.versions.all()}
    document_ids = {v.document_id for v in versions.values() if v.document_id}
    documents = get_document_model().objects.in_bulk(document_ids) if document_ids else {}
    version_label = capfirst(str(material.versions.model._meta.verbose_name))
    codes = list(codes) + sorted(code for code in versions if code not in codes)
    sections = []
    for code in codes:
        language = get_language(code)
        targets = [
            Target(
                build_localized_fieldname(name, code),
                field_label(Material, name),
                [Line("", getattr(material, build_localized_fieldname(name, code)) or "")],
                language,
            )
            for name in MATERIAL_FIELDS
        ]
        version = versions.get(code)
        lines = version_lines(version, documents) if version else []
        lines = lines or [Line("", "")]
        targets.append(Target(f"{VERSION_KEY}.{code}", version_label, lines, language))
        sections.append(Section(language, targets))
    shared = [
        Target(name, field_label(Material, name), [Line("", display_value(material, name, loader))])
        for name in MATERIAL_SHARED_FIELDS
    ]
    shared.append(Target(GENERAL_KEY, gettext("The material as a whole"), []))
    sections.append(Section(None, shared))
    return sections
