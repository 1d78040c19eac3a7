"""The admin home shows each role its own work (campaigns.reporting.home_panels): M&E officers the
reports waiting for them and who is late; reporters their returned and draft reports and the
months still owed; finance officers the agreements ending soon, under-spent ones marked; editors
and reviewers Wagtail's own workflow panels, and each content role a line when nothing waits on
it. Each panel in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from campaigns.access.roles import ADMINISTRATORS, FINANCE, TRANSLATORS
from campaigns.models import CampaignPage, ReportingSettings
from campaigns.reporting.home_panels import (
    AgreementsPanel,
    ContentPanel,
    ReporterPanel,
    ValidationPanel,
)
from campaigns.reporting.overview import add_months, reporting_month
from tests.factories import (
    OrganisationFactory,
    RegionFactory,
    act_on_review,
    agreement,
    allocation,
    funder,
    reach_report,
    role_user,
    submit_for_review,
)

HOME = reverse("wagtailadmin_home")
TODAY = timezone.localdate()
LAST = reporting_month(TODAY)  # the month being reported now
BEFORE = add_months(LAST, -1)


def month_name(month) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def inspect(report) -> str:
    return reverse("wagtailsnippets_campaigns_reachreport:inspect", args=[report.pk])


@pytest.fixture(scope="module")
def data(world_data, django_db_blocker):
    """Last month: IOM Senegal one report submitted, Radio Guinée nothing. The month before: a
    returned and a draft Senegal report, a draft Guinea one. Agreements around today."""
    w = world_data
    with django_db_blocker.unblock():
        CampaignPage.objects.filter(pk__in=[w.sn_campaign.pk, w.gn_campaign.pk]).update(
            start_date=datetime.date(2020, 1, 1), end_date=None
        )
        ReportingSettings.objects.update(reports_due_day=10)
        sn, gn, people = w.iom_senegal, w.radio_guinea, {w.people: 10}
        waiting = reach_report(
            w.sn_campaign, sn, w.dakar, w.radio, LAST, people, status="submitted"
        )
        returned = reach_report(
            w.sn_campaign, sn, w.dakar, w.radio, BEFORE, people, status="returned",
            return_reason="The female and male counts are swapped.",
        )  # fmt: skip
        draft = reach_report(w.sn_campaign, sn, w.thies, w.radio, BEFORE, people)
        gn_draft = reach_report(w.gn_campaign, gn, w.conakry, w.radio, BEFORE, people)

        eu = funder()
        soon = agreement(
            eu, "EU-SOON", "50000.00", start_date=TODAY - datetime.timedelta(days=300),
            end_date=TODAY + datetime.timedelta(days=30), title="Ending soon",
        )  # fmt: skip
        allocation(soon, w.sn_campaign, "20000.00")
        spent = agreement(
            eu, "EU-SPENT", "10000.00", start_date=TODAY - datetime.timedelta(days=300),
            end_date=TODAY + datetime.timedelta(days=60), title="Fully allocated",
        )  # fmt: skip
        allocation(spent, w.sn_campaign, "10000.00")
        agreement(eu, "EU-LATER", end_date=TODAY + datetime.timedelta(days=200), title="Later",
                  start_date=TODAY - datetime.timedelta(days=10))  # fmt: skip
        agreement(eu, "EU-OVER", end_date=TODAY - datetime.timedelta(days=1), title="Over",
                  start_date=TODAY - datetime.timedelta(days=100))  # fmt: skip
        agreement(eu, "EU-DRAFT", status="draft", title="Unsigned",
                  start_date=TODAY, end_date=TODAY + datetime.timedelta(days=20))  # fmt: skip
    return {"waiting": waiting, "returned": returned, "draft": draft, "gn_draft": gn_draft}


def render(panel, user) -> str:
    request = RequestFactory().get(HOME)
    request.user = user
    return panel.render_html({"request": request})


# --- M&E officers -------------------------------------------------------------------------------


def test_m_and_e_officers_see_the_reports_waiting_and_who_is_late(client, world, data):
    client.force_login(world.me_officer)
    html = client.get(HOME).content.decode()
    assert "Reach reports to validate" in html
    assert inspect(data["waiting"]) in html
    after_due = datetime.date(LAST.year, LAST.month, 1) + datetime.timedelta(days=45)
    late = render(ValidationPanel(today=after_due), world.me_officer)
    assert "Radio Guinée" in late and "data-late" in late
    assert "IOM Senegal" not in late.split("data-late")[1]  # it submitted
    assert "state=late" in late  # the overview, late organisations only
    before_due = add_months(LAST, 1) + datetime.timedelta(days=2)  # the 3rd, due the 10th
    due = render(ValidationPanel(today=before_due), world.me_officer)
    assert "data-late" not in due and "One organisation has not submitted yet" in due


def test_the_panels_name_months_in_the_readers_language(client, world, data):
    """Reports are named with "October 2026", not their code "2026-10" (in French too)."""
    for user, month in ((world.me_officer, LAST), (world.sn_reporter, BEFORE)):
        client.force_login(user)
        html = client.get(HOME).content.decode()
        assert month_name(month) in html and f" · {month:%Y-%m} · " not in html
    client.force_login(world.me_officer)
    overview = client.get(reverse("reporting:overview")).content.decode()
    waiting = overview.split("data-waiting")[1].split("</section>")[0]
    assert month_name(LAST) in waiting and f" · {LAST:%Y-%m} · " not in waiting
    with translation.override("fr"):
        french = render(ValidationPanel(), world.me_officer)
        assert date_format(LAST, "YEAR_MONTH_FORMAT") in french


# --- Reporters ----------------------------------------------------------------------------------


def test_reporters_see_their_returned_and_draft_reports_and_the_months_due(client, world, data):
    client.force_login(world.sn_reporter)
    html = client.get(HOME).content.decode()
    assert "Your reach reports" in html
    assert inspect(data["returned"]) in html and "counts are swapped" in html
    assert inspect(data["draft"]) in html
    assert inspect(data["gn_draft"]) not in html
    assert "Reach reports to validate" not in html and "Agreements ending soon" not in html
    owed = render(ReporterPanel(today=add_months(LAST, 1) + datetime.timedelta(days=20)),
                  world.sn_reporter)  # fmt: skip
    # Three months back: nothing at all, late. The month before last: returned (listed above,
    # not owed); last month: submitted.
    section = owed.split("data-owed")[1]
    assert month_name(add_months(LAST, -2)) in section and "late, was due by" in section
    assert month_name(BEFORE) not in section and month_name(LAST) not in section
    assert reverse("wagtailsnippets_campaigns_reachreport:add") in section
    assert f"{month_name(BEFORE)}: a draft, not yet submitted" in owed  # not "submitted"
    assert "has been submitted" not in owed


def test_reporters_are_told_of_late_months_older_than_the_panel_lists(world, data):
    """The campaigns run since 2020: the months before the three listed are late too, as the
    reporting overview says; the panel counts them and links to the overview's late ones."""
    today = add_months(LAST, 1) + datetime.timedelta(days=20)
    html = render(ReporterPanel(today=today), world.sn_reporter)
    earlier = html.split("data-earlier-late")[1].split("</p>")[0]
    assert "earlier months late" in earlier
    first_listed = add_months(LAST, -2)
    assert f"month_to={add_months(first_listed, -1):%Y-%m}" in earlier and "state=late" in earlier
    listed = html.split("data-owed")[1].split("</ul>")[0]
    assert month_name(add_months(first_listed, -1)) not in listed  # counted, not listed


