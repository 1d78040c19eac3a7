"""Admin URLs and hooks of the report screens (campaigns.wagtail_hooks calls ``register()``).

Under /admin/reach/: lifecycle steps and revisions of a report, its attachments, locking a month
and the locked months. Listing row buttons for the steps; Reach menu items for the months.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet

from campaigns.reach import lifecycle
from campaigns.reach.access import can_validate
from campaigns.reach.models import ReachReport
from campaigns.reach.viewsets import ReachViewSetGroup

from . import actions, attachment_views, bulk, history, months
from .actions import NAMESPACE, available_steps, step_url

urlpatterns = [
    path("reports/<int:pk>/submit/", actions.SubmitView.as_view(), name="submit"),
    path("reports/<int:pk>/validate/", actions.ValidateView.as_view(), name="validate"),
    path("reports/<int:pk>/return/", actions.ReturnView.as_view(), name="return"),
    path("reports/<int:pk>/lock/", actions.LockView.as_view(), name="lock"),
    path("reports/<int:pk>/correct/", actions.CorrectView.as_view(), name="correct"),
    path("reports/<int:pk>/revisions/", history.RevisionsView.as_view(), name="revisions"),
    path(
        "reports/<int:pk>/attachments/",
        attachment_views.UploadAttachmentView.as_view(),
        name="attach",
    ),
    path(
        "attachments/<int:pk>/",
        attachment_views.DownloadAttachmentView.as_view(),
        name="attachment",
    ),
    path(
        "attachments/<int:pk>/delete/",
        attachment_views.DeleteAttachmentView.as_view(),
        name="delete_attachment",
    ),
    path("months/", months.LockedMonthsView.as_view(), name="months"),
    path("months/lock/", months.LockMonthView.as_view(), name="lock_month"),
    path("months/reopen/", months.ReopenMonthView.as_view(), name="reopen_month"),
]


def register_report_screens():
    return [path("reach/", include((urlpatterns, NAMESPACE), namespace=NAMESPACE))]


class ValidatorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_validate(request.user)


class ReportReaderMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.has_perm("campaigns.view_reachreport") or can_validate(user)


def register_lock_month_menu_item():
    return ValidatorMenuItem(
        _("Lock a month"), reverse(f"{NAMESPACE}:lock_month"), icon_name="lock", order=900
    )


def register_locked_months_menu_item():
    return ReportReaderMenuItem(
        _("Locked months"), reverse(f"{NAMESPACE}:months"), icon_name="calendar", order=910
    )


def report_step_buttons(snippet, user, next_url=None):
    """Row actions of the report listing: the steps the report's state and the user allow."""
    if not isinstance(snippet, ReachReport):
        return
    for step in available_steps(snippet, user):
        url = step_url(step, snippet)
        yield Button(step.label, url, icon_name=step.icon, priority=step.priority)


class MonthEventFormatter(LogFormatter):
    """A month's lock or reopening in a report's history, the reopening's reason as comment."""

    def format_message(self, log_entry):
        message = self.message % {"month": log_entry.data.get("month", "")}
        reason = log_entry.data.get("reason", "")
        return f"{message}: {reason}" if reason else message

    def format_comment(self, log_entry):
        return log_entry.data.get("reason", "")


def register_month_log_actions(actions):
    for action, label, message in (
        (lifecycle.MONTH_LOCKED, _("Month locked"), _("Month %(month)s locked")),
        (lifecycle.MONTH_REOPENED, _("Month reopened"), _("Month %(month)s reopened")),
    ):
        actions.register_action(action)(
            type("MonthFormatter", (MonthEventFormatter,), {"label": label, "message": message})
        )


def register() -> None:
    register_snippet(ReachViewSetGroup)  # reports, indicators, organisations
    hooks.register("register_admin_urls", register_report_screens)
    hooks.register("register_reach_menu_item", register_lock_month_menu_item)
    hooks.register("register_reach_menu_item", register_locked_months_menu_item)
    hooks.register("register_snippet_listing_buttons", report_step_buttons)
    hooks.register("register_log_actions", register_month_log_actions)
    for action_class in bulk.BULK_ACTIONS:  # bulk Submit, Validate, Return in the listing
        hooks.register("register_bulk_action", action_class)
