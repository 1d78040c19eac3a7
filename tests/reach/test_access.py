"""Row-level scoping: two organisations in two countries, by the functions and by the admin."""

import pytest
from django.urls import reverse

from campaigns.models import ReachReport
from campaigns.reach.access import (
    can_validate,
    reporting_scope,
    reports_editable_by,
    reports_visible_to,
)
from campaigns.reach.models import Status
from tests.factories import OrganisationFactory, UserFactory, reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world):
    return {
        "senegal": reach_report(
            world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
            {world.broadcasts: 11}, notes="Dakar radio figures",
        ),
        "guinea": reach_report(
            world.gn_campaign, world.radio_guinea, world.conakry, world.radio, MARCH,
            {world.broadcasts: 22}, notes="Conakry radio figures",
        ),
    }  # fmt: skip


def url(view, *args):
    return reverse(f"wagtailsnippets_campaigns_reachreport:{view}", args=args)


def test_reporters_see_and_change_only_their_organisations_reports(world, reports):
    assert list(reports_visible_to(world.sn_reporter)) == [reports["senegal"]]
    assert list(reports_visible_to(world.gn_reporter)) == [reports["guinea"]]
    assert list(reports_editable_by(world.sn_reporter)) == [reports["senegal"]]
    assert not can_validate(world.sn_reporter)


def test_an_organisation_sees_only_the_countries_it_reports_for(world, reports):
    """A member of IOM Senegal who also joined Radio Guinée sees Guinea through Radio Guinée
    only, never IOM Senegal's reports for a country IOM Senegal does not report for."""
    stray = reach_report(world.gn_campaign, world.iom_senegal, world.conakry, world.radio, MARCH)
    assert stray not in reports_visible_to(world.sn_reporter)
    world.radio_guinea.members.add(world.sn_reporter)
    assert set(reports_visible_to(world.sn_reporter)) == {reports["senegal"], reports["guinea"]}
    assert reporting_scope(world.sn_reporter).allows(world.radio_guinea.pk, world.guinea.pk)
    assert not reporting_scope(world.sn_reporter).allows(world.iom_senegal.pk, world.guinea.pk)


def test_me_officers_see_all_and_validate_editors_and_reviewers_only_read(world, reports):
    everything = {reports["senegal"], reports["guinea"]}
    assert set(reports_visible_to(world.me_officer)) == everything
    assert set(reports_editable_by(world.me_officer)) == everything
    assert can_validate(world.me_officer)
    for reader in (world.editor, world.reviewer):
        assert set(reports_visible_to(reader)) == everything
        assert not reports_editable_by(reader).exists()
        assert not can_validate(reader)


def test_no_role_or_no_membership_means_nothing(world, reports):
    assert not reports_visible_to(UserFactory(username="nobody")).exists()
    loner = world.sn_reporter.__class__.objects.get(pk=world.gn_reporter.pk)
    world.radio_guinea.members.remove(loner)
    assert not reports_visible_to(loner).exists()
    OrganisationFactory(name="Empty NGO", countries=[world.senegal], members=[loner])
    assert not reports_visible_to(loner).exists()


def test_submitted_validated_locked_reports_and_old_revisions_are_not_editable(world, reports):
    for status in (Status.SUBMITTED, Status.VALIDATED, Status.LOCKED):
        ReachReport.objects.filter(pk=reports["senegal"].pk).update(status=status)
        assert not reports_editable_by(world.sn_reporter).exists()
    ReachReport.objects.filter(pk=reports["senegal"].pk).update(status="draft", is_current=False)
    assert not reports_editable_by(world.me_officer).filter(pk=reports["senegal"].pk).exists()


# --- The admin report listing and views ----------------------------------------------------


def test_the_senegal_reporter_does_not_see_guinea_figures_in_the_admin_listing(
    client, world, reports
):
    client.force_login(world.sn_reporter)
    for view in ("list", "list_results"):
        html = client.get(url(view)).content.decode()
        assert "Desert (SN)" in html
        assert "Sea (GN)" not in html and "Radio Guinée" not in html
    html = client.get(url("list"), {"q": "radio figures"}).content.decode()
    assert "Desert (SN)" in html and "Sea (GN)" not in html
    response = client.get(url("list") + "?export=csv")
    export = b"".join(response.streaming_content).decode()
    assert "IOM Senegal" in export and "Radio Guinée" not in export


def test_the_senegal_reporter_cannot_open_or_change_guinea_figures_by_address(
    client, world, reports
):
    client.force_login(world.sn_reporter)
    guinea = reports["guinea"].pk
    for view in ("edit", "inspect", "history", "usage", "delete"):
        assert client.get(url(view, guinea)).status_code == 404, view
    response = client.post(url("edit", guinea), {"notes": "Changed by Senegal"})
    assert response.status_code == 404
    assert client.post(url("delete", guinea)).status_code == 404
    reports["guinea"].refresh_from_db()
    assert reports["guinea"].notes == "Conakry radio figures"


