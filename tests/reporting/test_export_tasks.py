"""Long exports as background tasks (issue 16): the dashboard's table and the IATI file are
queued, their page waits, then offers the file from private storage, to the user who asked only;
old files are swept. With the tests' immediate backend the file comes in the same response."""

import datetime
import io
import uuid
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns.access.roles import ME_OFFICERS
from campaigns.reach.models import ReachImport
from campaigns.reporting import export_tasks
from tests.conftest import run_queued
from tests.factories import role_user

pytestmark = pytest.mark.django_db

CSV = reverse("reporting:dashboard_export", args=["csv"])
EVERY_MONTH = {"month_from": "", "by": "country"}


def ask(client, url, params=None, **extra):
    """Press an export's button: a POST to its address with the view's filters in the query
    string, as the screens' forms send it (the test client skips the CSRF check; a test below
    does not)."""
    query = urlencode(params or {}, doseq=True)
    return client.post(f"{url}{'&' if '?' in url else '?'}{query}" if query else url, **extra)


def queue_csv(client, user):
    client.force_login(user)
    response = ask(client, CSV, EVERY_MONTH)
    assert response.status_code == 302
    return response.url


def test_the_dashboard_export_waits_then_offers_its_file(client, world, database_queue):
    page = queue_csv(client, world.me_officer)
    queued = DBTaskResult.objects.get()
    assert page == reverse("reporting:export", args=[str(queued.id)])
    waiting = client.get(page).text
    assert 'http-equiv="refresh"' in waiting and 'data-export-status="pending"' in waiting

    run_queued()
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    name = queued.return_value["file"]
    assert name == f"exports/{queued.id}.csv" and storages["private"].exists(name)
    ready = client.get(page).text
    assert 'http-equiv="refresh"' not in ready and 'data-export-status="ready"' in ready
    file_url = reverse("reporting:export_file", args=[str(queued.id)])
    assert file_url in ready
    response = client.get(file_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert b"Country code" in b"".join(response.streaming_content)


def test_only_the_user_who_asked_gets_the_export(client, world, database_queue):
    page = queue_csv(client, world.me_officer)
    run_queued()
    result_id = str(DBTaskResult.objects.get().id)
    urls = [page, reverse("reporting:export_file", args=[result_id])]
    # Another M&E officer (the same right), a reporter of another country, an editor.
    another_officer = role_user(ME_OFFICERS, "another-officer")
    for someone in (another_officer, world.gn_reporter, world.sn_reporter, world.editor):
        client.force_login(someone)
        assert [client.get(url).status_code for url in urls] == [404, 404], someone
    client.logout()
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("wagtailadmin_login"))
    # Guessed ids, malformed ones and the id of another task: as if there were none.
    client.force_login(world.me_officer)
    for guess in (str(uuid.uuid4()), "not-an-id", "x" * 300, "..%2F..%2Fetc"):
        assert client.get(reverse("reporting:export", args=[guess])).status_code == 404
    import_task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"user_id": world.me_officer.pk, "kind": "dashboard"}},
        task_path="campaigns.reach.spreadsheet.background.run_import",
        backend_name="background",
        run_after=timezone.now(),
    )
    assert client.get(reverse("reporting:export", args=[str(import_task.id)])).status_code == 404


def test_a_user_who_lost_the_right_is_refused(client, world, database_queue):
    page = queue_csv(client, world.me_officer)
    run_queued()
    world.me_officer.groups.remove(Group.objects.get(name=ME_OFFICERS))
    assert client.get(page).status_code in (302, 403)  # the admin's refusal


def test_a_right_lost_before_the_worker_runs_makes_no_file(client, world, database_queue):
    page = queue_csv(client, world.me_officer)
    world.me_officer.groups.remove(Group.objects.get(name=ME_OFFICERS))
    run_queued()
    assert DBTaskResult.objects.get().return_value == {"error": "refused"}
    assert not storages["private"].exists(f"exports/{DBTaskResult.objects.get().id}.csv")
    assert page  # the page itself is refused to them now (test above)


def test_the_iati_file_is_queued_and_a_refusal_is_shown(client, world, database_queue):
    client.force_login(world.me_officer)
    response = ask(client, reverse("reporting:iati"))
    assert response.status_code == 302
    with override_settings(IATI_SCHEMA_DIR="/nonexistent"):  # no unchecked XML handed out
        run_queued()
    page = client.get(response.url).text
    assert 'data-export-status="failed"' in page and "IATI_SCHEMA_DIR" in page


def test_the_iati_file_is_offered_when_the_worker_made_it(client, world, database_queue):
    client.force_login(world.me_officer)
    page = ask(client, reverse("reporting:iati")).url
    run_queued()
    queued = DBTaskResult.objects.get()
    assert queued.return_value["file"].endswith(".xml"), queued.traceback or queued.return_value
    response = client.get(reverse("reporting:export_file", args=[str(queued.id)]))
    assert b"<iati-activities" in b"".join(response.streaming_content)
    assert 'data-export-status="ready"' in client.get(page).text


def test_without_stored_results_the_file_comes_at_once_and_is_not_kept(client, world):
    """The tests' settings: an immediate backend, as a site without a worker would have."""
    storage = storages["private"]
    before = storage.listdir("exports")[1] if storage.exists("exports") else []
    client.force_login(world.me_officer)
    response = ask(client, CSV, EVERY_MONTH)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert b"Country code" in response.content
    assert (storage.listdir("exports")[1] if storage.exists("exports") else []) == before


def test_old_files_are_swept_by_the_command_and_new_ones_kept(settings):
    storage = storages["private"]
    old = storage.save("exports/old.csv", ContentFile(b"x"))
    new = storage.save("exports/new.csv", ContentFile(b"y"))
    later = timezone.now() + datetime.timedelta(hours=export_tasks.keep_hours() + 1)
    assert export_tasks.sweep(now=later) >= 2  # and any an earlier test left
    assert not storage.exists(old) and not storage.exists(new)

    old = storage.save("exports/old.csv", ContentFile(b"x"))
    settings.EXPORT_KEEP_HOURS = 0
    out = io.StringIO()
    call_command("prune_exports", stdout=out)
    assert not storage.exists(old) and "export file(s) deleted" in out.getvalue()
    settings.EXPORT_KEEP_HOURS = 24
    new = storage.save("exports/new.csv", ContentFile(b"y"))
    call_command("prune_exports", stdout=io.StringIO())
    assert storage.exists(new)
    storage.delete(new)
    assert ReachImport.objects.count() == 0  # nothing else touched
