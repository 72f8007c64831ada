"""A county user opens the dashboard and sees the proctoring histogram (drawn by ECharts) and, under it, its table."""

import datetime as dt

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from tests.burden.test_panels import proctored
from tests.factories import SchoolFactory, TeacherFactory, region, user_with_role
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_a_county_user_sees_the_proctoring_histogram_and_its_table(live_server, page):
    year = dt.date.today().year
    first = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    second = SchoolFactory(region=region("150222"), name="固阳县兴顺西中学")
    elsewhere = SchoolFactory(region=region("150203"), name="昆都仑区钢铁小学")
    busy = TeacherFactory.create_batch(2, school=first)[0]
    proctored(busy, dt.date(year, 1, 5), dt.date(year, 1, 6))
    proctored(TeacherFactory(school=second), dt.date(year, 1, 5))
    proctored(TeacherFactory(school=elsewhere), dt.date(year, 1, 5))
    account = user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)

    log_in(page, live_server.url, account)
    page.goto(live_server.url + reverse("burden:dashboard"))

    chart = page.get_by_test_id("chart-proctoring")
    chart.locator("canvas, svg").first.wait_for(state="visible")
    assert chart.bounding_box()["height"] > 200
    rows = page.get_by_test_id("table-proctoring").get_by_test_id("proctoring-row")
    assert rows.count() == 2
    assert rows.nth(0).locator("th").inner_text() == "固阳县金山小学"
    assert rows.nth(0).locator("td").all_inner_texts() == [
        "2",
        "4",
        "2",
        "1",
        "2",
        "1",
        "0",
        "1",
        "0",
        "0",
        "0",
    ]
    assert rows.nth(1).locator("th").inner_text() == "固阳县兴顺西中学"
    assert "昆都仑区钢铁小学" not in page.get_by_test_id("table-proctoring").inner_text()
    assert page.get_by_test_id("export-proctoring").get_attribute("href") == "?export=proctoring"
    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []
