"""Approving a data request delivers what the registry holds and asks teachers only for what it lacks; teachers'
answers join the registry so the next request asks nobody (measure 15: 一次采集多次使用)."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.datahub.models import CollectedField, DataDelivery, DeliveryTally, FieldTask, TeacherFieldValue
from jianfu.datahub.services import data_request_fulfil, field_task_answer
from jianfu.matters.models import State
from tests.datahub.conftest import approved_request, data_request
from tests.matters.conftest import decide, submit


def _task_of(teacher, matter) -> FieldTask:
    return FieldTask.objects.get(teacher=teacher, delivery__matter=matter)


def _field(label: str) -> CollectedField:
    return CollectedField.objects.get(label=label)


def test_approval_delivers_the_four_held_fields_and_asks_each_teacher_only_the_new_one(county):
    matter = approved_request(county.stats, county.county_edu, county.school)

    delivery = DataDelivery.objects.get(matter=matter)
    assert [(item["requested"], item["status"], item["code"]) for item in delivery.fields] == [
        ("姓名", "held", "teacher.name"),
        ("身份证号", "held", "teacher.id_number"),
        ("职称", "held", "teacher.professional_title"),
        ("任教学科", "held", "teacher.subject"),
        ("普通话等级", "new", _field("普通话等级").code),
    ]
    assert (delivery.people, delivery.served, delivery.asked) == (2, 8, 2)  # the retired teacher is not asked
    tasks = FieldTask.objects.filter(delivery=delivery).order_by("teacher_id")
    assert [(task.teacher.name, [f.label for f in task.fields.all()]) for task in tasks] == [
        ("张老师", ["普通话等级"]),
        ("李老师", ["普通话等级"]),
    ]


def test_approval_writes_the_delivery_with_its_counts_to_the_audit_log(county):
    matter = approved_request(county.stats, county.county_edu, county.school)

    event = AuditEvent.objects.get(action="datadelivery.create")
    assert event.extra == {
        "matter": matter.pk,
        "fields": ["teacher.name", "teacher.id_number", "teacher.professional_title", "teacher.subject",
                   f"collected.{_field('普通话等级').pk}"],
        "people": 2,
        "served": 8,
        "asked": 2,
        "tasks": 2,
    }  # fmt: skip
    assert (event.actor_id, event.region_code) == (county.county_edu.pk, "150222")


def test_a_request_asking_only_held_fields_issues_no_form(county):
    matter = approved_request(county.stats, county.county_edu, county.school, fields=["姓名", "职称"])

    delivery = DataDelivery.objects.get(matter=matter)
    assert (delivery.people, delivery.served, delivery.asked) == (2, 4, 0)
    assert FieldTask.objects.count() == 0


def test_the_counts_are_kept_per_school_with_its_county_and_year(county):
    matter = approved_request(county.stats, county.county_edu, county.school, county.school2)

    tallies = DeliveryTally.objects.filter(delivery__matter=matter).order_by("school__code")
    year = matter.decided_at.year
    assert [
        (t.school.name, t.region.code, t.year, t.people, t.served, t.asked, t.answered) for t in tallies
    ] == [
        ("固阳县第一小学", "150222", year, 2, 8, 2, 0),
        ("固阳县第二小学", "150222", year, 1, 4, 1, 0),
    ]


def test_a_teachers_answer_joins_the_registry_and_completes_the_form(county):
    matter = approved_request(county.stats, county.county_edu, county.school)
    task = _task_of(county.zhang, matter)
    field = _field("普通话等级")

    done = field_task_answer(actor=county.zhang_user, task_id=task.pk, answers={str(field.pk): " 二级甲等 "})

    assert done.status == FieldTask.Status.DONE
    value = TeacherFieldValue.objects.get(teacher=county.zhang, field=field)
    assert (value.value, value.collected_by_request_id) == ("二级甲等", matter.pk)
    assert DeliveryTally.objects.get(delivery__matter=matter, school=county.school).answered == 1


def test_the_audit_of_an_answer_names_the_fields_but_not_the_values(county):
    matter = approved_request(county.stats, county.county_edu, county.school)
    task = _task_of(county.zhang, matter)
    field = _field("普通话等级")

    field_task_answer(actor=county.zhang_user, task_id=task.pk, answers={str(field.pk): "二级甲等"})

    event = AuditEvent.objects.get(action="teacherfieldvalue.answer")
    assert event.extra == {
        "matter": matter.pk,
        "teacher": county.zhang.pk,
        "fields": [field.pk],
        "completed": True,
    }
    assert "二级甲等" not in str(event.changes) + str(event.extra) + event.reason
    assert event.region_code == "150222"


def test_the_next_request_for_an_answered_field_asks_nobody(county):
    first = approved_request(county.stats, county.county_edu, county.school)
    field = _field("普通话等级")
    for teacher, user in ((county.zhang, county.zhang_user), (county.li, county.li_user)):
        field_task_answer(
            actor=user, task_id=_task_of(teacher, first).pk, answers={str(field.pk): "二级乙等"}
        )

    second = approved_request(
        county.stats, county.county_edu, county.school, title="教师普通话等级复核", fields=["普通话等级"]
    )

    delivery = DataDelivery.objects.get(matter=second)
    assert [(item["status"], item["code"]) for item in delivery.fields] == [("held", field.code)]
    assert (delivery.people, delivery.served, delivery.asked) == (2, 2, 0)
    assert FieldTask.objects.filter(delivery=delivery).count() == 0


def test_the_next_request_asks_only_the_teachers_who_have_not_answered(county):
    first = approved_request(county.stats, county.county_edu, county.school)
    field = _field("普通话等级")
    field_task_answer(
        actor=county.zhang_user, task_id=_task_of(county.zhang, first).pk, answers={str(field.pk): "一级乙等"}
    )

    second = approved_request(
        county.stats,
        county.county_edu,
        county.school,
        title="教师普通话等级复核",
        fields=["普通话等级", "姓名"],
    )

    delivery = DataDelivery.objects.get(matter=second)
    assert (delivery.served, delivery.asked) == (3, 1)
    assert list(FieldTask.objects.filter(delivery=delivery).values_list("teacher__name", flat=True)) == [
        "李老师"
    ]


def test_one_answer_completes_every_open_form_asking_that_field(county):
    first = approved_request(county.stats, county.county_edu, county.school)
    second = approved_request(
        county.stats, county.county_edu, county.school, title="教师普通话等级复核", fields=["普通话等级"]
    )
    field = _field("普通话等级")

    field_task_answer(
        actor=county.zhang_user, task_id=_task_of(county.zhang, first).pk, answers={str(field.pk): "二级甲等"}
    )

    assert _task_of(county.zhang, second).status == FieldTask.Status.DONE
    assert DeliveryTally.objects.get(delivery__matter=second, school=county.school).answered == 1
    assert TeacherFieldValue.objects.filter(teacher=county.zhang).count() == 1


def test_a_partial_answer_keeps_the_form_open(county):
    matter = approved_request(
        county.stats, county.county_edu, county.school, fields=["普通话等级", "驾驶证类型"]
    )
    task = _task_of(county.zhang, matter)

    saved = field_task_answer(
        actor=county.zhang_user, task_id=task.pk, answers={str(_field("驾驶证类型").pk): "C1"}
    )

    assert saved.status == FieldTask.Status.OPEN
    assert list(TeacherFieldValue.objects.values_list("field__label", "value")) == [("驾驶证类型", "C1")]


def test_an_over_long_answer_is_refused_and_nothing_is_saved(county):
    matter = approved_request(
        county.stats, county.county_edu, county.school, fields=["普通话等级", "驾驶证类型"]
    )
    task = _task_of(county.zhang, matter)
    answers = {str(_field("普通话等级").pk): "二级甲等", str(_field("驾驶证类型").pk): "C" * 201}

    with pytest.raises(ValidationError) as refused:
        field_task_answer(actor=county.zhang_user, task_id=task.pk, answers=answers)

    assert refused.value.message_dict == {f"field-{_field('驾驶证类型').pk}": ["“驾驶证类型”不能超过200字"]}
    assert TeacherFieldValue.objects.count() == 0
    assert AuditEvent.objects.filter(action="teacherfieldvalue.answer").count() == 0


def test_an_empty_answer_is_refused(county):
    matter = approved_request(county.stats, county.county_edu, county.school)

    with pytest.raises(ValidationError) as refused:
        field_task_answer(actor=county.zhang_user, task_id=_task_of(county.zhang, matter).pk, answers={})

    assert refused.value.message_dict == {"task": ["请至少填写一项"]}


def test_a_completed_form_is_not_answered_again(county):
    matter = approved_request(county.stats, county.county_edu, county.school)
    task = _task_of(county.zhang, matter)
    field = _field("普通话等级")
    field_task_answer(actor=county.zhang_user, task_id=task.pk, answers={str(field.pk): "二级甲等"})

    with pytest.raises(ValidationError) as refused:
        field_task_answer(actor=county.zhang_user, task_id=task.pk, answers={str(field.pk): "一级乙等"})

    assert refused.value.message_dict == {"task": ["该表单已填写完成"]}
    assert TeacherFieldValue.objects.get().value == "二级甲等"


def test_a_teacher_cannot_answer_a_colleagues_form_and_nothing_changes(county):
    matter = approved_request(county.stats, county.county_edu, county.school)
    task = _task_of(county.zhang, matter)

    with pytest.raises(Http404):
        field_task_answer(
            actor=county.li_user, task_id=task.pk, answers={str(_field("普通话等级").pk): "三级甲等"}
        )

    assert TeacherFieldValue.objects.count() == 0
    assert FieldTask.objects.get(pk=task.pk).status == FieldTask.Status.OPEN


def test_a_student_data_request_issues_no_form_to_anyone(county):
    matter = approved_request(
        county.stats, county.county_edu, county.school, population="students", fields=["姓名", "近视度数"]
    )

    assert matter.state == State.APPROVED
    assert DataDelivery.objects.count() == 0
    assert FieldTask.objects.count() == 0
    assert CollectedField.objects.count() == 0


def test_a_rejected_request_delivers_nothing(county):
    matter = submit(county.stats, data_request(county.school))

    decide(county.county_edu, matter, action="reject", reason="重复统计")

    assert DataDelivery.objects.count() == 0
    assert FieldTask.objects.count() == 0


def test_fulfilling_twice_returns_the_first_delivery(county):
    matter = approved_request(county.stats, county.county_edu, county.school)

    again = data_request_fulfil(actor=county.county_edu, matter=matter)

    assert again == DataDelivery.objects.get()
    assert FieldTask.objects.count() == 2
