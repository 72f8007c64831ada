"""Writing the e-archive: a teacher's own entries (draft → submitted) and their files; the school's review.

A verified entry is locked: changing it creates a new draft version (files carried over), and when the school
verifies that version the earlier one is marked replaced. Every write and its audit row share one transaction;
a file is stored before the transaction and removed again if the transaction fails.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from jianfu.accounts import scope
from jianfu.accounts.models import Role
from jianfu.archive.models import ArchiveEntry, ArchiveFile, EntryStatus, Section
from jianfu.audit import events
from jianfu.common import uploads

FILE_LABEL = "附件"
UPLOAD_AREA = "archive"
MAX_FILES_PER_ENTRY = 10
TITLE_MAX, ISSUER_MAX, DETAILS_MAX, NOTE_MAX = 120, 120, 2000, 200
CONTENT_FIELDS = ("section", "title", "issuer", "date", "details")


def entry_values(entry: ArchiveEntry) -> dict[str, Any]:
    """What the audit log keeps of an entry (dates as ISO text)."""
    return {
        "section": entry.section,
        "title": entry.title,
        "issuer": entry.issuer,
        "date": entry.date.isoformat() if entry.date else None,
        "details": entry.details,
        "status": entry.status,
        "note": entry.note,
    }


def _clean(*, section: str, title: str, issuer: str, date: dt.date | None, details: str) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title, issuer, details = (title or "").strip(), (issuer or "").strip(), (details or "").strip()
    if section not in Section.values:
        errors["section"] = "请选择类别"
    if not title:
        errors["title"] = "请填写名称"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"名称不能超过{TITLE_MAX}字"
    if len(issuer) > ISSUER_MAX:
        errors["issuer"] = f"颁发或认定单位不能超过{ISSUER_MAX}字"
    if date is not None and date > timezone.localdate():
        errors["date"] = "日期不能晚于今天"
    if len(details) > DETAILS_MAX:
        errors["details"] = f"说明不能超过{DETAILS_MAX}字"
    if errors:
        raise ValidationError(errors)
    return {"section": section, "title": title, "issuer": issuer, "date": date, "details": details}


def _own_teacher(actor):
    if actor.role != Role.TEACHER or not actor.teacher_id:
        raise PermissionDenied("只有教师本人可以填写自己的档案")
    return actor.teacher


def _checked(file_name: str, file_data: bytes | None) -> uploads.CheckedUpload | None:
    if file_data is None:
        return None
    try:
        return uploads.upload_check(data=file_data, name=file_name, field_label=FILE_LABEL)
    except uploads.UploadRejected as exc:
        raise ValidationError({"file": str(exc)}) from None


@contextmanager
def _storing(checked: uploads.CheckedUpload | None) -> Iterator[str | None]:
    if checked is None:
        yield None
        return
    with uploads.upload_stored(upload=checked, area=UPLOAD_AREA) as storage_name:
        yield storage_name


def _own_entry_locked(actor, entry_id: int) -> ArchiveEntry:
    """The actor's own entry, locked; 404 when it is not theirs (or missing)."""
    if actor.role != Role.TEACHER:
        raise Http404
    entry = (
        scope.editable_by(actor, ArchiveEntry)
        .select_for_update(of=("self",))
        .select_related("teacher__school__region")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def _file_create(
    actor, entry: ArchiveEntry, checked: uploads.CheckedUpload, storage_name: str
) -> ArchiveFile:
    if entry.files.count() >= MAX_FILES_PER_ENTRY:
        raise ValidationError({"file": f"{FILE_LABEL}：每个条目最多{MAX_FILES_PER_ENTRY}个附件"})
    archive_file = ArchiveFile.objects.create(
        entry=entry,
        storage_name=storage_name,
        display_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    events.archive_file_added(actor=actor, archive_file=archive_file)
    return archive_file


def _submit(actor, entry: ArchiveEntry) -> None:
    from_status = entry.status
    entry.status = EntryStatus.SUBMITTED
    entry.updated_at = timezone.now()
    entry.save(update_fields=["status", "updated_at"])
    events.archive_entry_submitted(actor=actor, entry=entry, from_status=from_status)


def archive_entry_create(
    *,
    actor,
    section: str,
    title: str,
    issuer: str = "",
    date: dt.date | None = None,
    details: str = "",
    file_name: str = "",
    file_data: bytes | None = None,
    submit: bool = False,
) -> ArchiveEntry:
    """A teacher adds an entry to their own archive, optionally with one file, optionally submitting it."""
    teacher = _own_teacher(actor)
    values = _clean(section=section, title=title, issuer=issuer, date=date, details=details)
    checked = _checked(file_name, file_data)
    with _storing(checked) as storage_name, transaction.atomic():
        entry = ArchiveEntry.objects.create(teacher=teacher, created_by=actor, **values)
        events.archive_entry_created(actor=actor, entry=entry, values=entry_values(entry))
        if checked is not None:
            _file_create(actor, entry, checked, storage_name)
        if submit:
            _submit(actor, entry)
    return entry


def archive_entry_update(
    *, actor, entry_id: int, section: str, title: str, issuer: str = "", date=None, details: str = ""
) -> ArchiveEntry:
    """Change a draft or rejected entry in place; a verified one gets a new draft version (returned)."""
    values = _clean(section=section, title=title, issuer=issuer, date=date, details=details)
    with transaction.atomic():
        entry = _own_entry_locked(actor, entry_id)
        if entry.status == EntryStatus.SUBMITTED:
            raise ValidationError({"status": "条目已提交审核，审核完成前不能修改"})
        if entry.status == EntryStatus.VERIFIED:
            return _new_version(actor, entry, values)
        old = entry_values(entry)
        for name, value in values.items():
            setattr(entry, name, value)
        new = entry_values(entry)
        if new != old:
            entry.updated_at = timezone.now()
            entry.save(update_fields=[*CONTENT_FIELDS, "updated_at"])
            events.archive_entry_changed(actor=actor, entry=entry, old=old, new=new)
    return entry


def _new_version(actor, entry: ArchiveEntry, values: dict[str, Any]) -> ArchiveEntry:
    if entry.replaced_at is not None:
        raise ValidationError({"status": "该条目已被新版本取代，请修改最新版本"})
    if entry.versions.exclude(status=EntryStatus.VERIFIED).exists():
        raise ValidationError({"status": "该条目已有修改中的新版本，请在新版本上修改"})
    if all(getattr(entry, name) == value for name, value in values.items()):
        return entry
    version = ArchiveEntry.objects.create(
        teacher=entry.teacher, created_by=actor, previous=entry, version=entry.version + 1, **values
    )
    ArchiveFile.objects.bulk_create(
        ArchiveFile(
            entry=version,
            storage_name=f.storage_name,
            display_name=f.display_name,
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            uploaded_by=f.uploaded_by,
            uploaded_at=f.uploaded_at,
        )
        for f in entry.files.all()
    )
    events.archive_entry_created(actor=actor, entry=version, values=entry_values(version))
    return version


def archive_entry_submit(*, actor, entry_id: int) -> ArchiveEntry:
    with transaction.atomic():
        entry = _own_entry_locked(actor, entry_id)
        if not entry.is_editable:
            raise ValidationError({"status": "只有草稿或已退回的条目可以提交审核"})
        _submit(actor, entry)
    return entry


def archive_file_add(*, actor, entry_id: int, file_name: str, file_data: bytes) -> ArchiveFile:
    """Attach a file to the actor's own draft or rejected entry; checked by its bytes before anything is kept."""
    checked = _checked(file_name, file_data)
    with _storing(checked) as storage_name, transaction.atomic():
        entry = _own_entry_locked(actor, entry_id)
        if not entry.is_editable:
            raise ValidationError(
                {"file": f"{FILE_LABEL}：只能给草稿或已退回的条目添加附件，已审核的条目请先修改"}
            )
        return _file_create(actor, entry, checked, storage_name)


def archive_file_remove(*, actor, file_id: int) -> None:
    with transaction.atomic():
        archive_file = scope.access_by_id(actor, ArchiveFile, file_id, for_change=True)
        events.archive_file_removed(actor=actor, archive_file=archive_file)
        storage_name = archive_file.storage_name
        archive_file.delete()
        if not ArchiveFile.objects.filter(storage_name=storage_name).exists():
            transaction.on_commit(lambda: uploads.upload_discard(relative=storage_name))


def archive_entry_review(*, actor, entry_id: int, decision: str, note: str = "") -> ArchiveEntry:
    """The school administrator verifies (locks) or rejects (with a note) a submitted entry of its school."""
    if actor.role != Role.SCHOOL_ADMIN:
        raise PermissionDenied("只有学校管理员可以审核档案条目")
    note = (note or "").strip()
    if decision not in ("verify", "reject"):
        raise ValidationError({"decision": "请选择通过或退回"})
    if decision == "reject" and not note:
        raise ValidationError({"note": "退回时请写明理由"})
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"审核意见不能超过{NOTE_MAX}字"})
    with transaction.atomic():
        entry = (
            scope.editable_by(actor, ArchiveEntry)
            .select_for_update(of=("self",))
            .select_related("teacher__school__region")
            .filter(pk=entry_id)
            .first()
        )
        if entry is None:
            raise Http404
        now = timezone.now()
        old = {"status": entry.status, "note": entry.note}
        entry.status = EntryStatus.VERIFIED if decision == "verify" else EntryStatus.REJECTED
        entry.note, entry.verified_by, entry.verified_at, entry.updated_at = note, actor, now, now
        entry.save(update_fields=["status", "note", "verified_by", "verified_at", "updated_at"])
        replaced = None
        if entry.status == EntryStatus.VERIFIED and entry.previous_id:
            replaced = ArchiveEntry.objects.select_for_update().get(pk=entry.previous_id)
            replaced.replaced_at = now
            replaced.save(update_fields=["replaced_at"])
        events.archive_entry_reviewed(
            actor=actor,
            entry=entry,
            old=old,
            new={"status": entry.status, "note": entry.note},
            replaced=replaced,
        )
    return entry
