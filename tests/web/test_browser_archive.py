"""Measure 17 in chromium: a teacher on a phone uploads a certificate PDF and submits it, the school administrator
opens the archive and verifies it, and the teacher sees the verified status and the administrator's view in
"谁查看了我的档案"."""

import pytest
from django.urls import reverse

from jianfu.accounts.models import Role
from jianfu.archive.models import ArchiveEntry, EntryStatus
from tests.factories import SchoolFactory, TeacherFactory, pdf_bytes, region, user_with_role
from tests.web.conftest import nav_to
from tests.web.test_browser_matters import PASSWORD, log_in

pytestmark = pytest.mark.browser


def test_a_certificate_goes_from_the_teachers_phone_to_verified_and_the_teacher_sees_who_looked(
    live_server, page, phone_page
):
    school = SchoolFactory(region=region("150222"), name="固阳县金山小学")
    teacher = TeacherFactory(school=school, name="刘老师")
    account = user_with_role(Role.TEACHER, teacher=teacher, school=school, password=PASSWORD)
    admin = user_with_role(Role.SCHOOL_ADMIN, school=school, password=PASSWORD, display_name="王校长")
    base = live_server.url

    # The teacher, on a phone, adds the certificate with its scan and submits it for review.
    log_in(phone_page, base, account)
    phone_page.goto(base + reverse("archive:mine"))
    phone_page.select_option("#id_section", "certificate")
    phone_page.locator("#id_title").fill("高级中学教师资格证")
    phone_page.locator("#id_issuer").fill("内蒙古自治区教育厅")
    phone_page.set_input_files(
        "#id_file", files=[{"name": "教师资格证.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    phone_page.get_by_test_id("save-submit").click()
    phone_page.wait_for_url(base + reverse("archive:mine"))
    entry = ArchiveEntry.objects.get()
    card = phone_page.get_by_test_id(f"entry-{entry.pk}")
    assert card.get_by_test_id("entry-status").inner_text() == "待审核"
    assert card.get_by_test_id("file-link").inner_text() == "教师资格证.pdf"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375

    # The school administrator finds it in the queue, opens the archive and verifies it there.
    log_in(page, base, admin)
    nav_to(page, "档案审核")
    page.wait_for_url(base + reverse("archive:verify"))
    page.get_by_test_id(f"queue-{entry.pk}").get_by_test_id("queue-teacher").click()
    page.wait_for_url(base + reverse("archive:teacher", args=[teacher.pk]))
    page.get_by_test_id(f"review-{entry.pk}").get_by_test_id("verify").click()
    page.wait_for_url(base + reverse("archive:teacher", args=[teacher.pk]))
    assert page.get_by_test_id(f"entry-{entry.pk}").get_by_test_id("entry-status").inner_text() == "已审核"

    # The teacher sees the verified status and who looked.
    phone_page.goto(base + reverse("archive:mine"))
    card = phone_page.get_by_test_id(f"entry-{entry.pk}")
    assert card.get_by_test_id("entry-status").inner_text() == "已审核"
    phone_page.get_by_test_id("access-log-link").click()
    phone_page.wait_for_url(base + reverse("archive:access_log"))
    readers = phone_page.get_by_test_id("reader").all_inner_texts()
    assert readers == ["王校长", "王校长"]
    assert phone_page.get_by_test_id("read-action").all_inner_texts() == ["查看电子档案", "查看电子档案"]
    assert ArchiveEntry.objects.get().status == EntryStatus.VERIFIED
    assert page.console_log.csp_violations() == [] and phone_page.console_log.csp_violations() == []
