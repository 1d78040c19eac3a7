"""Comments on fields, from the reviewer's queue, for reviewers who may not open the editor.

Wagtail's field comments live in the page editor, which funder reviewers never get (their task,
``campaigns.models.review.ReviewTask``, refuses them the editor). This screen shows the revision
under review (``task_state.revision``) read-only, field by field and language by language, with a
comment box beside each field, under exactly the rule of the queue's preview and compare views
(``review_queue.ReviewTaskStateMixin``: the task is in progress and the user can act on it).

* **Pages**: each comment becomes one of Wagtail's own comments (``wagtail.models.Comment``) on
  the field's translated column (``contentpath`` ``"objective_wo"``), or on one block of a
  StreamField (``"body_wo.<block id>"``), created on the revision under review. The editor finds
  it in the editor's comments side panel like a comment made there, and replies to it or resolves
  it there. What Wagtail's editor does when a comment is added is done here too: a
  ``wagtail.comments.create`` entry in the page's history, and the "updated comments" email to
  the page's comment subscribers (``PageSubscription.comment_notifications``). The open comments
  of each field show beside it, with their replies.
* **Materials** (snippets) have no field comments in Wagtail. Their comments are gathered into one
  text, field by field ("Title (Wolof, wo): ..."), posted with the reviewer's decision through
  the task's own ``on_action``: "Request changes with these comments" (the editor reads them as the
  reason, in the material's workflow history and in the email) or "Approve with these comments".
  Nothing new is stored. Earlier review comments on the material show at the top.

Values are read from the revision's raw data: StreamField blocks are shown as labelled text
(rich text as plain text, chosen images, documents, pages and materials by title, loaded once
per model for all languages), so the screen runs a fixed number of queries whatever the number
of languages and blocks.
"""

import html
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.template.defaultfilters import date as format_date
from django.urls import path, reverse
from django.utils.html import strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import send_notification
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Comment, CommentReply, Page, PageSubscription, TaskState

from campaigns.languages import Language, get_language
from campaigns.models import Material
from campaigns.translation_status import status_fields
from campaigns.views import review_queue
from campaigns.views.review_queue import ReviewTaskStateMixin, offered_codes

app_name = "campaigns_review_comments"

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
    return f"{language.name}, {language.code}"


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


# --- The view -----------------------------------------------------------------------------------