def test_the_reporter_opens_their_own_report_and_readers_only_inspect(client, world, reports):
    senegal = reports["senegal"].pk
    client.force_login(world.sn_reporter)
    assert client.get(url("edit", senegal)).status_code == 200
    assert client.get(url("inspect", senegal)).status_code == 200
    client.force_login(world.editor)
    html = client.get(url("list")).content.decode()
    assert "Desert (SN)" in html and "Sea (GN)" in html
    assert client.get(url("inspect", senegal)).status_code == 200
    assert client.get(url("edit", senegal)).status_code in (302, 403)


def test_a_submitted_report_is_not_editable_in_the_admin(client, world, reports):
    ReachReport.objects.filter(pk=reports["senegal"].pk).update(status=Status.SUBMITTED)
    client.force_login(world.sn_reporter)
    assert client.get(url("edit", reports["senegal"].pk)).status_code in (302, 403)


def header_post(w, **changes):
    data = {
        "campaign": str(w.sn_campaign.pk),
        "organisation": str(w.iom_senegal.pk),
        "month": "2026-04-17",
        "region": str(w.thies.pk),
        "channel": str(w.sessions.pk),
        "material": "",
        "language": "",
        "data_source": "attendance",
        "verification": "documents",
        "notes": "",
    }
    data.update(changes)
    return data


def test_the_basic_form_creates_a_report_for_the_month_checked_by_the_rules(client, world):
    client.force_login(world.sn_reporter)
    response = client.post(url("add"), header_post(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    report = ReachReport.objects.get(region=world.thies)
    assert (report.month.isoformat(), report.created_by, report.status) == (
        "2026-04-01",
        world.sn_reporter,
        Status.DRAFT,
    )
    response = client.post(url("add"), header_post(world))
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_the_basic_form_offers_and_accepts_only_the_reporters_own_rows(client, world):
    client.force_login(world.sn_reporter)
    html = client.get(url("add")).content.decode()
    assert "IOM Senegal" in html and "Radio Guinée" not in html and "Sea (GN)" not in html
    response = client.post(
        url("add"),
        header_post(
            world,
            campaign=str(world.gn_campaign.pk),
            organisation=str(world.radio_guinea.pk),
            region=str(world.conakry.pk),
        ),
    )
    assert response.status_code == 200
    assert not ReachReport.objects.exists()
    response = client.post(url("add"), header_post(world, region=str(world.conakry.pk)))
    assert "Select a valid choice" in response.content.decode()


def test_the_reporter_changes_their_own_draft_through_the_basic_form(client, world, reports):
    client.force_login(world.sn_reporter)
    senegal = reports["senegal"]
    response = client.post(
        url("edit", senegal.pk),
        header_post(
            world, month="2026-03-01", region=str(world.dakar.pk), channel=str(world.radio.pk),
            notes="Two stations",
        ),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    senegal.refresh_from_db()
    assert (senegal.notes, senegal.data_source) == ("Two stations", "attendance")


def test_indicators_are_managed_by_me_officers_and_read_by_reporters(client, world):
    indicators = reverse("wagtailsnippets_campaigns_indicator:list")
    add = reverse("wagtailsnippets_campaigns_indicator:add")
    client.force_login(world.sn_reporter)
    assert client.get(indicators).status_code == 200
    assert client.get(add).status_code in (302, 403)
    client.force_login(world.me_officer)
    assert client.get(add).status_code == 200
    organisations = reverse("wagtailsnippets_campaigns_reportingorganisation:add")
    assert client.get(organisations).status_code in (302, 403)


def test_an_me_officer_defines_an_indicator_with_translated_name(client, world):
    from campaigns.models import Indicator

    client.force_login(world.me_officer)
    response = client.post(
        reverse("wagtailsnippets_campaigns_indicator:add"),
        {
            "code": "hotline-calls",
            "name_en": "Calls to the hotline",
            "name_fr": "Appels au numéro vert",
            "definition_en": "Calls answered, not missed calls.",
            "unit": "calls",
            "kind": "hotline_calls",
            "by_sex": "on",
            "aggregation": "sum",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    indicator = Indicator.objects.get(code="hotline-calls")
    assert (indicator.name_fr, indicator.by_sex, indicator.by_age) == (
        "Appels au numéro vert",
        True,
        False,
    )


def test_the_report_chooser_offers_only_visible_reports(client, world, reports):
    client.force_login(world.sn_reporter)
    choose = reverse("wagtailsnippetchoosers_campaigns_reachreport:choose")
    html = client.get(choose).json()["html"]
    assert f"/{reports['senegal'].pk}/" in html and f"/{reports['guinea'].pk}/" not in html
    chosen = "wagtailsnippetchoosers_campaigns_reachreport:chosen"
    assert client.get(reverse(chosen, args=[reports["guinea"].pk])).status_code == 404
    assert client.get(reverse(chosen, args=[reports["senegal"].pk])).status_code == 200
    multiple = reverse("wagtailsnippetchoosers_campaigns_reachreport:chosen_multiple")
    response = client.get(multiple, {"id": [reports["senegal"].pk, reports["guinea"].pk]})
    assert [item["id"] for item in response.json()["result"]] == [str(reports["senegal"].pk)]
