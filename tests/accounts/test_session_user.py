"""The session user's query compiled once per connection (accounts/session_user.py) loads exactly what the ORM's
select_related would, fresh from the database on every call."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jianfu.accounts.models import Role, User
from jianfu.accounts.session_user import RELATED, session_user_fetch
from tests.factories import bureau_user, user_with_role

pytestmark = pytest.mark.django_db


def _values(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def test_a_teacher_is_loaded_with_every_field_of_the_user_and_of_each_related_record_as_the_orm_loads_them():
    teacher_user = user_with_role(Role.TEACHER)
    expected = User.objects.select_related(*RELATED).get(pk=teacher_user.pk)

    loaded = session_user_fetch(user_id=str(teacher_user.pk))

    assert _values(loaded) == _values(expected)
    for relation in ("region", "school", "teacher"):
        assert _values(getattr(loaded, relation)) == _values(getattr(expected, relation))
    assert loaded.department is None


def test_a_bureau_user_is_loaded_with_the_department_and_no_school_or_teacher():
    official = bureau_user("150222")

    loaded = session_user_fetch(user_id=official.pk)

    assert _values(loaded.department) == _values(official.department)
    assert (loaded.school, loaded.teacher) == (None, None)
    assert loaded.region.code == "150222"


def test_the_user_and_the_organisation_every_page_shows_cost_one_query():
    teacher_user = user_with_role(Role.TEACHER)

    with CaptureQueriesContext(connection) as queries:
        loaded = session_user_fetch(user_id=teacher_user.pk)
        shown = (loaded.teacher.name, loaded.school.name, loaded.region.name, loaded.organisation_label)

    assert len(queries) == 1
    assert shown[0] == teacher_user.teacher.name


def test_a_change_to_the_user_is_seen_on_the_next_load():
    teacher_user = user_with_role(Role.TEACHER)
    session_user_fetch(user_id=teacher_user.pk)
    User.objects.filter(pk=teacher_user.pk).update(is_active=False, first_name="改名")

    loaded = session_user_fetch(user_id=teacher_user.pk)

    assert (loaded.is_active, loaded.first_name) == (False, "改名")


@pytest.mark.parametrize("user_id", [987654321, "not-a-number", "", None])
def test_an_unknown_or_malformed_id_loads_no_user(user_id):
    assert session_user_fetch(user_id=user_id) is None


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_on_postgresql_the_query_is_prepared_on_the_connection_after_its_second_run():
    teacher_user = user_with_role(Role.TEACHER)
    for _ in range(3):
        session_user_fetch(user_id=teacher_user.pk)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ['%"accounts_user"%']
        )
        prepared = [row[0] for row in cursor.fetchall()]

    assert len(prepared) == 1
    assert '"registry_teacher"' in prepared[0]
