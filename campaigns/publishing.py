"""Checks that must pass before content goes live, whoever publishes it and by whatever route.

Content does not know why it could be refused: other concepts (funding's visibility rules)
register checks here, and every route calls ``publish_problems``: the page and snippet edit
views and bulk publish (admin hooks, which answer with a message), the review's approval
(``ReviewTask``), and, as the last line, ``publish()`` on the models themselves (the workflow's
final publication, the scheduled publication, anything else).
"""

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from campaigns.localization import has_text

logger = logging.getLogger(__name__)

PublishCheck = Callable[[object], list[str]]
_checks: list[PublishCheck] = []


def register_publish_check(check: PublishCheck) -> PublishCheck:
    if check not in _checks:
        _checks.append(check)
    return check


def publish_problems(obj) -> list[str]:
    """Why ``obj`` (as it would go live) may not be published; empty when it may."""
    return [problem for check in _checks for problem in check(obj)]


def own_language_codes(obj) -> list[str]:
    """The languages an item is published in: pages, the offered languages it has a title in;
    materials, the languages of their versions (the others only show fallbacks)."""
    if hasattr(obj, "versions") and not hasattr(obj, "url_path"):
        return list(dict.fromkeys(version.language for version in obj.versions.all()))
    codes = obj.offered_language_codes() if hasattr(obj, "offered_language_codes") else []
    return [
        code for code in codes if has_text(getattr(obj, build_localized_fieldname("title", code)))
    ]


class PublishRefused(PermissionDenied):
    def __init__(self, obj, problems: list[str]):
        self.problems = problems
        super().__init__(refusal_message(obj, problems))


def refusal_message(obj, problems: list[str]) -> str:
    return _("“%(title)s” cannot be published yet: %(problems)s") % {
        "title": str(obj),
        "problems": " ".join(problems),
    }


class CheckedPublishMixin:
    """Refuse ``publish()`` when a registered check fails (the routes above show why first)."""

    def publish(self, revision, *args, **kwargs):
        problems = publish_problems(revision.as_object())
        if problems:
            if kwargs.get("log_action") == "wagtail.publish.scheduled":
                # publish_scheduled must go on with the others; this one waits for a fix.
                logger.warning("Scheduled publication refused: %s", refusal_message(self, problems))
                return None
            raise PublishRefused(self, problems)
        return super().publish(revision, *args, **kwargs)
