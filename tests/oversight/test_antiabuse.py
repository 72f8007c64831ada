"""The public form's defences: the rate limit, the proof of work (missing, wrong, expired, replayed) and the
honeypot. A refused submission stores nothing and keeps what was typed on the page."""

import base64
import datetime as dt
import json

import altcha
from django.urls import reverse
from django.utils import timezone

from jianfu.audit.models import AuditEvent
from jianfu.oversight import antiabuse
from jianfu.oversight.models import Case, Report
from tests.factories import altcha_solution


def _form(**overrides):
    data = {
        "title": "要求教师周末到社区参加创城志愿服务",
        "organizer_name": "固阳县文明办",
        "organizer_level": "county",
        "school": "固阳县金山小学",
        "altcha": altcha_solution(),
        "website": "",
    }
    data.update(overrides)
    return data


def _nothing_stored():
    assert (Report.objects.count(), Case.objects.count(), AuditEvent.objects.count()) == (0, 0, 0)


def test_a_submission_without_the_proof_of_work_is_refused_and_keeps_what_was_typed(baotou, client):
    response = client.post(reverse("reporting:new"), _form(altcha=""))

    page = response.content.decode()
    assert response.status_code == 400
    assert "页面的自动校验未完成，请稍候几秒再提交（需要启用 JavaScript）" in page
    assert 'value="要求教师周末到社区参加创城志愿服务"' in page
    assert "data-form-errors" in page  # the page's script keeps the draft
    _nothing_stored()


def test_a_wrong_solution_is_refused(baotou, client):
    payload = json.loads(base64.b64decode(altcha_solution()))
    payload["number"] += 1

    response = client.post(
        reverse("reporting:new"), _form(altcha=base64.b64encode(json.dumps(payload).encode()).decode())
    )

    assert response.status_code == 400
    assert (
        "页面的自动校验未通过或已过期，请刷新页面后再提交（已填写的内容会保留）" in response.content.decode()
    )
    _nothing_stored()


def test_a_challenge_signed_with_another_key_is_refused(baotou, client):
    challenge = altcha.create_challenge_v1(algorithm="SHA-256", max_number=1000, hmac_key="not-our-key")
    solution = altcha.solve_challenge_v1(challenge.challenge, challenge.salt, "SHA-256", 1000)
    forged = altcha.PayloadV1(
        "SHA-256", challenge.challenge, solution.number, challenge.salt, challenge.signature
    ).to_base64()

    response = client.post(reverse("reporting:new"), _form(altcha=forged))

    assert response.status_code == 400
    _nothing_stored()


def test_an_expired_challenge_is_refused(baotou, client, settings):
    settings.JIANFU_REPORT_CHALLENGE_MINUTES = -1  # expired a minute before it was made
    stale = altcha_solution()
    settings.JIANFU_REPORT_CHALLENGE_MINUTES = 30

    response = client.post(reverse("reporting:new"), _form(altcha=stale))

    assert response.status_code == 400
    _nothing_stored()


def test_a_solution_is_spent_once_so_a_replayed_submission_is_refused(baotou, client):
    solution = altcha_solution()
    first = client.post(reverse("reporting:new"), _form(altcha=solution))
    assert first.status_code == 200 and Report.objects.count() == 1

    again = client.post(reverse("reporting:new"), _form(altcha=solution))

    assert again.status_code == 400
    assert "该次提交已经处理过，请勿重复提交；如需再次举报，请刷新页面" in again.content.decode()
    assert Report.objects.count() == 1


def test_garbage_in_the_proof_of_work_field_is_refused(baotou, client):
    for garbage in ("not base64!", base64.b64encode(b"[1, 2]").decode(), "e30=", "x" * 5000):
        response = client.post(reverse("reporting:new"), _form(altcha=garbage))
        assert response.status_code == 400
    _nothing_stored()


def test_a_filled_honeypot_is_refused(baotou, client):
    response = client.post(reverse("reporting:new"), _form(website="http://spam.example"))

    assert response.status_code == 400
    assert "提交未通过校验，请刷新页面后重试" in response.content.decode()
    _nothing_stored()


def test_the_sixth_report_from_one_address_within_the_hour_is_refused(baotou, client, settings):
    settings.JIANFU_REPORT_RATE_LIMIT = 5
    for _ in range(5):
        assert client.post(reverse("reporting:new"), _form(), REMOTE_ADDR="198.51.100.9").status_code == 200

    response = client.post(reverse("reporting:new"), _form(), REMOTE_ADDR="198.51.100.9")

    assert response.status_code == 429
    assert "提交过于频繁，请60分钟后再试" in response.content.decode()
    assert Report.objects.count() == 5
    other = client.post(reverse("reporting:new"), _form(), REMOTE_ADDR="198.51.100.10")
    assert other.status_code == 200 and Report.objects.count() == 6


def test_the_api_is_limited_like_the_page(baotou, client, settings):
    settings.JIANFU_REPORT_RATE_LIMIT = 1
    body = {"title": "要求教师下载某应用并注册", "organizer": "某公司"}
    assert (
        client.post(
            "/api/v1/reports", {**body, "altcha": altcha_solution()}, content_type="application/json"
        ).status_code
        == 201
    )

    response = client.post(
        "/api/v1/reports", {**body, "altcha": altcha_solution()}, content_type="application/json"
    )

    assert (response.status_code, response.json()) == (429, {"detail": "提交过于频繁，请60分钟后再试"})
    assert Report.objects.count() == 1


def test_tracking_lookups_are_rate_limited(baotou, client, settings):
    settings.JIANFU_TRACKING_RATE_LIMIT = 2
    for _ in range(2):
        assert client.get("/api/v1/reports/AAAA-AAAA-AAAA-AAAA-AAAA").status_code == 404

    assert client.get("/api/v1/reports/AAAA-AAAA-AAAA-AAAA-AAAA").status_code == 429
    assert client.post(reverse("reporting:track"), {"code": "AAAA"}).status_code == 429


def test_the_challenge_is_signed_expires_and_is_never_cached(baotou, client):
    response = client.get(reverse("reporting:challenge"))

    challenge = response.json()
    assert set(challenge) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}
    assert (challenge["algorithm"], challenge["maxNumber"]) == ("SHA-256", 100_000)
    expires = int(challenge["salt"].split("expires=")[1].rstrip("&"))
    in_30_minutes = (timezone.now() + dt.timedelta(minutes=30)).timestamp()
    assert in_30_minutes - 5 <= expires <= in_30_minutes + 5
    assert "no-cache" in response["Cache-Control"]


def test_the_rate_limit_keys_hold_no_address(baotou, rf):
    request = rf.post("/report/", REMOTE_ADDR="192.0.2.44")

    key = antiabuse.client_key(request)

    assert "192.0.2.44" not in key and len(key) == 32
    assert key == antiabuse.client_key(rf.post("/report/", REMOTE_ADDR="192.0.2.44"))
    assert key != antiabuse.client_key(rf.post("/report/", REMOTE_ADDR="192.0.2.45"))
