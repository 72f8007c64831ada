"""The data-scope matrix: for each role, exactly what it can list, open and change."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.registry.models import School, Student, Teacher
from tests.factories import SchoolFactory, StudentFactory, TeacherFactory, region, user_with_role


@dataclass
class World:
    """Two counties: 固阳县 (school A) and 昆都仑区 (school B), a teacher and a student in each."""

    school_a: School
    school_b: School
    teacher_a: Teacher
    teacher_b: Teacher
    student_a: Student
    student_b: Student
    users: dict


@pytest.fixture
def world(db) -> World:
    school_a = SchoolFactory(region=region("150222"))
    school_b = SchoolFactory(region=region("150203"))
    teacher_a, teacher_b = TeacherFactory(school=school_a), TeacherFactory(school=school_b)
    users = {
        "city_edu": user_with_role(Role.CITY_EDU),
        "county_edu": user_with_role(Role.COUNTY_EDU, region_code="150222"),
        "party": user_with_role(Role.PARTY),
        "department": user_with_role(Role.DEPARTMENT),
        "school_admin": user_with_role(Role.SCHOOL_ADMIN, school=school_a),
        "teacher": user_with_role(Role.TEACHER, teacher=teacher_a, school=school_a),
        "supervisor": user_with_role(Role.SUPERVISOR),
        "county_supervisor": user_with_role(Role.SUPERVISOR, region_code="150203"),
    }
    return World(
        school_a=school_a,
        school_b=school_b,
        teacher_a=teacher_a,
        teacher_b=teacher_b,
        student_a=StudentFactory(school=school_a),
        student_b=StudentFactory(school=school_b),
        users=users,
    )


# role -> (schools, teachers, students, editable teachers), by the letters of World's objects.
MATRIX = {
    "city_edu": ("ab", "ab", "ab", "ab"),
    "county_edu": ("a", "a", "a", "a"),
    "party": ("ab", "", "", ""),
    "department": ("ab", "", "", ""),
    "school_admin": ("a", "a", "a", "a"),
    "teacher": ("a", "a", "", ""),
    "supervisor": ("ab", "ab", "ab", ""),
    "county_supervisor": ("b", "b", "b", ""),
}


def _letters(world: World, kind: str, rows) -> str:
    by_pk = {getattr(world, f"{kind}_{letter}").pk: letter for letter in "ab"}
    return "".join(sorted(by_pk[row.pk] for row in rows if row.pk in by_pk))


@pytest.mark.parametrize("role", MATRIX)
def test_each_role_lists_exactly_its_scope(world, role):
    user = world.users[role]
    schools, teachers, students, _ = MATRIX[role]

    assert _letters(world, "school", scope.visible_to(user, School)) == schools
    assert _letters(world, "teacher", scope.visible_to(user, Teacher)) == teachers
    assert _letters(world, "student", scope.visible_to(user, Student)) == students


@pytest.mark.parametrize("role", MATRIX)
def test_each_role_may_change_exactly_its_editable_teachers(world, role):
    assert _letters(world, "teacher", scope.editable_by(world.users[role], Teacher)) == MATRIX[role][3]


def test_a_teacher_sees_only_their_own_record_not_a_colleague(world):
    colleague = TeacherFactory(school=world.school_a)

    visible = set(scope.visible_to(world.users["teacher"], Teacher).values_list("pk", flat=True))

    assert visible == {world.teacher_a.pk}
    assert colleague.pk not in visible


def test_anonymous_sees_regions_and_nothing_else(world):
    from django.contrib.auth.models import AnonymousUser

    from jianfu.registry.models import Region

    anonymous = AnonymousUser()

    assert scope.visible_to(anonymous, Region).count() == 10
    assert not scope.visible_to(anonymous, School).exists()
    assert not scope.visible_to(anonymous, Teacher).exists()


def test_an_inactive_user_sees_nothing(world):
    user = world.users["city_edu"]
    user.is_active = False

    assert not scope.visible_to(user, School).exists()


def test_audit_log_is_visible_to_supervisors_only_within_their_area(world):
    from jianfu.audit import events

    events.personal_data_viewed(actor=world.users["city_edu"], obj=world.teacher_a)
    events.personal_data_viewed(actor=world.users["city_edu"], obj=world.teacher_b)

    city = scope.visible_to(world.users["supervisor"], AuditEvent)
    county = scope.visible_to(world.users["county_supervisor"], AuditEvent)

    assert sorted(city.values_list("object_id", flat=True)) == sorted(
        [str(world.teacher_a.pk), str(world.teacher_b.pk)]
    )
    assert list(county.values_list("object_id", flat=True)) == [str(world.teacher_b.pk)]
    assert not scope.visible_to(world.users["city_edu"], AuditEvent).exists()


# Pages: out of scope answers 404, exactly like a missing object.
OPEN_MATRIX = {
    "city_edu": {"teacher_b": 200, "student_b": 200, "school_b": 200},
    "county_edu": {"teacher_b": 404, "student_b": 404, "school_b": 404},
    "party": {"teacher_b": 404, "student_b": 404, "school_b": 200},
    "department": {"teacher_b": 404, "student_b": 404, "school_b": 200},
    "school_admin": {"teacher_b": 404, "student_b": 404, "school_b": 404},
    "teacher": {"teacher_b": 404, "student_b": 404, "school_b": 404},
    "supervisor": {"teacher_b": 200, "student_b": 200, "school_b": 200},
}
_URL_NAMES = {"teacher": "registry:teacher", "student": "registry:student", "school": "registry:school"}


@pytest.mark.parametrize("role", OPEN_MATRIX)
def test_opening_objects_answers_404_outside_the_scope(world, client, role):
    client.force_login(world.users[role])

    for key, expected in OPEN_MATRIX[role].items():
        kind = key.split("_")[0]
        obj = getattr(world, key)
        response = client.get(reverse(_URL_NAMES[kind], args=[obj.pk]))
        assert response.status_code == expected, (role, key)


def test_out_of_scope_and_missing_look_the_same(world, client):
    client.force_login(world.users["county_edu"])

    out_of_scope = client.get(reverse("registry:teacher", args=[world.teacher_b.pk]))
    missing = client.get(reverse("registry:teacher", args=[999_999]))

    assert out_of_scope.status_code == missing.status_code == 404
    # Identical pages but for the per-response CSRF token of the logout form.
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", out_of_scope.content) == token.sub(b"", missing.content)


@pytest.mark.parametrize("role", ["county_edu", "party", "department", "teacher", "supervisor"])
def test_changing_a_teacher_out_of_reach_is_404_and_changes_nothing(world, client, role):
    client.force_login(world.users[role])
    before = Teacher.objects.get(pk=world.teacher_b.pk)
    audit_rows = AuditEvent.objects.count()

    response = client.post(
        reverse("registry:teacher_edit", args=[world.teacher_b.pk]),
        {
            "subject": "数学",
            "weekly_lessons": 30,
            "professional_title": "高级教师",
            "status": "active",
            "post_category": "专业技术岗位",
            "highest_education": "本科",
            "political_status": "群众",
            "reason": "越权尝试",
        },
    )

    assert response.status_code == 404
    after = Teacher.objects.get(pk=world.teacher_b.pk)
    assert (after.subject, after.weekly_lessons, after.professional_title) == (
        before.subject,
        before.weekly_lessons,
        before.professional_title,
    )
    assert AuditEvent.objects.filter(category="change").count() == 0
    assert AuditEvent.objects.count() == audit_rows


def test_a_county_bureau_changes_its_own_teacher_and_the_change_is_audited(world, client):
    user = world.users["county_edu"]
    client.force_login(user)

    response = client.post(
        reverse("registry:teacher_edit", args=[world.teacher_a.pk]),
        {
            "subject": "数学",
            "stage_taught": "primary",
            "weekly_lessons": 14,
            "professional_title": "高级教师",
            "status": "active",
            "post_category": "专业技术岗位",
            "highest_education": "本科",
            "political_status": "群众",
            "reason": "职称评定结果",
        },
    )

    assert response.status_code == 302
    teacher = Teacher.objects.get(pk=world.teacher_a.pk)
    assert (teacher.subject, teacher.weekly_lessons, teacher.professional_title) == ("数学", 14, "高级教师")
    event = AuditEvent.objects.get(category="change")
    assert event.actor == user
    assert event.action == "teacher.update"
    assert event.reason == "职称评定结果"
    assert event.region_code == "150222"
    assert event.changes == {
        "professional_title": ["一级教师", "高级教师"],
        "stage_taught": ["", "primary"],
        "subject": ["语文", "数学"],
        "weekly_lessons": [12, 14],
    }


# Matters: p = pending in 固阳县 (school A), v = approved at school A, d = a 昆都仑区 department's draft (school B).
MATTER_MATRIX = {
    "city_edu": "pv",
    "county_edu": "pv",
    "party": "",
    "department": "",
    "school_admin": "v",
    "teacher": "v",
    "supervisor": "pv",
    "county_supervisor": "",
}


@pytest.fixture
def matters(world):
    from jianfu.matters.services.decisions import matter_decide
    from jianfu.matters.services.matters import matter_create_draft, matter_submit_new
    from tests.factories import bureau_user, department_user
    from tests.matters.conftest import campus_activity

    police_a = department_user("固阳县公安局", region_code="150222")
    police_b = department_user("昆都仑区公安分局", region_code="150203")
    pending = matter_submit_new(actor=police_a, data=campus_activity(world.school_a, title="待审批"))
    approved = matter_submit_new(actor=police_a, data=campus_activity(world.school_a, title="已批准"))
    matter_decide(actor=bureau_user("150222"), matter_id=approved.pk, action="approve", reason="同意")
    draft = matter_create_draft(actor=police_b, data=campus_activity(world.school_b, title="草稿"))
    return {"p": pending, "v": approved, "d": draft, "police_a": police_a, "police_b": police_b}


def _matter_letters(matters, rows) -> str:
    by_pk = {matters[letter].pk: letter for letter in "pvd"}
    return "".join(sorted(by_pk[row.pk] for row in rows if row.pk in by_pk))


@pytest.mark.parametrize("role", MATTER_MATRIX)
def test_each_role_sees_exactly_its_matters(world, matters, role):
    from jianfu.matters.models import Matter

    assert _matter_letters(matters, scope.visible_to(world.users[role], Matter)) == MATTER_MATRIX[role]


def test_a_department_sees_its_own_matters_drafts_included_and_edits_only_drafts(world, matters):
    from jianfu.matters.models import Matter

    assert _matter_letters(matters, scope.visible_to(matters["police_a"], Matter)) == "pv"
    assert _matter_letters(matters, scope.visible_to(matters["police_b"], Matter)) == "d"
    assert _matter_letters(matters, scope.editable_by(matters["police_a"], Matter)) == ""
    assert _matter_letters(matters, scope.editable_by(matters["police_b"], Matter)) == "d"


def test_the_party_committee_sees_what_reached_it(world, matters):
    from jianfu.matters.models import Matter
    from jianfu.matters.services.decisions import matter_decide
    from jianfu.matters.services.matters import matter_submit_new
    from tests.factories import bureau_user, party_user
    from tests.matters.conftest import inspection

    inspection_a = matter_submit_new(actor=matters["police_a"], data=inspection(world.school_a))
    county_party = party_user("150222")
    assert not scope.visible_to(county_party, Matter).filter(pk=inspection_a.pk).exists()

    matter_decide(actor=bureau_user("150222"), matter_id=inspection_a.pk, action="approve", reason="会商同意")

    assert list(scope.visible_to(county_party, Matter)) == [inspection_a]
    assert not scope.visible_to(world.users["party"], Matter).exists()  # the city's committee: not its level


def test_anonymous_sees_only_the_published_matters(world, matters):
    from django.contrib.auth.models import AnonymousUser

    from jianfu.matters.models import Matter

    assert not scope.visible_to(AnonymousUser(), Matter).exists()
    assert _matter_letters(matters, scope.published(Matter)) == "v"


# Pipeline settings: a = 固阳县's open plan, p = 昆都仑区's published plan; exam weeks a/b at schools A/B; feeds
# s = school A's, t = teacher A's. Per role: (readable plans, editable plans, exam weeks, editable exam weeks, feeds)
PIPELINE_MATRIX = {
    "city_edu": ("ap", "", "ab", "", ""),
    "county_edu": ("ap", "a", "a", "", ""),
    "party": ("p", "", "ab", "", ""),
    "department": ("p", "", "ab", "", ""),
    "school_admin": ("p", "", "a", "a", "s"),
    "teacher": ("p", "", "a", "", "t"),
    "supervisor": ("ap", "", "ab", "", ""),
    "county_supervisor": ("p", "", "b", "", ""),
}


@pytest.fixture
def pipeline(world):
    import datetime as dt

    from jianfu.matters.models import AnnualPlan, CalendarFeed, ExamWeek

    opener = world.users["city_edu"]
    week = {"starts_on": dt.date(2030, 6, 20), "ends_on": dt.date(2030, 6, 24)}
    return {
        "a": AnnualPlan.objects.create(year=2030, region=region("150222"), opened_by=opener),
        "p": AnnualPlan.objects.create(
            year=2030, region=region("150203"), opened_by=opener, status="published"
        ),
        "week_a": ExamWeek.objects.create(school=world.school_a, **week),
        "week_b": ExamWeek.objects.create(school=world.school_b, **week),
        "s": CalendarFeed.objects.create(school=world.school_a, nonce="s", created_by=opener),
        "t": CalendarFeed.objects.create(teacher=world.teacher_a, nonce="t", created_by=opener),
    }


def _pipeline_letters(pipeline, rows, keys) -> str:
    by_pk = {pipeline[key].pk: key[-1] for key in keys}
    return "".join(sorted(by_pk[row.pk] for row in rows if row.pk in by_pk))


@pytest.mark.parametrize("role", PIPELINE_MATRIX)
def test_each_role_sees_and_changes_exactly_its_plans_exam_weeks_and_feeds(world, pipeline, role):
    from jianfu.matters.models import AnnualPlan, CalendarFeed, ExamWeek

    user = world.users[role]
    plans, plans_editable, weeks, weeks_editable, feeds = PIPELINE_MATRIX[role]

    assert _pipeline_letters(pipeline, scope.readable(user, AnnualPlan), "ap") == plans
    assert _pipeline_letters(pipeline, scope.editable_by(user, AnnualPlan), "ap") == plans_editable
    assert _pipeline_letters(pipeline, scope.visible_to(user, ExamWeek), ["week_a", "week_b"]) == weeks
    assert (
        _pipeline_letters(pipeline, scope.editable_by(user, ExamWeek), ["week_a", "week_b"]) == weeks_editable
    )
    assert _pipeline_letters(pipeline, scope.visible_to(user, CalendarFeed), "st") == feeds
    assert _pipeline_letters(pipeline, scope.editable_by(user, CalendarFeed), "st") == feeds


def test_anonymous_reads_only_the_published_plans(world, pipeline):
    from django.contrib.auth.models import AnonymousUser

    from jianfu.matters.models import AnnualPlan, CalendarFeed, ExamWeek

    anonymous = AnonymousUser()

    assert _pipeline_letters(pipeline, scope.readable(anonymous, AnnualPlan), "ap") == "p"
    assert not scope.visible_to(anonymous, AnnualPlan).exists()
    assert not scope.readable(anonymous, ExamWeek).exists()
    assert not scope.readable(anonymous, CalendarFeed).exists()


# --- the burden ledger: entries (and disputes, proctor assignments) follow the teacher's school ---------------

# role -> (visible ledger entries, entries it may dispute or correct), by the letters of World's teachers.
LEDGER_MATRIX = {
    "city_edu": ("ab", ""),
    "county_edu": ("a", ""),
    "party": ("", ""),
    "department": ("", ""),
    "school_admin": ("a", "a"),
    "teacher": ("a", "a"),
    "supervisor": ("ab", ""),
    "county_supervisor": ("b", ""),
}


@pytest.mark.parametrize("role", LEDGER_MATRIX)
def test_each_role_sees_and_may_answer_exactly_its_ledger_entries(world, role):
    import datetime as dt
    from decimal import Decimal

    from jianfu.burden.models import LedgerEntry

    recorder = world.users["school_admin"]
    entries = {
        letter: LedgerEntry.objects.create(
            teacher=getattr(world, f"teacher_{letter}"), school=getattr(world, f"school_{letter}"),
            category="meetings", hours=Decimal("1"), date=dt.date(2030, 3, 1), recorded_by=recorder,
        )
        for letter in "ab"
    }  # fmt: skip
    by_pk = {entry.pk: letter for letter, entry in entries.items()}
    user = world.users[role]
    visible, answerable = LEDGER_MATRIX[role]

    assert "".join(sorted(by_pk[e.pk] for e in scope.visible_to(user, LedgerEntry))) == visible
    assert "".join(sorted(by_pk[e.pk] for e in scope.editable_by(user, LedgerEntry))) == answerable


# --- the registers (measures 14, 20): returns, reminders and examinations follow the teacher's school; WHO-5 ------

# role -> (visible reminders/exams, exams it may record, WHO-5 responses it may aggregate), by World's letters.
REGISTER_MATRIX = {
    "city_edu": ("ab", "", "ab"),
    "county_edu": ("a", "", "a"),
    "party": ("", "", ""),
    "department": ("", "", ""),
    "school_admin": ("a", "a", "a"),
    "teacher": ("a", "", ""),
    "supervisor": ("ab", "", "ab"),
    "county_supervisor": ("b", "", "b"),
}


@pytest.mark.parametrize("role", REGISTER_MATRIX)
def test_each_role_sees_exactly_its_register_rows(world, role):
    import datetime as dt

    from jianfu.burden.models import PhysicalExam, SecondmentReminder, WellbeingResponse
    from jianfu.matters.models import Matter
    from tests.factories import DepartmentFactory

    recorder = world.users["school_admin"]
    reminders, exams, responses = {}, {}, {}
    for letter in "ab":
        teacher, school = getattr(world, f"teacher_{letter}"), getattr(world, f"school_{letter}")
        matter = Matter.objects.create(
            kind="secondment", title=f"借用{letter}", organizer=DepartmentFactory(), submitted_by=recorder,
            chain="secondment", state="approved", teacher=teacher, ends_on=dt.date(2030, 6, 30),
        )  # fmt: skip
        reminders[SecondmentReminder.objects.create(
            matter=matter, teacher=teacher, school=school, threshold="7", ends_on=matter.ends_on,
            due_on=dt.date(2030, 6, 23),
        ).pk] = letter  # fmt: skip
        exams[PhysicalExam.objects.create(
            teacher=teacher, school=school, year=2030, due_on=dt.date(2030, 9, 1), recorded_by=recorder
        ).pk] = letter  # fmt: skip
        responses[WellbeingResponse.objects.create(
            period="2030-1", school=school, region=school.region, item1=1, item2=1, item3=1, item4=1, item5=1,
            raw_score=5,
        ).pk] = letter  # fmt: skip
    user = world.users[role]
    visible, recordable, aggregated = REGISTER_MATRIX[role]

    def letters(rows, by_pk):
        return "".join(sorted(by_pk[row.pk] for row in rows))

    assert letters(scope.visible_to(user, SecondmentReminder), reminders) == visible
    assert letters(scope.visible_to(user, PhysicalExam), exams) == visible
    assert letters(scope.editable_by(user, PhysicalExam), exams) == recordable
    assert letters(scope.visible_to(user, WellbeingResponse), responses) == aggregated
