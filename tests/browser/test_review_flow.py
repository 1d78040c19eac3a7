"""Issue 4's flow with two real logins in Chromium: the editor submits, the funder's reviewer
asks for changes with a reason, the editor fixes and resubmits, the reviewer approves, and the
page is live in all its languages."""

import re

import pytest
from django.utils import translation
from wagtail.models import TaskState

from campaigns.access.roles import ADMINISTRATORS, EDITORS, REVIEWERS, setup_roles
from campaigns.models import CampaignPage
from tests.browser.admin_steps import log_in, open_action_menu, post_workflow_action
from tests.conftest import ARTIFACTS, BROWSER_TIMEOUT_MS, keep_screenshot
from tests.factories import CountryFactory, UserFactory, campaign_page, country_page

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
    for username, role in [("awa", EDITORS), ("iom", ADMINISTRATORS), ("lies", REVIEWERS)]:
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
