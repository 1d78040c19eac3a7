"""Small files that describe huge ones, and malformed ones: each refused quickly and clearly.

Every limit is refused with a message naming it (the REACH_IMPORT_MAX_* setting), in well under
a second, before anything is saved; malformed parts are refused, never a traceback.
"""

import io
import time
import zipfile

import pytest
from django.test import override_settings

from campaigns.reach.models import ImportStatus, ReachImport, ReachReport
from campaigns.reach.spreadsheet import importer as importer_module
from campaigns.reach.spreadsheet.columns import layout
from campaigns.reach.spreadsheet.forms import UploadForm
from campaigns.reach.spreadsheet.importer import import_file
from campaigns.reach.spreadsheet.reader import FileRefused, read_rows

from .conftest import TODAY
from .spreadsheet_files import (
    BANDS,
    COLUMNS,
    DECLARATION,
    MAIN_NS,
    csv_bytes,
    people,
    raw_xlsx,
    row_xml,
    sheet_xml,
    table_xml,
    xlsx,
)

LAYOUT = layout(BANDS)
VALUES = {
    "Campaign": "sn-desert",
    "Organisation": "IOM Senegal",
    "Month": "2026-03",
    "Region": "SN-DK",
    "Channel": "radio",
    "Indicator": "people-reached",
    "Total": 30,
    "Female 15-24": 20,
    "Male 25+": 10,
}


def read(content: bytes, file_format="xlsx"):
    return list(read_rows(io.BytesIO(content), file_format, LAYOUT))


def refused(content: bytes, file_format="xlsx", seconds=5.0) -> str:
    started = time.monotonic()
    with pytest.raises(FileRefused) as error:
        read(content, file_format)
    assert time.monotonic() - started < seconds
    return str(error.value)


def with_rows(extra_rows: str) -> bytes:
    return raw_xlsx(sheet_xml(table_xml([VALUES]) + extra_rows))


# --- sizes -------------------------------------------------------------------------------


def test_a_row_numbered_999999999_is_refused_at_once_naming_the_limit():
    message = refused(
        with_rows('<row r="999999999"><c r="A999999999"><v>1</v></c></row>'), seconds=2
    )
    assert "999,999,999" in message and "REACH_IMPORT_MAX_ROWS" in message


def test_a_far_row_within_the_limit_is_read_without_padding():
    started = time.monotonic()
    rows = read(
        with_rows('<row r="199999"><c r="A199999" t="inlineStr"><is><t>x</t></is></c></row>')
    )
    assert time.monotonic() - started < 1
    assert [number for number, _values in rows] == [2, 199999]


def test_a_cell_beyond_the_last_column_is_refused():
    message = refused(with_rows('<row r="3"><c r="XFE3"><v>1</v></c></row>'))
    assert "XFE3" in message and "REACH_IMPORT_MAX_COLUMNS" in message


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    bomb = sheet_xml(table_xml([VALUES]) + " " * (300 * 1024 * 1024))  # 300 MB of spaces
    content = raw_xlsx(bomb)
    assert len(content) < 1024 * 1024
    message = refused(content, seconds=2)
    assert "zip bomb" in message and "REACH_IMPORT_MAX_ZIP_RATIO" in message


@override_settings(REACH_IMPORT_MAX_ZIP_RATIO=10_000)
def test_the_inflated_size_is_capped_as_declared():
    content = raw_xlsx(sheet_xml(table_xml([VALUES]) + " " * (30 * 1024 * 1024)))
    with override_settings(REACH_IMPORT_MAX_INFLATED_BYTES=20 * 1024 * 1024):
        message = refused(content, seconds=2)
    assert "REACH_IMPORT_MAX_INFLATED_BYTES" in message


def _lying_zip(content: bytes, part: str, declared: int) -> bytes:
    """The zip with `part`'s declared size (local header and central directory) made small."""
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(part)
    data = bytearray(content)
    size = declared.to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = size
    position = data.find(b"PK\x01\x02")
    while position >= 0:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length].decode() == part:
            data[position + 24 : position + 28] = size
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


def test_a_part_inflating_beyond_its_declared_size_is_refused():
    content = raw_xlsx(sheet_xml(table_xml([VALUES] * 50)))
    lying = _lying_zip(content, "xl/worksheets/sheet1.xml", 100)
    message = refused(lying)
    assert "XLSX" in message


def test_too_many_zip_entries_are_refused():
    extra = {f"xl/media/image{i}.png": b"x" for i in range(1001)}
    message = refused(raw_xlsx(sheet_xml(table_xml([VALUES])), extra=extra))
    assert "REACH_IMPORT_MAX_ZIP_ENTRIES" in message


