"""An agreement's amount edited while an allocation is saved: the later save sees the earlier one.

The form checks first and the model saves later; between the two another finance officer can
save. Both the agreement's and the allocation's saves lock the agreement's row and check again
(test_concurrency.py runs the two at once on PostgreSQL); here the same interleaving runs one step
after the other, which is what SQLite (no row locks, one writer at a time) can show. A refusal at
save time is a form error on the page (status 200), never a 500, and nothing is saved.
"""

from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns.access.roles import FINANCE, setup_roles
from campaigns.funding.viewsets import AgreementEditView, AllocationCreateView
from campaigns.models import Allocation, FundingAgreement
from tests.factories import agreement, allocation, campaign_page, role_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal():
    return agreement(reference="EU-AMIF-01", amount="500000")


def allocated(deal) -> Decimal:
    return sum((a.amount for a in Allocation.objects.filter(agreement=deal)), Decimal(0))


def test_the_agreements_save_sees_an_allocation_saved_after_its_check(deal):
    edited = FundingAgreement.objects.get(pk=deal.pk)
    edited.amount = Decimal("240000")
    edited.full_clean()  # nothing allocated yet: the check passes
    allocation(deal, campaign_page(), amount="450000")  # another officer, meanwhile

    with pytest.raises(ValidationError) as refused:
        edited.save()

    assert "€450,000.00 is already allocated" in refused.value.message_dict["amount"][0]
    deal.refresh_from_db()
    assert deal.amount == Decimal("500000.00")
    assert allocated(deal) == Decimal("450000.00")


def test_the_agreements_save_sees_an_allocation_before_its_currency_changes(deal):
    edited = FundingAgreement.objects.get(pk=deal.pk)
    edited.currency = "USD"
    edited.full_clean()
    allocation(deal, campaign_page(), amount="1000")

    with pytest.raises(ValidationError) as refused:
        edited.save()

    assert "another currency" in refused.value.message_dict["currency"][0]
    deal.refresh_from_db()
    assert deal.currency == "EUR"


def test_an_agreement_with_room_left_still_saves(deal):
    allocation(deal, campaign_page(), amount="200000")
    deal.amount = Decimal("200000")
    deal.save()
    deal.refresh_from_db()
    assert deal.amount == Decimal("200000.00")


# --- The admin: refusals are form errors ------------------------------------------------------


@pytest.fixture
def finance(client):
    setup_roles()
    client.force_login(role_user(FINANCE, "money"))
    return client


def edit_url(deal):
    return reverse("wagtailsnippets_campaigns_fundingagreement:edit", args=[deal.pk])


def agreement_post(deal, **changes):
    data = {
        "funder": str(deal.funder_id),
        "reference": deal.reference,
        "status": deal.status,
        "title": deal.title,
        "programme": "",
        "amount": str(deal.amount),
        "currency": deal.currency,
        "start_date": deal.start_date.isoformat(),
        "end_date": deal.end_date.isoformat(),
        "notes": "",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def then(view_class, meanwhile):
    """Run ``meanwhile`` (another officer's save) once the view's form has been validated."""
    original = view_class.is_valid

    def is_valid(view, form):
        result = original(view, form)
        meanwhile()
        return result

    return mock.patch.object(view_class, "is_valid", is_valid)


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"amount": "240000"}, "amount", "€450,000.00 is already allocated to campaigns."),
        ({"currency": "USD"}, "currency", "Its allocations are in another currency"),
    ],
)
def test_lowering_an_agreement_below_its_allocations_is_a_form_error(
    finance, deal, changes, field, message
):
    allocation(deal, campaign_page(), amount="450000")
    response = finance.post(edit_url(deal), agreement_post(deal, **changes))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    deal.refresh_from_db()
    assert (deal.amount, deal.currency) == (Decimal("500000.00"), "EUR")


def test_an_allocation_saved_while_the_agreement_is_edited_refuses_the_edit_on_the_form(
    finance, deal
):
    page = campaign_page()
    with then(AgreementEditView, lambda: allocation(deal, page, amount="450000")):
        response = finance.post(edit_url(deal), agreement_post(deal, amount="240000"))

    assert response.status_code == 200
    assert "€450,000.00 is already allocated" in response.context["form"].errors["amount"][0]
    assert "could not be saved due to errors" in response.content.decode()
    deal.refresh_from_db()
    assert deal.amount == Decimal("500000.00")
    assert allocated(deal) == Decimal("450000.00")


def test_an_agreement_lowered_while_an_allocation_is_saved_refuses_it_on_the_form(finance, deal):
    def lower():
        FundingAgreement.objects.filter(pk=deal.pk).update(amount=Decimal("240000"))

    data = {
        "agreement": str(deal.pk),
        "campaign": str(campaign_page().pk),
        "amount": "450000",
        "currency": "",
        "start_date": deal.start_date.isoformat(),
        "end_date": deal.end_date.isoformat(),
        "notes": "",
    }
    with then(AllocationCreateView, lower):
        response = finance.post(reverse("wagtailsnippets_campaigns_allocation:add"), data)

    assert response.status_code == 200
    assert "at most €240,000.00 is left" in response.context["form"].errors["amount"][0]
    assert not Allocation.objects.exists()
