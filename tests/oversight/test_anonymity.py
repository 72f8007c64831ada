"""Anonymity: an anonymous report, by the page or the API, stores no account, no address and no device data
anywhere: not in the report, not in its case, not in the audit log, not in any other table, not in the cache."""

import datetime as dt
import re

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from jianfu.audit.models import AuditEvent
from jianfu.oversight.models import CaseStep, Evidence, Report
from jianfu.oversight.screening import report_screening
from jianfu.oversight.tracking import tracking_hash
from tests.factories import altcha_solution, png_bytes

ADDRESS = "203.0.113.77"
DEVICE = "Mozilla/5.0 (Linux; Android 14; HUAWEI-TESTPHONE-9) Mobile"
REQUEST_ID = "req-4b1d-anonymous-report"
ORIGIN = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": DEVICE, "HTTP_X_REQUEST_ID": REQUEST_ID}
TITLE = "要求全体教师为“最美家乡”评选网络投票并截图上报"
DESCRIPTION = "通过教师工作群布置，每天投票并截图。"


def _form(**overrides):
    data = {
        "title": TITLE,
        "description": DESCRIPTION,
        "organizer_name": "固阳县文化旅游局",
        "organizer_level": "county",
        "demanded_on": "2026-11-20",
        "school": "固阳县金山小学",
        "region": "",
        "anonymous": "on",
        "altcha": altcha_solution(),
        "website": "",
    }
    data.update(overrides)
    return data


def _code_on(page: str) -> str:
    return re.search(r'data-testid="tracking-code">([0-9A-Z-]+)<', page).group(1)


def _nothing_anywhere(*needles: str) -> None:
    """No row of any table, and no cache entry, holds any of `needles`."""
    for model in apps.get_models():
        for row in model._base_manager.values():
            text = str(row)
            assert not [needle for needle in needles if needle in text], (model.__name__, row)
    for key, value in cache._cache.items():  # LocMemCache: the key and its pickled value
        assert not [needle for needle in needles if needle.encode() in key.encode() + value]


def _expected_row(report: Report, code: str, baotou) -> dict:
    screening = report_screening(
        title=TITLE,
        description=DESCRIPTION,
        organizer=baotou.culture.department,
        organizer_name="固阳县文化旅游局",
        organizer_level="county",
    )
    return {
        "id": report.pk,
        "tracking_hash": tracking_hash(code),
        "channel": "form",
        "is_anonymous": True,
        "reporter_id": None,
        "title": TITLE,
        "description": DESCRIPTION,
        "organizer_id": baotou.culture.department.pk,
        "organizer_name": "固阳县文化旅游局",
        "organizer_level": "county",
        "demanded_on": dt.date(2026, 11, 20),
        "school_id": baotou.school.pk,
        "school_name": "固阳县金山小学",
        "region_id": baotou.school.region_id,
        "matter_id": None,
        "verification_code": "",
        "on_whitelist": False,
        "verdict": screening["verdict"],
        "catalog_version": screening["catalog_version"],
        "findings": screening["findings"],
        "measures": screening["measures"],
        "received_at": report.received_at,
    }


def _audit_rows(*, after: int = 0) -> list[dict]:
    return list(
        AuditEvent.objects.filter(pk__gt=after).values(
            "actor_id",
            "actor_label",
            "actor_role",
            "ip_address",
            "user_agent",
            "request_id",
            "category",
            "action",
            "object_type",
            "region_code",
            "reason",
            "changes",
        )
    )


ANONYMOUS_AUDIT_ROW = {
    "actor_id": None,
    "actor_label": "匿名举报人",
    "actor_role": "",
    "ip_address": None,
    "user_agent": "",
    "request_id": "",
    "category": "change",
    "action": "report.receive",
    "object_type": "oversight.report",
    "region_code": "150222",
    "reason": "",
    "changes": {},
}


