"""A teacher logs in and sees this month's non-teaching hours by category (我的工作量)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.burden.models import LedgerEntry
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role
from tests.web.conftest import nav_to
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_a_teacher_sees_this_months_hours_by_category(live_server, page):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    teacher = TeacherFactory(school=school, name="刘老师")
    admin = user_with_role(Role.SCHOOL_ADMIN, school=school)
    account = user_with_role(Role.TEACHER, teacher=teacher, school=school, password=PASSWORD)
    today = dt.date.today()
    for category, hours in (("meetings", "2"), ("meetings", "1.5"), ("data_requests", "3")):
        LedgerEntry.objects.create(
            teacher=teacher,
            school=school,
            category=category,
            hours=Decimal(hours),
            date=today,
            recorded_by=admin,
        )

    log_in(page, live_server.url, account)
    nav_to(page, "我的工作量")
    page.wait_for_url(live_server.url + reverse("burden:mine"))

    assert page.get_by_test_id("month-meetings").inner_text() == "3.50"
    assert page.get_by_test_id("month-data_requests").inner_text() == "3.00"
    assert page.get_by_test_id("month-proctoring").inner_text() == "0.00"
    assert page.get_by_test_id("month-total").inner_text() == "6.50"
    assert page.console_log.csp_violations() == []
