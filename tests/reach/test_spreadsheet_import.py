"""Importing a filled template: all or nothing, a row-by-row report, re-uploads count once."""

import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns.reach.models import (
    EntryRoute,
    ImportStatus,
    ReachBreakdown,
    ReachImport,
    ReachReport,
    ReachValue,
    Status,
)
from campaigns.reach.spreadsheet.importer import import_file
from tests.factories import RegionFactory, reach_report

from .conftest import MARCH, TODAY
from .spreadsheet_files import COLUMNS, broadcasts, csv_bytes, people, row, xlsx

pytestmark = pytest.mark.django_db


def run(user, content, name="reach.xlsx", **options):
    return import_file(user, io.BytesIO(content), name, today=TODAY, **options)


def problems(record):
    return [(p["row"], p["column"], p["value"], p["level"]) for p in record.problems]


def test_a_good_file_imports_drafts_grouping_the_rows_of_one_report(world):
    rows = [people(world), broadcasts(world), people(world, region="SN-TH · Thiès")]
    record = run(world.sn_reporter, xlsx(rows))
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert (record.rows, record.reports_created, record.error_count) == (3, 2, 0)
    reports = ReachReport.objects.all()
    assert {r.status for r in reports} == {Status.DRAFT}
    assert {r.entered_via for r in reports} == {EntryRoute.SPREADSHEET}
    assert {r.source_import_id for r in reports} == {record.pk}
    dakar = reports.get(region=world.dakar)
    assert dict(dakar.values.values_list("indicator__code", "total")) == {
        "people-reached": 30,
        "broadcasts": 4,
    }
    cells = ReachBreakdown.objects.filter(value__report=dakar)
    assert sorted(cells.values_list("sex", "age_band__code", "count")) == [
        ("female", "15-24", 20),
        ("male", "25plus", 10),
    ]
    assert record.imported_by == world.sn_reporter and record.duration_ms >= 0


def test_one_bad_row_refuses_the_whole_file_with_row_column_and_value(world):
    rows = [
        people(world),
        people(world, region="SN-TH · Thiès", female=25),  # 25 + 10 != 30
        broadcasts(world, region="SN-XX", total="-3"),
    ]
    record = run(world.sn_reporter, xlsx(rows))
    assert record.status == ImportStatus.REFUSED
    assert ReachReport.objects.count() == 0
    found = problems(record)
    assert (3, "Total", 30, "error") in found, found
    assert (4, "Region", "SN-XX", "error") in found
    assert (4, "Total", "-3", "error") in found
    by_cell = {(p["row"], p["column"]): p["message"] for p in record.problems}
    assert "adds up to 35, not to the total 30" in by_cell[(3, "Total")]
    assert record.error_count == 3


def test_a_cell_in_a_column_the_indicator_does_not_use_is_named(world):
    record = run(world.sn_reporter, xlsx([broadcasts(world, **{"Female": 4})]))
    assert record.status == ImportStatus.REFUSED
    assert (2, "Female", 4, "error") in problems(record)


def test_the_same_file_twice_is_unchanged_and_counts_once(world):
    content = xlsx([people(world), broadcasts(world)])
    assert run(world.sn_reporter, content).reports_created == 1
    again = run(world.sn_reporter, content)
    assert again.status == ImportStatus.IMPORTED, again.problems
    assert (again.reports_created, again.reports_updated, again.reports_unchanged) == (0, 0, 1)
    assert ReachReport.objects.count() == 1 and ReachValue.objects.count() == 2


def test_changed_figures_need_merge_then_replace_only_the_given_indicators(world):
    run(world.sn_reporter, xlsx([people(world), broadcasts(world)]))
    changed = xlsx([people(world, total=40, female=30)])
    refused = run(world.sn_reporter, changed)
    assert refused.status == ImportStatus.REFUSED
    assert refused.problems[0]["column"] == "Channel"
    assert "ask to merge" in refused.problems[0]["message"]
    merged = run(world.sn_reporter, changed, merge=True)
    assert merged.status == ImportStatus.IMPORTED, merged.problems
    assert merged.reports_updated == 1
    report = ReachReport.objects.get()
    assert dict(report.values.values_list("indicator__code", "total")) == {
        "people-reached": 40,
        "broadcasts": 4,
    }


def test_merge_refused_on_a_submitted_report(world):
    reach_report(world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
                 {world.broadcasts: 2}, status=Status.SUBMITTED)  # fmt: skip
    record = run(world.sn_reporter, xlsx([broadcasts(world)]), merge=True)
    assert record.status == ImportStatus.REFUSED
    assert "submitted" in record.problems[0]["message"]


def test_dry_run_checks_and_counts_but_saves_nothing(world):
    record = run(world.sn_reporter, xlsx([people(world), broadcasts(world)]), dry_run=True)
    assert record.status == ImportStatus.CHECKED
    assert record.reports_created == 1
    assert ReachReport.objects.count() == 0


