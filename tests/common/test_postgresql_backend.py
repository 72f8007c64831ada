"""The PostgreSQL backend's health check (ADR 0011): a quiet socket needs no `SELECT 1`, a server that ended the
session is noticed before the request's first query."""

import select

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own check"),
    pytest.mark.django_db(transaction=True),  # in autocommit, as a request between two others is
]


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _count_select_1(monkeypatch) -> list:
    """A spy on Django's health check query (the real one still runs)."""
    asked = []
    original = connection.is_usable

    def is_usable():
        asked.append(True)
        return original()

    monkeypatch.setattr(connection, "is_usable", is_usable)
    return asked


def test_settings_choose_jianfu_backend_for_postgresql():
    assert type(connections["default"]).__module__ == "jianfu.common.postgresql.base"
    assert connection.health_check_enabled is True


def test_a_quiet_connection_serves_the_next_request_without_select_1(monkeypatch):
    # given a connection that served a request, and the end of that request
    pid = _backend_pid()
    connection.close_if_unusable_or_obsolete()
    asked = _count_select_1(monkeypatch)
    # when the next request runs its first query
    next_pid = _backend_pid()
    # then it ran on the same session, and no SELECT 1 went before it
    assert next_pid == pid
    assert asked == []
    assert connection.health_check_done is True


def test_a_connection_the_server_ended_is_replaced_before_the_first_query(monkeypatch):
    # given a connection that served a request, whose session the server then ends
    pid = _backend_pid()
    connection.close_if_unusable_or_obsolete()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone() == (True,)
    poller = select.poll()
    poller.register(connection.connection.fileno(), select.POLLIN)
    assert poller.poll(5000), "the server's notice did not arrive"
    asked = _count_select_1(monkeypatch)
    # when the next request runs its first query
    next_pid = _backend_pid()
    # then SELECT 1 was asked, failed, and the query ran on a new session
    assert asked == [True]
    assert next_pid != pid
