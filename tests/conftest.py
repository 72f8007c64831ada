"""Shared test set-up. Factories (tests/factories.py) load the Baotou regions themselves when a flush removed them."""

import pytest


@pytest.fixture(autouse=True)
def _private_uploads_in_tmp(settings, tmp_path):
    """Private uploads (archive scans, the demo loader's too) go to the test's own directory, never var/."""
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "private"
