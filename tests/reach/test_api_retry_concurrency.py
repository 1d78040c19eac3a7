"""Identical posts racing on real connections answer the same report (issue 10, item 13).

The race of test_api_retry.py, played by four threads on PostgreSQL. Each thread has its own
connection and must see the world committed, so this module builds its own (``fresh_world``,
under ``transactional_db``) instead of sharing the module world of the other reach tests, which
lives in a transaction that is rolled back."""

import json
import threading

import pytest
from django.db import connection

from campaigns.models import ReachReport
from tests.reach.api_support import (  # noqa: F401
    REPORTS,
    _no_throttle_history,
    client_for,
    payload,
)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_identical_posts_at_the_same_moment_all_answer_the_same_report(fresh_world):
    """Real concurrency on PostgreSQL: four identical posts released together."""
    body = json.dumps(payload(fresh_world))
    clients = [client_for(fresh_world.sn_reporter) for _ in range(4)]
    barrier = threading.Barrier(len(clients))
    answers = []

    def post(client):
        try:
            barrier.wait(timeout=20)
            response = client.post(REPORTS, body, content_type="application/json")
            answers.append((response.status_code, response.json().get("id")))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    report = ReachReport.objects.get()
    assert sorted(code for code, _id in answers) == [200, 200, 200, 201], answers
    assert {pk for _code, pk in answers} == {report.pk}
