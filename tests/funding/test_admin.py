"""Funding in the admin: who may change it, who only sees it, and what bad input looks like."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.access.roles import (
    ADMINISTRATORS,
    EDITORS,
    FINANCE,
    ME_OFFICERS,
    REPORTERS,
    REVIEWERS,
    TRANSLATORS,
    setup_roles,
)
from campaigns.models import Allocation, Funder, FundingAgreement
from tests.factories import (
    agreement,
    allocation,
    campaign_page,
    fresh,
    funder,
    module_data,
    role_user,
)

pytestmark = pytest.mark.django_db

MODELS = {"funder": Funder, "fundingagreement": FundingAgreement, "allocation": Allocation}


def url(model, view, *args):
    return reverse(f"wagtailsnippets_campaigns_{model}:{view}", args=args)


@pytest.fixture(scope="module")
def world_data(django_db_setup, django_db_blocker):
    """The roles, an agreement and its allocation to a campaign: built once for the module."""
    with module_data(django_db_blocker):
        setup_roles()
        deal = agreement(reference="EU-AMIF-01", amount="100000")
        page = campaign_page()
        share = allocation(deal, page, amount="40000")
        yield {"funder": deal.funder, "fundingagreement": deal, "allocation": share, "page": page}


@pytest.fixture
def world(world_data, db):
    """Fresh instances of the module's objects (a test's changes roll back with its own
    transaction)."""
    return fresh(world_data)


def agreement_post(funder_pk, **changes):
    data = {
        "funder": str(funder_pk),
        "reference": "BE-DOFI-2026",
        "status": "signed",
        "title": "Prevention in Senegal",
        "programme": "",
        "amount": "50000.00",
        "currency": "EUR",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "notes": "",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", [FINANCE, ADMINISTRATORS])
def test_finance_officers_and_administrators_record_agreements_and_allocations(client, world, role):
    client.force_login(role_user(role, "money"))
    response = client.post(url("fundingagreement", "add"), agreement_post(world["funder"].pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    deal = FundingAgreement.objects.get(reference="BE-DOFI-2026")
    assert deal.amount == Decimal("50000.00")
    response = client.post(
        url("allocation", "add"),
        {
            "agreement": str(deal.pk),
            "campaign": str(world["page"].pk),
            "amount": "12500.50",
            "currency": "",
            "start_date": "2026-03-01",
            "end_date": "2026-09-30",
            "notes": "",
        },
    )
    assert response.status_code == 302
    share = deal.allocations.get()
    assert (share.amount, share.currency) == (Decimal("12500.50"), "EUR")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"amount": "70000"}, "at most €60,000.00 is left"),
        ({"currency": "USD"}, "is in EUR; an allocation of it cannot be in USD"),
        ({"end_date": "2028-06-30"}, "must fall within it"),
        ({"amount": "-10"}, "greater than zero"),
        ({"start_date": "2026-12-01", "end_date": "2026-01-01"}, "cannot end before it starts"),
    ],
)
def test_a_bad_allocation_is_refused_on_the_form_and_nothing_is_saved(
    client, world, changes, message
):
    client.force_login(role_user(FINANCE, "money"))
    data = {
        "agreement": str(world["fundingagreement"].pk),
        "campaign": str(world["page"].pk),
        "amount": "1000",
        "currency": "EUR",
        "start_date": "2026-01-01",
        "end_date": "2026-12-31",
        "notes": "",
    }
    data.update(changes)
    response = client.post(url("allocation", "add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Allocation.objects.count() == 1


def test_an_unknown_currency_on_an_agreement_is_refused(client, world):
    client.force_login(role_user(FINANCE, "money"))
    response = client.post(
        url("fundingagreement", "add"), agreement_post(world["funder"].pk, currency="ECU")
    )
    assert response.status_code == 200
    assert not FundingAgreement.objects.filter(reference="BE-DOFI-2026").exists()


@pytest.mark.parametrize("role", [EDITORS, TRANSLATORS, REVIEWERS, ME_OFFICERS])
def test_editors_reviewers_and_me_officers_see_funding_read_only(client, world, role):
    client.force_login(role_user(role, "reader"))
    for model in MODELS:
        obj = world[model]
        assert client.get(url(model, "list")).status_code == 200
        assert client.get(url(model, "inspect", obj.pk)).status_code == 200
        assert client.get(url(model, "add")).status_code in (302, 403)
        assert client.get(url(model, "edit", obj.pk)).status_code in (302, 403)
        assert client.post(url(model, "delete", obj.pk)).status_code in (302, 403)
    response = client.post(url("fundingagreement", "add"), agreement_post(world["funder"].pk))
    assert response.status_code in (302, 403)
    response = client.post(
        url("fundingagreement", "edit", world["fundingagreement"].pk),
        agreement_post(world["funder"].pk, amount="1"),
    )
    assert response.status_code in (302, 403)
    assert FundingAgreement.objects.get().amount == Decimal("100000.00")
    assert Allocation.objects.count() == 1 and Funder.objects.count() == 1


def test_reporters_see_no_funding(client, world):
    client.force_login(role_user(REPORTERS, "reporter"))
    for model in MODELS:
        assert client.get(url(model, "list")).status_code in (302, 403)
        assert client.get(url(model, "inspect", world[model].pk)).status_code in (302, 403)
    assert client.get(url("fundingagreement", "list") + "export/?export=csv").status_code in (
        302,
        403,
        404,
    )


def test_the_agreement_screen_shows_campaigns_amounts_and_period_warnings(client, world):
    deal = world["fundingagreement"]
    FundingAgreement.objects.filter(pk=deal.pk).update(end_date="2026-06-30")  # shortened later
    client.force_login(role_user(FINANCE, "money"))
    html = client.get(url("fundingagreement", "inspect", deal.pk)).content.decode()
    assert "The desert is not a road" in html
    assert "€40,000.00" in html and "€60,000.00" in html  # allocated, unallocated
    assert "outside the agreement&#x27;s period" in html or "outside the agreement's period" in html
    assert f"?agreement={deal.pk}" in html


def test_agreements_export_as_csv_and_xlsx_with_decimal_amounts(client, world):
    client.force_login(role_user(FINANCE, "money"))
    response = client.get(url("fundingagreement", "list"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["Reference number"] == "EU-AMIF-01"
    assert Decimal(rows[0]["Amount"]) == Decimal("100000.00")
    assert Decimal(rows[0]["Allocated"]) == Decimal("40000.00")
    response = client.get(url("allocation", "list"), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, first = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    record = dict(zip(header, first, strict=True))
    assert record["Agreement"] == "EU-AMIF-01"
    assert Decimal(str(record["Amount"])) == Decimal("40000.00")
    assert record["Country"] == "SN"


def test_agreements_filter_by_funder_status_and_campaign(client, world):
    other = agreement(funder("Fedasil", statements={"en": "Fedasil"}), "FED-1", status="draft")
    client.force_login(role_user(FINANCE, "money"))
    list_url = url("fundingagreement", "list")
    html = client.get(list_url, {"status": "draft"}).content.decode()
    assert "FED-1" in html and "EU-AMIF-01" not in html
    html = client.get(list_url, {"campaign": world["page"].pk}).content.decode()
    assert "EU-AMIF-01" in html and "FED-1" not in html
    html = client.get(list_url, {"funder": other.funder.pk}).content.decode()
    assert "FED-1" in html and "EU-AMIF-01" not in html
    html = client.get(list_url, {"q": "AMIF"}).content.decode()
    assert "EU-AMIF-01" in html and "FED-1" not in html


@pytest.mark.parametrize("role, can_allocate", [(EDITORS, False), (FINANCE, True)])
def test_the_campaign_editor_shows_its_funding_read_only(client, world, role, can_allocate):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    setup_roles(tree_root=world["page"].get_parent())
    user = role_user(role, "someone")
    if role == FINANCE:  # a finance officer who also edits pages sees the panel with its button
        GroupPagePermission.objects.get_or_create(
            group=user.groups.get(),
            page=world["page"],
            permission=Permission.objects.get(codename="change_page"),
        )
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world["page"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "EU-AMIF-01" in html and "€40,000.00" in html
    assert "Emblem and statement required" in html
    assert (f"?campaign={world['page'].pk}" in html) == can_allocate


def test_the_funder_screen_shows_its_logo_not_an_object_name(client, world):
    client.force_login(role_user(FINANCE, "money"))
    html = client.get(url("funder", "inspect", world["funder"].pk)).content.decode()
    assert "<img" in html and "object at 0x" not in html
