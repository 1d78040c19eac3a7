"""One error shape for every API answer: `{"errors": [{"field", "value", "message", "code"}]}`.

Rule problems (campaigns.reach.rules.Problem) and DRF's own errors (bad JSON, unknown filter
value, 401, 403, 404, 429) all come out as a list of errors, so a partner system reads one shape;
DRF's `detail` is kept next to it for authentication and permission errors.
"""

import datetime
import math
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from campaigns.reach.access import ReachPermissionDenied
from campaigns.reach.batch import DuplicateReport
from campaigns.reach.lifecycle import TransitionRefused
from campaigns.reach.rules import Problem


def json_value(value):
    """A problem's value as JSON can carry it (dates as YYYY-MM, decimals as text)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no inf/nan (1e999 in a body reads as inf)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m}" if value.day == 1 else value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): json_value(item) for key, item in value.items()}
    return str(value)


def problem_json(problem: Problem, index: int | None = None) -> dict:
    item = {} if index is None else {"index": index}
    item.update(
        field=problem.field,
        value=json_value(problem.value),
        message=str(problem.message),
        code=problem.code,
    )
    return item


def problems_response(errors, warnings=(), status_code=status.HTTP_400_BAD_REQUEST, **extra):
    """`errors`/`warnings` are already JSON items (see problem_json)."""
    return Response({"errors": list(errors), "warnings": list(warnings), **extra}, status_code)


def _flatten(detail, field=None):
    """DRF's nested ValidationError detail -> [(field, message, code)]."""
    if isinstance(detail, dict):
        for key, item in detail.items():
            name = key if field is None else f"{field}.{key}"
            yield from _flatten(item, None if key == "non_field_errors" else name)
    elif isinstance(detail, list):
        for item in detail:
            yield from _flatten(item, field)
    else:
        yield field, str(detail), getattr(detail, "code", "invalid")


def transition_refused_response(exc: TransitionRefused) -> Response:
    """409 when the report's state forbids the step; 400 when its figures break the rules."""
    errors = [{"field": None, "value": None, "message": str(exc), "code": "refused"}]
    errors += [problem_json(problem) for problem in exc.problems]
    code = status.HTTP_400_BAD_REQUEST if exc.problems else status.HTTP_409_CONFLICT
    return Response({"detail": str(exc), "errors": errors}, code)


def exception_handler(exc, context):
    """DRF's handler, with every error answer carrying the `errors` list; the lifecycle's
    refusals become 403 (not allowed) and 409/400 (not possible now)."""
    if isinstance(exc, TransitionRefused):
        return transition_refused_response(exc)
    if isinstance(exc, DuplicateReport):  # saved by another request meanwhile
        problem = {"field": "key", "value": None, "message": str(exc), "code": "duplicate"}
        return Response({"errors": [problem], "warnings": []}, status.HTTP_409_CONFLICT)
    if isinstance(exc, ReachPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()  # never says what was looked for
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "errors": [
                {"field": field, "value": None, "message": message, "code": code}
                for field, message, code in _flatten(exc.detail)
            ]
        }
    else:
        detail = str(exc.detail)
        code = getattr(exc.detail, "code", None) or exc.default_code
        response.data = {
            "detail": detail,
            "errors": [{"field": None, "value": None, "message": detail, "code": code}],
        }
    return response
