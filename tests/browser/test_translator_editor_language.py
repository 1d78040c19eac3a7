"""Issue 15's editor keeps the language being worked in across "Save draft", in a real Chromium:
an editor (who opens on English by default) follows the translation status screen's link to the
Wolof of Senegal's campaign page, writes the Wolof, saves a draft and is still on Wolof; switched
to Pulaar, the next save comes back on Pulaar."""

import re

import pytest

from campaigns.access.roles import EDITORS, setup_roles
from campaigns.models import CampaignPage
from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import campaign_page, home_page, role_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WOLOF = "Xam ay loraange yu dëgg ci yoonu màndiŋ mi."
PULAAR = "Anndu kulle goonga e laawol ladde."
SHOWING = ".locale-picker button.locale-toggle.showing-locale"


def showing(page) -> list[str]:
    page.wait_for_selector(".locale-picker ul.locales[data-arranged]", state="attached")
    buttons = page.locator(SHOWING)
    return [buttons.nth(i).text_content().strip() for i in range(buttons.count())]


def save_draft(page, pk):
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(rf".*/admin/pages/{pk}/edit/$"))


def test_save_draft_keeps_the_editor_on_the_language_worked_in(browser_page, artifacts):
    home_page()
    setup_roles()
    campaign = campaign_page()
    editor = role_user(EDITORS, username="awa")
    page = browser_page
    log_in(page, editor.username)

    page.goto(f"/admin/pages/{campaign.pk}/edit/")
    assert showing(page) == ["en"]  # an editor writes the source

    page.goto(f"/admin/pages/{campaign.pk}/edit/?language=wo")
    assert showing(page) == ["wo"]
    page.locator("textarea[name=objective_wo]").fill(WOLOF)
    save_draft(page, campaign.pk)  # Wagtail redirects to the edit URL without ?language=
    assert showing(page) == ["wo"]
    assert page.locator("textarea[name=objective_wo]").input_value() == WOLOF
    keep_screenshot(page, artifacts / "editor-still-on-wolof-after-save.png")

    # Switched to Pulaar in the picker (Wolof off), the next save comes back on Pulaar.
    page.locator(".locale-picker button.locale-toggle", has_text=re.compile("^ff$")).click()
    page.locator(".locale-picker button.locale-toggle", has_text=re.compile("^wo$")).click()
    assert showing(page) == ["ff"]
    page.locator("textarea[name=objective_ff]").fill(PULAAR)
    save_draft(page, campaign.pk)
    assert showing(page) == ["ff"]

    saved = CampaignPage.objects.get(pk=campaign.pk).get_latest_revision_as_object()
    assert (saved.objective_wo, saved.objective_ff) == (WOLOF, PULAAR)
    assert page.requests.foreign() == []
