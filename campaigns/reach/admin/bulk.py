"""Bulk Submit, Validate and Return in the report listing (issue 12, item 2).

``/admin/bulk/campaigns/reachreport/<submit|validate|return>/?id=...`` (Wagtail's bulk action
dispatcher, registered by campaigns.reach.admin.admin_hooks):

- rows are found only in the user's own listing (the report viewset's queryset, scoped by
  campaigns.reach.access): an id outside it is a 404, as on the single screens, and ``?id=all``
  means every row of the listing as filtered there (campaigns.access.bulk_actions does the same
  for the bulk delete);
- each report takes the step through campaigns.reach.lifecycle, the functions the single step
  screens call, so the same role, scoping, state and rules decide; each in a transaction of its
  own: a report refused is named with the reason and left as it was, the others proceed;
- the confirmation screen tries each step first in a transaction rolled back at once, and says
  which reports will take it and which will not, and why;
- Return asks one reason for all the reports returned.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import classproperty
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction

from campaigns.access.admin_refusals import refuse_keys_out_of_range
from campaigns.access.bulk_actions import ScopedDeleteBulkAction
from campaigns.reach import lifecycle
from campaigns.reach.access import CHANGE, ReachPermissionDenied, can_validate
from campaigns.reach.lifecycle import TransitionRefused
from campaigns.reach.models import ReachReport

from .actions import RETURN, SUBMIT, VALIDATE, ReasonForm, inspect_url


class ReportStepBulkAction(SnippetBulkAction):
    """One lifecycle step on several reports; subclasses name the step and call the lifecycle."""

    template_name = "campaigns/reach/admin/bulk_step.html"
    step = None
    form_class = forms.Form
    # The confirmation tries the step on each report (some 20 queries each): a bigger choice
    # (``?id=all`` over a whole listing) is refused, asking to filter the listing first.
    max_reports = 200

    @classproperty
    def models(cls):
        return [ReachReport]

    @classmethod
    def offered_to(cls, user) -> bool:
        """Whether the listing shows the button (the lifecycle decides for each report)."""
        raise NotImplementedError

    def take(self, report, form_data) -> None:
        raise NotImplementedError

    def done_message(self, count: int) -> str:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        chosen = self._chosen_ids()
        count = len(set(chosen)) if isinstance(chosen, list) else chosen.count()
        if count > self.max_reports:
            messages.error(
                request,
                ngettext(
                    "%(count)d report chosen: the step “%(step)s” takes at most %(max)d at a "
                    "time. Filter the listing (by month, country or status) and try again.",
                    "%(count)d reports chosen: the step “%(step)s” takes at most %(max)d at a "
                    "time. Filter the listing (by month, country or status) and try again.",
                    count,
                )
                % {"count": count, "step": self.step.label, "max": self.max_reports},
            )
            return redirect(self.back_url)
        return super().dispatch(request, *args, **kwargs)

    # --- Which rows: the user's listing only (as the bulk delete) ------------------------------

    listing_queryset = ScopedDeleteBulkAction.listing_queryset
    back_url = ScopedDeleteBulkAction.back_url
    get_all_objects_in_listing_query = ScopedDeleteBulkAction.get_all_objects_in_listing_query

    def get_queryset(self, model, object_ids):
        """The chosen rows of the user's listing; a 404 when one is not there (or none), or
        beyond any key (the database would refuse the number: a 500)."""
        refuse_keys_out_of_range(object_ids)
        try:
            wanted = {model._meta.pk.to_python(pk) for pk in object_ids}
        except ValidationError as error:
            raise Http404 from error
        rows = self.listing_queryset()
        if isinstance(rows, QuerySet):
            rows = rows.select_related("campaign__country", "organisation", "region", "channel")
        rows = list(rows.filter(pk__in=wanted).order_by("month", "pk"))
        if not wanted or len({row.pk for row in rows}) != len(wanted):
            raise Http404
        return rows

    # --- Trying the step --------------------------------------------------------------------

    def attempt(self, report, form_data, *, dry_run: bool):
        """None if the step was taken (or would be, ``dry_run``); else (reason, denied)."""
        try:
            with transaction.atomic():
                self.take(copy.copy(report) if dry_run else report, form_data)
                if dry_run:
                    transaction.set_rollback(True)
        except ReachPermissionDenied as denied:
            return str(denied), True
        except TransitionRefused as refused:
            reason = str(refused)
            if refused.problems:
                reason += " " + "; ".join(problem.message for problem in refused.problems[:3])
            return reason, False
        return None

    def get_actionable_objects(self):
        """(reports that would take the step, {"refused": [(report, reason)], ...})."""
        if hasattr(self, "_checked"):
            return self._checked
        objects, refused, denied = [], [], []
        for report in self.get_queryset(self.model, self._chosen_ids()):
            problem = self.attempt(report, {"reason": "-"}, dry_run=True)
            if problem is None:
                objects.append(report)
            else:
                (denied if problem[1] else refused).append((report, problem[0]))
        self._checked = objects, {"refused": refused, "denied": denied}
        return self._checked

    def object_context(self, report):
        return {"item": report, "url": inspect_url(report)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            step=self.step,
            refused=[
                {"item": report, "url": inspect_url(report), "reason": reason}
                for report, reason in context.get("refused", [])
            ],
            denied=[
                {"item": report, "url": inspect_url(report), "reason": reason}
                for report, reason in context.get("denied", [])
            ],
        )
        return context

    def form_valid(self, form):
        """Each chosen report takes the step in its own transaction; the refused are named."""
        rows = self.get_queryset(self.model, self._chosen_ids())
        for hook in hooks.get_hooks("before_bulk_action"):
            result = hook(self.request, self.action_type, rows, self)
            if hasattr(result, "status_code"):
                return result
        done, refused = [], []
        for report in rows:
            problem = self.attempt(report, form.cleaned_data, dry_run=False)
            if problem is None:
                done.append(report)
            else:
                refused.append(f"{report}: {problem[0]}")
        if done:
            messages.success(self.request, self.done_message(len(done)))
        if refused:
            messages.error(
                self.request,
                ngettext(
                    "%(count)d report did not take the step “%(step)s”: %(reports)s",
                    "%(count)d reports did not take the step “%(step)s”: %(reports)s",
                    len(refused),
                )
                % {"count": len(refused), "step": self.step.label, "reports": " · ".join(refused)},
            )
        return redirect(self.next_url)

    def _chosen_ids(self):
        """The ids given (a list), or ``?id=all``'s rows of the listing (a query), once."""
        if not hasattr(self, "_chosen"):
            object_ids = self.request.GET.getlist("id")
            if "all" in object_ids:
                object_ids = self.get_all_objects_in_listing_query(self.request.GET.get("childOf"))
            self._chosen = object_ids
        return self._chosen


