"""Oversized uploads and zip bombs. A file over JIANFU_UPLOAD_MAX_BYTES is refused on every upload endpoint from the
size the request declares — no read of the whole file, at most the limit and one byte — with the Chinese message,
and nothing written; an .xlsx import that is a zip bomb (a few hundred KB inflating to 300 MB) is refused by the
importer before openpyxl opens it, with the same message on the upload page and from the command line's service,
and not one row imported."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files import utils as file_utils
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.archive.models import ArchiveEntry, ArchiveFile
from jianfu.imports import readers, services
from jianfu.imports.models import ImportJob
from jianfu.matters.models import Attachment
from jianfu.matters.services.matters import matter_create_draft
from jianfu.oversight.models import Evidence, Report
from jianfu.registry.models import Teacher
from tests.factories import altcha_solution, pdf_bytes
from tests.matters.conftest import campus_activity
from tests.security.web.conftest import files_under, multipart

LIMIT = 1 << 20
TOO_BIG = pdf_bytes() + b"%" * LIMIT  # a real PDF head, 1 MB and a little over
BOMB_MESSAGE = "Excel文件解压后超过64 MB，疑似压缩炸弹，不予导入"


@pytest.fixture
def reads(settings, monkeypatch) -> list:
    """The size asked by each read() of an uploaded file on the server (None: the whole file), with a 1 MB limit.
    The bodies are written by multipart(): the test client would read a SimpleUploadedFile whole itself."""
    settings.JIANFU_UPLOAD_MAX_BYTES = LIMIT
    asked = []

    def spied(self):
        def read(size=None, *args):
            asked.append(size if size is not None and size >= 0 else None)
            return self.file.read(*((size, *args) if size is not None else args))

        return read

    monkeypatch.setattr(file_utils.FileProxyMixin, "read", property(spied))
    return asked


def assert_never_read_whole(reads: list) -> None:
    assert None not in reads
    assert all(size <= LIMIT + 1 for size in reads), reads


def test_given_a_file_over_the_limit_when_a_teacher_adds_it_to_her_archive_then_refused_unread(
    client, county, tmp_path, reads
):
    client.force_login(county.teacher)

    fields = {"section": "certificate", "title": "教师资格证", "issuer": "包头市教育局", "action": "draft"}
    response = client.post(reverse("archive:mine"), **multipart(fields, [("file", "证书.pdf", TOO_BIG)]))

    assert response.context["form"].errors["file"] == ["附件：文件超过大小上限（1 MB）"]
    assert (ArchiveEntry.objects.count(), ArchiveFile.objects.count(), files_under(tmp_path)) == (0, 0, [])
    assert_never_read_whole(reads)


def test_given_a_file_within_the_limit_when_a_teacher_adds_it_then_it_is_read_once_bounded_by_the_limit(
    client, county, reads
):
    """The control: the spy sees the server's reads, and an accepted file is read with the limit as its bound."""
    client.force_login(county.teacher)
    fields = {"section": "certificate", "title": "教师资格证", "issuer": "包头市教育局", "action": "draft"}

    response = client.post(reverse("archive:mine"), **multipart(fields, [("file", "证书.pdf", pdf_bytes())]))

    assert response.status_code == 302
    assert reads == [LIMIT + 1]
    assert ArchiveFile.objects.get().size == len(pdf_bytes())


def test_given_evidence_over_the_limit_when_a_report_is_sent_then_refused_unread_and_no_report(
    client, county, tmp_path, reads
):
    fields = {
        "title": "要求教师下载某应用并注册",
        "organizer_name": "固阳县文化旅游局",
        "organizer_level": "county",
        "altcha": altcha_solution(),
    }
    response = client.post(reverse("reporting:new"), **multipart(fields, [("evidence", "通知.pdf", TOO_BIG)]))

    assert response.context["form"].errors["evidence"] == ["证据材料：文件超过大小上限（1 MB）"]
    assert (Report.objects.count(), Evidence.objects.count(), files_under(tmp_path)) == (0, 0, [])
    assert_never_read_whole(reads)


def test_given_an_attachment_over_the_limit_when_attached_to_a_matter_then_refused_unread(
    client, county, tmp_path, reads
):
    draft = matter_create_draft(actor=county.police, data=campus_activity(county.school))
    client.force_login(county.police)

    response = client.post(
        reverse("matters:attach", args=[draft.pk]),
        **multipart({}, [("file", "通知.pdf", TOO_BIG)]),
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == ["文件超过大小上限（1 MB）"]
    assert (Attachment.objects.count(), files_under(tmp_path)) == (0, [])
    assert reads == []


def test_given_an_import_over_the_limit_when_uploaded_then_refused_unread_and_no_job(client, county, reads):
    client.force_login(county.admin)

    response = client.post(
        reverse("imports:upload"), **multipart({"kind": "teachers"}, [("file", "名单.csv", b"a," * LIMIT)])
    )

    assert response.context["form"].errors["file"] == ["文件超过大小上限（1 MB）"]
    assert ImportJob.objects.count() == 0
    assert reads == []


# --- zip bombs ---------------------------------------------------------------------------------------------------

_RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml"'
    ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
_WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="基本信息" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """An .xlsx whose one sheet is 300 MB of blanks: some 300 KB on the wire."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b" " * (1 << 20)
            for _ in range(300):
                sheet.write(block)
    return buffer.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened the zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_the_zip_bomb_is_small_on_the_wire_and_inflates_to_300_mb(zip_bomb):
    with zipfile.ZipFile(io.BytesIO(zip_bomb)) as archive:
        inflated = sum(member.file_size for member in archive.infolist())

    assert len(zip_bomb) < 1 << 20
    assert inflated > 300 << 20


def test_given_a_zip_bomb_when_a_school_admin_uploads_it_as_an_import_then_refused_and_nothing_imported(
    client, county, zip_bomb, no_openpyxl
):
    client.force_login(county.admin)

    response = client.post(
        reverse("imports:upload"), {"kind": "teachers", "file": SimpleUploadedFile("名单.xlsx", zip_bomb)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [BOMB_MESSAGE]
    assert BOMB_MESSAGE in response.content.decode()
    assert (ImportJob.objects.count(), Teacher.objects.count()) == (0, 1)


def test_given_a_zip_bomb_when_imported_from_the_command_line_then_the_import_fails_with_the_message(
    county, zip_bomb, no_openpyxl
):
    outcome = services.people_import(
        actor=None,
        kind="teachers",
        source=zip_bomb,
        file_name="名单.xlsx",
        target=services.import_target(actor=None),
    )

    assert (outcome.status, outcome.message) == ("failed", BOMB_MESSAGE)
    assert Teacher.objects.count() == 1


def test_given_a_zip_bomb_saved_to_disk_when_sniffed_then_it_is_refused_by_the_size_of_the_file(
    zip_bomb, tmp_path
):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(zip_bomb)

    with pytest.raises(readers.ReadError) as refused:
        readers.sniff(path)

    assert str(refused.value) == BOMB_MESSAGE


def test_given_a_real_workbook_when_sniffed_then_the_bomb_guard_lets_it_through():
    book = openpyxl.Workbook()
    book.active.append(["学校标识码", "姓名"])
    for number in range(2000):
        book.active.append(["2115000001", f"教师{number}"])
    buffer = io.BytesIO()
    book.save(buffer)

    assert readers.sniff(buffer.getvalue()) == readers.XLSX
