"""What an attachment is, from its bytes rather than its name: PDF, Office documents and images only; a PDF, PNG
or JPEG is parsed to its end by the shared upload checker (jianfu.common.uploads)."""

import io
import zipfile
from pathlib import PurePath

from jianfu.common import uploads

PDF, PNG, JPEG, GIF, WEBP = "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT, ODS, ODP = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
)
EXTENSIONS = {
    PDF: {".pdf"},
    PNG: {".png"},
    JPEG: {".jpg", ".jpeg"},
    GIF: {".gif"},
    WEBP: {".webp"},
    DOC: {".doc"},
    XLS: {".xls"},
    PPT: {".ppt"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
    PPTX: {".pptx"},
    ODT: {".odt"},
    ODS: {".ods"},
    ODP: {".odp"},
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_BY_EXTENSION = {".doc": DOC, ".xls": XLS, ".ppt": PPT}
_OOXML_PARTS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))


class AttachmentRejected(ValueError):
    pass


def _zip_type(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in _OOXML_PARTS if part in names), None)
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in (ODT, ODS, ODP) else None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def sniff(data: bytes, name: str) -> str | None:
    """The content type the bytes really are, or None if they are none of the accepted kinds."""
    extension = PurePath(name).suffix.lower()
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(OLE2):
        return _OLE_BY_EXTENSION.get(extension)
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(data)
    return None


def check(data: bytes, name: str, *, max_bytes: int) -> str:
    """The content type of an acceptable attachment; AttachmentRejected (in Chinese) otherwise."""
    if len(data) == 0:
        raise AttachmentRejected("文件为空")
    if len(data) > max_bytes:
        raise AttachmentRejected(f"文件超过大小上限（{max_bytes // (1024 * 1024)} MB）")
    content_type = sniff(data, name)
    if content_type is None:
        raise AttachmentRejected(
            "只接受 PDF、Office 文档（Word、Excel、PowerPoint）和图片（PNG、JPEG、GIF、WebP）"
        )
    if PurePath(name).suffix.lower() not in EXTENSIONS[content_type]:
        raise AttachmentRejected("文件内容与扩展名不符")
    # Parsed to its end by the shared checker: scripts, polyglots, damage.
    if content_type in (PDF, PNG, JPEG):
        reason = uploads.content_problem(data=data, content_type=content_type)
        if reason:
            raise AttachmentRejected(reason)
    return content_type