@pytest.mark.parametrize("delimiter,bom", [(",", True), (";", False)])
def test_csv_is_read_like_xlsx(world, delimiter, bom):
    content = csv_bytes([people(world), broadcasts(world)], delimiter=delimiter, bom=bom)
    record = run(world.sn_reporter, content, name="reach.csv")
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert ReachValue.objects.count() == 2


def test_headers_match_whatever_their_case_and_codes_alone_are_enough(world):
    columns = [c.upper() for c in COLUMNS]
    values = people(world, region="SN-DK", Channel="radio", Material=str(world.poster.uuid))
    content = xlsx([{c.upper(): v for c, v in values.items()}], columns=columns)
    record = run(world.sn_reporter, content)
    assert record.status == ImportStatus.IMPORTED, record.problems


def test_unknown_or_missing_columns_refuse_the_file(world):
    record = run(world.sn_reporter, xlsx([people(world)], columns=[*COLUMNS, "Colour"]))
    assert record.status == ImportStatus.REFUSED
    assert "Colour" in record.problems[0]["message"]
    missing = run(world.sn_reporter, xlsx([people(world)], columns=COLUMNS[:5]))
    assert "Missing column" in missing.problems[0]["message"]
    garbage = run(world.sn_reporter, b"not a spreadsheet")
    assert garbage.status == ImportStatus.REFUSED and garbage.problems[0]["row"] is None


def test_rows_of_one_report_must_agree_on_its_header(world):
    rows = [people(world), broadcasts(world, Notes="other notes")]
    record = run(world.sn_reporter, xlsx(rows))
    assert record.status == ImportStatus.REFUSED
    (problem,) = record.problems
    assert (problem["row"], problem["column"]) == (3, "Notes")
    assert "row 2" in problem["message"]


def test_a_blank_report_level_cell_on_a_later_row_means_as_above(world):
    """Issue 12, item 4: Notes (and the other report-level cells) blank on the second row of a
    report were refused as a disagreement; blank there means "as above"."""
    notes = {"Notes": "Spots in Wolof"}
    blanks = {"Material": None, "Language": None, "Data_source": None, "Verification": None}
    rows = [
        people(world, **notes),
        broadcasts(world, **blanks),
        people(world, region="SN-TH · Thiès"),
        broadcasts(world, region="SN-TH · Thiès", Notes="Thiès only"),  # blank above: refused
    ]
    record = run(world.sn_reporter, xlsx(rows))
    assert [(p["row"], p["column"]) for p in record.problems] == [(5, "Notes")]
    # The rows of one report apart in the file: the later one, blank, is "as above" too.
    rows = [
        people(world, **notes),
        people(world, region="SN-TH · Thiès"),
        broadcasts(world, **blanks),
    ]
    record = run(world.sn_reporter, xlsx(rows))
    assert record.status == ImportStatus.IMPORTED, record.problems
    dakar = ReachReport.objects.get(region=world.dakar)
    assert (dakar.notes, dakar.material_id, dakar.language) == (
        "Spots in Wolof",
        world.poster.pk,
        "fr",
    )
    assert (dakar.data_source, dakar.verification) == ("attendance", "documents")
    assert ReachValue.objects.filter(report=dakar).count() == 2
    # Uploaded again, merged: the blank row changes nothing (the notes are not emptied).
    again = run(world.sn_reporter, xlsx(rows), merge=True)
    assert (again.reports_unchanged, again.reports_updated) == (2, 0), again.problems
    assert ReachReport.objects.get(region=world.dakar).notes == "Spots in Wolof"


def test_the_record_lists_the_reports_with_their_outcome_and_totals(world):
    rows = [people(world), broadcasts(world), people(world, region="SN-TH · Thiès")]
    checked = run(world.sn_reporter, xlsx(rows), dry_run=True)
    assert [(r["outcome"], r["id"], r["region"], r["rows"]) for r in checked.outcomes] == [
        ("created", None, "SN-DK", 2),
        ("created", None, "SN-TH", 1),
    ]
    record = run(world.sn_reporter, xlsx(rows))
    dakar, thies = (ReachReport.objects.get(region=r) for r in (world.dakar, world.thies))
    assert record.outcomes == [
        {"outcome": "created", "id": dakar.pk, "campaign": world.sn_campaign.code,
         "organisation": "IOM Senegal", "month": "2026-03", "region": "SN-DK",
         "channel": "radio", "totals": [["people-reached", 30], ["broadcasts", 4]], "rows": 2},
        {"outcome": "created", "id": thies.pk, "campaign": world.sn_campaign.code,
         "organisation": "IOM Senegal", "month": "2026-03", "region": "SN-TH",
         "channel": "radio", "totals": [["people-reached", 30]], "rows": 1},
    ]  # fmt: skip
    changed = [people(world, total=40, female=30), people(world, region="SN-TH · Thiès")]
    merged = run(world.sn_reporter, xlsx(changed), merge=True)
    assert [(r["outcome"], r["id"], r["totals"]) for r in merged.outcomes] == [
        ("updated", dakar.pk, [["people-reached", 40]]),
        ("unchanged", thies.pk, [["people-reached", 30]]),
    ]
    refused = run(world.sn_reporter, xlsx([broadcasts(world, region="SN-XX")]))
    assert refused.outcomes == []


