"""The README's demo logins, end to end: load the small demo Baotou, log in as each one, land home, log out."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from jianfu.accounts.demo_accounts import DEMO_ACCOUNTS

pytestmark = pytest.mark.browser

HOME_TITLES = {
    "city-edu": "市教育局工作台",
    "county-edu-150222": "旗县区教育局工作台",
    "party-city": "党委审批工作台",
    "dept-police": "部门工作台",
    "school-demo": "学校工作台",
    "teacher-demo": "教师个人空间",
    "supervisor-city": "督导工作台",
    "system-admin": "系统管理员工作台",
    "security-admin": "安全管理员工作台",
    "audit-admin": "安全审计员工作台",
}


def test_every_demo_login_reaches_its_home_page_and_logs_out(live_server, page):
    call_command("demo-data", "--scale", "small")
    visited = {}

    for account in DEMO_ACCOUNTS:
        page.goto(live_server.url + reverse("login"))
        page.get_by_label("用户名", exact=True).fill(account.username)
        page.get_by_label("密码", exact=True).fill(settings.DEMO_PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(live_server.url + reverse("home"))
        visited[account.username] = page.get_by_test_id("home-title").inner_text().strip()
        page.get_by_test_id("logout").click()
        page.wait_for_url(live_server.url + reverse("login"))

    assert visited == HOME_TITLES
    assert page.console_log.csp_violations() == []
