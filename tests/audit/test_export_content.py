"""The audit export is a real workbook whose rows are the searched events."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.audit import events
from tests.factories import TeacherFactory, user_with_role


def test_exported_workbook_holds_the_header_and_the_matching_events(client, db):
    supervisor = user_with_role(Role.SUPERVISOR)
    viewer = user_with_role(Role.CITY_EDU, username="viewer-li")
    teacher = TeacherFactory(name="王芳")
    events.personal_data_viewed(actor=viewer, obj=teacher, reason="年度核查")
    client.force_login(supervisor)

    response = client.get(reverse("audit:events"), {"q": "viewer-li", "export": "xlsx"})

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("时间", "操作人", "角色", "类别", "操作", "对象")
    assert len(rows) == 2
    assert rows[1][1:6] == ("viewer-li", "市教育局", "个人信息查阅", "teacher.view", "王芳")
    assert rows[1][10] == "年度核查"