def _shared(count: int, text="s") -> str:
    strings = "".join(f"<si><t>{text}{i}</t></si>" for i in range(count))
    return f'{DECLARATION}<sst xmlns="{MAIN_NS}" count="{count}">{strings}</sst>'


@override_settings(REACH_IMPORT_MAX_SHARED_STRINGS=100)
def test_too_many_shared_strings_are_refused():
    message = refused(raw_xlsx(sheet_xml(table_xml([VALUES])), shared=_shared(101)))
    assert "REACH_IMPORT_MAX_SHARED_STRINGS" in message
    assert read(raw_xlsx(sheet_xml(table_xml([VALUES])), shared=_shared(100)))


@override_settings(REACH_IMPORT_MAX_SHARED_STRING_CHARS=1000)
def test_shared_strings_too_long_in_all_are_refused():
    message = refused(raw_xlsx(sheet_xml(table_xml([VALUES])), shared=_shared(20, "x" * 60)))
    assert "REACH_IMPORT_MAX_SHARED_STRING_CHARS" in message


def test_a_cell_longer_than_excel_allows_is_refused():
    long = f'<row r="3"><c r="A3" t="inlineStr"><is><t>{"x" * 40_000}</t></is></c></row>'
    assert "A3" in refused(with_rows(long))


@override_settings(REACH_IMPORT_MAX_UPLOAD_BYTES=1000)
def test_an_upload_over_the_size_limit_is_refused_by_the_form_and_the_reader():
    content = xlsx([VALUES])
    assert len(content) > 1000
    assert "REACH_IMPORT_MAX_UPLOAD_BYTES" in refused(content)
    from django.core.files.uploadedfile import SimpleUploadedFile

    form = UploadForm({}, {"file": SimpleUploadedFile("reach.xlsx", content)})
    assert not form.is_valid()
    assert "REACH_IMPORT_MAX_UPLOAD_BYTES" in str(form.errors["file"])


def test_a_50_mb_line_of_csv_is_refused_by_line_without_reading_it_all():
    line = b"Campaign," + b"x" * (3 * 1024 * 1024) + b"\n"
    message = refused(line, "csv")
    assert "Line 1" in message and "REACH_IMPORT_MAX_LINE_CHARS" in message


def test_a_huge_quoted_csv_field_over_many_lines_is_refused_with_its_row():
    header = ",".join(COLUMNS).encode() + b"\n"
    field = b'"' + b"x" * 1000 + (b"\n" + b"x" * 1000) * 200 + b'"'
    message = refused(header + b"a," + field + b"\n", "csv")
    assert "Row 2" in message


@override_settings(REACH_IMPORT_MAX_ROWS=5)
def test_a_csv_with_more_rows_than_the_limit_is_refused():
    assert "REACH_IMPORT_MAX_ROWS" in refused(csv_bytes([VALUES] * 5), "csv")
    assert len(read(csv_bytes([VALUES] * 4), "csv")) == 4


# --- malformed parts -------------------------------------------------------------------------


def test_a_bad_shared_string_index_is_refused_with_its_cell():
    sheet = sheet_xml(table_xml([VALUES]) + '<row r="3"><c r="B3" t="s"><v>7</v></c></row>')
    message = refused(raw_xlsx(sheet, shared=_shared(2)))
    assert "B3" in message and "“7”" in message


def test_a_sheet_without_its_relationship_is_refused():
    rels = (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"></Relationships>'
    )
    message = refused(raw_xlsx(sheet_xml(table_xml([VALUES])), workbook_rels=rels))
    assert "rId1" in message


def test_a_missing_part_is_refused():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out, zipfile.ZipFile(io.BytesIO(xlsx([VALUES]))) as xl:
        for info in xl.infolist():
            if not info.filename.startswith("xl/worksheets/"):
                out.writestr(info, xl.read(info))
    assert "xl/worksheets/sheet1.xml" in refused(archive.getvalue())


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b"PK\x03\x04" + b"\0" * 100, raw_xlsx("<worksheet", workbook="<workbook")],
)
def test_what_is_not_an_xlsx_file_is_refused(content):
    assert refused(content)


def test_a_doctype_with_billion_laughs_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    sheet = sheet_xml(
        table_xml([VALUES]) + '<row r="3"><c r="A3" t="inlineStr"><is><t>&lol3;</t></is></c></row>',
        declaration=laughs,
    )
    assert "DOCTYPE" in refused(raw_xlsx(sheet))
    assert "DOCTYPE" in refused(raw_xlsx(sheet_xml(table_xml([VALUES])), shared=laughs + "<sst/>"))


def test_an_external_entity_is_refused():
    xxe = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    sheet = sheet_xml(
        table_xml([VALUES]) + '<row r="3"><c r="A3" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
        declaration=xxe,
    )
    assert "DOCTYPE" in refused(raw_xlsx(sheet))


