"""Measure 16 in the browser: a department asks for two fields of a school's students, the county bureau approves,
the department downloads the file: only those fields, no ID number in any form, the recipient's watermark."""

from io import BytesIO
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.audit.models import AuditEvent
from jianfu.registry.protection import reveal
from jianfu.sharing.models import StudentExportRequest
from tests.factories import SchoolFactory, StudentFactory, bureau_user, department_user, region
from tests.web.conftest import nav_to
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_a_department_gets_two_fields_of_a_schools_students_after_the_county_bureau_approves(
    live_server, page
):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    students = [
        StudentFactory(school=school, name="赵一", grade="三年级", class_name="1班"),
        StudentFactory(school=school, name="钱二", grade="四年级", class_name="2班"),
    ]
    health = department_user("包头市卫生健康委员会", region_code="150200", password=PASSWORD)
    bureau = bureau_user("150222", password=PASSWORD)
    base = live_server.url
    today = timezone.localdate()

    # The department asks for the name and the grade (not the class, which the form ticks by default).
    log_in(page, base, health)
    nav_to(page, "学生数据导出")
    page.wait_for_url(base + reverse("sharing:exports"))
    assert "班主任不再重复统计、重复填报" in page.get_by_test_id("measure-note").inner_text()
    page.get_by_test_id("new-export").click()
    page.locator("#purpose").fill("春季学生健康体检，按年级安排体检时间")
    page.locator("input[name=fields][value=class_name]").uncheck()
    page.locator("input[name=fields][value=grade]").check()
    page.select_option("#schools", str(school.pk))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("submit-export").click()
    page.wait_for_url(f"{base}/sharing/student-exports/*/")
    assert page.get_by_test_id("status").inner_text() == "待审批"
    export = StudentExportRequest.objects.get()
    assert page.get_by_test_id("download").count() == 0

    # The county bureau approves it from its list.
    log_in(page, base, bureau)
    page.goto(base + reverse("sharing:exports"))
    page.get_by_role("link", name=export.number).click()
    assert page.get_by_test_id("students").inner_text() == "2 人"
    page.locator("#reason").fill("体检所需，同意")
    page.get_by_test_id("approve").click()
    page.wait_for_url(base + reverse("sharing:export_detail", args=[export.pk]))
    assert page.get_by_test_id("status").inner_text() == "已批准"

    # The department downloads the watermarked file.
    log_in(page, base, health)
    page.goto(base + reverse("sharing:export_detail", args=[export.pk]))
    with page.expect_download() as info:
        page.get_by_test_id("download").click()
    book = load_workbook(BytesIO(Path(info.value.path()).read_bytes()))

    mark = f"仅限包头市卫生健康委员会使用 · 申请编号{export.number} · 导出日期{today:%Y-%m-%d} · 不得转给他人或用于申请用途以外"
    data = book["学生数据"]
    assert list(data.iter_rows(values_only=True)) == [
        (mark, None),
        ("姓名", "年级"),
        ("赵一", "三年级"),
        ("钱二", "四年级"),
    ]
    assert data.oddHeader.center.text == mark
    cells = [
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    ]
    for student in students:
        full = reveal(student.id_cipher)
        assert not [c for c in cells if student.id_masked in c or full in c or full[6:14] in c]
    assert AuditEvent.objects.get(action="studentexportrequest.download").extra["count"] == 2
    assert page.console_log.csp_violations() == []
