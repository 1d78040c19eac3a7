"""Files written by each spreadsheet library, and the unusual ones, read as openpyxl reads them.

The fixtures (tests/reach/fixtures/, made by make_xlsx_fixtures.py; LibreOffice's saved by
Calc) are read by our streaming reader and by openpyxl, and compared cell by cell: dates,
which we give as serial numbers, compared through the workbook's date system. Then each is
imported: the same three reports, months included (the 1904 date system, ISO date cells).
"""

import datetime
import io
import random
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from campaigns.reach.models import ImportStatus, ReachImport, ReachReport
from campaigns.reach.spreadsheet import xlsx_rows
from campaigns.reach.spreadsheet.importer import import_file
from campaigns.reach.spreadsheet.limits import FileRefused, Limits
from campaigns.reach.spreadsheet.xlsx_rows import Workbook

from .conftest import TODAY
from .spreadsheet_files import DECLARATION, MAIN_NS, raw_xlsx

FIXTURES = Path(__file__).parent / "fixtures"
REFUSED = {"reach-not-utf8.xlsx"}
READABLE = sorted(p.name for p in FIXTURES.glob("*.xlsx") if p.name not in REFUSED)
WRITERS = {"reach-openpyxl.xlsx", "reach-openpyxl-write-only.xlsx", "reach-xlsxwriter.xlsx",
           "reach-pandas.xlsx", "reach-pyexcelerate.xlsx", "reach-excel-like.xlsx",
           "reach-libreoffice.xlsx"}  # fmt: skip
STRICT = {
    "http://purl.oclc.org/ooxml/spreadsheetml/main": (
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    ),
    "http://purl.oclc.org/ooxml/officeDocument/relationships": (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ),
}


def ours(content: bytes) -> tuple[dict, bool]:
    workbook = Workbook(io.BytesIO(content), Limits())
    try:
        name = "Reach" if "Reach" in workbook.sheets else None
        cells = {
            (number, column): value
            for number, row in workbook.rows(name)
            for column, value in row.items()
            if value is not None and value != ""
        }
        return cells, workbook.date1904
    finally:
        workbook.close()


