"""Shared test set-up. Factories (tests/factories.py) load the Baotou regions themselves when a flush removed them."""

import pytest


@pytest.fixture(autouse=True)
def _private_uploads_in_tmp(settings, tmp_path):
    """Private uploads (archive scans, the demo loader's too) go to the test's own directory, never var/."""
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_where_they_are_queued():
    """Background tasks (huey) run at once in the caller's thread and transaction, no queue or worker needed;
    tests/imports/test_jobs_worker.py runs a real `jianfu run_huey` worker on a queue of its own."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (verification pages, rate-limit counters), as a fresh server would."""
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        cache.clear()
    yield
    for cache in caches.all(initialized_only=False):
        cache.clear()


@pytest.fixture(autouse=True)
def _every_request_alike(settings):
    """Every request does the same work, so query counts compare: the session's expiry is pushed on each request
    and the menu built each time. tests/accounts/test_sessions.py and tests/web/test_menu_cache.py test the
    production settings, which skip both most of the time."""
    settings.JIANFU_SESSION_REFRESH_SECONDS = 0
    settings.JIANFU_MENU_CACHE_SECONDS = 0
