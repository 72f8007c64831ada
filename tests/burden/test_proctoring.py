"""Proctoring for a school's approved social exams: saved, explained, audited; hand adjustments within the caps."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.burden.models import ProctorAssignment, ProctoringRun
from jianfu.burden.services import proctoring
from jianfu.matters.models import QuotaSetting
from jianfu.registry.models import Teacher
from tests.burden.conftest import social_exam

DAY = dt.date(2031, 6, 7)


def assign(place, **kwargs):
    return proctoring.proctors_assign(
        actor=place.admin, date_from=dt.date(2031, 6, 1), date_to=dt.date(2031, 6, 30), **kwargs
    )


def test_two_exams_are_staffed_evenly_explained_and_audited(place):
    first = social_exam(place.school, day=DAY, needed=2)
    second = social_exam(place.school, day=DAY + dt.timedelta(days=1), needed=1)

    run = assign(place)

    assert (run.optimum, run.lower_bound, run.cap) == (1, 1, 4)
    rows = list(ProctorAssignment.objects.order_by("exam_date", "teacher_id"))
    assert [r.matter_id for r in rows] == [first.pk, first.pk, second.pk]
    assert sorted(r.teacher_id for r in rows) == sorted([place.zhang.pk, place.li.pk, place.wang.pk])
    assert {(r.load_before, r.load_after) for r in rows} == {(0, 1)}
    assert rows[0].explanation == "在岗，当日无其他监考；本年度监考0次→1次（上限4次）"
    event = AuditEvent.objects.get(action="proctoring.assign")
    assert (event.extra["optimum"], event.extra["lower_bound"], len(event.extra["assignments"])) == (1, 1, 3)


def test_excluded_subjects_and_inactive_teachers_are_not_assigned(place):
    Teacher.objects.filter(pk=place.wang.pk).update(status=Teacher.Status.LEAVE)
    social_exam(place.school, day=DAY, needed=1)

    assign(place, exclusions={"*": {"subjects": "语文"}})

    assert list(ProctorAssignment.objects.values_list("teacher_id", flat=True)) == [place.li.pk]
    assert "回避语文" in ProctorAssignment.objects.get().explanation


def test_an_exam_that_cannot_be_staffed_is_refused_by_name_and_nothing_is_saved(place):
    exam = social_exam(place.school, day=DAY, needed=4)

    with pytest.raises(ValidationError) as exc:
        assign(place)

    assert exc.value.message_dict["exams"] == [
        f"{exam.title}（{DAY}）需要4名监考，符合条件（在岗、回避、当日无其他监考、年度上限4次）的教师最多只能安排3名"
    ]
    assert ProctoringRun.objects.count() == ProctorAssignment.objects.count() == 0


def test_the_yearly_cap_from_the_quota_settings_is_respected(place):
    QuotaSetting.objects.create(year=2031, region=place.school.region, proctoring_per_teacher_year=1)
    social_exam(place.school, day=DAY, needed=3)
    social_exam(place.school, day=DAY + dt.timedelta(days=1), needed=1)

    with pytest.raises(ValidationError):
        assign(place)
    assert ProctorAssignment.objects.count() == 0


def test_a_teacher_may_not_assign(place):
    social_exam(place.school, day=DAY, needed=1)
    with pytest.raises(PermissionDenied):
        proctoring.proctors_assign(actor=place.teacher_user, date_from=DAY, date_to=DAY)
    assert ProctorAssignment.objects.count() == 0


def test_a_replacement_that_breaks_eligibility_or_the_cap_is_refused_and_nothing_changes(place):
    QuotaSetting.objects.create(year=2031, region=place.school.region, proctoring_per_teacher_year=1)
    social_exam(place.school, day=DAY, needed=1)
    social_exam(place.school, day=DAY + dt.timedelta(days=1), needed=1)
    assign(place, exclusions={"*": {"subjects": "英语"}})  # 张 and 李 take one each; 王 is excluded
    first = ProctorAssignment.objects.order_by("exam_date").first()
    other = place.li if first.teacher_id == place.zhang.pk else place.zhang

    with pytest.raises(ValidationError) as over_cap:
        proctoring.proctor_replace(
            actor=place.admin, assignment_id=first.pk, teacher_id=other.pk, reason="调课"
        )
    with pytest.raises(ValidationError) as excluded:
        proctoring.proctor_replace(
            actor=place.admin, assignment_id=first.pk, teacher_id=place.wang.pk, reason="调课"
        )

    assert over_cap.value.message_dict["teacher"] == [
        f"{other.name}本年度已监考1次，再安排将超过每人每年1次的上限"
    ]
    assert excluded.value.message_dict["teacher"] == ["王老师任教本场考试的考生（英语），应回避"]
    assert ProctorAssignment.objects.get(pk=first.pk).teacher_id == first.teacher_id
    assert not AuditEvent.objects.filter(action="proctoring.adjust").exists()


def test_a_valid_replacement_is_saved_and_audited(place):
    social_exam(place.school, day=DAY, needed=1)
    assign(place, exclusions={"*": {"subjects": "英语"}})
    old = ProctorAssignment.objects.get()
    other = place.li if old.teacher_id == place.zhang.pk else place.zhang

    new = proctoring.proctor_replace(
        actor=place.admin, assignment_id=old.pk, teacher_id=other.pk, reason="外出培训"
    )

    assert (new.teacher_id, new.source, new.load_before, new.load_after) == (other.pk, "manual", 0, 1)
    assert (
        new.explanation
        == "手工调整：外出培训；在岗，不任教本场考生（回避英语），当日无其他监考；本年度监考0次→1次（上限4次）"
    )
    assert list(ProctorAssignment.objects.values_list("teacher_id", flat=True)) == [other.pk]
    event = AuditEvent.objects.get(action="proctoring.adjust")
    assert event.changes == {"teacher": [old.teacher_id, other.pk]}


def test_another_school_cannot_touch_the_assignment(place):
    social_exam(place.school, day=DAY, needed=1)
    assign(place)
    old = ProctorAssignment.objects.get()

    with pytest.raises(Http404):
        proctoring.proctor_replace(
            actor=place.other_admin, assignment_id=old.pk, teacher_id=place.stranger.pk, reason="x"
        )
    assert ProctorAssignment.objects.get().teacher_id == old.teacher_id
