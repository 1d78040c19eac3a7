"""Tables written as CSV, XLSX and HXL: the filters on top, typed values, every script kept, and
no cell ever run as a formula. Each file is read back by the tool its readers use (csv, openpyxl,
libhxl)."""

import csv
import io
from datetime import date
from decimal import Decimal

import hxl
import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from campaigns.reporting.tables import (
    Column,
    Table,
    as_csv,
    as_hxl,
    as_xlsx,
    download,
    sheet_title,
)

FORMULA = '=HYPERLINK("https://evil.example","Click")'
PASHTO = "د کابل ښځو ټولنه"
FILTERS = [("Country", "Sénégal"), ("Period", "2026-01 – 2026-12")]
COLUMNS = [
    Column("country", "Country", "#country+code"),
    Column("region", "Region", "#adm1+code"),
    Column("organisation", "Organisation", "#org+name"),
    Column("month", "Month", "#date+month", kind="month"),
    Column("indicator", "Indicator", "#indicator+code"),
    Column("female", "Women", "#reached+f"),
    Column("male", "Men", "#reached+m"),
    Column("total", "People reached", "#reached+total"),
]
ROWS = [
    {
        "country": "SN",
        "region": "SN-DK",
        "organisation": FORMULA,
        "month": date(2026, 1, 1),
        "indicator": "REACH",
        "female": 1200,
        "male": 800,
        "total": 2000,
    },
    # A tuple row, a non-Latin name, an unknown figure and a huge one.
    ("AF", "AF-KAB", PASHTO, date(2026, 2, 1), "REACH", None, 5, 1_000_000_000_000),
    {"country": "GN", "organisation": "-12", "month": date(2026, 3, 1), "total": Decimal("2.5")},
]


def table(title="Reach by country and month", rows=ROWS):
    return Table(title=title, columns=COLUMNS, rows=rows)


def read_csv(data: bytes):
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_title_and_filters_on_top_then_the_table():
    rows = read_csv(as_csv(table(), FILTERS))
    assert rows[:5] == [
        ["Reach by country and month"],
        ["Country: Sénégal"],
        ["Period: 2026-01 – 2026-12"],
        [],
        [column.heading for column in COLUMNS],
    ]
    assert rows[5:] == [
        ["SN", "SN-DK", "'" + FORMULA, "2026-01", "REACH", "1200", "800", "2000"],
        ["AF", "AF-KAB", PASHTO, "2026-02", "REACH", "", "5", "1000000000000"],
        ["GN", "", "-12", "2026-03", "", "", "", "2.5"],
    ]


def test_csv_neutralises_formulas_in_titles_headings_and_filters():
    hostile = Table(FORMULA, [Column("a", "@SUM(A1)")], [{"a": "+cmd|' /C calc'!A0"}])
    rows = read_csv(as_csv(hostile, [("Campaign", FORMULA)]))
    assert rows[0] == ["'" + FORMULA]
    assert rows[1] == ["Campaign: " + FORMULA]  # starts with the label: not a formula
    assert rows[3:] == [["'@SUM(A1)"], ["'+cmd|' /C calc'!A0"]]


def test_csv_headings_in_the_readers_language():
    columns = [Column("a", gettext_lazy("Country"))]
    with translation.override("fr"):
        rows = read_csv(as_csv(Table("Portée", columns, [{"a": "SN"}])))
    assert rows[2] == ["Pays"]


def test_hxl_is_read_by_libhxl_with_its_tags_headings_and_values():
    data = as_hxl(table(), FILTERS)
    rows = read_csv(data)
    assert rows[4] == [column.heading for column in COLUMNS]
    assert rows[5] == [column.hxl for column in COLUMNS]  # directly under the headings
    dataset = hxl.data(io.BytesIO(data))
    assert [column.display_tag for column in dataset.columns] == [c.hxl for c in COLUMNS]
    assert [column.header for column in dataset.columns] == [c.heading for c in COLUMNS]
    values = [row.values for row in dataset]
    assert len(values) == 3
    assert values[1] == ["AF", "AF-KAB", PASHTO, "2026-02", "REACH", "", "5", "1000000000000"]
    first = next(iter(hxl.data(io.BytesIO(data))))
    assert first.get("#org+name") == "'" + FORMULA
    assert first.get("#reached+f") == "1200" and first.get("#date+month") == "2026-01"


