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
_many: dict[PublishCheck, Callable[[list], list[list[str]]]] = {}

# Who fixes a problem a check reports without saying (the content itself): the editors' group.
CONTENT_FIXERS = "Campaign editors"


class Problem(str):
    """A reason a check refuses, which says who can fix it (``fixers``: the name of a role's
    group, campaigns.access.roles) and what to open to fix it (``subjects``: objects the admin
    can link to, e.g. a funder and its agreements). It is the reason's text everywhere else."""

    def __new__(cls, text, fixers: str = CONTENT_FIXERS, subjects=()):
        problem = super().__new__(cls, text)
        problem.fixers = fixers
        problem.subjects = tuple(subjects)
        return problem


def register_publish_check(check: PublishCheck, many=None) -> PublishCheck:
    """``many``: the same check for a list of objects at once (one list of problems per
    object), for screens that ask about many items (the reviewer's queue) in a fixed number of
    queries."""
    if check not in _checks:
        _checks.append(check)
    if many is not None:
        _many[check] = many
    return check


def publish_problems(obj) -> list[str]:
    """Why ``obj`` (as it would go live) may not be published; empty when it may."""
    return [problem for check in _checks for problem in check(obj)]


def publish_problems_many(objs) -> list[list[str]]:
    """``publish_problems`` for each of ``objs``, in their order."""
    objs = list(objs)
    found: list[list[str]] = [[] for _obj in objs]
    for check in _checks:
        many = _many.get(check)
        results = many(objs) if many else [check(obj) for obj in objs]
        for problems, more in zip(found, results, strict=True):
            problems.extend(more)
    return found


def fixers_of(problems) -> list[str]:
    """The groups whose members can fix ``problems``, each once, in order."""
    return list(dict.fromkeys(getattr(p, "fixers", CONTENT_FIXERS) for p in problems))


def who_can_fix(problems) -> str:
    return _("Who can fix it: %(groups)s.") % {
        "groups": ", ".join(_(group) for group in fixers_of(problems))
    }


class PublishRefused(PermissionDenied):
    def __init__(self, obj, problems: list[str]):
        self.problems = problems
        super().__init__(refusal_message(obj, problems))


def refusal_message(obj, problems: list[str]) -> str:
    return _("“%(title)s” cannot be published yet: %(problems)s %(who)s") % {
        "title": str(obj),
        "problems": " ".join(problems),
        "who": who_can_fix(problems),
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
