"""The open-data page on a 360-px phone in French: the chart and the table are there, and the
page never scrolls sideways."""

import datetime

import pytest

from tests.factories import reach_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("browser_page", [PHONE], indirect=True)
def test_open_data_reads_on_a_phone_in_french(browser_page, world):
    w = world
    w.sn_campaign.title_fr = "Le désert n'est pas une route : ce que les jeunes doivent savoir"
    w.sn_campaign.save_revision().publish()
    for month in range(1, 7):
        for region, channel, people in ((w.dakar, w.radio, 1200), (w.thies, w.sessions, 85)):
            reach_report(
                w.sn_campaign, w.iom_senegal, region, channel, datetime.date(2026, month, 1),
                {w.people: people * month, w.broadcasts: 3 + month}, status="validated",
            )  # fmt: skip
    reach_report(w.gn_campaign, w.radio_guinea, w.conakry, w.radio, datetime.date(2026, 2, 1),
                 {w.people: 640}, status="validated")  # fmt: skip
    page = browser_page
    page.goto("/fr/open-data/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").is_visible()
    chart = page.locator(".od-chart svg").first
    chart.scroll_into_view_if_needed()
    assert chart.is_visible() and chart.bounding_box()["width"] <= PHONE["width"]
    table = page.locator("#od-campaign table")
    table.scroll_into_view_if_needed()
    assert table.is_visible()
    assert "Le désert n'est pas une route" in table.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    # The filters work without JavaScript: a plain GET form.
    page.select_option("#od-country", "GN")
    page.locator(".od-filters button").click()
    page.wait_for_url("**/fr/open-data/?country=GN*")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    page.goto("/fr/open-data/")
    page.screenshot(path="/tmp/open-data-fr-360.png", full_page=True)
    assert page.requests.foreign() == []
