"""Who opens a teacher's archive and its files: the teacher, the school, the bureaus and supervisors of the area, a
department only through an unexpired, unrevoked grant. Out of reach is 404, like missing; every read is audited."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.archive.models import ArchiveEntry, ArchiveFile, Section
from jianfu.archive.services.entries import archive_entry_create
from jianfu.audit.models import AuditEvent
from tests.archive.conftest import grant, verified_entry
from tests.factories import pdf_bytes

READERS = ["zhang_user", "admin", "county", "city", "supervisor"]
OUTSIDERS = ["li_user", "other_admin", "other_county", "department"]


def archive_url(place):
    return reverse("archive:teacher", args=[place.zhang.pk])


def reads(action: str = "archive.view"):
    return list(
        AuditEvent.objects.filter(category="read", action=action).values_list("actor_id", "object_id")
    )


@pytest.mark.parametrize("who", READERS)
def test_a_reader_of_the_area_opens_the_archive_and_the_read_is_audited(place, client, who):
    verified_entry(place)
    user = getattr(place, who)
    client.force_login(user)

    response = client.get(archive_url(place))

    assert response.status_code == 200
    assert "包头市优秀教师" in response.content.decode()
    assert reads() == [(user.pk, str(place.zhang.pk))]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_anyone_else_gets_404_and_no_read_is_recorded(place, client, who):
    verified_entry(place)
    client.force_login(getattr(place, who))

    response = client.get(archive_url(place))

    assert response.status_code == 404
    assert reads() == []


def test_a_missing_teacher_looks_the_same_as_one_out_of_reach(place, client):
    client.force_login(place.other_county)

    assert client.get(reverse("archive:teacher", args=[999_999])).status_code == 404
    assert client.get(archive_url(place)).status_code == 404


def test_a_department_with_a_grant_for_the_teacher_reads_and_the_purpose_is_recorded(place, client):
    verified_entry(place)
    given = grant(place, teacher=place.zhang)
    client.force_login(place.department)

    response = client.get(archive_url(place))

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="archive.view")
    assert (event.actor, event.reason, event.extra) == (
        place.department,
        "卫生健康先进个人评选资格核对",
        {"grant": given.pk},
    )


def test_a_department_with_a_grant_for_the_school_reads_its_teachers(place, client):
    verified_entry(place)
    grant(place, schools=[place.school])
    client.force_login(place.department)

    assert client.get(archive_url(place)).status_code == 200


@pytest.mark.parametrize("how", ["expired", "revoked", "other school", "other teacher"])
def test_a_department_whose_grant_does_not_cover_the_read_gets_404(place, client, how):
    verified_entry(place)
    if how == "expired":
        grant(place, teacher=place.zhang, days=-0.001)
    elif how == "revoked":
        given = grant(place, teacher=place.zhang)
        given.revoked_at = timezone.now()
        given.save()
    elif how == "other school":
        grant(place, schools=[place.other_school])
    else:
        grant(place, teacher=place.li_user.teacher)
    client.force_login(place.department)

    assert client.get(archive_url(place)).status_code == 404
    assert reads() == []


def test_an_expired_grant_stops_the_next_read_at_once(place, client):
    verified_entry(place)
    given = grant(place, teacher=place.zhang)
    client.force_login(place.department)
    assert client.get(archive_url(place)).status_code == 200

    given.expires_at = timezone.now()
    given.save()

    assert client.get(archive_url(place)).status_code == 404


def draft_and_submitted(place):
    archive_entry_create(actor=place.zhang_user, section=Section.RESEARCH, title="未提交的课题")
    archive_entry_create(actor=place.zhang_user, section=Section.TRAINING, title="待审核的培训", submit=True)


@pytest.mark.parametrize(
    ("who", "titles"),
    [
        ("zhang_user", ["包头市优秀教师", "待审核的培训", "未提交的课题"]),
        ("admin", ["包头市优秀教师", "待审核的培训"]),
        ("county", ["包头市优秀教师"]),
        ("supervisor", ["包头市优秀教师"]),
        ("department", ["包头市优秀教师"]),
    ],
)
def test_drafts_are_the_teachers_own_and_only_verified_entries_leave_the_school(place, who, titles):
    verified_entry(place)
    draft_and_submitted(place)
    grant(place, teacher=place.zhang)

    visible = scope.visible_to(getattr(place, who), ArchiveEntry)

    assert sorted(visible.values_list("title", flat=True)) == sorted(titles)


def file_url(place):
    return reverse("archive:file", args=[ArchiveFile.objects.get().pk])


@pytest.mark.parametrize("who", [*READERS, "department"])
def test_a_reader_downloads_the_scan_as_an_attachment_and_the_download_is_audited(place, client, who):
    verified_entry(place)
    grant(place, teacher=place.zhang)
    user = getattr(place, who)
    client.force_login(user)

    response = client.get(file_url(place))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    event = AuditEvent.objects.get(action="archive.download")
    assert (event.actor_id, event.object_type, event.object_id, event.extra["name"]) == (
        user.pk,
        "registry.teacher",
        str(place.zhang.pk),
        "优秀教师证书.pdf",
    )


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_download_out_of_reach_is_404_and_not_recorded(place, client, who):
    verified_entry(place)
    client.force_login(getattr(place, who))

    assert client.get(file_url(place)).status_code == 404
    assert reads("archive.download") == []


def test_a_file_of_a_draft_is_not_downloadable_by_the_school(place, client):
    archive_entry_create(
        actor=place.zhang_user,
        section=Section.CERTIFICATE,
        title="草稿",
        file_name="a.pdf",
        file_data=pdf_bytes(),
    )
    client.force_login(place.admin)

    assert client.get(file_url(place)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in_and_no_file_is_served(place, client):
    verified_entry(place)

    response = client.get(file_url(place))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_scans_are_not_under_any_published_directory(place, settings):
    verified_entry(place)
    stored = settings.JIANFU_PRIVATE_MEDIA_ROOT / ArchiveFile.objects.get().storage_name

    assert stored.exists()
    assert settings.MEDIA_ROOT not in stored.parents
