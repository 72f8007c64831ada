"""A small Baotou for oversight: schools in 固阳县 and 昆都仑区, the bureaus of both counties and the city, a
supervisor, a county and a city department outside education, and a teacher with an account."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from jianfu.accounts.models import Role
from jianfu.oversight import cases
from jianfu.registry.models import School
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    bureau_user,
    department_user,
    region,
    user_with_role,
)

PASSWORD = "a-long-oversight-password-7"


@dataclass
class Baotou:
    school: School  # 固阳县金山小学
    other_school: School  # 昆都仑区钢铁小学
    county: object  # 固阳县教育局
    other_county: object  # 昆都仑区教育局
    city: object  # 包头市教育局
    supervisor: object  # city supervisor
    county_supervisor: object  # 固阳县 supervisor
    culture: object  # 固阳县文化旅游局 (a county department)
    city_health: object  # 包头市卫生健康委员会 (a city department)
    teacher: object  # a teacher of 金山小学 with an account


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and spent challenges live in the cache: every test starts without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def baotou(db) -> Baotou:
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学", code="2115000001")
    teacher = TeacherFactory(school=school, name="刘老师")
    return Baotou(
        school=school,
        other_school=SchoolFactory(region=region("150203"), name="昆都仑区钢铁小学", code="2115000002"),
        county=bureau_user("150222", display_name="固阳县教育局王科长", password=PASSWORD),
        other_county=bureau_user("150203"),
        city=bureau_user("150200"),
        supervisor=user_with_role(Role.SUPERVISOR, region_code="150200"),
        county_supervisor=user_with_role(Role.SUPERVISOR, region_code="150222"),
        culture=department_user("固阳县文化旅游局", region_code="150222"),
        city_health=department_user("包头市卫生健康委员会", region_code="150200"),
        teacher=user_with_role(Role.TEACHER, teacher=teacher, school=school, display_name="刘老师"),
    )


def handle_to(user, case, *steps: str, **conclusion):
    """Take `steps` of the case as `user` (conclude takes `conclusion`'s keywords); the case after the last."""
    for step in steps:
        if step == "conclude":
            case = cases.case_conclude(actor=user, case_id=case.pk, **conclusion)
        elif step == "respond":
            case = cases.case_respond(actor=user, case_id=case.pk, reply="经核查，情况属实，已责令停止。")
        else:
            case = getattr(cases, f"case_{step}")(actor=user, case_id=case.pk)
    return case


FOUNDED = {
    "conclusion": "founded",
    "note": "经查，该局通过教师群要求每位教师每日投票并截图。",
    "measure": 9,
    "rule_id": "M09.online-voting",
    "department_name": "固阳县文化旅游局",
    "person": "张某（办公室主任）",
    "action": "notice",
    "action_detail": "全县通报批评，责令立即停止。",
    "library_title": "文旅部门要求教师为评选活动网络投票并截图",
    "library_description": "通过教师工作群布置网络投票任务，要求每日截图上报。",
}
UNFOUNDED = {"conclusion": "unfounded", "note": "经查，该局未向学校布置投票任务。"}
