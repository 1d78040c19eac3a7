"""Checks that must pass before content goes live, whoever publishes it and by whatever route.

Content does not know why it could be refused: other concepts (funding's visibility rules)
register checks here, and every route calls ``publish_problems``: the page and snippet edit
views and bulk publish (admin hooks, which answer with a message), the review's approval
(``ReviewTask``), and, as the last line, ``publish()`` on the models themselves (the workflow's
final publication, the scheduled publication, anything else).

Checks that depend on the languages an item is published in ask
``campaigns.i18n.localization.published_language_codes``: any language in which the item has text of
its own, in any translated field or language version, not only a title.
"""

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

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
