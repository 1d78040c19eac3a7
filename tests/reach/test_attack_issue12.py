"""Issue 12, attacked as each role would: what broke (each test failed before its fix).

1. A bulk step (Submit, Validate, Return) with an id beyond the database's integers answers a
   500 (OverflowError on SQLite), where any other id outside the listing is a 404.
2. A refused approval emails the editor and the finance officers with the item's title in the
   subject: a title with a line break (the page form accepts one) makes the email refuse its
   header, and the reviewer's Approve answers a 500 instead of the refusal.
3. A refused approval emails the editor who submitted the item even when their account was
   deactivated since (the groups' members are filtered on ``is_active``, the submitter not).
4. With the mail server unreachable, the reviewer's Approve answers a 500 (the refusal's email
   is sent with ``fail_silently`` off); Wagtail's own notifications log the error and go on.
5. The refusal's emails were composed in the reviewer's language, not each recipient's.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from campaigns.access.roles import ADMINISTRATORS, EDITORS, FINANCE, setup_roles
from campaigns.models import CampaignPage, ReachReport
from campaigns.reach.models import MonthLock, Status
from tests.factories import (
    agreement,
    allocation,
    funder,
    reach_report,
    role_user,
    submit_for_review,
)

from .conftest import MARCH

pytestmark = pytest.mark.django_db

LISTING = reverse("wagtailsnippets_campaigns_reachreport:list")


def bulk_url(action, ids):
    url = reverse("wagtail_bulk_action", args=["campaigns", "reachreport", action])
    return url + "?" + "&".join(f"id={pk}" for pk in ids) + f"&next={LISTING}"


def test_a_bulk_step_with_an_id_out_of_range_is_a_404_not_a_500(world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.broadcasts: 5}, status=Status.SUBMITTED,
    )  # fmt: skip
    client = Client(raise_request_exception=False)
    for user in (world.me_officer, world.sn_reporter):
        client.force_login(user)
        for action in ("submit", "validate", "return"):
            ids = [report.pk, "99999999999999999999"]
            assert client.get(bulk_url(action, ids)).status_code == 404, (user, action)
            response = client.post(bulk_url(action, ids), {"reason": "x"})
            assert response.status_code == 404, (user, action)
    assert ReachReport.objects.get(pk=report.pk).status == Status.SUBMITTED


@pytest.fixture
def refused_review(world):
    """The Senegal campaign funded by the EU, whose statement is missing in Wolof: a Wolof
    version's approval is refused. The people: an editor, an administrator (reviews), two
    finance officers."""
    eu = funder("European Union")
    allocation(agreement(eu, "EU-AMIF-01"), world.sn_campaign, amount="30000")
    setup_roles()  # after the tree: the review workflow applies to the campaign
    return {
        "editor": role_user(EDITORS, "awa", email="awa@example.org"),
        "iom": role_user(ADMINISTRATORS, "iom", email="iom@example.org"),
        "finance": role_user(FINANCE, "fatou", email="fatou@example.org"),
    }


def approve(page, user):
    state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    client = Client(raise_request_exception=False)
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    return client.post(url, {"next": "/admin/reports/review-queue/"}), state


def test_a_title_with_a_line_break_does_not_break_a_refused_approval(world, refused_review):
    page = CampaignPage.objects.get(pk=world.sn_campaign.pk)
    page.title_wo = "Géej gi baalul"  # needs the EU statement in Wolof: refused
    page.title = page.title_en = "Sea\r\nBcc: someone@example.net"  # as the page form keeps it
    submit_for_review(page, refused_review["editor"])
    mail.outbox.clear()
    response, state = approve(page, refused_review["iom"])
    assert response.status_code == 302  # to the refusal's reasons, not a server error
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert sorted(m.to[0] for m in mail.outbox) == ["awa@example.org", "fatou@example.org"]
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mail.outbox)


def test_a_deactivated_editor_is_not_emailed(world, refused_review):
    page = CampaignPage.objects.get(pk=world.sn_campaign.pk)
    page.title_wo = "Géej gi baalul"
    editor = refused_review["editor"]
    submit_for_review(page, editor)
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    mail.outbox.clear()
    response, _state = approve(page, refused_review["iom"])
    assert response.status_code == 302
    assert [m.to[0] for m in mail.outbox] == ["fatou@example.org"]


def test_a_mail_server_down_does_not_break_a_refused_approval(world, refused_review, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "use_tls": False, "timeout": 2},
        }
    }
    page = CampaignPage.objects.get(pk=world.sn_campaign.pk)
    page.title_wo = "Géej gi baalul"
    submit_for_review(page, refused_review["editor"])  # Wagtail's own email: logged, skipped
    response, state = approve(page, refused_review["iom"])
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS


def test_each_refusal_email_is_in_its_recipients_admin_language(world, refused_review):
    """The email is composed for each recipient in their preferred admin language (Wagtail's
    notifications do the same), not in the reviewer's: the title in the subject too."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(refused_review["finance"])
    profile.preferred_language = "fr"
    profile.save(update_fields=["preferred_language"])
    page = CampaignPage.objects.get(pk=world.sn_campaign.pk)
    page.title_wo = "Géej gi baalul"
    page.title_fr = "La mer ne pardonne pas"
    submit_for_review(page, refused_review["editor"])
    mail.outbox.clear()
    response, _state = approve(page, refused_review["iom"])
    assert response.status_code == 302
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "La mer ne pardonne pas" in subjects["fatou@example.org"]
    assert "La mer ne pardonne pas" not in subjects["awa@example.org"]


