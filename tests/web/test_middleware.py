"""A NUL character in a request's parameters is refused with 400 before any view (web/middleware.py)."""

from django.urls import reverse

from jianfu.audit.models import AuditEvent
from jianfu.web.middleware import MESSAGE


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
