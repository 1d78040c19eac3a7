"""Issue 5's path in a real Chromium, with four logins: a finance officer records an EU agreement
and a Belgian one and allocates both to a Senegal campaign; the editor submits its Wolof
version; IOM's approval is refused because the EU statement has no Wolof; the finance officer
adds it; the approvals publish the page, which shows both funders in French, Wolof and Arabic."""

import re

import pytest
from django.utils import translation

from campaigns.access.roles import ADMINISTRATORS, EDITORS, FINANCE, REVIEWERS, setup_roles
from campaigns.models import Allocation, CampaignPage, FundingAgreement
from tests.browser.admin_steps import (
    choose,
    log_in,
    post_workflow_action,
    show_language,
    submit_for_review,
)
from tests.conftest import BROWSER_TIMEOUT_MS, keep_screenshot
from tests.factories import (
    CountryFactory,
    UserFactory,
    campaign_page,
    country_page,
    funder,
    home_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EU_WOLOF = "Mbootaayu Tugal moo ko fey"


@pytest.fixture
def people():
    groups = setup_roles(tree_root=home_page())
    users = {}
    for username, role in [
        ("fatou", FINANCE),
        ("awa", EDITORS),
        ("iom", ADMINISTRATORS),
        ("lies", REVIEWERS),
    ]:
        users[username] = UserFactory(username=username, email=f"{username}@example.org")
        users[username].groups.add(groups[role])
    return users


def close_date_pickers(page):
    """Click outside the date inputs until no date picker is left open.

    A picker opens a moment after its input takes focus, so one can open after the click that
    was meant to close it (seen on a loaded machine: the picker then covers the Save button)."""
    from playwright.sync_api import expect

    open_pickers = page.locator(".xdsoft_datetimepicker:visible")
    for _attempt in range(5):
        page.locator("input[name=title]").click()
        try:
            expect(open_pickers).to_have_count(0, timeout=2_000)
            return
        except AssertionError:
            continue
    expect(open_pickers).to_have_count(0)


def record_agreement(page, funder_name, reference, amount):
    page.goto("/admin/snippets/campaigns/fundingagreement/add/")
    choose(page, "Choose funder", funder_name)
    page.fill("input[name=reference]", reference)
    page.fill("input[name=title]", "Prevention campaigns in Senegal")
    page.fill("input[name=amount]", amount)
    page.select_option("select[name=currency]", "EUR")
    page.fill("input[name=start_date]", "2026-01-01")
    page.fill("input[name=end_date]", "2027-12-31")
    close_date_pickers(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/fundingagreement/$"))


def allocate(page, reference, campaign_title, amount):
    agreement = FundingAgreement.objects.get(reference=reference)
    page.goto(f"/admin/snippets/campaigns/fundingagreement/inspect/{agreement.pk}/")
    page.get_by_role("link", name="Allocate to a campaign").click()
    page.get_by_role("button", name=re.compile("Choose a page")).click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(campaign_title)
    modal.get_by_role("link", name=campaign_title).first.click()
    modal.wait_for(state="hidden")
    page.fill("input[name=amount]", amount)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/allocation/$"))


def approve_from_queue(page, title):
    page.goto("/admin/reports/review-queue/")
    row = page.locator("tr", has_text=title).first
    post_workflow_action(page, row.get_by_role("button", name="Approve", exact=True))
    assert re.search(r"/review-queue/$", page.url)


def test_finance_editor_iom_and_funder_take_a_funded_wolof_page_live(
    chromium, live_server, people, artifacts
):
    senegal = CountryFactory(code="SN", languages="wo, fr, ar")
    campaign = campaign_page(
        country_page(senegal), title="The sea does not forgive", title_fr="La mer ne pardonne pas"
    )
    funder("European Union")  # statement in en, fr, ar; no fallback
    funder(
        "Belgian Immigration Office",
        statements={"en": "With the support of Belgium", "fr": "Avec le soutien de la Belgique"},
        accepts_fallback_statement=True,
    )
    contexts = {}
    pages = {}
    for username in people:
        contexts[username] = chromium.new_context(base_url=live_server.url)
        contexts[username].set_default_timeout(BROWSER_TIMEOUT_MS)
        pages[username] = contexts[username].new_page()
        log_in(pages[username], username)
    finance, editor, iom, reviewer = (pages[name] for name in ("fatou", "awa", "iom", "lies"))

    # 1. The finance officer records both agreements and allocates them to the campaign.
    record_agreement(finance, "European Union", "EU-AMIF-2026-01", "100000")
    record_agreement(finance, "Belgian Immigration Office", "BE-DOFI-2026-04", "50000")
    allocate(finance, "EU-AMIF-2026-01", "The sea does not forgive", "30000")
    allocate(finance, "BE-DOFI-2026-04", "The sea does not forgive", "20000.50")
    keep_screenshot(finance, artifacts / "funding-allocations.png", full_page=True)
    assert sorted(a.amount for a in Allocation.objects.filter(campaign=campaign)) == [
        20000.50,
        30000,
    ]

    # 2. The editor writes the Wolof version and submits it.
    editor.goto(f"/admin/pages/{campaign.pk}/edit/")
    assert "EU-AMIF-2026-01" in editor.content()  # the editor sees the funding, read-only
    show_language(editor, "wo")
    editor.fill("input[name=title_wo]", "Géej gi baalul")
    submit_for_review(editor)

    # 3. IOM approves: refused, naming the funder and the language.
    approve_from_queue(iom, "The sea does not forgive")
    message = iom.locator(".messages").inner_text()
    keep_screenshot(iom, artifacts / "funding-approval-refused.png")
    assert "European Union requires its statement in Wolof" in message
    assert not CampaignPage.objects.get(pk=campaign.pk).title_wo

    # 4. The finance officer adds the EU statement in Wolof.
    finance.goto("/admin/snippets/campaigns/funder/")
    finance.get_by_role("link", name="European Union").first.click()
    show_language(finance, "wo")
    finance.fill("input[name=statement_wo]", EU_WOLOF)
    finance.get_by_role("button", name="Save").click()
    finance.wait_for_url(re.compile(r".*/funder/$"))

    # 5. IOM, then the funder, approve: the page goes live.
    approve_from_queue(iom, "The sea does not forgive")
    approve_from_queue(reviewer, "The sea does not forgive")
    campaign = CampaignPage.objects.get(pk=campaign.pk)  # the approvals have been posted
    assert campaign.title_wo == "Géej gi baalul"

    # 6. The public pages show both funders, each emblem with its statement.
    public = chromium.new_context(base_url=live_server.url, viewport={"width": 360, "height": 740})
    visitor = public.new_page()
    for code, eu_text, belgian_text in [
        ("fr", "Financé par l’Union européenne", "Avec le soutien de la Belgique"),
        ("wo", EU_WOLOF, "Avec le soutien de la Belgique"),
        ("ar", "بتمويل من الاتحاد الأوروبي", "Avec le soutien de la Belgique"),
    ]:
        with translation.override(code):
            visitor.goto(campaign.get_url())
        funders = visitor.locator(".funded-by li.funder")
        assert funders.count() == 2
        assert funders.locator("img.emblem").count() == 2
        text = visitor.locator(".funded-by").inner_text()
        assert eu_text in text and belgian_text in text
        keep_screenshot(visitor, artifacts / f"funding-public-{code}.png", full_page=True)
    for context in [*contexts.values(), public]:
        context.close()
