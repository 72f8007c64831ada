"""Django's Redis cache, keeping one client per connection pool instead of building one for every call.

Django builds a `redis.Redis` for each get or set, and its constructor fills a table of ~170 response callbacks:
a tenth of a millisecond on every logged-in request (the session) that buys nothing, since a client is only a
handle on the pool. Each thread has its own cache object (django.core.cache.caches), so its clients are its own.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class PooledClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PooledClientRedisCache(RedisCache):
    """settings.CACHES backend for JIANFU_CACHE_URL."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = PooledClientRedisCacheClient