def transitional(content: bytes) -> bytes:
    """The file with Strict OOXML's namespaces replaced (openpyxl reads Transitional only)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            for strict, usual in STRICT.items():
                data = data.replace(strict.encode(), usual.encode())
            copy.writestr(info, data)
    return out.getvalue()


def theirs(content: bytes) -> tuple[dict, object]:
    workbook = load_workbook(io.BytesIO(content), data_only=True)
    sheet = workbook["Reach"] if "Reach" in workbook.sheetnames else workbook.worksheets[0]
    cells = {
        (cell.row, cell.column - 1): cell.value
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.value != ""
    }
    return cells, workbook.epoch


@pytest.mark.parametrize("name", READABLE)
def test_each_fixture_reads_cell_by_cell_as_openpyxl_reads_it(name):
    content = (FIXTURES / name).read_bytes()
    mine, date1904 = ours(content)
    expected, epoch = theirs(transitional(content) if name == "reach-strict.xlsx" else content)
    assert (epoch == CALENDAR_MAC_1904) == date1904
    assert set(mine) == set(expected), set(mine) ^ set(expected)
    assert len(mine) > 40
    for key, value in expected.items():
        got = mine[key]
        if isinstance(value, datetime.datetime | datetime.date):
            assert isinstance(got, int | float), (key, got)
            assert from_excel(got, epoch) == value, (key, got, value)
        else:
            assert got == value, (key, got, value)
            assert isinstance(got, bool) == isinstance(value, bool), (key, got, value)


def test_the_fixtures_cover_every_writer_and_every_cell_type():
    assert set(READABLE) >= WRITERS
    kinds = set()
    for name in READABLE:
        with zipfile.ZipFile(FIXTURES / name) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml")
        for kind in (b's"', b'n"', b'str"', b'inlineStr"', b'b"', b'd"', b'e"'):
            if b't="' + kind in sheet or b"t='" + kind.replace(b'"', b"'") in sheet:
                kinds.add(kind.decode().rstrip('"'))
    assert kinds == {"s", "n", "str", "inlineStr", "b", "d", "e"}


def test_a_byte_that_is_not_utf8_refuses_the_file_with_where():
    content = (FIXTURES / "reach-not-utf8.xlsx").read_bytes()
    with pytest.raises(FileRefused) as refused:
        ours(content)
    message = str(refused.value)
    assert "not well-formed" in message and "line 2" in message and "(row 3)" in message


# --- imported: the same reports whatever wrote the file ------------------------------------

IMPORTED = sorted(set(READABLE) - {"reach-libreoffice.xlsx"})  # its own test, other rows


@pytest.mark.django_db
@pytest.mark.parametrize("name", IMPORTED)
def test_each_fixture_imports_the_same_three_reports(world, name):
    content = (FIXTURES / name).read_bytes()
    record = import_file(world.sn_reporter, io.BytesIO(content), name, today=TODAY)
    assert record.status == ImportStatus.IMPORTED, record.problems
    reports = {
        (r.month.isoformat(), r.region.code, r.language): dict(
            r.values.values_list("indicator__code", "total")
        )
        for r in ReachReport.objects.select_related("region")
    }
    assert reports == {
        ("2026-03-01", "SN-DK", "fr"): {"people-reached": 30},
        ("2026-04-01", "SN-TH", "wo"): {"broadcasts": 4},
        ("2026-05-01", "SN-DK", "ff"): {"people-reached": 1200},
    }
    thies = ReachReport.objects.get(region=world.thies)
    assert thies.notes == "12.5"
    dakar = ReachReport.objects.get(month="2026-03-01")
    assert dakar.notes == "Écoles & <marchés> \"ok\" 'ok'"


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_imports_nothing(world):
    content = (FIXTURES / "reach-not-utf8.xlsx").read_bytes()
    record = import_file(world.sn_reporter, io.BytesIO(content), "x.xlsx", today=TODAY)
    assert record.status == ImportStatus.REFUSED
    assert "not well-formed" in record.problems[0]["message"]
    assert ReachReport.objects.count() == 0
    assert ReachImport.objects.count() == 1


def test_excel_like_reads_rich_text_without_its_phonetic_run():
    mine, _date1904 = ours((FIXTURES / "reach-excel-like.xlsx").read_bytes())
    assert mine[(3, 3)] == "SN-TH · Thiès"
    assert (mine[(4, 14)], mine[(4, 15)], mine[(4, 16)], mine[(4, 17)]) == (
        1201,
        "xsn-desert",
        True,
        "#DIV/0!",
    )


def test_dates_of_both_systems_and_iso_cells_give_the_same_serial():
    april = (datetime.datetime(2026, 4, 1) - datetime.datetime(1899, 12, 30)).days
    assert from_excel(april, CALENDAR_WINDOWS_1900) == datetime.datetime(2026, 4, 1)
    for name, serial in (
        ("reach-openpyxl.xlsx", april),
        ("reach-iso-dates.xlsx", april),
        ("reach-1904.xlsx", april - 1462),  # the workbook's own system; the reader shifts it
    ):
        assert ours((FIXTURES / name).read_bytes())[0][(3, 2)] == serial, name


def both_routes(content: bytes):
    """The sheet's rows by the fast route (or None when it does not apply) and by expat's."""
    workbook = Workbook(io.BytesIO(content), Limits())
    try:
        path = workbook.sheets.get("Reach") or next(iter(workbook.sheets.values()))
        try:
            fast = list(xlsx_rows.plain_rows(workbook, xlsx_rows.Part(workbook, path)))
        except xlsx_rows.NotPlain:
            fast = None
        parser, done = xlsx_rows._parser(), []
        xlsx_rows.read_sheet(workbook, parser, done)
        for _block in xlsx_rows._feed(parser, xlsx_rows.Part(workbook, path)):
            pass
        return fast, done
    finally:
        workbook.close()


PLAIN = {"reach-openpyxl.xlsx", "reach-openpyxl-write-only.xlsx", "reach-xlsxwriter.xlsx",
         "reach-pandas.xlsx", "reach-pyexcelerate.xlsx", "reach-excel-like.xlsx",
         "reach-libreoffice.xlsx", "reach-1904.xlsx", "reach-strict.xlsx",
         "reach-indented.xlsx"}  # fmt: skip


@pytest.mark.parametrize("name", READABLE)
def test_the_fast_route_reads_what_expat_reads_or_steps_aside(name):
    fast, slow = both_routes((FIXTURES / name).read_bytes())
    assert slow
    if name in PLAIN:
        assert fast == slow
    else:  # CDATA, comments, quotes, prefixes, encodings, ISO dates: expat's handlers
        assert fast is None


def _random_sheet(rnd) -> bytes:
    """A sheet of random cells of every kind, as spreadsheet programs write them."""

    def escape(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    texts = ["a", "", " x ", "é€😀", "a&b", "<tag>", "line\r\nbreak", "'q'", '"dq"', "x" * 50]
    numbers = ["1", "0", "-3", "2.5", "1E3", "1e-3", "007", " 12 ", "12345678901234567890"]
    rows = []
    for r in range(1, rnd.randint(2, 6)):
        cells, column = [], 0
        for _cell in range(rnd.randint(0, 6)):
            column += rnd.randint(1, 3)
            ref, style = f"{chr(64 + column)}{r}", rnd.choice(["", ' s="1"'])
            cells.append(
                rnd.choice(
                    [
                        f'<c r="{ref}"{style}><v>{rnd.choice(numbers)}</v></c>',
                        f'<c r="{ref}"{style} t="s"><v>{rnd.randint(0, 2)}</v></c>',
                        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{escape(rnd.choice(texts))}</t></is></c>",
                        f'<c r="{ref}" t="str"><f>A1</f><v>{escape(rnd.choice(texts))}</v></c>',
                        f'<c r="{ref}" t="b"><v>{rnd.choice("01")}</v></c>',
                        f'<c r="{ref}" t="e"><v>#N/A</v></c>',
                        f'<c r="{ref}"><f>1+1</f><v>2</v></c>',
                        f'<c r="{ref}"{style}/>',
                    ]
                )
            )
        rows.append(f'<row r="{r}" spans="1:9">{"".join(cells)}</row>')
    sheet = f"<sheetData>{''.join(rows)}</sheetData>"
    shared = "<si><t>zero</t></si><si><t>o&amp;ne</t></si><si><r><t>t</t></r><r><t>wo</t></r></si>"
    return raw_xlsx(
        f'{DECLARATION}<worksheet xmlns="{MAIN_NS}">{sheet}</worksheet>',
        shared=f'{DECLARATION}<sst xmlns="{MAIN_NS}">{shared}</sst>',
    )


def test_the_fast_route_reads_random_sheets_as_expat_does():
    rnd = random.Random(10)
    for _trial in range(150):
        fast, slow = both_routes(_random_sheet(rnd))
        assert fast is not None and fast == slow
