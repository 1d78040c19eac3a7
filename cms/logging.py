"""Logs as one JSON object per line on stdout, for whatever collects the container's output.

One line per event, whatever the message holds (a traceback's newlines are escaped inside its
JSON string), so a log collector never splits an error into pieces. Each line has the time (UTC,
ISO 8601), the level, the logger and the message; Django's request records add the method, path
and status; gunicorn's access records (gunicorn.conf.py) the same, with the duration; a record
with an exception adds its traceback as ``exception``. No query string and no header: they may
hold tokens or personal data.
"""

import json
import logging
from datetime import UTC, datetime

# gunicorn's access-log atoms (record.args) -> our field names.
GUNICORN_ACCESS_FIELDS = {"m": "method", "U": "path", "s": "status", "M": "duration_ms"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, field in GUNICORN_ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-"):
                    entry[field] = int(value) if str(value).isdigit() else value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def parse_admins(value: str | None) -> list[str]:
    """``"Ops <ops@example.org>, dev@example.org"`` -> the addresses Django's ADMINS takes."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def logging_config(level: str = "INFO", mail_admins: bool = False) -> dict:
    """LOGGING for production: every logger to stdout as JSON lines; server errors (500) from
    ``django.request`` also by email to ADMINS when there are any."""
    request_handlers = ["stdout", "mail_admins"] if mail_admins else ["stdout"]
    handlers = {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
    }
    if mail_admins:
        handlers["mail_admins"] = {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
        }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "cms.logging.JsonFormatter"}},
        "handlers": handlers,
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Replaces Django's defaults (console only when DEBUG, mail_admins always).
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            # 500s with their traceback; 404s and other 4xx stay out (robots make them by the
            # thousand). django.security (bad hosts, CSRF failures) keeps its warnings.
            "django.request": {"handlers": request_handlers, "level": "ERROR", "propagate": False},
            "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
            # django-axes: lockouts (WARNING) kept, its banner at each start and every wrong
            # password (INFO) left out.
            "axes": {"level": "WARNING"},
        },
    }
