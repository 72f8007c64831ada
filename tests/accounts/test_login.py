"""Logging in: argon2 hashes, lockout after repeated failures, and no demo password outside demo mode."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jianfu.accounts.models import Role
from tests.factories import DEMO_PASSWORD, user_with_role

PASSWORD = "a-long-test-password-1"


def test_passwords_are_hashed_with_argon2(db):
    user = user_with_role(Role.TEACHER, password=PASSWORD)

    assert user.password.startswith("argon2$")


def test_a_good_password_logs_in_and_lands_on_the_home_page(client, db):
    user = user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_five_failures_lock_the_account_even_for_the_right_password(client, db):
    user = user_with_role(Role.TEACHER, password=PASSWORD)
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "wrong-password-xx"})

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_demo_password_works_in_demo_mode(client, db):
    user = user_with_role(Role.CITY_EDU, password=DEMO_PASSWORD)

    response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})

    assert response.status_code == 302


@override_settings(DEMO_MODE=False)
def test_the_demo_password_never_works_outside_demo_mode(client, db):
    user = user_with_role(Role.CITY_EDU, password=DEMO_PASSWORD)

    response = client.post(reverse("login"), {"username": user.username, "password": DEMO_PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_ends_the_session(client, db):
    user = user_with_role(Role.TEACHER)
    client.force_login(user)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_each_request_pushes_the_idle_expiry_thirty_minutes_ahead(client, db):
    client.force_login(user_with_role(Role.TEACHER))

    client.get(reverse("home"))

    session = Session.objects.get(session_key=client.session.session_key)
    remaining = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < remaining <= timedelta(minutes=30)


def test_an_expired_session_is_sent_back_to_the_login_page(client, db):
    client.force_login(user_with_role(Role.TEACHER))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
