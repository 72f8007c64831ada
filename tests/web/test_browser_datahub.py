"""Collect once, use many times, in chromium: a department requests five fields; four are held and delivered from
the registry after approval, one becomes a form that the teacher fills in on a phone; the next request for that
field asks nobody."""

from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.datahub.models import DataDelivery, FieldTask, TeacherFieldValue
from jianfu.matters.models import Matter, State
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    bureau_user,
    department_user,
    region,
    user_with_role,
)
from tests.matters.conftest import later
from tests.web.test_browser_matters import PASSWORD, approve_from_inbox, log_in

pytestmark = pytest.mark.browser

FIRST = "全县教师普通话水平情况统计"
SECOND = "教师普通话等级复核"


def request_data(page, base, school, title, fields):
    """The department fills in a data request and waits until each field is marked held or new."""
    page.goto(base + reverse("matters:new"))
    page.select_option("#kind", "data_request")
    page.locator("#title").fill(title)
    page.locator("#description").fill("用于语言文字工作评估，按学校汇总。")
    page.select_option("#schools", school.code)
    page.locator("#starts_on").fill(later(20))
    page.locator("#ends_on").fill(later(40))
    page.locator("#data-fields").fill("\n".join(fields))
    marks = page.get_by_test_id("field-mark")
    marks.nth(len(fields) - 1).wait_for()
    return [(mark.get_attribute("data-status"), mark.inner_text()) for mark in marks.all()]


def submit_request(page, base):
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-matter").click()
    page.wait_for_url(f"{base}/matters/*/")


def download(page) -> list[tuple]:
    with page.expect_download() as info:
        page.get_by_test_id("download-delivery").click()
    data = Path(info.value.path()).read_bytes()
    return list(load_workbook(BytesIO(data)).active.iter_rows(values_only=True))


def test_held_fields_are_delivered_a_new_one_is_asked_once_and_the_next_request_asks_nobody(
    live_server, page, phone_page
):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学", code="2115002001")
    teacher = TeacherFactory(
        school=school,
        name="张老师",
        subject="语文",
        professional_title="一级教师",
        id_number="150222198503140011",
    )
    stats = department_user("固阳县统计局", region_code="150222", password=PASSWORD)
    bureau = bureau_user("150222", password=PASSWORD)
    teacher_user = user_with_role(Role.TEACHER, teacher=teacher, password=PASSWORD)
    base = live_server.url

    # The department types five fields: the form marks four as held by the registry and one as new.
    log_in(page, base, stats)
    marks = request_data(page, base, school, FIRST, ["姓名", "身份证号", "职称", "任教学科", "普通话等级"])
    assert marks == [
        ("held", "已有 姓名 全国教师管理信息系统"),
        ("held", "已有 身份证号 全国教师管理信息系统（身份证件号）"),
        ("held", "已有 职称 全国教师管理信息系统（现任专业技术职务）"),
        ("held", "已有 任教学科 全国教师管理信息系统"),
        ("new", "新字段 普通话等级 向相关教师采集"),
    ]
    assert (
        page.get_by_test_id("field-marks-summary")
        .inner_text()
        .startswith("已有4项：批准后由平台从信息库直接提供")
    )
    submit_request(page, base)

    # The county bureau approves; the held fields are delivered at once, with no teacher involved.
    log_in(page, base, bureau)
    approve_from_inbox(page, base, FIRST, "在库字段由平台从信息库直接提供，新字段仅采集一次")
    first = Matter.objects.get(title=FIRST)
    assert first.state == State.APPROVED
    log_in(page, base, stats)
    page.goto(base + reverse("matters:detail", args=[first.pk]))
    assert page.get_by_test_id("served-count").inner_text() == "4 项（人×字段），无需任何人填写"
    assert page.get_by_test_id("asked-count").inner_text() == "1 项（人×字段）"
    assert download(page) == [
        ("学校", "姓名", "身份证号", "职称", "任教学科", "普通话等级"),
        ("固阳县金山小学", "张老师", "150***********0011", "一级教师", "语文", "（未填写）"),
    ]

    # The teacher, on a phone, finds a form with only the new field; what is typed survives a reload.
    log_in(phone_page, base, teacher_user)
    phone_page.goto(base + reverse("datahub:tasks"))
    phone_page.get_by_role("link", name=FIRST).click()
    form = phone_page.get_by_test_id("task-form")
    assert form.locator("label").all_inner_texts() == ["普通话等级"]
    phone_page.get_by_label("普通话等级").fill("二级甲等")
    phone_page.wait_for_function("() => Object.keys(localStorage).some(k => k.includes('datahub-task-'))")
    phone_page.reload()
    assert phone_page.get_by_label("普通话等级").input_value() == "二级甲等"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    phone_page.get_by_test_id("task-submit").click()
    phone_page.wait_for_url(base + reverse("datahub:tasks"))
    assert phone_page.get_by_test_id("empty").inner_text() == "没有待填写的数据需求"
    assert TeacherFieldValue.objects.get(teacher=teacher).value == "二级甲等"

    # The delivery now includes the answer.
    page.reload()
    assert download(page)[1][-1] == "二级甲等"

    # The next request for that field: held now, delivered after approval, and nobody is asked.
    marks = request_data(page, base, school, SECOND, ["普通话等级"])
    assert marks == [("held", "已有 普通话等级 教师本人")]
    submit_request(page, base)
    log_in(page, base, bureau)
    approve_from_inbox(page, base, SECOND, "信息库已有，直接提供")
    second = Matter.objects.get(title=SECOND)
    log_in(page, base, stats)
    page.goto(base + reverse("matters:detail", args=[second.pk]))
    assert page.get_by_test_id("served-count").inner_text() == "1 项（人×字段），无需任何人填写"
    assert page.get_by_test_id("asked-count").inner_text() == "0 项（人×字段）"
    assert download(page) == [("学校", "普通话等级"), ("固阳县金山小学", "二级甲等")]
    assert FieldTask.objects.filter(delivery=DataDelivery.objects.get(matter=second)).count() == 0
    phone_page.goto(base + reverse("datahub:tasks"))
    assert phone_page.get_by_test_id("empty").inner_text() == "没有待填写的数据需求"

    # The headline: five teacher-field entries served from the registry this year, one asked.
    page.goto(base + reverse("datahub:overview"))
    assert page.get_by_test_id("headline-served").inner_text() == "5 项（人×字段）"
    assert page.get_by_test_id("headline-asked").inner_text() == "1 项（人×字段）"
    for log in (page.console_log, phone_page.console_log):
        assert log.csp_violations() == []
        assert log.errors() == []
