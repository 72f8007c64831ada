"""A small Baotou for data requests: two schools in 固阳县 and one in 昆都仑区 with their teachers, a county
department that asks for data, the bodies that approve and oversee, and teachers' accounts."""

from dataclasses import dataclass

import pytest

from jianfu.accounts.models import Role
from jianfu.matters import screening
from jianfu.matters.models import Matter
from jianfu.registry.models import School, Teacher
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    bureau_user,
    department_user,
    region,
    user_with_role,
)
from tests.matters.conftest import decide, later, submit

# Four fields the teacher registry holds and one it does not.
FIVE_FIELDS = ["姓名", "身份证号", "职称", "任教学科", "普通话等级"]


@dataclass
class County:
    school: School  # 固阳县第一小学: 张老师, 李老师 (and a retired teacher)
    school2: School  # 固阳县第二小学: 赵老师
    other_school: School  # 昆都仑区第一小学: 孙老师
    zhang: Teacher
    li: Teacher
    retired: Teacher
    zhao: Teacher
    sun: Teacher
    stats: object  # 固阳县统计局 (asks for data)
    city_stats: object  # 包头市统计局 (asks across counties)
    other_department: object  # 昆都仑区卫生健康委员会 (another county's department)
    county_edu: object  # approves 固阳县's requests
    county_b_edu: object
    city_edu: object
    supervisor: object  # 固阳县's supervisor
    zhang_user: object
    li_user: object
    sun_user: object
    admin: object  # 固阳县第一小学's administrator


@pytest.fixture(autouse=True)
def _fresh_index():
    screening.index_reset()
    yield
    screening.index_reset()


@pytest.fixture
def county(db) -> County:
    school = SchoolFactory(region=region("150222"), name="固阳县第一小学", code="2115001001")
    school2 = SchoolFactory(region=region("150222"), name="固阳县第二小学", code="2115001002")
    other = SchoolFactory(region=region("150203"), name="昆都仑区第一小学", code="2115001003")
    zhang = TeacherFactory(
        school=school,
        name="张老师",
        subject="语文",
        professional_title="一级教师",
        id_number="150222198503140011",
    )
    li = TeacherFactory(
        school=school,
        name="李老师",
        subject="数学",
        professional_title="高级教师",
        id_number="150222199001010023",
    )
    retired = TeacherFactory(school=school, name="钱老师", status=Teacher.Status.RETIRED)
    zhao = TeacherFactory(school=school2, name="赵老师", subject="英语")
    sun = TeacherFactory(school=other, name="孙老师", subject="体育")
    return County(
        school=school,
        school2=school2,
        other_school=other,
        zhang=zhang,
        li=li,
        retired=retired,
        zhao=zhao,
        sun=sun,
        stats=department_user("固阳县统计局", region_code="150222"),
        city_stats=department_user("包头市统计局", region_code="150200"),
        other_department=department_user("昆都仑区卫生健康委员会", region_code="150203"),
        county_edu=bureau_user("150222"),
        county_b_edu=bureau_user("150203"),
        city_edu=bureau_user("150200"),
        supervisor=user_with_role(Role.SUPERVISOR, region_code="150222"),
        zhang_user=user_with_role(Role.TEACHER, teacher=zhang),
        li_user=user_with_role(Role.TEACHER, teacher=li),
        sun_user=user_with_role(Role.TEACHER, teacher=sun),
        admin=user_with_role(Role.SCHOOL_ADMIN, school=school),
    )


def data_request(*schools: School, fields=None, population: str = "teachers", **overrides) -> dict:
    data = {
        "kind": "data_request",
        "title": "全县教师普通话水平情况统计",
        "description": "统计教师普通话水平，用于语言文字工作评估。",
        "fields": list(FIVE_FIELDS if fields is None else fields),
        "population": population,
        "starts_on": later(20),
        "ends_on": later(40),
        "schools": [school.code for school in schools],
    }
    data.update(overrides)
    return data


def approved_request(actor, approver, *schools: School, **kwargs) -> Matter:
    """A data request submitted by `actor` and approved (with a justification) by `approver`."""
    matter = submit(actor, data_request(*schools, **kwargs))
    return decide(approver, matter, reason="在库字段由平台从信息库直接提供，新字段仅采集一次")
