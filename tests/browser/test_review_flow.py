"""Issue 4's flow with two real logins in Chromium: the editor submits, the funder's reviewer
asks for changes with a reason, the editor fixes and resubmits, the reviewer approves, and the
page is live in all its languages. Each action is confirmed, and the reviewer lands on their
queue (issue 12 item 7).

Issue 12 item 7's way forward from an approval refused for a funder's rule: the editor is
warned on submitting, the queue marks the item before anyone approves, the refusal names who
can fix it and links to the funder, whose fix lets the approvals through."""

import re

import pytest
from django.utils import translation
from wagtail.models import TaskState

from campaigns.access.roles import ADMINISTRATORS, EDITORS, FINANCE, REVIEWERS, setup_roles
from campaigns.models import CampaignPage
from tests.browser.admin_steps import (
    log_in,
    open_action_menu,
    post_workflow_action,
    show_language,
    submit_for_review,
)
from tests.conftest import ARTIFACTS, BROWSER_TIMEOUT_MS, keep_screenshot
from tests.factories import (
    CountryFactory,
    UserFactory,
    agreement,
    allocation,
    campaign_page,
    country_page,
    funder,
)

QUEUE = re.compile(r".*/admin/reports/review-queue/$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def internal_review_approves(campaign, iom):
    """IOM's internal review (a third person; not the subject of this test)."""
    state = TaskState.objects.filter(
        workflow_state__object_id=str(campaign.pk),
        status=TaskState.STATUS_IN_PROGRESS,
        task__name="IOM internal review",
    ).first()
    if state is not None:  # a resubmission resumes at the task that asked for changes
        state.task.specific.on_action(state, iom, "approve")


def dashboard_action(page, action_label):
    """Click one of the dashboard's review actions; one without a modal (Approve) posts a form,
    and this returns once the post has been answered."""
    page.goto("/admin/")
    keep_screenshot(page, ARTIFACTS / "reviewer-dashboard.png", full_page=True)
    panel = page.locator("section, div.w-panel").filter(has_text="Awaiting your review").last
    panel.locator(".w-dropdown__toggle, button[aria-haspopup]").first.click()
    button = page.get_by_role("button", name=action_label, exact=True).first
    if button.get_attribute("data-launch-modal") is None:
        post_workflow_action(page, button)
    else:
        button.click()


@pytest.fixture
def people():
    groups = setup_roles()
    users = {}
    for username, role in [
        ("awa", EDITORS),
        ("iom", ADMINISTRATORS),
        ("lies", REVIEWERS),
        ("fatou", FINANCE),
    ]:
        users[username] = UserFactory(username=username, email=f"{username}@example.org")
        users[username].groups.add(groups[role])
    return users


def test_editor_and_reviewer_take_a_page_live_through_the_funder_review(
    chromium, live_server, people, artifacts
):
    country = CountryFactory(code="SN", languages="fr, wo")
    campaign = campaign_page(
        country_page(country),
        title_fr="La mer ne pardonne pas",
        title_wo="Géej gi baalul",
        objective_fr="Connaître les risques.",
    )
    campaign.unpublish()
    setup_roles()  # the tree now exists: the workflow applies to it

    editor_context = chromium.new_context(base_url=live_server.url)
    reviewer_context = chromium.new_context(base_url=live_server.url)
    for context in (editor_context, reviewer_context):
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
    editor, reviewer = editor_context.new_page(), reviewer_context.new_page()
    log_in(editor, "awa")
    log_in(reviewer, "lies")

    # 1. The editor submits the page for review.
    editor.goto(f"/admin/pages/{campaign.pk}/edit/")
    open_action_menu(editor)
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_load_state()
    internal_review_approves(campaign, people["iom"])

    # 2. The reviewer asks for changes: a reason is required.
    dashboard_action(reviewer, "Request changes")
    modal = reviewer.locator(".modal-dialog")
    modal.get_by_role("button", name=re.compile("Request changes")).click()
    modal.locator(".error-message, .w-field__errors").first.wait_for()
    keep_screenshot(reviewer, artifacts / "review-reason-required.png")
    modal.locator("textarea[name=comment]").fill("Say where the free hotline can be reached.")
    modal.get_by_role("button", name=re.compile("Request changes")).click()
    modal.wait_for(state="hidden")
    # Confirmed, on the reviewer's queue (issue 12 item 7).
    reviewer.wait_for_url(QUEUE)
    message = reviewer.locator(".messages").inner_text()
    assert "Changes requested on “The desert is not a road”: awa is told by email" in message
    campaign.refresh_from_db()
    state = campaign.current_workflow_state
    assert state.status == state.STATUS_NEEDS_CHANGES
    assert not campaign.live

    # 3. The editor reads the reason, fixes the page and resubmits.
    editor.goto(f"/admin/pages/{campaign.pk}/edit/")
    assert "Say where the free hotline can be reached." in editor.content()
    editor.fill("input[name=title_en]", "The sea does not forgive: call 800 00 00")
    open_action_menu(editor)
    editor.locator("button[name='action-submit']").click()
    editor.wait_for_load_state()
    internal_review_approves(campaign, people["iom"])

    # 4. The reviewer approves; the approval publishes the page.
    dashboard_action(reviewer, "Approve")  # returns once the approval has been posted
    campaign = CampaignPage.objects.get(pk=campaign.pk)
    keep_screenshot(reviewer, artifacts / "review-approved.png")
    # The final approval is confirmed on the queue, not on "you do not have permission".
    assert QUEUE.match(reviewer.url)
    message = reviewer.locator(".messages").inner_text()
    assert "approved and published" in message
    assert "permission" not in message
    assert campaign.live
    assert campaign.title_en == "The sea does not forgive: call 800 00 00"

    # 5. Live in all its languages.
    public = reviewer_context.new_page()
    for code, title in [("fr", "La mer ne pardonne pas"), ("wo", "Géej gi baalul"),
                        ("en", "The sea does not forgive: call 800 00 00")]:  # fmt: skip
        with translation.override(code):
            public.goto(campaign.get_url())
        assert public.locator("h1").inner_text() == title
    editor_context.close()
    reviewer_context.close()


def approve_from_queue(page, title):
    page.goto("/admin/reports/review-queue/")
    row = page.locator("tr", has_text=title).first
    post_workflow_action(page, row.get_by_role("button", name="Approve", exact=True))
    assert QUEUE.match(page.url)  # the reviewer's own screen, whatever the outcome
    return page.locator(".messages").inner_text()


def test_a_refused_approval_shows_the_way_forward(chromium, live_server, people, artifacts):
    from django.core import mail

    country = CountryFactory(code="SN", languages="fr, wo")
    campaign = campaign_page(country_page(country), title_fr="La mer ne pardonne pas")
    eu = funder("European Union")  # statement in en, fr, ar; none in Wolof, no fallback
    allocation(agreement(eu, "EU-AMIF-2026-01"), campaign, amount="30000")
    setup_roles()  # the tree now exists: the workflow applies to it

    contexts, pages = [], {}
    for username in ("awa", "iom", "lies"):
        context = chromium.new_context(base_url=live_server.url)
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        contexts.append(context)
        pages[username] = context.new_page()
        log_in(pages[username], username)
    editor, iom, reviewer = pages["awa"], pages["iom"], pages["lies"]

    # 1. The editor submits the Wolof version: warned of what will block the approval.
    editor.goto(f"/admin/pages/{campaign.pk}/edit/")
    show_language(editor, "wo")
    editor.fill("input[name=title_wo]", "Géej gi baalul")
    submit_for_review(editor)
    warning = editor.locator(".messages").inner_text()
    keep_screenshot(editor, artifacts / "review-submit-warning.png")
    assert "the approval will be refused until this is fixed" in warning
    assert "European Union requires its statement in Wolof" in warning
    assert "Who can fix it: Finance officers." in warning
    assert editor.locator(".messages").get_by_role("link", name="Funder: European Union").count()

    # 2. IOM's queue marks the item before anyone clicks Approve.
    iom.goto("/admin/reports/review-queue/")
    row = iom.locator("tr", has_text="The desert is not a road").first
    mark = row.locator(".rq-refusal")
    keep_screenshot(iom, artifacts / "review-queue-refusal-mark.png", full_page=True)
    assert "Approval would be refused" in mark.inner_text()
    assert "European Union requires its statement in Wolof" in mark.inner_text()

    # 3. Approving anyway: refused, saying who can fix it, with a link to the funder; the editor
    # and the finance officers are told by email.
    mail.outbox.clear()
    message = approve_from_queue(iom, "The desert is not a road")
    keep_screenshot(iom, artifacts / "review-refusal-way-forward.png")
    assert "Not approved" in message and "Who can fix it: Finance officers." in message
    assert sorted(m.to[0] for m in mail.outbox) == ["awa@example.org", "fatou@example.org"]

    # 4. The link leads to the funder (IOM's Administrators may change it): the fix.
    iom.locator(".messages").get_by_role("link", name="Funder: European Union").click()
    iom.wait_for_url(re.compile(r".*/funder/edit/\d+/$"))
    show_language(iom, "wo")
    iom.fill("input[name=statement_wo]", "Mbootaayu Tugal moo ko fey")
    iom.get_by_role("button", name="Save").click()
    iom.wait_for_url(re.compile(r".*/funder/$"))

    # 5. No mark any more; each approval is confirmed on the queue; the last one publishes.
    iom.goto("/admin/reports/review-queue/")
    assert iom.locator(".rq-refusal").count() == 0
    message = approve_from_queue(iom, "The desert is not a road")
    assert "approved: it now waits on “Funder approval”" in message
    message = approve_from_queue(reviewer, "The desert is not a road")
    keep_screenshot(reviewer, artifacts / "review-final-approval.png")
    assert "“The desert is not a road” approved and published." in message
    assert "permission" not in reviewer.content()
    assert CampaignPage.objects.get(pk=campaign.pk).title_wo == "Géej gi baalul"
    for context in contexts:
        context.close()
