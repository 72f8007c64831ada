"""What an upload is, judged by its bytes: PDF, JPEG or PNG, parsed to the end (see the package docstring)."""

import hashlib
import io
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
ALL_KINDS = frozenset({PDF, JPEG, PNG})
KIND_LABELS = {PDF: "PDF 文档", JPEG: "JPEG 图片", PNG: "PNG 图片"}
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"  # for <input type=file accept>
DISPLAY_NAME_MAX = 120
# Compressed PDF streams are inflated to look for scripts; more than this in total is refused as unscannable.
PDF_INFLATE_BUDGET = 64 * 1024 * 1024
_HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<body", b"<iframe", b"<svg")
_PDF_FORBIDDEN_NAMES = {b"JS", b"JavaScript", b"Launch"}


class UploadRejected(ValueError):
    """An upload refused; str() is the Chinese message naming the field."""

    def __init__(self, field_label: str, reason: str):
        self.field_label, self.reason = field_label, reason
        super().__init__(f"{field_label}：{reason}")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    sha256: str
    display_name: str
    data: bytes = field(repr=False)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type][0]


def display_name_clean(name: str) -> str:
    """The client's file name as harmless display text: no directories, no control characters, bounded."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")).strip()
    base = base.lstrip(".").strip() or "未命名文件"
    if len(base) > DISPLAY_NAME_MAX:
        suffix = PurePath(base).suffix[:10]
        base = base[: DISPLAY_NAME_MAX - len(suffix)] + suffix
    return base


def upload_read(*, upload, field_label: str, max_bytes: int | None = None) -> bytes:
    """The bytes of a Django UploadedFile, refusing (before reading it all) one larger than the limit."""
    limit = settings.JIANFU_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if upload.size is not None and upload.size > limit:
        raise UploadRejected(field_label, _too_big(limit))
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(field_label, _too_big(limit))
    return data


def _too_big(limit: int) -> str:
    if limit >= 1024 * 1024:
        return f"文件超过大小上限（{limit / (1024 * 1024):g} MB）"
    return f"文件超过大小上限（{limit} 字节）"


def upload_check(
    *,
    data: bytes,
    name: str,
    field_label: str,
    max_bytes: int | None = None,
    kinds: frozenset[str] = ALL_KINDS,
) -> CheckedUpload:
    """The upload if its bytes are one accepted kind matching its extension; UploadRejected otherwise."""
    limit = settings.JIANFU_UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    display_name = display_name_clean(name)
    if not data:
        raise UploadRejected(field_label, "文件为空")
    if len(data) > limit:
        raise UploadRejected(field_label, _too_big(limit))
    accepted = "、".join(label.split(" ")[0] for kind, label in KIND_LABELS.items() if kind in kinds)
    content_type = _sniff(data)
    if content_type is None or content_type not in kinds:
        raise UploadRejected(field_label, f"只接受 {accepted} 格式的文件")
    extension = PurePath(display_name).suffix.lower()
    if extension not in EXTENSIONS[content_type]:
        raise UploadRejected(
            field_label, f"文件内容是{KIND_LABELS[content_type]}，与扩展名（{extension or '无'}）不符"
        )
    reason = content_problem(data=data, content_type=content_type)
    if reason:
        raise UploadRejected(field_label, reason)
    return CheckedUpload(
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        display_name=display_name,
        data=data,
    )


def content_problem(*, data: bytes, content_type: str) -> str | None:
    """Why bytes that start like a PDF, PNG or JPEG are not wholly that one file (broken, scripted, a polyglot),
    in Chinese; None when they are. Shared with the Matter attachments' checker."""
    return _STRUCTURE_CHECKS[content_type](data) or _polyglot_reason(data)


