"""Django's Redis cache backend with one Redis client per process instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the shared
connection pool on every cache call, and redis-py's constructor fills a table of about 165
response callbacks each time: on a page cache hit (one ``get_many``) that was the largest single
cost of the request, more than the round trip to Redis (README, "Page cache"). A ``redis.Redis``
is thread-safe and holds nothing but its pool and options, and the pool resets itself in a forked
process (redis-py checks the pid), so one client per pool is enough. Everything else (keys,
serialisation, timeouts, several servers) is Django's.

``get_many_kept``: the page cache's one read per hit (campaigns/site/page_cache.py ``look_up``)
as an MGET on a connection each thread keeps for itself, out of the pool: redis-py's client
call (pool checkout and release, retries, its observability hooks) cost about as much CPU as
the round trip itself, about 25 of a hit's 100-180 µs in-process (README, "Page cache"). The
connection is redis-py's own (so AUTH, SELECT, TLS and timeouts are the pool's options); one
that fails is dropped and the error raised (the page cache then renders the page), and the
next call connects again. Not for keys of Django's ``validate_key`` doubts: the page cache's
keys are its own.
"""

import os
import threading

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._kept = threading.local()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _kept_connection(self):
        connection = getattr(self._kept, "connection", None)
        if connection is None or self._kept.pid != os.getpid():  # none yet, or a forked copy
            connection = self._get_connection_pool(write=False).make_connection()
            self._kept.connection, self._kept.pid = connection, os.getpid()
        return connection

    def get_many_kept(self, keys) -> dict:
        connection = self._kept_connection()
        try:
            connection.send_command("MGET", *keys)
            values = connection.read_response()
        except BaseException:
            connection.disconnect()
            self._kept.connection = None
            raise
        loads = self._serializer.loads
        pairs = zip(keys, values, strict=True)
        return {key: loads(value) for key, value in pairs if value is not None}


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get_many_kept(self, keys, version=None) -> dict:
        """``get_many`` on this thread's kept connection (the module's docstring says why)."""
        key_map = {self.make_key(key, version=version): key for key in keys}
        found = self._cache.get_many_kept(list(key_map))
        return {key_map[key]: value for key, value in found.items()}
