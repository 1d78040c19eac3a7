"""A way forward from a refused publication: what to open to fix it, and who is told.

The checks (campaigns.content.publishing) say who can fix each problem (a role's group) and what
it is about (a funder, its agreements...). Here those become links, for a user who may open them
(the edit screen for who may change the object, its inspect screen for who may only see it,
nothing for anyone else: a link gives no right), and the email sent when a review's approval is
refused: to the editor who submitted the item and to the members of the groups who can fix it.
"""

import logging

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.users.models import UserProfile

from campaigns.content.publishing import fixers_of, refusal_message

logger = logging.getLogger(__name__)


def subject_url(user, obj) -> str | None:
    """Where ``user`` may open ``obj``: its edit screen, else its inspect screen, else None."""
    url = AdminURLFinder(user).get_edit_url(obj)
    if url:
        return url
    viewset = getattr(obj, "snippet_viewset", None)
    if (
        viewset is not None
        and getattr(viewset, "inspect_view_enabled", False)
        and viewset.permission_policy.user_has_permission(user, "view")
    ):
        return reverse(viewset.get_url_name("inspect"), args=[quote(obj.pk)])
    return None


def subject_links(user, problems) -> list[tuple[str, str]]:
    """(url, label) for each thing the problems are about that ``user`` may open, each once."""
    links = {}
    for problem in problems:
        for subject in getattr(problem, "subjects", ()):
            key = (type(subject), subject.pk)
            if key in links:
                continue
            url = subject_url(user, subject)
            if url:
                links[key] = (url, f"{capfirst(subject._meta.verbose_name)}: {subject}")
    return list(links.values())


def capfirst(text) -> str:
    text = str(text)
    return text[:1].upper() + text[1:]


def message_buttons(user, problems):
    from wagtail.admin import messages

    return [messages.button(url, label) for url, label in subject_links(user, problems)]


def recipients(task_state, problems) -> list:
    """The editor who submitted the item, and the active members of the groups who can fix it."""
    people = []
    submitter = task_state.workflow_state.requested_by
    if submitter is not None and submitter.is_active:  # a deactivated account is not emailed
        people.append(submitter)
    people += list(
        get_user_model()
        .objects.filter(groups__name__in=fixers_of(problems), is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    seen, unique = set(), []
    for person in people:
        if person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            unique.append(person)
    return unique


def one_line(text) -> str:
    """``text`` with its line breaks and runs of spaces made one space: a header (an email's
    subject) refuses a line break (a page title may hold one)."""
    return " ".join(str(text).split())


def notify_refused_approval(task_state, reviewer, obj, problems) -> None:
    """Tell the editor and the people who can fix it that ``reviewer``'s approval was refused,
    each in their preferred admin language. As Wagtail's own notifications, an email that cannot
    be sent is logged and the review goes on (the refusal is shown to the reviewer anyway)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    reviewer_name = reviewer.get_full_name() or reviewer.get_username() if reviewer else ""
    for person in recipients(task_state, problems):
        with override(UserProfile.get_for_user(person).get_preferred_language()):
            subject = _("Approval refused: “%(title)s” cannot be published yet") % {
                "title": one_line(obj)
            }
            body = refusal_email_body(person, task_state, reviewer_name, obj, problems, base)
        try:
            send_mail(subject, body, None, [person.email])
        except (ConnectionError, TimeoutError):
            logger.exception("Mail connection error, refused approval emails skipped")
            return
        except Exception:
            logger.exception("Failed to send the refused approval email to %s", person.email)


def refusal_email_body(person, task_state, reviewer_name, obj, problems, base) -> str:
    lines = [
        _("%(reviewer)s tried to approve “%(title)s” (task “%(task)s”); the approval was "
          "refused.") % {"reviewer": reviewer_name, "title": obj, "task": task_state.task},
        "",
        refusal_message(obj, problems),
        "",
    ]  # fmt: skip
    links = subject_links(person, problems)
    edit_url = AdminURLFinder(person).get_edit_url(obj)
    if edit_url:
        links.append((edit_url, _("The item: %(title)s") % {"title": one_line(obj)}))
    if links:
        lines.append(_("Open:"))
        lines += [f"- {label}: {base}{url}" for url, label in links]
    return "\n".join(str(line) for line in lines)
