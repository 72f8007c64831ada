"""The student export pages: the list (search, paging, Excel), the request form, the detail, the menu."""

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jianfu.audit.models import AuditEvent
from jianfu.sharing import services
from jianfu.sharing.models import StudentExportRequest
from jianfu.web.menu import menu_for
from tests.factories import SchoolFactory, region, student_export_request
from tests.sharing.conftest import approved, in_days, submitted

NOTE = "措施第16条：学生信息以国家学籍网数据为基础，机构之间经授权导出，班主任不再重复统计、重复填报学籍已有的信息。"


def _numbers(response) -> list[str]:
    return [e.number for e in response.context["page"].object_list]


def test_the_list_reminds_that_class_teachers_never_re_enter_registry_data(client, setting):
    client.force_login(setting.health)

    response = client.get(reverse("sharing:exports"))

    assert response.status_code == 200
    assert NOTE in response.content.decode()


def test_a_department_lists_only_its_own_requests(client, setting):
    mine = student_export_request(requester=setting.health, schools=[setting.school])
    student_export_request(requester=setting.county_police, schools=[setting.school], status="submitted")
    client.force_login(setting.health)

    response = client.get(reverse("sharing:exports"))

    assert _numbers(response) == [mine.number]


def test_a_bureau_lists_what_was_submitted_to_its_county_but_no_drafts(client, setting):
    student_export_request(requester=setting.health, schools=[setting.school])  # a draft
    waiting = student_export_request(requester=setting.health, schools=[setting.school], status="submitted")
    student_export_request(requester=setting.health, schools=[setting.other_school], status="submitted")
    client.force_login(setting.bureau)

    response = client.get(reverse("sharing:exports"))

    assert _numbers(response) == [waiting.number]


def test_the_list_finds_a_request_by_its_number(client, setting):
    wanted = student_export_request(requester=setting.health, schools=[setting.school])
    student_export_request(requester=setting.health, schools=[setting.school])
    client.force_login(setting.health)

    response = client.get(reverse("sharing:exports"), {"q": wanted.number})

    assert _numbers(response) == [wanted.number]


def test_the_list_finds_requests_by_a_source_schools_name(client, setting):
    wanted = student_export_request(requester=setting.health, schools=[setting.other_school])
    student_export_request(requester=setting.health, schools=[setting.school])
    client.force_login(setting.health)

    response = client.get(reverse("sharing:exports"), {"q": "昆都仑"})

    assert _numbers(response) == [wanted.number]


def test_the_list_filters_by_status(client, setting):
    student_export_request(requester=setting.health, schools=[setting.school])
    waiting = student_export_request(requester=setting.health, schools=[setting.school], status="submitted")
    client.force_login(setting.health)

    response = client.get(reverse("sharing:exports"), {"status": "submitted"})

    assert _numbers(response) == [waiting.number]


def test_the_request_list_exports_to_excel_and_the_export_is_audited(client, setting):
    export = approved(setting)
    client.force_login(setting.health)
    client.get(reverse("sharing:export_download", args=[export.pk]))

    response = client.get(reverse("sharing:exports"), {"export": "xlsx"})

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("申请编号", "申请机构", "数据来源学校", "用途", "字段", "有效期至", "状态", "审批层级",
                       "审批意见", "审批时间", "下载次数", "最近下载")  # fmt: skip
    assert rows[1][:9] == (export.number, "包头市卫生健康委员会", "固阳县第一小学", "春季学生健康体检名单核对",
                           "姓名、班级", dt.datetime.combine(in_days(30), dt.time()), "已批准", "固阳县", None)  # fmt: skip
    assert rows[1][10] == 1
    assert len(rows) == 2
    event = AuditEvent.objects.get(action="studentexportrequest.export")
    assert event.extra["count"] == 1


def test_a_teacher_has_no_export_list(client, setting):
    client.force_login(setting.teacher)

    assert client.get(reverse("sharing:exports")).status_code == 403


def test_the_form_offers_every_registry_field_by_its_label_with_name_and_class_ticked(client, setting):
    client.force_login(setting.health)

    response = client.get(reverse("sharing:export_new"))

    html = response.content.decode()
    for label in (
        "学校",
        "姓名",
        "性别",
        "身份证件号",
        "出生日期",
        "民族",
        "年级",
        "班级",
        "入学年月",
        "学籍状态",
    ):
        assert f"> {label}</label>" in html
    assert 'value="name" checked' in html
    assert 'value="class_name" checked' in html
    assert 'value="id_number" checked' not in html
    assert 'data-autosave="student-export-new"' in html


