"""The reporting core: what each role's figures add up to, by each indicator's rule, in a fixed
number of queries."""

import datetime

import pytest
from django.utils import translation

from campaigns.reporting import figures
from campaigns.reporting.figure_set import FigureSet
from campaigns.reporting.filters import ReachFilter, ReachFilterForm
from tests.factories import IndicatorFactory, reach_report

JAN, FEB, MAR, APR = (datetime.date(2026, month, 1) for month in (1, 2, 3, 4))
VALIDATED = {"status": "validated"}


def build_figures(w):
    followers = IndicatorFactory(code="followers", kind="views", aggregation="latest")
    peak = IndicatorFactory(code="peak-audience", kind="audience_estimate", aggregation="maximum")
    female, male = "female", "male"
    for month, people, follow in ((JAN, 100, 10), (FEB, 200, 20), (MAR, 300, None)):
        values = {
            w.people: (people, [(female, w.youth, people - 40), (male, w.adults, 40)]),
            peak: people,
        }
        if follow is not None:
            values[followers] = follow
        reach_report(
            w.sn_campaign, w.iom_senegal, w.dakar, w.radio, month, values, language="wo",
            material=w.poster, **VALIDATED,
        )  # fmt: skip
    reach_report(
        w.sn_campaign, w.iom_senegal, w.thies, w.radio, FEB, {w.people: 50, followers: 5,
        peak: 70}, language="fr", status="locked",
    )  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.thies, w.radio, MAR, {followers: 15}, **VALIDATED)
    # Not counted by default: submitted; a superseded revision; a draft.
    reach_report(
        w.sn_campaign, w.iom_senegal, w.thies, w.sessions, MAR, {w.people: 1000},
        status="submitted",
    )  # fmt: skip
    reach_report(
        w.sn_campaign, w.iom_senegal, w.dakar, w.sessions, JAN, {w.people: 99999},
        status="locked", is_current=False,
    )  # fmt: skip
    reach_report(w.sn_campaign, w.iom_senegal, w.dakar, w.sessions, APR, {w.people: 5555})
    reach_report(w.gn_campaign, w.radio_guinea, w.conakry, w.radio, JAN, {w.people: 7}, **VALIDATED)
    w.followers, w.peak = followers, peak
    return w


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    with django_db_blocker.unblock():
        return build_figures(world_data)


def value(rows, **keys):
    matching = [r["value"] for r in rows if all(r.get(k) == v for k, v in keys.items())]
    assert len(matching) <= 1, matching
    return matching[0] if matching else None


EVERYTHING = ReachFilter()


def test_sums_by_country_validated_only(data, db):
    rows = figures.totals(data.me_officer, EVERYTHING, by=["country"])
    assert value(rows, country=data.senegal.pk, indicator=data.people.pk) == 650
    assert value(rows, country=data.guinea.pk, indicator=data.people.pk) == 7


def test_submitted_on_request_only(data, db):
    flt = ReachFilter(include_submitted=True)
    rows = figures.totals(data.me_officer, flt, by=["country"])
    assert value(rows, country=data.senegal.pk, indicator=data.people.pk) == 1650
    public = figures.totals(None, flt, by=["country"])
    assert value(public, country=data.senegal.pk, indicator=data.people.pk) == 650


def test_latest_and_maximum_take_the_month_totals(data, db):
    rows = figures.totals(data.me_officer, EVERYTHING, by=["campaign"])
    campaign = data.sn_campaign.pk
    # followers: Jan 10, Feb 20 + 5, Mar 15 -> latest month's total is 15
    assert value(rows, campaign=campaign, indicator=data.followers.pk) == 15
    # peak audience: Jan 100, Feb 200 + 70, Mar 300 -> the highest month is 300
    assert value(rows, campaign=campaign, indicator=data.peak.pk) == 300
    by_region = figures.totals(data.me_officer, EVERYTHING, by=["region"])
    assert value(by_region, region=data.dakar.pk, indicator=data.followers.pk) == 20
    assert value(by_region, region=data.thies.pk, indicator=data.followers.pk) == 15


def test_indicators_are_never_added_together(data, db):
    rows = figures.totals(data.me_officer, EVERYTHING)
    assert {r["indicator"] for r in rows} == {data.people.pk, data.followers.pk, data.peak.pk}
    assert value(rows, indicator=data.people.pk) == 657


