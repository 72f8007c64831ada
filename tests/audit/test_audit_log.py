"""The audit log only grows: no update or delete path, at the model, queryset or database level."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.audit.models import AppendOnlyError, AuditEvent
from tests.factories import TeacherFactory, user_with_role


@pytest.fixture
def event(db) -> AuditEvent:
    actor = user_with_role(Role.CITY_EDU)
    return events.personal_data_viewed(actor=actor, obj=TeacherFactory(), reason="核对信息")


def test_saving_an_existing_event_is_refused(event):
    event.reason = "改写"

    with pytest.raises(AppendOnlyError):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).reason == "核对信息"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_are_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="改写")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()

    assert AuditEvent.objects.get(pk=event.pk).reason == "核对信息"


def test_the_database_refuses_a_raw_update(event):
    table = AuditEvent._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reason = %s WHERE id = %s", ["改写", event.pk])  # noqa: S608

    assert AuditEvent.objects.get(pk=event.pk).reason == "核对信息"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps DELETE for its test flush (ADR 0003)"
)
def test_postgresql_refuses_a_raw_delete(event):
    table = AuditEvent._meta.db_table

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])  # noqa: S608

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_viewing_a_teacher_records_who_what_when_and_from_where(client, db):
    actor = user_with_role(Role.COUNTY_EDU, region_code="150222")
    teacher = TeacherFactory()
    client.force_login(actor)

    client.get(
        reverse("registry:teacher", args=[teacher.pk]), REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="测试终端"
    )

    event = AuditEvent.objects.get(action="teacher.view")
    assert (event.actor, event.actor_label, event.actor_role) == (actor, actor.username, "county_edu")
    assert (event.category, event.object_type, event.object_id) == (
        "read",
        "registry.teacher",
        str(teacher.pk),
    )
    assert (event.ip_address, event.user_agent, event.region_code) == ("10.1.2.3", "测试终端", "150222")
    assert len(event.request_id) == 32


def test_listing_teachers_records_a_read_with_the_count_and_filters(client, db):
    actor = user_with_role(Role.CITY_EDU)
    TeacherFactory.create_batch(3)
    client.force_login(actor)

    client.get(reverse("registry:teachers"), {"q": "教师"})

    event = AuditEvent.objects.get(action="teacher.list")
    assert event.extra == {"count": 3, "filters": {"school_id": None, "query": "教师", "id_lookup": ""}}


def test_login_and_failed_login_are_recorded(client, db):
    user = user_with_role(Role.TEACHER, password="a-long-test-password-1")

    client.post(reverse("login"), {"username": user.username, "password": "wrong-password-xx"})
    client.post(reverse("login"), {"username": user.username, "password": "a-long-test-password-1"})

    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor_label"))
    assert actions == [("auth.login_failed", user.username), ("auth.login", user.username)]


def test_supervisor_searches_the_log_and_the_export_is_itself_recorded(client, db):
    supervisor = user_with_role(Role.SUPERVISOR)
    viewer = user_with_role(Role.CITY_EDU, username="viewer-zhang")
    events.personal_data_viewed(actor=viewer, obj=TeacherFactory())
    client.force_login(supervisor)

    page = client.get(reverse("audit:events"), {"q": "viewer-zhang"})
    export = client.get(reverse("audit:events"), {"q": "viewer-zhang", "export": "xlsx"})

    assert page.status_code == 200
    assert [e.actor_label for e in page.context["page"].object_list] == ["viewer-zhang"]
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="auditevent.export", actor=supervisor).count() == 1


def test_the_audit_page_is_404_for_non_supervisors(client, db):
    client.force_login(user_with_role(Role.CITY_EDU))

    assert client.get(reverse("audit:events")).status_code == 404
