"""The funder's review: workflow tasks whose reviewers approve or ask for changes, never edit.

Wagtail's GroupApprovalTask lets its group open the editor while an item waits on the task;
here reviewers act from their queue and previews instead, and asking for changes needs a reason.
"""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

from campaigns.content.publishing import publish_problems


class ChangesRequestedForm(TaskStateCommentForm):
    comment = forms.CharField(
        label=_("What needs to change"),
        required=True,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("Required: the editor sees this reason with your request."),
    )


class ReviewTask(AbstractGroupApprovalTask):
    """Approval by a group of reviewers (IOM internally, then the funder)."""

    def user_can_access_editor(self, obj, user):
        return False  # reviewers review; they do not edit

    def on_action(self, task_state, user, action_name, **kwargs):
        """An approval that would lead to a refused publication is refused now, with reasons,
        and the editor and the people who can fix it are told by email. Otherwise the reviewer
        is sent to a confirmation of what they did, then to their queue (not to the item's edit
        view, which reviewers may not open)."""
        if action_name == "approve":
            obj = task_state.revision.as_object()
            problems = publish_problems(obj)
            if problems:
                from campaigns.content.refusals import notify_refused_approval

                notify_refused_approval(task_state, user, obj, problems)
                return reverse("campaigns_approval_refused", args=[task_state.pk])
        super().on_action(task_state, user, action_name, **kwargs)
        if action_name in ("approve", "reject"):
            return reverse("campaigns_review_queue:done", args=[task_state.pk])
        return None

    def get_form_for_action(self, action):
        if action == "reject":
            return ChangesRequestedForm
        return super().get_form_for_action(action)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, or ask for changes with a reason")

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