class SubmitBulkAction(ReportStepBulkAction):
    step = SUBMIT
    display_name = gettext_lazy("Submit")
    action_type = "submit"
    aria_label = gettext_lazy("Submit the selected reports for validation")
    action_priority = 10

    @classmethod
    def offered_to(cls, user) -> bool:
        return user.has_perm(CHANGE)

    def done_message(self, count):
        return ngettext(
            "%(count)d report submitted for validation.",
            "%(count)d reports submitted for validation.",
            count,
        ) % {"count": count}

    def take(self, report, form_data):
        lifecycle.submit(report, self.request.user)


class ValidateBulkAction(ReportStepBulkAction):
    step = VALIDATE
    display_name = gettext_lazy("Validate")
    action_type = "validate"
    aria_label = gettext_lazy("Validate the selected reports")
    action_priority = 11

    @classmethod
    def offered_to(cls, user) -> bool:
        return can_validate(user)

    def done_message(self, count):
        return ngettext("%(count)d report validated.", "%(count)d reports validated.", count) % {
            "count": count
        }

    def take(self, report, form_data):
        lifecycle.validate(report, self.request.user)


class ReturnBulkAction(ReportStepBulkAction):
    step = RETURN
    display_name = gettext_lazy("Return")
    action_type = "return"
    aria_label = gettext_lazy("Return the selected reports to their organisations")
    action_priority = 12
    form_class = ReasonForm

    @classmethod
    def offered_to(cls, user) -> bool:
        return can_validate(user)

    def done_message(self, count):
        return ngettext(
            "%(count)d report returned to its organisation.",
            "%(count)d reports returned to their organisations.",
            count,
        ) % {"count": count}

    def take(self, report, form_data):
        lifecycle.return_report(report, self.request.user, form_data["reason"])


BULK_ACTIONS = (SubmitBulkAction, ValidateBulkAction, ReturnBulkAction)


def bulk_action_buttons(user) -> list:
    """The report listing's bulk buttons (Wagtail's ``bulk_action_choices``, whose footer shows
    every registered action to everyone): the steps the user's role may take, and delete for
    those who may delete (the bulk delete names the reports it refuses)."""
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry
    from wagtail.admin.widgets.button import ListingButton

    meta = ReachReport._meta
    actions = sorted(
        bulk_action_registry.get_bulk_actions_for_model(meta.app_label, meta.model_name),
        key=lambda action: action.action_priority,
    )

    def offered(action) -> bool:
        if issubclass(action, ReportStepBulkAction):
            return action.offered_to(user)
        return user.has_perm(f"{meta.app_label}.{action.action_type}_{meta.model_name}")

    return [
        ListingButton(
            action.display_name,
            reverse(
                "wagtail_bulk_action", args=[meta.app_label, meta.model_name, action.action_type]
            ),
            attrs={"aria-label": action.aria_label, "data-bulk-action-button": ""},
            priority=action.action_priority,
            classname=" ".join(action.classes | {"bulk-action-btn"}),
        )
        for action in actions
        if offered(action)
    ]
