"""Evidence sent with a report: checked like every upload, stored under neutral names, stripped of what could
tell who sent it (device, position, author), and never left behind when the report fails."""

import struct

import pytest
from django.core.exceptions import ValidationError

from jianfu.common.uploads import stored_path
from jianfu.oversight.models import Evidence, Report
from tests.factories import jpeg_bytes, oversight_report, pdf_bytes, png_bytes


def _jpeg_with_exif() -> bytes:
    plain = jpeg_bytes()
    exif = b"Exif\x00\x00MM\x00*Canon EOS 5D Mark IV serial 0123456789 GPS 40.65N 109.84E"
    app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    comment = b"\xff\xfe" + struct.pack(">H", 14) + b"iPhone 15 Pro"[:12]
    return plain[:2] + app1 + comment + plain[2:]


def _png_with_text() -> bytes:
    import zlib

    plain = png_bytes()
    body = b"Software\x00HUAWEI Mate 60 camera"
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    return plain[:33] + chunk + plain[33:]


def test_evidence_is_stored_under_neutral_names_with_the_device_data_stripped(baotou):
    files = [
        ("IMG_20261120_刘老师手机.jpg", _jpeg_with_exif()),
        ("Screenshot_HUAWEI.png", _png_with_text()),
        ("通知.pdf", pdf_bytes(catalog_extra=b" /Author (Liu Laoshi) /Creator (WPS on LIU-PC)")),
    ]

    report = oversight_report(files=files).report

    stored = list(Evidence.objects.filter(report=report).order_by("pk"))
    assert [(item.display_name, item.content_type) for item in stored] == [
        ("证据材料1.jpg", "image/jpeg"),
        ("证据材料2.png", "image/png"),
        ("证据材料3.pdf", "application/pdf"),
    ]
    contents = [stored_path(item.storage_name).read_bytes() for item in stored]
    assert contents[0] == jpeg_bytes()
    assert contents[1] == png_bytes()
    for secret in (b"Canon", b"0123456789", b"iPhone", b"HUAWEI", b"Liu Laoshi", b"LIU-PC"):
        assert all(secret not in content for content in contents)
    assert [item.size for item in stored] == [len(content) for content in contents]


def test_a_file_that_is_not_a_document_or_picture_is_refused_and_nothing_is_stored(baotou):
    with pytest.raises(ValidationError) as refused:
        oversight_report(files=[("证据.png", b"<html><script>alert(1)</script></html>")])

    assert refused.value.message_dict == {"evidence": ["证据材料1：只接受 PDF、JPEG、PNG 格式的文件"]}
    assert (Report.objects.count(), Evidence.objects.count()) == (0, 0)


def test_more_than_five_files_are_refused(baotou):
    with pytest.raises(ValidationError) as refused:
        oversight_report(files=[("a.png", png_bytes())] * 6)

    assert refused.value.message_dict == {"evidence": ["证据材料：最多上传5个文件"]}
    assert Report.objects.count() == 0


def test_a_failing_report_leaves_no_stored_file_behind(baotou, settings, monkeypatch):
    from jianfu.oversight import reporting

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(reporting.events, "report_received", broken)

    with pytest.raises(RuntimeError):
        oversight_report(files=[("a.png", png_bytes())])

    private = settings.JIANFU_PRIVATE_MEDIA_ROOT / "oversight"
    assert [path for path in private.rglob("*") if path.is_file()] == []
    assert Report.objects.count() == 0
