"""The report form with its figures grid: inputs per indicator, errors on their cells, warnings
that do not block, one transaction, and who may open it."""

import datetime
import json
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from campaigns.models import ReachBreakdown, ReachReport, ReachValue
from campaigns.reach.models import Status
from tests.factories import (
    AgeBandFactory,
    IndicatorFactory,
    OrganisationFactory,
    material,
    reach_report,
)

from .conftest import MARCH

pytestmark = pytest.mark.django_db


def url(view, *args):
    return reverse(f"wagtailsnippets_campaigns_reachreport:{view}", args=args)


def post_data(w, figures=None, **changes):
    data = {
        "campaign": str(w.sn_campaign.pk),
        "organisation": str(w.iom_senegal.pk),
        "month": "2026-04-01",
        "region": str(w.thies.pk),
        "channel": str(w.sessions.pk),
        "material": "",
        "language": "",
        "data_source": "attendance",
        "verification": "documents",
        "notes": "",
    }
    data.update({f"value__{name}": value for name, value in (figures or {}).items()})
    data.update(changes)
    return data


PEOPLE_OK = {
    "people-reached__total": "10",
    "people-reached__female__15-24": "6",
    "people-reached__male__25plus": "4",
    "broadcasts__total": "3",
}


def test_the_form_has_a_total_per_indicator_and_a_grid_where_asked(client, world):
    client.force_login(world.sn_reporter)
    response = client.get(url("add"))
    form = response.context["form"]
    people = sorted(name for name in form.fields if name.startswith("value__people-reached__"))
    assert people == sorted(
        ["value__people-reached__total"]
        + [
            f"value__people-reached__{sex}__{band}"
            for sex in ("female", "male", "unknown")
            for band in ("15-24", "25plus")
        ]
    )
    assert [n for n in form.fields if n.startswith("value__broadcasts__")] == [
        "value__broadcasts__total"
    ]
    html = response.content.decode()
    assert 'data-reach-indicator="people-reached"' in html
    assert "campaigns/reach/entry.js" in html
    # The figure inputs are drawn in the grid only, not appended again at the form's end.
    assert html.count('name="value__people-reached__female__15-24"') == 1


def test_a_report_is_saved_with_its_figures_and_an_empty_indicator_is_not_reported(client, world):
    client.force_login(world.sn_reporter)
    figures = {k: v for k, v in PEOPLE_OK.items() if not k.startswith("broadcasts")}
    response = client.post(url("add"), post_data(world, figures))
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ReachReport.objects.get()
    assert response["Location"] == url("inspect", report.pk)
    [value] = ReachValue.objects.filter(report=report)
    assert (value.indicator, value.total) == (world.people, 10)
    cells = {(c.sex, c.age_band.code, c.count) for c in ReachBreakdown.objects.all()}
    assert cells == {("female", "15-24", 6), ("male", "25plus", 4)}


def test_an_indicator_split_by_sex_only_has_one_column(client, world):
    IndicatorFactory(code="calls", kind="hotline_calls", by_sex=True)
    client.force_login(world.sn_reporter)
    figures = {"calls__total": "5", "calls__female__all": "3", "calls__unknown__all": "2"}
    response = client.post(url("add"), post_data(world, figures))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert {(c.sex, c.age_band, c.count) for c in ReachBreakdown.objects.all()} == {
        ("female", None, 3),
        ("unknown", None, 2),
    }