def test_the_form_offers_a_county_department_only_the_schools_of_its_county(client, setting):
    client.force_login(setting.county_police)

    response = client.get(reverse("sharing:export_new"))

    assert list(response.context["schools"]) == [setting.school]


def test_submitting_the_form_creates_a_submitted_request_and_shows_it(client, setting):
    client.force_login(setting.health)

    response = client.post(
        reverse("sharing:export_new"),
        {"purpose": "学生体检名单", "fields": ["name", "class_name"], "schools": [setting.school.pk],
         "expires_on": in_days(20).isoformat(), "intent": "submit"},
        follow=True,
    )  # fmt: skip

    export = StudentExportRequest.objects.get()
    assert export.status == "submitted"
    assert response.redirect_chain == [(reverse("sharing:export_detail", args=[export.pk]), 302)]
    assert response.context["export"] == export


def test_a_form_with_errors_is_shown_again_with_what_was_typed(client, setting):
    client.force_login(setting.health)

    response = client.post(
        reverse("sharing:export_new"),
        {"purpose": "学生体检名单", "fields": ["name", "id_number"], "schools": [setting.school.pk],
         "expires_on": in_days(20).isoformat(), "intent": "submit"},
    )  # fmt: skip

    assert response.status_code == 400
    assert response.context["errors"] == ["申请导出身份证件号，须说明必要性"]
    assert "学生体检名单" in response.content.decode()
    assert StudentExportRequest.objects.count() == 0


def test_a_department_edits_its_draft_and_then_submits_it(client, setting):
    draft = student_export_request(requester=setting.health, schools=[setting.school])
    client.force_login(setting.health)

    client.post(
        reverse("sharing:export_edit", args=[draft.pk]),
        {"purpose": "改：体检名单", "fields": ["name"], "schools": [setting.school.pk],
         "expires_on": in_days(10).isoformat(), "intent": "draft"},
    )  # fmt: skip
    client.post(reverse("sharing:export_submit", args=[draft.pk]))

    draft.refresh_from_db()
    assert (draft.purpose, draft.fields, draft.status) == ("改：体检名单", ["name"], "submitted")


def test_another_institution_cannot_open_a_request(client, setting):
    export = submitted(setting)
    client.force_login(setting.county_police)

    assert client.get(reverse("sharing:export_detail", args=[export.pk])).status_code == 404


def test_the_deciding_bureau_sees_how_many_students_the_request_releases(client, setting):
    export = submitted(setting)
    client.force_login(setting.bureau)

    response = client.get(reverse("sharing:export_detail", args=[export.pk]))

    assert response.context["students"] == 3
    assert response.context["may_decide"] is True
    assert response.context["may_download"] is False


def test_the_requester_sees_the_download_button_only_once_approved(client, setting):
    export = submitted(setting)
    client.force_login(setting.health)
    before = client.get(reverse("sharing:export_detail", args=[export.pk])).context["may_download"]

    services.student_export_decide(actor=setting.bureau, export_id=export.pk, approve=True)
    after = client.get(reverse("sharing:export_detail", args=[export.pk])).context["may_download"]

    assert (before, after) == (False, True)


@pytest.mark.parametrize(
    ("who", "shown"),
    [("health", True), ("bureau", True), ("school_admin", True), ("teacher", False)],
)
def test_the_menu_offers_student_exports_to_institutions_and_bureaus_only(setting, who, shown):
    labels = [item.label for item in menu_for(getattr(setting, who))]

    assert ("学生数据导出" in labels) is shown


def _make(setting, count: int) -> None:
    schools = SchoolFactory.create_batch(2, region=region("150222"))
    for n in range(count):
        student_export_request(
            requester=setting.health, schools=schools[: 1 + n % 2], status="submitted", download_count=n
        )


@pytest.mark.parametrize("who", ["health", "bureau"])
def test_the_export_list_costs_the_same_queries_for_3_rows_as_for_30(client, setting, who):
    client.force_login(getattr(setting, who))
    url = reverse("sharing:exports")

    _make(setting, 3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _make(setting, 27)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(few) == len(many)
