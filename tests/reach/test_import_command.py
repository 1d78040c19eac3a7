"""manage.py import_reach: exit status, the row report on stderr, --dry-run saves nothing."""

import io

import pytest
from django.core.management import CommandError, call_command

from campaigns.reach.models import ReachReport
from campaigns.reach.spreadsheet import importer

from .conftest import TODAY
from .spreadsheet_files import (
    broadcasts,
    csv_bytes,
    people,
    raw_xlsx,
    row_xml,
    sheet_xml,
    table_xml,
    xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(importer.ReachRuleContext, "__init__", _with_today)


_original_init = importer.ReachRuleContext.__init__


def _with_today(self, campaigns=(), scope=None, today=None):
    _original_init(self, campaigns, scope, today or TODAY)


def command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_reach", str(path), *args, stdout=out, stderr=err)
    except CommandError as refused:
        return 1, out.getvalue(), err.getvalue() + str(refused)
    return 0, out.getvalue(), err.getvalue()


def test_a_good_file_is_imported_with_a_summary_on_stdout(world, tmp_path):
    path = tmp_path / "reach.xlsx"
    path.write_bytes(xlsx([people(world), broadcasts(world)]))
    status, out, err = command(path, "--user", "sn-reporter")
    assert status == 0, err
    assert "Imported: 2 rows; reports created 1" in out
    assert ReachReport.objects.count() == 1


def test_a_refused_file_exits_1_with_the_row_report_on_stderr(world, tmp_path):
    path = tmp_path / "reach.csv"
    path.write_bytes(csv_bytes([people(world), broadcasts(world, region="SN-XX", total="x")]))
    status, out, err = command(path, "--user", "sn-reporter")
    assert status == 1
    assert "error: row 3, Region = 'SN-XX': Not a region of the campaign's country." in err
    assert "row 3, Total = 'x'" in err
    assert "Refused" in err and out == ""
    assert ReachReport.objects.count() == 0


def test_dry_run_checks_and_saves_nothing(world, tmp_path):
    path = tmp_path / "reach.xlsx"
    path.write_bytes(xlsx([people(world)]))
    status, out, _err = command(path, "--user", "sn-reporter", "--dry-run")
    assert status == 0 and "Checked only" in out and "created 1" in out
    assert ReachReport.objects.count() == 0


def test_another_countrys_reporter_is_refused_and_an_unknown_user_is_an_error(world, tmp_path):
    path = tmp_path / "reach.xlsx"
    path.write_bytes(xlsx([people(world)]))
    status, _out, err = command(path, "--user", "gn-reporter")
    assert status == 1 and "You do not report for this organisation" in err
    assert command(path, "--user", "nobody")[0] == 1
    assert command(tmp_path / "missing.xlsx", "--user", "sn-reporter")[0] == 1


def test_progress_lines_on_a_non_terminal(world, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 1)
    path = tmp_path / "reach.xlsx"
    path.write_bytes(xlsx([people(world), broadcasts(world)]))
    status, _out, err = command(path, "--user", "sn-reporter")
    assert status == 0
    assert "check: 1 rows" in err and "check: 2 rows\n" in err and "save: 2 rows\n" in err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "rows.xlsx",
            raw_xlsx(sheet_xml(table_xml([]) + '<row r="999999999"><c r="A1"><v>1</v></c></row>')),
            "REACH_IMPORT_MAX_ROWS",
        ),
        (
            "bad-utf8.xlsx",
            raw_xlsx(
                sheet_xml(table_xml([]) + row_xml(2, ["Thiès"]))
                .encode()
                .replace("Thiès".encode(), "Thiès".encode("latin-1"))
            ),
            "not well-formed XML",
        ),
        ("line.csv", b"Campaign," + b"x" * 200_000 + b"\n", "REACH_IMPORT_MAX_LINE_CHARS"),
        ("not.xlsx", b"PK\x03\x04 broken", "not an XLSX file"),
    ],
)
def test_a_malformed_or_hostile_file_exits_1_with_its_reason_never_a_traceback(
    world, tmp_path, name, content, expected
):
    path = tmp_path / name
    path.write_bytes(content)
    status, out, err = command(path, "--user", "sn-reporter")
    assert status == 1 and expected in err, err
    assert "Traceback" not in err and out == ""
    assert ReachReport.objects.count() == 0
