"""Two counties' schools with students, a requesting department and school, and the bureaus that decide."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.registry.models import School, Student
from jianfu.sharing import services
from jianfu.sharing.models import StudentExportRequest
from tests.factories import (
    SchoolFactory,
    StudentFactory,
    bureau_user,
    department_user,
    region,
    user_with_role,
)

# Valid check characters (GB 11643) in the unassigned area 150299: synthetic people.
ID_ZHAO = "150299201505020020"
ID_QIAN = "150299201507110046"
ID_SUN = "150299201509030066"


@dataclass
class Setting:
    school: School  # 固阳县, the source
    other_school: School  # 昆都仑区
    zhao: Student
    qian: Student
    sun: Student
    health: object  # a city department (sees every school)
    county_police: object  # a county department of 固阳县
    bureau: object  # 固阳县教育局, decides requests on its schools
    other_bureau: object  # 昆都仑区教育局
    city_bureau: object
    school_admin: object  # of the other school (a transfer request)
    teacher: object


@pytest.fixture
def setting(db) -> Setting:
    school = SchoolFactory(region=region("150222"), name="固阳县第一小学", code="2115000001")
    other = SchoolFactory(region=region("150203"), name="昆都仑区第一小学", code="2115000002")
    zhao = StudentFactory(
        school=school,
        name="赵一",
        grade="三年级",
        class_name="1班",
        birth_date=dt.date(2015, 5, 2),
        id_number=ID_ZHAO,
    )
    qian = StudentFactory(
        school=school,
        name="钱二",
        grade="三年级",
        class_name="2班",
        birth_date=dt.date(2015, 7, 11),
        id_number=ID_QIAN,
    )
    sun = StudentFactory(
        school=school,
        name="孙三",
        grade="五年级",
        class_name="1班",
        birth_date=dt.date(2015, 9, 3),
        id_number=ID_SUN,
    )
    StudentFactory(school=school, name="李四", status=Student.Status.TRANSFERRED)  # left: never exported
    StudentFactory(school=other, name="周五")
    return Setting(
        school=school,
        other_school=other,
        zhao=zhao,
        qian=qian,
        sun=sun,
        health=department_user("包头市卫生健康委员会", region_code="150200"),
        county_police=department_user("固阳县公安局", region_code="150222"),
        bureau=bureau_user("150222"),
        other_bureau=bureau_user("150203"),
        city_bureau=bureau_user("150200"),
        school_admin=user_with_role(Role.SCHOOL_ADMIN, school=other),
        teacher=user_with_role(Role.TEACHER, school=school),
    )


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def submitted(s: Setting, *, requester=None, fields=("name", "class_name"), **kwargs) -> StudentExportRequest:
    """A request submitted through the service (the health commission's by default) for the 固阳县 school."""
    options = {"purpose": "春季学生健康体检名单核对", "id_justification": "", "expires_on": in_days(30)}
    options.update(kwargs)
    return services.student_export_save(
        actor=requester or s.health,
        fields=list(fields),
        school_ids=[s.school.pk],
        submit=True,
        **options,
    )


def approved(
    s: Setting, *, allow_unmasked_id: bool = False, reason: str = "", **kwargs
) -> StudentExportRequest:
    export = submitted(s, **kwargs)
    return services.student_export_decide(
        actor=s.bureau,
        export_id=export.pk,
        approve=True,
        reason=reason or ("体检须核对身份" if allow_unmasked_id else ""),
        allow_unmasked_id=allow_unmasked_id,
    )
