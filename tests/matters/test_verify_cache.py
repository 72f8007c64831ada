"""The public verification page is kept in the cache for visitors who are not logged in: the second visit costs
no query; logged-in users and pages with a message for the visitor always get a fresh page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.matters import codes
from jianfu.matters.models import Matter
from tests.burden.conftest import approved_matter
from tests.factories import SchoolFactory, region, user_with_role


def published(school) -> Matter:
    """An approved Matter with a well-formed verification code (the test factory's codes fail the check)."""
    matter = approved_matter(school)
    matter.verification_code = codes.new_code()
    matter.save(update_fields=["verification_code"])
    return matter


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(client, db):
    matter = published(SchoolFactory(region=region("150222")))
    url = reverse("whitelist:verify", args=[matter.verification_code])

    first, page = _queries(client, url)
    second, again = _queries(client, url)

    assert first > 0 and second == 0
    assert again == page and "核验通过" in page


def test_a_decision_shows_once_the_cached_page_expires(client, db, settings):
    matter = published(SchoolFactory(region=region("150222")))
    url = reverse("whitelist:verify", args=[matter.verification_code])
    settings.JIANFU_VERIFY_CACHE_SECONDS = 0  # no cache: every visit reads the Matter
    assert "核验通过" in client.get(url).content.decode()

    Matter.objects.filter(pk=matter.pk).update(state="rejected")

    assert "查无此核验码" in client.get(url).content.decode()


def test_a_logged_in_user_always_gets_a_fresh_page(client, db):
    matter = published(SchoolFactory(region=region("150222")))
    url = reverse("whitelist:verify", args=[matter.verification_code])
    client.get(url)  # cached for visitors
    client.force_login(user_with_role(Role.CITY_EDU, region_code="150200"))

    count, page = _queries(client, url)

    assert count > 0
    assert 'data-testid="logout"' in page  # the visitor's cached page would have no account in it
