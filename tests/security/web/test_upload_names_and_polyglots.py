"""Path traversal and polyglots through the real upload endpoints. tests/common/test_uploads.py checks the checker
itself and tests/archive/test_uploads_on_pages.py the teacher's new-entry form (renamed PNG, PDF with JavaScript,
ZIP, HTML, empty, PNG+ZIP, "../../../../outside/证书.pdf", markup in the name); here the other names (backslashes,
no extension, NUL, very long) on that form, and every bad file on the endpoints not yet covered: a file added to an
archive draft, the evidence of a public report and a Matter's attachment. A refused file answers with a Chinese
message naming the field or file and leaves no row and no file; an accepted odd name is stored under a random
name inside the upload directory and shown without its path.

Django's test client sends only the basename of a file's name; the bodies here are written by hand so that the
server receives the name exactly as an attacker's client would send it."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.archive.models import ArchiveEntry, ArchiveFile
from jianfu.audit.models import AuditEvent
from jianfu.matters.models import Attachment
from jianfu.matters.services.matters import matter_create_draft
from jianfu.oversight.models import Evidence, Report
from tests.factories import altcha_solution, pdf_bytes, png_bytes, zip_bytes
from tests.matters.conftest import campus_activity
from tests.security.web.conftest import files_under, multipart

PDF_WITH_JAVASCRIPT = pdf_bytes(catalog_extra=b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PNG_ZIP_POLYGLOT = png_bytes() + zip_bytes(**{"index.html": "<script>alert(1)</script>"})
LONG_NAME = "证" * 300 + ".pdf"


def field_error(response, field: str) -> str:
    found = re.search(rf'data-testid="error-{field}">(.*?)</p>', response.content.decode(), re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def archive_upload(client, name: str, data: bytes):
    fields = {"section": "certificate", "title": "教师资格证", "issuer": "包头市教育局", "action": "draft"}
    return client.post(reverse("archive:mine"), **multipart(fields, [("file", name, data)]))


# --- the teacher's archive: names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("..\\..\\x.pdf", "x.pdf"),
        ("..\\..\\..\\Windows\\System32\\证书.pdf", "证书.pdf"),
        ("/etc/cron.d/证书.pdf", "证书.pdf"),
        ("证书\x00.pdf", "证书.pdf"),
        ("证书\u202egpj.pdf", "证书gpj.pdf"),
        (LONG_NAME, "证" * 116 + ".pdf"),
    ],
    ids=["backslashes", "windows-path", "absolute", "nul", "right-to-left-override", "very-long"],
)
def test_given_a_path_or_odd_name_when_a_teacher_uploads_a_real_pdf_then_it_is_stored_inside_the_root_under_a_random_name(
    client, county, settings, tmp_path, name, shown
):
    client.force_login(county.teacher)

    response = archive_upload(client, name, pdf_bytes())

    assert response.status_code == 302
    stored = ArchiveFile.objects.get()
    assert stored.display_name == shown
    assert files_under(tmp_path) == [settings.JIANFU_PRIVATE_MEDIA_ROOT / stored.storage_name]
    assert re.fullmatch(r"archive/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", stored.storage_name)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("../../etc/passwd", pdf_bytes(), "附件：文件内容是PDF 文档，与扩展名（无）不符"),
        ("../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n", "附件：只接受 PDF、JPEG、PNG 格式的文件"),
        ("证书.pdf\x00.html", HTML_PAGE, "附件：只接受 PDF、JPEG、PNG 格式的文件"),
        ("证书.pdf", HTML_PAGE, "附件：只接受 PDF、JPEG、PNG 格式的文件"),
    ],
    ids=["passwd-with-pdf-bytes", "passwd", "nul-then-html", "html-renamed-pdf"],
)
def test_given_a_refused_name_or_file_when_a_teacher_uploads_it_then_a_chinese_message_and_nothing_written(
    client, county, tmp_path, name, data, message
):
    client.force_login(county.teacher)

    response = archive_upload(client, name, data)

    assert response.status_code == 200
    assert field_error(response, "file") == message
    assert (ArchiveEntry.objects.count(), ArchiveFile.objects.count(), files_under(tmp_path)) == (0, 0, [])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PNG_ZIP_POLYGLOT, "附件：PNG 图片结尾之后还有其他数据，不予接收"),
        (PDF_WITH_JAVASCRIPT, "附件：文件内容是PDF 文档，与扩展名（.png）不符"),
        (HTML_PAGE, "附件：只接受 PDF、JPEG、PNG 格式的文件"),
    ],
    ids=["png-zip-polyglot", "pdf-with-javascript-as-png", "html-as-png"],
)
def test_given_a_draft_when_a_bad_file_is_added_to_it_then_it_is_refused_and_only_the_first_file_remains(
    client, county, settings, data, message
):
    client.force_login(county.teacher)
    archive_upload(client, "证书.pdf", pdf_bytes())
    entry, first = ArchiveEntry.objects.get(), ArchiveFile.objects.get()

    response = client.post(
        reverse("archive:file_add", args=[entry.pk]),
        {"file": SimpleUploadedFile("扫描件.png", data, content_type="image/png")},
    )

    assert field_error(response, "file") == message
    assert list(ArchiveFile.objects.all()) == [first]
    assert files_under(settings.JIANFU_PRIVATE_MEDIA_ROOT) == [
        settings.JIANFU_PRIVATE_MEDIA_ROOT / first.storage_name
    ]


def test_given_a_draft_when_a_pdf_with_javascript_is_added_then_it_is_refused_and_nothing_is_written(
    client, county, settings
):
    client.force_login(county.teacher)
    archive_upload(client, "证书.pdf", pdf_bytes())
    entry = ArchiveEntry.objects.get()

    response = client.post(
        reverse("archive:file_add", args=[entry.pk]),
        {"file": SimpleUploadedFile("../../扫描件.pdf", PDF_WITH_JAVASCRIPT, content_type="application/pdf")},
    )

    assert field_error(response, "file") == "附件：PDF 文档含有脚本（JavaScript）或自动执行的动作，不予接收"
    assert ArchiveFile.objects.count() == 1
    assert len(files_under(settings.JIANFU_PRIVATE_MEDIA_ROOT)) == 1
    assert (
        not AuditEvent.objects.filter(action="archivefile.create")
        .exclude(object_id=str(ArchiveFile.objects.get().pk))
        .exists()
    )


# --- the evidence of a public report -----------------------------------------------------------------------------


def report_with(client, *files: tuple[str, bytes]):
    fields = {
        "title": "要求教师下载某应用并注册",
        "organizer_name": "固阳县文化旅游局",
        "organizer_level": "county",
        "altcha": altcha_solution(),
    }
    return client.post(
        reverse("reporting:new"), **multipart(fields, [("evidence", name, data) for name, data in files])
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("截图.png", PNG_ZIP_POLYGLOT, "证据材料1：PNG 图片结尾之后还有其他数据，不予接收"),
        (
            "通知.pdf",
            PDF_WITH_JAVASCRIPT,
            "证据材料1：PDF 文档含有脚本（JavaScript）或自动执行的动作，不予接收",
        ),
        ("通知.pdf", HTML_PAGE, "证据材料1：只接受 PDF、JPEG、PNG 格式的文件"),
        ("../../etc/passwd", pdf_bytes(), "证据材料1：文件内容是PDF 文档，与扩展名（无）不符"),
    ],
    ids=["png-zip-polyglot", "pdf-with-javascript", "html-renamed-pdf", "passwd"],
)
def test_given_bad_evidence_when_a_report_is_sent_then_it_is_refused_naming_the_file_and_nothing_is_stored(
    client, county, tmp_path, name, data, message
):
    response = report_with(client, (name, data))

    assert response.status_code == 200
    assert field_error(response, "evidence") == message
    assert (Report.objects.count(), Evidence.objects.count(), files_under(tmp_path)) == (0, 0, [])


def test_given_a_good_first_file_and_a_bad_second_when_a_report_is_sent_then_the_second_is_named_and_none_stored(
    client, county, tmp_path
):
    response = report_with(client, ("截图.png", png_bytes()), ("通知.pdf", PDF_WITH_JAVASCRIPT))

    assert field_error(response, "evidence") == (
        "证据材料2：PDF 文档含有脚本（JavaScript）或自动执行的动作，不予接收"
    )
    assert (Report.objects.count(), Evidence.objects.count(), files_under(tmp_path)) == (0, 0, [])


def test_given_a_path_in_an_evidence_name_when_a_report_is_sent_then_it_is_stored_under_a_neutral_name(
    client, county, settings, tmp_path
):
    report_with(client, ("..\\..\\..\\etc\\截图.png", png_bytes()))

    stored = Evidence.objects.get()
    assert stored.display_name == "证据材料1.png"
    assert files_under(tmp_path) == [settings.JIANFU_PRIVATE_MEDIA_ROOT / stored.storage_name]


# --- a Matter's attachment ---------------------------------------------------------------------------------------


def attach(client, county, name: str, data: bytes):
    draft = matter_create_draft(actor=county.police, data=campus_activity(county.school))
    client.force_login(county.police)
    response = client.post(
        reverse("matters:attach", args=[draft.pk]), **multipart({}, [("file", name, data)]), follow=True
    )
    return draft, response


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_given_an_html_file_renamed_pdf_when_attached_to_a_matter_then_it_is_refused_and_nothing_written(
    client, county, tmp_path
):
    _draft, response = attach(client, county, "通知.pdf", HTML_PAGE)

    assert messages_of(response) == [
        "只接受 PDF、Office 文档（Word、Excel、PowerPoint）和图片（PNG、JPEG、GIF、WebP）"
    ]
    assert (Attachment.objects.count(), files_under(tmp_path)) == (0, [])


@pytest.mark.parametrize("name", ["../../../x.pdf", "..\\..\\x.pdf", "/etc/x.pdf", "证书\x00.pdf"])
def test_given_a_path_in_the_name_when_a_real_pdf_is_attached_then_it_is_stored_inside_the_media_root(
    client, county, settings, tmp_path, name
):
    _draft, response = attach(client, county, name, pdf_bytes())

    stored = Attachment.objects.get()
    assert messages_of(response) == ["附件已上传。"]
    assert files_under(tmp_path) == [settings.MEDIA_ROOT / stored.file.name]
    assert re.fullmatch(r"matters/\d{4}/\d{2}/[0-9a-f]{16}\.pdf", stored.file.name)


@pytest.mark.parametrize(
    ("name", "data"),
    [("通知.pdf", PDF_WITH_JAVASCRIPT), ("照片.png", PNG_ZIP_POLYGLOT)],
    ids=["pdf-js", "polyglot"],
)
def test_given_a_pdf_with_javascript_or_a_polyglot_when_attached_to_a_matter_then_it_is_refused(
    client, county, tmp_path, name, data
):
    attach(client, county, name, data)

    assert (Attachment.objects.count(), files_under(tmp_path)) == (0, [])
