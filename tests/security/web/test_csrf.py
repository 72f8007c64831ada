"""CSRF: a state-changing POST that does not carry the form's token (a browser on another site sending the user's
cookie) is answered 403 and changes nothing — login, logout, a Matter's submission and decision, a report, an
archive upload and an import; on the JSON API, creating and deciding Matters and a named report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jianfu.archive.models import ArchiveEntry, ArchiveFile
from jianfu.imports.models import ImportJob
from jianfu.matters.models import Matter
from jianfu.matters.services.matters import matter_create_draft
from jianfu.oversight.models import Report
from tests.factories import altcha_solution, pdf_bytes, user_with_role
from tests.matters.conftest import campus_activity, submit
from tests.security.web.conftest import PASSWORD, files_under


@pytest.fixture
def forged():
    """A client whose POSTs are checked for the CSRF token, as a real browser's are."""
    return Client(enforce_csrf_checks=True)


def test_given_a_valid_password_when_login_is_posted_without_the_token_then_403_and_no_session(
    forged, county
):
    user = user_with_role("teacher", school=county.school, password=PASSWORD)

    response = forged.post(reverse("login"), {"username": user.username, "password": PASSWORD})

    assert response.status_code == 403
    assert "_auth_user_id" not in forged.session


def test_given_a_logged_in_user_when_logout_is_posted_without_the_token_then_403_and_still_logged_in(
    forged, county
):
    forged.force_login(county.teacher)

    response = forged.post(reverse("logout"))

    assert response.status_code == 403
    assert forged.session["_auth_user_id"] == str(county.teacher.pk)
    assert forged.get(reverse("home")).status_code == 200


def test_given_a_draft_when_submit_is_posted_without_the_token_then_403_and_it_stays_a_draft(forged, county):
    draft = matter_create_draft(actor=county.police, data=campus_activity(county.school))
    forged.force_login(county.police)

    response = forged.post(reverse("matters:submit", args=[draft.pk]))

    assert response.status_code == 403
    assert Matter.objects.get(pk=draft.pk).state == "draft"


def test_given_a_submitted_matter_when_approval_is_posted_without_the_token_then_403_and_it_is_undecided(
    forged, county
):
    matter = submit(county.police, campus_activity(county.school))
    state = Matter.objects.get(pk=matter.pk).state
    forged.force_login(county.county)

    response = forged.post(
        reverse("matters:decide", args=[matter.pk]), {"action": "approve", "reason": "同意"}
    )

    assert response.status_code == 403
    assert state != "approved"
    assert Matter.objects.get(pk=matter.pk).state == state


def test_given_a_solved_challenge_when_a_report_is_posted_without_the_token_then_403_and_no_report(
    forged, county
):
    response = forged.post(
        reverse("reporting:new"),
        {
            "title": "要求教师下载某应用并注册",
            "organizer_name": "固阳县文化旅游局",
            "organizer_level": "county",
            "altcha": altcha_solution(),
        },
    )

    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_given_a_teacher_when_an_archive_upload_is_posted_without_the_token_then_403_and_nothing_stored(
    forged, county, settings
):
    forged.force_login(county.teacher)

    response = forged.post(
        reverse("archive:mine"),
        {
            "section": "certificate",
            "title": "教师资格证",
            "issuer": "包头市教育局",
            "action": "draft",
            "file": SimpleUploadedFile("证书.pdf", pdf_bytes(), content_type="application/pdf"),
        },
    )

    assert response.status_code == 403
    assert (ArchiveEntry.objects.count(), ArchiveFile.objects.count()) == (0, 0)
    assert files_under(settings.JIANFU_PRIVATE_MEDIA_ROOT) == []


def test_given_a_school_admin_when_an_import_is_posted_without_the_token_then_403_and_no_job(forged, county):
    forged.force_login(county.admin)
    csv = "学校标识码,姓名\n2115000001,王芳\n".encode()

    response = forged.post(
        reverse("imports:upload"),
        {"kind": "teachers", "file": SimpleUploadedFile("名单.csv", csv, content_type="text/csv")},
    )

    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_given_the_token_when_the_same_logout_is_posted_then_it_succeeds(county):
    """The control: the 403s above come from the missing token, not from the endpoints refusing everything."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(county.teacher)
    browser.get(reverse("home"))
    token = browser.cookies["csrftoken"].value

    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


# --- the JSON API: a session cookie alone does not change anything ----------------------------------------------


def test_given_a_department_session_when_the_api_creates_a_matter_without_the_token_then_refused_and_none_made(
    forged, county
):
    forged.force_login(county.police)

    response = forged.post("/api/v1/matters", campus_activity(county.school), content_type="application/json")

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "请求缺少有效的CSRF令牌，请刷新页面后重试"},
    )
    assert Matter.objects.count() == 0


def test_given_a_bureau_session_when_the_api_decides_without_the_token_then_refused_and_undecided(
    forged, county
):
    matter = submit(county.police, campus_activity(county.school))
    state = Matter.objects.get(pk=matter.pk).state
    forged.force_login(county.county)

    decided = forged.post(
        f"/api/v1/matters/{matter.pk}/decisions",
        {"action": "approve", "reason": "同意"},
        content_type="application/json",
    )
    batch = forged.post(
        "/api/v1/inbox/approve-routine", {"ids": [matter.pk]}, content_type="application/json"
    )

    assert [decided.status_code, decided.json(), batch.status_code, batch.json()] == [
        403,
        {"detail": "请求缺少有效的CSRF令牌，请刷新页面后重试"},
        403,
        {"detail": "请求缺少有效的CSRF令牌，请刷新页面后重试"},
    ]
    assert Matter.objects.get(pk=matter.pk).state == state


def test_given_a_teachers_session_when_the_api_sends_a_named_report_without_the_token_then_403_and_no_report(
    forged, county
):
    forged.force_login(county.teacher)

    response = forged.post(
        "/api/v1/reports",
        {
            "title": "要求教师下载某应用并注册",
            "organizer": "固阳县文化旅游局",
            "organizer_level": "county",
            "anonymous": False,
            "altcha": altcha_solution(),
        },
        content_type="application/json",
    )

    assert (response.status_code, response.json()) == (403, {"detail": "实名举报须携带CSRF令牌"})
    assert Report.objects.count() == 0