def test_hashes_in_title_filters_or_headings_do_not_take_libhxl_off_the_tag_row():
    # "Campaign: #EndMalaria" split on ":" is half hashtags: libhxl would take ":" for the
    # delimiter and that line for the tag row; a heading "#Reached" would be read as a tag.
    columns = [Column("country", "Country", "#country+code"), Column("n", "#Reached", "#reached")]
    hostile = Table("#reached+total: #adm1", columns, [("SN", 3)])
    filters = [("Campaign", "#EndMalaria"), ("#country", "#adm1: #org")] * 15
    data = as_hxl(hostile, filters)
    rows = read_csv(data)
    assert rows[0] == ["'＃reached+total: ＃adm1"] and rows[1] == ["Campaign: ＃EndMalaria"]
    assert len(rows) == 1 + 20 + 1 + 2 + 1  # the filters folded: the tags stay within 25 rows
    assert rows[-3:] == [["Country", "'＃Reached"], ["#country+code", "#reached"], ["SN", "3"]]
    dataset = hxl.data(io.BytesIO(data))
    assert [column.display_tag for column in dataset.columns] == ["#country+code", "#reached"]
    assert [column.header for column in dataset.columns] == ["Country", "'＃Reached"]
    assert [row.values for row in dataset] == [["SN", "3"]]
    # The plain CSV keeps the text as it is.
    assert read_csv(as_csv(hostile, filters[:1]))[:2] == [
        ["#reached+total: #adm1"],
        ["Campaign: #EndMalaria"],
    ]


def test_hxl_untagged_column_is_kept_but_unnamed():
    columns = [Column("country", "Country", "#country+code"), Column("note", "Note")]
    dataset = hxl.data(io.BytesIO(as_hxl(Table("T", columns, [("SN", "x")]))))
    assert [column.display_tag for column in dataset.columns] == ["#country+code", ""]


def test_hxl_refuses_a_table_libhxl_could_not_read():
    columns = [Column("a", "A", "#country"), Column("b", "B"), Column("c", "C")]
    with pytest.raises(ValueError, match="half the columns"):
        as_hxl(Table("T", columns, []))


def test_xlsx_keeps_numbers_dates_and_text_apart():
    workbook = openpyxl.load_workbook(io.BytesIO(as_xlsx(table(), FILTERS)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Reach by country and month" and sheet["A1"].font.b
    assert [row[0] for row in rows[1:4]] == ["Country: Sénégal", "Period: 2026-01 – 2026-12", None]
    assert rows[4] == tuple(column.heading for column in COLUMNS) and sheet["A5"].font.b
    assert sheet.freeze_panes == "A6"
    first = sheet[6]
    assert first[2].value == FORMULA and first[2].data_type == "s"  # text, never a formula
    assert first[3].is_date and first[3].number_format == "yyyy-mm"
    assert first[5].value == 1200 and first[5].data_type == "n"
    second = [cell.value for cell in sheet[7]]
    assert second[2] == PASHTO and second[5] is None and second[7] == 1_000_000_000_000
    assert sheet["C8"].value == "-12" and sheet["H8"].value == 2.5


def test_xlsx_sheet_name_follows_excel_rules():
    assert sheet_title("Reach: [2026] / Sénégal*?") == "Reach   2026    Sénégal"
    assert len(sheet_title("x" * 80)) == 31
    assert sheet_title("[]") == "Figures"
    workbook = openpyxl.load_workbook(io.BytesIO(as_xlsx(table(title="Portée: 2026"))))
    assert workbook.sheetnames == ["Portée  2026"]


def test_control_characters_do_not_stop_the_xlsx():
    hostile = Table("Reach\x0b", [Column("a", "A\x00")], [("Org\x0bname\x1f",)])
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx(hostile, [("Country", "SN\x08")]))).active
    assert [row[0] for row in sheet.values] == ["Reach", "Country: SN", None, "A", "Orgname"]


def test_empty_table_still_writes_headings():
    empty = table(rows=[])
    assert read_csv(as_csv(empty))[2] == [column.heading for column in COLUMNS]
    assert hxl.data(io.BytesIO(as_hxl(empty))).columns[0].display_tag == "#country+code"
    rows = list(openpyxl.load_workbook(io.BytesIO(as_xlsx(empty))).active.values)
    assert rows[-1] == tuple(column.heading for column in COLUMNS)


@pytest.mark.parametrize(
    ("fmt", "content_type", "name"),
    [
        ("csv", "text/csv; charset=utf-8", "reach.csv"),
        ("hxl", "text/csv; charset=utf-8", "reach-hxl.csv"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "reach.xlsx"),
    ],
)
def test_download_names_the_file(fmt, content_type, name):
    response = download(table(), FILTERS, fmt, "reach")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.content[:2] in (b"\xef\xbb", b"PK")


def test_download_non_ascii_name_and_unknown_format():
    response = download(table(), FILTERS, "csv", "portée-sénégal")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''port%C3%A9e-s%C3%A9n%C3%A9gal.csv"
    )
    with pytest.raises(ValueError):
        download(table(), FILTERS, "pdf", "reach")
