"""A teacher's entries go draft → submitted → verified (locked) or rejected; a change to a verified entry is a new
version that replaces it only once verified. Every step is audited with its old and new values."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from jianfu.archive.models import ArchiveEntry, ArchiveFile, EntryStatus, Section
from jianfu.archive.services.entries import (
    archive_entry_create,
    archive_entry_review,
    archive_entry_submit,
    archive_entry_update,
    archive_file_add,
    archive_file_remove,
)
from jianfu.audit.models import AuditEvent
from tests.archive.conftest import private_files, verified_entry
from tests.factories import pdf_bytes, png_bytes


def draft(place, **fields):
    values = {
        "section": Section.TEACHING_RESULT,
        "title": "县级优质课一等奖",
        "issuer": "固阳县教育局",
        **fields,
    }
    return archive_entry_create(actor=place.zhang_user, **values)


def snapshot(entry):
    entry.refresh_from_db()
    return (entry.status, entry.title, entry.note, entry.verified_by_id, entry.replaced_at)


def test_a_teacher_saves_a_draft_with_its_audit_row(place):
    entry = draft(place, date=dt.date(2023, 11, 2))

    assert (entry.teacher, entry.status, entry.version, entry.created_by) == (
        place.zhang,
        EntryStatus.DRAFT,
        1,
        place.zhang_user,
    )
    event = AuditEvent.objects.get(action="archiveentry.create")
    assert (event.actor, event.object_id, event.region_code) == (place.zhang_user, str(entry.pk), "150222")
    assert event.changes["title"] == [None, "县级优质课一等奖"]
    assert event.changes["date"] == [None, "2023-11-02"]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"section": "hobby"}, {"section": ["请选择类别"]}),
        ({"title": "  "}, {"title": ["请填写名称"]}),
        ({"title": "奖" * 121}, {"title": ["名称不能超过120字"]}),
        ({"date": dt.date.today() + dt.timedelta(days=1)}, {"date": ["日期不能晚于今天"]}),
    ],
)
def test_an_invalid_entry_is_refused_and_nothing_is_written(place, fields, errors):
    with pytest.raises(ValidationError) as refused:
        draft(place, **fields)

    assert refused.value.message_dict == errors
    assert (
        ArchiveEntry.objects.count(),
        AuditEvent.objects.filter(action__startswith="archive").count(),
    ) == (0, 0)


def test_only_a_teacher_fills_in_an_archive(place):
    with pytest.raises(PermissionDenied):
        archive_entry_create(actor=place.admin, section=Section.HONOUR, title="优秀教师")

    assert ArchiveEntry.objects.count() == 0


def test_a_draft_is_changed_in_place_and_the_change_audited_old_and_new(place):
    entry = draft(place)

    archive_entry_update(
        actor=place.zhang_user, entry_id=entry.pk, section=Section.TEACHING_RESULT, title="市级优质课一等奖"
    )

    assert snapshot(entry)[:2] == (EntryStatus.DRAFT, "市级优质课一等奖")
    event = AuditEvent.objects.get(action="archiveentry.update")
    assert event.changes == {
        "title": ["县级优质课一等奖", "市级优质课一等奖"],
        "issuer": ["固阳县教育局", ""],
    }


def test_another_teacher_cannot_change_the_entry_and_nothing_changes(place):
    entry = draft(place)

    with pytest.raises(Http404):
        archive_entry_update(actor=place.li_user, entry_id=entry.pk, section=Section.HONOUR, title="改了")

    assert snapshot(entry)[:2] == (EntryStatus.DRAFT, "县级优质课一等奖")
    assert not AuditEvent.objects.filter(action="archiveentry.update").exists()


def test_submitting_sends_the_entry_to_the_school_and_locks_it_for_the_teacher(place):
    entry = draft(place)

    archive_entry_submit(actor=place.zhang_user, entry_id=entry.pk)

    assert snapshot(entry)[0] == EntryStatus.SUBMITTED
    assert AuditEvent.objects.get(action="archiveentry.submit").changes == {"status": ["draft", "submitted"]}
    with pytest.raises(ValidationError) as refused:
        archive_entry_update(actor=place.zhang_user, entry_id=entry.pk, section=Section.HONOUR, title="改了")
    assert refused.value.messages == ["条目已提交审核，审核完成前不能修改"]


def test_the_school_verifies_a_submitted_entry_with_its_audit_row(place):
    entry = draft(place, submit=True)

    archive_entry_review(actor=place.admin, entry_id=entry.pk, decision="verify", note="与原件一致")

    status, _, note, verified_by, _ = snapshot(entry)
    assert (status, note, verified_by) == (EntryStatus.VERIFIED, "与原件一致", place.admin.pk)
    event = AuditEvent.objects.get(action="archiveentry.verify")
    assert (event.actor, event.reason) == (place.admin, "与原件一致")
    assert event.changes == {"status": ["submitted", "verified"], "note": ["", "与原件一致"]}


def test_rejecting_needs_a_note_and_without_one_nothing_changes(place):
    entry = draft(place, submit=True)

    with pytest.raises(ValidationError) as refused:
        archive_entry_review(actor=place.admin, entry_id=entry.pk, decision="reject", note=" ")

    assert refused.value.message_dict == {"note": ["退回时请写明理由"]}
    assert snapshot(entry)[0] == EntryStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action="archiveentry.reject").exists()


def test_a_rejected_entry_is_changed_and_submitted_again(place):
    entry = draft(place, submit=True)
    archive_entry_review(actor=place.admin, entry_id=entry.pk, decision="reject", note="请补充获奖证书")

    archive_file_add(
        actor=place.zhang_user, entry_id=entry.pk, file_name="获奖证书.pdf", file_data=pdf_bytes()
    )
    archive_entry_submit(actor=place.zhang_user, entry_id=entry.pk)

    assert snapshot(entry)[0] == EntryStatus.SUBMITTED
    assert AuditEvent.objects.get(action="archiveentry.reject").changes == {
        "status": ["submitted", "rejected"],
        "note": ["", "请补充获奖证书"],
    }
    assert AuditEvent.objects.filter(action="archiveentry.submit").count() == 2


@pytest.mark.parametrize("reviewer", ["zhang_user", "other_admin", "county"])
def test_only_the_teachers_school_reviews_and_a_refusal_changes_nothing(place, reviewer):
    entry = draft(place, submit=True)

    with pytest.raises((PermissionDenied, Http404)):
        archive_entry_review(actor=getattr(place, reviewer), entry_id=entry.pk, decision="verify")

    assert snapshot(entry)[0] == EntryStatus.SUBMITTED
    assert not AuditEvent.objects.filter(action="archiveentry.verify").exists()


def test_a_draft_cannot_be_reviewed_before_it_is_submitted(place):
    entry = draft(place)

    with pytest.raises(Http404):
        archive_entry_review(actor=place.admin, entry_id=entry.pk, decision="verify")

    assert snapshot(entry)[0] == EntryStatus.DRAFT


def test_changing_a_verified_entry_makes_a_new_draft_version_and_leaves_the_original(place):
    entry = verified_entry(place)

    version = archive_entry_update(
        actor=place.zhang_user, entry_id=entry.pk, section=Section.HONOUR, title="内蒙古自治区优秀教师"
    )

    assert version.pk != entry.pk
    assert (version.status, version.version, version.previous_id, version.title) == (
        EntryStatus.DRAFT,
        2,
        entry.pk,
        "内蒙古自治区优秀教师",
    )
    assert snapshot(entry) == (EntryStatus.VERIFIED, "包头市优秀教师", "", place.admin.pk, None)
    assert list(version.files.values_list("display_name", "storage_name")) == list(
        entry.files.values_list("display_name", "storage_name")
    )


def test_a_second_change_while_a_version_is_pending_is_refused(place):
    entry = verified_entry(place)
    archive_entry_update(actor=place.zhang_user, entry_id=entry.pk, section=Section.HONOUR, title="第二版")

    with pytest.raises(ValidationError) as refused:
        archive_entry_update(
            actor=place.zhang_user, entry_id=entry.pk, section=Section.HONOUR, title="第三版"
        )

    assert refused.value.messages == ["该条目已有修改中的新版本，请在新版本上修改"]
    assert ArchiveEntry.objects.count() == 2


def test_a_verified_new_version_replaces_the_original(place):
    entry = verified_entry(place)
    version = archive_entry_update(
        actor=place.zhang_user, entry_id=entry.pk, section=Section.HONOUR, title="内蒙古自治区优秀教师"
    )
    archive_entry_submit(actor=place.zhang_user, entry_id=version.pk)

    archive_entry_review(actor=place.admin, entry_id=version.pk, decision="verify")

    assert snapshot(entry)[4] is not None
    assert snapshot(version)[0] == EntryStatus.VERIFIED
    event = AuditEvent.objects.filter(action="archiveentry.verify").order_by("-id").first()
    assert event.extra["replaced"] == entry.pk


def test_files_of_a_verified_entry_cannot_be_added_or_removed(place, settings):
    entry = verified_entry(place)
    files_before = private_files(settings)

    with pytest.raises(ValidationError) as refused:
        archive_file_add(actor=place.zhang_user, entry_id=entry.pk, file_name="新.png", file_data=png_bytes())
    with pytest.raises(Http404):
        archive_file_remove(actor=place.zhang_user, file_id=entry.files.get().pk)

    assert refused.value.messages == ["附件：只能给草稿或已退回的条目添加附件，已审核的条目请先修改"]
    assert entry.files.count() == 1
    assert private_files(settings) == files_before


def test_removing_a_file_of_a_draft_deletes_the_row_and_the_stored_file(
    place, settings, django_capture_on_commit_callbacks
):
    entry = draft(place, file_name="证书.pdf", file_data=pdf_bytes())

    with django_capture_on_commit_callbacks(execute=True):
        archive_file_remove(actor=place.zhang_user, file_id=entry.files.get().pk)

    assert (ArchiveFile.objects.count(), private_files(settings)) == (0, [])
    assert AuditEvent.objects.get(action="archivefile.delete").extra["name"] == "证书.pdf"


def test_a_file_shared_with_a_verified_version_stays_on_disk_when_the_draft_drops_it(
    place, settings, django_capture_on_commit_callbacks
):
    entry = verified_entry(place)
    version = archive_entry_update(
        actor=place.zhang_user, entry_id=entry.pk, section=Section.HONOUR, title="新"
    )

    with django_capture_on_commit_callbacks(execute=True):
        archive_file_remove(actor=place.zhang_user, file_id=version.files.get().pk)

    assert entry.files.count() == 1
    assert len(private_files(settings)) == 1


def test_a_file_whose_entry_write_fails_is_not_left_on_disk(place, settings):
    entry = draft(place)
    archive_entry_submit(actor=place.zhang_user, entry_id=entry.pk)

    with pytest.raises(ValidationError):
        archive_file_add(
            actor=place.zhang_user, entry_id=entry.pk, file_name="证书.pdf", file_data=pdf_bytes()
        )

    assert (ArchiveFile.objects.count(), private_files(settings)) == (0, [])


def test_a_file_for_someone_elses_entry_is_not_left_on_disk(place, settings):
    entry = draft(place)

    with pytest.raises(Http404):
        archive_file_add(actor=place.li_user, entry_id=entry.pk, file_name="证书.pdf", file_data=pdf_bytes())

    assert (ArchiveFile.objects.count(), private_files(settings)) == (0, [])
