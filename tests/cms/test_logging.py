"""cms.logging.JsonFormatter: one JSON object per line, with what a log search needs."""

import json
import logging
import sys

from django.test import RequestFactory

from cms.logging import JsonFormatter, logging_config, parse_admins


def record(name="campaigns", level=logging.INFO, msg="hello %s", args=("world",), **extra):
    item = logging.LogRecord(name, level, __file__, 1, msg, args, None)
    item.__dict__.update(extra)
    return item


def test_a_plain_record():
    line = JsonFormatter().format(record())
    entry = json.loads(line)
    assert entry["level"] == "INFO" and entry["logger"] == "campaigns"
    assert entry["message"] == "hello world"
    assert entry["time"].endswith("+00:00")
    assert "exception" not in entry and "path" not in entry


def test_a_request_error_keeps_path_status_and_traceback_on_one_line():
    request = RequestFactory().get("/en/campaigns/sn/?token=secret")
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        item = record("django.request", logging.ERROR, "Internal Server Error: %s", ("/x",),
                      request=request, status_code=500, exc_info=sys.exc_info())  # fmt: skip
    line = JsonFormatter().format(item)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/en/campaigns/sn/", 500)
    assert "Traceback" in entry["exception"] and "ValueError: bad\nthing" in entry["exception"]
    assert "secret" not in line  # no query string


def test_gunicorn_access_atoms():
    atoms = {"m": "GET", "U": "/healthz", "s": "200", "M": 3, "q": "token=secret"}
    item = record("gunicorn.access", msg="%(m)s %(U)s", args=())
    item.args = atoms
    entry = json.loads(JsonFormatter().format(item))
    assert (entry["method"], entry["path"], entry["status"], entry["duration_ms"]) == (
        "GET", "/healthz", 200, 3,
    )  # fmt: skip


def test_non_ascii_messages_stay_readable():
    entry = json.loads(JsonFormatter().format(record(msg="Sénégal %s", args=("ⴰⵣ",))))
    assert entry["message"] == "Sénégal ⴰⵣ"


def test_admins_and_their_handler():
    assert parse_admins(None) == [] and parse_admins(" ") == []
    assert parse_admins("Ops <ops@example.org>, b@example.org") == [
        "Ops <ops@example.org>",
        "b@example.org",
    ]
    assert "mail_admins" not in logging_config()["handlers"]
    config = logging_config(mail_admins=True)
    assert config["loggers"]["django.request"]["handlers"] == ["stdout", "mail_admins"]
