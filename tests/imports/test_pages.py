"""The upload page: a file goes in, a progress bar runs, every bad row comes out as a page and as Excel."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jianfu.accounts.models import Role
from jianfu.imports.models import ImportJob
from jianfu.registry.models import Teacher
from jianfu.web.menu import menu_for
from tests.factories import user_with_role
from tests.imports.conftest import CODE_A, CODE_B
from tests.imports.files import table, teacher_row, xlsx_bytes


@pytest.fixture
def bureau(schools, client):
    user = user_with_role(Role.COUNTY_EDU, region_code="150222")
    client.force_login(user)
    return user


def _upload(client, data: bytes, name: str = "教师.xlsx", **fields):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("imports:upload"), {"kind": "teachers", "file": upload, **fields}, follow=True)


def test_a_file_with_bad_rows_shows_every_error_and_imports_nothing(bureau, client):
    data = xlsx_bytes(
        {
            "基本信息": table(
                [teacher_row(CODE_A), teacher_row(CODE_B, name="李强", male=True, 人员状态="失踪")]
            )
        }
    )

    response = _upload(client, data)

    page = response.content.decode()
    assert Teacher.objects.count() == 0
    assert "文件中有 1 处错误，未导入任何数据。" in page
    assert (
        '<tr><td>基本信息</td><td>3</td><td>人员状态</td><td class="mono">失踪</td><td>无法识别的人员状态“失踪”</td></tr>'
        in page
    )


def test_the_error_report_downloads_as_excel(bureau, client):
    response = _upload(client, xlsx_bytes({"基本信息": table([teacher_row(CODE_A, 民族="火星族")])}))
    job = ImportJob.objects.get()

    download = client.get(reverse("imports:job_errors", args=[job.pk]))

    rows = list(load_workbook(BytesIO(download.content)).active.iter_rows(values_only=True))
    assert response.status_code == 200
    assert rows == [
        ("工作表", "行号", "列", "内容", "问题"),
        ("基本信息", 2, "民族", "火星族", "无法识别的民族“火星族”"),
    ]


def test_a_good_file_is_imported_and_the_counts_are_shown(bureau, client):
    response = _upload(
        client,
        xlsx_bytes({"基本信息": table([teacher_row(CODE_A), teacher_row(CODE_B, name="李强", male=True)])}),
    )

    assert Teacher.objects.count() == 2
    assert "已导入：共 2 行，新增 2 人，更新 0 人，0 人没有变化。" in response.content.decode()


def test_a_file_that_is_no_spreadsheet_is_refused_whatever_its_name(bureau, client):
    response = _upload(client, b"%PDF-1.7\n\x00binary", name="教师.xlsx")

    assert response.context["form"].errors["file"] == [
        "只能导入Excel文件（.xlsx、.xls）或CSV文件（UTF-8或GB18030编码）"
    ]
    assert not ImportJob.objects.exists()


def test_a_file_over_the_upload_limit_is_refused(bureau, client, settings):
    settings.JIANFU_UPLOAD_MAX_BYTES = 1024 * 1024

    response = _upload(client, b"x" * (1024 * 1024 + 1), name="教师.csv")

    assert response.context["form"].errors["file"] == ["文件超过大小上限（1 MB）"]


def test_a_teacher_cannot_open_the_upload_page(schools, client):
    client.force_login(user_with_role(Role.TEACHER))

    assert client.get(reverse("imports:upload")).status_code == 403


def test_someone_elses_import_job_is_not_found(bureau, client):
    _upload(client, xlsx_bytes({"基本信息": table([teacher_row(CODE_A)])}))
    client.force_login(user_with_role(Role.COUNTY_EDU, region_code="150222"))

    assert client.get(reverse("imports:job", args=[ImportJob.objects.get().pk])).status_code == 404


def test_the_status_endpoint_reports_the_progress_of_a_running_job(bureau, client):
    job = ImportJob.objects.create(
        kind="teachers", created_by=bureau, file_name="教师.xlsx", status=ImportJob.Status.CHECKING,
        rows_total=1000, rows_done=500, heartbeat_at=timezone.now(),
    )  # fmt: skip

    state = client.get(reverse("imports:job_status", args=[job.pk])).json()

    assert state == {
        "status": "checking",
        "label": "正在检查",
        "percent": 45,
        "rows_done": 500,
        "rows_total": 1000,
        "finished": False,
        "message": "",
    }


def test_a_job_whose_process_died_is_reported_as_interrupted(bureau, client):
    job = ImportJob.objects.create(
        kind="teachers", created_by=bureau, file_name="教师.xlsx", status=ImportJob.Status.WRITING,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=11),
    )  # fmt: skip

    state = client.get(reverse("imports:job_status", args=[job.pk])).json()

    assert (state["status"], state["finished"], state["message"]) == (
        "failed",
        True,
        "处理中断（服务器重启或出错），未导入任何数据，请重新上传",
    )


def test_the_page_of_a_running_job_carries_the_progress_bar(bureau, client):
    job = ImportJob.objects.create(
        kind="teachers", created_by=bureau, file_name="教师.xlsx", heartbeat_at=timezone.now()
    )

    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()

    assert f'data-status-url="{reverse("imports:job_status", args=[job.pk])}"' in page
    assert '<progress max="100" value="0" data-testid="progress">0%</progress>' in page


def test_school_administrators_find_the_upload_page_in_their_menu(schools):
    admin = user_with_role(Role.SCHOOL_ADMIN, school=schools[CODE_A])

    assert ("数据导入", reverse("imports:upload")) in [(item.label, item.url) for item in menu_for(admin)]


def test_a_school_administrator_is_told_the_file_goes_to_their_school(schools, client):
    client.force_login(user_with_role(Role.SCHOOL_ADMIN, school=schools[CODE_A]))

    page = client.get(reverse("imports:upload")).content.decode()

    assert f"导入到本校：<strong>固阳县第一小学</strong>（学校标识码 {CODE_A}）" in page
