"""What people do in Wagtail's admin, as steps browser tests share."""

import re

from tests.factories import TEST_PASSWORD


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def show_language(page, code):
    """wagtail-modeltranslation's picker shows one language's fields at a time."""
    page.locator(".locale-picker button.locale-toggle").filter(
        has_text=re.compile(f"^{code}$")
    ).click()


def choose(page, button, item):
    """Pick an item in one of Wagtail's chooser modals."""
    page.get_by_role("button", name=button).click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name=item, exact=True).first.click()
    modal.wait_for(state="hidden")


def open_action_menu(page):
    page.locator(".w-dropdown-button").get_by_role("button", name="More actions").click()


def publish(page):
    open_action_menu(page)
    page.locator("button[name='action-publish']").click()


def submit_for_review(page):
    open_action_menu(page)
    page.locator("button[name='action-submit']").click()
    page.wait_for_load_state()


def is_workflow_action(response):
    """The form Wagtail's workflow buttons (dashboard, review queue) post in the background."""
    return response.request.method == "POST" and "/workflow/action/" in response.url


def post_workflow_action(page, button):
    """Click a workflow action button (Approve, Request changes...) that posts without a modal,
    and return once the server has answered the post and the page it redirects to has loaded:
    the action has then been carried out."""
    with page.expect_response(is_workflow_action), page.expect_navigation():
        button.click()
    page.wait_for_load_state()
