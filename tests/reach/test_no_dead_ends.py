"""Issue 12, items 1-3: reach screens that lead somewhere.

1. The listing's main link opens what the user may open: the edit view of a report they may
   change, else the report screen with its steps (never "Sorry, you do not have permission").
2. Bulk Submit, Validate and Return in the listing, each report checked by the lifecycle's own
   rules and scoping; a report that may not take the step is named with the reason.
3. Locking a month asks first, listing what it freezes; M&E officers reopen a month with a
   reason kept in the reports' history; a refusal lists the waiting reports with links.
"""

import re

import pytest
from django.urls import reverse

from campaigns.models import MonthLock, ReachReport
from campaigns.reach.models import Status
from tests.factories import reach_report

from .conftest import MARCH

pytestmark = pytest.mark.django_db

APRIL = MARCH.replace(month=4)
LISTING = reverse("wagtailsnippets_campaigns_reachreport:list")


def edit_url(report):
    return reverse("wagtailsnippets_campaigns_reachreport:edit", args=[report.pk])


def inspect_url(report):
    return reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[report.pk])


def title_link(html, report) -> str:
    """The href of the report's main link (the title cell) in the listing."""
    found = re.search(rf'<a href="([^"]+)"[^>]*>\s*<span id="snippet_{report.pk}_title"', html)
    assert found, f"no main link for report {report.pk}"
    return found.group(1)


def status_of(report):
    return ReachReport.objects.get(pk=report.pk).status


@pytest.fixture
def reports(world):
    """Senegal: one report per status (March, regions and channels varied); Guinea: a
    submitted one."""

    def make(region, channel, month, status, campaign=None, organisation=None):
        return reach_report(
            campaign or world.sn_campaign, organisation or world.iom_senegal, region, channel,
            month, {world.broadcasts: 5}, status=status,
        )  # fmt: skip

    return {
        "draft": make(world.dakar, world.radio, MARCH, Status.DRAFT),
        "returned": make(world.thies, world.radio, MARCH, Status.RETURNED),
        "submitted": make(world.dakar, world.sessions, MARCH, Status.SUBMITTED),
        "submitted2": make(world.thies, world.sessions, MARCH, Status.SUBMITTED),
        "validated": make(world.dakar, world.radio, APRIL, Status.VALIDATED),
        "locked": make(world.thies, world.radio, APRIL, Status.LOCKED),
        "gn_submitted": make(
            world.conakry,
            world.radio,
            MARCH,
            Status.SUBMITTED,
            campaign=world.gn_campaign,
            organisation=world.radio_guinea,
        ),  # fmt: skip
    }


# --- Item 1: the main link -------------------------------------------------------------------


@pytest.mark.parametrize("user", ["sn_reporter", "me_officer"])
def test_the_main_link_opens_what_the_user_may_open(client, world, reports, user):
    client.force_login(getattr(world, user))
    html = client.get(LISTING).content.decode()
    for key in ("submitted", "validated", "locked"):
        report = reports[key]
        assert title_link(html, report) == inspect_url(report), key
        assert edit_url(report) not in html, key  # nor an "Edit" row button
        screen = client.get(title_link(html, report))
        assert screen.status_code == 200, key
    for key in ("draft", "returned"):
        assert title_link(html, reports[key]) == edit_url(reports[key]), key
        assert client.get(edit_url(reports[key])).status_code == 200


def test_a_report_in_a_locked_month_opens_its_screen(client, world, reports):
    MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    client.force_login(world.sn_reporter)
    html = client.get(LISTING).content.decode()
    draft = reports["draft"]
    assert title_link(html, draft) == inspect_url(draft)
    screen = client.get(inspect_url(draft)).content.decode()
    assert reverse("reach_reports:correct", args=[draft.pk]) in screen  # its step is offered


# --- Item 2: bulk Submit, Validate, Return -----------------------------------------------------


def bulk_url(action, ids, **query):
    url = reverse("wagtail_bulk_action", args=["campaigns", "reachreport", action])
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return url + "?" + "&".join(f"id={pk}" for pk in ids) + extra + f"&next={LISTING}"


def snapshot():
    return sorted(ReachReport.objects.values_list("pk", "status", "return_reason"))


