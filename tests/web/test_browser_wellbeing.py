"""Measure 20 in the browser: a teacher answers the WHO-5 on a phone; the school records an exam done."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.burden.models import PhysicalExam, WellbeingResponse
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role
from tests.web.conftest import nav_to
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser

CHOICES = ("所有时间", "大部分时间", "一半以上时间", "少于一半时间", "偶尔")


def test_a_teacher_fills_the_who5_on_a_phone_and_sees_the_thanks(live_server, phone_page):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    teacher = TeacherFactory(school=school, name="刘老师")
    account = user_with_role(Role.TEACHER, teacher=teacher, school=school, password=PASSWORD)

    log_in(phone_page, live_server.url, account)
    phone_page.locator("summary", has_text="菜单").click()
    phone_page.get_by_role("link", name="健康问卷").first.click()
    phone_page.wait_for_url(live_server.url + reverse("burden:wellbeing"))
    for number, choice in enumerate(CHOICES, start=1):
        phone_page.get_by_test_id(f"who5-item{number}").get_by_label(choice, exact=True).check()
    phone_page.get_by_test_id("wellbeing-submit").click()

    assert (
        phone_page.get_by_test_id("wellbeing-thanks").get_by_role("status").inner_text()
        == "本期已填写，感谢参与"
    )
    assert phone_page.get_by_test_id("wellbeing-form").count() == 0
    assert list(WellbeingResponse.objects.values_list("raw_score", flat=True)) == [15]
    assert phone_page.console_log.csp_violations() == []


def test_the_school_records_an_exam_done(live_server, page):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    teacher = TeacherFactory(school=school, name="刘老师")
    admin = user_with_role(Role.SCHOOL_ADMIN, school=school, password=PASSWORD)
    today = timezone.localdate()

    log_in(page, live_server.url, admin)
    nav_to(page, "年度体检")
    page.wait_for_url(live_server.url + reverse("burden:physical_exams"))
    row = page.get_by_test_id(f"exam-{teacher.pk}")
    row.get_by_label("应检日期").fill(today.isoformat())
    row.get_by_label("体检日期").fill(today.isoformat())
    row.get_by_test_id(f"save-{teacher.pk}").click()

    row = page.get_by_test_id(f"exam-{teacher.pk}")
    assert row.locator(".tag").inner_text() == "已检"
    assert page.get_by_role("status").first.inner_text() == f"已保存刘老师的{today.year}年体检登记。"
    assert list(PhysicalExam.objects.values_list("teacher_id", "done_on")) == [(teacher.pk, today)]
    assert page.console_log.csp_violations() == []
