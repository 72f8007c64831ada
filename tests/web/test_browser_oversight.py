"""Measure 20 in chromium: a teacher, not logged in, finds that a demand's code fails verification and reports it
anonymously from a phone; the page solves its proof of work, keeps the draft through a reload, and shows the
tracking code once; the county bureau accepts, investigates, concludes it founded and replies; the teacher reads
the reply with the code."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.audit.models import AuditEvent
from jianfu.oversight.models import AccountabilityRecord, Case, CaseState, Report
from jianfu.policy.models import ConfirmedCase
from tests.factories import SchoolFactory, bureau_user, department_user, region, user_with_role
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser

TITLE = "要求全体教师为“最美家乡”评选网络投票并每天截图上报"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_an_anonymous_teacher_reports_the_county_handles_it_and_the_teacher_reads_the_reply(
    live_server, page, phone_page
):
    SchoolFactory(region=region("150222"), name="固阳县金山小学")
    department_user("固阳县文化旅游局", region_code="150222")
    county = bureau_user("150222", password=PASSWORD, display_name="王科长")
    supervisor = user_with_role(Role.SUPERVISOR, region_code="150200", password=PASSWORD)
    base = live_server.url

    # The teacher, not logged in, checks the code she was given: unknown, so she reports it from there.
    phone_page.goto(base + reverse("whitelist:verify", args=["ZZZZ9999"]))
    phone_page.get_by_test_id("report-link").click()
    phone_page.wait_for_url(re.compile(r".*/report/\?code=ZZZZ9999$"))
    phone_page.locator("#id_title").fill(TITLE)
    phone_page.locator("#id_organizer_name").fill("固阳县文化旅游局")
    phone_page.select_option("#id_organizer_level", "county")
    phone_page.locator("#id_school").fill("固阳县金山小学")
    phone_page.locator("#id_description").fill("通过教师工作群布置，每位教师每天投票并截图发群里。")
    phone_page.wait_for_timeout(500)  # the draft is saved 300 ms after typing stops

    # A reload (a dropped connection, a slip of the thumb) loses nothing.
    phone_page.reload()
    assert phone_page.get_by_test_id("draft-notice").is_visible()
    assert phone_page.locator("#id_title").input_value() == TITLE

    phone_page.wait_for_selector("form[data-pow-ready]")
    assert phone_page.get_by_test_id("pow-status").inner_text() == "校验已完成，可以提交。"
    phone_page.get_by_test_id("report-submit").click()
    phone_page.get_by_test_id("receipt").wait_for()
    code = phone_page.get_by_test_id("tracking-code").inner_text()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}", code)
    assert phone_page.get_by_test_id("route").inner_text() == "固阳县教育局"
    phone_page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    phone_page.get_by_test_id("copy-code").click()
    phone_page.get_by_text("已复制").wait_for()
    assert phone_page.evaluate("navigator.clipboard.readText()") == code
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    report = Report.objects.get()
    assert (report.is_anonymous, report.reporter, report.channel, report.verification_code) == (
        True,
        None,
        "verification",
        "ZZZZ9999",
    )
    event = AuditEvent.objects.get(action="report.receive")
    assert (event.actor, event.ip_address, event.user_agent, event.request_id) == (None, None, "", "")

    # The county bureau handles it: accept, investigate, conclude founded, reply from a template.
    case = Case.objects.get()
    log_in(page, base, county)
    page.goto(base + reverse("oversight:cases"))
    page.get_by_test_id(f"case-row-{case.pk}").get_by_role("link").click()
    page.wait_for_url(base + reverse("oversight:case", args=[case.pk]))
    assert page.get_by_test_id("reporter").inner_text() == "匿名"
    page.get_by_test_id("step-submit").click()  # 受理
    page.wait_for_url(base + reverse("oversight:case", args=[case.pk]))
    assert page.get_by_test_id("case-state").inner_text() == "已受理"
    page.get_by_test_id("step-submit").click()  # 开始调查核实
    page.wait_for_url(base + reverse("oversight:case", args=[case.pk]))
    page.get_by_test_id("conclusion-founded").click()
    page.locator("#id_note").fill("经查，该局通过教师工作群要求教师每日投票并截图，情况属实。")
    assert page.locator("#id_department_name").input_value() == "固阳县文化旅游局"
    page.locator("#id_person").fill("张某（办公室主任）")
    page.select_option("#id_measure", "9")
    page.select_option("#id_action", "notice")
    page.get_by_test_id("step-submit").click()  # 提交核查结论
    page.wait_for_url(base + reverse("oversight:case", args=[case.pk]))
    assert page.get_by_test_id("case-conclusion").inner_text() == "属实"
    page.get_by_test_id("template-founded-stopped").click()
    assert "经核查属实。我局已责令固阳县文化旅游局立即停止该要求" in page.locator("#id_reply").input_value()
    page.get_by_test_id("step-submit").click()  # 发送答复
    page.wait_for_url(base + reverse("oversight:case", args=[case.pk]))
    assert page.get_by_test_id("case-state").inner_text() == "已答复"
    case.refresh_from_db()
    assert case.state == CaseState.RESPONDED
    assert AccountabilityRecord.objects.get().person == "张某（办公室主任）"
    assert ConfirmedCase.objects.get().measure == 9

    # The teacher, still anonymous, reads the reply with her code.
    phone_page.goto(base + reverse("reporting:track"))
    phone_page.locator("#id_code").fill(code.lower())
    phone_page.get_by_test_id("track-submit").click()
    phone_page.get_by_test_id("track-result").wait_for()
    assert phone_page.get_by_test_id("track-status").inner_text() == "已答复"
    assert phone_page.get_by_test_id("track-conclusion").inner_text() == "属实"
    assert phone_page.get_by_test_id("track-reply").inner_text() == case.reply
    assert "王科长" not in phone_page.content()

    # The supervisor reads the case; nobody's page broke the content security policy.
    log_in(page, base, supervisor)
    page.goto(base + reverse("oversight:case", args=[case.pk]))
    assert page.get_by_test_id("case-state").inner_text() == "已答复"
    assert page.console_log.csp_violations() == [] and phone_page.console_log.csp_violations() == []
    assert page.console_log.errors() == [] and phone_page.console_log.errors() == []
