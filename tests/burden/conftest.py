"""A school with three teachers, its administrator, one teacher's account, and approved Matters concerning it."""

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from jianfu.accounts.models import Role
from jianfu.matters.models import Matter
from jianfu.registry.models import School, Teacher
from tests.factories import DepartmentFactory, SchoolFactory, TeacherFactory, region, user_with_role

_codes = itertools.count(1)


@dataclass
class Place:
    school: School
    other_school: School
    zhang: Teacher
    li: Teacher
    wang: Teacher
    stranger: Teacher  # a teacher of the other school (other county)
    admin: object
    teacher_user: object  # zhang's account
    other_admin: object


@pytest.fixture
def place(db) -> Place:
    school = SchoolFactory(region=region("150222"), name="固阳县第一小学")
    other = SchoolFactory(region=region("150203"), name="昆都仑区第一小学")
    zhang = TeacherFactory(school=school, name="张老师", subject="语文", weekly_lessons=12)
    li = TeacherFactory(school=school, name="李老师", subject="数学", weekly_lessons=16)
    wang = TeacherFactory(school=school, name="王老师", subject="英语", weekly_lessons=14)
    stranger = TeacherFactory(school=other, name="赵老师")
    return Place(
        school=school,
        other_school=other,
        zhang=zhang,
        li=li,
        wang=wang,
        stranger=stranger,
        admin=user_with_role(Role.SCHOOL_ADMIN, school=school),
        teacher_user=user_with_role(Role.TEACHER, teacher=zhang, school=school),
        other_admin=user_with_role(Role.SCHOOL_ADMIN, school=other),
    )


def approved_matter(
    school: School, *, kind: str = "inspection", day: dt.date | None = None, **payload
) -> Matter:
    """An approved Matter concerning `school` (created directly: the pipeline is tested in tests/matters)."""
    day = day or dt.date.today()
    organizer = DepartmentFactory()
    submitter = user_with_role(Role.DEPARTMENT)
    matter = Matter.objects.create(
        kind=kind,
        title=f"{kind}-{next(_codes)}",
        organizer=organizer,
        submitted_by=submitter,
        chain="bureau",
        state="approved",
        starts_on=day,
        ends_on=day,
        payload=payload,
        verification_code=f"B{next(_codes):07d}",
        approved_by_label="固阳县教育局",
    )
    matter.schools.add(school)
    return matter


def social_exam(school: School, *, day: dt.date, needed: int, **extra) -> Matter:
    return approved_matter(
        school,
        kind="social_exam",
        day=day,
        school_code=school.code,
        exam_date=day.isoformat(),
        proctors_needed=needed,
        **extra,
    )
