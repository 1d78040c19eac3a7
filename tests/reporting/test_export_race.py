"""Two export POSTs of one user at the same moment: the cap (``MAX_PENDING``) and the reuse of
an export still pending hold (views/exports.py, ``one_at_a_time``).

Played on real connections (``transactional_db``): the first POST runs in a transaction the
test keeps open, as if that request were paused between queueing and committing, while the
second arrives on its own thread and connection. The second must wait, then find the first's
export. PostgreSQL shows the second waiting on a lock this test's connection holds (pg_locks),
so there the test waits for exactly that; SQLite takes its write lock when a transaction begins
(IMMEDIATE mode) and shows no waiting connection, so there the second POST is given a second
to come to that point (alive after it: held, or slow; either way the fixed view waits)."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django_tasks_db.models import DBTaskResult

from campaigns.access.roles import ME_OFFICERS, setup_roles
from campaigns.reporting.views.exports import MAX_PENDING
from tests.factories import role_user
from tests.reporting.test_export_tasks import CSV, ask

pytestmark = pytest.mark.django_db(transaction=True)
GROUPINGS = ["country", "campaign", "organisation", "month", "channel"]


@pytest.fixture
def user(transactional_db, database_queue):
    """An officer who may export everything (the roles made again: a flush took them)."""
    setup_roles()
    return role_user(ME_OFFICERS, "double-clicker")


def asked(by: str) -> dict:
    return {"month_from": "", "by": by}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def second_post_waits(thread: threading.Thread) -> bool:
    """Whether the second POST is held (it must be, until the first's transaction ends)."""
    if connection.vendor != "postgresql":
        thread.join(1.0)
        return thread.is_alive()
    deadline = time.monotonic() + 60
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(  # a lock someone waits for because this connection holds it
                "SELECT COUNT(*) FROM pg_locks WHERE NOT granted "
                "AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


def race(user, first_by: str, second_by: str):
    """The second POST (`second_by`) sent while the first's (`first_by`) transaction is open:
    both responses."""
    answers = []
    first_client, second_client = signed_in(user), signed_in(user)  # sessions written first

    def second():
        try:
            answers.append(ask(second_client, CSV, asked(second_by)))
        finally:
            connection.close()

    thread = threading.Thread(target=second)
    with transaction.atomic():
        first = ask(first_client, CSV, asked(first_by))
        thread.start()
        waited = second_post_waits(thread)
    thread.join(60)
    assert waited, "the second POST did not wait for the first's transaction"
    assert answers, "the second POST did not answer"
    return first, answers[0]


def test_a_post_at_the_same_moment_cannot_pass_the_cap(user):
    client = signed_in(user)
    for by in GROUPINGS[: MAX_PENDING - 1]:
        assert ask(client, CSV, asked(by)).url.startswith("/admin/reporting/exports/")
    first, second = race(user, GROUPINGS[MAX_PENDING - 1], GROUPINGS[MAX_PENDING])
    assert first.url.startswith("/admin/reporting/exports/")
    assert DBTaskResult.objects.count() == MAX_PENDING
    assert second.status_code == 302 and "/exports/" not in second.url  # back, told to wait


def test_the_same_export_at_the_same_moment_is_queued_once(user):
    first, second = race(user, "country", "country")
    assert DBTaskResult.objects.count() == 1
    assert second.url == first.url
