"""Each process keeps a user's menu (web/menu.py menu_cached_for), keyed by everything the menu depends on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.web import menu
from tests.factories import SchoolFactory, TeacherFactory, user_with_role


@pytest.fixture(autouse=True)
def _production_settings(settings):
    settings.JIANFU_MENU_CACHE_SECONDS = 300
    settings.JIANFU_SESSION_REFRESH_SECONDS = 60


def test_the_second_page_does_not_build_the_menu_again(client, db, monkeypatch):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))
    built = []
    original = menu.menu_for
    monkeypatch.setattr(menu, "menu_for", lambda user: built.append(user.pk) or original(user))

    client.get(reverse("home"))
    client.get(reverse("home"))

    assert len(built) == 1


def test_a_user_whose_role_changes_sees_the_new_menu_on_the_next_page(client, db):
    user = user_with_role(Role.TEACHER)
    client.force_login(user)
    assert "待我审批" not in client.get(reverse("home")).content.decode()

    user.role, user.school, user.teacher = Role.COUNTY_EDU, None, None  # the county of the school stays
    user.save()
    page = client.get(reverse("home")).content.decode()

    assert "待我审批" in page


def test_a_teachers_home_page_costs_two_queries_once_warm(client, db):
    client.force_login(user_with_role(Role.TEACHER))
    client.get(reverse("home"))  # the session's refresh mark and the menu

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))

    assert response.status_code == 200
    # the session and the user with the organisation the page shows; no counts of the registry
    assert [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries] == [
        '"django_session"',
        '"accounts_user"',
    ]


def test_the_menu_marks_the_current_page_in_the_desktop_row_and_the_phone_list(client, db):
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    page = client.get(reverse("matters:list")).content.decode()

    current = f'<a href="{reverse("matters:list")}" aria-current="page">涉校事项</a>'
    assert page.count(current) == 2
    assert '<summary class="is-current">涉校事项</summary>' in page


def test_a_bureaus_home_page_counts_the_registry_once(client, db):
    TeacherFactory(school=SchoolFactory())  # a school of 150222 with a teacher: the table has a row
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("home")).content.decode()

    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 3  # schools, teachers, students: once each
    assert 'data-testid="totals"' in page
