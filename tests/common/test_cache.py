"""The Redis cache backend (JIANFU_CACHE_URL) keeps one client per connection pool; the local Redis answers."""

import pytest
from django.core.cache import caches

REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "jianfu.common.cache.PooledClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jianfu-cache-test",
        },
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()
    cache.close()


def test_values_round_trip_through_redis(redis_cache):
    redis_cache.set("menu", {"label": "白名单核验"}, timeout=30)

    assert redis_cache.get("menu") == {"label": "白名单核验"}
    assert redis_cache._cache.get_client().ttl(redis_cache.make_key("menu")) in range(1, 31)


def test_every_call_reuses_the_same_client(redis_cache):
    first = redis_cache._cache.get_client("a")
    redis_cache.set("a", 1)
    redis_cache.get("a")

    assert redis_cache._cache.get_client("b", write=True) is first
    assert redis_cache.get("a") == 1
