"""Where an uploaded file waits for its import job: an ImportUpload row per job, sealed with AES-GCM.

In the database rather than a file: the web server that takes the upload and the worker that imports it may run on
different machines (several app servers, one `jianfu run_huey`: docs/operations.md), and the database is what
they share; a retry on any machine reads the same bytes. Sealed under JIANFU_FIELD_KEY (kept outside the
database), because the file holds ID numbers in clear and the database is what backups copy. The row goes in the
transaction that makes the job done or turned down; a failed job's stays for JIANFU_IMPORT_KEEP_FAILED_HOURS, so
that its owner can run it again without uploading it again. The bytes do not travel through the queue.
"""

import hashlib
import os

from cryptography.exceptions import InvalidTag
from django.conf import settings

from jianfu.imports.models import ImportUpload
from jianfu.registry.protection import _aead

_NONCE_BYTES = 12


def _associated(job_id) -> bytes:
    """Binds the sealed bytes to their job: a row copied onto another job does not open."""
    return f"jianfu-import-upload:{job_id}".encode()


def save(job_id, data: bytes) -> None:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = nonce + _aead(settings.JIANFU_FIELD_KEY).encrypt(nonce, data, _associated(job_id))
    ImportUpload.objects.update_or_create(job_id=job_id, defaults={"sealed": sealed})


def read(job_id, *, sha256: str) -> bytes | None:
    """The upload of the job, or None when it is gone or is not the file that was uploaded (its hash differs)."""
    sealed = ImportUpload.objects.filter(job_id=job_id).values_list("sealed", flat=True).first()
    if sealed is None:
        return None
    sealed = bytes(sealed)
    try:
        data = _aead(settings.JIANFU_FIELD_KEY).decrypt(
            sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _associated(job_id)
        )
    except InvalidTag:
        return None  # changed, or sealed for another job or under another key
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def exists(job_id) -> bool:
    return ImportUpload.objects.filter(job_id=job_id).exists()


def remove(job_id) -> None:
    ImportUpload.objects.filter(job_id=job_id).delete()
