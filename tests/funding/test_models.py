"""The rules that protect an agreement: amount, period, currency; money stays Decimal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.funding.currencies import currencies_in_use, format_money
from campaigns.models import Allocation, FundingAgreement
from tests.factories import agreement, allocation, campaign_page, funder

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_money_is_decimal_and_formatted_by_babel_in_the_readers_language():
    deal = agreement(amount="1234567.50")
    deal.refresh_from_db()
    assert isinstance(deal.amount, Decimal)
    assert deal.amount == Decimal("1234567.50")
    assert format_money(deal.amount, "EUR", "en") == "€1,234,567.50"
    assert format_money(deal.amount, "EUR", "fr") == "1\u202f234\u202f567,50\xa0€"
    assert format_money(Decimal(1500000), "XOF", "fr") == "1\u202f500\u202f000\xa0F\u202fCFA"


def test_currencies_are_iso_4217_codes_in_use():
    assert {"EUR", "USD", "XOF", "GNF", "AFN"} <= currencies_in_use()
    assert "BEF" not in currencies_in_use()  # the Belgian franc ended in 2002


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"currency": "ABC"}, "currency", "not an ISO 4217 currency code"),
        ({"currency": "BEF"}, "currency", "not an ISO 4217 currency code"),
        ({"amount": Decimal("-5")}, "amount", "greater than zero"),
        ({"amount": Decimal("0")}, "amount", "greater than zero"),
        ({"end_date": datetime.date(2025, 1, 1)}, "end_date", "cannot end before it starts"),
        ({"currency": "XOF", "amount": Decimal("1500.50")}, "amount", "0 decimal places"),
    ],
)
def test_bad_agreements_are_refused_with_the_field_named(changes, field, words):
    deal = FundingAgreement(
        funder=funder(),
        reference="BE-DOFI-01",
        title="Prevention",
        amount=Decimal("1000"),
        currency="EUR",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    for name, value in changes.items():
        setattr(deal, name, value)
    assert words in " ".join(errors_of(deal)[field])


def test_the_database_refuses_a_negative_amount_even_without_the_form():
    deal = agreement()
    with pytest.raises(IntegrityError), transaction.atomic():
        FundingAgreement.objects.filter(pk=deal.pk).update(amount=Decimal("-1"))


def test_allocations_may_not_exceed_the_agreement():
    deal = agreement(amount="100000.00")
    first = campaign_page()
    allocation(deal, first, amount="60000")
    second = campaign_page(slug="sea", title="The sea")
    over = Allocation(
        agreement=deal,
        campaign=second,
        amount=Decimal("40000.01"),
        start_date=deal.start_date,
        end_date=deal.end_date,
    )
    message = " ".join(errors_of(over)["amount"])
    assert "€100,000.00" in message and "€60,000.00" in message and "€40,000.00" in message
    with pytest.raises(ValidationError):  # save() checks again, under the row lock
        over.save()
    assert Allocation.objects.count() == 1
    over.amount = Decimal("40000.00")
    over.full_clean()
    over.save()
    assert deal.allocations.count() == 2


def test_editing_an_allocation_does_not_count_it_twice():
    deal = agreement(amount="100")
    share = allocation(deal, campaign_page(), amount="80")
    share.amount = Decimal("100")
    share.full_clean()
    share.save()


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"currency": "USD"}, "currency", "is in EUR; an allocation of it cannot be in USD"),
        (
            {"start_date": datetime.date(2025, 6, 1)},
            "start_date",
            "runs from 2026-01-01 to 2027-12-31",
        ),
        ({"end_date": datetime.date(2028, 1, 31)}, "start_date", "must fall within it"),
        ({"amount": Decimal("0")}, "amount", "greater than zero"),
        ({"end_date": datetime.date(2025, 12, 1)}, "end_date", "cannot end before it starts"),
    ],
)
def test_bad_allocations_are_refused_with_the_field_named(changes, field, words):
    deal = agreement()
    share = Allocation(
        agreement=deal,
        campaign=campaign_page(),
        amount=Decimal("10"),
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    for name, value in changes.items():
        setattr(share, name, value)
    assert words in " ".join(errors_of(share)[field])
    assert not Allocation.objects.exists()


def test_an_allocation_takes_the_agreements_currency_when_none_is_given():
    share = allocation(agreement(currency="XOF", amount="50000000"), campaign_page(), "1500000")
    assert share.currency == "XOF"
    assert share.formatted_amount == "F\u202fCFA1,500,000"


def test_a_cancelled_agreement_cannot_be_allocated():
    deal = agreement(status="cancelled")
    share = Allocation(
        agreement=deal,
        campaign=campaign_page(),
        amount=Decimal("10"),
        start_date=deal.start_date,
        end_date=deal.end_date,
    )
    assert "cancelled" in " ".join(errors_of(share)["agreement"])


def test_an_agreement_cannot_shrink_below_what_is_allocated_nor_change_currency():
    deal = agreement(amount="1000")
    allocation(deal, campaign_page(), amount="800")
    deal.amount = Decimal("700")
    deal.currency = "USD"
    errors = errors_of(deal)
    assert "€800.00 is already allocated" in errors["amount"][0]
    assert "another currency" in errors["currency"][0]


def test_an_agreement_shows_allocated_and_unallocated_amounts():
    deal = agreement(amount="1000")
    allocation(deal, campaign_page(), amount="250.50")
    deal = FundingAgreement.objects.get(pk=deal.pk)
    assert deal.allocated == Decimal("250.50")
    assert deal.unallocated == Decimal("749.50")
    assert deal.unallocated_display() == "€749.50"


def test_a_funder_that_requires_visibility_needs_an_emblem():
    donor = funder(logo=False)
    assert "needs its emblem" in " ".join(errors_of(donor)["logo"])
