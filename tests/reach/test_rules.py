"""Every rule of campaigns.reach.rules: each refusal names its field and says what is wrong."""

import datetime

import pytest

from campaigns.models import MonthLock
from campaigns.reach.access import reporting_scope
from campaigns.reach.models import Status
from campaigns.reach.rules import Cell, ReachRuleContext, ReportData, ValueData, parse_count
from tests.factories import material, reach_report

from .conftest import MARCH, TODAY

pytestmark = pytest.mark.django_db


def good_data(w, **changes) -> ReportData:
    """A valid Senegal report: 100 people (split by sex and age) and 12 broadcasts."""
    fields = dict(
        campaign=w.sn_campaign.pk,
        organisation=w.iom_senegal.pk,
        month=MARCH,
        region=w.dakar.pk,
        channel=w.radio.pk,
        material=w.poster.pk,
        language="wo",
        values={
            "people-reached": ValueData(
                "100",
                [
                    Cell(40, "female", "15-24"),
                    Cell(35, "male", "15-24"),
                    Cell(25, "unknown", "25plus"),
                ],
            ),
            "broadcasts": ValueData(12),
        },
    )
    fields.update(changes)
    return ReportData(**fields)


def check(w, data, **options):
    return ReachRuleContext(campaigns=[w.sn_campaign.pk], today=TODAY).check(data, **options)


def only_error(result):
    assert len(result.errors) == 1, result.errors
    return result.errors[0]


def test_a_good_report_passes_without_warnings(world):
    result = check(world, good_data(world))
    assert result.ok, result.errors
    assert result.warnings == []
    assert result.totals == {"people-reached": 100, "broadcasts": 12}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (12, 12),
        ("12", 12),
        (" 7 ", 7),
        (12.0, 12),
        ("0", 0),
        ("007", 7),
        (str(2**63 - 1), 2**63 - 1),
    ],
)
def test_whole_numbers_are_read_from_text_and_spreadsheet_floats(raw, expected):
    assert parse_count(raw) == (expected, None)


@pytest.mark.parametrize(
    "raw",
    ["1e3", "1E3", "3.0", "\uff11\uff12", "\u0661\u0662", "1\u00a0200", "1 200", "1.200", "1_200",
     "+12", "0x10", "12\n3", "\u00b2", "\U0001d7d9"],
)  # fmt: skip
def test_a_count_in_text_is_plain_ascii_digits(raw):
    """Not scientific notation, fullwidth or Arabic-Indic digits, nor thousands separators
    (they differ by language: "1,200", "1.200", "1 200"): the message asks for digits only."""
    count, message = parse_count(raw)
    assert count is None and "digits only" in message


@pytest.mark.parametrize("raw", ["9" * 5000, "1" * 20, "0" * 30 + "1" * 20])
def test_a_count_of_thousands_of_digits_is_too_large_not_a_crash(raw):
    assert parse_count(raw) == (None, "This number is too large to be a count.")


def test_a_huge_decimal_or_float_is_too_large_at_once():
    from decimal import Decimal

    assert parse_count(Decimal("1e999999999"))[1] == "This number is too large to be a count."
    assert parse_count(1e300)[1] == "This number is too large to be a count."
    assert "whole number" in parse_count(float("inf"))[1]


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("-3", "cannot be negative"),
        (-3, "cannot be negative"),
        (2.5, "whole number"),
        ("1,200", "digits only"),
        ("abc", "digits only"),
        (True, "not yes/no"),
        (None, "Give a number"),
        ("", "Give a number"),
        (2**63, "too large"),
        (float("nan"), "whole number"),
    ],
)
def test_counts_must_be_whole_and_not_negative(world, raw, says):
    data = good_data(world, values={"broadcasts": ValueData(raw)})
    error = only_error(check(world, data))
    assert (error.field, error.value, error.code) == ("values.broadcasts.total", raw, "not_a_count")
    assert says in error.message


def test_breakdown_must_add_up_to_the_total(world):
    data = good_data(world)
    data.values["people-reached"].breakdown[0].count = 30
    error = only_error(check(world, data))
    assert (error.field, error.value, error.code) == (
        "values.people-reached.breakdown",
        90,
        "breakdown_sum",
    )
    assert error.message == "The breakdown adds up to 90, not to the total 100."


