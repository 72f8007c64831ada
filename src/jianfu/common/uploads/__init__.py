"""Uploaded files that hold personal data: checked by their bytes, stored outside the web root, served only by a
view that has checked access first.

What is accepted: PDF, JPEG and PNG, each recognised by its signature and then parsed far enough to know that the
whole file is that one format (PNG chunks and their CRCs up to IEND, JPEG segments up to EOI, the PDF header, its
cross-reference pointer and %%EOF). Bytes after the end of the image or document, an embedded ZIP archive or HTML
near the start (polyglots), an extension naming another format, an empty or oversized file, and a PDF with
JavaScript or a launch action (also inside compressed streams) or with encryption (unscannable) are refused with a
Chinese message that names the form field. Pure Python on purpose: an image library would decode pixels we never
show, and its decoders are the larger attack surface.

The client's file name is display text only; the file is stored under a random name in
settings.JIANFU_PRIVATE_MEDIA_ROOT and its type is the sniffed one, never the client's.
"""

from jianfu.common.uploads.content import (
    ACCEPT_ATTRIBUTE,
    ALL_KINDS,
    EXTENSIONS,
    JPEG,
    KIND_LABELS,
    PDF,
    PNG,
    CheckedUpload,
    UploadRejected,
    content_problem,
    display_name_clean,
    upload_check,
    upload_read,
)
from jianfu.common.uploads.storage import (
    private_root,
    stored_path,
    upload_discard,
    upload_response,
    upload_store,
    upload_stored,
)

__all__ = [
    "ACCEPT_ATTRIBUTE",
    "ALL_KINDS",
    "EXTENSIONS",
    "JPEG",
    "KIND_LABELS",
    "PDF",
    "PNG",
    "CheckedUpload",
    "UploadRejected",
    "content_problem",
    "display_name_clean",
    "private_root",
    "stored_path",
    "upload_check",
    "upload_discard",
    "upload_read",
    "upload_response",
    "upload_store",
    "upload_stored",
]
