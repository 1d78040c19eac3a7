"""The reviewer's queue in the admin (Reports > Reviewer's queue), and a dashboard panel.

The queue lists the pages and materials whose current workflow task the logged-in user can act
on: Wagtail's ``TaskState.objects.reviewable_by(user)``, i.e. the in-progress task states of the
tasks whose group the user belongs to (every task for a superuser). An Administrator sees what
waits on "IOM internal review"; a Funder reviewer sees an item only once IOM has approved it and
it waits on "Funder approval". Everybody else sees an empty queue.

Each row gives the country, the campaign, the item and its type, the task, who submitted it and
when, the languages it is published in (any language in which the revision under review has
text of its own, in any field or language version: ``published_language_codes``, which the
funders' visibility rule asks too), one preview link per language it is offered in, a link to
the changes since the last approved version, and Wagtail's own workflow actions (approve,
approve with comment, request changes), which open Wagtail's modal.

Two small views make those links work for funder reviewers, who may not edit content:

* Wagtail's workflow preview (``wagtailadmin_pages:workflow_preview`` and the snippet viewset's
  ``workflow_preview``) always renders ``default_preview_mode`` and ignores ``?mode=``, while its
  revision preview honours ``?mode=`` but needs edit permission. ``ReviewPreviewView`` renders the
  revision under review in the mode asked for, with the workflow preview's own rule: the task is
  in progress and the user can act on it.
* Wagtail's revisions compare views (``wagtailadmin_pages:revisions_compare`` and the snippet
  viewset's ``revisions_compare``) need edit permission too. ``ReviewCompareView`` is Wagtail's
  generic compare view, allowed under the same rule, between the live version (else the revision
  of the last approved workflow) and the revision under review.

The queue runs a fixed number of queries, however many items wait: the task states with their
revision, workflow state and submitter; the specific tasks; one query per kind of item (with the
country and campaign); the group checks Wagtail caches per task.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import RevisionsCompareView
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Task, TaskState, WorkflowState

from campaigns.content.comparison import real_changes
from campaigns.content.publishing import publish_problems_many, who_can_fix
from campaigns.content.refusals import subject_links
from campaigns.i18n.languages import Language, get_language
from campaigns.i18n.localization import published_language_codes
from campaigns.models import CampaignPage, Country, CountryPage, Material

app_name = "campaigns_review_queue"


# --- Who may act on what ------------------------------------------------------------------------


def reviewable_task_states(user):
    """The in-progress task states ``user`` can act on (Wagtail's rule), oldest first."""
    return (
        TaskState.objects.reviewable_by(user)
        .select_related(
            "revision",
            "revision__user",
            "workflow_state",
            "workflow_state__requested_by",
        )
        .annotate(approved_revision_id=approved_revision_subquery())
        .order_by("started_at", "pk")
    )


def approved_revision_subquery():
    """The revision of the object's last approved (completed) workflow, for each task state."""
    return Subquery(
        WorkflowState.objects.filter(
            base_content_type_id=OuterRef("workflow_state__base_content_type_id"),
            object_id=OuterRef("workflow_state__object_id"),
            status=WorkflowState.STATUS_APPROVED,
        )
        .order_by("-created_at", "-pk")
        .values("current_task_state__revision_id")[:1]
    )


def user_is_reviewer(user) -> bool:
    """Whether the user belongs to a group of an active workflow task (or is a superuser)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_campaigns_is_reviewer"):
        groups = user.groups.all()
        user._campaigns_is_reviewer = (
            Task.objects.filter(active=True)
            .filter(Q(reviewtask__groups__in=groups) | Q(groupapprovaltask__groups__in=groups))
            .exists()
        )
    return user._campaigns_is_reviewer


def load_objects(revisions) -> dict[tuple[int, str], object]:
    """The specific objects of the revisions, one query per model, with country and campaign."""
    ids_by_type: dict[int, set[str]] = {}
    for revision in revisions:
        ids_by_type.setdefault(revision.content_type_id, set()).add(revision.object_id)
    objects = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        for obj in item_queryset(model).filter(pk__in=ids):
            objects[(content_type_id, str(obj.pk))] = obj
    attach_current_tasks(objects.values())
    return objects


def item_queryset(model):
    if issubclass(model, Material):
        return Material.objects.select_related("campaign__country").prefetch_related("versions")
    if issubclass(model, CampaignPage | CountryPage):
        return model.objects.select_related("country").prefetch_workflow_states()
    if issubclass(model, Page):
        return model._default_manager.prefetch_workflow_states()
    return model._default_manager.all()


def attach_current_tasks(items) -> None:
    """Give the workflow states prefetched on pages (``prefetch_workflow_states()``) their
    specific task, loaded once for all: Wagtail's page permission check (``can_edit()``, behind
    every edit link) otherwise loads ``current_workflow_task`` page by page."""
    task_states = [
        state.current_task_state
        for item in items
        for state in getattr(item, "_current_workflow_states", [])
        if state.current_task_state_id
    ]
    if not task_states:
        return
    tasks = {
        task.pk: task
        for task in Task.objects.filter(pk__in={ts.task_id for ts in task_states}).specific()
    }
    for task_state in task_states:
        if task_state.task_id in tasks:
            task_state.task = tasks[task_state.task_id]


# --- What the templates get ---------------------------------------------------------------------


@dataclass
class LanguageLink:
    language: Language
    preview_url: str | None  # None where the item has no preview mode in this language


@dataclass
class ActionButton:
    name: str
    label: str
    url: str
    modal: bool


@dataclass
class ReviewItem:
    task_state: TaskState
    obj: object
    kind: str  # "page" or "material"
    kind_label: str
    title: str
    country: Country | None
    campaign: CampaignPage | None
    task_name: str
    submitted_by: object
    submitted_at: object
    compare_url: str | None
    compare_label: str
    edit_url: str | None
    languages: list[LanguageLink] = field(default_factory=list)
    actions: list[ActionButton] = field(default_factory=list)
    # Why an approval would be refused today (the publishing checks), who can fix it, and the
    # links (url, label) to what it is about that the reviewer may open.
    problems: list[str] = field(default_factory=list)
    who_can_fix: str = ""
    fix_links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def revision(self):
        return self.task_state.revision

    @property
    def waiting_since(self):
        return self.task_state.started_at


def country_and_campaign(obj) -> tuple[Country | None, CampaignPage | None]:
    if isinstance(obj, Material):
        return obj.campaign.country, obj.campaign
    if isinstance(obj, CampaignPage):
        return obj.country, obj
    if isinstance(obj, CountryPage):
        return obj.country, None
    return None, None


def kind_label(obj) -> tuple[str, str]:
    if isinstance(obj, Material):
        return "material", f"{Material._meta.verbose_name} · {obj.get_material_type_display()}"
    return "page", str(obj._meta.verbose_name)


def offered_codes(obj) -> list[str]:
    if hasattr(obj, "offered_language_codes"):
        return obj.offered_language_codes()
    return [code for code, _name in settings.LANGUAGES]


def languages_present(obj, revision) -> list[str]:
    """The languages the revision under review is published in, those the item offers first
    (in its order), then any other."""
    found = published_language_codes(obj, revision.content or {})
    offered = offered_codes(obj)
    return [code for code in offered if code in found] + [
        code for code in found if code not in offered
    ]


def workflow_action_url(obj, action_name: str, task_state_id: int) -> str:
    if isinstance(obj, Page):
        return reverse(
            "wagtailadmin_pages:workflow_action", args=[obj.pk, action_name, task_state_id]
        )
    url_name = obj.snippet_viewset.get_url_name("workflow_action")
    return reverse(url_name, args=[quote(obj.pk), action_name, task_state_id])


def comparison_base(obj, task_state) -> tuple[int | None, str]:
    """The revision to compare the one under review with, and what to call the link."""
    if getattr(obj, "live", False) and obj.live_revision_id:
        return obj.live_revision_id, str(_("Changes since the published version"))
    approved = getattr(task_state, "approved_revision_id", None)
    if approved:
        return approved, str(_("Changes since the last approved version"))
    return None, ""


# --- The queue ----------------------------------------------------------------------------------


def labelled_paginator(singular, plural):
    """Wagtail's paginator, counting "12 pages or materials" rather than the queryset's model."""
    return type(
        "LabelledPaginator",
        (WagtailPaginator,),
        {"verbose_name": singular, "verbose_name_plural": plural},
    )


class ReviewQueueView(ReportView):
    template_name = "campaigns/admin/review_queue.html"
    results_template_name = "campaigns/admin/review_queue_results.html"
    page_title = _("Reviewer's queue")
    header_icon = "tasks"
    index_url_name = f"{app_name}:index"
    index_results_url_name = f"{app_name}:results"
    verbose_name_plural = _("items waiting for your review")
    paginate_by = 50
    paginator_class = labelled_paginator(_("page or material"), _("pages or materials"))

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False  # a to-do list, not a spreadsheet

    def get_filtered_queryset(self):
        return reviewable_task_states(self.request.user)

    def decorate_paginated_queryset(self, task_states):
        task_states = list(task_states)
        if not task_states:
            return []
        user = self.request.user
        tasks = {
            task.pk: task
            for task in Task.objects.filter(pk__in={ts.task_id for ts in task_states}).specific()
        }
        objects = load_objects(ts.revision for ts in task_states)
        urls = AdminURLFinder(user)
        found = []
        for task_state in task_states:
            revision = task_state.revision
            obj = objects.get((revision.content_type_id, revision.object_id))
            task = tasks.get(task_state.task_id)
            if obj is None or task is None:
                continue  # the object was deleted under the workflow
            found.append((task_state, task, obj))
        # What each approval would publish, asked of the publishing checks all at once.
        # (Rebuilt from the revisions' content without Wagtail's with_content_json(), which
        # asks the database for each item's revisions, locale and related rows.)
        under_review = [
            type(obj).from_serializable_data(ts.revision.content, check_fks=False)
            for ts, _task, obj in found
        ]
        items = []
        for (task_state, task, obj), problems in zip(
            found, publish_problems_many(under_review), strict=True
        ):
            item = self.build_item(task_state, task, obj, urls)
            if problems:
                item.problems = problems
                item.who_can_fix = who_can_fix(problems)
                item.fix_links = subject_links(user, problems)
            items.append(item)
        return items

    def build_item(self, task_state, task, obj, urls) -> ReviewItem:
        user = self.request.user
        revision = task_state.revision
        kind, label = kind_label(obj)
        country, campaign = country_and_campaign(obj)
        base_revision_id, compare_label = comparison_base(obj, task_state)
        preview_modes = {name for name, _label in getattr(obj, "preview_modes", [])}
        preview_url = reverse(f"{app_name}:preview", args=[task_state.pk])
        languages = [
            LanguageLink(
                get_language(code),
                f"{preview_url}?mode={code}" if code in preview_modes else None,
            )
            for code in languages_present(obj, revision)
        ]
        actions = [
            ActionButton(
                name, str(action_label), workflow_action_url(obj, name, task_state.pk), modal
            )
            for name, action_label, modal in task.get_actions(obj, user)
        ]
        return ReviewItem(
            task_state=task_state,
            obj=obj,
            kind=kind,
            kind_label=label,
            title=revision.object_str or str(obj),
            country=country,
            campaign=campaign,
            task_name=task.name,
            submitted_by=task_state.workflow_state.requested_by,
            submitted_at=task_state.workflow_state.created_at,
            compare_url=(
                reverse(f"{app_name}:compare", args=[task_state.pk]) if base_revision_id else None
            ),
            compare_label=compare_label,
            edit_url=urls.get_edit_url(obj),
            languages=languages,
            actions=actions,
        )


# --- Preview and comparison of the revision under review ----------------------------------------


class ReviewTaskStateMixin:
    """Loads the task state from the URL; the user must be able to act on it (Wagtail's rule)."""

    def dispatch(self, request, *args, task_state_id, **kwargs):
        self.task_state = get_object_or_404(
            TaskState.objects.select_related("revision", "workflow_state", "task").annotate(
                approved_revision_id=approved_revision_subquery()
            ),
            pk=task_state_id,
        )
        self.object = self.task_state.revision.content_object
        if self.object is None:
            raise Http404("The item under review no longer exists.")
        self.task = self.task_state.task.specific
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            messages.error(
                request,
                _("“%(title)s” is no longer waiting on the task “%(task)s”.")
                % {"title": self.task_state.revision.object_str, "task": self.task.name},
            )
            return redirect(f"{app_name}:index")
        if not self.task.get_actions(self.object, request.user):
            return forbidden(
                request,
                _("Only the reviewers of the task “%(task)s” can see this.")
                % {"task": self.task.name},
            )
        return super().dispatch(request, *args, **kwargs)


class ReviewPreviewView(ReviewTaskStateMixin, View):
    """The revision under review, in the preview mode (language) asked for with ``?mode=``."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        revision = self.task_state.revision
        item = revision.as_object()
        modes = {name for name, _label in item.preview_modes}
        mode = request.GET.get("mode")
        if mode not in modes:
            mode = item.default_preview_mode
        return item.make_preview_request(
            request, mode, extra_request_attrs={"revision_id": revision.id}
        )


class ReviewCompareView(ReviewTaskStateMixin, RevisionsCompareView):
    """Wagtail's compare view: the published (else last approved) version against the one under
    review, for whoever can act on the task."""

    template_name = "campaigns/admin/review_compare.html"

    def setup(self, request, *args, **kwargs):
        # Wagtail's setup() reads pk and revision ids from the URL; here they come from the task
        # state, in dispatch().
        TemplateView.setup(self, request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        base_revision_id, self.compare_label = comparison_base(self.object, self.task_state)
        if not base_revision_id:
            raise Http404("Nothing approved yet to compare with.")
        self.model = type(self.object)
        self.pk = self.object.pk
        self.revision_id_a = base_revision_id
        self.revision_id_b = self.task_state.revision_id
        return super().get(request, *args, **kwargs)

    def get_edit_handler(self):
        return self.object.get_edit_handler()

    @cached_property
    def edit_url(self):
        return AdminURLFinder(self.request.user).get_edit_url(self.object)

    def get_edit_url(self):
        return self.edit_url

    def get_page_title(self):
        return self.compare_label

    def get_page_subtitle(self):
        return self.task_state.revision.object_str or str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{app_name}:index"), "label": _("Reviewer's queue")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Only real changes: not empty-vs-empty, line endings or block ids (issue 12 item 8).
        context["comparison"] = real_changes(context["comparison"])
        context.update(
            {
                "task_state": self.task_state,
                "task": self.task,
                "submitted_by": self.task_state.workflow_state.requested_by,
                "queue_url": reverse(f"{app_name}:index"),
            }
        )
        return context


# --- Refusals -----------------------------------------------------------------------------------


class ForbiddenView(WagtailAdminTemplateMixin, TemplateView):
    """A real 403 in the admin's furniture. Wagtail turns a PermissionDenied raised in an admin
    view into a redirect to the dashboard; reports that must refuse say so with a 403."""

    template_name = "campaigns/admin/forbidden.html"
    page_title = _("Access denied")
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(), status=403)

    post = get  # a refused form (the comments on fields) gets the same 403, not a 405


def forbidden(request, message=None, title=None):
    options = {"extra_context": {"message": message}}
    if title:
        options["page_title"] = title
    return ForbiddenView.as_view(**options)(request).render()


# --- After an action -----------------------------------------------------------------------------


def action_done(request, task_state_id):
    """Where ReviewTask sends whoever approved or asked for changes (campaigns.content.models
    .review): what they did, said in a message, then their queue. Only the person who acted on
    the task state sees it; anyone else is refused."""
    task_state = (
        TaskState.objects.select_related("revision", "workflow_state", "task", "finished_by")
        .filter(pk=task_state_id, finished_by=request.user)
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .first()
    )
    if task_state is None or not request.user.is_authenticated:
        return forbidden(request)
    title = task_state.revision.object_str
    workflow_state = task_state.workflow_state
    if task_state.status == TaskState.STATUS_REJECTED:
        editor = workflow_state.requested_by
        messages.success(
            request,
            _("Changes requested on “%(title)s”: %(editor)s is told by email, with your reason.")
            % {
                "title": title,
                "editor": (editor.get_full_name() or editor.get_username())
                if editor
                else _("the editor"),
            },
        )
    elif task_state.status == TaskState.STATUS_APPROVED:
        obj = task_state.revision.content_object
        next_state = workflow_state.current_task_state
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and next_state:
            text = _("“%(title)s” approved: it now waits on “%(task)s”.") % {
                "title": title,
                "task": next_state.task.name,
            }
        elif getattr(obj, "live_revision_id", None) == task_state.revision_id:
            text = _("“%(title)s” approved and published.") % {"title": title}
        elif getattr(obj, "scheduled_revision", None) is not None:
            text = _("“%(title)s” approved: it goes live on %(date)s.") % {
                "title": title,
                "date": date_format(
                    localtime(obj.scheduled_revision.approved_go_live_at), "DATETIME_FORMAT"
                ),
            }
        else:
            text = _("“%(title)s” approved.") % {"title": title}
        messages.success(request, text)
    return redirect(f"{app_name}:index")


# --- Dashboard ----------------------------------------------------------------------------------


def reviewable_count(user) -> int:
    """How many items wait for the user's review, counted once per request (two panels ask)."""
    if not hasattr(user, "_campaigns_reviewable_count"):
        user._campaigns_reviewable_count = TaskState.objects.reviewable_by(user).count()
    return user._campaigns_reviewable_count


class ReviewQueuePanel(Component):
    """On the dashboard: how many items wait for this user's review, with a link to the queue.
    Nothing is shown to users with nothing to review."""

    name = "campaigns_review_queue"
    template_name = "campaigns/admin/review_queue_panel.html"
    order = 210  # just above Wagtail's own "Awaiting your review"

    def render_html(self, parent_context=None):
        request = parent_context["request"]
        if not user_is_reviewer(request.user):
            return ""
        count = reviewable_count(request.user)
        if not count:
            return ""  # campaigns.reporting.home_panels.ContentPanel says nothing waits
        context = {"count": count, "queue_url": reverse(f"{app_name}:index")}
        return render_to_string(self.template_name, context, request=request)


urlpatterns = [
    path("", ReviewQueueView.as_view(), name="index"),
    path("results/", ReviewQueueView.as_view(results_only=True), name="results"),
    path("<int:task_state_id>/preview/", ReviewPreviewView.as_view(), name="preview"),
    path("<int:task_state_id>/compare/", ReviewCompareView.as_view(), name="compare"),
    path("<int:task_state_id>/done/", action_done, name="done"),
]
