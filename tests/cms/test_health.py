"""/healthz answers 200 when the database and the cache answer, 503 naming what failed."""

import socket

import pytest
from django.db import connection
from django.test import override_settings

from campaigns.reporting import counting

REDIS = ("127.0.0.1", 6379)
UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "cms.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
}


def redis_reachable() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


@pytest.mark.django_db
def test_healthy_answers_200_with_what_it_checked(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers  # no session, no CSRF cookie


@pytest.mark.django_db
def test_no_language_prefix_and_no_redirect(client):
    response = client.get("/healthz", headers={"accept-language": "fr"})
    assert response.status_code == 200  # not a redirect to /fr/...


@pytest.mark.django_db
def test_only_reads(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@override_settings(CACHES=UNREACHABLE_REDIS)
def test_unreachable_cache_answers_503_naming_it(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "ok", "cache": "fail"}
    assert "no-store" in response["Cache-Control"]


@needs_redis
@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "cms.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        }
    }
)
def test_real_redis_answers_200(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_closed_database_answers_503_naming_it(client):
    """A database that refuses connections: the same connection settings, a wrong database."""
    original = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-directory/healthz.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"
    connection.close()
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "fail", "cache": "ok"}


@pytest.mark.django_db
def test_not_counted_as_a_page_view(client):
    counting.discard()
    client.get("/healthz", headers={"user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140"})
    assert counting.counter.take() == {}
