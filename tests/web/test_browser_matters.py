"""The pipeline in chromium: a police department submits an inspection, the county bureau consults, the party
committee approves, it appears on the whitelist; the school verifies the code; an invalid code is refused."""

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.matters.models import Matter, State
from tests.factories import SchoolFactory, bureau_user, department_user, party_user, region, user_with_role
from tests.matters.conftest import later

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password-3"


def log_in(page, base_url, user):
    page.context.clear_cookies()
    page.goto(base_url + reverse("login"))
    page.get_by_label("用户名", exact=True).fill(user.username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(base_url + reverse("home"))


def approve_from_inbox(page, base_url, title, reason):
    page.goto(base_url + reverse("matters:inbox"))
    page.get_by_role("link", name=title).click()
    page.locator("#reason").fill(reason)
    page.get_by_test_id("decide").click()
    page.wait_for_url(base_url + reverse("matters:inbox"))


def test_an_inspection_goes_from_the_police_to_the_whitelist_and_is_verified(live_server, page):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    police = department_user("固阳县公安局", region_code="150222", password=PASSWORD)
    bureau = bureau_user("150222", password=PASSWORD)
    party = party_user("150222", password=PASSWORD)
    principal = user_with_role(Role.SCHOOL_ADMIN, school=school, password=PASSWORD)
    base = live_server.url
    title = "校园周边治安与安全防范检查"

    # The police department drafts the inspection and sees the screening while typing.
    log_in(page, base, police)
    page.goto(base + reverse("matters:new"))
    page.select_option("#kind", "inspection")
    page.locator("#title").fill(title)
    page.locator("#description").fill("民警到校查看门卫值守和校园周边治安，现场查看，不要求学校准备材料。")
    page.select_option("#schools", school.code)
    page.locator("#starts_on").fill(later(60))
    page.locator("#inspection-assigned").fill(later(-30))
    verdict = page.get_by_test_id("live-verdict")
    verdict.wait_for()
    assert verdict.inner_text() == "需审查：审批人须写明理由"
    assert "第2条" in page.get_by_test_id("screening-panel").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-matter").click()
    page.wait_for_url(f"{base}/matters/*/")
    assert page.get_by_test_id("state").inner_text() == "教育部门会商"

    # The county bureau consults, the county party committee approves.
    log_in(page, base, bureau)
    approve_from_inbox(page, base, title, "辖区学校安全防范检查，确需公安部门现场查看")
    log_in(page, base, party)
    approve_from_inbox(page, base, title, "同意，由县教育局统筹安排")
    matter = Matter.objects.get(title=title)
    assert matter.state == State.APPROVED

    # It is on the public whitelist.
    page.context.clear_cookies()
    page.goto(base + reverse("whitelist:list"))
    row = page.get_by_test_id("whitelist").locator("tr", has_text=title)
    assert "中共固阳县委" in row.inner_text()
    assert matter.display_code in row.inner_text()

    # The school verifies the code it was shown, typed in lower case with a dash.
    log_in(page, base, principal)
    page.goto(base + reverse("whitelist:verify_form"))
    page.locator("#code").fill(matter.display_code.lower())
    page.get_by_test_id("verify-submit").click()
    result = page.get_by_test_id("verify-result")
    assert result.inner_text().startswith("✓ 核验通过")
    assert page.get_by_test_id("verify-title").inner_text() == title

    # An invalid code is refused plainly.
    page.locator("#code").fill("ZZZZ-9999")
    page.get_by_test_id("verify-submit").click()
    assert "查无此核验码：该要求未经批准公示" in page.get_by_test_id("verify-result").inner_text()
    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []
