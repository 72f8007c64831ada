"""The file of an approved request: only the approved fields, IDs masked unless allowed, the recipient's watermark on
every sheet, every download audited; nothing before approval, after expiry or for anyone else."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.audit.models import AuditEvent
from jianfu.sharing import services
from jianfu.sharing.models import StudentExportRequest
from tests.factories import department_user
from tests.sharing.conftest import ID_QIAN, ID_SUN, ID_ZHAO, approved, in_days, submitted

TODAY = timezone.localdate()
MARK = f"仅限包头市卫生健康委员会使用 · 申请编号{{number}} · 导出日期{TODAY:%Y-%m-%d} · 不得转给他人或用于申请用途以外"


def _download(client, user, export):
    client.force_login(user)
    return client.get(reverse("sharing:export_download", args=[export.pk]))


def _book(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.content))


def _rows(response) -> list[tuple]:
    return list(_book(response)["学生数据"].iter_rows(values_only=True))


def _downloads() -> int:
    return AuditEvent.objects.filter(action="studentexportrequest.download").count()


def test_nothing_can_be_downloaded_before_approval(client, setting):
    export = submitted(setting)

    response = _download(client, setting.health, export)

    assert response.status_code == 404
    export.refresh_from_db()
    assert (export.download_count, export.last_downloaded_at) == (0, None)
    assert _downloads() == 0


def test_a_rejected_request_cannot_be_downloaded(client, setting):
    export = submitted(setting)
    services.student_export_decide(actor=setting.bureau, export_id=export.pk, approve=False, reason="不必要")

    assert _download(client, setting.health, export).status_code == 404
    assert _downloads() == 0


def test_the_file_holds_only_the_approved_fields_of_the_enrolled_students(client, setting):
    export = approved(setting, fields=["class_name", "name"])

    rows = _rows(_download(client, setting.health, export))

    assert rows[1:] == [("姓名", "班级"), ("赵一", "1班"), ("钱二", "2班"), ("孙三", "1班")]


def test_id_numbers_are_masked_unless_the_approval_allows_otherwise(client, setting):
    export = approved(setting, fields=["name", "id_number"], id_justification="体检系统按身份证号建档")

    rows = _rows(_download(client, setting.health, export))

    assert rows[1:] == [
        ("姓名", "身份证件号"),
        ("赵一", "150***********0020"),
        ("钱二", "150***********0046"),
        ("孙三", "150***********0066"),
    ]


def test_an_approval_allowing_unmasked_ids_gives_the_full_decrypted_numbers(client, setting):
    export = approved(
        setting,
        fields=["name", "id_number"],
        id_justification="体检系统按身份证号建档",
        allow_unmasked_id=True,
    )

    rows = _rows(_download(client, setting.health, export))

    assert rows[2:] == [("赵一", ID_ZHAO), ("钱二", ID_QIAN), ("孙三", ID_SUN)]


def test_the_full_numbers_appear_nowhere_in_a_masked_file(client, setting):
    export = approved(setting, fields=["name", "id_number"], id_justification="体检系统按身份证号建档")

    book = _book(_download(client, setting.health, export))

    cells = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert not [cell for cell in cells if any(n in cell for n in (ID_ZHAO, ID_QIAN, ID_SUN))]


def test_every_sheet_carries_the_watermark_naming_the_recipient_in_its_header_footer_and_first_row(
    client, setting
):
    export = approved(setting)
    mark = MARK.format(number=export.number)

    book = _book(_download(client, setting.health, export))

    assert book.sheetnames == ["学生数据", "授权说明"]
    for sheet in book:
        assert sheet["A1"].value == mark
        assert sheet.oddHeader.center.text == mark
        assert sheet.evenHeader.center.text == mark
        assert sheet.oddFooter.left.text == mark
        assert sheet.print_title_rows == "$1:$2"


def test_the_workbook_properties_name_the_recipient_the_request_and_the_date(client, setting):
    export = approved(setting)

    properties = _book(_download(client, setting.health, export)).properties

    assert properties.subject == MARK.format(number=export.number)
    assert properties.keywords == f"包头市卫生健康委员会; {export.number}; {TODAY:%Y-%m-%d}"
    assert properties.title == f"学生数据 {export.number}"


def test_the_authorisation_sheet_states_purpose_fields_and_expiry(client, setting):
    export = approved(setting)

    rows = list(_book(_download(client, setting.health, export))["授权说明"].iter_rows(values_only=True))

    assert rows[1:] == [
        ("项目", "内容"),
        ("申请编号", export.number),
        ("接收机构", "包头市卫生健康委员会"),
        ("用途", "春季学生健康体检名单核对"),
        ("字段", "姓名、班级"),
        ("身份证件号", "未导出"),
        ("数据来源学校", "固阳县第一小学"),
        ("审批层级", "固阳县"),
        ("有效期至", dt.datetime.combine(in_days(30), dt.time())),
        ("导出日期", dt.datetime.combine(TODAY, dt.time())),
        ("人数", 3),
    ]


def test_each_download_is_audited_as_a_personal_data_read_with_the_row_count(client, setting):
    export = approved(setting)

    _download(client, setting.health, export)
    _download(client, setting.health, export)

    events = list(AuditEvent.objects.filter(action="studentexportrequest.download"))
    assert [(e.category, e.actor, e.extra["count"], e.object_id) for e in events] == [
        ("read", setting.health, 3, str(export.pk)),
        ("read", setting.health, 3, str(export.pk)),
    ]
    assert events[0].extra["fields"] == ["name", "class_name"]
    assert events[0].region_code == "150222"
    export.refresh_from_db()
    assert export.download_count == 2
    assert export.last_downloaded_at is not None


def test_after_expiry_the_download_is_404_and_nothing_is_written(client, setting):
    export = approved(setting)
    StudentExportRequest.objects.filter(pk=export.pk).update(expires_on=in_days(-1))

    response = _download(client, setting.health, export)

    assert response.status_code == 404
    export.refresh_from_db()
    assert (export.download_count, export.last_downloaded_at) == (0, None)
    assert _downloads() == 0


def test_the_last_day_of_validity_still_allows_the_download(client, setting):
    export = approved(setting)
    StudentExportRequest.objects.filter(pk=export.pk).update(expires_on=TODAY)

    assert _download(client, setting.health, export).status_code == 200


@pytest.mark.parametrize("who", ["other_department", "bureau", "teacher", "school_admin"])
def test_no_one_but_the_requesting_institution_downloads_and_nothing_is_written(client, setting, who):
    export = approved(setting)
    user = {
        "other_department": department_user("包头市民政局", region_code="150200"),
        "bureau": setting.bureau,
        "teacher": setting.teacher,
        "school_admin": setting.school_admin,
    }[who]

    response = _download(client, user, export)

    assert response.status_code == 404
    export.refresh_from_db()
    assert export.download_count == 0
    assert _downloads() == 0


def test_another_user_of_the_same_department_downloads_its_file(client, setting):
    export = approved(setting)
    colleague = department_user("包头市卫生健康委员会", region_code="150200")

    assert _download(client, colleague, export).status_code == 200
