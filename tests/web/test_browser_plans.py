"""Annual plans in chromium (measure 1): the county bureau opens the year's plan, the police department files an
inspection into it, the bureau publishes it, and the published plan shows the entry to everyone."""

import pytest
from django.urls import reverse

from jianfu.matters.models import AnnualPlan, PlanEntry
from tests.factories import bureau_user, department_user
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_a_plan_is_opened_filed_into_published_and_read(live_server, page):
    bureau = bureau_user("150222", password=PASSWORD)
    police = department_user("固阳县公安局", region_code="150222", password=PASSWORD)
    base = live_server.url

    # The county bureau opens the plan for next year.
    log_in(page, base, bureau)
    page.goto(base + reverse("plans:list"))
    page.locator("#id_year").fill("2027")
    page.get_by_test_id("plan-open").click()
    page.wait_for_url(f"{base}/plans/*/")
    assert page.get_by_test_id("plan-title").inner_text() == "固阳县2027年度督查检查计划"
    assert page.get_by_test_id("plan-status").inner_text() == "征集中"
    plan = AnnualPlan.objects.get()

    # The police department files its planned inspection.
    log_in(page, base, police)
    page.goto(base + reverse("plans:detail", args=[plan.pk]))
    page.locator("#id_title").fill("校园周边治安秩序检查")
    page.select_option("#id_planned_month", "9")
    page.locator("#id_description").fill("开学前查看学校周边治安，不要求学校准备材料。")
    # The form posts to the page it is on: wait for the answer itself, not for a URL already there.
    with page.expect_navigation():
        page.get_by_test_id("plan-file").click()
    assert "已报备：校园周边治安秩序检查（9月）" in page.locator(".messages").inner_text()
    assert PlanEntry.objects.get().department.name == "固阳县公安局"

    # The bureau publishes it, after confirming.
    log_in(page, base, bureau)
    page.goto(base + reverse("plans:detail", args=[plan.pk]))
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_test_id("plan-publish").click()
    assert page.get_by_test_id("plan-status").inner_text() == "已公布"

    # The published plan shows the entry, to a visitor who is not logged in as well.
    page.context.clear_cookies()
    page.goto(base + reverse("plans:list"))
    page.get_by_role("link", name="固阳县2027年度督查检查计划").click()
    rows = page.get_by_test_id("plan-entries").locator("tbody tr")
    assert rows.count() == 1
    cells = [" ".join(text.split()) for text in rows.first.locator("th, td").all_inner_texts()]
    assert cells == [
        "9月",
        "校园周边治安秩序检查 开学前查看学校周边治安，不要求学校准备材料。",
        "固阳县公安局",
        "否",
    ]
    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []
