"""Emails as background tasks (cms/mail_tasks.py): with the queued mailer, nothing leaves in the
request; the worker command sends it. Wagtail's own notifications take the same road, since they
use the default mailer. (Other tests see mail.outbox at once: the test runner makes every mailer
locmem.)"""

import io
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from wagtail.admin.mail import send_mail as wagtail_send_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued_mail():
    """The production wiring, with locmem as the real mailer, and a worker run once."""
    numbers = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in numbers}
    with override_settings(
        TASKS={
            "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
            "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        },
        MAILERS={
            "default": {"BACKEND": "cms.mail_tasks.QueuedEmailBackend"},
            "outgoing": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        },
    ):
        mail.outbox = []
        yield lambda: call_command(
            "db_worker", "--batch", "--no-startup-delay", "--backend", "background",
            stdout=io.StringIO(),
        )  # fmt: skip
    for number, handler in handlers.items():
        signal.signal(number, handler)


def test_our_email_leaves_when_the_worker_runs(queued_mail):
    mail.send_mail("Approval refused", "Body é", None, ["fatou@example.org"])
    assert mail.outbox == []
    assert DBTaskResult.objects.get().status == "READY"
    queued_mail()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.to) == (
        "Approval refused",
        "Body é",
        ["fatou@example.org"],
    )
    assert sent.from_email == "campaigns@localhost" and sent.sent_using == "outgoing"


def test_wagtails_notification_road_is_queued_too(queued_mail):
    """wagtail.admin.mail.send_mail is what its workflow and moderation notifiers call, through
    get_connection(): the default mailer, so the queue."""
    wagtail_send_mail("Submitted", "text", ["editor@example.org"], html_message="<p>html</p>")
    assert mail.outbox == []
    queued_mail()
    [sent] = mail.outbox
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"
    assert sent.alternatives[0][0] == "<p>html</p>" and sent.to == ["editor@example.org"]


def test_attachments_travel_and_a_rolled_back_step_sends_nothing(queued_mail):
    message = mail.EmailMessage(
        "Report", "see file", None, ["a@example.org"], bcc=["b@example.org"]
    )
    message.attach("figures.csv", b"a,b\n1,2\n", "text/csv")
    message.send()
    try:
        with transaction.atomic():
            mail.send_mail("Never", "rolled back", None, ["c@example.org"])
            raise RuntimeError
    except RuntimeError:
        pass
    queued_mail()
    [sent] = mail.outbox
    assert sent.bcc == ["b@example.org"]
    assert sent.attachments[0][:2] == (
        "figures.csv",
        "a,b\n1,2\n",
    )  # text: decoded, as attach() does


def test_an_email_the_server_refuses_fails_its_task(queued_mail):
    with override_settings(
        MAILERS={
            "default": {"BACKEND": "cms.mail_tasks.QueuedEmailBackend"},
            "outgoing": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": 1, "use_tls": False, "timeout": 2},
            },
        }
    ):
        sent = mail.send_mail("Down", "server down", None, ["a@example.org"])
        assert sent == 1  # queued: the request does not wait for the server
        queued_mail()
    task = DBTaskResult.objects.get()
    assert task.status == "FAILED" and "ConnectionRefusedError" in task.traceback