def test_an_anonymous_report_on_the_page_stores_no_account_address_or_device_anywhere(baotou, client):
    before = timezone.now()

    response = client.post(
        reverse("reporting:new"),
        {**_form(), "evidence": [_upload("截图.png", png_bytes())]},
        **ORIGIN,
    )

    code = _code_on(response.content.decode())
    report = Report.objects.get()
    row = Report.objects.values().get()
    assert row == _expected_row(report, code, baotou)
    assert before <= report.received_at <= timezone.now()
    assert _audit_rows() == [ANONYMOUS_AUDIT_ROW]
    assert AuditEvent.objects.get().extra == {
        "channel": "form",
        "anonymous": True,
        "evidence": 1,
        "case": report.case.pk,
        "route_region": "150222",
        "verdict": report.verdict,
    }
    assert list(CaseStep.objects.values_list("actor_id", "actor_label", "organisation")) == [
        (None, "匿名举报人", "")
    ]
    assert list(Evidence.objects.values_list("display_name", flat=True)) == ["证据材料1.png"]
    _nothing_anywhere(ADDRESS, DEVICE, REQUEST_ID, "截图.png", "HUAWEI")


def test_a_logged_in_teacher_reporting_anonymously_leaves_no_trace_of_the_account(baotou, client):
    client.force_login(baotou.teacher)
    logged_in = AuditEvent.objects.latest("pk").pk  # the login itself is audited, as always

    response = client.post(reverse("reporting:new"), _form(), **ORIGIN)

    code = _code_on(response.content.decode())
    report = Report.objects.get()
    assert Report.objects.values().get() == _expected_row(report, code, baotou)
    assert _audit_rows(after=logged_in) == [ANONYMOUS_AUDIT_ROW]
    assert list(CaseStep.objects.values_list("actor_id", "actor_label", "organisation")) == [
        (None, "匿名举报人", "")
    ]
    _nothing_anywhere(ADDRESS, DEVICE, REQUEST_ID)


def test_an_anonymous_report_through_the_api_stores_no_address_or_device_anywhere(baotou, client):
    payload = {
        "title": TITLE,
        "description": DESCRIPTION,
        "organizer": "固阳县文化旅游局",
        "organizer_level": "county",
        "demanded_on": "2026-11-20",
        "school": "2115000001",
        "altcha": altcha_solution(),
    }

    response = client.post("/api/v1/reports", payload, content_type="application/json", **ORIGIN)

    assert response.status_code == 201
    code = response.json()["tracking_code"]
    report = Report.objects.get()
    assert Report.objects.values().get() == {
        **_expected_row(report, code, baotou),
        "channel": "api",
    }
    assert _audit_rows() == [ANONYMOUS_AUDIT_ROW]
    assert AuditEvent.objects.get().extra["channel"] == "api"
    _nothing_anywhere(ADDRESS, DEVICE, REQUEST_ID)


def test_the_status_by_tracking_code_tells_nothing_about_anyone(baotou, client):
    client.force_login(baotou.teacher)
    response = client.post(reverse("reporting:new"), _form(anonymous=""), **ORIGIN)
    code = _code_on(response.content.decode())
    client.logout()

    status = client.get(f"/api/v1/reports/{code}").json()

    assert set(status) == {
        "status",
        "status_label",
        "received_on",
        "accept_due_on",
        "conclude_due_on",
        "overdue",
        "escalated",
        "conclusion",
        "conclusion_label",
        "reply",
        "replied_on",
    }
    text = str(status)
    for needle in ("刘老师", baotou.teacher.username, "金山小学", "文化旅游局", ADDRESS):
        assert needle not in text


def test_a_report_in_the_reporters_own_name_keeps_the_account_and_its_usual_audit_origin(baotou, client):
    client.force_login(baotou.teacher)

    client.post(reverse("reporting:new"), _form(anonymous=""), **ORIGIN)

    report = Report.objects.get()
    event = AuditEvent.objects.get(action="report.receive")
    assert (report.is_anonymous, report.reporter) == (False, baotou.teacher)
    assert (event.actor, event.ip_address, event.user_agent) == (baotou.teacher, ADDRESS, DEVICE)


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/png")
