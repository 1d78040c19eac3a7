"""The read replica (cms/db_routers.py): which queries go to it and which never do.

How the replica is tested: cms/settings/test.py declares a "replica" alias as a test mirror of
"default" (Django's ``TEST["MIRROR"]``: the same test database through a second connection),
and leaves the router off (``DATABASE_READ_REPLICA = None``), so no other test sends a query
there. These tests turn it on with ``override_settings(DATABASE_READ_REPLICA="replica")`` and
allow both aliases (``django_db(databases=...)``). They commit (``transaction=True``, the
``fresh_world`` fixture): a second connection sees only committed rows, as a real replica does,
so the module world (one rolled-back transaction) cannot be used here.

Each test captures both connections' queries and looks at the tables they name.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.http import QueryDict
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.access.roles import FINANCE, TRANSLATORS
from campaigns.models import ReachReport
from campaigns.reach.models import ReportingOrganisation
from campaigns.reporting import export_tasks, summary
from campaigns.reporting.models import OpenDataFigure, OpenDataState, ReachSummary, SummaryState
from cms.db_routers import ReplicaRouter, reading_from_default, reading_from_replica
from tests.factories import reach_report, role_user
from tests.reach.conftest import fresh_world  # noqa: F401

BOTH = ["default", "replica"]
pytestmark = pytest.mark.django_db(transaction=True, databases=BOTH)
REPLICA_ON = override_settings(DATABASE_READ_REPLICA="replica")
JAN = datetime.date(2026, 1, 1)
REPORTS = ReachReport._meta.db_table
SESSIONS = "django_session"
AUTH = ("auth_user", "auth_group", "auth_permission")
WRITES = ("INSERT", "UPDATE", "DELETE")


class Captured:
    """Both connections' queries during a block."""

    def __enter__(self):
        self.default = CaptureQueriesContext(connections["default"])
        self.replica = CaptureQueriesContext(connections["replica"])
        self.default.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.default.__exit__(*exc)

    @staticmethod
    def naming(queries, *tables) -> list[str]:
        return [q["sql"] for q in queries if any(f'"{t}"' in q["sql"] for t in tables)]

    @staticmethod
    def selecting(queries, table) -> list[str]:
        return [
            q["sql"]
            for q in queries
            if q["sql"].lstrip().upper().startswith("SELECT") and f'"{table}"' in q["sql"]
        ]

    @staticmethod
    def writes(queries) -> list[str]:
        return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]


@pytest.fixture
def figures(fresh_world):  # noqa: F811
    w = fresh_world
    reach_report(
        w.sn_campaign, w.iom_senegal, w.dakar, w.radio, JAN, {w.people: 1234},
        status="validated",
    )  # fmt: skip
    reach_report(
        w.gn_campaign, w.radio_guinea, w.conakry, w.radio, JAN, {w.people: 77},
        status="locked",
    )  # fmt: skip
    summary.rebuild()
    return w


DASHBOARD_QUERY = {"month_from": "2026-01", "month_to": "2026-01", "by": "country"}


# --- The router itself -------------------------------------------------------------------------


def test_without_a_replica_the_router_decides_nothing_and_the_context_changes_nothing(figures):
    router_ = ReplicaRouter()
    with reading_from_replica():
        assert router_.db_for_read(ReachReport) is None
        assert router_.db_for_write(ReachReport) is None
        assert router_.allow_migrate("default", "campaigns") is None
        assert router_.allow_migrate("replica", "campaigns") is False  # a test mirror
        with Captured() as captured:
            assert ReachReport.objects.count() == 2
    assert captured.replica.captured_queries == []
    assert len(captured.default.captured_queries) == 1


@REPLICA_ON
def test_reads_go_to_the_replica_only_inside_the_block(figures):
    assert router.db_for_read(ReachReport) == DEFAULT_DB_ALIAS
    with reading_from_replica():
        assert router.db_for_read(ReachReport) == "replica"
        assert router.db_for_write(ReachReport) == DEFAULT_DB_ALIAS
        with reading_from_default():  # a read that must be fresh, inside a block
            assert router.db_for_read(ReachReport) == DEFAULT_DB_ALIAS
        assert router.db_for_read(ReachReport) == "replica"
        with Captured() as captured:
            assert ReachReport.objects.count() == 2
    assert router.db_for_read(ReachReport) == DEFAULT_DB_ALIAS
    assert len(captured.replica.captured_queries) == 1
    assert captured.default.captured_queries == []
    with reading_from_replica(enabled=False):
        assert router.db_for_read(ReachReport) == DEFAULT_DB_ALIAS


