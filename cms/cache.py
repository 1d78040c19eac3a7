"""Django's Redis cache backend with one Redis client per process instead of one per call.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the shared
connection pool on every cache call, and redis-py's constructor fills a table of about 165
response callbacks each time: on a page cache hit (one ``get_many``) that was the largest single
cost of the request, more than the round trip to Redis (README, "Page cache"). A ``redis.Redis``
is thread-safe and holds nothing but its pool and options, and the pool resets itself in a forked
process (redis-py checks the pid), so one client per pool is enough. Everything else (keys,
serialisation, timeouts, several servers) is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
