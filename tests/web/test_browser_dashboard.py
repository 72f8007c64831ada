"""A county user opens the dashboard and sees its schools' chart (drawn by ECharts) and, under it, the table."""

import datetime as dt

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.burden.services import ledger
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role
from tests.web.conftest import nav_to
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_a_county_user_sees_its_schools_chart_and_table(live_server, page):
    today = dt.date.today()
    county = region("150222")
    first = SchoolFactory(region=county, name="固阳县金山小学")
    second = SchoolFactory(region=county, name="固阳县兴顺西中学")
    elsewhere = SchoolFactory(region=region("150203"), name="昆都仑区钢铁小学")
    for school, hours, category in ((first, "2.25", "meetings"), (second, "1.5", "data_requests"),
                                    (elsewhere, "7", "meetings")):  # fmt: skip
        teachers = TeacherFactory.create_batch(2, school=school)
        admin = user_with_role(Role.SCHOOL_ADMIN, school=school)
        ledger.ledger_record_participation(
            actor=admin, teacher_ids=[t.pk for t in teachers], hours=hours, date=today, category=category,
            note="工作",
        )  # fmt: skip
    account = user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)

    log_in(page, live_server.url, account)
    nav_to(page, "工作量看板")
    page.wait_for_url(live_server.url + reverse("burden:dashboard"))

    chart = page.get_by_test_id("chart-groups")
    chart.locator("canvas, svg").first.wait_for(state="visible")
    assert chart.bounding_box()["height"] > 200
    assert page.get_by_test_id("chart-trend").locator("canvas, svg").count() >= 1
    rows = page.get_by_test_id("table-groups").get_by_test_id("group-row")
    assert rows.count() == 2
    assert rows.nth(0).locator("th").inner_text() == "固阳县金山小学"
    assert rows.nth(0).get_by_test_id("group-total").inner_text() == "4.50"
    assert rows.nth(1).locator("th").inner_text() == "固阳县兴顺西中学"
    assert rows.nth(1).get_by_test_id("group-total").inner_text() == "3.00"
    assert "昆都仑区钢铁小学" not in page.get_by_test_id("table-groups").inner_text()
    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []
