"""Limits of the background exports (issue 16's attack tests): an export pending already is not
queued again, a user has at most MAX_PENDING exports pending, and a file is handed out only
while its user's scope is still the one it was built with."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.storage import storages
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from campaigns.access.roles import FINANCE, ME_OFFICERS, REPORTERS
from campaigns.reporting.views.exports import MAX_PENDING
from tests.factories import role_user
from tests.reporting.test_export_tasks import (
    CSV,
    EVERY_MONTH,
    ask,
    run_queued,
)

pytestmark = pytest.mark.django_db


def xlsx():
    return reverse("reporting:dashboard_export", args=["xlsx"])


def test_the_same_pending_export_is_reused(client, world, database_queue):
    client.force_login(world.me_officer)
    first = ask(client, CSV, EVERY_MONTH).url
    assert ask(client, CSV, EVERY_MONTH).url == first
    assert DBTaskResult.objects.count() == 1
    # Another format or other filters are another export.
    assert ask(client, xlsx(), EVERY_MONTH).url != first
    assert ask(client, CSV, {**EVERY_MONTH, "by": "campaign"}).url != first
    assert DBTaskResult.objects.count() == 3
    # Once it has run, asking again makes a new file (the figures may have changed).
    run_queued()
    assert ask(client, CSV, EVERY_MONTH).url != first
    assert DBTaskResult.objects.count() == 4


def test_a_user_has_at_most_a_few_exports_pending(client, world, database_queue):
    client.force_login(world.me_officer)
    groupings = ["country", "campaign", "organisation", "month"]
    for by in groupings[:MAX_PENDING]:
        assert ask(client, CSV, {**EVERY_MONTH, "by": by}).url.startswith("/admin/reporting/exp")
    refused = ask(client, CSV, {**EVERY_MONTH, "by": groupings[MAX_PENDING]}, follow=True)
    assert DBTaskResult.objects.count() == MAX_PENDING
    assert refused.redirect_chain[0][0].startswith(reverse("reporting:dashboard"))
    assert f"already have {MAX_PENDING} exports waiting" in refused.text
    # Another user's queue is their own.
    client.force_login(role_user(ME_OFFICERS, "another-officer"))
    assert ask(client, CSV, EVERY_MONTH).status_code == 302
    assert DBTaskResult.objects.count() == MAX_PENDING + 1
    # Once the worker has run them, the first user may ask again.
    run_queued()
    client.force_login(world.me_officer)
    ask(client, CSV, {**EVERY_MONTH, "by": groupings[MAX_PENDING]})
    assert DBTaskResult.objects.count() == MAX_PENDING + 2


def built_for(client, user):
    client.force_login(user)
    page = ask(client, CSV, EVERY_MONTH).url
    run_queued()
    queued = DBTaskResult.objects.get()
    file_url = reverse("reporting:export_file", args=[str(queued.id)])
    assert client.get(file_url).status_code == 200
    return page, file_url, queued.return_value["file"]


def test_a_reporter_and_finance_officer_who_loses_the_reporter_role_gets_no_file(
    client, world, database_queue
):
    """The file held their organisations' unvalidated figures; as a finance officer alone they
    read the published figures only."""
    user = role_user(REPORTERS, "reporter-and-finance")
    user.groups.add(Group.objects.get(name=FINANCE))
    world.iom_senegal.members.add(user)
    page, file_url, name = built_for(client, user)
    user.groups.remove(Group.objects.get(name=REPORTERS))
    assert client.get(page).status_code == 200  # still a dashboard reader (finance)
    assert client.get(file_url).status_code == 404
    assert not storages["private"].exists(name)  # deleted, not just hidden
    assert 'data-export-status="changed"' in client.get(page).text


def test_a_country_taken_from_the_organisation_makes_the_file_stale(client, world, database_queue):
    page, file_url, name = built_for(client, world.sn_reporter)
    assert 'data-export-status="ready"' in client.get(page).text
    world.iom_senegal.countries.remove(world.senegal)
    assert client.get(file_url).status_code == 404
    assert 'data-export-status="changed"' in client.get(page).text
    assert not storages["private"].exists(name)


def test_an_unchanged_scope_keeps_the_file(client, world, database_queue):
    page, file_url, name = built_for(client, world.sn_reporter)
    world.radio_guinea.members.add(role_user(REPORTERS, "a-colleague"))  # not them
    assert client.get(file_url).status_code == 200
    assert 'data-export-status="ready"' in client.get(page).text
    storages["private"].delete(name)
