"""Bureaus grant departments purpose-bound, time-limited reading of verified archives of their area, and revoke."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from jianfu.archive.models import ArchiveAccessGrant
from jianfu.archive.services.grants import archive_grant_create, archive_grant_revoke
from jianfu.audit.models import AuditEvent
from jianfu.registry.models import Department
from tests.archive.conftest import verified_entry

TODAY = dt.date.today()


def give(place, actor=None, **kwargs):
    values = {
        "department_id": place.department.department_id,
        "purpose": "卫生健康先进个人评选资格核对",
        "expires_on": TODAY + dt.timedelta(days=30),
        "teacher_id": place.zhang.pk,
        **kwargs,
    }
    return archive_grant_create(actor=actor or place.county, **values)


def test_a_county_bureau_grants_a_department_one_teacher_with_its_audit_row(place):
    made = give(place)

    local_end = timezone.localtime(made.expires_at)
    assert (made.department, made.teacher, made.region.code, made.granted_by) == (
        place.department.department,
        place.zhang,
        "150222",
        place.county,
    )
    assert (local_end.date(), local_end.time()) == (TODAY + dt.timedelta(days=31), dt.time.min)
    event = AuditEvent.objects.get(action="archiveaccessgrant.create")
    assert (event.actor, event.reason, event.extra["teacher"], event.extra["schools"]) == (
        place.county,
        "卫生健康先进个人评选资格核对",
        place.zhang.pk,
        [],
    )


def test_a_city_bureau_grants_the_teachers_of_schools(place):
    made = give(place, actor=place.city, teacher_id=None, school_ids=[place.school.pk, place.other_school.pk])

    assert sorted(made.schools.values_list("name", flat=True)) == ["固阳县金山小学", "昆都仑区第一小学"]


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"purpose": " "}, {"purpose": ["请写明查阅用途"]}),
        ({"expires_on": TODAY - dt.timedelta(days=1)}, {"expires_on": ["有效期须从今天起、不超过一年"]}),
        ({"expires_on": TODAY + dt.timedelta(days=366)}, {"expires_on": ["有效期须从今天起、不超过一年"]}),
        ({"teacher_id": None}, {"target": ["请指定一名教师或至少一所学校（二者选一）"]}),
        ({"school_ids": [1]}, {"target": ["请指定一名教师或至少一所学校（二者选一）"]}),
        ({"department_id": None}, {"department": ["请选择获授权的部门（教育系统以外的部门）"]}),
    ],
)
def test_an_incomplete_grant_is_refused_and_nothing_is_written(place, changes, errors):
    with pytest.raises(ValidationError) as refused:
        give(place, **changes)

    assert refused.value.message_dict == errors
    assert (
        ArchiveAccessGrant.objects.count(),
        AuditEvent.objects.filter(action__startswith="archiveaccess").count(),
    ) == (
        0,
        0,
    )


def test_a_bureau_cannot_grant_a_teacher_or_school_outside_its_area(place):
    with pytest.raises(ValidationError) as teacher_refused:
        give(place, actor=place.other_county)
    with pytest.raises(ValidationError) as school_refused:
        give(place, actor=place.other_county, teacher_id=None, school_ids=[place.school.pk])

    assert teacher_refused.value.message_dict == {"target": ["该教师不在本局管辖范围内"]}
    assert school_refused.value.message_dict == {"target": ["所选学校不在本局管辖范围内"]}
    assert ArchiveAccessGrant.objects.count() == 0


def test_an_education_department_is_not_granted_it_reads_by_its_own_scope(place):
    with pytest.raises(ValidationError) as refused:
        give(place, department_id=Department.objects.get(name="固阳县教育局").pk)

    assert refused.value.message_dict == {"department": ["请选择获授权的部门（教育系统以外的部门）"]}


@pytest.mark.parametrize("who", ["admin", "supervisor", "department", "zhang_user"])
def test_only_a_bureau_grants(place, who):
    with pytest.raises(PermissionDenied):
        give(place, actor=getattr(place, who))

    assert ArchiveAccessGrant.objects.count() == 0


def test_a_revoked_grant_stops_the_department_at_once_and_the_revocation_is_audited(place, client):
    verified_entry(place)
    made = give(place)
    client.force_login(place.department)
    url = reverse("archive:teacher", args=[place.zhang.pk])
    assert client.get(url).status_code == 200

    archive_grant_revoke(actor=place.county, grant_id=made.pk)

    assert client.get(url).status_code == 404
    assert AuditEvent.objects.get(action="archiveaccessgrant.revoke").actor == place.county


@pytest.mark.parametrize("who", ["other_county", "supervisor", "department"])
def test_a_grant_is_revoked_only_by_a_bureau_of_its_area_and_a_refusal_changes_nothing(place, who):
    made = give(place)

    with pytest.raises(Http404):
        archive_grant_revoke(actor=getattr(place, who), grant_id=made.pk)

    made.refresh_from_db()
    assert made.revoked_at is None
    assert not AuditEvent.objects.filter(action="archiveaccessgrant.revoke").exists()


def test_the_grants_page_creates_a_grant_for_the_teacher_named_in_the_link(place, client):
    client.force_login(place.county)
    form = {
        "department": place.department.department_id,
        "purpose": "评选资格核对",
        "expires_on": (TODAY + dt.timedelta(days=10)).isoformat(),
        "teacher": place.zhang.pk,
    }

    response = client.post(reverse("archive:grants") + f"?teacher={place.zhang.pk}", form)

    assert response.status_code == 302
    assert ArchiveAccessGrant.objects.get().teacher == place.zhang


def test_the_grants_page_shows_the_services_refusal(place, client):
    client.force_login(place.county)
    form = {
        "department": place.department.department_id,
        "purpose": "评选资格核对",
        "expires_on": (TODAY + dt.timedelta(days=10)).isoformat(),
    }

    response = client.post(reverse("archive:grants"), form)

    assert "请指定一名教师或至少一所学校（二者选一）" in response.content.decode()
    assert ArchiveAccessGrant.objects.count() == 0


def test_a_supervisor_reads_the_grants_but_gets_no_form(place, client):
    give(place)
    client.force_login(place.supervisor)

    page = client.get(reverse("archive:grants")).content.decode()

    assert "卫生健康先进个人评选资格核对" in page
    assert 'data-testid="grant-form"' not in page
    assert client.post(reverse("archive:grants"), {"purpose": "x"}).status_code == 403
