"""The datahub's pages: the field dictionary with search and export, the live held/new marking, the Matter
page's panel, the delivery download (masked, audited), the counts, and the teacher's form."""

import json
import re
from io import BytesIO

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.audit.models import AuditEvent
from jianfu.datahub.models import CollectedField, DataDelivery, FieldTask, TeacherFieldValue
from jianfu.datahub.services import field_task_answer
from jianfu.web.listing import XLSX
from tests.datahub.conftest import approved_request, data_request
from tests.matters.conftest import submit
from tests.web.test_pages import body_rows, page_of, text


def _sheet(response) -> list[tuple]:
    assert response["Content-Type"] == XLSX
    return list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))


def _answer(county, matter, teacher, user, value):
    field = CollectedField.objects.get(label="普通话等级")
    task = FieldTask.objects.get(delivery__matter=matter, teacher=teacher)
    field_task_answer(actor=user, task_id=task.pk, answers={str(field.pk): value})


# --- the field dictionary -------------------------------------------------------------------------------------


def test_the_field_dictionary_lists_every_field_with_its_source_owner_and_freshness(county, client):
    client.force_login(county.zhang_user)

    page = page_of(client.get(reverse("datahub:fields"), {"q": "身份证号", "population": "teachers"}))

    assert body_rows(page) == [
        [
            "身份证件号",
            "teacher.id_number",
            "教师",
            "全国教师管理信息系统",
            "学校填报，旗县区教育局审核",
            "每学期初按全国教师管理信息系统导出文件导入（加密存储，仅提供脱敏号码）",
            "敏感个人信息（脱敏提供）",
            "身份证号、身份证号码、身份证件号码、证件号码、公民身份号码",
        ]
    ]


def test_the_field_dictionary_shows_fields_collected_by_requests(county, client):
    approved_request(county.stats, county.county_edu, county.school)
    client.force_login(county.stats)

    page = page_of(client.get(reverse("datahub:fields"), {"source": "teacher"}))

    [row] = body_rows(page)
    assert row[:5] == ["普通话等级", CollectedField.objects.get().code, "教师", "教师本人", "教师本人"]
    assert row[5].endswith("以后的需求直接复用，不再询问（已采集 0 人）")


def test_the_field_dictionary_exports_the_rows_searched_and_the_export_is_audited(county, client):
    client.force_login(county.stats)

    response = client.get(reverse("datahub:fields"), {"q": "学籍", "export": "xlsx"})

    rows = _sheet(response)
    assert rows[0] == (
        "编码",
        "字段名称",
        "对象",
        "来源",
        "维护主体",
        "更新方式",
        "个人信息类别",
        "同义名称",
        "已采集人数",
    )
    assert [row[:2] for row in rows[1:]] == [
        ("student.registry_no", "全国学籍号"),
        ("student.status", "学籍状态"),
    ]
    event = AuditEvent.objects.get(action="collectedfield.export")
    assert event.extra == {"count": 2, "filters": {"query": "学籍", "population": "", "source": ""}}


