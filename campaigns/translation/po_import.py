"""Translations from a PO file (``po_export``'s, translated elsewhere) back into the content.

Every entry is checked before anything is written (``check``); any *error* refuses the whole file
and nothing changes. The file: UTF-8, a PO file Babel reads, no entry twice, a ``Language`` that is
a content language, and the scope its header names (``Project-Id-Version: campaigns
campaign:<code>``, the one expected when the admin imports from a campaign's screen). Each entry:
an object of that scope the user may change (page permissions, snippet permissions, a limited
translator's languages, no lock or review holding it), offered in the language, an existing
field and block, and a translation that keeps its source's markup, links and placeholders, has no
script or style, and a sane length (``po_checks``).

Then each entry is one of:

* **skipped**: fuzzy (out of date, to be reviewed by the translator) or empty;
* **conflict**: its msgid is no longer the item's source (the source changed since the export),
  the text is gone, or its block is not in the language's own StreamField (added or re-ordered
  since): reported, never applied;
* **unchanged**: the same text as now;
* **applied**: written, in one transaction for the whole file. Pages and materials get a new
  draft revision (never published) by the importing user, and go to review as the editor's
  "Submit for review" does: their workflow starts, or resumes where changes were asked; an
  item already in review keeps its review and the draft joins it. A country (no revisions) is
  saved. Interface words are saved through ``interface_words.save_entries``.

A dry run checks and reports the same without writing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaigns.i18n.languages import to_django_code
from campaigns.i18n.names import language_name
from campaigns.translation import po_export
from campaigns.translation import units as unit_source

MAX_BYTES = 2 * 1024 * 1024
MAX_ENTRIES = 10_000  # a whole country's campaigns and materials in one language: about 1,000
MAX_ERRORS = 200  # checking goes no further: the report would be read by nobody


class PoFileRefused(Exception):
    """The file cannot be read at all; ``line`` is where (1-based, or None)."""

    def __init__(self, message: str, line: int | None = None):
        where = _("line %(line)s: ") % {"line": line} if line else ""
        super().__init__(f"{where}{message}")
        self.line, self.message = line, message


@dataclass
class Outcome:
    line: int | None
    context: str
    reason: str = ""
    msgid: str = ""
    file: str = ""  # the file's name inside a zip (``po_archive``)

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("file")
        if self.file:
            where = f"{self.file}, {where}" if self.line else self.file
        label = self.context
        if label and label.endswith(":") and self.msgid:  # an interface word: name the word
            label += " " + (self.msgid if len(self.msgid) <= 40 else self.msgid[:39] + "…")
        what = f" [{label}]" if label else ""
        return f"{where}{what}: {self.reason}" if self.reason else f"{where}{what}"


@dataclass
class Report:
    language: str = ""
    scope: str = ""
    dry_run: bool = False
    applied: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    skipped: list[Outcome] = field(default_factory=list)
    conflicts: list[Outcome] = field(default_factory=list)
    errors: list[Outcome] = field(default_factory=list)
    revisions: int = 0  # draft revisions saved (0 on a dry run or when refused)
    files: list = field(default_factory=list)  # a zip's: (name, its own Report) per file
    saved: list = field(default_factory=list, repr=False)  # the items given a draft revision

    @property
    def refused(self) -> bool:
        return bool(self.errors)

    @property
    def from_zip(self) -> bool:
        """A zip's report: its outcomes name their files."""
        return bool(self.files) or any(outcome.file for outcome in self.errors)

    def summary(self) -> str:
        counts = {
            "applied": len(self.applied),
            "unchanged": len(self.unchanged),
            "skipped": len(self.skipped),
            "conflicts": len(self.conflicts),
            "errors": len(self.errors),
        }
        if self.refused:
            text = (
                ngettext(
                    "Refused, nothing changed: %(errors)s error.",
                    "Refused, nothing changed: %(errors)s errors.",
                    counts["errors"],
                )
                % counts
            )
        elif self.dry_run:
            text = (
                _(
                    "Dry run, nothing changed: %(applied)s would be applied, %(unchanged)s "
                    "unchanged, %(skipped)s skipped, %(conflicts)s conflicts."
                )
                % counts
            )
        else:
            text = (
                _(
                    "%(applied)s applied, %(unchanged)s unchanged, %(skipped)s skipped, "
                    "%(conflicts)s conflicts."
                )
                % counts
            )
        return text

    def lines(self, untranslated: bool = True) -> list[str]:
        """Every error, conflict and skipped entry, one line each (without the entries left
        untranslated unless asked: most of a file, and no news to the translator)."""
        out = [_("Error") + f" {item}" for item in self.errors]
        out += [_("Conflict") + f" {item}" for item in self.conflicts]
        blank = _("not translated")
        out += [
            _("Skipped") + f" {item}"
            for item in self.skipped
            if untranslated or item.reason != blank
        ]
        return out


