"""Every list page costs a fixed number of queries, however many rows it shows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit import events
from jianfu.matters.models import AnnualPlan, ExamWeek, Matter, PlanEntry, QuotaSetting
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


# --- the pipeline's list pages: annual plans, a plan's entries, quota settings, exam weeks, the calendar ------

PLAN_YEAR = 2030


def _plan_of(user) -> AnnualPlan:
    plan, _ = AnnualPlan.objects.get_or_create(
        year=PLAN_YEAR, region=user.region, defaults={"opened_by": user}
    )
    return plan


def _make_pipeline_rows(kind: str, count: int, user) -> None:
    start = AnnualPlan.objects.count() + QuotaSetting.objects.count() + ExamWeek.objects.count()
    if kind == "plans":
        AnnualPlan.objects.bulk_create(
            AnnualPlan(year=PLAN_YEAR + 1 + start + n, region=user.region, opened_by=user)
            for n in range(count)
        )
    elif kind == "plan_entries":
        department = DepartmentFactory()
        PlanEntry.objects.bulk_create(
            PlanEntry(plan=_plan_of(user), department=department, title=f"检查{n}", planned_month=n % 12 + 1,
                      filed_by=user)
            for n in range(count)
        )  # fmt: skip
    elif kind == "quota_settings":
        QuotaSetting.objects.bulk_create(
            QuotaSetting(year=PLAN_YEAR + start + n, region=user.region) for n in range(count)
        )
    elif kind == "exam_weeks":
        schools = SchoolFactory.create_batch(count, region=region("150222"))
        ExamWeek.objects.bulk_create(
            ExamWeek(school=school, starts_on=dt.date(2030, 6, 20), ends_on=dt.date(2030, 6, 24))
            for school in schools
        )
    elif kind == "calendar":
        department = DepartmentFactory()
        day = dt.date.today() + dt.timedelta(days=30)
        for n in range(count):
            matter = Matter.objects.create(
                kind="campus_activity",
                title=f"活动{n}",
                organizer=department,
                submitted_by=user,
                chain="bureau",
                state="approved",
                starts_on=day,
                ends_on=day,
                verification_code=f"Q{Matter.objects.count():07d}",
                approved_by_label="固阳县教育局",
            )
            matter.schools.add(user.school)


PIPELINE_PAGES = {
    "plans": ("plans:list", Role.CITY_EDU),
    "plan_entries": ("plans:detail", Role.CITY_EDU),
    "quota_settings": ("matters:quotas", Role.CITY_EDU),
    "exam_weeks": ("matters:exam_weeks", Role.CITY_EDU),
    "calendar": ("calendar:mine", Role.SCHOOL_ADMIN),
}


@pytest.mark.parametrize("kind", PIPELINE_PAGES)
def test_a_pipeline_list_page_costs_the_same_queries_for_3_rows_as_for_45(client, db, kind):
    url_name, role = PIPELINE_PAGES[kind]
    user = user_with_role(role)
    client.force_login(user)
    url = reverse(url_name, args=[_plan_of(user).pk]) if kind == "plan_entries" else reverse(url_name)

    _make_pipeline_rows(kind, 3, user)
    few = _queries(client, url)
    _make_pipeline_rows(kind, 42, user)
    many = _queries(client, url)

    assert few == many
    assert many <= 14


# --- the burden ledger's list pages: entries, disputes, a school's teachers, a county's schools, proctoring -----


def _make_burden_rows(kind: str, count: int, user) -> None:
    from decimal import Decimal

    from jianfu.burden.models import Dispute, LedgerEntry, ProctorAssignment, ProctoringRun
    from jianfu.registry.models import School as SchoolModel

    school = (
        user.school
        or SchoolModel.objects.filter(region=region("150222")).first()
        or SchoolFactory(region=region("150222"))
    )
    recorder = user_with_role(Role.SCHOOL_ADMIN, school=school)
    if kind == "county":
        SchoolFactory.create_batch(count, region=region("150222"))
        return
    teachers = TeacherFactory.create_batch(count, school=school)
    today = dt.date.today()
    entries = LedgerEntry.objects.bulk_create(
        LedgerEntry(teacher=t, school=school, category="meetings", hours=Decimal("1.5"), date=today,
                    recorded_by=recorder)
        for t in teachers
    )  # fmt: skip
    if kind == "disputes":
        Dispute.objects.bulk_create(
            Dispute(entry=e, teacher_id=e.teacher_id, school=school, reason="时长有误") for e in entries
        )
    if kind == "proctoring":
        department = DepartmentFactory()
        matter = Matter.objects.create(
            kind="social_exam", title="考试", organizer=department, submitted_by=recorder, chain="bureau",
            state="approved", starts_on=today, verification_code=f"P{Matter.objects.count():07d}",
        )  # fmt: skip
        run = ProctoringRun.objects.create(
            school=school, date_from=today, date_to=today, optimum=1, lower_bound=1, cap=4, run_by=recorder
        )
        ProctorAssignment.objects.bulk_create(
            ProctorAssignment(run=run, matter=matter, teacher=t, school=school, exam_date=today, load_before=0,
                              load_after=1, explanation="在岗", assigned_by=recorder)
            for t in teachers
        )  # fmt: skip


BURDEN_PAGES = {
    "entries": ("burden:entries", Role.CITY_EDU),
    "disputes": ("burden:disputes", Role.SCHOOL_ADMIN),
    "school": ("burden:school", Role.SCHOOL_ADMIN),
    "county": ("burden:county", Role.COUNTY_EDU),
    "proctoring": ("burden:proctoring", Role.SCHOOL_ADMIN),
}


@pytest.mark.parametrize("kind", BURDEN_PAGES)
def test_a_burden_list_page_costs_the_same_queries_for_3_rows_as_for_45(client, db, kind):
    url_name, role = BURDEN_PAGES[kind]
    user = user_with_role(role, region_code="150222") if role != Role.SCHOOL_ADMIN else user_with_role(role)
    client.force_login(user)
    url = reverse(url_name)

    _make_burden_rows(kind, 3, user)
    few = _queries(client, url)
    _make_burden_rows(kind, 42, user)
    many = _queries(client, url)

    assert few == many
    assert many <= 14


# --- the registers (measures 11-14, 20): secondments, trainings, meetings, physical examinations ------------------


def _make_register_rows(kind: str, count: int, user) -> None:
    from jianfu.burden.models import SecondmentReminder

    school = SchoolFactory(region=region("150222"))
    department = DepartmentFactory()
    today = dt.date.today()
    for n in range(count):
        teacher = TeacherFactory(school=school)
        matter = Matter.objects.create(
            kind="secondment", title=f"借用{n}", organizer=department, submitted_by=user, chain="secondment",
            state="approved", starts_on=today - dt.timedelta(days=90), ends_on=today - dt.timedelta(days=n % 3),
            teacher=teacher, verification_code=f"S{Matter.objects.count():07d}", approved_by_label="固阳县教育局",
        )  # fmt: skip
        matter.schools.add(school)
        SecondmentReminder.objects.create(
            matter=matter, teacher=teacher, school=school, threshold="7", ends_on=matter.ends_on, due_on=today
        )


REGISTER_PAGES = {
    "secondments": ("burden:secondments", Role.COUNTY_EDU),
}


@pytest.mark.parametrize("kind", REGISTER_PAGES)
def test_a_register_page_costs_the_same_queries_for_3_rows_as_for_45(client, db, kind):
    url_name, role = REGISTER_PAGES[kind]
    user = user_with_role(role, region_code="150222")
    client.force_login(user)
    url = reverse(url_name) + "?status="

    _make_register_rows(kind, 3, user)
    few = _queries(client, url)
    _make_register_rows(kind, 42, user)
    many = _queries(client, url)

    assert few == many
    assert many <= 14