def test_the_field_dictionary_needs_a_login(client, db):
    response = client.get(reverse("datahub:fields"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- marking a request's fields ---------------------------------------------------------------------------------


def test_the_live_marking_says_which_fields_are_held_and_which_are_new(county, client):
    client.force_login(county.stats)

    response = client.post(
        reverse("datahub:classify"),
        json.dumps({"fields": ["姓名", "职称", "普通话等级"], "population": "teachers"}),
        content_type="application/json",
    )

    body = response.json()
    assert (body["held"], body["new"]) == (2, 1)
    assert [(m["requested"], m["status"], m["label"]) for m in body["fields"]] == [
        ("姓名", "held", "姓名"),
        ("职称", "held", "现任专业技术职务"),
        ("普通话等级", "new", "普通话等级"),
    ]


def test_the_live_marking_refuses_a_body_without_fields_or_population(county, client):
    client.force_login(county.stats)

    response = client.post(
        reverse("datahub:classify"), json.dumps({"fields": "姓名"}), content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "应提供 fields（字段名称列表）和 population（teachers 或 students）"}


def test_the_matter_form_carries_the_live_marking_of_a_data_requests_fields(county, client):
    client.force_login(county.stats)

    html = client.get(reverse("matters:new"), {"kind": "data_request"}).content.decode()

    assert f'data-classify-url="{reverse("datahub:classify")}"' in html
    assert '<script src="/static/jianfu/datahub.js" defer></script>' in html


def test_a_submitted_request_shows_its_fields_marked_held_or_new(county, client):
    matter = submit(county.stats, data_request(county.school))
    client.force_login(county.county_edu)

    page = page_of(client.get(reverse("matters:detail", args=[matter.pk])))

    assert body_rows(page, "field-marks-table") == [
        ["姓名", "已有", "全国教师管理信息系统"],
        ["身份证号", "已有", "全国教师管理信息系统（身份证件号）"],
        ["职称", "已有", "全国教师管理信息系统（现任专业技术职务）"],
        ["任教学科", "已有", "全国教师管理信息系统"],
        ["普通话等级", "新字段", "向相关教师采集"],
    ]
    assert page.testids["field-marks-summary"] == [
        "已有4项：批准后由平台从信息库直接提供，无需教师填写；新字段1项：批准后只向相关教师发放这1项的简表，"
        "填写后存入信息库，下次不再询问。"
    ]
    assert "delivery-counts" not in page.testids


def test_after_approval_the_department_sees_the_counts_and_the_download(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    client.force_login(county.stats)

    response = client.get(reverse("matters:detail", args=[matter.pk]))

    page = page_of(response)
    assert page.testids["served-count"] == ["8 项（人×字段），无需任何人填写"]
    assert page.testids["asked-count"] == ["2 项（人×字段）"]
    delivery = DataDelivery.objects.get()
    assert f'href="{reverse("datahub:download", args=[delivery.pk])}"' in response.content.decode()


def test_the_approving_bureau_sees_the_counts_but_no_download(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    client.force_login(county.county_edu)

    page = page_of(client.get(reverse("matters:detail", args=[matter.pk])))

    assert page.testids["people-count"] == ["2 人"]
    assert "download-delivery" not in page.testids


def test_a_teacher_concerned_finds_the_form_from_the_matter_page(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    client.force_login(county.zhang_user)

    response = client.get(reverse("matters:detail", args=[matter.pk]))

    task = FieldTask.objects.get(teacher=county.zhang)
    assert page_of(response).testids["my-task-link"] == ["请填写本需求的简表（只含信息库尚无的字段）"]
    assert f'href="{reverse("datahub:task", args=[task.pk])}"' in response.content.decode()


# --- the delivery ------------------------------------------------------------------------------------------------


def test_the_download_holds_the_registry_values_masked_and_the_answers_given(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    _answer(county, matter, county.zhang, county.zhang_user, "二级甲等")
    client.force_login(county.stats)

    response = client.get(reverse("datahub:download", args=[DataDelivery.objects.get().pk]))

    assert _sheet(response) == [
        ("学校", "姓名", "身份证号", "职称", "任教学科", "普通话等级"),
        ("固阳县第一小学", "张老师", "150***********0011", "一级教师", "语文", "二级甲等"),
        ("固阳县第一小学", "李老师", "150***********0023", "高级教师", "数学", "（未填写）"),
    ]
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]


def test_every_download_is_audited_as_a_personal_data_read(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    delivery = DataDelivery.objects.get()
    client.force_login(county.stats)

    client.get(reverse("datahub:download", args=[delivery.pk]))
    client.get(reverse("datahub:download", args=[delivery.pk]))

    events = AuditEvent.objects.filter(action="datadelivery.download")
    assert [(e.category, e.actor_id, e.object_id, e.region_code, e.extra["rows"]) for e in events] == [
        ("read", county.stats.pk, str(delivery.pk), "150222", 2)
    ] * 2
    assert events[0].extra["matter"] == matter.pk


# --- the counts ---------------------------------------------------------------------------------------------------


def test_the_department_sees_its_requests_with_what_the_registry_served(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    _answer(county, matter, county.zhang, county.zhang_user, "二级甲等")
    client.force_login(county.stats)

    page = page_of(client.get(reverse("datahub:overview")))

    day = f"{timezone.localdate(matter.data_delivery.created_at):%Y-%m-%d}"  # as shown: Beijing time
    assert body_rows(page, "requests") == [[matter.title, "固阳县统计局", day, "2", "8", "2", "1", "下载"]]
    assert page.testids["headline-served"] == ["8 项（人×字段）"]
    assert page.testids["headline-share"] == ["80%"]
    assert "regions" not in page.tables


def test_the_city_bureau_sees_the_yearly_headline_per_county(county, client):
    approved_request(county.city_stats, county.city_edu, county.school, county.other_school)
    client.force_login(county.city_edu)

    page = page_of(client.get(reverse("datahub:overview")))

    assert body_rows(page, "regions") == [
        ["昆都仑区", "1", "1", "4", "1", "0", "80%"],
        ["固阳县", "1", "2", "8", "2", "0", "80%"],
    ]
    assert page.testids["headline-requests"] == ["1 项"]
    assert body_rows(page, "requests")[0][-1] == "—"  # the delivery is the requesting department's alone


def test_the_counts_export_lists_each_request_and_the_years_total(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    year = matter.decided_at.year
    client.force_login(county.supervisor)

    rows = _sheet(client.get(reverse("datahub:overview"), {"export": "xlsx"}))

    assert rows[0] == (
        "事项编号", "数据需求", "提出部门", "批准日期", "涉及教师（人）", "信息库直接提供（人×字段）",
        "向教师采集（人×字段）", "教师已填写（人×字段）", "免填比例（%）",
    )  # fmt: skip
    assert [row[:3] + row[4:] for row in rows[1:]] == [
        (matter.pk, matter.title, "固阳县统计局", 2, 8, 2, 0, 80),
        (None, f"{year}年合计", None, 2, 8, 2, 0, 80),
    ]
    assert AuditEvent.objects.filter(action="deliverytally.export").count() == 1


def test_the_counts_page_is_not_for_teachers(county, client):
    client.force_login(county.zhang_user)

    assert client.get(reverse("datahub:overview")).status_code == 403


# --- the teacher's form -------------------------------------------------------------------------------------------


def test_the_teacher_sees_the_open_form_with_only_the_new_field(county, client):
    matter = approved_request(county.stats, county.county_edu, county.school)
    task = FieldTask.objects.get(teacher=county.zhang)
    client.force_login(county.zhang_user)

    listing = page_of(client.get(reverse("datahub:tasks")))
    response = client.get(reverse("datahub:task", args=[task.pk]))

    assert listing.testids["open-tasks"] == [
        f"{matter.title} 固阳县统计局 · {timezone.localdate(task.created_at):%Y-%m-%d}"
    ]
    html = response.content.decode()
    assert f'data-autosave="datahub-task-{task.pk}"' in html
    labels = re.findall(r'<label for="field-\d+">([^<]+)</label>', html)
    assert labels == ["普通话等级"]


def test_submitting_the_form_saves_the_answer_and_returns_to_the_list(county, client):
    approved_request(county.stats, county.county_edu, county.school)
    task = FieldTask.objects.get(teacher=county.zhang)
    field = CollectedField.objects.get()
    client.force_login(county.zhang_user)

    response = client.post(reverse("datahub:task", args=[task.pk]), {f"field-{field.pk}": "二级甲等"})

    assert response["Location"] == reverse("datahub:tasks")
    assert TeacherFieldValue.objects.get(teacher=county.zhang).value == "二级甲等"
    listing = client.get(response["Location"])
    assert "已提交。您的填写已存入信息库，以后的数据需求不会再向您询问这些内容。" in text(listing)
    assert "待填写" in text(listing) and "没有待填写的数据需求" in text(listing)


def test_a_form_with_an_error_shows_it_and_keeps_what_was_typed(county, client):
    approved_request(county.stats, county.county_edu, county.school)
    task = FieldTask.objects.get(teacher=county.zhang)
    field = CollectedField.objects.get()
    client.force_login(county.zhang_user)

    response = client.post(reverse("datahub:task", args=[task.pk]), {f"field-{field.pk}": "甲" * 201})

    page = page_of(response)
    assert page.testids["form-errors"] == ["请修改以下内容： “普通话等级”不能超过200字"]
    assert f'value="{"甲" * 201}"' in response.content.decode()
    assert TeacherFieldValue.objects.count() == 0


def test_the_menu_offers_the_dictionary_to_all_the_counts_to_departments_and_the_forms_to_teachers(
    county, client
):
    def labels(user):
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        return {label for label in ("数据字典", "数据复用", "数据填报") if f">{label}<" in html}

    assert labels(county.stats) == {"数据字典", "数据复用"}
    assert labels(county.supervisor) == {"数据字典", "数据复用"}
    assert labels(county.zhang_user) == {"数据字典", "数据填报"}
    assert labels(county.admin) == {"数据字典"}