def test_rows_of_a_report_apart_in_the_file_join_it_but_an_indicator_twice_is_refused(world):
    rows = [people(world), people(world, region="SN-TH · Thiès"), broadcasts(world)]
    record = run(world.sn_reporter, xlsx(rows))
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert ReachReport.objects.count() == 2 and ReachValue.objects.count() == 3
    april = "2026-04"
    twice = run(world.sn_reporter, xlsx([broadcasts(world, month=april), people(world, month=april),
                                         broadcasts(world, month=april, total=5)]))  # fmt: skip
    assert twice.status == ImportStatus.REFUSED
    assert [(p["row"], p["column"]) for p in twice.problems] == [(4, "Indicator")]


def test_guinea_reporter_uploading_senegal_rows_is_refused(world):
    record = run(world.gn_reporter, xlsx([people(world)]))
    assert record.status == ImportStatus.REFUSED
    assert ("Organisation", "IOM Senegal") in [(p["column"], p["value"]) for p in record.problems]
    assert ReachReport.objects.count() == 0


def test_me_officer_imports_for_any_organisation(world):
    gn = row(world, Campaign=world.gn_campaign.code, Organisation="Radio Guinée",
             region="GN-C", Material=None, indicator="broadcasts", total=3)  # fmt: skip
    record = run(world.me_officer, xlsx([people(world), gn]))
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert set(ReachReport.objects.values_list("organisation__name", flat=True)) == {
        "IOM Senegal",
        "Radio Guinée",
    }


def test_an_editor_cannot_import(world):
    record = run(world.editor, xlsx([people(world)]))
    assert record.status == ImportStatus.REFUSED
    assert ReachReport.objects.count() == 0


def test_problems_are_capped_with_a_note(world, monkeypatch):
    monkeypatch.setattr("campaigns.reach.spreadsheet.importer.MAX_PROBLEMS", 2)
    rows = [broadcasts(world, region=f"SN-X{n}") for n in range(5)]
    record = run(world.sn_reporter, xlsx(rows))
    assert record.error_count == 5 and len(record.problems) == 3
    assert "3 more" in record.problems[-1]["message"]


def test_progress_is_reported_per_phase(world, monkeypatch):
    monkeypatch.setattr("campaigns.reach.spreadsheet.importer.PROGRESS_EVERY", 2)
    seen = []
    run(world.sn_reporter, xlsx([people(world), broadcasts(world), people(world, region="SN-TH")]),
        progress=lambda rows, phase: seen.append((rows, phase)))  # fmt: skip
    # (0, "save"): the save announced before its transaction, for a page polling the row.
    assert seen == [(2, "check"), (3, "check"), (0, "save"), (2, "save"), (3, "save")]


def test_queries_do_not_grow_with_the_rows(world):
    regions = [RegionFactory(country=world.senegal, code=f"SN-{n:02d}") for n in range(60)]

    def rows(count):
        return [
            broadcasts(world, region=regions[n % 60].code, month=f"2026-0{1 + n // 60}", total=n)
            for n in range(count)
        ]

    counts = []
    for count in (10, 300):
        ReachReport.objects.all().delete()
        reporter = type(world.sn_reporter).objects.get(pk=world.sn_reporter.pk)  # no perm cache
        with CaptureQueriesContext(connection) as queries:
            record = run(reporter, xlsx(rows(count)))
        assert record.status == ImportStatus.IMPORTED, record.problems[:3]
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert ReachImport.objects.count() == 2


LIBREOFFICE = Path(__file__).parent / "fixtures" / "reach-libreoffice.xlsx"


def test_a_file_saved_by_libreoffice_calc_imports(world):
    """Made with openpyxl from codes (sn-desert, IOM Senegal, SN-DK, radio), saved by Calc:
    shared strings, a month as a date cell, whole numbers as floats."""
    assert world.sn_campaign.code == "sn-desert"
    record = run(world.sn_reporter, LIBREOFFICE.read_bytes(), name=LIBREOFFICE.name)
    assert record.status == ImportStatus.IMPORTED, record.problems
    assert (record.rows, record.reports_created) == (3, 2)
    april = ReachReport.objects.get(region=world.thies)
    assert april.month.isoformat() == "2026-04-01"
    assert april.notes.startswith("Saved by LibreOffice")
    cells = ReachBreakdown.objects.filter(value__report=april)
    assert sorted(cells.values_list("sex", "age_band__code", "count")) == [
        ("female", "15-24", 5),
        ("unknown", "25plus", 7),
    ]
    again = run(world.sn_reporter, LIBREOFFICE.read_bytes(), name=LIBREOFFICE.name)
    assert again.reports_unchanged == 2 and again.reports_created == 0
