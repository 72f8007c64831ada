"""The forced password change end to end on a 375 px phone: after a reset the user logs in with the temporary
password, is sent to 修改密码, sets a new one and reaches their home page; no CSP violation, nothing wider than
the screen."""

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.accounts.services.users import user_password_reset
from tests.accounts.administrators import administrator
from tests.factories import user_with_role

pytestmark = pytest.mark.browser

NEW = "Steppe-wind-2026"


def test_after_a_reset_a_user_changes_the_password_on_a_phone_and_reaches_home(live_server, phone_page):
    user = user_with_role(Role.TEACHER)
    temporary = user_password_reset(actor=administrator(), account=user)
    page = phone_page

    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名", exact=True).fill(user.username)
    page.get_by_label("密码", exact=True).fill(temporary)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(live_server.url + reverse("accounts:password_change"))
    forced_width = page.evaluate("document.documentElement.scrollWidth")
    page.get_by_label("原密码", exact=True).fill(temporary)
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码", exact=True).fill(NEW)
    page.get_by_test_id("password-change-submit").click()
    page.wait_for_url(live_server.url + reverse("home"))

    user.refresh_from_db()
    assert (user.check_password(NEW), user.must_change_password) == (True, False)
    assert page.get_by_test_id("home-title").inner_text().strip() == "教师个人空间"
    assert forced_width <= 375
    assert page.console_log.csp_violations() == []
