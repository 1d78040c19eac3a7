"""The Dutch page editor in a real Chromium: the body's blocks, their fields and the block menu
are named in Dutch (Wagtail draws them from the block definitions in the browser, so only a
browser shows what the reviewer reads). Screenshots go to /tmp/nl-*.png for people to look at."""

import re
from pathlib import Path

import pytest
from wagtail.users.models import UserProfile

from tests.browser.admin_steps import log_in
from tests.conftest import keep_screenshot
from tests.factories import SuperUserFactory, campaign_page, home_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/tmp")
BODY = [
    ("key_message", {"message": "Ask before you leave."}),
    (
        "testimony",
        {"quote": "The sea took my friend.", "name": "Awa", "context": "", "photo": None},
    ),
    ("faq", [{"question": "Is it free?", "answer": "<p>Yes.</p>"}]),
    ("hotline", {"label": "IOM hotline", "phone": "+221 800 00 00 00", "hours": ""}),
    ("call_to_action", {"text": "Call us", "page": None, "url": "https://example.org/"}),
]
# Our English block words the editor showed before they were labelled, and their Dutch.
# ("Context" and "Video" are Dutch words too.)
ENGLISH = ("Key message", "Message", "Quote", "Photo", "Question", "Answer",
           "Phone", "Hours", "Call to action", "Testimony", "Image")  # fmt: skip
DUTCH = ("Kernboodschap", "Boodschap", "Citaat", "Getuigenis", "Vraag", "Antwoord",
         "Telefoonnummer", "Openingsuren", "Oproep tot actie", "Tekst van de knop")  # fmt: skip


def visible_words(page, selector) -> set[str]:
    texts = page.locator(f"{selector}:visible").all_inner_texts()
    return {" ".join(text.split()).rstrip("*").strip() for text in texts}


def test_the_dutch_editor_names_the_body_blocks_in_dutch(browser_page):
    home_page()
    campaign = campaign_page(body_en=BODY)
    reviewer = SuperUserFactory(username="lies")
    profile = UserProfile.get_for_user(reviewer)
    profile.preferred_language = "nl"
    profile.save()
    page = browser_page
    log_in(page, reviewer.username)

    page.goto(f"/admin/pages/{campaign.pk}/edit/")
    # A superuser with no language limits lands on English, the body's language here.
    page.wait_for_selector(".locale-picker ul.locales[data-arranged]", state="attached")
    body = page.locator("[data-contentpath=body_en]")
    first_block = body.locator("[data-streamfield-child]").first
    first_block.wait_for()
    picker = page.locator(".locale-picker").inner_text()
    assert "View / edit fields for" not in picker, picker  # wagtail-modeltranslation's words
    keep_screenshot(page, SCREENSHOTS / "nl-editor-top.png")
    first_block.scroll_into_view_if_needed()
    keep_screenshot(page, SCREENSHOTS / "nl-editor-body.png")

    labels = "[data-contentpath=body_en] label, [data-contentpath=body_en] h3"
    headers = visible_words(page, labels) | visible_words(
        page, "[data-contentpath=body_en] .c-sf-block__type"
    )
    for dutch in DUTCH:
        assert dutch in headers, (dutch, sorted(headers))
    assert not set(ENGLISH) & headers, sorted(set(ENGLISH) & headers)

    # The block menu ("+" between blocks): every block type in Dutch.
    body.locator("button.c-sf-add-button").first.click()
    menu = page.locator(".w-combobox").first
    menu.wait_for()
    keep_screenshot(page, SCREENSHOTS / "nl-block-menu.png")
    items = {" ".join(text.split()) for text in menu.locator("[role=option]").all_inner_texts()}
    assert items
    for dutch in ("Tekst", "Kernboodschap", "Getuigenis", "Downloadbaar materiaal",
                  "Veelgestelde vragen", "Hulplijn of contact", "Oproep tot actie"):  # fmt: skip
        assert dutch in items, (dutch, sorted(items))
    assert not {"Text", "Key message", "Testimony", "Hotline or contact"} & items
    assert not re.search(r"\bDownloadable material\b", " ".join(items))