@REPLICA_ON
def test_users_permissions_and_sessions_are_never_read_from_the_replica(figures):
    user_model = get_user_model()
    with reading_from_replica():
        for model in (user_model, user_model.groups.through, *_auth_and_sessions()):
            assert router.db_for_read(model) == DEFAULT_DB_ALIAS, model
        with Captured() as captured:
            user = user_model.objects.get(username="me-officer")
            assert user.has_perm("campaigns.view_reachreport")
    assert captured.replica.captured_queries == []
    assert captured.default.captured_queries


def _auth_and_sessions():
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session

    return Group, Permission, ContentType, Session


@REPLICA_ON
def test_writes_and_reads_inside_a_transaction_go_to_default(figures):
    w = figures
    with reading_from_replica():
        with Captured() as saving:
            report = ReachReport.objects.get(campaign=w.gn_campaign)
            assert report._state.db == "replica"
            report.notes = "seen on the replica, saved on the primary"
            report.save()
        with Captured() as in_transaction, transaction.atomic():
            assert router.db_for_read(ReachReport) == DEFAULT_DB_ALIAS
            assert ReachReport.objects.filter(notes__startswith="seen on").exists()
            ReachReport.objects.select_for_update().filter(pk=report.pk).exists()
    assert Captured.writes(saving.replica.captured_queries) == []
    assert len(Captured.writes(saving.default.captured_queries)) == 1
    assert in_transaction.replica.captured_queries == []
    assert len(Captured.naming(in_transaction.default.captured_queries, REPORTS)) == 2
    report.refresh_from_db()
    assert report._state.db == DEFAULT_DB_ALIAS
    assert report.notes.startswith("seen on the replica")


def test_the_replica_is_never_migrated():
    with override_settings(DATABASE_READ_REPLICA="replica"):
        assert ReplicaRouter().allow_migrate("replica", "campaigns") is False
        assert ReplicaRouter().allow_migrate("default", "campaigns") is None


# --- The dashboard -----------------------------------------------------------------------------


@REPLICA_ON
@pytest.mark.parametrize("role", ["me_officer", "finance"])
def test_the_dashboard_reads_its_figures_from_the_replica_and_the_rest_from_default(
    figures, client, role
):
    user = figures.me_officer if role == "me_officer" else role_user(FINANCE, "finance")
    client.force_login(user)
    with Captured() as captured:
        response = client.get(reverse("reporting:dashboard"), DASHBOARD_QUERY)
    assert response.status_code == 200
    assert "1,234" in response.content.decode()
    assert "77" in response.content.decode()
    on_replica = captured.replica.captured_queries
    on_default = captured.default.captured_queries
    # The figures: the reports, the summary, read from the replica, and only there.
    assert Captured.naming(on_replica, REPORTS, ReachSummary._meta.db_table)
    assert not Captured.naming(on_default, ReachSummary._meta.db_table)
    # The session, the user and their permissions: from default, never the replica.
    assert Captured.naming(on_default, SESSIONS)
    assert Captured.naming(on_default, *AUTH)
    assert not Captured.naming(on_replica, SESSIONS, *AUTH)
    assert Captured.writes(on_replica) == []


@REPLICA_ON
def test_a_reporters_dashboard_stays_on_default(figures, client):
    """A reporter's figures depend on their organisations: never from a lagging copy."""
    client.force_login(figures.sn_reporter)
    with Captured() as captured:
        response = client.get(reverse("reporting:dashboard"), DASHBOARD_QUERY)
    assert response.status_code == 200
    assert "1,234" in response.content.decode()
    assert captured.replica.captured_queries == []
    assert Captured.naming(captured.default.captured_queries, REPORTS)


@REPLICA_ON
def test_a_refused_user_sends_nothing_to_the_replica(figures, client):
    client.force_login(role_user(TRANSLATORS, "translator"))
    with Captured() as captured:
        response = client.get(reverse("reporting:dashboard"), DASHBOARD_QUERY)
    assert (response.status_code, response["Location"]) == (302, "/admin/")  # Wagtail's refusal
    assert captured.replica.captured_queries == []


