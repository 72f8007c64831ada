"""Open redirects: a `next` pointing off the platform — absolute, scheme-relative, backslash tricks, a javascript:
URL — is ignored after logging in, on the login page of a user already logged in and after logging out; each ends
on the platform's own page, while a `next` on the platform is still honoured."""

import pytest
from django.test import Client
from django.urls import reverse

from jianfu.accounts.models import Role
from tests.factories import user_with_role
from tests.security.web.conftest import PASSWORD

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "/\t/evil.example",
    "http://testserver@evil.example/",
    "javascript:alert(1)",
]

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def user(db, fast_hashing):
    return user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)


def test_given_an_off_site_next_when_the_user_logs_in_then_he_lands_on_the_home_page(user):
    landed = {}
    for target in OFF_SITE:
        browser = Client()
        response = browser.post(
            f"{reverse('login')}?next={target}", {"username": user.username, "password": PASSWORD}
        )
        assert browser.session["_auth_user_id"] == str(user.pk)
        landed[target] = (response.status_code, response["Location"])

    assert landed == dict.fromkeys(OFF_SITE, (302, "/"))


def test_given_an_off_site_next_in_the_form_when_the_user_logs_in_then_he_lands_on_the_home_page(user):
    landed = {}
    for target in OFF_SITE:
        response = Client().post(
            reverse("login"), {"username": user.username, "password": PASSWORD, "next": target}
        )
        landed[target] = (response.status_code, response["Location"])

    assert landed == dict.fromkeys(OFF_SITE, (302, "/"))


def test_given_a_logged_in_user_when_he_opens_login_with_an_off_site_next_then_he_stays_on_the_platform(
    client, user
):
    client.force_login(user)
    landed = {}
    for target in OFF_SITE:
        response = client.get(reverse("login"), {"next": target})
        landed[target] = (response.status_code, response["Location"])

    assert landed == dict.fromkeys(OFF_SITE, (302, "/"))


def test_given_an_off_site_next_when_the_user_logs_out_then_he_lands_on_the_login_page(user):
    landed = {}
    for target in OFF_SITE:
        browser = Client()
        browser.force_login(user)
        response = browser.post(reverse("logout"), {"next": target})
        assert "_auth_user_id" not in browser.session
        landed[target] = (response.status_code, response["Location"])

    assert landed == dict.fromkeys(OFF_SITE, (302, reverse("login")))


def test_given_a_next_on_the_platform_when_the_user_logs_in_then_he_is_taken_there(user):
    response = Client().post(
        f"{reverse('login')}?next=/matters/", {"username": user.username, "password": PASSWORD}
    )

    assert (response.status_code, response["Location"]) == (302, "/matters/")
