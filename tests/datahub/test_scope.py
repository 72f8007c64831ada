"""The data scope of datahub: the delivery is the requesting department's alone, a form its teacher's; anyone
else gets 404 and nothing changes (no value saved, no read logged)."""

import pytest
from django.urls import reverse

from jianfu.accounts import scope
from jianfu.audit.models import AuditEvent
from jianfu.datahub.models import CollectedField, DataDelivery, DeliveryTally, FieldTask, TeacherFieldValue
from tests.datahub.conftest import approved_request


@pytest.fixture
def approved(county):
    return approved_request(county.stats, county.county_edu, county.school)


def _download(client, user):
    client.force_login(user)
    return client.get(reverse("datahub:download", args=[DataDelivery.objects.get().pk]))


def test_another_countys_department_gets_404_for_the_download_and_no_read_is_logged(county, approved, client):
    response = _download(client, county.other_department)

    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="datadelivery.download").count() == 0


def test_the_approving_bureau_and_the_supervisor_get_404_for_the_download(county, approved, client):
    for user in (county.county_edu, county.supervisor, county.admin, county.zhang_user):
        assert _download(client, user).status_code == 404
    assert AuditEvent.objects.filter(action="datadelivery.download").count() == 0


def test_a_teacher_gets_404_for_a_colleagues_form_and_nothing_changes(county, approved, client):
    task = FieldTask.objects.get(teacher=county.zhang)
    field = CollectedField.objects.get()
    client.force_login(county.li_user)

    seen = client.get(reverse("datahub:task", args=[task.pk]))
    posted = client.post(reverse("datahub:task", args=[task.pk]), {f"field-{field.pk}": "三级甲等"})

    assert (seen.status_code, posted.status_code) == (404, 404)
    assert TeacherFieldValue.objects.count() == 0
    assert FieldTask.objects.get(pk=task.pk).status == FieldTask.Status.OPEN
    assert AuditEvent.objects.filter(action="teacherfieldvalue.answer").count() == 0


def test_another_countys_teacher_gets_404_for_a_form(county, approved, client):
    task = FieldTask.objects.get(teacher=county.zhang)
    client.force_login(county.sun_user)

    assert client.get(reverse("datahub:task", args=[task.pk])).status_code == 404


def test_the_school_reads_its_teachers_forms_but_cannot_answer_them(county, approved, client):
    task = FieldTask.objects.get(teacher=county.zhang)
    field = CollectedField.objects.get()
    client.force_login(county.admin)

    seen = client.get(reverse("datahub:task", args=[task.pk]))
    posted = client.post(reverse("datahub:task", args=[task.pk]), {f"field-{field.pk}": "三级甲等"})

    assert seen.status_code == 200
    assert "待张老师本人填写。" in seen.content.decode()
    assert posted.status_code == 404
    assert TeacherFieldValue.objects.count() == 0


def test_the_counts_follow_the_area_the_requesting_department_and_the_school(county, approved):
    tally = DeliveryTally.objects.get()

    def sees(user):
        return scope.visible_to(user, DeliveryTally).filter(pk=tally.pk).exists()

    assert [
        sees(u) for u in (county.stats, county.county_edu, county.city_edu, county.supervisor, county.admin)
    ] == [True] * 5
    assert [sees(u) for u in (county.other_department, county.county_b_edu, county.zhang_user)] == [False] * 3


def test_a_teachers_answers_are_seen_by_the_teacher_the_school_and_the_area_only(county, approved):
    from jianfu.datahub.services import field_task_answer

    task = FieldTask.objects.get(teacher=county.zhang)
    field_task_answer(
        actor=county.zhang_user, task_id=task.pk, answers={str(CollectedField.objects.get().pk): "甲"}
    )

    def sees(user):
        return scope.visible_to(user, TeacherFieldValue).exists()

    assert [sees(u) for u in (county.zhang_user, county.admin, county.county_edu, county.supervisor)] == [
        True
    ] * 4
    assert [sees(u) for u in (county.li_user, county.stats, county.county_b_edu, county.sun_user)] == [
        False
    ] * 4