def _sniff(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def _polyglot_reason(data: bytes) -> str | None:
    head = data[:1024].lower()
    if any(marker in head for marker in _HTML_MARKERS):
        return "文件中夹带了网页代码，不予接收"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.namelist():
                return "文件中夹带了压缩包，不予接收"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        pass
    return None


def _png_problem(data: bytes) -> str | None:
    broken = "PNG 图片已损坏或不完整"
    position, first, seen_data = 8, True, False
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if not kind.isalpha() or end > len(data):
            return broken
        body = data[position + 8 : end - 4]
        if zlib.crc32(kind + body) != struct.unpack(">I", data[end - 4 : end])[0]:
            return broken
        if first and (kind != b"IHDR" or length != 13 or b"\x00\x00\x00\x00" in (body[:4], body[4:8])):
            return broken
        first = False
        seen_data = seen_data or kind == b"IDAT"
        position = end
        if kind == b"IEND":
            if position != len(data):
                return "PNG 图片结尾之后还有其他数据，不予接收"
            return None if seen_data else broken
    return broken


_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_problem(data: bytes) -> str | None:
    broken = "JPEG 图片已损坏或不完整"
    position, frame, scan = 2, False, False
    size = len(data)
    while position < size:
        if data[position] != 0xFF:
            return broken
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        if position >= size:
            return broken
        marker = data[position]
        position += 1
        if marker == 0xD9:  # EOI
            if data[position:].strip(b"\x00"):
                return "JPEG 图片结尾之后还有其他数据，不予接收"
            return None if frame and scan else broken
        if marker in _JPEG_STANDALONE:
            continue
        if marker == 0xD8 or position + 2 > size:
            return broken
        (length,) = struct.unpack(">H", data[position : position + 2])
        if length < 2 or position + length > size:
            return broken
        position += length
        frame = frame or marker in _JPEG_FRAMES
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker other than RSTn
            scan = True
            while True:
                position = data.find(b"\xff", position)
                if position < 0 or position + 1 >= size:
                    return broken
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                    continue
                break
    return broken


_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_PDF_NAME = re.compile(rb"/([^\s/\[\]<>(){}%]+)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def _pdf_problem(data: bytes) -> str | None:
    broken = "PDF 文档已损坏或不完整"
    if not re.match(rb"%PDF-[12]\.\d", data):
        return broken
    tail_start = max(0, len(data) - 1024)
    end_of_file = data.rfind(b"%%EOF", tail_start)
    if end_of_file < 0:
        return broken
    if data[end_of_file + 5 :].strip(b"\r\n\t\f\x00 "):
        return "PDF 文档结尾之后还有其他数据，不予接收"
    startxref = re.search(rb"startxref\s+(\d+)\s+%%EOF[\s\x00]*\Z", data[max(0, len(data) - 2048) :])
    if startxref is None:
        return broken
    offset = int(startxref.group(1))
    if offset >= len(data) or not re.match(rb"\s*(xref|\d+\s+\d+\s+obj)", data[offset : offset + 64]):
        return broken
    if b"/Encrypt" in data:
        return "PDF 文档已加密，无法检查其内容，请上传未加密的文件"
    for chunk in _pdf_contents(data):
        if chunk is None:
            return "PDF 文档的压缩内容过大，无法检查，不予接收"
        if _pdf_has_forbidden_name(chunk):
            return "PDF 文档含有脚本（JavaScript）或自动执行的动作，不予接收"
    return None


def _pdf_contents(data: bytes) -> Iterator[bytes | None]:
    """The raw file, then every stream that inflates (object streams may hide dictionaries); None when the
    inflated total would exceed the budget."""
    yield data
    budget = PDF_INFLATE_BUDGET
    for match in _PDF_STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            continue
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[start:end], budget + 1)
        except zlib.error:
            continue
        budget -= len(inflated)
        if budget < 0:
            yield None
            return
        yield inflated


def _pdf_has_forbidden_name(chunk: bytes) -> bool:
    for match in _PDF_NAME.finditer(chunk):
        name = _PDF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        if name in _PDF_FORBIDDEN_NAMES:
            return True
    return False


_STRUCTURE_CHECKS = {PDF: _pdf_problem, JPEG: _jpeg_problem, PNG: _png_problem}
