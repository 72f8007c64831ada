"""ID numbers at rest: AES-GCM ciphertext plus a keyed hash for exact lookups (imports match by ID).

Keys come from settings (JIANFU_FIELD_KEY, JIANFU_LOOKUP_KEY), never from the database.
"""

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from jianfu.registry.idcard import mask_id_number

_NONCE_BYTES = 12


@dataclass(frozen=True)
class ProtectedValue:
    cipher: str
    lookup: str
    masked: str


@lru_cache(maxsize=4)
def _aead(key_b64: str) -> AESGCM:
    key = base64.b64decode(key_b64)
    if len(key) not in (16, 24, 32):
        raise ValueError("JIANFU_FIELD_KEY must be base64 of 16, 24 or 32 bytes")
    return AESGCM(key)


def lookup_hash(value: str) -> str:
    """Keyed hash of a normalised ID number: equal numbers give equal hashes, the number stays unreadable."""
    return hmac.new(settings.JIANFU_LOOKUP_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def protect(value: str) -> ProtectedValue:
    nonce = os.urandom(_NONCE_BYTES)
    sealed = _aead(settings.JIANFU_FIELD_KEY).encrypt(nonce, value.encode(), b"jianfu-id")
    return ProtectedValue(
        cipher=base64.b64encode(nonce + sealed).decode(),
        lookup=lookup_hash(value),
        masked=mask_id_number(value),
    )


def reveal(cipher: str) -> str:
    raw = base64.b64decode(cipher)
    return (
        _aead(settings.JIANFU_FIELD_KEY)
        .decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], b"jianfu-id")
        .decode()
    )
