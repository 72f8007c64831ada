"""A small world for the supervision indicators: two counties, three schools, six teachers, and in 2025 (this
year) and 2024 (last year) inspections against plans, campus activities against quota, ledger and training
hours, forms served from the registry, reports and their cases, physical examinations.

固阳县 (150222): 固阳督导一小 (G1: 张、李 active, 赵 retired) and 固阳督导二小 (G2: 王 active).
昆都仑区 (150203): 昆区督导一小 (K1: 孙、周 active).
The expected figures are written out beside each test (tests/oversight/supervision/test_indicators.py).
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.burden.services import ledger
from jianfu.burden.services.wellbeing import physical_exam_record
from jianfu.matters.models import QuotaSetting
from jianfu.registry.models import School, Teacher
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    annual_plan_with_entries,
    approved_matter_of,
    bureau_user,
    delivery_with_tallies,
    region,
    report_with_case,
    user_with_role,
)

THIS_YEAR, LAST_YEAR = 2025, 2024


def at(day: str, time: str = "10:00") -> dt.datetime:
    """A moment in Asia/Shanghai."""
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=timezone.get_current_timezone())


@dataclass
class World:
    g1: School
    g2: School
    k1: School
    county: object  # 固阳县教育局
    other_county: object  # 昆都仑区教育局
    city: object  # 市教育局
    supervisor: object  # 市教育督导
    g1_admin: object


def hours(admin, teachers: list[Teacher], amount: str, day: str, category: str = "meetings", **kwargs):
    ledger.ledger_record_participation(
        actor=admin,
        teacher_ids=[t.pk for t in teachers],
        hours=amount,
        date=dt.date.fromisoformat(day),
        category=category,
        note="工作",
        **kwargs,
    )


def exam(admin, teacher: Teacher, year: int, done: str | None = None):
    physical_exam_record(
        actor=admin,
        teacher_id=teacher.pk,
        year=year,
        due_on=dt.date(year, 9, 30),
        done_on=dt.date.fromisoformat(done) if done else None,
    )


@pytest.fixture
def world(db) -> World:
    g1 = SchoolFactory(region=region("150222"), name="固阳督导一小", code="2115900001")
    g2 = SchoolFactory(region=region("150222"), name="固阳督导二小", code="2115900002")
    k1 = SchoolFactory(region=region("150203"), name="昆区督导一小", code="2115900003")
    zhang = TeacherFactory(school=g1, name="张老师")
    li = TeacherFactory(school=g1, name="李老师")
    TeacherFactory(school=g1, name="赵老师", status=Teacher.Status.RETIRED)
    wang = TeacherFactory(school=g2, name="王老师")
    sun = TeacherFactory(school=k1, name="孙老师")
    zhou = TeacherFactory(school=k1, name="周老师")
    g1_admin = user_with_role(Role.SCHOOL_ADMIN, school=g1)
    g2_admin = user_with_role(Role.SCHOOL_ADMIN, school=g2)
    k1_admin = user_with_role(Role.SCHOOL_ADMIN, school=k1)

    # Measure 1: inspections (approved ones only, dated by their start) against the published plans.
    approved_matter_of(g1, g2, day=dt.date(2025, 3, 10))
    approved_matter_of(g1, day=dt.date(2025, 5, 5), out_of_plan=True)
    approved_matter_of(k1, day=dt.date(2024, 4, 1))
    approved_matter_of(g2, day=dt.date(2025, 6, 1), state="bureau_review")  # not approved: not counted
    approved_matter_of(g1, day=dt.date(2026, 1, 2))  # after the period
    annual_plan_with_entries(region_code="150222", year=2025, months=[2, 3, 11])
    annual_plan_with_entries(region_code="150200", year=2025, months=[5])
    annual_plan_with_entries(region_code="150203", year=2024, months=[4, 9])
    annual_plan_with_entries(region_code="150203", year=2025, months=[6], published=False)

    # Measure 4: campus activities against the semester quota (固阳县 set 3 for 2025; otherwise the default 6).
    approved_matter_of(g1, g2, kind="campus_activity", day=dt.date(2025, 3, 15))
    approved_matter_of(g1, kind="campus_activity", day=dt.date(2025, 9, 1))
    approved_matter_of(k1, kind="campus_activity", day=dt.date(2024, 10, 10))
    QuotaSetting.objects.create(year=2025, region=region("150222"), campus_activities_per_semester=3)

    # Non-teaching hours (the ledger service keeps the rollups) and training hours (professional development).
    hours(g1_admin, [zhang], "10", "2025-03-12")
    hours(g1_admin, [li], "5.5", "2025-04-01", category="inspections")
    hours(g1_admin, [zhang], "4", "2024-06-01")
    training = approved_matter_of(g1, kind="training", day=dt.date(2025, 5, 1), payload={"tier": "county"})
    hours(g1_admin, [zhang], "6", "2025-05-01", category="", matter_id=training.pk)
    hours(g2_admin, [wang], "3", "2025-08-08")
    hours(k1_admin, [sun], "8", "2024-12-31")
    hours(k1_admin, [zhou], "3", "2024-07-01", category="professional_development")
    hours(k1_admin, [sun], "2", "2026-01-01")  # after the period

    # Measures 15-17: entries data requests got from the registry (served) or asked of teachers.
    delivery_with_tallies(created_at=at("2025-04-10"), tallies={g1: (20, 4), g2: (10, 0)})
    delivery_with_tallies(created_at=at("2024-11-11"), tallies={k1: (6, 6)})

    # Measure 20: reports and their cases.
    report_with_case(
        received_at=at("2025-02-01"),
        region_code="150222",
        school=g1,
        concluded_at=at("2025-02-11"),
        conclusion="founded",
    )
    report_with_case(
        received_at=at("2025-03-01"),
        region_code="150222",
        concluded_at=at("2025-03-04", "22:00"),
        conclusion="unfounded",
    )
    report_with_case(received_at=at("2025-12-30"), region_code="150222", school=g2)
    report_with_case(
        received_at=at("2024-06-01"),
        region_code="150203",
        school=k1,
        concluded_at=at("2025-01-05"),  # concluded after its year ended: open in 2024's figures
        conclusion="unfounded",
    )
    report_with_case(
        received_at=at("2025-05-01"),
        region_code="150200",
        concluded_at=at("2025-05-03"),
        conclusion="unfounded",
    )

    # Measure 20: one physical examination a year.
    exam(g1_admin, zhang, 2025, "2025-04-01")
    exam(g1_admin, li, 2025)
    exam(g1_admin, zhang, 2024, "2024-05-01")
    exam(g2_admin, wang, 2025)
    exam(k1_admin, sun, 2025, "2025-06-06")
    exam(k1_admin, zhou, 2025, "2025-07-07")
    exam(k1_admin, sun, 2024, "2024-03-03")

    return World(
        g1=g1,
        g2=g2,
        k1=k1,
        county=bureau_user("150222"),
        other_county=bureau_user("150203"),
        city=bureau_user("150200"),
        supervisor=user_with_role(Role.SUPERVISOR, region_code="150200"),
        g1_admin=g1_admin,
    )
