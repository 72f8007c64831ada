"""Tracking codes of reports: what the reporter keeps to follow an anonymous report.

A code is 20 symbols of Crockford's base32 alphabet (no I, L, O or U, so nothing is misread): 100 random bits,
shown once in groups of four (`7KQ2-M9XD-...`). The database keeps only a keyed hash (HMAC-SHA256 under a key
derived from JIANFU_LOOKUP_KEY), unique, which finds the report again when the code is typed, while a copy of
the database alone cannot produce or test codes. Typing is forgiving: case, spaces and dashes do not matter,
and O is read as 0, I and L as 1.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def tracking_code_new() -> str:
    """A fresh code, formatted for display."""
    return tracking_code_format("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def tracking_code_format(code: str) -> str:
    return "-".join(code[start : start + GROUP] for start in range(0, len(code), GROUP))


def tracking_code_normalize(raw: str) -> str | None:
    """The code as typed, in canonical form; None when it cannot be a tracking code."""
    text = "".join(ch for ch in (raw or "")[:64].upper() if ch.isalnum()).translate(_READ_AS)
    if len(text) != LENGTH or any(ch not in ALPHABET for ch in text):
        return None
    return text


def _key() -> bytes:
    # A key of its own, derived from the lookup key, so these hashes never equal an ID number's.
    return hmac.new(
        settings.JIANFU_LOOKUP_KEY.encode(), b"jianfu.oversight.tracking", hashlib.sha256
    ).digest()


def tracking_hash(raw: str) -> str | None:
    """The keyed hash stored for (and looked up by) a code; None when `raw` is not a well-formed code."""
    code = tracking_code_normalize(raw)
    if code is None:
        return None
    return hmac.new(_key(), code.encode(), hashlib.sha256).hexdigest()
