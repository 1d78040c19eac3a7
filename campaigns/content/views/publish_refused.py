"""Saying why something cannot go live, on every admin route that would publish it.

The checks themselves are registered in ``campaigns.content.publishing`` (funding's visibility
rules, for one). These hooks run them before Wagtail publishes from the page editor, the snippet
editor and bulk publish, and after an approval made from the editor; the approval view of the
reviewer's queue lands on ``approval_refused``. Each answers with the reasons, as a message on the
screen the user came from; nothing is published, and the draft they saved is kept.
"""

from django.shortcuts import redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page, TaskState

from campaigns.content.guards import keep_as_draft
from campaigns.content.publishing import publish_problems, refusal_message, who_can_fix
from campaigns.content.refusals import message_buttons
from campaigns.content.views.review_queue import forbidden


def refuse(request, obj, problems, fallback_url):
    keep_as_draft(obj)
    messages.error(
        request, refusal_message(obj, problems), buttons=message_buttons(request.user, problems)
    )
    return redirect(AdminURLFinder(request.user).get_edit_url(obj) or fallback_url)


def before_publish_page(request, page):
    problems = publish_problems(page.specific)
    if problems:
        return refuse(request, page.specific, problems, "wagtailadmin_home")


def before_publish(request, obj):
    problems = publish_problems(obj)
    if problems:
        return refuse(request, obj, problems, "wagtailadmin_home")


def before_bulk_action(request, action_type, objects, action_class_instance):
    if action_type != "publish":
        return None
    refusals = []
    for obj in objects:
        if isinstance(obj, Page):
            revision = obj.get_latest_revision()
            item = revision.as_object() if revision else obj.specific
            problems = publish_problems(item)
            if problems:
                refusals.append(refusal_message(item, problems))
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "wagtailadmin_explore_root"
    return redirect(next_url)


def after_edit(request, obj):
    """The editor's own workflow buttons ignore a refused approval: say so. A submission for
    review that the checks would refuse at approval is warned of, with who can fix it."""
    if request.method == "POST" and "action-submit" in request.POST:
        warn_on_submission(request, obj)
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    state = obj.current_workflow_task_state
    if state is None or state.status != TaskState.STATUS_IN_PROGRESS:
        return None  # it went through
    problems = publish_problems(state.revision.as_object())
    if problems:
        messages.error(
            request,
            _("Not approved. %(reason)s") % {"reason": refusal_message(obj, problems)},
            buttons=message_buttons(request.user, problems),
        )
    return None


def after_create(request, obj):
    """A new item submitted for review at once (a material of a funded campaign)."""
    if request.method == "POST" and "action-submit" in request.POST:
        warn_on_submission(request, obj)
    return None


def warn_on_submission(request, obj):
    """What will block the approval of what was just submitted, said now."""
    revision = obj.get_latest_revision()
    if revision is None:
        return
    problems = publish_problems(revision.as_object())
    if problems:
        messages.warning(
            request,
            _(
                "Submitted, but the approval will be refused until this is fixed: "
                "%(problems)s %(who)s"
            )
            % {"problems": " ".join(problems), "who": who_can_fix(problems)},
            buttons=message_buttons(request.user, problems),
        )


def approval_refused(request, task_state_id):
    """Where ReviewTask sends a reviewer whose approval it refused: the reasons, then the queue."""
    state = TaskState.objects.reviewable_by(request.user).filter(pk=task_state_id).first()
    if state is None:
        return forbidden(request)
    obj = state.revision.as_object()
    problems = publish_problems(obj)
    if problems:
        messages.error(
            request,
            _("Not approved. %(reason)s The editor and the people who can fix it have been told "
              "by email.") % {"reason": refusal_message(obj, problems)},
            buttons=message_buttons(request.user, problems),
        )  # fmt: skip
    return redirect("campaigns_review_queue:index")


urlpatterns = [
    path(
        "reports/approval-refused/<int:task_state_id>/",
        approval_refused,
        name="campaigns_approval_refused",
    ),
]
