"""Shared test set-up. Factories (tests/factories.py) load the Baotou regions themselves when a flush removed them."""

import pytest


@pytest.fixture(autouse=True)
def _private_uploads_in_tmp(settings, tmp_path):
    """Private uploads (archive scans, the demo loader's too) go to the test's own directory, never var/."""
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (verification pages, rate-limit counters), as a fresh server would."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
