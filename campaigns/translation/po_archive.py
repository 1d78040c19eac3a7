"""Several translated PO files at once: the zip ``po_export`` makes for several languages, sent
back translated (the admin's Import screen and ``manage.py import_translations FILE.zip``).

Every PO file in it is checked (``po_import``) before anything is written; any error in any file
refuses the whole zip. Then all files are applied in one transaction: all of them, or (should a
file meet an error only while writing) none. Each item saved goes to review once, after the
last file is written (one file's review would otherwise lock the item against the next).

Files are applied the language translated *from* last: Senegal's Wolof is translated from its
French, so a zip of both saves the Wolof first, checked against the French it was translated
from, then the French; the Wolof then shows as out of date where its French source changed,
as it would had the two files come one after the other.

A zip is not trusted before it is read: at most ``MAX_ARCHIVE_BYTES`` uploaded and
``MAX_MEMBERS`` files, each a ``.po`` at the top of the zip (no folders, no absolute paths), none
over ``po_import.MAX_BYTES`` once unpacked, together at most ``MAX_TOTAL_BYTES``, and none
packed more than ``MAX_RATIO`` times smaller (zip bombs); no encryption, and only the stored and
deflated methods every zip tool writes. The sizes the zip declares are checked first, then each
file is read no further than its limit, whatever the zip says. ``__MACOSX/`` entries (macOS's
Finder adds them to every zip it makes) are passed over unread.
"""

import io
import zipfile
import zlib
from collections import defaultdict

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.translation import po_export, po_import
from campaigns.translation import units as unit_source
from campaigns.translation.po_import import Outcome, Report

MAX_ARCHIVE_BYTES = 5 * 1024 * 1024
MAX_MEMBERS = 20  # one file per content language, and room to spare
MAX_TOTAL_BYTES = 16 * 1024 * 1024
MAX_RATIO = 50  # a PO file packs about 4 times smaller; a zip bomb a thousand times
RATIO_FROM_BYTES = 64 * 1024  # smaller files cannot hurt, whatever their ratio
MACOS_METADATA = "__MACOSX/"
METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a first file, or an empty zip's end record


class ArchiveRefused(Exception):
    """The zip cannot be taken; ``outcomes``: each reason (a file's name as its context)."""

    def __init__(self, outcomes: list[Outcome]):
        super().__init__("; ".join(str(outcome) for outcome in outcomes))
        self.outcomes = outcomes


def is_zip(data: bytes) -> bool:
    return data[:4] in ZIP_SIGNATURES


def import_file(data: bytes, user=None, *, dry_run=False, expected=None) -> Report:
    """A PO file or a zip of them, whichever ``data`` is."""
    if is_zip(data):
        return import_archive(data, user, dry_run=dry_run, expected=expected)
    return po_import.import_po(data, user, dry_run=dry_run, expected=expected)


# --- Reading ------------------------------------------------------------------------------------


def _refused(name: str, reason: str) -> Outcome:
    return Outcome(None, "", reason, file=name)


