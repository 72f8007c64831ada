"""Uploads are judged by their bytes (PDF, JPEG, PNG, parsed to the end), stored privately, served as downloads."""

import hashlib
import os
import stat

import pytest
from django.core import checks
from django.core.files.uploadedfile import SimpleUploadedFile

from jianfu.archive.checks import private_media_outside_web_roots
from jianfu.common import uploads
from jianfu.common.uploads import content
from tests.factories import jpeg_bytes, pdf_bytes, png_bytes, zip_bytes

FIELD = "证书扫描件"
ONLY = "证书扫描件：只接受 PDF、JPEG、PNG 格式的文件"
SCRIPT = "证书扫描件：PDF 文档含有脚本（JavaScript）或自动执行的动作，不予接收"


def refusal(data: bytes, name: str, **kwargs) -> str:
    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.upload_check(data=data, name=name, field_label=FIELD, **kwargs)
    return str(refused.value)


@pytest.mark.parametrize(
    ("build", "name", "content_type"),
    [
        (pdf_bytes, "教师资格证.pdf", "application/pdf"),
        (png_bytes, "获奖照片.PNG", "image/png"),
        (jpeg_bytes, "证书.jpg", "image/jpeg"),
        (jpeg_bytes, "证书.jpeg", "image/jpeg"),
    ],
)
def test_a_real_pdf_png_or_jpeg_is_accepted_with_the_type_its_bytes_show(build, name, content_type):
    data = build()

    checked = uploads.upload_check(data=data, name=name, field_label=FIELD)

    assert (checked.content_type, checked.size, checked.display_name) == (content_type, len(data), name)


def test_the_checked_upload_carries_the_sha256_of_its_bytes():
    checked = uploads.upload_check(data=pdf_bytes(), name="a.pdf", field_label=FIELD)

    assert checked.sha256 == hashlib.sha256(pdf_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_bytes(), "证书.pdf", "证书扫描件：文件内容是PNG 图片，与扩展名（.pdf）不符"),
        (pdf_bytes(), "证书.png", "证书扫描件：文件内容是PDF 文档，与扩展名（.png）不符"),
        (pdf_bytes(), "证书", "证书扫描件：文件内容是PDF 文档，与扩展名（无）不符"),
        (zip_bytes(), "证书.png", ONLY),
        (b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "证书.html", ONLY),
        (b"<html><script>alert(1)</script></html>", "证书.pdf", ONLY),
        (b"MZ\x90\x00" + b"\x00" * 60, "证书.pdf", ONLY),
        (b"", "证书.pdf", "证书扫描件：文件为空"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(data, name, message):
    assert refusal(data, name) == message


def test_an_oversized_file_is_refused_with_the_limit_from_the_call():
    assert refusal(pdf_bytes(), "证书.pdf", max_bytes=100) == "证书扫描件：文件超过大小上限（100 字节）"


def test_the_default_size_limit_comes_from_settings(settings):
    settings.JIANFU_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = pdf_bytes(stream=b"x" * (2 * 1024 * 1024), deflate=False)

    assert refusal(big, "证书.pdf") == "证书扫描件：文件超过大小上限（2 MB）"


@pytest.mark.parametrize(
    "data",
    [
        pdf_bytes(catalog_extra=b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        pdf_bytes(catalog_extra=b" /Names << /JavaScript 9 0 R >>"),
        pdf_bytes(catalog_extra=b" /AA << /O << /S /J#61vaScript >> >>"),
        pdf_bytes(catalog_extra=b" /OpenAction << /S /Launch /F (cmd.exe) >>"),
        pdf_bytes(stream=b"7 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"),
    ],
    ids=["open-action", "names-tree", "hex-escaped-name", "launch", "inside-a-compressed-stream"],
)
def test_a_pdf_with_javascript_or_a_launch_action_is_refused(data):
    assert refusal(data, "证书.pdf") == SCRIPT


def test_a_pdf_name_that_only_starts_like_js_is_accepted():
    data = pdf_bytes(catalog_extra=b" /JSONData (x) /JavaScripts 0")

    assert (
        uploads.upload_check(data=data, name="证书.pdf", field_label=FIELD).content_type == "application/pdf"
    )


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_bytes() + zip_bytes(), "证书.png", "证书扫描件：PNG 图片结尾之后还有其他数据，不予接收"),
        (
            jpeg_bytes() + b"<script>alert(1)</script>",
            "证书.jpg",
            "证书扫描件：JPEG 图片结尾之后还有其他数据，不予接收",
        ),
        (pdf_bytes() + zip_bytes(), "证书.pdf", "证书扫描件：PDF 文档结尾之后还有其他数据，不予接收"),
        (
            pdf_bytes(stream=zip_bytes(), deflate=False),
            "证书.pdf",
            "证书扫描件：文件中夹带了压缩包，不予接收",
        ),
        (
            pdf_bytes(text="<script>alert(1)</script>"),
            "证书.pdf",
            "证书扫描件：文件中夹带了网页代码，不予接收",
        ),
    ],
    ids=["png-then-zip", "jpeg-then-html", "pdf-then-zip", "zip-inside-pdf", "html-in-pdf-head"],
)
def test_a_polyglot_is_refused(data, name, message):
    assert refusal(data, name) == message


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (png_bytes()[:-5], "a.png", "证书扫描件：PNG 图片已损坏或不完整"),
        (png_bytes()[:30] + b"\x00" + png_bytes()[31:], "a.png", "证书扫描件：PNG 图片已损坏或不完整"),
        (jpeg_bytes()[:-2], "a.jpg", "证书扫描件：JPEG 图片已损坏或不完整"),
        (b"\xff\xd8\xff\xd9", "a.jpg", "证书扫描件：JPEG 图片已损坏或不完整"),
        (pdf_bytes()[:-6], "a.pdf", "证书扫描件：PDF 文档已损坏或不完整"),
        (b"%PDF-1.7\n%%EOF\n", "a.pdf", "证书扫描件：PDF 文档已损坏或不完整"),
        (
            pdf_bytes(catalog_extra=b" /Encrypt 9 0 R"),
            "a.pdf",
            "证书扫描件：PDF 文档已加密，无法检查其内容，请上传未加密的文件",
        ),
    ],
    ids=[
        "png-cut",
        "png-bad-crc",
        "jpeg-cut",
        "jpeg-without-image",
        "pdf-cut",
        "pdf-without-xref",
        "pdf-encrypted",
    ],
)
def test_a_broken_or_unscannable_file_is_refused(data, name, message):
    assert refusal(data, name) == message