class ReviewCommentsView(ReviewTaskStateMixin, WagtailAdminTemplateMixin, TemplateView):
    """The revision under review, field by field, with a comment box beside each field."""

    template_name = "campaigns/admin/review_comments.html"
    header_icon = "comment"
    page_title = _("Comment on fields")
    http_method_names = ["get", "post"]

    # --- what is shown

    @property
    def is_page(self) -> bool:
        return isinstance(self.object, Page)

    def get_sections(self) -> list[Section]:
        revision = self.task_state.revision
        if self.is_page:
            item = revision.as_object()
        else:
            # Without modelcluster's check of every foreign key (a query per language version):
            # a version's file no longer there shows as its number.
            item = type(self.object).from_serializable_data(revision.content, check_fks=False)
            item.pk = self.object.pk
        codes = offered_codes(item)
        loader = ChosenLoader()
        if self.is_page:
            sections = page_sections(item, codes, loader)
        else:
            sections = material_sections(item, codes, loader)
        loader.load()
        return sections

    def targets(self, sections) -> dict[str, Target]:
        return {target.key: target for section in sections for target in section.targets}

    def open_comments(self) -> list:
        """The page's open comments, with their authors and replies (three queries)."""
        if not self.is_page:
            return []
        replies = CommentReply.objects.select_related("user").order_by("created_at", "pk")
        return list(
            Comment.objects.filter(page_id=self.object.pk, resolved_at__isnull=True)
            .select_related("user")
            .prefetch_related(Prefetch("replies", queryset=replies))
            .order_by("created_at", "pk")
        )

    def earlier_review_comments(self) -> list[TaskState]:
        """Materials: what reviewers wrote before, on this material's earlier tasks."""
        if self.is_page:
            return []
        return list(
            TaskState.objects.filter(
                workflow_state__base_content_type=ContentType.objects.get_for_model(Material),
                workflow_state__object_id=str(self.object.pk),
            )
            .exclude(comment="")
            .exclude(pk=self.task_state.pk)
            .select_related("finished_by", "task")
            .order_by("-finished_at", "-pk")[:10]
        )

    def get_page_subtitle(self):
        return self.task_state.revision.object_str or str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{review_queue.app_name}:index"), "label": _("Reviewer's queue")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, sections=None, drafts=None, **kwargs):
        context = super().get_context_data(**kwargs)
        sections = sections if sections is not None else self.get_sections()
        targets = self.targets(sections)
        other_comments = []
        for comment in self.open_comments():
            target = targets.get(comment.contentpath)
            if target is None:  # a field not shown here, or a block since removed
                other_comments.append(comment)
            else:
                target.comments.append(comment)
        for key, text in (drafts or {}).items():
            if key in targets:
                targets[key].draft = text
        queue_url = reverse(f"{review_queue.app_name}:index")
        action_names = self.action_names()
        context.update(
            {
                "task_state": self.task_state,
                "task": self.task,
                "item": self.object,
                "is_page": self.is_page,
                "sections": sections,
                "languages": [section.language for section in sections if section.language],
                "has_shared": any(section.language is None for section in sections),
                "other_comments": other_comments,
                "earlier_comments": self.earlier_review_comments(),
                "submitted_by": self.task_state.workflow_state.requested_by,
                "queue_url": queue_url,
                "preview_url": reverse(
                    f"{review_queue.app_name}:preview", args=[self.task_state.pk]
                ),
                "can_reject": "reject" in action_names,
                "can_approve": "approve" in action_names,
                "edit_url": AdminURLFinder(self.request.user).get_edit_url(self.object),
            }
        )
        return context

    def action_names(self) -> set[str]:
        return {
            name for name, _label, _modal in self.task.get_actions(self.object, self.request.user)
        }

    # --- what is posted

    def post(self, request, *args, **kwargs):
        sections = self.get_sections()
        targets = self.targets(sections)
        drafts = {}
        for key in targets:
            text = request.POST.get(f"comment:{key}", "").strip()
            if text:
                drafts[key] = text
        if not drafts:
            messages.error(request, _("Write a comment beside at least one field."))
            return self.render_to_response(self.get_context_data(sections=sections))
        if self.is_page:
            return self.post_page_comments(targets, drafts)
        return self.post_material_comments(targets, drafts, sections)

    def post_page_comments(self, targets, drafts):
        revision = self.task_state.revision
        user = self.request.user
        page = self.object
        comments = []
        for key, text in drafts.items():
            comment = Comment(
                page=page,
                user=user,
                text=text,
                contentpath=key,
                position="",
                revision_created=revision,
            )
            comment.save()
            comment.log_create(page_revision=revision, user=user)
            comments.append(comment)
        notify_comment_subscribers(page, user, comments)
        count = len(comments)
        message = ngettext(
            "%(count)d comment added: the editor sees it beside its field in the editor.",
            "%(count)d comments added: the editor sees them beside their fields in the editor.",
            count,
        )
        messages.success(self.request, message % {"count": count})
        return redirect(reverse(f"{app_name}:comments", args=[self.task_state.pk]))

    def post_material_comments(self, targets, drafts, sections):
        action = self.request.POST.get("action")
        if action not in {"reject", "approve"} or action not in self.action_names():
            messages.error(self.request, _("Choose to request changes or to approve."))
            return self.render_to_response(self.get_context_data(sections=sections, drafts=drafts))
        text = material_comment_text(targets, drafts)
        form = self.task.get_form_for_action(action)({"comment": text})
        if not form.is_valid():
            messages.error(self.request, _("These comments could not be posted."))
            return self.render_to_response(self.get_context_data(sections=sections, drafts=drafts))
        self.task.on_action(self.task_state, self.request.user, action, **form.cleaned_data)
        title = self.task_state.revision.object_str or str(self.object)
        if action == "reject":
            message = _("Changes requested on “%(title)s”, with your comments.")
        else:
            message = _("“%(title)s” approved, with your comments.")
        messages.success(self.request, message % {"title": title})
        return redirect(f"{review_queue.app_name}:index")


def material_comment_text(targets: dict[str, Target], drafts: dict[str, str]) -> str:
    """The comments on a material's fields as one text, in the order of the screen:

    Comments on fields:
    - Title (Wolof, wo): ...
    - Language version (Wolof, wo): ...
    """
    lines = [gettext("Comments on fields:")]
    for key, target in targets.items():
        if key not in drafts:
            continue
        label = str(target.label)
        if target.language:
            label = f"{label} ({language_label(target.language)})"
        text = drafts[key].replace("\r\n", "\n").replace("\n", "\n  ")
        lines.append(f"- {label}: {text}")
    return "\n".join(lines)


def notify_comment_subscribers(page, user, comments) -> None:
    """The email Wagtail's editor sends when comments are added: "updated comments", to the users
    subscribed to the page's comments, except their author."""
    subscribers = (
        PageSubscription.objects.filter(page=page, comment_notifications=True)
        .exclude(user=user)
        .select_related("user")
    )
    recipients = [subscription.user for subscription in subscribers]
    if not recipients:
        return
    send_notification(
        recipients,
        "updated_comments",
        {
            "page": page,
            "editor": user,
            "new_comments": comments,
            "resolved_comments": [],
            "deleted_comments": [],
            "replied_comments": [],
        },
    )


urlpatterns = [
    path("<int:task_state_id>/", ReviewCommentsView.as_view(), name="comments"),
]