# --- Smaller: reasons, months, and how many reports one bulk step takes --------------------------

TOO_LONG = "x" * 1001  # the reasons take at most 1,000 characters


def test_return_and_reopen_reasons_are_capped(client, world):
    report = reach_report(
        world.sn_campaign, world.iom_senegal, world.dakar, world.radio, MARCH,
        {world.broadcasts: 5}, status=Status.SUBMITTED,
    )  # fmt: skip
    client.force_login(world.me_officer)
    single = reverse("reach_reports:return", args=[report.pk])
    for url in (single, bulk_url("return", [report.pk])):
        response = client.post(url, {"reason": TOO_LONG})
        assert response.status_code == 200, url
        assert "at most 1000 characters" in response.content.decode(), url
        assert ReachReport.objects.get(pk=report.pk).status == Status.SUBMITTED
    assert client.post(single, {"reason": "y" * 1000}).status_code == 302  # the limit itself
    assert ReachReport.objects.get(pk=report.pk).status == Status.RETURNED

    MonthLock.objects.create(country=world.senegal, month=MARCH, locked_by=world.me_officer)
    reopen = reverse("reach_reports:reopen_month")
    data = {"country": world.senegal.pk, "month": f"{MARCH:%Y-%m}"}
    response = client.post(reopen, {**data, "reason": TOO_LONG})
    assert response.status_code == 200 and "at most 1000 characters" in response.content.decode()
    assert MonthLock.objects.filter(country=world.senegal, month=MARCH).exists()


def test_lock_and_reopen_refuse_months_before_2000_or_to_come(client, world):
    client.force_login(world.me_officer)
    lock, reopen = reverse("reach_reports:lock_month"), reverse("reach_reports:reopen_month")
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + datetime.timedelta(days=31)).replace(day=1)
    for month in ("0001-01", "1999-12", f"{next_month:%Y-%m}", "9999-12"):
        data = {"country": world.senegal.pk, "month": month, "freeze": "0"}
        for response in (client.post(lock, data), client.get(lock, data)):
            assert response.status_code == 200, month
            html = response.content.decode()
            assert "from 2000-01 on" in html or "not one to come" in html, month
        assert not MonthLock.objects.exists(), month
    old = MonthLock.objects.create(
        country=world.senegal, month=datetime.date(1999, 12, 1), locked_by=world.me_officer
    )
    response = client.post(reopen, {"country": world.senegal.pk, "month": "1999-12", "reason": "x"})
    assert response.status_code == 200 and "from 2000-01 on" in response.content.decode()
    assert MonthLock.objects.filter(pk=old.pk).exists()
    # This month is accepted (nothing to decide in it: locked).
    response = client.post(lock, {"country": world.senegal.pk, "month": f"{this_month:%Y-%m}"})
    assert response.status_code == 302
    assert MonthLock.objects.filter(month=this_month).exists()


def test_a_bulk_step_takes_a_limited_number_of_reports(client, world, monkeypatch):
    """The confirmation tries the step on each report (some 20 queries each): above the cap
    (200; 2 here) GET and POST are refused with a message asking to filter, changing nothing."""
    from campaigns.reach.admin.bulk import ReportStepBulkAction

    monkeypatch.setattr(ReportStepBulkAction, "max_reports", 2)
    reports = [
        reach_report(
            world.sn_campaign,
            world.iom_senegal,
            region,
            channel,
            MARCH,
            {world.broadcasts: 5},
            status=Status.SUBMITTED,
        )  # fmt: skip
        for region, channel in (
            (world.dakar, world.radio),
            (world.thies, world.radio),
            (world.dakar, world.sessions),
        )  # fmt: skip
    ]
    ids = [report.pk for report in reports]
    client.force_login(world.me_officer)
    for chosen in (ids, ["all"]):
        for method in (client.get, client.post):
            response = method(bulk_url("validate", chosen))
            assert response.status_code == 302 and response.url == LISTING, (chosen, method)
            text = " ".join(str(m) for m in get_messages(response.wsgi_request))
            assert "takes at most 2 at a time. Filter the listing" in text
    assert set(ReachReport.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
        Status.SUBMITTED
    }
    assert client.get(bulk_url("validate", ids[:2])).status_code == 200  # within the cap
    assert client.post(bulk_url("validate", ids[:2])).status_code == 302
    assert ReachReport.objects.get(pk=ids[0]).status == Status.VALIDATED
