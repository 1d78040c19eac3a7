"""Two finance officers allocate the same agreement at the same moment: together they cannot
exceed it. Each save locks the agreement's row (SELECT ... FOR UPDATE) and sums again; the
second waits for the first to commit, then sees its allocation and is refused."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from campaigns.models import Allocation
from tests.factories import agreement, campaign_page

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_allocations_cannot_together_exceed_the_agreement():
    deal = agreement(amount="100000")
    campaigns = [campaign_page(slug=f"c{n}", title=f"Campaign {n}") for n in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def allocate(campaign):
        try:
            share = Allocation(
                agreement_id=deal.pk,
                campaign=campaign,
                amount=Decimal("60000"),
                start_date=deal.start_date,
                end_date=deal.end_date,
            )
            share.full_clean()  # both pass: neither sees the other yet
            barrier.wait(timeout=10)
            with transaction.atomic():
                share.save()
            outcomes.append("saved")
        except ValidationError as error:
            outcomes.append(" ".join(error.message_dict["amount"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(page,)) for page in campaigns]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[-1] == "saved"
    assert "at most €40,000.00 is left" in sorted(outcomes)[0]
    assert Allocation.objects.filter(agreement=deal).count() == 1
