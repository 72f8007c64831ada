"""Brute force on the login: after JIANFU_LOGIN_FAILURE_LIMIT (AXES_FAILURE_LIMIT) wrong passwords for one account
from one address, that account is locked for that address — the right password too, on a Chinese page with status
429 — while the same account from another address, and another account from the same address, still log in."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from jianfu.accounts.models import Role
from tests.factories import user_with_role
from tests.security.web.conftest import PASSWORD

ATTACKER, OFFICE = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def user(db, fast_hashing):
    return user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)


def login(user, password: str, *, address: str = ATTACKER):
    browser = Client(REMOTE_ADDR=address)
    response = browser.post(reverse("login"), {"username": user.username, "password": password})
    return browser, response


def fail_until_locked(user) -> list[int]:
    return [login(user, f"wrong-password-{n}")[1].status_code for n in range(settings.AXES_FAILURE_LIMIT)]


def test_the_failure_limit_comes_from_jianfu_login_failure_limit_and_is_five_by_default():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_given_one_failure_short_of_the_limit_when_the_right_password_is_given_then_the_user_logs_in(user):
    statuses = [login(user, "wrong-password")[1].status_code for _ in range(settings.AXES_FAILURE_LIMIT - 1)]

    browser, response = login(user, PASSWORD)

    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert browser.session["_auth_user_id"] == str(user.pk)


def test_given_the_limit_of_failures_when_the_right_password_is_given_then_it_is_refused_on_a_chinese_page(
    user,
):
    statuses = fail_until_locked(user)

    browser, response = login(user, PASSWORD)

    page = response.content.decode()
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert response.status_code == 429
    assert "_auth_user_id" not in browser.session
    assert '<html lang="zh-Hans">' in page
    assert '<h1 id="locked-title">账号已暂时锁定</h1>' in page
    assert "登录失败次数过多，账号已暂时锁定，请15分钟后再试或联系管理员。" in page
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_given_a_locked_account_when_it_logs_in_from_another_address_then_it_succeeds(user):
    fail_until_locked(user)

    browser, response = login(user, PASSWORD, address=OFFICE)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert browser.session["_auth_user_id"] == str(user.pk)


def test_given_a_locked_account_when_another_account_logs_in_from_the_same_address_then_it_succeeds(user):
    colleague = user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)
    fail_until_locked(user)

    browser, response = login(colleague, PASSWORD)

    assert response.status_code == 302
    assert browser.session["_auth_user_id"] == str(colleague.pk)
