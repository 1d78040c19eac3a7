"""A zip of translated PO files (the export's for several languages) taken back: every file
checked first, all applied in one transaction or none, hostile zips refused with a reason.

The zips are made here: the export's own, odd real-world ones (macOS Finder's, a Windows
editor's, a streamed one with data descriptors) and hostile ones (too many files, too large,
folders, absolute paths, other files, a zip bomb, a damaged one)."""

import io
import random
import zipfile

import pytest
from babel.messages.pofile import read_po, write_po
from wagtail.models import Revision

from campaigns.translation import po_archive, po_export

pytestmark = pytest.mark.django_db

OBJECTIVE_WO = "Dimbali ndaw ñi ak seen njaboot ñu xam bu baax li ñuy fexe."
OBJECTIVE_FR = "Aider les jeunes à mesurer les risques de la traversée avant de partir."


def exported_files(page, languages=("wo", "fr")) -> dict[str, bytes]:
    scope = po_export.campaign_scope(page)
    _name, data, content_type = po_export.export(scope, list(languages))
    assert content_type == "application/zip"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def translated(data: bytes, suffix: str, text: str) -> bytes:
    catalog = read_po(io.BytesIO(data))
    for message in catalog:
        if message.context and message.context.endswith(suffix):
            message.string = text
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def zipped(files, method=zipfile.ZIP_DEFLATED) -> bytes:
    """``files``: {name: bytes} or [(name, bytes)] (duplicates allowed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in getattr(files, "items", lambda: files)():
            archive.writestr(name, data)
    return buffer.getvalue()


def by_language(files: dict[str, bytes], language: str) -> tuple[str, bytes]:
    return next((name, data) for name, data in files.items() if name.endswith(f"-{language}.po"))


def translated_zip(page) -> tuple[dict[str, bytes], bytes]:
    files = exported_files(page)
    name_wo, wo = by_language(files, "wo")
    name_fr, fr = by_language(files, "fr")
    files[name_wo] = translated(wo, ":objective", OBJECTIVE_WO)
    files[name_fr] = translated(fr, ":objective", OBJECTIVE_FR)
    return files, zipped(files)


def latest(page):
    return type(page).objects.get(pk=page.pk).get_latest_revision().as_object()


def test_a_zip_of_two_languages_is_checked_then_applied_together(senegal_campaign):
    from campaigns.translation.staleness import stale_units

    files, data = translated_zip(senegal_campaign)
    revisions = Revision.objects.count()

    report = po_archive.import_file(data, None, dry_run=True)
    assert not report.refused, report.lines()
    assert len(report.applied) == 2 and report.revisions == 0
    assert [name for name, _r in report.files] == list(files)
    assert {r.language for _n, r in report.files} == {"wo", "fr"}
    assert Revision.objects.count() == revisions

    report = po_archive.import_file(data, None)
    assert not report.refused and len(report.applied) == 2, report.lines()
    assert report.revisions == 2 and Revision.objects.count() == revisions + 2
    page = latest(senegal_campaign)
    assert (page.objective_wo, page.objective_fr) == (OBJECTIVE_WO, OBJECTIVE_FR)
    # The Wolof (translated from French) was saved first, then its French source changed: the
    # Wolof is out of date, as it would be had the two files come one after the other.
    assert ("objective", "") in stale_units(page, "wo")
    assert all(outcome.file for outcome in report.applied)


def test_one_bad_file_refuses_the_whole_zip(senegal_campaign):
    files, _data = translated_zip(senegal_campaign)
    name_fr, fr = by_language(files, "fr")
    files[name_fr] = translated(fr, ":target_audiences", "<script>alert(1)</script>")
    revisions = Revision.objects.count()
    report = po_archive.import_file(zipped(files), None)
    assert report.refused and report.revisions == 0
    assert Revision.objects.count() == revisions
    (error,) = report.errors
    assert error.file == name_fr and "scripts" in error.reason
    assert str(error).startswith(f"{name_fr}, line ")
    assert latest(senegal_campaign).objective_wo != OBJECTIVE_WO


def test_two_files_in_one_language_are_refused(senegal_campaign):
    files = exported_files(senegal_campaign)
    name_wo, wo = by_language(files, "wo")
    report = po_archive.import_file(zipped({name_wo: wo, "copy-wo.po": wo}), None, dry_run=True)
    assert report.refused
    assert any("one file per language" in error.reason for error in report.errors)


def test_a_file_for_another_campaign_is_refused_from_a_campaigns_screen(senegal_campaign):
    files, data = translated_zip(senegal_campaign)
    other = po_export.Scope("campaign", "another")
    report = po_archive.import_file(data, None, expected=other)
    assert report.refused and len(report.errors) == 2  # one per file
    assert {error.file for error in report.errors} == set(files)


# --- Odd real-world zips ------------------------------------------------------------------------


class Unseekable(io.RawIOBase):
    """A pipe: zipfile then writes data descriptors after each file (as ``zip - < in`` does)."""

    def __init__(self):
        self.buffer = bytearray()

    def writable(self):
        return True

    def write(self, data):
        self.buffer += data
        return len(data)


def finder_zip(files: dict[str, bytes]) -> bytes:
    """As macOS's Finder compresses files: a ``__MACOSX/`` folder of AppleDouble ``._`` files."""
    entries = list(files.items())
    entries.append(("__MACOSX/", b""))
    entries += [
        (f"__MACOSX/._{name}", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X") for name in files
    ]
    return zipped(entries)


def windows_zip(files: dict[str, bytes]) -> bytes:
    """A Windows editor's files (byte order mark, CRLF line ends, upper-case .PO), stored
    without compression, with a zip comment."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.comment = b"Translated in Notepad"
        for name, data in files.items():
            archive.writestr(name[:-3] + ".PO", b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    return buffer.getvalue()


def streamed_zip(files: dict[str, bytes]) -> bytes:
    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            with archive.open(name, "w") as member:
                member.write(data)
    return bytes(stream.buffer)


@pytest.mark.parametrize("make", [finder_zip, windows_zip, streamed_zip])
def test_odd_real_world_zips_are_read(senegal_campaign, make):
    files, _data = translated_zip(senegal_campaign)
    data = make(files)
    if make is streamed_zip:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert all(info.flag_bits & 0x08 for info in archive.infolist())  # data descriptors
    report = po_archive.import_file(data, None, dry_run=True)
    assert not report.refused, report.lines()
    assert len(report.files) == 2 and len(report.applied) == 2


# --- Hostile zips -------------------------------------------------------------------------------


def bits(size: int, seed: int) -> bytes:
    """Text that packs about 7 times smaller, like nothing real but not a bomb either."""
    return "".join(random.Random(seed).choices("ab", k=size)).encode()


def too_many(po: bytes) -> bytes:
    return zipped({f"x{index}-wo.po": po for index in range(po_archive.MAX_MEMBERS + 1)})


def over_the_file_cap(po: bytes) -> bytes:
    return zipped({"big-wo.po": bits(2 * 1024 * 1024 + 1, 1)})


def over_the_total_cap(po: bytes) -> bytes:
    count = po_archive.MAX_TOTAL_BYTES // (2 * 1024 * 1024) + 1
    return zipped({f"part{index}-wo.po": bits(2 * 1024 * 1024, index) for index in range(count)})


def zip_bomb(po: bytes) -> bytes:
    return zipped({"bomb-wo.po": b"\0" * (2 * 1024 * 1024 - 1)})


def damaged(po: bytes) -> bytes:
    data = bytearray(zipped({"sea-wo.po": po}, method=zipfile.ZIP_STORED))
    start = 30 + len("sea-wo.po")  # the file's bytes, after its local header
    data[start : start + 5] = b"\xff" * 5
    return bytes(data)


HOSTILE = {
    "too many files": (too_many, "at most 20"),
    "a file over the cap": (over_the_file_cap, "larger than 2 MB once unpacked"),
    "over the total": (over_the_total_cap, "more than 16 MB once unpacked"),
    "a zip bomb": (zip_bomb, "zip bomb"),
    "a folder": (lambda po: zipped({"po/sea-wo.po": po}), "in a folder"),
    "a folder entry": (lambda po: zipped({"po/": b"", "sea-wo.po": po}), "in a folder"),
    "a climb": (lambda po: zipped({"../sea-wo.po": po}), "in a folder"),
    "an absolute path": (lambda po: zipped({"/tmp/sea-wo.po": po}), "absolute path"),
    "a Windows path": (lambda po: zipped({"C:\\sea-wo.po": po}), "absolute path"),
    "another file": (lambda po: zipped({"sea-wo.po": po, "notes.txt": b"hi"}), "not a .po file"),
    "a script": (lambda po: zipped({"sea-wo.po": po, "run.sh": b"rm -rf /"}), "not a .po file"),
    "the same name twice": (
        lambda po: zipped([("sea-wo.po", po), ("SEA-WO.po", po)]),
        "more than once",
    ),
    "damaged": (damaged, "cannot be unpacked"),
    "not a zip": (lambda po: b"PK\x03\x04" + b"\0" * 100, "not a zip file"),
    "empty": (lambda po: zipped({}), "no PO file"),
    "only Finder's files": (lambda po: zipped({"__MACOSX/._x.po": b"x"}), "no PO file"),
    "too large": (lambda po: b"PK\x03\x04" + bits(po_archive.MAX_ARCHIVE_BYTES, 2), "5 MB"),
}


# What the hostile zips hold where they hold a PO file: never read that far.
SMALL_PO = b'msgid ""\nmsgstr ""\n"Language: wo\\n"\n'


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_zips_are_refused_with_a_reason(db, case):
    make, reason = HOSTILE[case]
    revisions = Revision.objects.count()
    report = po_archive.import_file(make(SMALL_PO), None)
    assert report.refused and not report.applied and not report.files
    assert any(reason in str(error) for error in report.errors), report.lines()
    assert Revision.objects.count() == revisions


def test_the_declared_sizes_are_not_trusted():
    """A zip whose directory says a file is smaller than it is: read no further."""
    data = bytearray(zipped({"sea-wo.po": b'msgid ""\nmsgstr ""\n' * 200}))
    directory = data.rindex(b"PK\x01\x02")
    size_at = directory + 24  # the central directory's "uncompressed size"
    data[size_at : size_at + 4] = (10).to_bytes(4, "little")
    with pytest.raises(po_archive.ArchiveRefused) as refused:
        po_archive.read_archive(bytes(data))
    assert "not the file the zip says" in str(refused.value) or "unpacked" in str(refused.value)
