"""/api/v1/reports/: list, read, create, change and delete reach reports, and their lifecycle.

Rows come from campaigns.reach.access (a report the user may not see is a 404, never a 403);
figures are checked by the rules through the same path as the bulk endpoint (saving.py), and
steps go through campaigns.reach.lifecycle.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from campaigns.reach import lifecycle
from campaigns.reach.access import (
    ADD,
    CHANGE,
    VALIDATE,
    reporting_scope,
    reports_editable_by,
    reports_visible_to,
)
from campaigns.reach.models import ReachBreakdown, ReachValue, Status
from campaigns.reach.rules import locked_message

from .errors import problems_response
from .filters import ReportFilter
from .parsers import SafeJSONParser
from .payload import HEADER_FIELDS, OPTIONAL_FIELDS
from .permissions import ReachRole
from .saving import check_and_save
from .serializers import (
    MAX_BULK,
    BulkRequestSerializer,
    BulkResultSerializer,
    ErrorsSerializer,
    ReasonSerializer,
    ReportInputSerializer,
    ReportReplacementSerializer,
    ReportSerializer,
    WrittenReportSerializer,
)

KEY_FIELDS = HEADER_FIELDS  # the natural key: fixed once a report exists
WRITABLE_FIELDS = (*HEADER_FIELDS, *OPTIONAL_FIELDS)
ERRORS = OpenApiResponse(ErrorsSerializer, description=_("Errors, each naming field and value."))
MERGE = OpenApiParameter(
    "merge", bool, description=_("Merge into an existing open report with the same key.")
)


def wants_merge(request, body) -> bool:
    given = body.pop("merge", None) if isinstance(body, dict) else None
    if given is None:
        given = request.query_params.get("merge", "").lower() in ("1", "true", "yes")
    return given is True


def refusal_status(errors) -> int:
    """403 for another organisation's or country's figures, 409 for a duplicate, else 400."""
    codes = {error["code"] for error in errors}
    if "not_yours" in codes:
        return status.HTTP_403_FORBIDDEN
    if codes == {"duplicate"}:
        return status.HTTP_409_CONFLICT
    return status.HTTP_400_BAD_REQUEST


@extend_schema_view(
    list=extend_schema(summary=_("Reports you may see, current revisions unless asked")),
    retrieve=extend_schema(summary=_("One report")),
    create=extend_schema(
        summary=_("Create a report (or merge into an open one)"),
        parameters=[MERGE],
        request=ReportInputSerializer,
        responses={
            201: WrittenReportSerializer,
            200: WrittenReportSerializer,
            400: ERRORS,
            403: ERRORS,
            409: ERRORS,
        },
    ),
    update=extend_schema(
        summary=_("Replace an open report's details and figures"),
        request=ReportReplacementSerializer,
        responses={200: WrittenReportSerializer, 400: ERRORS, 403: ERRORS, 409: ERRORS},
    ),
    partial_update=extend_schema(
        summary=_("Change some details or indicators of an open report"),
        request=ReportInputSerializer,
        responses={200: WrittenReportSerializer, 400: ERRORS, 403: ERRORS, 409: ERRORS},
    ),
    destroy=extend_schema(summary=_("Delete a draft"), responses={204: None, 409: ERRORS}),
)
class ReportViewSet(viewsets.ModelViewSet):
    serializer_class = ReportSerializer
    permission_classes = [ReachRole]
    parser_classes = [SafeJSONParser]  # deep nesting, NUL and lone surrogates: 400, not 500
    filterset_class = ReportFilter
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    required_permissions = {
        "create": ADD,
        "bulk": ADD,
        "validate": VALIDATE,
        "return_report": VALIDATE,
        "lock": VALIDATE,
    }

    @property
    def required_permission(self):
        return self.required_permissions.get(self.action, CHANGE)

    def get_throttles(self):
        if self.action == "bulk":
            self.throttle_scope = "reach-bulk"
        return super().get_throttles()

    def get_queryset(self):
        cells = ReachBreakdown.objects.select_related("age_band").order_by("pk")
        values = (
            ReachValue.objects.select_related("indicator")
            .prefetch_related(Prefetch("breakdown", queryset=cells))
            .order_by("indicator__code")
        )
        return (
            reports_visible_to(self.request.user)
            .select_related("campaign", "organisation", "region", "channel", "material")
            .prefetch_related(Prefetch("values", queryset=values))
            .order_by("-month", "pk")
        )

    def get_object(self):
        """Any revision the user may see, whatever the list's filters; else 404."""
        pk = str(self.kwargs["pk"])
        plain = pk.isascii() and pk.isdigit() and len(pk) < 19  # "²" passes isdigit(), not int()
        report = self.get_queryset().filter(pk=pk).first() if plain else None
        if report is None:
            raise Http404
        return report

    def _shown(self, pk, code=status.HTTP_200_OK, warnings=()):
        data = dict(ReportSerializer(self.get_queryset().get(pk=pk)).data)
        if warnings:
            data["warnings"] = list(warnings)
        return Response(data, code)

    def _save(self, request, body, report_id=None, merge=False):
        scope = reporting_scope(request.user)
        outcome = check_and_save(
            [(body, report_id)], user=request.user, scope=scope, merge=merge, bulk=False
        )
        if not outcome.ok:
            return outcome, problems_response(
                outcome.errors, outcome.warnings, refusal_status(outcome.errors)
            )
        return outcome, None

    def create(self, request, *args, **kwargs):
        body = request.data
        merge = wants_merge(request, body)
        outcome, refused = self._save(request, body, merge=merge)
        if refused:
            return refused
        code = status.HTTP_201_CREATED if outcome.summary.created else status.HTTP_200_OK
        return self._shown(outcome.ids[0], code, outcome.warnings)

    def update(self, request, *args, partial=False, **kwargs):
        report = self.get_object()
        if not reports_editable_by(request.user).filter(pk=report.pk).exists():
            return problems_response([self._not_open(report)], status_code=status.HTTP_409_CONFLICT)
        body = request.data if isinstance(request.data, dict) else {}
        stored = {
            name: value
            for name, value in ReportSerializer(report).data.items()
            if name in WRITABLE_FIELDS
        }
        changed_key = [name for name in KEY_FIELDS if name in body and body[name] != stored[name]]
        if changed_key:
            return problems_response(
                [
                    {
                        "field": name,
                        "value": body[name],
                        "message": _(
                            "A report's campaign, organisation, month, region and channel do "
                            "not change: delete the draft and create another report."
                        ),
                        "code": "key_change",
                    }
                    for name in changed_key
                ]
            )
        body.pop("merge", None)
        if partial:
            given = body.get("values")
            values = {**stored["values"], **given} if isinstance(given, dict) else given
            body = {**stored, **body, "values": stored["values"] if given is None else values}
        else:
            body = {**{name: stored[name] for name in KEY_FIELDS}, **body}
        with transaction.atomic():
            outcome, refused = self._save(request, body, report_id=report.pk, merge=True)
            if refused:
                return refused
            if not partial:  # indicators left out of a full replacement are removed
                given = list(body.get("values") or {})
                report.values.exclude(indicator__code__in=given).delete()
        return self._shown(report.pk, warnings=outcome.warnings)

    def destroy(self, request, *args, **kwargs):
        report = self.get_object()
        editable = reports_editable_by(request.user).filter(pk=report.pk).exists()
        if not editable or report.status != Status.DRAFT:
            problem = (
                self._not_open(report)
                if not editable
                else {
                    "field": "status",
                    "value": report.status,
                    "message": _("Only a draft is deleted; this report is %(status)s.")
                    % {"status": report.get_status_display().lower()},
                    "code": "not_draft",
                }
            )
            return problems_response([problem], status_code=status.HTTP_409_CONFLICT)
        report.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @staticmethod
    def _not_open(report) -> dict:
        if report.status in (Status.DRAFT, Status.RETURNED) and report.is_current:
            message, code = _("This month is locked for this country."), "month_locked"
        elif not report.is_current:
            message, code = _("This revision was superseded by a correction."), "not_current"
        else:
            message, code = locked_message(report.status), f"report_{report.status}"
        return {"field": "status", "value": report.status, "message": message, "code": code}

    # --- lifecycle ---

    def _step(self, step, *args):
        report = self.get_object()
        step(report, self.request.user, *args)
        return self._shown(report.pk)

    @extend_schema(
        summary=_("Submit a draft or returned report for validation"),
        request=None,
        # a report that is not open (submitted, validated, locked) is refused with 403
        responses={200: ReportSerializer, 400: ERRORS, 403: ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None, format=None):
        return self._step(lifecycle.submit)

    @extend_schema(
        summary=_("Validate a submitted report (M&E officers)"),
        request=None,
        responses={200: ReportSerializer, 403: ERRORS, 409: ERRORS},
    )
    @action(detail=True, methods=["post"])
    def validate(self, request, pk=None, format=None):
        return self._step(lifecycle.validate)

    @extend_schema(
        summary=_("Return a report to its organisation, with a reason (M&E officers)"),
        request=ReasonSerializer,
        responses={200: ReportSerializer, 400: ERRORS, 403: ERRORS, 409: ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request, pk=None, format=None):
        reason = request.data.get("reason") if isinstance(request.data, dict) else None
        if not isinstance(reason, str) or not reason.strip():
            self.get_object()  # 404 before saying what is missing
            return problems_response(
                [
                    {
                        "field": "reason",
                        "value": reason,
                        "message": _("Say why the report is returned, so it can be fixed."),
                        "code": "required",
                    }
                ]
            )
        return self._step(lifecycle.return_report, reason)

    @extend_schema(
        summary=_("Lock a validated report (M&E officers)"),
        request=None,
        responses={200: ReportSerializer, 403: ERRORS, 409: ERRORS},
    )
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None, format=None):
        return self._step(lifecycle.lock_report)

    # --- many at once ---

    @extend_schema(
        summary=_("Create or merge up to 5,000 reports: all saved, or none"),
        parameters=[MERGE],
        request=BulkRequestSerializer,
        responses={200: BulkResultSerializer, 201: BulkResultSerializer, 400: ERRORS, 409: ERRORS},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, format=None):
        body = request.data
        reports = body.get("reports") if isinstance(body, dict) else None
        problem = None
        if not isinstance(reports, list):
            problem = _('Send {"reports": [...]} with a list of reports.'), "not_a_list"
        elif not reports:
            problem = _("The list of reports is empty."), "empty"
        elif len(reports) > MAX_BULK:
            problem = _("At most %(max)s reports per request.") % {"max": MAX_BULK}, "too_many"
        if problem:
            count = len(reports) if isinstance(reports, list) else None
            item = {"field": "reports", "value": count, "message": problem[0], "code": problem[1]}
            return problems_response([item])
        merge = wants_merge(request, body)
        outcome = check_and_save(
            [(item, None) for item in reports],
            user=request.user,
            scope=reporting_scope(request.user),
            merge=merge,
            bulk=True,
        )
        if not outcome.ok:
            return problems_response(outcome.errors, outcome.warnings)
        summary = outcome.summary
        return Response(
            {
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "ids": outcome.ids,
                "warnings": outcome.warnings,
            },
            status.HTTP_201_CREATED if summary.created else status.HTTP_200_OK,
        )
