"""Attachments are judged by their bytes: PDF, Office and images pass; anything else, or a mismatched name, is refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from jianfu.audit.models import AuditEvent
from jianfu.matters import attachments
from jianfu.matters.models import Attachment
from jianfu.matters.services.matters import attachment_add, matter_create_draft
from tests.factories import jpeg_bytes, pdf_bytes, png_bytes
from tests.matters.conftest import campus_activity

# Real files: the shared checker parses a PDF, PNG or JPEG to its end.
PDF, PNG, JPEG = pdf_bytes(), png_bytes(), jpeg_bytes()


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (PDF, "通知.pdf", attachments.PDF),
        (PNG, "photo.PNG", attachments.PNG),
        (JPEG, "a.jpg", attachments.JPEG),
        (attachments.OLE2 + b"\x00" * 20, "表格.xls", attachments.XLS),
        (_zip("[Content_Types].xml", "word/document.xml"), "方案.docx", attachments.DOCX),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), "名单.xlsx", attachments.XLSX),
    ],
)
def test_accepted_kinds_are_recognised_by_their_bytes(data, name, expected):
    assert attachments.check(data, name, max_bytes=10_000) == expected


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"MZ\x90\x00" + b"\x00" * 20,
            "通知.pdf",
            "只接受 PDF、Office 文档（Word、Excel、PowerPoint）和图片（PNG、JPEG、GIF、WebP）",
        ),
        (PNG, "通知.pdf", "文件内容与扩展名不符"),
        (
            _zip("evil.sh"),
            "方案.docx",
            "只接受 PDF、Office 文档（Word、Excel、PowerPoint）和图片（PNG、JPEG、GIF、WebP）",
        ),
        (b"", "a.pdf", "文件为空"),
        (PDF + b"x" * 2000, "big.pdf", "文件超过大小上限（0 MB）"),
    ],
)
def test_other_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(attachments.AttachmentRejected) as refused:
        attachments.check(data, name, max_bytes=1000)
    assert str(refused.value) == message


def test_an_attachment_is_stored_on_a_draft_with_its_audit_row(town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    matter = matter_create_draft(actor=town.police, data=campus_activity(town.school_a))

    attachment = attachment_add(actor=town.police, matter_id=matter.pk, name="活动方案.pdf", data=PDF)

    assert (attachment.content_type, attachment.size) == ("application/pdf", len(PDF))
    assert AuditEvent.objects.filter(action="matter.attach", object_id=str(matter.pk)).count() == 1


def test_the_size_limit_comes_from_settings(town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JIANFU_UPLOAD_MAX_BYTES = 10
    matter = matter_create_draft(actor=town.police, data=campus_activity(town.school_a))

    with pytest.raises(ValidationError) as refused:
        attachment_add(actor=town.police, matter_id=matter.pk, name="活动方案.pdf", data=PDF)

    assert refused.value.message_dict == {"file": ["文件超过大小上限（0 MB）"]}
    assert not Attachment.objects.exists()


def test_another_department_cannot_attach(town, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    matter = matter_create_draft(actor=town.police, data=campus_activity(town.school_a))

    with pytest.raises(Http404):
        attachment_add(actor=town.city_police, matter_id=matter.pk, name="a.pdf", data=PDF)
    assert not Attachment.objects.exists()