def test_rows_out_of_order_are_refused():
    sheet = sheet_xml(table_xml([VALUES, VALUES]) + row_xml(2, ["again"]))
    assert "out of order" in refused(raw_xlsx(sheet))


# --- through the importer: nothing saved, the reason recorded ------------------------------


def run(user, content, name="reach.xlsx"):
    return import_file(user, io.BytesIO(content), name, today=TODAY)


@pytest.mark.django_db
def test_a_hostile_file_is_recorded_as_refused_and_saves_nothing(world):
    record = run(world.sn_reporter, with_rows('<row r="999999999"><c r="A1"><v>1</v></c></row>'))
    assert record.status == ImportStatus.REFUSED
    assert "REACH_IMPORT_MAX_ROWS" in record.problems[0]["message"]
    assert ReachReport.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_count_of_5000_digits_is_a_row_problem_not_a_crash(world, file_format):
    huge = "1" + "0" * 5000
    rows = [people(world, total=huge, female=huge)]
    if file_format == "csv":
        content = csv_bytes(rows)
    else:  # a number cell: Python's int() refuses more than 4,300 digits
        sheet = sheet_xml(table_xml([{**rows[0], "Total": "HUGE"}]))
        inline = '<c r="I2" t="inlineStr"><is><t>HUGE</t></is></c>'
        assert inline in sheet
        content = raw_xlsx(sheet.replace(inline, f'<c r="I2"><v>{huge}</v></c>'))
    record = run(world.sn_reporter, content, f"reach.{file_format}")
    assert record.status == ImportStatus.REFUSED, record.problems
    found = {(p["row"], p["column"]) for p in record.problems}
    assert (2, "Total") in found, record.problems
    assert "5,001 characters" in str(record.problems)
    assert ReachReport.objects.count() == 0


@pytest.mark.django_db
def test_a_crash_during_the_import_is_recorded_never_left_silent(world, monkeypatch):
    def crash(self, number, raw):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(importer_module.RowParser, "parse", crash)
    record = run(world.sn_reporter, xlsx([people(world)]))
    assert record.status == ImportStatus.REFUSED
    assert "ZeroDivisionError" in record.problems[0]["message"]
    assert f"#{record.pk}" in record.problems[0]["message"]
    assert ReachReport.objects.count() == 0
    assert ReachImport.objects.get().error_count == 1


@pytest.mark.django_db
def test_an_import_that_never_ends_says_it_was_interrupted(world, monkeypatch):
    seen = {}

    def stop(self, file, file_format):
        seen["record"] = ReachImport.objects.get()
        raise KeyboardInterrupt

    monkeypatch.setattr(importer_module.Importer, "check", stop)
    with pytest.raises(KeyboardInterrupt):
        run(world.sn_reporter, xlsx([people(world)]))
    record = seen["record"]
    assert record.status == ImportStatus.REFUSED
    assert "interrupted" in record.problems[0]["message"]


@pytest.mark.parametrize("encoding", ["UTF-16", "windows-1252", "ISO-8859-15", "ISO-8859-1"])
def test_a_sheet_in_a_declared_encoding_is_read_as_declared(encoding):
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
    region = "SN-TH · Thiès" + (" €" if "1252" in encoding or "15" in encoding else "")
    sheet = sheet_xml(table_xml([{**VALUES, "Region": region}]), declaration=declaration)
    [(number, values)] = read(raw_xlsx(sheet.encode(encoding.lower())))
    assert (number, values["Region"], values["Total"]) == (2, region, 30)


@pytest.mark.django_db
@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("size", [5_000, 200_000])  # refused by the form, or before it reads
@override_settings(REACH_IMPORT_MAX_UPLOAD_BYTES=1000)
def test_an_upload_too_big_is_refused_on_the_screen_naming_the_limit(client, world, stream, size):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(world.sn_reporter)
    headers = {"Accept": "application/x-ndjson"} if stream else {}
    response = client.post(
        reverse("reach_spreadsheet:upload"),
        {"file": SimpleUploadedFile("reach.xlsx", b"PK" + b"x" * size)},
        headers=headers,
    )
    body = response.content.decode()
    assert "REACH_IMPORT_MAX_UPLOAD_BYTES" in body
    assert response.status_code == (400 if stream or size > 100_000 else 200)
    assert ReachImport.objects.count() == 0


def test_a_nul_character_in_a_csv_is_refused_with_its_line():
    content = csv_bytes([VALUES]) + b"sn-desert,IOM\x00Senegal\n"
    assert "Line 3" in refused(content, "csv") and "NUL" in refused(content, "csv")
