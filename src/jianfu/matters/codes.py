"""Verification codes of approved Matters and their QR images.

Codes use an alphabet without look-alikes (no 0/O, 1/I/L), eight characters: 31^8 ≈ 8.5 × 10^11 values, drawn
with `secrets`, so they cannot be guessed by walking a sequence.
"""

import io
import re
import secrets

import segno

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_SEPARATORS = re.compile(r"[\s\-_·.]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(raw: str) -> str:
    """What a person typed (lower case, with dashes or spaces) as a stored code; '' if it cannot be one."""
    code = _SEPARATORS.sub("", raw or "").upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return ""
    return code


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False, title="核验二维码")
    return buffer.getvalue()
