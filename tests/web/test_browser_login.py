"""Logging in and out through the real pages in headless chromium, for every role; phone width; CSP."""

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from tests.factories import SchoolFactory, StudentFactory, TeacherFactory, region, user_with_role

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password-1"

HOME_TITLES = {
    Role.CITY_EDU: "市教育局工作台",
    Role.COUNTY_EDU: "旗县区教育局工作台",
    Role.PARTY: "党委审批工作台",
    Role.DEPARTMENT: "部门工作台",
    Role.SCHOOL_ADMIN: "学校工作台",
    Role.TEACHER: "教师个人空间",
    Role.SUPERVISOR: "督导工作台",
    # 三员分立 (ADR 0009) and an account awaiting its role: their duty, no business totals.
    Role.SYSTEM_ADMIN: "系统管理员工作台",
    Role.SECURITY_ADMIN: "安全管理员工作台",
    Role.AUDIT_ADMIN: "安全审计员工作台",
    Role.PENDING: "等待授权",
}


def make_user(role, **kwargs):
    if role == Role.COUNTY_EDU:
        kwargs.setdefault("region_code", "150222")
    return user_with_role(role, password=PASSWORD, **kwargs)


def log_in(page, base_url, username, password=PASSWORD):
    page.goto(base_url + reverse("login"))
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()


def text_of(page, testid) -> str:
    return page.get_by_test_id(testid).inner_text().strip()


@pytest.mark.parametrize("role", list(Role))
def test_each_role_logs_in_lands_on_its_home_and_logs_out(live_server, page, role):
    user = make_user(role)

    log_in(page, live_server.url, user.username)

    assert page.url == live_server.url + reverse("home")
    assert text_of(page, "home-title") == HOME_TITLES[role]
    assert Role(role).label in text_of(page, "account")

    page.get_by_test_id("logout").click()
    page.wait_for_url(live_server.url + reverse("login"))
    assert text_of(page, "login-title") == "登录"
    assert page.get_by_test_id("logout").count() == 0
    # The session really ended: the home page sends us back to the login page.
    page.goto(live_server.url + reverse("home"))
    assert page.url == live_server.url + reverse("login")
    assert page.console_log.csp_violations() == []


def test_a_wrong_password_shows_the_chinese_error_and_keeps_the_username(live_server, page):
    user = make_user(Role.TEACHER)

    log_in(page, live_server.url, user.username, password="not-the-password")

    assert text_of(page, "login-error") == "用户名或密码不正确。连续输错多次将暂时锁定账号。"
    assert page.get_by_label("用户名", exact=True).input_value() == user.username
    assert page.get_by_label("密码", exact=True).input_value() == ""
    assert page.console_log.csp_violations() == []


def test_the_pages_break_no_content_security_policy_rule(live_server, page):
    school = SchoolFactory(region=region("150222"))
    teacher = TeacherFactory(school=school)
    StudentFactory(school=school)
    user = make_user(Role.CITY_EDU)

    log_in(page, live_server.url, user.username)
    for name, args in [
        ("registry:regions", []),
        ("registry:departments", []),
        ("registry:schools", []),
        ("registry:school", [school.pk]),
        ("registry:teachers", []),
        ("registry:teacher", [teacher.pk]),
        ("registry:students", []),
    ]:
        response = page.goto(live_server.url + reverse(name, args=args))
        assert response.status == 200, name
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") == (
            "rgb(18, 58, 120)"
        ), "app.css did not load"

    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []


def test_the_login_page_fits_a_375px_phone(live_server, phone_page):
    phone_page.goto(live_server.url + reverse("login"))

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone_page.get_by_test_id("login-submit").bounding_box()["height"] >= 44
    assert phone_page.console_log.csp_violations() == []


def test_wide_tables_scroll_inside_their_wrapper_on_a_phone(live_server, phone_page):
    SchoolFactory(
        name="达尔罕茂明安联合旗百灵庙第二中学附属小学",
        region=region("150223"),
        address="百灵庙镇某某路一百二十三号",
    )
    user = make_user(Role.CITY_EDU)

    log_in(phone_page, live_server.url, user.username)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.goto(live_server.url + reverse("registry:schools"))

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    wrapper = phone_page.locator(".table-wrap").first
    assert wrapper.evaluate("el => el.scrollWidth > el.clientWidth")  # the table scrolls, the page does not


def test_the_phone_menu_opens_without_script_and_leads_to_the_pages(live_server, phone_page):
    user = make_user(Role.SUPERVISOR)
    log_in(phone_page, live_server.url, user.username)
    header = phone_page.locator(".site-header")
    audit_link = header.get_by_role("link", name="审计日志", exact=True)

    assert audit_link.count() == 0  # collapsed: only the 菜单 button shows
    header.get_by_text("菜单", exact=True).click()
    audit_link.click()

    phone_page.wait_for_url("**" + reverse("audit:events"))
    assert phone_page.locator("h1").inner_text() == "审计日志"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
