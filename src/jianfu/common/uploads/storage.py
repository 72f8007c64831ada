"""Storing checked uploads outside the web root under random names, and serving them only as downloads."""

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.http import FileResponse

from jianfu.common.uploads.content import CheckedUpload

_AREA = re.compile(r"^[a-z0-9_-]+$")


def private_root() -> Path:
    return Path(settings.JIANFU_PRIVATE_MEDIA_ROOT)


def stored_path(relative: str) -> Path:
    """The absolute path of a stored file; a name reaching outside the private root is refused."""
    root = private_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError(f"stored name outside the private root: {relative!r}")
    return path


def upload_store(*, upload: CheckedUpload, area: str) -> str:
    """Write the checked bytes under a random name in `area`; returns the name relative to the private root."""
    if not _AREA.match(area):
        raise ValueError(f"invalid storage area: {area!r}")
    token = secrets.token_hex(16)
    relative = f"{area}/{token[:2]}/{token}{upload.extension}"
    path = stored_path(relative)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(upload.data)
    os.replace(partial, path)
    return relative


def upload_discard(*, relative: str) -> None:
    stored_path(relative).unlink(missing_ok=True)


@contextmanager
def upload_stored(*, upload: CheckedUpload, area: str) -> Iterator[str]:
    """Store the file for the rows written inside the block; if the block fails, the file goes again."""
    relative = upload_store(upload=upload, area=area)
    try:
        yield relative
    except BaseException:
        upload_discard(relative=relative)
        raise


def upload_response(*, relative: str, content_type: str, display_name: str) -> FileResponse:
    """Stream a stored file as a download only: never rendered by the browser, never cached on the way."""
    response = FileResponse(
        stored_path(relative).open("rb"), as_attachment=True, filename=display_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
