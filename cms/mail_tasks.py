"""Every email the site sends goes out from the background worker, not from the web request.

``QueuedEmailBackend`` is ``MAILERS["default"]`` (cms/settings/base.py): what reaches it (our own
emails, campaigns.content.refusals; Wagtail's workflow and moderation notifications, which call
``django.core.mail.get_connection()`` with no way to pass a task; password resets) is written as
a task of the "background" backend, in the sender's transaction (a rolled-back step sends
nothing), and ``send_email`` hands it to the real mailer (``MAILERS["outgoing"]``: SMTP, or the
console) when the worker runs it. Why a backend rather than a task in each sender: Wagtail 8's
notifications have no setting or hook to queue themselves (wagtail/admin/mail.py sends inside the
request, through the default connection), but they do use the default mailer, so this is the one
place that catches all of them.

An SMTP server that is down no longer slows down or fails a page save; a message the server
refuses fails its task (django-tasks-db keeps the traceback; the worker logs it). The message is
rendered (subject and body, in the recipient's language) before it is queued: only its fields
travel. A message with an attachment that is not (name, content, type) is sent at once.
Tests: setup_test_environment() makes every mailer locmem, so ``mail.outbox`` fills at once;
tests/cms/test_mail_tasks.py queues through this backend explicitly.
"""

import base64

from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.tasks import task

OUTGOING = "outgoing"  # the MAILERS alias that really sends


def _text(value) -> dict:
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    return {"text": value}


def _untext(value: dict):
    return base64.b64decode(value["b64"]) if "b64" in value else value["text"]


def as_data(message) -> dict | None:
    """The message's fields as JSON, or None when it holds something that is not plain data."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            return None  # a MIMEBase part: sent at once rather than mangled
        name, content, mimetype = attachment
        attachments.append([name, _text(content), mimetype])
    alternatives = [[_text(content), mimetype]
                    for content, mimetype in getattr(message, "alternatives", [])]  # fmt: skip
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": alternatives,
        "attachments": attachments,
    }


def from_data(data: dict, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data["from_email"],
        data["to"],
        bcc=data["bcc"],
        cc=data["cc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        connection=connection,
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(_untext(content), mimetype)
    for name, content, mimetype in data["attachments"]:
        message.attach(name, _untext(content), mimetype)
    return message


@task(backend="background")
def send_email(data: dict, mailer: str = OUTGOING) -> int:
    """Send one queued message through the real mailer; an error fails the task (recorded)."""
    with mailers[mailer] as connection:
        return from_data(data, connection).send()


class QueuedEmailBackend(BaseEmailBackend):
    """A mailer that queues each message as a ``send_email`` task (OPTIONS: ``mailer``, the
    alias that sends, "outgoing" by default)."""

    def __init__(self, *args, mailer: str = OUTGOING, **kwargs):
        super().__init__(*args, **kwargs)
        self.mailer = mailer

    def send_messages(self, messages) -> int:
        count = 0
        for message in messages:
            if not message.recipients():
                continue
            message.message()  # headers checked now, in the sender, as any backend does
            data = as_data(message)
            if data is None:
                with mailers[self.mailer] as connection:
                    count += connection.send_messages([message])
                continue
            send_email.enqueue(data, self.mailer)
            count += 1
        return count
