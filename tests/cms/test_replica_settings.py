"""cms.settings.production with and without DATABASE_REPLICA_URL (loaded in a subprocess as a
deployment loads it): the replica's alias and the router's switch, or nothing at all. Which
queries go there: tests/cms/test_db_router.py."""

from tests.cms.test_production_settings import run, values

REPLICA = "postgres://reader@replica.internal:5432/campaigns"


def test_without_a_replica_url_there_is_one_database_and_the_router_is_off():
    found = values(["DATABASES", "DATABASE_READ_REPLICA", "DATABASE_ROUTERS"])
    assert list(found["DATABASES"]) == ["default"]
    assert found["DATABASE_READ_REPLICA"] is None
    assert found["DATABASE_ROUTERS"] == ["cms.db_routers.ReplicaRouter"]  # answers None


def test_a_replica_url_adds_the_replica_and_turns_the_router_on():
    found = values(["DATABASES", "DATABASE_READ_REPLICA"], DATABASE_REPLICA_URL=REPLICA)
    replica = found["DATABASES"]["replica"]
    assert found["DATABASE_READ_REPLICA"] == "replica"
    assert replica["ENGINE"] == "django.db.backends.postgresql"
    assert (replica["HOST"], replica["USER"], replica["NAME"]) == (
        "replica.internal", "reader", "campaigns"
    )  # fmt: skip
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert found["DATABASES"]["default"]["HOST"] == "127.0.0.1"
    code = (
        "from django.db import router\n"
        "from campaigns.models import ReachReport\n"
        "from cms.db_routers import reading_from_replica\n"
        "with reading_from_replica():\n"
        "    print(router.db_for_read(ReachReport), router.db_for_write(ReachReport))\n"
        "print(router.db_for_read(ReachReport))\n"
    )
    result = run(code, DATABASE_REPLICA_URL=REPLICA)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["replica", "default", "default"]
