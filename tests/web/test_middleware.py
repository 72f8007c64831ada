"""A NUL character in a request's parameters is refused with 400 before any view; a database outage answers 503
(web/middleware.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from jianfu.audit.models import AuditEvent
from jianfu.web.middleware import MESSAGE, RETRY_AFTER_SECONDS, UNAVAILABLE_MESSAGE


def test_a_search_with_a_nul_byte_answers_400_with_the_reason(client, db):
    response = client.get(reverse("whitelist:list"), {"q": "a\x00b"})

    assert response.status_code == 400
    assert response.content.decode() == MESSAGE


def test_a_nul_byte_in_a_parameter_name_is_refused_too(client, db):
    response = client.get(reverse("whitelist:list") + "?q%00=1")

    assert response.status_code == 400


def test_a_form_post_with_a_nul_byte_is_refused_and_changes_nothing(client, db):
    before = AuditEvent.objects.count()

    response = client.post(
        reverse("login"), "username=a%00b&password=x", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert AuditEvent.objects.count() == before


def test_an_ordinary_search_passes(client, db):
    assert client.get(reverse("whitelist:list"), {"q": "安全"}).status_code == 200


# A database outage answers 503 with a Chinese page and Retry-After (web/middleware.py); the real outage, a
# PostgreSQL server stopped under a running gunicorn, is tests/faults/test_database_restart.py.

FAULTS_URLS = "tests.faults.urls"


@pytest.mark.urls(FAULTS_URLS)
def test_a_database_error_in_a_view_answers_503_with_the_chinese_page_and_retry_after(db):
    response = Client(raise_request_exception=False).get("/faults/database-down/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "系统繁忙，请稍后重试" in page
    assert "Connection refused" not in page
    assert "Traceback" not in page


@pytest.mark.urls(FAULTS_URLS)
def test_a_closed_connection_answers_503_too(db):
    response = Client(raise_request_exception=False).get("/faults/connection-gone/")

    assert response.status_code == 503


@pytest.mark.urls(FAULTS_URLS)
def test_a_database_error_in_a_middleware_before_the_view_answers_503(db, settings):
    at = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:at],
        "tests.faults.urls.DatabaseDownMiddleware",
        *settings.MIDDLEWARE[at:],
    ]

    response = Client(raise_request_exception=False).get("/faults/bug/")

    assert response.status_code == 503
    assert "系统繁忙，请稍后重试" in response.content.decode()


@pytest.mark.urls(FAULTS_URLS)
def test_the_api_gets_the_503_as_json(db):
    response = Client(raise_request_exception=False).get("/api/v1/faults/database-down/")

    assert response.status_code == 503
    assert response.json() == {"detail": UNAVAILABLE_MESSAGE}


@pytest.mark.urls(FAULTS_URLS)
def test_an_ordinary_error_still_answers_500(db):
    response = Client(raise_request_exception=False).get("/faults/bug/")

    assert response.status_code == 500
