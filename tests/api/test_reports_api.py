"""/api/v1/reports: anyone reports (anonymously unless logged in with a CSRF token), gets the tracking code, and
follows the status and reply by it; refusals (proof of work, honeypot, bad fields) store nothing."""

import base64

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from jianfu.accounts.models import Role
from jianfu.oversight.models import Case, Evidence, Report
from tests.factories import (
    SchoolFactory,
    TeacherFactory,
    altcha_solution,
    bureau_user,
    png_bytes,
    region,
    user_with_role,
)
from tests.oversight.conftest import UNFOUNDED, handle_to

BODY = {
    "title": "要求教师下载某应用并注册",
    "description": "街道通过学校布置，要求每位教师下载注册并截图。",
    "organizer": "某街道办事处",
    "organizer_level": "county",
    "school": "2115000101",
}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school(db):
    return SchoolFactory(region=region("150222"), name="固阳县银山小学", code="2115000101")


def _post(client, body):
    return client.post("/api/v1/reports", body, content_type="application/json")


def test_anyone_reports_and_gets_the_tracking_code_once(client, school):
    response = _post(client, {**BODY, "altcha": altcha_solution()})

    assert response.status_code == 201
    body = response.json()
    report = Report.objects.get()
    assert len(body["tracking_code"]) == 24
    assert (body["status"], body["status_label"]) == ("received", "待受理")
    assert (body["accept_due_on"], body["conclude_due_on"]) == (
        report.case.accept_due_on.isoformat(),
        report.case.conclude_due_on.isoformat(),
    )
    assert (report.channel, report.is_anonymous, report.case.route_region.code) == ("api", True, "150222")


def test_the_challenge_comes_from_the_api(client, db):
    challenge = client.get("/api/v1/reports/challenge").json()

    assert set(challenge) == {"algorithm", "challenge", "maxNumber", "salt", "signature"}


def test_the_status_and_reply_are_read_by_the_tracking_code(client, school):
    code = _post(client, {**BODY, "altcha": altcha_solution()}).json()["tracking_code"]
    county = bureau_user("150222")
    handle_to(county, Case.objects.get(), "accept", "investigate", "conclude", "respond", **UNFOUNDED)

    body = client.get(f"/api/v1/reports/{code.lower().replace('-', '')}").json()

    assert (body["status"], body["conclusion"], body["conclusion_label"], body["reply"]) == (
        "responded",
        "unfounded",
        "不属实",
        "经核查，情况属实，已责令停止。",
    )
    assert body["replied_on"] == timezone.localdate(Case.objects.get().responded_at).isoformat()


def test_an_unknown_code_is_404(client, db):
    response = client.get("/api/v1/reports/7KQ2-M9XD-0A1B-C2D3-E4F5")

    assert (response.status_code, response.json()) == (404, {"detail": "没有找到该查询码对应的举报"})


def test_a_report_without_the_proof_of_work_is_refused_and_nothing_is_stored(client, school):
    response = _post(client, BODY)

    assert response.status_code == 400
    assert Report.objects.count() == 0


def test_a_filled_honeypot_is_refused(client, school):
    response = _post(client, {**BODY, "altcha": altcha_solution(), "website": "x"})

    assert (response.status_code, response.json()) == (400, {"detail": "提交未通过校验，请刷新页面后重试"})
    assert Report.objects.count() == 0


def test_bad_fields_are_named(client, school):
    response = _post(client, {**BODY, "title": "", "region": "999999", "altcha": altcha_solution()})

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {"field": "title", "message": "请简要说明对方提出了什么要求"},
            {"field": "region", "message": "未知的旗县区"},
        ]
    }
    assert Report.objects.count() == 0


def test_evidence_comes_as_base64_and_is_checked(client, school):
    good = {"name": "截图.png", "content_base64": base64.b64encode(png_bytes()).decode()}

    response = _post(client, {**BODY, "evidence": [good], "altcha": altcha_solution()})

    assert response.status_code == 201
    assert list(Evidence.objects.values_list("display_name", "size")) == [("证据材料1.png", len(png_bytes()))]
    bad = _post(
        client,
        {**BODY, "evidence": [{"name": "x.png", "content_base64": "%%%"}], "altcha": altcha_solution()},
    )
    assert bad.json() == {"detail": [{"field": "evidence", "message": "证据材料1：不是有效的base64"}]}
    assert Report.objects.count() == 1


def test_someone_not_logged_in_cannot_report_in_a_name(client, school):
    response = _post(client, {**BODY, "anonymous": False, "altcha": altcha_solution()})

    assert response.status_code == 422
    assert Report.objects.count() == 0


def test_a_report_in_ones_name_needs_the_csrf_token_so_no_other_site_can_send_it(school):
    teacher = user_with_role(Role.TEACHER, teacher=TeacherFactory(school=school))
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)

    refused = _post(client, {**BODY, "anonymous": False, "altcha": altcha_solution()})

    assert (refused.status_code, refused.json()) == (403, {"detail": "实名举报须携带CSRF令牌"})
    assert Report.objects.count() == 0
    client.get("/report/")  # sets the CSRF cookie, as the site's pages do
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/reports",
        {**BODY, "anonymous": False, "altcha": altcha_solution()},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert accepted.status_code == 201
    assert Report.objects.get().reporter == teacher


def test_a_logged_in_user_reporting_anonymously_needs_no_token_and_leaves_no_account(school):
    teacher = user_with_role(Role.TEACHER, teacher=TeacherFactory(school=school))
    client = Client(enforce_csrf_checks=True)
    client.force_login(teacher)

    response = _post(client, {**BODY, "altcha": altcha_solution()})

    assert response.status_code == 201
    assert (Report.objects.get().reporter, Report.objects.get().is_anonymous) == (None, True)