def test_monthly_trend(data, db):
    rows = figures.monthly(data.me_officer, ReachFilter(countries=(data.senegal.pk,)))
    assert value(rows, month=FEB, indicator=data.people.pk) == 250
    assert value(rows, month=FEB, indicator=data.followers.pk) == 25
    assert value(rows, month=APR, indicator=data.people.pk) is None  # a draft


def test_period_and_dimension_filters(data, db):
    flt = ReachFilter(month_from=FEB, month_to=MAR, channels=(data.radio.pk,))
    rows = figures.totals(data.me_officer, flt, by=["language"])
    assert value(rows, language="wo", indicator=data.people.pk) == 500
    assert value(rows, language="fr", indicator=data.people.pk) == 50
    by_material = figures.totals(data.me_officer, flt, by=["material"])
    assert value(by_material, material=data.poster.pk, indicator=data.people.pk) == 500


def test_breakdown_by_sex_and_age(data, db):
    rows = figures.breakdown(data.me_officer, EVERYTHING, indicators=[data.people])
    assert value(rows, sex="female", age_band=data.youth.pk) == 60 + 160 + 260
    assert value(rows, sex="male", age_band=data.adults.pk) == 120


@pytest.mark.parametrize(
    ("user", "sees_senegal", "sees_guinea"),
    [("sn_reporter", True, False), ("gn_reporter", False, True), ("reviewer", True, True)],
)
def test_scoped_by_role(data, db, user, sees_senegal, sees_guinea):
    rows = figures.totals(getattr(data, user), EVERYTHING, by=["country"])
    countries = {r["country"] for r in rows}
    assert (data.senegal.pk in countries) is sees_senegal
    assert (data.guinea.pk in countries) is sees_guinea
    targets = figures.target_progress(getattr(data, user), EVERYTHING)
    assert all(t.target.campaign.country_id in countries for t in targets)


