"""The demo Matters go through the real pipeline: three on the whitelist, two waiting in the city's inbox."""

from django.core.management import call_command

from jianfu.accounts.models import User
from jianfu.matters import selectors
from jianfu.matters.models import AnnualPlan, ExamWeek, Matter, State


def test_demo_data_publishes_three_matters_and_leaves_two_in_the_city_inbox(db):
    call_command("demo-data", "--scale", "small", verbosity=0)

    states = dict(Matter.objects.values_list("title", "state"))
    assert states == {
        "校园及周边治安防控工作检查": State.APPROVED,
        "交通安全知识宣讲进校园": State.APPROVED,
        "全国计算机等级考试借用考点": State.APPROVED,
        "推广注册国家反诈中心APP": State.BUREAU_REVIEW,
        "全市校园安全工作推进会": State.BUREAU_REVIEW,
    }
    approved = Matter.objects.filter(state=State.APPROVED)
    assert all(len(matter.verification_code) == 8 for matter in approved)
    inbox = selectors.inbox_for(user=User.objects.get(username="city-edu"))
    assert sorted(matter.title for matter in inbox) == ["全市校园安全工作推进会", "推广注册国家反诈中心APP"]
    assert Matter.objects.get(title="推广注册国家反诈中心APP").verdict == "block"


def test_demo_data_publishes_the_citys_plan_and_sets_an_exam_week(db):
    call_command("demo-data", "--scale", "small", verbosity=0)

    plan = AnnualPlan.objects.get()
    assert (plan.region.code, plan.status) == ("150200", AnnualPlan.Status.PUBLISHED)
    assert list(plan.entries.values_list("title", flat=True)) == ["校园及周边治安防控工作检查"]
    week = ExamWeek.objects.get()
    assert (week.school.name, week.title) == ("固阳县金山镇中心小学", "期末考试周")


def test_demo_matters_are_not_made_twice(db):
    call_command("demo-data", "--scale", "small", verbosity=0)
    call_command("demo-data", "--scale", "small", verbosity=0)

    assert Matter.objects.count() == 5
