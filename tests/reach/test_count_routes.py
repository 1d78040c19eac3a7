"""The count and month rules hold in the spreadsheet route too (issue 10, item 13): a count is
plain ASCII digits (no "1e3", fullwidth or Arabic-Indic digits, thousands separators or 5,000
digits) and the current month, not yet over, is refused. The form and the API are covered by
test_entry_form.py and test_api_hostile.py; the rule itself by test_rules.py."""

import io

import pytest

from campaigns.reach.models import ImportStatus, ReachReport
from campaigns.reach.spreadsheet.importer import import_file

from .conftest import TODAY
from .spreadsheet_files import broadcasts, csv_bytes, xlsx

pytestmark = pytest.mark.django_db

NOT_DIGITS = ["1e3", "\uff14", "\u0664", "4,000", "4 000", "4.0", "9" * 5000]


def run(user, content, name):
    return import_file(user, io.BytesIO(content), name, today=TODAY)


@pytest.mark.parametrize("total", NOT_DIGITS)
@pytest.mark.parametrize("name", ["reach.csv", "reach.xlsx"])
def test_a_count_that_is_not_plain_digits_refuses_the_file(world, total, name):
    rows = [broadcasts(world, total=total)]
    record = run(world.sn_reporter, csv_bytes(rows) if name.endswith("csv") else xlsx(rows), name)
    assert record.status == ImportStatus.REFUSED
    found = [(p["row"], p["column"], p["value"]) for p in record.problems]
    assert found
    # (long values are shortened in the report)
    assert any((r, c) == (2, "Total") and str(v)[:30] == total[:30] for r, c, v in found), found
    assert not ReachReport.objects.exists()


def test_plain_digits_import(world):
    record = run(world.sn_reporter, csv_bytes([broadcasts(world, total="0004")]), "reach.csv")
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert ReachReport.objects.get().values.get().total == 4


def test_the_current_month_refuses_the_file(world):
    this_month = f"{TODAY:%Y-%m}"
    record = run(world.sn_reporter, xlsx([broadcasts(world, month=this_month)]), "reach.xlsx")
    assert record.status == ImportStatus.REFUSED
    messages = [p["message"] for p in record.problems if p["column"] == "Month"]
    assert any("has not ended yet" in message for message in messages), record.problems
    assert not ReachReport.objects.exists()