def test_nobody_without_a_role_sees_anything(data, db, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")
    assert figures.totals(stranger, EVERYTHING) == []


def test_targets_against_their_own_period(data, db):
    from campaigns.models import Target

    whole_year = Target.objects.create(
        campaign=data.sn_campaign, indicator=data.people, value=1000,
        period_start=JAN, period_end=datetime.date(2026, 12, 1),
    )  # fmt: skip
    february = Target.objects.create(
        campaign=data.sn_campaign, indicator=data.people, value=100, period_start=FEB,
        period_end=FEB,
    )  # fmt: skip
    followers = Target.objects.create(campaign=data.sn_campaign, indicator=data.followers, value=40)
    nothing_yet = Target.objects.create(campaign=data.gn_campaign, indicator=data.peak, value=9)
    progress = {p.target.pk: p for p in figures.target_progress(data.me_officer, EVERYTHING)}
    assert progress[whole_year.pk].achieved == 650
    assert progress[whole_year.pk].remaining == 350
    assert progress[whole_year.pk].percent == pytest.approx(65.0)
    assert progress[whole_year.pk].by_month == [(JAN, 100), (FEB, 350), (MAR, 650)]
    assert progress[february.pk].achieved == 250
    assert progress[february.pk].remaining == 0
    assert progress[followers.pk].achieved == 15
    assert progress[nothing_yet.pk].achieved is None
    assert progress[nothing_yet.pk].percent is None
    march_only = ReachFilter(month_from=datetime.date(2027, 1, 1))
    assert february.pk not in {
        p.target.pk for p in figures.target_progress(data.me_officer, march_only)
    }


def test_query_count_does_not_grow_with_the_data(data, db, django_assert_num_queries):
    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            figures.totals(data.sn_reporter, EVERYTHING, by=["region", "month"])
            figures.totals(data.sn_reporter, EVERYTHING, by=["channel"])
            figures.breakdown(data.sn_reporter, EVERYTHING)
            figures.target_progress(data.sn_reporter, EVERYTHING)
        return len(context.captured_queries)

    queries()  # the user's permissions are read once and kept on the user, whatever ran before
    before = queries()
    for month in range(5, 13):
        reach_report(
            data.sn_campaign, data.iom_senegal, data.dakar, data.sessions,
            datetime.date(2026, month, 1), {data.people: month, data.followers: month,
            data.peak: month}, **VALIDATED,
        )  # fmt: skip
    assert queries() == before


def test_labels_in_the_readers_language(data, db):
    rows = figures.totals(data.me_officer, EVERYTHING, by=["country", "language", "month"])
    with translation.override("fr"):
        labels = figures.Labels(rows, ["country", "language", "month", "indicator"])
        assert labels("country", data.senegal.pk) == "Sénégal"
        assert labels("language", "wo") == "wolof"
        assert labels("month", FEB) == "février 2026"
        assert labels("language", None) == "—"


def test_filter_form_offers_what_the_user_sees(data, db):
    form = ReachFilterForm({"month_from": "2026-02", "month_to": "2026-01"}, user=data.gn_reporter)
    assert list(form.fields["country"].queryset) == [data.guinea]
    assert not form.is_valid()
    assert "month_to" in form.errors
    assert form.reach_filter() == ReachFilter()
    form = ReachFilterForm(
        {"month_from": "2026-02", "country": [data.senegal.pk]}, user=data.gn_reporter
    )
    assert not form.is_valid()  # Senegal is not among the choices
    form = ReachFilterForm(
        {"month_from": "2026-02", "country": [data.senegal.pk], "include_submitted": "on"},
        user=data.me_officer,
    )
    assert form.is_valid(), form.errors
    flt = form.reach_filter()
    assert flt == ReachFilter(month_from=FEB, countries=(data.senegal.pk,), include_submitted=True)
    again = ReachFilterForm(dict_of(flt.query_items()), user=data.me_officer)
    assert again.is_valid() and again.reach_filter() == flt
    with translation.override("fr"):
        described = dict(flt.describe())
    assert "Sénégal" in described.values()


def dict_of(items):
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, val in items:
        query.appendlist(key, val)
    return query


def test_cached_sums_never_outlive_a_validation(data, db):
    """Sums are cached for see-everything users and the public; the next view after a report is
    validated or returned, or a month reopened, already counts it."""
    from campaigns.models import ReachReport
    from campaigns.reach import lifecycle

    def senegal(user=data.me_officer):
        rows = figures.totals(user, EVERYTHING, by=["country"])
        return value(rows, country=data.senegal.pk, indicator=data.people.pk)

    assert senegal() == senegal(None) == 650
    lifecycle.validate(ReachReport.objects.get(status="submitted"), data.me_officer)
    assert senegal() == senegal(None) == 1650
    late = reach_report(
        data.sn_campaign, data.iom_senegal, data.dakar, data.radio, APR, {data.people: 7},
        status="submitted",
    )  # fmt: skip
    assert senegal() == 1650
    with_submitted = figures.totals(data.me_officer, ReachFilter(include_submitted=True))
    assert value(with_submitted, indicator=data.people.pk) == 1657 + 7
    lifecycle.return_report(late, data.me_officer, "Wrong region.")
    with_submitted = figures.totals(data.me_officer, ReachFilter(include_submitted=True))
    assert value(with_submitted, indicator=data.people.pk) == 1657


# --- FigureSet: one read gives what figures.totals gives (one read per question) ----------


def ordered(rows):
    return sorted(rows, key=lambda row: sorted((k, str(v)) for k, v in row.items()))


@pytest.mark.parametrize("by", ["country", "region", "language", "channel", "material"])
@pytest.mark.parametrize("include_submitted", [False, True])
def test_same_figures_as_totals(data, db, by, include_submitted):
    flt = ReachFilter(include_submitted=include_submitted)
    figure_set = FigureSet(data.me_officer, flt, by=by)
    assert ordered(figure_set.totals(by)) == ordered(figures.totals(data.me_officer, flt, [by]))
    assert ordered(figure_set.totals()) == ordered(figures.totals(data.me_officer, flt))
    assert ordered(figure_set.monthly()) == ordered(figures.monthly(data.me_officer, flt))


def test_one_read_for_three_questions(data, db, django_assert_num_queries):
    from campaigns.reach.access import sees_everything

    sees_everything(data.gn_reporter)  # the user's permissions, read once per user anyway
    with django_assert_num_queries(2):  # the values, grouped; the indicators' rules
        figure_set = FigureSet(data.gn_reporter, ReachFilter(), by="region")
        figure_set.totals("region"), figure_set.totals(), figure_set.monthly()
    assert {row["region"] for row in figure_set.totals("region")} == {data.conakry.pk}
    with pytest.raises(ValueError):
        figure_set.totals("channel")


@pytest.mark.parametrize(
    "text", ["9999-12", "0001-01", "1999-12", "2101-01", "２０２６-０１", "2026-13"]
)
def test_months_outside_the_reporting_years_are_refused(text):
    from campaigns.reporting.filters import parse_month

    assert parse_month(text) is None
    assert parse_month("2026-03") == datetime.date(2026, 3, 1)
