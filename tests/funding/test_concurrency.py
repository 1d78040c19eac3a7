"""Two finance officers allocate the same agreement at the same moment, or one lowers its
amount while the other allocates it: together they cannot exceed it. Each save locks the
agreement's row (SELECT ... FOR UPDATE) and sums again; the second waits for the first to commit,
then sees its change and is refused."""

import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from campaigns.models import Allocation, FundingAgreement
from tests.factories import agreement, campaign_page

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def wait_until_blocked(waiter_pid, timeout=10.0):
    """Return once the connection ``waiter_pid`` waits for a lock this connection holds (or after
    ``timeout``, when it never does: the test's assertions then say what went wrong).
    PostgreSQL has no notification for "another session started waiting on my lock", so this
    asks pg_blocking_pids(), which reads the lock table live, every 10 ms."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_backend_pid() = ANY(pg_blocking_pids(%s))", [waiter_pid])
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False


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


@pytest.mark.parametrize("first", ["allocation", "agreement"])
def test_an_agreement_lowered_while_an_allocation_is_saved_is_never_over_allocated(first):
    """The probe of issue 10 (240,000 agreed, 450,000 allocated), on two connections. Both
    forms' checks pass; then ``first`` saves and holds its transaction open while the other
    saves: the other waits for the agreement's row lock, then sees the change and is refused."""
    deal = agreement(amount="500000")
    page = campaign_page()
    checked, holding = threading.Barrier(2), threading.Event()
    outcomes, pids = {}, {}

    def lowered():
        edited = FundingAgreement.objects.get(pk=deal.pk)
        edited.amount = Decimal("240000")
        return edited

    def share():
        return Allocation(
            agreement_id=deal.pk,
            campaign=page,
            amount=Decimal("450000"),
            start_date=deal.start_date,
            end_date=deal.end_date,
        )

    def run(name, prepare):
        try:
            pids[name] = backend_pid()
            obj = prepare()
            obj.full_clean()  # both pass: neither sees the other yet
            checked.wait(timeout=10)
            if name == first:
                with transaction.atomic():
                    obj.save()
                    holding.set()
                    other = next(key for key in pids if key != name)
                    wait_until_blocked(pids[other])  # the other save waits on the agreement's row
            else:
                holding.wait(timeout=10)
                with transaction.atomic():
                    obj.save()
            outcomes[name] = "saved"
        except ValidationError as error:
            outcomes[name] = " ".join(error.message_dict["amount"])
        finally:
            holding.set()
            connection.close()

    threads = [
        threading.Thread(target=run, args=("agreement", lowered)),
        threading.Thread(target=run, args=("allocation", share)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes[first] == "saved"
    deal.refresh_from_db()
    allocations = Allocation.objects.filter(agreement=deal)
    if first == "allocation":
        assert "€450,000.00 is already allocated" in outcomes["agreement"]
        assert deal.amount == Decimal("500000.00") and allocations.count() == 1
    else:
        assert "at most €240,000.00 is left" in outcomes["allocation"]
        assert deal.amount == Decimal("240000.00") and not allocations.exists()
