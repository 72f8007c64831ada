"""The idle timeout without a write per request (accounts/sessions.py): the expiry moves at most once a minute."""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.accounts.sessions import TOUCHED
from tests.factories import user_with_role

PASSWORD = "a-long-test-password-1"


@pytest.fixture(autouse=True)
def _production_refresh(settings):
    settings.JIANFU_SESSION_REFRESH_SECONDS = 60


def _expiry(client) -> timezone.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _set_touched(client, seconds_ago: int) -> None:
    session = client.session
    session[TOUCHED] = int(time.time()) - seconds_ago
    session.save()


def test_logging_in_marks_the_session_as_just_refreshed(client, db):
    user = user_with_role(Role.TEACHER, password=PASSWORD)

    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert abs(client.session[TOUCHED] - time.time()) < 5


def test_a_page_within_a_minute_of_the_last_refresh_writes_no_session(client, db):
    client.force_login(user_with_role(Role.TEACHER))
    _set_touched(client, seconds_ago=10)
    before = _expiry(client)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200

    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert _expiry(client) == before


def test_a_page_a_minute_after_the_last_refresh_pushes_the_expiry_thirty_minutes_ahead(client, db):
    client.force_login(user_with_role(Role.TEACHER))
    _set_touched(client, seconds_ago=61)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )

    client.get(reverse("home"))

    remaining = _expiry(client) - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)
    assert abs(client.session[TOUCHED] - time.time()) < 5


def test_a_session_idle_past_its_expiry_still_ends_whatever_the_mark_says(client, db):
    client.force_login(user_with_role(Role.TEACHER))
    _set_touched(client, seconds_ago=10)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_an_anonymous_visit_creates_no_session(client, db):
    client.get(reverse("whitelist:list"))

    assert Session.objects.count() == 0
