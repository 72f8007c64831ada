"""The app servers' gunicorn settings (config/gunicorn.py): the master builds the similarity index before forking."""

import datetime as dt
import gc
import subprocess
import sys

import pytest
from django.db import connection

from jianfu.config import gunicorn
from jianfu.matters import screening
from tests.factories import SchoolFactory, approved_matter_of


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # the hook freezes this test process's objects; give them back to the collector


@pytest.mark.django_db(transaction=True)
def test_the_master_builds_the_similarity_index_and_closes_its_connections_before_the_workers_fork(unfrozen):
    approved_matter_of(SchoolFactory(), day=dt.date(2026, 12, 1))
    screening.index_reset()
    builds = screening.stats["builds"]

    gunicorn.when_ready(server=None)

    if connection.vendor == "postgresql":  # (Django keeps SQLite's in-memory test database open)
        assert connection.connection is None  # closed: a forked worker opens its own
    assert gc.get_freeze_count() > 0
    assert screening.stats["builds"] == builds + 1
    assert len(screening.matter_index()) == 1
    assert screening.stats["builds"] == builds + 1  # a worker's first use finds the index built


def test_gunicorn_accepts_the_settings_module():
    command = [sys.executable, "-m", "gunicorn", "--check-config", "-c", "python:jianfu.config.gunicorn"]
    checked = subprocess.run([*command, "jianfu.config.wsgi"], capture_output=True, text=True, check=False)

    assert checked.returncode == 0, checked.stderr
