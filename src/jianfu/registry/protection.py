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


def protect_many(values: list[str]) -> list[ProtectedValue]:
    """protect() for a batch (imports): the same ciphertext format, keyed hash and mask, with the cipher, the
    hash key and the random nonces prepared once for the batch."""
    aead = _aead(settings.JIANFU_FIELD_KEY)
    keyed = hmac.new(settings.JIANFU_LOOKUP_KEY.encode(), digestmod=hashlib.sha256)
    nonces = os.urandom(_NONCE_BYTES * len(values))
    protected = []
    for index, value in enumerate(values):
        nonce = nonces[index * _NONCE_BYTES : (index + 1) * _NONCE_BYTES]
        data = value.encode()
        digest = keyed.copy()
        digest.update(data)
        protected.append(
            ProtectedValue(
                cipher=base64.b64encode(nonce + aead.encrypt(nonce, data, b"jianfu-id")).decode(),
                lookup=digest.hexdigest(),
                masked=mask_id_number(value),
            )
        )
    return protected