@pytest.mark.parametrize(
    ("cell", "code", "message"),
    [
        (Cell(25, "other", "25plus"), "bad_sex", "Sex is female, male or unknown."),
        (Cell(25, None, "25plus"), "sex_missing", "Each cell needs a sex (or 'unknown')."),
        (Cell(25, "unknown", None), "age_missing", "Each cell needs an age band."),
        (Cell(25, "unknown", "90plus"), "bad_age_band", "Unknown age band."),
        (Cell(25, "female", "15-24"), "cell_twice", "This cell is given twice."),
        (Cell("-25", "unknown", "25plus"), "not_a_count", "A count cannot be negative."),
    ],
)
def test_each_breakdown_cell_is_checked(world, cell, code, message):
    data = good_data(world)
    data.values["people-reached"].breakdown[2] = cell
    error = only_error(check(world, data))
    assert error.field.startswith("values.people-reached.breakdown[")
    assert (error.code, error.message) == (code, message)


def test_no_breakdown_along_a_split_the_indicator_does_not_have(world):
    data = good_data(world, values={"broadcasts": ValueData(12, [Cell(12, "female")])})
    error = only_error(check(world, data))
    assert (error.field, error.value, error.code) == (
        "values.broadcasts.breakdown[female]",
        "female",
        "no_sex_split",
    )


def test_a_missing_breakdown_is_a_warning_not_an_error(world):
    data = good_data(world, values={"people-reached": ValueData(100)})
    result = check(world, data)
    assert result.ok
    assert [(w.field, w.code) for w in result.warnings] == [
        ("values.people-reached.breakdown", "no_breakdown")
    ]


def test_unknown_or_retired_indicators_are_refused(world):
    world.broadcasts.active = False
    world.broadcasts.save()
    data = good_data(world, values={"nope": ValueData(1), "broadcasts": ValueData(2)})
    result = check(world, data)
    assert [(e.field, e.code) for e in result.errors] == [
        ("values.nope", "unknown"),
        ("values.broadcasts", "unknown"),
    ]


def test_a_report_needs_figures_unless_only_its_header_is_checked(world):
    assert only_error(check(world, good_data(world, values={}))).code == "no_values"
    assert check(world, good_data(world, values={}), require_values=False).ok


@pytest.mark.parametrize(
    ("month", "message"),
    [
        (datetime.date(2026, 7, 1), "2026-07 has not ended yet: report past months only."),
        (datetime.date(2025, 12, 1), "The campaign starts in 2026-01."),
        (datetime.date(2026, 3, 15), "Give a month (its first day), not a date within it."),
        ("March", "Give the month as YYYY-MM, e.g. 2026-03."),
    ],
)
def test_months_are_past_whole_months_within_the_campaign(world, month, message):
    error = only_error(check(world, good_data(world, month=month)))
    assert (error.field, error.message) == ("month", message)


def test_the_month_may_come_as_text(world):
    assert check(world, good_data(world, month="2026-03")).ok
    assert check(world, good_data(world, month=datetime.date(2026, 5, 1))).ok  # last month


def test_the_current_month_has_not_ended_and_is_refused(world):
    """TODAY is 2026-06-15: June is not over, whatever the route (form, import, API: they all
    check through ReachRuleContext)."""
    error = only_error(check(world, good_data(world, month=datetime.date(2026, 6, 1))))
    assert (error.field, error.value, error.message) == (
        "month",
        "2026-06",
        "2026-06 has not ended yet: report past months only.",
    )
    assert only_error(check(world, good_data(world, month="2026-06"))).field == "month"


def test_no_month_after_the_campaign_ended(world):
    world.sn_campaign.end_date = datetime.date(2026, 2, 20)
    world.sn_campaign.save_revision().publish()
    error = only_error(check(world, good_data(world)))
    assert (error.field, error.message) == ("month", "The campaign ended in 2026-02.")


def test_the_region_is_one_of_the_campaigns_country(world):
    error = only_error(check(world, good_data(world, region=world.conakry.pk)))
    assert (error.field, error.value, error.code) == ("region", world.conakry.pk, "wrong_country")
    assert error.message == "Not a region of the campaign's country."


def test_the_organisation_reports_for_the_campaigns_country(world):
    error = only_error(check(world, good_data(world, organisation=world.radio_guinea.pk)))
    assert (error.field, error.code) == ("organisation", "wrong_country")


def test_with_a_scope_a_reporter_reports_only_for_their_organisation(world):
    context = ReachRuleContext(
        campaigns=[world.gn_campaign.pk], scope=reporting_scope(world.sn_reporter), today=TODAY
    )
    data = good_data(
        world,
        campaign=world.gn_campaign.pk,
        organisation=world.radio_guinea.pk,
        region=world.conakry.pk,
        material=None,
        language="",
    )
    error = only_error(context.check(data))
    assert (error.field, error.code) == ("organisation", "not_yours")
    assert error.message == "You do not report for this organisation in this country."


