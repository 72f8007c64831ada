"""Every list page costs a fixed number of queries, however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit import events
from tests.factories import (
    DepartmentFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
    region,
    user_with_role,
)


def _make_rows(kind: str, count: int, actor) -> None:
    school = SchoolFactory(region=region("150222"))
    if kind == "schools":
        SchoolFactory.create_batch(count, region=region("150203"))
    elif kind == "teachers":
        TeacherFactory.create_batch(count, school=school)
    elif kind == "students":
        StudentFactory.create_batch(count, school=school)
    elif kind == "departments":
        DepartmentFactory.create_batch(count)
    elif kind == "audit":
        teacher = TeacherFactory(school=school)
        for _ in range(count):
            events.personal_data_viewed(actor=actor, obj=teacher)


PAGES = {
    "schools": ("registry:schools", Role.CITY_EDU),
    "teachers": ("registry:teachers", Role.CITY_EDU),
    "students": ("registry:students", Role.CITY_EDU),
    "departments": ("registry:departments", Role.CITY_EDU),
    "audit": ("audit:events", Role.SUPERVISOR),
}


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", PAGES)
def test_a_list_page_costs_the_same_queries_for_3_rows_as_for_45(client, db, kind):
    url_name, role = PAGES[kind]
    user = user_with_role(role)
    client.force_login(user)
    url = reverse(url_name)

    _make_rows(kind, 3, user)
    few = _queries(client, url)
    _make_rows(kind, 42, user)
    many = _queries(client, url)

    assert few == many
    assert many <= 14
