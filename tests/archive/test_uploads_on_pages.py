"""The teacher adds an entry with a file on "我的档案": a refused file leaves no row and no file behind."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jianfu.archive.models import ArchiveEntry, ArchiveFile
from jianfu.audit.models import AuditEvent
from tests.archive.conftest import private_files
from tests.factories import jpeg_bytes, pdf_bytes, png_bytes, zip_bytes


def field_error(response, field: str) -> str:
    found = re.search(rf'data-testid="error-{field}">(.*?)</p>', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def add_entry(client, *, name: str, data: bytes, content_type: str = "application/pdf", **fields):
    form = {
        "section": "certificate",
        "title": "教师资格证",
        "issuer": "包头市教育局",
        "action": "draft",
        **fields,
    }
    form["file"] = SimpleUploadedFile(name, data, content_type=content_type)
    return client.post(reverse("archive:mine"), form)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("证书.pdf", png_bytes(), "附件：文件内容是PNG 图片，与扩展名（.pdf）不符"),
        (
            "证书.pdf",
            pdf_bytes(catalog_extra=b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
            "附件：PDF 文档含有脚本（JavaScript）或自动执行的动作，不予接收",
        ),
        ("证书.png", zip_bytes(), "附件：只接受 PDF、JPEG、PNG 格式的文件"),
        (
            "证书.html",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "附件：只接受 PDF、JPEG、PNG 格式的文件",
        ),
        ("证书.pdf", b"", "附件：文件为空"),
        ("证书.png", png_bytes() + zip_bytes(), "附件：PNG 图片结尾之后还有其他数据，不予接收"),
    ],
    ids=["png-renamed-pdf", "pdf-with-javascript", "zip-renamed-png", "html", "empty", "png-zip-polyglot"],
)
def test_a_refused_upload_shows_its_message_and_stores_nothing(place, client, settings, name, data, message):
    client.force_login(place.zhang_user)

    response = add_entry(client, name=name, data=data, content_type="image/png")

    assert response.status_code == 200
    assert field_error(response, "file") == message
    assert ArchiveEntry.objects.count() == 0
    assert ArchiveFile.objects.count() == 0
    assert private_files(settings) == []
    assert not AuditEvent.objects.filter(action__in=["archiveentry.create", "archivefile.create"]).exists()


def test_an_oversized_upload_is_refused_before_anything_is_stored(place, client, settings):
    settings.JIANFU_UPLOAD_MAX_BYTES = 300
    client.force_login(place.zhang_user)

    response = add_entry(client, name="证书.pdf", data=pdf_bytes())

    assert field_error(response, "file") == "附件：文件超过大小上限（300 字节）"
    assert (ArchiveEntry.objects.count(), ArchiveFile.objects.count(), private_files(settings)) == (0, 0, [])


def test_the_typed_fields_are_kept_on_the_page_after_a_refused_upload(place, client):
    client.force_login(place.zhang_user)

    response = add_entry(client, name="证书.pdf", data=png_bytes(), title="高级教师资格")

    assert 'value="高级教师资格"' in response.content.decode()


def test_an_accepted_upload_is_stored_privately_under_a_random_name_with_its_sniffed_type(
    place, client, settings
):
    client.force_login(place.zhang_user)

    response = add_entry(
        client, name="教师资格证.jpg", data=jpeg_bytes(), content_type="application/x-msdownload"
    )

    assert response.status_code == 302
    stored = ArchiveFile.objects.get()
    assert (stored.display_name, stored.content_type, stored.size) == (
        "教师资格证.jpg",
        "image/jpeg",
        len(jpeg_bytes()),
    )
    assert private_files(settings) == [settings.JIANFU_PRIVATE_MEDIA_ROOT / stored.storage_name]
    assert (settings.JIANFU_PRIVATE_MEDIA_ROOT / stored.storage_name).read_bytes() == jpeg_bytes()
    assert "教师资格证" not in stored.storage_name


def test_a_path_in_the_file_name_is_harmless(place, client, settings, tmp_path):
    client.force_login(place.zhang_user)

    add_entry(client, name="../../../../outside/证书.pdf", data=pdf_bytes())

    stored = ArchiveFile.objects.get()
    assert stored.display_name == "证书.pdf"
    assert private_files(settings) == [settings.JIANFU_PRIVATE_MEDIA_ROOT / stored.storage_name]
    assert not (tmp_path / "outside").exists()


def test_a_file_name_with_markup_is_shown_escaped(place, client):
    client.force_login(place.zhang_user)
    add_entry(client, name='<img src=x onerror="alert(1)">.pdf', data=pdf_bytes())

    page = client.get(reverse("archive:mine")).content.decode()

    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;.pdf" in page
    assert '<img src=x onerror="alert(1)">' not in page


def test_a_file_added_to_a_draft_later_is_checked_the_same_way(place, client, settings):
    client.force_login(place.zhang_user)
    add_entry(client, name="证书.pdf", data=pdf_bytes())
    entry = ArchiveEntry.objects.get()

    response = client.post(
        reverse("archive:file_add", args=[entry.pk]),
        {"file": SimpleUploadedFile("扫描件.png", zip_bytes(), content_type="image/png")},
    )

    assert field_error(response, "file") == "附件：只接受 PDF、JPEG、PNG 格式的文件"
    assert ArchiveFile.objects.count() == 1
    assert len(private_files(settings)) == 1