def test_the_material_is_one_of_the_campaign(world):
    other = material(world.gn_campaign, languages=("fr",), title="Guinea poster")
    error = only_error(check(world, good_data(world, material=other.pk, language="fr")))
    assert (error.field, error.value, error.message) == (
        "material",
        other.pk,
        "Not a material of this campaign.",
    )


def test_the_language_is_one_of_the_materials_versions(world):
    error = only_error(check(world, good_data(world, language="ff")))
    assert (error.field, error.value) == ("language", "ff")
    assert error.message == "This material has no version in that language (it has: fr, wo)."
    error = only_error(check(world, good_data(world, material=None, language="xx")))
    assert (error.field, error.message) == ("language", "Not a content language of this site.")


def existing(w, status=Status.DRAFT, month=MARCH, **values):
    return reach_report(
        w.sn_campaign, w.iom_senegal, w.dakar, w.radio, month, values, status=status
    )


def test_a_duplicate_natural_key_is_refused_unless_merging_is_asked(world):
    existing(world)
    error = only_error(check(world, good_data(world)))
    assert (error.field, error.code) == ("key", "duplicate")
    w = world
    assert error.value == f"{w.sn_campaign.pk}/{w.iom_senegal.pk}/2026-03/{w.dakar.pk}/{w.radio.pk}"
    assert "already exists; ask to merge into it" in error.message
    assert check(world, good_data(world), merge=True).ok


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VALIDATED, Status.LOCKED])
def test_nothing_merges_into_a_report_no_longer_open(world, status):
    existing(world, status=status)
    error = only_error(check(world, good_data(world), merge=True))
    assert (error.field, error.code) == ("key", f"report_{status}")


def test_a_key_twice_in_one_batch_is_refused_the_second_time(world):
    context = ReachRuleContext(campaigns=[world.sn_campaign.pk], today=TODAY)
    assert context.check(good_data(world), where="row 2").ok
    error = only_error(context.check(good_data(world), where="row 3"))
    assert (error.field, error.code) == ("key", "duplicate_in_batch")
    assert error.message == "Reported twice in this batch (also at row 2)."


def test_a_locked_month_cannot_change(world):
    MonthLock.objects.create(country=world.senegal, month=MARCH)
    error = only_error(check(world, good_data(world)))
    assert (error.field, error.value, error.code) == ("month", "2026-03", "month_locked")
    assert error.message == "This month is locked for this country."


def test_a_locked_report_cannot_change(world):
    report = existing(world, status=Status.LOCKED)
    error = only_error(check(world, good_data(world, report_id=report.pk)))
    assert (error.field, error.value, error.code) == ("report", report.pk, "report_locked")
    assert "correct it by a new revision" in error.message


def test_an_open_report_may_be_changed_under_its_own_key(world):
    report = existing(world, status=Status.RETURNED)
    assert check(world, good_data(world, report_id=report.pk)).ok


def test_more_than_ten_times_the_organisations_median_is_a_warning(world):
    for month, total in ((1, 80), (2, 100), (4, 120)):
        reach_report(
            world.sn_campaign,
            world.iom_senegal,
            world.thies,
            world.radio,
            datetime.date(2026, month, 1),
            {world.broadcasts: total},
            status=Status.VALIDATED,
        )
    usual = check(world, good_data(world, values={"broadcasts": ValueData(1000)}))
    assert usual.ok and usual.warnings == []
    result = check(world, good_data(world, values={"broadcasts": ValueData(1001)}))
    assert result.ok
    [warning] = result.warnings
    assert (warning.field, warning.value, warning.code) == (
        "values.broadcasts.total",
        1001,
        "outlier",
    )
    assert warning.message == (
        "More than ten times this organisation's usual figure (median 100): please check."
    )


def test_the_median_needs_some_history_and_only_counts_accepted_figures(world):
    for month, status in ((1, Status.VALIDATED), (2, Status.VALIDATED), (4, Status.DRAFT)):
        reach_report(
            world.sn_campaign,
            world.iom_senegal,
            world.thies,
            world.radio,
            datetime.date(2026, month, 1),
            {world.broadcasts: 10},
            status=status,
        )
    assert check(world, good_data(world, values={"broadcasts": ValueData(5000)})).warnings == []