def test_without_a_replica_the_dashboard_reads_everything_from_default(figures, client):
    client.force_login(figures.me_officer)
    with Captured() as captured:
        response = client.get(reverse("reporting:dashboard"), DASHBOARD_QUERY)
    assert response.status_code == 200
    assert captured.replica.captured_queries == []
    assert Captured.naming(captured.default.captured_queries, REPORTS)


# --- A summary behind the reports: caught up on default, not used on the replica ---------------


@REPLICA_ON
def test_a_summary_out_of_step_is_caught_up_on_default_and_not_read_from_the_replica(figures):
    w = figures
    reach_report(  # written without the lifecycle: the summary does not hold it yet
        w.sn_campaign, w.iom_senegal, w.thies, w.radio, JAN, {w.people: 1}, status="validated"
    )
    assert not summary.check().same
    with reading_from_replica(), Captured() as captured:
        assert summary.in_step() is False  # this time, figures from the values
    newest = ReachReport.objects.order_by("-pk").first()
    assert SummaryState.objects.get().last == newest.pk  # the primary caught up
    assert Captured.writes(captured.replica.captured_queries) == []
    assert Captured.writes(captured.default.captured_queries)
    locked = [
        q for q in Captured.naming(captured.default.captured_queries, "campaigns_summarystate")
    ]
    assert locked  # the state row, read (and locked on PostgreSQL) in the primary's transaction
    if connections["default"].vendor == "postgresql":
        # (On SQLite check() reads MAX(updated_at) back as text and the state's as a datetime,
        # so it never finds them the same after a catch-up: as before this change.)
        with reading_from_replica():
            assert summary.in_step() is True  # once the replica has it (a mirror: at once)


# --- Open data -----------------------------------------------------------------------------------


@REPLICA_ON
def test_open_data_reads_its_table_from_the_replica_and_keeps_it_current_on_default(
    figures, client
):
    with Captured() as captured:
        response = client.get(reverse("open_data"), {"year": "2026"})
    assert response.status_code == 200
    on_replica = captured.replica.captured_queries
    on_default = captured.default.captured_queries
    figure_table, state_table = OpenDataFigure._meta.db_table, OpenDataState._meta.db_table
    assert Captured.naming(on_replica, figure_table)  # the rows shown
    assert not Captured.selecting(on_default, figure_table)
    assert Captured.naming(on_default, state_table)  # is it current? asked of the primary
    assert not Captured.naming(on_replica, state_table)
    assert Captured.writes(on_replica) == []
    assert Captured.writes(on_default)  # built on the primary (its first view)

    with Captured() as file_captured:
        response = client.get(reverse("open_data_download", args=["csv"]), {"year": "2026"})
    assert response.status_code == 200
    assert "1234" in response.content.decode()
    assert Captured.naming(file_captured.replica.captured_queries, figure_table)
    assert Captured.writes(file_captured.default.captured_queries) == []  # current already


# --- Exports (the task's code path) ------------------------------------------------------------


@REPLICA_ON
def test_the_dashboard_export_reads_rows_from_the_replica_and_its_scope_from_default(figures):
    user = figures.me_officer
    with Captured() as captured:
        content, outcome = export_tasks.dashboard_file(
            user, "csv", QueryDict("month_from=2026-01&month_to=2026-01&by=country")
        )
        scope = export_tasks.scope_of("dashboard", user)
    assert "1234" in content.decode() if isinstance(content, bytes) else "1234" in content
    assert scope["everything"] is True
    assert Captured.naming(captured.replica.captured_queries, REPORTS)
    assert not Captured.naming(captured.replica.captured_queries, *AUTH)
    organisations = ReportingOrganisation.countries.through._meta.db_table
    assert Captured.naming(captured.default.captured_queries, organisations)  # the scope
    assert not Captured.naming(captured.replica.captured_queries, organisations)


@REPLICA_ON
def test_a_reporters_export_reads_nothing_from_the_replica(figures):
    with Captured() as captured:
        content, outcome = export_tasks.dashboard_file(
            figures.sn_reporter, "csv", QueryDict("month_from=2026-01&by=country")
        )
    assert content
    assert captured.replica.captured_queries == []
