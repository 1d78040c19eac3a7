"""Comments on fields, from the reviewer's queue, for reviewers who may not open the editor.

Wagtail's field comments live in the page editor, which funder reviewers never get (their task,
``campaigns.content.models.review.ReviewTask``, refuses them the editor). This screen shows the
revision under review (``task_state.revision``) read-only, field by field and language by language,
with a comment box beside each field, under exactly the rule of the queue's preview and compare
views (``review_queue.ReviewTaskStateMixin``: the task is in progress and the user can act on it).

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

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import send_notification
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Comment, CommentReply, Page, PageSubscription, TaskState

from campaigns.content.views import review_queue
from campaigns.content.views.review_fields import (
    ChosenLoader,
    Section,
    Target,
    language_label,
    material_sections,
    page_sections,
)
from campaigns.content.views.review_queue import ReviewTaskStateMixin, offered_codes
from campaigns.models import Material

app_name = "campaigns_review_comments"

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
