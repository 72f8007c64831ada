"""Measure 20: physical examinations per school; the anonymous WHO-5 check, answered once, shown from 10 up."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.burden.models import PhysicalExam, UsedWellbeingToken, WellbeingResponse
from jianfu.burden.services import wellbeing
from tests.factories import TeacherFactory, user_with_role

PERIOD = "2030-1"


def _teacher_users(school, n):
    return [
        user_with_role(Role.TEACHER, teacher=TeacherFactory(school=school), school=school) for _ in range(n)
    ]


def test_an_answer_is_stored_once_scored_and_holds_nothing_that_identifies_the_teacher(place):
    wellbeing.wellbeing_answer(actor=place.teacher_user, period=PERIOD, items=[5, 4, 3, 2, 1])

    with pytest.raises(ValidationError):
        wellbeing.wellbeing_answer(actor=place.teacher_user, period=PERIOD, items=[0, 0, 0, 0, 0])
    response = WellbeingResponse.objects.get()
    assert response.raw_score == 15 and response.index == 60
    fields = {f.name for f in WellbeingResponse._meta.get_fields()}
    assert fields == {
        "id",
        "period",
        "school",
        "region",
        "item1",
        "item2",
        "item3",
        "item4",
        "item5",
        "raw_score",
    }
    relations = {f.related_model._meta.label for f in WellbeingResponse._meta.get_fields() if f.is_relation}
    assert relations == {"registry.School", "registry.Region"}  # no teacher, no account
    assert (response.school_id, response.region_id) == (place.school.pk, place.school.region_id)
    assert response.pk.version == 4  # a random key: the rows do not reveal the order of answering
    token = UsedWellbeingToken.objects.get()
    assert {f.name for f in UsedWellbeingToken._meta.get_fields()} == {"token_hash", "period"}
    assert token.token_hash != wellbeing.token_for(teacher_id=place.zhang.pk, period=PERIOD)  # only its hash
    assert wellbeing.has_answered(teacher_id=place.zhang.pk, period=PERIOD)
    assert not AuditEvent.objects.exists()  # an audit row would carry the actor and the IP


def test_only_a_teacher_answers_and_answers_are_checked(place):
    with pytest.raises(PermissionDenied):
        wellbeing.wellbeing_answer(actor=place.admin, period=PERIOD, items=[1, 1, 1, 1, 1])
    with pytest.raises(ValidationError):
        wellbeing.wellbeing_answer(actor=place.teacher_user, period=PERIOD, items=[6, 1, 1, 1, 1])
    with pytest.raises(ValidationError):
        wellbeing.wellbeing_answer(actor=place.teacher_user, period=PERIOD, items=[1, 1, 1, 1])
    assert not WellbeingResponse.objects.exists() and not UsedWellbeingToken.objects.exists()


def test_aggregates_under_10_are_withheld_from_10_shown(place):
    users = _teacher_users(place.school, 10)
    for user in users[:9]:
        wellbeing.wellbeing_answer(actor=user, period=PERIOD, items=[2, 2, 2, 2, 2])

    withheld = wellbeing.wellbeing_aggregate(user=place.admin, period=PERIOD)
    assert withheld == {"count": None, "withheld": True, "message": "样本不足10人，不予显示"}

    wellbeing.wellbeing_answer(actor=users[9], period=PERIOD, items=[5, 5, 5, 5, 5])
    shown = wellbeing.wellbeing_aggregate(user=place.admin, period=PERIOD)
    assert shown["count"] == 10 and shown["mean_index"] == 46.0 and shown["low_share"] == 0.9
    county = user_with_role(Role.COUNTY_EDU, region_code="150222")
    assert wellbeing.wellbeing_aggregate(user=county, period=PERIOD)["count"] == 10
    other = user_with_role(Role.COUNTY_EDU, region_code="150203")
    assert wellbeing.wellbeing_aggregate(user=other, period=PERIOD)["withheld"]
    assert wellbeing.wellbeing_aggregate(user=place.teacher_user, period=PERIOD)["withheld"]


def test_physical_exams_due_done_overdue_per_school_recorded_by_the_school_audited(place):
    today = dt.date(2025, 6, 1)
    wellbeing.physical_exam_record(actor=place.admin, teacher_id=place.zhang.pk, year=2025,
                                   due_on=dt.date(2025, 5, 1), done_on=dt.date(2025, 4, 20))  # fmt: skip
    wellbeing.physical_exam_record(
        actor=place.admin, teacher_id=place.li.pk, year=2025, due_on=dt.date(2025, 5, 1)
    )
    exam = wellbeing.physical_exam_record(
        actor=place.admin, teacher_id=place.wang.pk, year=2025, due_on=dt.date(2025, 9, 1)
    )

    summary = wellbeing.physical_exam_summary(user=place.admin, year=2025, today=today)
    assert [(r["school_id"], r["due"], r["done"], r["overdue"]) for r in summary] == [
        (place.school.pk, 1, 1, 1)
    ]
    wellbeing.physical_exam_record(actor=place.admin, teacher_id=place.wang.pk, year=2025,
                                   due_on=dt.date(2025, 9, 1), done_on=dt.date(2025, 5, 30))  # fmt: skip
    assert PhysicalExam.objects.get(pk=exam.pk).done_on == dt.date(2025, 5, 30)
    assert AuditEvent.objects.filter(action="physicalexam.record").count() == 4
    other = user_with_role(Role.COUNTY_EDU, region_code="150203")
    assert wellbeing.physical_exam_summary(user=other, year=2025, today=today) == []
    with pytest.raises(Http404):
        wellbeing.physical_exam_record(actor=place.other_admin, teacher_id=place.zhang.pk, year=2025,
                                       due_on=dt.date(2025, 9, 1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        wellbeing.physical_exam_record(actor=place.teacher_user, teacher_id=place.zhang.pk, year=2025,
                                       due_on=dt.date(2025, 9, 1))  # fmt: skip


def test_an_examination_done_in_the_future_is_refused_and_nothing_is_saved(place):
    tomorrow = dt.date.today() + dt.timedelta(days=1)

    with pytest.raises(ValidationError) as exc:
        wellbeing.physical_exam_record(
            actor=place.admin,
            teacher_id=place.zhang.pk,
            year=tomorrow.year,
            due_on=tomorrow,
            done_on=tomorrow,
        )

    assert exc.value.message_dict == {"done_on": ["体检日期不能晚于今天"]}
    assert PhysicalExam.objects.count() == 0