def member_problems(info: zipfile.ZipInfo) -> list[str]:
    """What is wrong with one entry of the zip, from what the zip declares."""
    name = info.filename
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return [_("an absolute path: put the PO files at the top of the zip")]
    if "/" in name or "\\" in name or name in {".", ".."}:
        return [_("in a folder: put the PO files at the top of the zip")]
    problems = []
    if not name.lower().endswith(".po"):
        problems.append(_("not a .po file"))
    if info.flag_bits & 0x1:
        problems.append(_("encrypted"))
    if info.compress_type not in METHODS:
        problems.append(_("packed with a method other than deflate"))
    if info.file_size > po_import.MAX_BYTES:
        problems.append(_("larger than 2 MB once unpacked"))
    elif info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
        info.compress_size, 1
    ):
        problems.append(
            _("packed %(ratio)s times smaller than it is: not a PO file (a zip bomb?)")
            % {"ratio": info.file_size // max(info.compress_size, 1)}
        )
    return problems


def read_archive(data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of each PO file of the zip, in the zip's order; ArchiveRefused."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveRefused([_refused("", _("the zip is larger than 5 MB"))])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as error:
        reason = _("not a zip file that can be read: %(error)s") % {"error": error}
        raise ArchiveRefused([_refused("", reason)]) from error
    infos = [info for info in infos if not info.filename.startswith(MACOS_METADATA)]
    if not infos:
        raise ArchiveRefused([_refused("", _("the zip has no PO file in it"))])
    if len(infos) > MAX_MEMBERS:
        reason = _("the zip has %(count)s files, at most %(limit)s (one per language)") % {
            "count": len(infos),
            "limit": MAX_MEMBERS,
        }
        raise ArchiveRefused([_refused("", reason)])
    outcomes, seen = [], set()
    for info in infos:
        outcomes += [_refused(info.filename, problem) for problem in member_problems(info)]
        if info.filename.casefold() in seen:
            outcomes.append(_refused(info.filename, _("in the zip more than once")))
        seen.add(info.filename.casefold())
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        outcomes.append(_refused("", _("the files add up to more than 16 MB once unpacked")))
    if outcomes:
        raise ArchiveRefused(outcomes)
    return [(info.filename, _read_member(archive, info)) for info in infos]


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The file's bytes, read no further than its limit whatever the zip declared."""
    try:
        with archive.open(info) as member:
            content = member.read(po_import.MAX_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as error:
        reason = _("cannot be unpacked: %(error)s") % {"error": error}
        raise ArchiveRefused([_refused(info.filename, reason)]) from error
    if len(content) != info.file_size or zlib.crc32(content) != info.CRC:
        reason = _("not the file the zip says it is (size or checksum): damaged?")
        raise ArchiveRefused([_refused(info.filename, reason)])
    return content


# --- Checking and applying ----------------------------------------------------------------------


class _RollBack(Exception):
    """A file refused while writing: every file's writes are undone."""


def import_archive(data: bytes, user=None, *, dry_run=False, expected=None) -> Report:
    """Check every PO file of the zip, then apply them all in one transaction (unless
    ``dry_run`` or any error). The report merges the files' (each outcome names its file);
    ``report.files`` keeps each file's own."""
    report = Report(dry_run=dry_run)
    try:
        members = read_archive(data)
    except ArchiveRefused as error:
        report.errors += error.outcomes
        return report
    checked = [
        (name, payload, po_import.import_po(payload, user, dry_run=True, expected=expected))
        for name, payload in members
    ]
    report.errors += _same_language_twice(checked)
    if report.errors or dry_run or any(result.refused for _n, _p, result in checked):
        return _merge(report, [(name, result) for name, _payload, result in checked])
    results = []
    try:
        with transaction.atomic():
            for name, payload, _result in sorted(checked, key=_application_order):
                result = po_import.import_po(payload, user, expected=expected, send_to_review=False)
                results.append((name, result))
                if result.refused:
                    raise _RollBack
            # Each item once, after every file is written (a review started earlier would lock
            # the item against the next file's check).
            saved = {(type(obj), obj.pk): obj for _n, result in results for obj in result.saved}
            for obj in saved.values():
                po_import._send_to_review(obj, user)
    except _RollBack:
        for _name, result in results:
            result.applied, result.revisions = [], 0
    order = [name for name, _payload in members]
    return _merge(report, sorted(results, key=lambda item: order.index(item[0])))


def _same_language_twice(checked) -> list[Outcome]:
    names = defaultdict(list)
    for name, _payload, result in checked:
        if result.language:
            names[result.language].append(name)
    return [
        _refused(
            ", ".join(files),
            _("two files translate into %(language)s: one file per language")
            % po_import._named(language),
        )
        for language, files in names.items()
        if len(files) > 1
    ]


def _application_order(entry) -> int:
    """Languages later in the country's chain first (they are translated from earlier ones)."""
    _name, _payload, result = entry
    try:
        items = po_export.scope_items(po_export.Scope.parse(result.scope))
    except (LookupError, ValueError):
        return 0
    chain = unit_source.chain(items[0]) if items else []
    return -(chain.index(result.language) if result.language in chain else len(chain))


def _merge(report: Report, results) -> Report:
    kinds = ("applied", "unchanged", "skipped", "conflicts", "errors")
    for name, result in results:
        for kind in kinds:
            for outcome in getattr(result, kind):
                outcome.file = name
            getattr(report, kind).extend(getattr(result, kind))
        report.revisions += result.revisions
        report.files.append((name, result))
    report.language = ", ".join(dict.fromkeys(r.language for _n, r in results if r.language))
    report.scope = ", ".join(dict.fromkeys(r.scope for _n, r in results if r.scope))
    return report
