"""With JIANFU_CACHE_URL set (production with several app servers), the rate-limit counters and spent challenges
live in Redis, where every app server sees them; the local Redis answers on 127.0.0.1:6379."""

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from jianfu.oversight.models import Report
from tests.factories import altcha_solution
from tests.oversight.test_antiabuse import _form

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jianfu-test",
        },
    }
    caches["default"].clear()
    yield redis.Redis.from_url(REDIS_URL)
    caches["default"].clear()
    caches["default"].close()


def test_a_spent_challenge_is_refused_by_another_app_server(baotou, client, shared_cache):
    solution = altcha_solution()
    assert client.post(reverse("reporting:new"), _form(altcha=solution)).status_code == 200
    caches[
        "default"
    ].close()  # the next request reaches "another server": a fresh connection, nothing in memory

    again = client.post(reverse("reporting:new"), _form(altcha=solution))

    assert again.status_code == 400
    assert Report.objects.count() == 1
    assert shared_cache.keys("jianfu-test:*")  # the markers are in Redis, not in the process


def test_the_rate_limit_counts_in_redis(baotou, client, settings, shared_cache):
    settings.JIANFU_REPORT_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post(reverse("reporting:new"), _form(), REMOTE_ADDR="198.51.100.7").status_code == 200
        caches["default"].close()

    assert client.post(reverse("reporting:new"), _form(), REMOTE_ADDR="198.51.100.7").status_code == 429
    assert Report.objects.count() == 2