# --- Reading ------------------------------------------------------------------------------------


class _Parser(PoFileParser):
    """Babel's parser, remembering where each entry starts and which came twice."""

    def __init__(self, catalog):
        super().__init__(catalog, ignore_obsolete=True, abort_invalid=True)
        self.starts: dict[tuple, int] = {}
        self.duplicates: list[tuple[int, str]] = []
        self._start = None

    def _process_keyword_line(self, lineno, line, obsolete=False):
        keyword = line.partition(" ")[0]
        if keyword in ("msgid", "msgctxt"):
            self._finish_current_message()
            if not self.messages and self.context is None:
                self._start = lineno + 1
        super()._process_keyword_line(lineno, line, obsolete)

    def _add_message(self):
        msgid = self.messages[0].denormalize() if self.messages else ""
        context = self.context.denormalize() if self.context else None
        key = self.catalog._key_for(msgid, context)
        if not self.obsolete:
            if key in self.starts:
                self.duplicates.append((self._start, context or msgid))
            else:
                self.starts[key] = self._start
        super()._add_message()


def read(data: bytes) -> tuple[Catalog, dict, list]:
    """(catalogue, start line of each entry, duplicates); PoFileRefused when unreadable."""
    if len(data) > MAX_BYTES:
        raise PoFileRefused(_("the file is larger than 2 MB"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PoFileRefused(_("not UTF-8 text (a PO file must be saved as UTF-8)"), line) from error
    if "\x00" in text:
        raise PoFileRefused(_("not a PO file"), text[: text.index("\x00")].count("\n") + 1)
    catalog = Catalog()
    parser = _Parser(catalog)
    try:
        parser.parse(text.splitlines())
    except PoFileError as error:
        reason = _("not a PO file: %(error)s") % {"error": error}
        raise PoFileRefused(reason, error.lineno + 1) from error
    except (ValueError, IndexError, TypeError) as error:
        raise PoFileRefused(_("not a PO file: %(error)s") % {"error": error}) from error
    if not len(catalog) and not parser.starts:
        raise PoFileRefused(_("not a PO file: no entries found"), 1)
    return catalog, parser.starts, parser.duplicates


# --- Checking and applying ----------------------------------------------------------------------


@dataclass
class _Plan:
    texts: dict = field(default_factory=lambda: defaultdict(dict))  # item -> {key: text}
    items: dict = field(default_factory=dict)  # (label, pk) -> current object
    words: list = field(default_factory=list)  # interface words: (message, context, plural, forms)


def import_po(
    data: bytes, user=None, *, dry_run=False, expected=None, send_to_review=True
) -> Report:
    """Check every entry, then apply them all in one transaction (unless ``dry_run`` or any
    error). ``user`` None: a trusted command-line import (no permission checks).
    ``send_to_review`` False: the caller sends ``report.saved`` to review itself (a zip's files
    all written first, so a review started by one file does not lock the item for the next)."""
    report = Report(dry_run=dry_run)
    try:
        catalog, starts, duplicates = read(data)
    except PoFileRefused as error:
        report.errors.append(Outcome(error.line, "", error.message))
        return report
    for line, context in duplicates:
        report.errors.append(Outcome(line, context, _("this entry appears more than once")))
    language = _language(catalog, report)
    scope = _scope(catalog, report, expected)
    if report.errors:
        return report
    report.language, report.scope = language, str(scope)
    from campaigns.content.models.translators import translator_language_codes

    limited = translator_language_codes(user) if user is not None else None
    if limited is not None and language not in limited:
        report.errors.append(
            Outcome(None, "", _("you may not translate into %(language)s") % _named(language))
        )
        return report
    try:
        in_scope = {(obj._meta.label_lower, str(obj.pk)) for obj in po_export.scope_items(scope)}
    except LookupError:
        report.errors.append(Outcome(None, "", _("%(scope)s does not exist") % {"scope": scope}))
        return report
    entries = sum(1 for message in catalog if message.id)
    if entries > MAX_ENTRIES:
        report.errors.append(
            Outcome(
                None,
                "",
                _("too many entries: %(count)s, at most %(limit)s in one file")
                % {"count": entries, "limit": MAX_ENTRIES},
            )
        )
        return report
    plan = _Plan()
    from campaigns.translation.po_entries import check_entry

    for message in catalog:
        if not message.id:
            continue  # the header
        line = starts.get(catalog._key_for(message.id, message.context))
        check_entry(message, line, language, user, in_scope, plan, report)
        if len(report.errors) >= MAX_ERRORS:  # enough to say the file is not for this site
            report.errors.append(Outcome(None, "", _("too many errors: checking stopped")))
            return report
    if report.errors or dry_run:
        return report
    try:
        with transaction.atomic():
            report.revisions = _write(plan, language, user, report, send_to_review)
    except ValidationError as error:
        report.errors.append(Outcome(None, "", "; ".join(error.messages)))
        report.applied = []
    return report


def _language(catalog, report) -> str:
    identifier = catalog.locale_identifier or (str(catalog.locale) if catalog.locale else "")
    if not identifier:
        report.errors.append(Outcome(1, "", _("the file names no language (Language header)")))
        return ""
    code = to_django_code(identifier)
    if code not in dict(settings.LANGUAGES):
        report.errors.append(
            Outcome(1, "", _("%(code)s is not a content language of this site") % {"code": code})
        )
    return code


def _scope(catalog, report, expected):
    try:
        scope = po_export.Scope.parse(catalog.version or "")
    except ValueError:
        report.errors.append(
            Outcome(
                1,
                "",
                _("the file does not say what it translates (Project-Id-Version); export it again"),
            )
        )
        return None
    if expected is not None and scope != expected:
        report.errors.append(
            Outcome(
                1,
                "",
                _("this file translates %(found)s, not %(expected)s")
                % {"found": scope, "expected": expected},
            )
        )
    return scope


def _named(code: str) -> dict:
    try:
        return {"language": language_name(code)}
    except ValueError:
        return {"language": code}


def _write(plan: _Plan, language: str, user, report, send_to_review=True) -> int:
    """Apply the plan; returns the number of revisions saved."""
    revisions = 0
    for item_key, texts in plan.texts.items():
        obj = plan.items[item_key]
        unit_source.apply(obj, language, texts)
        if hasattr(obj, "save_revision"):
            obj.save_revision(user=user, log_action=True)
            revisions += 1
            report.saved.append(obj)
            if send_to_review:
                _send_to_review(obj, user)
        else:
            obj.full_clean()
            obj.save()
    if plan.words:
        from campaigns.translation.interface_words import save_entries

        save_entries(language, plan.words, user=user)
    return revisions


def _send_to_review(obj, user) -> None:
    """What "Submit for review" does: start the item's workflow, or resume it where changes
    were asked; an item already in review keeps it."""
    workflow = obj.get_workflow() if hasattr(obj, "get_workflow") else None
    if workflow is None:
        return
    state = obj.current_workflow_state
    if state is None:
        workflow.start(obj, user)
    elif state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user)
