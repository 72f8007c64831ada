"""Demo Matters, made through the real pipeline (screening, chains, audit), so `make run` shows every stage:
approved ones on the whitelist with their codes, and a few waiting in the city bureau's inbox."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from jianfu.accounts.models import User
from jianfu.matters.models import Matter
from jianfu.matters.services.decisions import matter_decide
from jianfu.matters.services.limits import exam_week_add
from jianfu.matters.services.matters import matter_submit_new
from jianfu.matters.services.plans import plan_entry_file, plan_open, plan_publish
from jianfu.registry.models import School


@dataclass(frozen=True)
class DemoStory:
    data: dict
    # (username, action, reason) in order; an empty list leaves the Matter waiting in an inbox
    decisions: tuple[tuple[str, str, str], ...]


def _stories(schools: list[School], today: dt.date) -> list[DemoStory]:
    def later(days: int) -> str:
        return (today + dt.timedelta(days=days)).isoformat()

    a, b = schools[0], schools[1]
    return [
        DemoStory(
            {
                "kind": "inspection",
                "title": "校园及周边治安防控工作检查",
                "description": "检查学校安保人员配备、技防设施运行情况，现场查看，不要求学校准备汇报材料。",
                "in_annual_plan": False,
                "work_assigned_on": later(-60),
                "starts_on": later(45),
                "materials": [],
                "schools": [a.code, b.code],
            },
            (
                ("city-edu", "approve", "与本学期安全检查合并实施，不另行准备材料"),
                ("party-city", "approve", "同意，由市教育局统筹协调实施"),
            ),
        ),
        DemoStory(
            {
                "kind": "campus_activity",
                "title": "交通安全知识宣讲进校园",
                "description": "交警走进学校，利用班会课为学生讲解交通安全常识，不需要教师准备材料。",
                "targets": {"teachers": False, "students": True, "parents": False},
                "school_codes": [a.code],
                "date": later(30),
                "hours": 1,
                "theme": "交通安全",
            },
            (("city-edu", "approve", "纳入学校安全教育课程安排，同意"),),
        ),
        DemoStory(
            {
                "kind": "social_exam",
                "title": "全国计算机等级考试借用考点",
                "description": "借用学校计算机教室作为考点，监考由考试机构自行安排。",
                "school_code": b.code,
                "exam_date": later(50),
                "proctors_needed": 0,
            },
            (("city-edu", "approve", "考点安排在周末，不影响正常教学"),),
        ),
        DemoStory(
            {
                "kind": "task",
                "title": "推广注册国家反诈中心APP",
                "description": "请各校组织全体教师下载注册国家反诈中心APP，学校每周统计注册率并上报，纳入年终考核。",
                "targets": {"teachers": True, "students": False, "parents": False},
                "schools": [a.code, b.code],
                "starts_on": later(7),
            },
            (),
        ),
        DemoStory(
            {
                "kind": "meeting",
                "title": "全市校园安全工作推进会",
                "description": "通报校园安全工作情况，部署下一阶段任务。",
                "venue_region": "150203",
                "attendees": [{"region": "150222", "count": 6}, {"region": "150223", "count": 5}],
                "duration_minutes": 90,
                "teachers_attend": False,
                "schools": [a.code, b.code],
                "starts_on": later(20),
            },
            (),
        ),
    ]


def _demo_plan_and_exam_week(users: dict[str, User], school_admin: User, today: dt.date) -> None:
    """The city's published plan for this year with one police inspection filed, and an exam week at the demo
    school, so the plan pages and the exam-week rule have something to show."""
    plan = plan_open(actor=users["city-edu"], year=today.year)
    plan_entry_file(
        actor=users["dept-police"],
        plan_id=plan.pk,
        title="校园及周边治安防控工作检查",
        planned_month=min(today.month + 2, 12),
        description="每年一次，与教育部门安全检查合并实施。",
    )
    plan_publish(actor=users["city-edu"], plan_id=plan.pk)
    exam_start = today + dt.timedelta(days=70)
    exam_week_add(
        actor=school_admin,
        title="期末考试周",
        starts_on=exam_start,
        ends_on=exam_start + dt.timedelta(days=4),
    )


def demo_matters_load(*, today: dt.date | None = None) -> list[Matter]:
    """Submit and decide the demo stories as the demo users; nothing happens if Matters exist already."""
    if Matter.objects.exists():
        return []
    users = {
        user.username: user
        for user in User.objects.filter(username__in=["dept-police", "city-edu", "party-city"])
    }
    school_demo = User.objects.filter(username="school-demo").select_related("school").first()
    if len(users) < 3 or school_demo is None:
        return []
    other = School.objects.exclude(region=school_demo.school.region).order_by("code").first()
    schools = [school_demo.school, other or school_demo.school]
    today = today or timezone.localdate()
    _demo_plan_and_exam_week(users, school_demo, today)
    made = []
    for story in _stories(schools, today):
        matter = matter_submit_new(actor=users["dept-police"], data=story.data)
        for username, action, reason in story.decisions:
            matter = matter_decide(actor=users[username], matter_id=matter.pk, action=action, reason=reason)
        made.append(matter)
    return made
