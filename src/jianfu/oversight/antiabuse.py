"""Defences of the public report form and API, with no outside service: a rate limit, a proof of work, a honeypot.

- Rate limit: a fixed window per client in the Django cache (JIANFU_REPORT_RATE_LIMIT submissions and
  JIANFU_TRACKING_RATE_LIMIT tracking look-ups per JIANFU_REPORT_RATE_WINDOW_MINUTES). The client is known only by
  a keyed hash of its address, kept in the cache for the window and never written anywhere else, so the counters
  cannot be turned back into addresses and vanish with the window.
- Proof of work: an ALTCHA challenge (the `altcha` package, its SHA-256 protocol) signed with a key derived from
  SECRET_KEY, valid for JIANFU_REPORT_CHALLENGE_MINUTES. The page's script (static jianfu/oversight.js) finds the
  number n ≤ JIANFU_REPORT_POW_MAX_NUMBER whose SHA-256 of salt + n is the challenge: well under a second in a
  browser, a real cost for a bot sending thousands. A solved challenge is spent once (kept in the cache until it
  would have expired anyway), so a replayed submission is refused.
- Honeypot: a field people never see nor reach; anything typed into it refuses the submission.
"""

import base64
import binascii
import datetime as dt
import json
import time
from typing import Any

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

HONEYPOT_FIELD = "website"
POW_FIELD = "altcha"
_PAYLOAD_MAX = 4096
_ALGORITHM = "SHA-256"


class Refused(Exception):
    """A submission turned away before it is read; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, *, status: int = 400):
        self.message, self.status = message, status
        super().__init__(message)


def client_key(request) -> str:
    """A keyed hash of the client's address, for the counters only."""
    address = request.META.get("REMOTE_ADDR") or "unknown"
    return salted_hmac("jianfu.oversight.rate-limit", address).hexdigest()[:32]


def rate_limit_check(*, request, action: str, limit: int) -> None:
    """Count one use of `action` by this client; Refused (429) once the window's limit is passed."""
    window = settings.JIANFU_REPORT_RATE_WINDOW_MINUTES * 60
    slot = int(time.time() // window)
    key = f"oversight:rate:{action}:{client_key(request)}:{slot}"
    cache.add(key, 0, timeout=window + 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 60)
        count = 1
    if count > limit:
        minutes = settings.JIANFU_REPORT_RATE_WINDOW_MINUTES
        raise Refused(f"提交过于频繁，请{minutes}分钟后再试", status=429)


def _pow_key() -> str:
    return salted_hmac("jianfu.oversight.altcha", "proof-of-work").hexdigest()


def challenge_new() -> dict[str, Any]:
    """A fresh signed challenge, as the ALTCHA JSON the page's solver reads."""
    expires = timezone.now() + dt.timedelta(minutes=settings.JIANFU_REPORT_CHALLENGE_MINUTES)
    challenge = altcha.create_challenge_v1(
        algorithm=_ALGORITHM,
        max_number=settings.JIANFU_REPORT_POW_MAX_NUMBER,
        hmac_key=_pow_key(),
        expires=expires,
    )
    return challenge.to_dict()


def _payload_of(raw: str) -> dict[str, Any] | None:
    if not raw or len(raw) > _PAYLOAD_MAX:
        return None
    try:
        data = json.loads(base64.b64decode(raw, validate=True).decode())
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    if not all(isinstance(data.get(key), str) for key in ("algorithm", "challenge", "salt", "signature")):
        return None
    if not isinstance(data.get("number"), int) or isinstance(data.get("number"), bool):
        return None
    return data


def proof_of_work_check(raw: str) -> None:
    """The solved challenge sent with a submission: signed by us, unexpired, solved and not used before."""
    payload = _payload_of(raw)
    if payload is None or payload["algorithm"] != _ALGORITHM:
        raise Refused("页面的自动校验未完成，请稍候几秒再提交（需要启用 JavaScript）")
    verified, _error = altcha.verify_solution_v1(payload, _pow_key(), check_expires=True)
    if not verified:
        raise Refused("页面的自动校验未通过或已过期，请刷新页面后再提交（已填写的内容会保留）")
    spent = f"oversight:pow-spent:{payload['signature']}"
    if not cache.add(spent, 1, timeout=settings.JIANFU_REPORT_CHALLENGE_MINUTES * 60 + 60):
        raise Refused("该次提交已经处理过，请勿重复提交；如需再次举报，请刷新页面")


def honeypot_check(value: str) -> None:
    if value:
        raise Refused("提交未通过校验，请刷新页面后重试")


def submission_guard(*, request, honeypot: str, pow_payload: str) -> None:
    """Everything a public submission passes before it is read: rate limit, honeypot, proof of work."""
    rate_limit_check(request=request, action="report", limit=settings.JIANFU_REPORT_RATE_LIMIT)
    honeypot_check(honeypot)
    proof_of_work_check(pow_payload)


def tracking_guard(*, request) -> None:
    rate_limit_check(request=request, action="track", limit=settings.JIANFU_TRACKING_RATE_LIMIT)