def test_a_guinea_reporter_sees_nothing_of_senegal(client, world, data):
    client.force_login(world.gn_reporter)
    html = client.get(HOME).content.decode()
    assert inspect(data["gn_draft"]) in html
    for report in ("waiting", "returned", "draft"):
        assert inspect(data[report]) not in html
    assert "IOM Senegal" not in html and "Dakar" not in html and "Senegal" not in html
    late = render(ReporterPanel(today=add_months(LAST, 1) + datetime.timedelta(days=20)),
                  world.gn_reporter)  # fmt: skip
    assert "Radio Guinée" in late and "IOM Senegal" not in late
    assert reverse("wagtailsnippets_campaigns_reachreport:add") in late  # nothing for last month


# --- Finance officers ---------------------------------------------------------------------------


def test_finance_officers_see_agreements_ending_soon_and_under_spent(client, world, data):
    client.force_login(role_user(FINANCE, "finance-officer"))
    html = client.get(HOME).content.decode()
    assert "Agreements ending soon" in html
    panel = html.split("data-agreements")[1]
    assert "EU-SOON" in panel and "EU-SPENT" in panel
    for hidden in ("EU-LATER", "EU-OVER", "EU-DRAFT"):
        assert hidden not in panel
    soon = panel.split('data-agreement="EU-SOON"')[1].split("</li>")[0]
    spent = panel.split('data-agreement="EU-SPENT"')[1].split("</li>")[0]
    assert "data-under-spent" in soon and "30,000.00" in soon  # unallocated
    assert "data-under-spent" not in spent
    assert panel.index("EU-SOON") < panel.index("EU-SPENT")  # ending first, first
    assert "Reach reports to validate" not in html and "Your reach reports" not in html