def messages_text(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_me_officers_validate_several_and_the_refused_are_named(client, world, reports):
    client.force_login(world.me_officer)
    listing = client.get(LISTING).content.decode()
    for action in ("submit", "validate", "return"):
        assert bulk_url(action, []).split("?")[0] in listing, action
    chosen = [reports[key].pk for key in ("submitted", "submitted2", "gn_submitted", "draft")]
    screen = client.get(bulk_url("validate", chosen)).content.decode()
    assert "A draft report cannot be validated." in screen  # named, with the reason
    assert str(reports["gn_submitted"]) in screen  # listed among those that will be validated
    response = client.post(bulk_url("validate", chosen), follow=True)
    text = messages_text(response)
    assert "3 reports validated." in text
    assert str(reports["draft"]) in text and "cannot be validated" in text
    for key in ("submitted", "submitted2", "gn_submitted"):
        assert status_of(reports[key]) == Status.VALIDATED, key
    assert status_of(reports["draft"]) == Status.DRAFT


def test_return_asks_one_reason_for_all(client, world, reports):
    client.force_login(world.me_officer)
    chosen = [reports["submitted"].pk, reports["validated"].pk, reports["locked"].pk]
    before = snapshot()
    response = client.post(bulk_url("return", chosen), {"reason": ""})
    assert response.status_code == 200 and snapshot() == before  # no reason, nothing returned
    response = client.post(bulk_url("return", chosen), {"reason": "Attendance sheets missing"})
    assert response.status_code == 302
    for key in ("submitted", "validated"):
        report = ReachReport.objects.get(pk=reports[key].pk)
        assert (report.status, report.return_reason) == (
            Status.RETURNED, "Attendance sheets missing",
        )  # fmt: skip
    assert status_of(reports["locked"]) == Status.LOCKED


def test_the_reporter_submits_several_of_their_own(client, world, reports):
    client.force_login(world.sn_reporter)
    listing = client.get(LISTING).content.decode()
    assert bulk_url("submit", []).split("?")[0] in listing
    assert bulk_url("validate", []).split("?")[0] not in listing
    chosen = [reports["draft"].pk, reports["returned"].pk, reports["validated"].pk]
    response = client.post(bulk_url("submit", chosen), follow=True)
    assert "2 reports submitted for validation." in messages_text(response)
    assert status_of(reports["draft"]) == status_of(reports["returned"]) == Status.SUBMITTED
    assert status_of(reports["validated"]) == Status.VALIDATED
    # A reporter takes no M&E step, even by typing its address.
    before = snapshot()
    submitted = [reports["submitted"].pk]
    assert "permission" in client.get(bulk_url("validate", submitted)).content.decode()
    client.post(bulk_url("validate", submitted))
    client.post(bulk_url("return", submitted), {"reason": "x"})
    assert snapshot() == before


def test_a_report_that_breaks_the_rules_is_not_submitted_and_the_others_are(client, world, reports):
    ReachReport.objects.filter(pk=reports["draft"].pk).update(month=MARCH.replace(year=2031))
    client.force_login(world.sn_reporter)
    chosen = [reports["draft"].pk, reports["returned"].pk]
    response = client.post(bulk_url("submit", chosen), follow=True)
    assert "has errors" in messages_text(response)
    assert status_of(reports["draft"]) == Status.DRAFT
    assert status_of(reports["returned"]) == Status.SUBMITTED


def test_bulk_steps_are_denied_to_others(client, world, reports):
    before = snapshot()
    senegal = [reports["draft"].pk, reports["submitted"].pk]
    client.force_login(world.gn_reporter)  # another organisation's reports: not found
    for action in ("submit", "validate", "return"):
        assert client.get(bulk_url(action, senegal)).status_code == 404, action
        assert client.post(bulk_url(action, senegal), {"reason": "x"}).status_code == 404
    # ?id=all is the Guinea reporter's own listing: their submitted report, no M&E step.
    client.post(bulk_url("validate", ["all"]))
    for user in (world.editor, world.reviewer):  # readers: they see, and take no step
        client.force_login(user)
        listing = client.get(LISTING).content.decode()
        for action in ("submit", "validate", "return", "delete"):
            assert bulk_url(action, []).split("?")[0] not in listing, action
        for action in ("submit", "validate", "return"):
            screen = client.get(bulk_url(action, senegal))
            assert screen.status_code == 200 and "permission" in screen.content.decode()
            response = client.post(bulk_url(action, senegal), {"reason": "x"}, follow=True)
            assert "did not take the step" in messages_text(response)
    assert snapshot() == before


def test_translators_have_no_reports_to_act_on(client, world, reports):
    from campaigns.access.roles import TRANSLATORS
    from tests.factories import role_user

    before = snapshot()
    client.force_login(role_user(TRANSLATORS, "translator"))
    for action in ("submit", "validate", "return"):
        assert client.get(bulk_url(action, [reports["draft"].pk])).status_code in (302, 403, 404)
        response = client.post(bulk_url(action, [reports["submitted"].pk]), {"reason": "x"})
        assert response.status_code in (302, 403, 404)
    assert snapshot() == before


# --- Item 3: lock a month after confirming, reopen it, a refusal that lists ------------------


LOCK = reverse("reach_reports:lock_month")
REOPEN = reverse("reach_reports:reopen_month")


def month_of(world, month=MARCH):
    return {"country": world.senegal.pk, "month": f"{month:%Y-%m}"}


def test_locking_a_month_with_drafts_asks_first_and_lists_them(client, world, reports):
    ReachReport.objects.filter(pk__in=[reports["submitted"].pk, reports["submitted2"].pk]).update(
        status=Status.VALIDATED
    )
    client.force_login(world.me_officer)
    screen = client.get(LOCK, month_of(world)).content.decode()
    for key in ("draft", "returned", "submitted"):
        assert inspect_url(reports[key]) in screen, key
    assert "will be frozen as they are" in screen and 'name="freeze" value="2"' in screen
    before = snapshot()
    response = client.post(LOCK, month_of(world))  # no confirmation: nothing happens
    assert response.status_code == 200 and not MonthLock.objects.exists()
    assert inspect_url(reports["draft"]) in response.content.decode()
    client.post(LOCK, {**month_of(world), "freeze": "1"})  # not the number shown now
    assert not MonthLock.objects.exists() and snapshot() == before
    assert client.post(LOCK, {**month_of(world), "freeze": "2"}).status_code == 302
    assert MonthLock.objects.filter(country=world.senegal, month=MARCH).exists()
    assert status_of(reports["submitted"]) == Status.LOCKED
    assert status_of(reports["draft"]) == Status.DRAFT  # frozen by the month's lock


def test_a_refused_lock_lists_the_waiting_reports_with_links(client, world, reports):
    client.force_login(world.me_officer)
    response = client.post(LOCK, {**month_of(world), "freeze": "2"})
    html = response.content.decode()
    assert "still wait to be validated or returned" in html and not MonthLock.objects.exists()
    waiting = html.split('data-reach-month-status="submitted"')[1].split("</section>")[0]
    for key in ("submitted", "submitted2"):
        assert f'href="{inspect_url(reports[key])}"' in waiting, key
    assert "error-message" in waiting  # where "Go to the first error" leads
    assert inspect_url(reports["gn_submitted"]) not in html  # Guinea's month is another


def test_me_officers_reopen_a_month_with_a_reason_kept_in_the_history(client, world, reports):
    client.force_login(world.me_officer)
    ReachReport.objects.filter(pk=reports["submitted"].pk).update(status=Status.VALIDATED)
    ReachReport.objects.filter(pk=reports["submitted2"].pk).update(status=Status.LOCKED)
    assert client.post(LOCK, {**month_of(world), "freeze": "2"}).status_code == 302
    assert status_of(reports["submitted"]) == Status.LOCKED
    months = client.get(reverse("reach_reports:months")).content.decode()
    reopen = f"{REOPEN}?country={world.senegal.pk}&amp;month=2026-03"
    assert reopen in months
    assert client.get(reopen.replace("&amp;", "&")).status_code == 200
    response = client.post(REOPEN, {**month_of(world), "reason": ""})
    assert response.status_code == 200 and MonthLock.objects.exists()  # a reason is asked
    response = client.post(REOPEN, {**month_of(world), "reason": "Late radio logs from Thiès"})
    assert response.status_code == 302 and not MonthLock.objects.exists()
    assert status_of(reports["submitted"]) == Status.VALIDATED  # locked by the month: undone
    assert status_of(reports["submitted2"]) == Status.LOCKED  # locked on its own: stays
    history = client.get(reverse("reach_reports:revisions", args=[reports["draft"].pk]))
    html = history.content.decode()
    assert "Month 2026-03 locked" in html and "Month 2026-03 reopened" in html
    assert "Late radio logs from Thiès" in html
    wagtail_history = reverse(
        "wagtailsnippets_campaigns_reachreport:history", args=[reports["draft"].pk]
    )
    html = client.get(wagtail_history).content.decode()
    assert "Month 2026-03 reopened" in html and "Late radio logs from Thiès" in html
    client.force_login(world.sn_reporter)  # the draft is the reporter's to change again
    assert client.get(edit_url(reports["draft"])).status_code == 200


def test_only_me_officers_reopen_months(client, world, reports):
    MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    for user in (world.sn_reporter, world.gn_reporter, world.editor, world.reviewer):
        client.force_login(user)
        response = client.post(REOPEN, {**month_of(world), "reason": "x"})
        assert response.status_code in (302, 403)
        assert REOPEN not in client.get(reverse("reach_reports:months")).content.decode()
    assert MonthLock.objects.filter(country=world.senegal, month=MARCH).exists()
