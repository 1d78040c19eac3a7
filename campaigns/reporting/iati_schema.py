"""The IATI 2.03 schema every export is checked against before anyone gets it, and the errors
an export is refused with.

The schema is the official one (iati-activities-schema.xsd with the iati-common.xsd and xml.xsd
it includes, from the IATI-Schemas repository), read from the IATI_SCHEMA_DIR setting
(../shared/data/iati-2.03 by default), parsed once per process.
"""

import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree


class IATIExportError(Exception):
    """Why nothing was exported; the message is for the person who asked for it."""


class IATIValidationError(IATIExportError):
    """The export does not follow the IATI 2.03 schema (a bug: nothing is handed out)."""


_validating = threading.Lock()  # an XMLSchema's error log is shared by its callers


@lru_cache(maxsize=4)
def _schema(path: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(path))


def schema() -> etree.XMLSchema:
    path = Path(settings.IATI_SCHEMA_DIR) / "iati-activities-schema.xsd"
    if not path.is_file():
        raise IATIExportError(
            _("The IATI 2.03 schema is missing (%(path)s): set IATI_SCHEMA_DIR.") % {"path": path}
        )
    return _schema(str(path))


def validate(root) -> None:
    """Refuse an export that does not follow the IATI 2.03 schema, naming the first element at
    fault and why."""
    checker = schema()
    with _validating:
        if checker.validate(root):
            return
        error = checker.error_log[0]
    raise IATIValidationError(
        _(
            "The IATI file does not follow the IATI 2.03 schema, so it was not produced: "
            "%(path)s: %(message)s"
        )
        % {"path": error.path, "message": error.message}
    )