def in_review(page, user):
    """Submit `page`, its tree under the review workflow first: the world's roles were set up
    before its pages existed (a browser test earlier on the worker may have emptied the tree)."""
    from wagtail.models import Workflow

    from campaigns.access.roles import WORKFLOW_NAME, assign_review_workflow

    tree_root = page.get_ancestors().filter(depth=2).first()
    assign_review_workflow(Workflow.objects.get(name=WORKFLOW_NAME), tree_root)
    submit_for_review(page, user)


# --- Editors and reviewers: Wagtail's own panels ---------------------------------------------


def test_editors_and_reviewers_get_wagtails_workflow_panels_only(client, world, data):
    """What waits on an editor (changes asked) is in Wagtail's "Your pages and snippets in a
    workflow"; a reviewer's queue panel is tested in tests/content/views/test_review_queue.py.
    Neither gets a reach or funding panel."""
    asked = CampaignPage.objects.get(pk=world.sn_campaign.pk)
    in_review(asked, world.editor)
    act_on_review(asked, role_user(ADMINISTRATORS, "administrator"), "reject", comment="Shorter")
    client.force_login(world.editor)
    html = client.get(HOME).content.decode()
    assert "Changes requested at" in html and asked.title in html
    for user in (world.editor, world.reviewer):
        client.force_login(user)
        html = client.get(HOME).content.decode()
        for heading in ("Reach reports to validate", "Your reach reports", "Agreements ending"):
            assert heading not in html


def test_content_roles_with_nothing_waiting_get_a_line_and_a_link(client, world, data):
    """Nothing waits: reviewers are told so with the queue's link, editors that nothing of theirs
    is in review, translators where the translation status is. Others get no such panel."""
    queue = reverse("campaigns_review_queue:index")
    client.force_login(world.reviewer)
    html = client.get(HOME).content.decode()
    assert "Nothing waits for your review." in html and queue in html
    assert "None of your pages" not in html
    client.force_login(world.editor)
    html = client.get(HOME).content.decode()
    assert "None of your pages or materials is in review." in html
    assert reverse("wagtailsnippets_campaigns_material:list") in html
    assert "Nothing waits for your review" not in html
    translator = role_user(TRANSLATORS, "translator")
    client.force_login(translator)
    html = client.get(HOME).content.decode()
    status = reverse("campaigns_translation_status:index")
    assert "data-translation" in html and status in html
    assert client.get(status).status_code == 200  # a link they may follow
    for user in (world.me_officer, world.sn_reporter, role_user(FINANCE, "finance-officer")):
        assert render(ContentPanel(), user) == ""


def test_an_editor_with_a_page_in_review_gets_no_empty_line(world, data):
    page = CampaignPage.objects.get(pk=world.sn_campaign.pk)
    in_review(page, world.editor)
    assert "None of your pages" not in render(ContentPanel(), world.editor)


# --- Queries ------------------------------------------------------------------------------------


def queries(panel, user) -> int:
    render(panel, user)  # the user's permissions cached, as on any request
    with CaptureQueriesContext(connection) as captured:
        assert render(panel, user)
    return len(captured)


def test_each_panel_runs_few_queries_whatever_the_data(world, data, django_assert_max_num_queries):
    finance = role_user(FINANCE, "finance-officer")
    cases = [
        (ValidationPanel(), world.me_officer),
        (ReporterPanel(), world.sn_reporter),
        (AgreementsPanel(), finance),
        (ContentPanel(), world.editor),
        (ContentPanel(), world.reviewer),
    ]
    small = [queries(panel, user) for panel, user in cases]
    for panel, user in cases:
        with django_assert_max_num_queries(12):
            render(panel, user)

    regions = [RegionFactory(country=world.senegal, code=f"SN-Q{n}") for n in range(4)]
    more = [OrganisationFactory(name=f"NGO {n}", countries=[world.senegal],
                                members=[world.sn_reporter]) for n in range(2)]  # fmt: skip
    for organisation in [world.iom_senegal, *more]:
        for region in regions:
            for month, status in ((LAST, "submitted"), (BEFORE, "returned"), (BEFORE, "draft")):
                channel = world.radio if status == "returned" else world.sessions
                reach_report(world.sn_campaign, organisation, region, channel, month,
                             {world.people: 1}, status=status)  # fmt: skip
    eu = funder(name="Another funder")
    for n in range(8):
        deal = agreement(eu, f"AF-{n}", end_date=TODAY + datetime.timedelta(days=10 + n),
                         start_date=TODAY - datetime.timedelta(days=30))  # fmt: skip
        allocation(deal, world.sn_campaign, "1000.00")
    assert [queries(panel, user) for panel, user in cases] == small
