"""Evidence sent with a report: checked like every upload (common.uploads), then stripped of what could tell who
sent it, before it is stored.

Photos and screenshots carry their device with them: EXIF (camera or phone make and model, serial numbers, GPS
position, capture time), XMP, ICC profiles naming the device, comments. So, whatever the report:

- JPEG keeps only the segments needed to show the image (JFIF APP0, Adobe APP14, tables, frames and scans);
  APP1-APP13, APP15 and comments go.
- PNG keeps only the chunks needed to show the image (an allow-list); text, EXIF, time and ICC chunks go.
- PDF: the document-information strings (author, creator, producer, title, subject, keywords) and uncompressed
  XMP packets are overwritten with blanks of the same length, so every offset in the file stays right, and the
  file identifiers are replaced by random ones. Metadata inside compressed object streams stays: the report form
  suggests a screenshot or photo instead of the original document.

The result is checked again as an upload; the stored name is random and the display name neutral (证据材料N).
"""

import re
import secrets
import struct

from jianfu.common import uploads

FIELD_LABEL = "证据材料"
MAX_FILES = 5

_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}
_JPEG_DROPPED = {*range(0xE1, 0xEE), 0xEF, 0xFE}
_PNG_KEPT = {
    b"IHDR",
    b"PLTE",
    b"IDAT",
    b"IEND",
    b"tRNS",
    b"gAMA",
    b"cHRM",
    b"sRGB",
    b"sBIT",
    b"bKGD",
    b"pHYs",
    b"acTL",
    b"fcTL",
    b"fdAT",
}
_PDF_INFO_KEYS = re.compile(rb"/(Author|Creator|Producer|Title|Subject|Keywords)(?=[\s(<])\s*")
_PDF_XMP = re.compile(rb"<x:xmpmeta\b.*?</x:xmpmeta>", re.DOTALL)
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]*)>\s*<([0-9A-Fa-f]*)>\s*\]")


def _jpeg_stripped(data: bytes) -> bytes:
    out = bytearray(b"\xff\xd8")
    position, size = 2, len(data)
    while position < size:
        while position < size and data[position] == 0xFF:  # fill bytes
            position += 1
        marker = data[position]
        position += 1
        if marker == 0xD9:
            out += b"\xff\xd9"
            return bytes(out)
        if marker in _JPEG_STANDALONE:
            out += bytes([0xFF, marker])
            continue
        (length,) = struct.unpack(">H", data[position : position + 2])
        segment = data[position : position + length]
        position += length
        if marker not in _JPEG_DROPPED:
            out += bytes([0xFF, marker]) + segment
        if marker == 0xDA:  # entropy-coded data runs to the next marker other than RSTn or a stuffed zero
            start = position
            while True:
                position = data.find(b"\xff", position)
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    position += 2
                    continue
                break
            out += data[start:position]
    raise ValueError("JPEG without EOI")  # upload_check has already refused such a file


def _png_stripped(data: bytes) -> bytes:
    out = bytearray(data[:8])
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if kind in _PNG_KEPT:
            out += data[position:end]
        position = end
        if kind == b"IEND":
            break
    return bytes(out)


def _pdf_string_end(data: bytes, start: int) -> int | None:
    """The index just past the literal (…) or hex <…> string starting at `start`."""
    if data[start : start + 1] == b"<" and data[start + 1 : start + 2] != b"<":
        end = data.find(b">", start)
        return None if end < 0 else end + 1
    if data[start : start + 1] != b"(":
        return None
    depth, position = 0, start
    while position < len(data):
        char = data[position]
        if char == 0x5C:  # backslash escapes the next byte
            position += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return None


def _blank(string: bytes) -> bytes:
    inner = len(string) - 2
    if string[:1] == b"<":
        return b"<" + (b"20" * (inner // 2) + b"2" * (inner % 2)) + b">"
    return b"(" + b" " * inner + b")"


def _pdf_stripped(data: bytes) -> bytes:
    out = bytearray(data)
    for match in _PDF_INFO_KEYS.finditer(data):
        start = match.end()
        end = _pdf_string_end(data, start)
        if end is not None:
            out[start:end] = _blank(data[start:end])
    for match in _PDF_XMP.finditer(data):
        out[match.start() : match.end()] = b" " * (match.end() - match.start())
    for match in _PDF_ID.finditer(data):
        for group in (1, 2):
            random_hex = secrets.token_hex(len(match.group(group)) // 2 + 1)[: len(match.group(group))]
            out[match.start(group) : match.end(group)] = random_hex.upper().encode()
    return bytes(out)


_STRIPPERS = {uploads.JPEG: _jpeg_stripped, uploads.PNG: _png_stripped, uploads.PDF: _pdf_stripped}


def evidence_prepare(*, files: list[tuple[str, bytes]]) -> list[uploads.CheckedUpload]:
    """Check each (name, bytes), strip its metadata and give it a neutral name; UploadRejected names the file."""
    if len(files) > MAX_FILES:
        raise uploads.UploadRejected(FIELD_LABEL, f"最多上传{MAX_FILES}个文件")
    prepared = []
    for number, (name, data) in enumerate(files, 1):
        label = f"{FIELD_LABEL}{number}"
        checked = uploads.upload_check(data=data, name=name, field_label=label)
        stripped = _STRIPPERS[checked.content_type](checked.data)
        prepared.append(
            uploads.upload_check(data=stripped, name=f"{label}{checked.extension}", field_label=label)
        )
    return prepared
