"""cms/cache.py: Django's Redis cache with one client per connection pool, on a real Redis."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCacheClient as DjangoClient

from cms.cache import RedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def cache():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"REQUIRE_REDIS=1 but no Redis answers at {REDIS_URL}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test-redis-cache-{uuid.uuid4().hex[:12]}"
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix, "OPTIONS": {"socket_timeout": 1}})
    yield backend
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def in_forked_child(check) -> tuple[bool, int]:
    """(what ``check()`` answered in a forked child, the child's pid)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.write(write, b"ok" if check() else b"no")
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 2)
    os.waitpid(pid, 0)
    return answer == b"ok", pid


def test_one_client_is_reused_for_reads_and_writes(cache):
    client = cache._cache.get_client()
    assert client is cache._cache.get_client(write=True)
    assert client is cache._cache.get_client("any-key")
    # Django's own client builds a new redis.Redis on every call: the cost this module removes.
    django_client = DjangoClient([REDIS_URL])
    assert django_client.get_client() is not django_client.get_client()


def test_behaves_as_djangos_redis_cache(cache):
    cache.set("a", {"x": 1}, 30)
    cache.set("n", 5, 30)
    assert cache.get("a") == {"x": 1}
    assert cache.get_many(["a", "n", "missing"]) == {"a": {"x": 1}, "n": 5}
    assert cache.incr("n") == 6
    assert cache.add("a", "other", 30) is False
    cache.delete("a")
    assert cache.get("a") is None
    with pytest.raises(ValueError):
        cache.incr("missing")


def test_a_forked_process_gets_its_own_connections(cache):
    cache.set("before-fork", "parent", 30)
    parent_pool = cache._cache.get_client().connection_pool

    def child():  # gunicorn's worker after the master preloaded the app
        value = cache.get("before-fork")
        cache.set("from-child", os.getpid(), 30)
        pool = cache._cache.get_client().connection_pool
        return value == "parent" and pool.pid == os.getpid()

    ok, pid = in_forked_child(child)
    assert ok
    assert cache.get("from-child") == pid
    assert parent_pool.pid == os.getpid()  # the parent's pool is still the parent's


# --- get_many_kept: the page cache's read on a connection kept per thread -----------------------


def test_get_many_kept_reads_as_get_many(cache):
    cache.set("a", {"x": 1}, 30)
    cache.set("n", 5, 30)
    keys = ["a", "n", "missing"]
    assert cache.get_many_kept(keys) == cache.get_many(keys) == {"a": {"x": 1}, "n": 5}
    assert cache.get_many_kept(["missing"]) == {}


def test_get_many_kept_keeps_one_connection_out_of_the_pool(cache):
    cache.get_many_kept(["a"])
    kept = cache._cache._kept.connection
    cache.get_many_kept(["a"])
    assert cache._cache._kept.connection is kept
    pool = cache._cache.get_client().connection_pool
    assert kept not in pool._available_connections  # never handed to another caller


def test_a_connection_the_server_closed_is_dropped_then_opened_again(cache):
    cache.get_many_kept(["a"])
    kept = cache._cache._kept.connection
    client = cache._cache.get_client()
    kept.send_command("CLIENT", "ID")
    client.client_kill_filter(_id=kept.read_response())
    import redis

    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get_many_kept(["a"])
    cache.set("a", 1, 30)
    assert cache.get_many_kept(["a"]) == {"a": 1}  # a new connection
    assert cache._cache._kept.connection is not kept


def test_each_thread_and_forked_process_has_its_own_kept_connection(cache):
    import threading

    cache.set("a", "parent", 30)
    cache.get_many_kept(["a"])
    mine = cache._cache._kept.connection
    seen = []
    thread = threading.Thread(
        target=lambda: seen.append((cache.get_many_kept(["a"]), cache._cache._kept.connection))
    )
    thread.start()
    thread.join()
    assert seen[0][0] == {"a": "parent"} and seen[0][1] is not mine

    def child():  # a gunicorn worker forked after the master had used the connection
        found = cache.get_many_kept(["a"])
        return found == {"a": "parent"} and cache._cache._kept.connection is not mine

    assert in_forked_child(child)[0]
    assert cache.get_many_kept(["a"]) == {"a": "parent"}  # the parent's still works