def test_errors_land_on_the_cell_or_field_they_name_and_nothing_is_saved(client, world):
    client.force_login(world.sn_reporter)
    figures = {**PEOPLE_OK, "people-reached__female__15-24": "six", "broadcasts__total": "-2"}
    response = client.post(url("add"), post_data(world, figures, month="2031-01-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "whole number" in errors["value__people-reached__female__15-24"][0]
    assert "negative" in errors["value__broadcasts__total"][0]
    assert "not ended yet" in errors["month"][0]
    assert "value__people-reached__male__25plus" not in errors
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and "reach-grid__cell--error" in html
    assert not ReachReport.objects.exists() and not ReachValue.objects.exists()


def test_a_breakdown_that_does_not_add_up_is_refused_on_the_total(client, world):
    client.force_login(world.sn_reporter)
    figures = {**PEOPLE_OK, "people-reached__total": "12"}
    response = client.post(url("add"), post_data(world, figures))
    assert response.status_code == 200
    [error] = response.context["form"].errors["value__people-reached__total"]
    assert "adds up to 10, not to the total 12" in error
    assert not ReachReport.objects.exists()


def test_an_outlier_is_a_warning_that_does_not_block_saving(client, world):
    for month in (1, 2, 3):
        reach_report(
            world.sn_campaign, world.iom_senegal, world.dakar, world.radio,
            datetime.date(2026, month, 1), {world.broadcasts: 10}, status=Status.VALIDATED,
        )  # fmt: skip
    client.force_login(world.sn_reporter)
    response = client.post(url("add"), post_data(world, {"broadcasts__total": "500"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReachValue.objects.filter(total=500).exists()
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert any("More than ten times" in m for m in warnings), warnings


def test_a_missing_breakdown_warns_and_a_bad_row_shows_the_warning_inline(client, world):
    client.force_login(world.sn_reporter)
    figures = {"people-reached__total": "10", "broadcasts__total": "x"}
    response = client.post(url("add"), post_data(world, figures))
    assert response.status_code == 200
    assert "asks for a breakdown" in response.content.decode()
    response = client.post(url("add"), post_data(world, {"people-reached__total": "10"}))
    assert response.status_code == 302


def test_an_edit_with_an_error_changes_nothing(client, world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.people: (10, [("female", world.youth, 10)])}, notes="before",
    )  # fmt: skip
    client.force_login(world.sn_reporter)
    page = client.get(url("edit", report.pk))
    initial = page.context["form"].initial
    assert initial["value__people-reached__total"] == 10
    assert initial["value__people-reached__female__15-24"] == 10
    changed = post_data(
        world,
        {"people-reached__total": "20", "people-reached__female__15-24": "5"},
        month="2026-03-01", region=str(world.dakar.pk), channel=str(world.radio.pk), notes="after",
    )  # fmt: skip
    response = client.post(url("edit", report.pk), changed)
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.notes == "before"
    assert list(ReachValue.objects.values_list("total", flat=True)) == [10]
    changed["value__people-reached__female__15-24"] = "20"
    response = client.post(url("edit", report.pk), changed)
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.notes == "after"
    assert list(ReachBreakdown.objects.values_list("count", flat=True)) == [20]


def test_the_guinea_reporter_cannot_open_edit_or_submit_a_senegal_report(client, world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH, {world.broadcasts: 4}
    )
    client.force_login(world.gn_reporter)
    for view in ("edit", "inspect"):
        assert client.get(url(view, report.pk)).status_code == 404
    submit = reverse("reach_reports:submit", args=[report.pk])
    assert client.post(submit).status_code == 404
    assert client.post(url("edit", report.pk), post_data(world)).status_code == 404
    report.refresh_from_db()
    assert report.status == Status.DRAFT


def test_the_guinea_reporter_cannot_report_for_a_senegal_organisation(client, world):
    client.force_login(world.gn_reporter)
    html = client.get(url("add")).content.decode()
    assert "IOM Senegal" not in html
    response = client.post(url("add"), post_data(world, {"broadcasts__total": "3"}))
    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["form"].errors)
    assert not ReachReport.objects.exists()


def test_editors_and_reviewers_read_figures_but_do_not_edit(client, world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.people: (10, [("female", world.youth, 10)])},
    )  # fmt: skip
    for reader in (world.editor, world.reviewer):
        client.force_login(reader)
        assert client.get(url("edit", report.pk)).status_code in (302, 403)
        response = client.post(url("edit", report.pk), post_data(world))
        assert response.status_code in (302, 403)
        html = client.get(url("inspect", report.pk)).content.decode()
        assert "Female · 15-24: 10" in html
        assert reverse("reach_reports:submit", args=[report.pk]) not in html
    assert ReachReport.objects.get().notes == ""


def test_the_edit_view_uses_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    bands = [world.youth, world.adults] + [
        AgeBandFactory(code=f"band-{n}", min_age=30 + n, max_age=30 + n, sort_order=3 + n)
        for n in range(3)
    ]
    indicators = [world.people] + [
        IndicatorFactory(code=f"ind-{n}", by_sex=True, by_age=True) for n in range(9)
    ]
    values = {
        indicator: (15, [(sex, band, 1) for sex in ("female", "male", "unknown") for band in bands])
        for indicator in indicators
    }
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH, values
    )
    client.force_login(world.sn_reporter)
    client.get(url("edit", report.pk))  # warm caches (permissions, site, locales)
    with django_assert_max_num_queries(60):
        response = client.get(url("edit", report.pk))
    assert response.status_code == 200
    assert response.context["form"].initial["value__ind-8__unknown__band-2"] == 1


# --- Counts are plain ASCII digits; past months only (issue 10, item 13) -------------------------


@pytest.mark.parametrize("given", ["1e3", "\uff13", "\u0663", "1,200", "3.0", "9" * 5000])
def test_a_count_that_is_not_plain_digits_is_refused_on_its_cell(client, world, given):
    client.force_login(world.sn_reporter)
    response = client.post(url("add"), post_data(world, {**PEOPLE_OK, "broadcasts__total": given}))
    assert response.status_code == 200
    assert response.context["form"].errors["value__broadcasts__total"]
    assert not ReachReport.objects.exists()


def test_the_current_month_is_refused(client, world):
    client.force_login(world.sn_reporter)
    this_month = timezone.localdate().replace(day=1).isoformat()
    response = client.post(url("add"), post_data(world, PEOPLE_OK, month=this_month))
    assert response.status_code == 200
    assert "has not ended yet" in " ".join(response.context["form"].errors["month"])
    assert not ReachReport.objects.exists()


# --- The form's lists (issue 12, item 6) ---------------------------------------------------------


def test_the_organisation_is_preselected_when_the_user_has_exactly_one(client, world):
    client.force_login(world.sn_reporter)
    response = client.get(url("add"))
    assert response.context["form"]["organisation"].value() == world.iom_senegal.pk
    assert re.search(
        rf'<option value="{world.iom_senegal.pk}"[^>]*selected', response.content.decode()
    )
    # A second organisation: the user chooses; still only among their own.
    OrganisationFactory(
        name="Radio Thiès", kind="radio_station", countries=[world.senegal],
        members=[world.sn_reporter],
    )  # fmt: skip
    form = client.get(url("add")).context["form"]
    assert form["organisation"].value() in (None, "")
    assert {o.name for o in form.fields["organisation"].queryset} == {"IOM Senegal", "Radio Thiès"}
    # M&E officers belong to no organisation: nothing is chosen for them.
    client.force_login(world.me_officer)
    assert client.get(url("add")).context["form"]["organisation"].value() in (None, "")


def test_the_data_source_has_no_default_and_a_clear_error_when_left_empty(client, world):
    client.force_login(world.sn_reporter)
    response = client.get(url("add"))
    assert response.context["form"]["data_source"].value() in (None, "")
    assert not re.search(r'<option value="other"[^>]*selected', response.content.decode())
    response = client.post(url("add"), post_data(world, PEOPLE_OK, data_source=""))
    assert response.status_code == 200
    [error] = response.context["form"].errors["data_source"]
    assert "Choose where the figures come from" in error
    assert not ReachReport.objects.exists()


def test_materials_and_languages_are_those_of_the_campaign_chosen(client, world):
    sea_poster = material(world.gn_campaign, languages=("fr",), title="Sea poster")
    client.force_login(world.me_officer)  # may report for both campaigns
    page = client.get(url("add")).context["form"]
    choices = json.loads(page.fields["campaign"].widget.attrs["data-reach-campaign-choices"])
    assert choices[str(world.sn_campaign.pk)]["materials"] == [[world.poster.pk, "Poster"]]
    assert choices[str(world.gn_campaign.pk)]["materials"] == [[sea_poster.pk, "Sea poster"]]
    assert [c for c, _n in choices[str(world.gn_campaign.pk)]["languages"]] == ["fr", "ff", "en"]
    assert [c for c, _n in choices[str(world.sn_campaign.pk)]["languages"]] == [
        "fr", "wo", "ff", "en"
    ]  # fmt: skip

    # A Senegal report offers Senegal's materials and languages only...
    form = client.post(url("add"), post_data(world, material=str(sea_poster.pk))).context["form"]
    assert list(form.fields["material"].queryset) == [world.poster]
    assert [code for code, _name in form.fields["language"].choices] == ["", "fr", "wo", "ff", "en"]
    assert "Not a material of this campaign" in form.errors["material"][0]
    # ... and refuses a language of the site that is not the campaign's.
    guinea = post_data(
        world, PEOPLE_OK, campaign=str(world.gn_campaign.pk),
        organisation=str(world.radio_guinea.pk), region=str(world.conakry.pk),
        material=str(sea_poster.pk), language="wo",
    )  # fmt: skip
    response = client.post(url("add"), guinea)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Not a language of this campaign" in form.errors["language"][0]
    assert "wo" not in dict(form.fields["language"].choices)
    assert list(form.fields["material"].queryset) == [sea_poster]
    assert not ReachReport.objects.exists()
    response = client.post(url("add"), {**guinea, "language": "fr"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReachReport.objects.get().material == sea_poster


def test_editing_a_report_offers_its_campaigns_lists(client, world):
    material(world.gn_campaign, languages=("fr",), title="Sea poster")
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH, {world.broadcasts: 4}
    )
    client.force_login(world.me_officer)
    form = client.get(url("edit", report.pk)).context["form"]
    assert list(form.fields["material"].queryset) == [world.poster]
    assert "wo" in dict(form.fields["language"].choices)
    assert form["data_source"].value() == report.data_source  # a stored report keeps its own
