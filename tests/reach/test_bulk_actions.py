"""Issue 10, item 1: Wagtail's bulk delete keeps the report rules of the single delete view.

A reporter deletes only drafts of their organisation that they may still edit; another
organisation's report is a 404 (the confirmation screen names none of them), ``?id=all`` means
the user's own listing, a refused selection deletes nothing, and every deletion is logged.
Item 13: targets and locked months are scoped to the reporter's organisations' countries.
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from campaigns.models import MonthLock, ReachReport, Target
from campaigns.reach.models import Status
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db

APRIL = MARCH.replace(month=4)
SECRETS = ("Desert (SN)", "IOM Senegal")  # the Senegal campaign's and organisation's names


def bulk_url(model, ids, action="delete"):
    query = "&".join(f"id={pk}" for pk in ids)
    return reverse("wagtail_bulk_action", args=["campaigns", model, action]) + f"?{query}"


def delete_url(ids):
    return bulk_url("reachreport", ids)


@pytest.fixture
def reports(world):
    """Senegal: a draft, a submitted and a validated report; Guinea: a draft and a submitted."""

    def report(campaign, organisation, region, month, status):
        return reach_report(
            campaign, organisation, region, world.radio, month, {world.broadcasts: 5}, status=status
        )

    sn, gn = (world.sn_campaign, world.iom_senegal), (world.gn_campaign, world.radio_guinea)
    return {
        "sn_draft": report(*sn, world.dakar, MARCH, Status.DRAFT),
        "sn_submitted": report(*sn, world.thies, MARCH, Status.SUBMITTED),
        "sn_validated": report(*sn, world.dakar, APRIL, Status.VALIDATED),
        "gn_draft": report(*gn, world.conakry, MARCH, Status.DRAFT),
        "gn_submitted": report(*gn, world.conakry, APRIL, Status.SUBMITTED),
    }


def snapshot():
    return sorted(ReachReport.objects.values_list("pk", "status"))


def body(response) -> str:
    if response.streaming:  # the CSV export
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_another_organisations_reports_are_a_404_and_stay(client, world, reports):
    before = snapshot()
    client.force_login(world.gn_reporter)
    senegal = [reports[key].pk for key in ("sn_draft", "sn_submitted", "sn_validated")]
    for ids in (senegal, [reports["gn_draft"].pk, *senegal], [reports["sn_draft"].pk]):
        get = client.get(delete_url(ids))
        assert get.status_code == 404
        assert not any(secret in body(get) for secret in SECRETS)
        assert client.post(delete_url(ids)).status_code == 404
    assert client.post(delete_url(["x"])).status_code == 404
    assert snapshot() == before
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


def test_id_all_is_the_reporters_own_listing_and_refused_with_a_submitted_report(
    client, world, reports
):
    before = snapshot()
    client.force_login(world.gn_reporter)
    screen = client.get(delete_url(["all"]))
    assert screen.status_code == 200
    html = body(screen)
    assert not any(secret in html for secret in SECRETS)
    assert "Sea (GN)" in html  # the Guinea reports are listed...
    assert "Nothing will be deleted" in html and "Yes, delete" not in html  # ...but not deletable
    response = client.post(delete_url(["all"]), follow=True)
    assert "Nothing was deleted" in body(response)
    assert snapshot() == before


def test_id_all_deletes_only_the_reporters_drafts(client, world, reports):
    reports["gn_submitted"].delete()
    client.force_login(world.gn_reporter)
    assert client.post(delete_url(["all"])).status_code == 302
    assert not ReachReport.objects.filter(organisation=world.radio_guinea).exists()
    assert ReachReport.objects.filter(organisation=world.iom_senegal).count() == 3


def test_id_all_keeps_the_listings_filter(client, world, reports):
    """ "Select all" on the listing filtered to drafts sends the filter along with ``id=all``."""
    client.force_login(world.gn_reporter)
    url = delete_url(["all"]) + "&status=draft"
    assert client.post(delete_url(["all"]) + "&q=nowhere").status_code == 404  # found none
    screen = client.get(url)
    assert "Yes, delete" in body(screen) and not any(secret in body(screen) for secret in SECRETS)
    assert client.post(url).status_code == 302
    remaining = ReachReport.objects.filter(organisation=world.radio_guinea)
    assert list(remaining) == [reports["gn_submitted"]]
    assert ReachReport.objects.filter(organisation=world.iom_senegal).count() == 3


def test_the_owner_deletes_a_draft_and_it_is_logged(client, world, reports):
    draft = reports["sn_draft"]
    client.force_login(world.sn_reporter)
    screen = client.get(delete_url([draft.pk]))
    assert screen.status_code == 200 and "Yes, delete" in body(screen)
    assert client.post(delete_url([draft.pk])).status_code == 302
    assert not ReachReport.objects.filter(pk=draft.pk).exists()
    entry = ModelLogEntry.objects.get(action="wagtail.delete", object_id=str(draft.pk))
    assert entry.user == world.sn_reporter
    assert entry.content_type.model == "reachreport"


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VALIDATED, Status.RETURNED, "lock"])
def test_the_owner_cannot_bulk_delete_what_the_single_view_refuses(client, world, reports, status):
    """Only drafts are deleted (as the single view): not submitted, validated, returned or
    locked reports, nor a draft in a locked month; with a deletable draft beside them, neither."""
    target = reports["sn_draft"]
    if status == "lock":
        MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    else:
        ReachReport.objects.filter(pk=target.pk).update(status=status)
    other_draft = reach_report(
        world.sn_campaign, world.iom_senegal, world.thies, world.radio, APRIL, status="draft"
    )
    before = snapshot()
    client.force_login(world.sn_reporter)
    single = reverse("wagtailsnippets_campaigns_reachreport:delete", args=[target.pk])
    assert client.post(single).status_code in (302, 403)
    for ids in ([target.pk], [target.pk, other_draft.pk]):
        screen = client.get(delete_url(ids))
        assert screen.status_code == 200
        assert "Yes, delete" not in body(screen)
        response = client.post(delete_url(ids), follow=True)
        assert "Nothing was deleted" in body(response)
    assert snapshot() == before
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


def test_me_officers_delete_any_draft_but_not_a_validated_report(client, world, reports):
    client.force_login(world.me_officer)
    before = snapshot()
    validated = reports["sn_validated"].pk
    assert "Nothing was deleted" in body(
        client.post(delete_url([reports["gn_draft"].pk, validated]), follow=True)
    )
    assert snapshot() == before
    assert client.post(delete_url([reports["gn_draft"].pk, reports["sn_draft"].pk])).status_code
    assert not ReachReport.objects.filter(status=Status.DRAFT).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.delete").count() == 2


@pytest.mark.parametrize("user", ["editor", "reviewer"])
def test_readers_delete_nothing(client, world, reports, user):
    before = snapshot()
    client.force_login(getattr(world, user))
    assert "Yes, delete" not in body(client.get(delete_url([reports["sn_draft"].pk])))
    client.post(delete_url([reports["sn_draft"].pk]))
    client.post(delete_url(["all"]))
    assert snapshot() == before


@pytest.mark.parametrize("model", ["reachattachment", "reachimport", "monthlock", "reachvalue"])
def test_rows_that_are_not_snippets_have_no_bulk_action(client, world, model):
    client.force_login(world.me_officer)
    assert client.get(bulk_url(model, ["all"])).status_code == 404
    assert client.post(bulk_url(model, ["all"])).status_code == 404


# --- Item 13: targets and locked months of the reporter's countries only ------------------------


@pytest.fixture
def targets(world):
    return {
        "sn": Target.objects.create(campaign=world.sn_campaign, indicator=world.people, value=7001),
        "gn": Target.objects.create(campaign=world.gn_campaign, indicator=world.people, value=7002),
    }


def test_reporters_see_their_countries_targets_only(client, world, targets):
    listing = reverse("wagtailsnippets_campaigns_target:list")
    choose = reverse("wagtailsnippetchoosers_campaigns_target:choose")
    chosen = "wagtailsnippetchoosers_campaigns_target:chosen"
    client.force_login(world.gn_reporter)
    for url in (listing, listing + "?export=csv", choose):
        html = body(client.get(url))
        # the listing formats the value (7,002), the export and chooser write it plain
        assert re.search("7,?002", html) and not re.search("7,?001", html), url
    assert client.get(reverse(chosen, args=[targets["sn"].pk])).status_code == 404
    assert client.get(reverse(chosen, args=[targets["gn"].pk])).status_code == 200
    for user in (world.me_officer, world.editor, world.reviewer):
        client.force_login(user)
        html = body(client.get(listing))
        assert re.search("7,?001", html) and re.search("7,?002", html)


def test_reporters_cannot_bulk_delete_targets(client, world, targets):
    client.force_login(world.gn_reporter)
    assert client.post(bulk_url("target", [targets["sn"].pk])).status_code == 404
    assert "7001" not in body(client.get(bulk_url("target", ["all"])))
    client.post(bulk_url("target", [targets["gn"].pk]))
    client.post(bulk_url("target", ["all"]))
    assert Target.objects.count() == 2
    client.force_login(world.me_officer)
    assert client.post(bulk_url("target", [targets["sn"].pk])).status_code == 302
    assert list(Target.objects.all()) == [targets["gn"]]
    assert ModelLogEntry.objects.filter(action="wagtail.delete").count() == 1


def test_reporters_see_their_countries_locked_months_only(client, world):
    MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    MonthLock.objects.create(country=world.guinea, month=APRIL, locked_by=world.me_officer)
    months = reverse("reach_reports:months")
    client.force_login(world.gn_reporter)
    html = body(client.get(months))
    assert "2026-04" in html and "2026-03" not in html
    client.force_login(world.sn_reporter)
    html = body(client.get(months))
    assert "2026-03" in html and "2026-04" not in html
    for user in (world.me_officer, world.editor):
        client.force_login(user)
        html = body(client.get(months))
        assert "2026-03" in html and "2026-04" in html
