"""app.js in a real browser: drafts survive a reload or a failed submission, never hold a password; confirmations."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.registry.models import Teacher
from tests.factories import TeacherFactory, user_with_role

pytestmark = pytest.mark.browser

PASSWORD = "a-long-browser-password-2"
DRAFT_KEY = "jianfu:draft:anon:login"


def drafts(page) -> dict:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage)"
        ".filter(k => k.startsWith('jianfu:draft:')).map(k => [k, localStorage.getItem(k)]))"
    )


def log_in(page, base_url, username):
    page.goto(base_url + reverse("login"))
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(base_url + reverse("home"))


def wait_for_draft(page, key, text):
    page.wait_for_function(f"() => (localStorage.getItem('{key}') || '').includes('{text}')")


def type_login(page, username, password):
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.wait_for_function(f"() => (localStorage.getItem('{DRAFT_KEY}') || '').includes('{username}')")


def test_the_typed_username_survives_a_reload_but_the_password_is_never_stored(live_server, page):
    page.goto(live_server.url + reverse("login"))

    type_login(page, "someone-typing", "secret-password-typed")
    stored = drafts(page)
    page.reload()

    assert list(stored) == [DRAFT_KEY]
    assert json.loads(stored[DRAFT_KEY])["fields"] == {"username": "someone-typing"}
    assert "secret-password-typed" not in json.dumps(stored)
    assert page.get_by_label("用户名", exact=True).input_value() == "someone-typing"
    assert page.get_by_label("密码", exact=True).input_value() == ""
    assert page.get_by_test_id("draft-notice").inner_text().startswith("已恢复您上次未提交的内容")
    assert page.console_log.csp_violations() == []


def test_discarding_the_restored_draft_empties_the_form(live_server, page):
    page.goto(live_server.url + reverse("login"))
    type_login(page, "typed-by-mistake", "x")
    page.reload()

    page.get_by_role("button", name="清除草稿").click()

    assert page.get_by_label("用户名", exact=True).input_value() == ""
    assert drafts(page) == {}
    assert page.get_by_test_id("draft-notice").count() == 0


def test_a_failed_submission_keeps_the_draft_and_a_successful_one_clears_it(live_server, page):
    user = user_with_role(Role.TEACHER, password=PASSWORD)
    page.goto(live_server.url + reverse("login"))

    type_login(page, user.username, "wrong-password-here")
    page.get_by_test_id("login-submit").click()
    page.wait_for_load_state()

    assert page.get_by_test_id("login-error").is_visible()
    assert list(drafts(page)) == [DRAFT_KEY]

    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(live_server.url + reverse("home"))

    assert drafts(page) == {}


def test_data_confirm_asks_before_following_a_link(live_server, page):
    page.goto(live_server.url + reverse("login"))
    page.evaluate(
        """() => {
            const link = document.createElement('a');
            link.href = '/healthz';
            link.textContent = '危险操作';
            link.dataset.confirm = '确定要继续吗？';
            document.querySelector('main').appendChild(link);
        }"""
    )
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    page.get_by_text("危险操作").click()
    page.wait_for_timeout(200)
    assert page.url == live_server.url + reverse("login")

    page.once("dialog", lambda dialog: answer(dialog, True))
    page.get_by_text("危险操作").click()
    page.wait_for_url(live_server.url + "/healthz")

    assert questions == ["确定要继续吗？", "确定要继续吗？"]


def test_a_demo_account_button_fills_the_login_form(live_server, page):
    user_with_role(Role.CITY_EDU, username="city-edu", password=settings.DEMO_PASSWORD)
    page.goto(live_server.url + reverse("login"))

    page.locator("[data-demo-login='city-edu']").click()
    page.get_by_test_id("login-submit").click()

    page.wait_for_url(live_server.url + reverse("home"))
    assert page.get_by_test_id("home-title").inner_text() == "市教育局工作台"


def test_what_was_typed_in_a_form_survives_an_expired_session(live_server, page):
    teacher = TeacherFactory(subject="物理")
    user = user_with_role(Role.COUNTY_EDU, region_code="150222", password=PASSWORD)
    edit_url = live_server.url + reverse("registry:teacher_edit", args=[teacher.pk])
    key = f"jianfu:draft:u{user.pk}:teacher-edit-{teacher.pk}"
    log_in(page, live_server.url, user.username)
    page.goto(edit_url)
    page.get_by_label("任教学科", exact=True).fill("化学")
    page.get_by_label("修改事由", exact=True).fill("学期调整任教学科")
    wait_for_draft(page, key, "学期调整任教学科")

    page.context.clear_cookies()  # the session (and the CSRF cookie) is gone while the user was typing
    page.get_by_test_id("save").click()
    page.wait_for_load_state()
    assert "页面已过期" in page.locator("h1").inner_text()

    log_in(page, live_server.url, user.username)
    page.goto(edit_url)
    assert page.get_by_test_id("draft-notice").is_visible()
    assert page.get_by_label("任教学科", exact=True).input_value() == "化学"
    assert page.get_by_label("修改事由", exact=True).input_value() == "学期调整任教学科"

    page.get_by_test_id("save").click()
    page.wait_for_url(live_server.url + reverse("registry:teacher", args=[teacher.pk]))
    assert "教师信息已保存" in page.locator(".messages").inner_text()
    assert key not in drafts(page)
    assert Teacher.objects.get(pk=teacher.pk).subject == "化学"
    assert page.console_log.csp_violations() == []


def test_logging_out_removes_the_drafts_of_that_user(live_server, page):
    teacher = TeacherFactory()
    user = user_with_role(Role.SCHOOL_ADMIN, school=teacher.school, password=PASSWORD)
    key = f"jianfu:draft:u{user.pk}:teacher-edit-{teacher.pk}"
    log_in(page, live_server.url, user.username)
    page.goto(live_server.url + reverse("registry:teacher_edit", args=[teacher.pk]))
    page.get_by_label("修改事由", exact=True).fill("未提交的内容")
    wait_for_draft(page, key, "未提交的内容")

    page.get_by_test_id("logout").click()
    page.wait_for_url(live_server.url + reverse("login"))

    assert drafts(page) == {}