def test_a_pdf_whose_compressed_streams_inflate_beyond_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(content, "PDF_INFLATE_BUDGET", 1000)

    assert (
        refusal(pdf_bytes(stream=b"0" * 5000), "a.pdf")
        == "证书扫描件：PDF 文档的压缩内容过大，无法检查，不予接收"
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
        ("C:\\Users\\张三\\证书.pdf", "证书.pdf"),
        ("证\x00书\u202e.pdf", "证书.pdf"),
        ("..", "未命名文件"),
        ("", "未命名文件"),
        ("长" * 200 + ".pdf", "长" * 116 + ".pdf"),
    ],
)
def test_the_client_file_name_becomes_harmless_display_text(name, shown):
    assert uploads.display_name_clean(name) == shown


def test_a_stored_file_gets_a_random_private_name_readable_only_by_the_owner(settings, tmp_path):
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path
    checked = uploads.upload_check(data=pdf_bytes(), name="../../证书.pdf", field_label=FIELD)

    first = uploads.upload_store(upload=checked, area="archive")
    second = uploads.upload_store(upload=checked, area="archive")

    assert first != second
    assert first.startswith("archive/") and first.endswith(".pdf") and "证书" not in first
    path = tmp_path / first
    assert path.read_bytes() == pdf_bytes()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        [first.rsplit("/", 1)[1], second.rsplit("/", 1)[1]]
    )


@pytest.mark.parametrize("relative", ["../outside.pdf", "/etc/passwd", "archive/../../x.pdf"])
def test_a_stored_name_reaching_outside_the_private_root_is_refused(settings, tmp_path, relative):
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "private"

    with pytest.raises(ValueError, match="outside the private root"):
        uploads.stored_path(relative)


def test_a_file_stored_for_a_block_that_fails_is_removed_again(settings, tmp_path):
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path
    checked = uploads.upload_check(data=png_bytes(), name="a.png", field_label=FIELD)

    with pytest.raises(RuntimeError), uploads.upload_stored(upload=checked, area="archive") as relative:
        assert (tmp_path / relative).exists()
        raise RuntimeError("the database write failed")

    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_stored_file_is_served_as_a_download_the_browser_never_renders(settings, tmp_path):
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path
    checked = uploads.upload_check(data=png_bytes(), name="a.png", field_label=FIELD)
    relative = uploads.upload_store(upload=checked, area="archive")

    response = uploads.upload_response(
        relative=relative, content_type="image/png", display_name="获奖 照片.png"
    )

    assert b"".join(response.streaming_content) == png_bytes()
    assert response["Content-Type"] == "image/png"
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=utf-8''%E8%8E%B7%E5%A5%96%20%E7%85%A7%E7%89%87.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_reading_an_upload_over_the_limit_is_refused_before_it_is_read():
    upload = SimpleUploadedFile("证书.pdf", pdf_bytes(), content_type="application/pdf")

    with pytest.raises(uploads.UploadRejected) as refused:
        uploads.upload_read(upload=upload, field_label=FIELD, max_bytes=100)

    assert str(refused.value) == "证书扫描件：文件超过大小上限（100 字节）"
    assert upload.tell() == 0


def test_reading_an_upload_within_the_limit_gives_its_bytes():
    upload = SimpleUploadedFile("证书.pdf", pdf_bytes(), content_type="text/html")

    assert uploads.upload_read(upload=upload, field_label=FIELD) == pdf_bytes()


def test_a_private_root_inside_the_media_root_fails_the_system_check(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JIANFU_PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"

    problems = private_media_outside_web_roots(None)

    assert [(p.id, p.level) for p in problems] == [("jianfu.E010", checks.ERROR)]


def test_the_default_private_root_is_outside_every_published_directory():
    assert private_media_outside_web_roots(None) == []
