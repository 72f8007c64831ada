"""A small Baotou for the pipeline: two schools in 固阳县, one in 昆都仑区, and the bodies that act on them."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from jianfu.matters import screening
from jianfu.registry.models import School
from tests.factories import SchoolFactory, bureau_user, department_user, party_user, region


@dataclass
class Town:
    school_a: School
    school_a2: School
    school_b: School
    police: object  # 固阳县公安局 (county level)
    city_police: object  # 包头市公安局
    county_edu: object  # 固阳县教育局
    county_b_edu: object  # 昆都仑区教育局
    city_edu: object
    county_party: object
    city_party: object


@pytest.fixture(autouse=True)
def _fresh_index():
    screening.index_reset()
    yield
    screening.index_reset()


@pytest.fixture
def town(db) -> Town:
    return Town(
        school_a=SchoolFactory(region=region("150222"), name="固阳县第一小学"),
        school_a2=SchoolFactory(region=region("150222"), name="固阳县第二小学"),
        school_b=SchoolFactory(region=region("150203"), name="昆都仑区第一小学"),
        police=department_user("固阳县公安局", region_code="150222"),
        city_police=department_user("包头市公安局", region_code="150200"),
        county_edu=bureau_user("150222"),
        county_b_edu=bureau_user("150203"),
        city_edu=bureau_user("150200"),
        county_party=party_user("150222"),
        city_party=party_user("150200"),
    )


def later(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def inspection(*schools: School, **overrides) -> dict:
    """A routine inspection: announced two months ahead, assigned long before."""
    data = {
        "kind": "inspection",
        "title": "校园安全管理专项检查",
        "description": "检查学校安全管理制度落实情况，现场查看，不要求学校准备汇报材料。",
        "in_annual_plan": False,
        "work_assigned_on": later(-30),
        "starts_on": later(60),
        "materials": [],
        "schools": [school.code for school in schools],
    }
    data.update(overrides)
    return data


def campus_activity(*schools: School, **overrides) -> dict:
    data = {
        "kind": "campus_activity",
        "title": "交通安全知识宣讲进校园",
        "description": "交警走进学校为学生讲解交通安全常识。",
        "targets": {"teachers": False, "students": True, "parents": False},
        "school_codes": [school.code for school in schools],
        "date": later(40),
        "hours": 1.5,
        "theme": "交通安全",
    }
    data.update(overrides)
    return data


def social_exam(school: School, **overrides) -> dict:
    data = {
        "kind": "social_exam",
        "title": "全国计算机等级考试借用考点",
        "description": "借用学校教室作为考点。",
        "school_code": school.code,
        "exam_date": later(45),
        "proctors_needed": 4,
    }
    data.update(overrides)
    return data


def secondment(school: School, teacher_id: int, **overrides) -> dict:
    data = {
        "kind": "secondment",
        "title": "借用教师参与全市中考命题工作",
        "description": "借用一名数学骨干教师参与中考数学命题。",
        "teacher_id": str(teacher_id),
        "starts_on": later(40),
        "ends_on": later(40 + 120),
        "education_consent": False,
        "party_filing": False,
        "schools": [school.code],
    }
    data.update(overrides)
    return data


def submit(actor, data):
    from jianfu.matters.services.matters import matter_submit_new

    return matter_submit_new(actor=actor, data=data)


def decide(actor, matter, action="approve", reason="符合规定，同意"):
    from jianfu.matters.services.decisions import matter_decide

    return matter_decide(actor=actor, matter_id=matter.pk, action=action, reason=reason)
